// The bureau files against the card writer itself: `provisionCard` (the flow behind `pstudio card write`) writes one
// simulated UICC, the bureau script is run on a second, identical one by a reader of scriptor's grammar written here
// from /usr/bin/scriptor (pcsc-tools 1.6.2), and the two cards must end with the same bytes in every file. The
// package entries must be those bytes too. The card test (tests/pcsc/bureau-script.test.ts) runs the real scriptor.
import { describe, expect, it } from 'vitest';
import { bureauEntries, type BureauCard } from '../../../src/lib/batch/packages/bureau';
import type { PackageEntry } from '../../../src/lib/batch/packages/kind';
import { PROFILES } from '../../../src/lib/card/pkcs15';
import { provisionCard } from '../../../src/lib/card/provisioning';
import type { UiccSimulator } from '../../../src/lib/card/simulator';
import { fromHex, toHex } from '../../../src/lib/codec/hex';
import { ADM1, efData, LIBWBXML_CP, NOWSMS_CP, sessionOn, simulator } from '../card-provisioning/fixtures';

const ICCID = '8949440000001234564';
/** EF.ICCID of that ICCID by hand (TS 102 221 §13.2): 89 49 44 00 00 00 12 34 56 4F with the nibbles swapped. */
const EF_ICCID = '989444000000214365F4';
/** The simulator's EF sizes and EF.DIR record length (default-profile.ts). */
const SIM_SIZES = { bootstrap: 2048, config1: 1024, config2: 1024, dodf: 512, tokenInfo: 128, odf: 128, dirRecord: 32 };
const PKCS15_FILES = [0x6e01, 0x6e02, 0x6e03, 0x6e00, 0x5032, 0x5031];

function card(): UiccSimulator {
	return simulator((p) => {
		const ef = p.mf.children?.find((c) => c.fid === '2FE2');
		if (!ef || ef.type === 'df') throw new Error('no EF.ICCID');
		ef.contents = EF_ICCID;
	});
}

/**
 * Sends a script as scriptor does: a line containing "exit" ends it, blank and `#` lines are skipped, `reset` resets
 * the card, a trailing `\` continues the APDU on the next line, tokens are split on single spaces and must be two hex
 * digits each (else scriptor dies with "wrong value"). Returns the status words.
 */
function runScript(text: string, sim: UiccSimulator): string[] {
	const sws: string[] = [];
	let cmd = '';
	for (const line of text.split('\n')) {
		if (/exit/i.test(line)) break;
		if (/^\s*$/.test(line) || line.startsWith('#')) continue;
		if (/reset/i.test(line)) {
			sim.reset();
			continue;
		}
		if (line.endsWith('\\')) {
			cmd += line.slice(0, -1).replace(/ *$/, ' ');
			continue;
		}
		cmd += line;
		const tokens = cmd.split(' ').filter((t, i, all) => !(t === '' && i === all.length - 1));
		for (const t of tokens) if (!/^[0-9a-f]{2}$/i.test(t)) throw new Error(`ascii_to_array: wrong value (${t})`);
		const response = sim.transmit(fromHex(tokens.join('')));
		sws.push(toHex(response.subarray(-2)));
		cmd = '';
	}
	return sws;
}

function entryBytes(entries: PackageEntry[], name: string): Uint8Array {
	const e = entries.find((x) => x.path === `${ICCID}/${name}`);
	if (!(e?.data instanceof Uint8Array)) throw new Error(`no ${name}`);
	return e.data;
}

describe('bureau script and files equal what the card writer writes (smartcard-provisioning.md §5)', () => {
	const cases: [string, BureauCard['documents'], boolean][] = [
		['Bootstrap only', { bootstrap: LIBWBXML_CP }, false],
		['Bootstrap and Config1, OpenSC mirror', { bootstrap: NOWSMS_CP, config1: LIBWBXML_CP }, true]
	];
	for (const [name, documents, openscMirror] of cases) {
		it(`${name}: every PKCS#15 file and EF.DIR byte for byte`, async () => {
			const written = card();
			const report = await provisionCard(sessionOn(written).session, {
				documents,
				adm: ADM1,
				profile: PROFILES['oma-provsc'],
				openscMirror
			});
			expect(report.verified).toBe(true);

			const scripted = card();
			const entries = bureauEntries({ iccid: ICCID, documents }, { fileSizes: SIM_SIZES, openscMirror });
			const script = new TextDecoder().decode(entryBytes(entries, 'write.scriptor'));
			const placeholder = '00 20 00 0A 08 ?? ?? ?? ?? ?? ?? ?? ??';
			expect(() => runScript(script, card())).toThrow('ascii_to_array: wrong value (??)');
			const sws = runScript(script.replace(placeholder, '00 20 00 0A 08 38 38 38 38 38 38 38 38'), scripted);
			// 63CA: 10 ADM1 tries left (default profile); every other command 9000.
			expect(sws[0]).toBe('63CA');
			expect(sws.slice(1).every((sw) => sw === '9000')).toBe(true);

			for (const fid of PKCS15_FILES) {
				expect(toHex(efData(scripted, 0x7f50, fid)), fid.toString(16)).toBe(toHex(efData(written, 0x7f50, fid)));
			}
			expect(toHex(efData(scripted, 0x2f00))).toBe(toHex(efData(written, 0x2f00)));

			expect(entryBytes(entries, 'EF.Bootstrap.bin')).toEqual(efData(written, 0x7f50, 0x6e01));
			expect(entryBytes(entries, 'EF.DODF.bin')).toEqual(efData(written, 0x7f50, 0x6e00));
			expect(entryBytes(entries, 'EF.TokenInfo.bin')).toEqual(efData(written, 0x7f50, 0x5032));
			expect(entryBytes(entries, 'EF.ODF.bin')).toEqual(efData(written, 0x7f50, 0x5031));
			// The writer chose record 2 (the one already naming the PKCS#15 AID); the package's default is 2.
			expect(entryBytes(entries, 'EF.DIR.bin')).toEqual(efData(written, 0x2f00).subarray(32, 64));
			if (documents.config1) expect(entryBytes(entries, 'EF.Config1.bin')).toEqual(efData(written, 0x7f50, 0x6e02));
		});
	}
});
