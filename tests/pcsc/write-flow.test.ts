// The write flow end to end through the real PC/SC stack: pcscd + vpcd (Debian vsmartcard-vpcd) + our UICC
// simulator attached by our vpcd client, written by provisionCard over our pcsclite wrapper, then read back by
// our reader (readProvisioning) and by opensc-tool, which sends raw APDUs of its own.
// harness.ts starts pcscd unless PSTUDIO_PCSCD=running says the test command already did.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CardSession } from '../../src/lib/card';
import { PROFILES } from '../../src/lib/card/pkcs15';
import { provisionCard, readProvisioning } from '../../src/lib/card/provisioning';
import { DEFAULT_ATR, type UiccSimulator } from '../../src/lib/card/simulator';
import { toHex } from '../../src/lib/codec/hex';
import type { PcscContext } from '../../src/lib/server/pcsc';
import type { VpcdClient } from '../../src/lib/server/vpcd';
import { ADM1, efData, ffFilled, LIBWBXML_CP, NOWSMS_CP, PIN1, simulator } from '../unit/card-provisioning/fixtures';
import { attachSimulator, openPcsc, run, startPcscd, type PcscdRun } from './harness';

// vpcd slot 1 = TCP 35964 = reader index 1 (card-stack.test.ts keeps its simulator on slot 0).
const READER = 'Virtual PCD 00 01';
const PORT = 35964;
const PROFILE = PROFILES['oma-provsc'];

let pcscd: PcscdRun | undefined;
let pcsc: PcscContext | undefined;
let sim: VpcdClient | undefined;
let card: UiccSimulator;

beforeAll(async () => {
	pcscd = await startPcscd('pstudio-write-');
	card = simulator();
	sim = await attachSimulator(PORT, card);
	pcsc = await openPcsc(READER);
}, 30_000);

afterAll(async () => {
	pcsc?.close();
	await sim?.stop();
	await pcscd?.stop();
}, 30_000);

/** The data bytes of an `opensc-tool -s` answer: its hex dump lines, before the ASCII column. */
function openscData(out: string): string {
	const after = out.slice(out.lastIndexOf('Received (SW1=0x90, SW2=0x00)'));
	return after
		.split('\n')
		.slice(1)
		.map((l) => (l.match(/^((?:[0-9A-F]{2} )+)/)?.[1] ?? '').replace(/ /g, ''))
		.join('');
}

describe('provisionCard through pcscd + vpcd', () => {
	it('writes the NowSMS Bootstrap and the libwbxml Config1, verifies them, and a fresh connection reads them back', async () => {
		const conn = await pcsc!.connect(READER, { exclusive: true });
		let report;
		const started = Date.now();
		try {
			report = await provisionCard(new CardSession(conn), {
				documents: { bootstrap: NOWSMS_CP, config1: LIBWBXML_CP },
				adm: ADM1,
				pin1: PIN1,
				profile: PROFILE
			});
		} finally {
			await conn.disconnect();
		}
		const ms = Date.now() - started;
		expect(report.verified).toBe(true);
		// The ATR comes from PC/SC (SCardStatus), not from the simulator object.
		expect(toHex(report.identity.atr as Uint8Array)).toBe(DEFAULT_ATR);
		expect(report.identity.iccid).toBe('8949000000000000001');
		expect(report.identity.imsi).toBe('001010123456789');
		expect(report.files.map((f) => [f.label, f.bytesWritten, f.verified])).toEqual([
			['Bootstrap', 2048, true],
			['Config1', 1024, true],
			['DODF', 512, true],
			['TokenInfo', 128, true],
			['ODF', 128, true],
			['EF.DIR', 32, true]
		]);
		// Same APDU count as in-process (tests/unit/card-provisioning/provision.test.ts): PC/SC adds no exchanges.
		expect(report.apdus).toBe(85);
		expect(ms).toBeLessThan(30_000);
		expect(toHex(efData(card, 0x7f50, 0x6e01))).toBe(toHex(ffFilled(NOWSMS_CP, 2048)));
		expect(toHex(efData(card, 0x7f50, 0x6e02))).toBe(toHex(ffFilled(LIBWBXML_CP, 1024)));

		const again = await pcsc!.connect(READER, { exclusive: true });
		try {
			const { discovery } = await readProvisioning(new CardSession(again), PROFILE);
			expect(discovery.documents.map((d) => [d.label, toHex(d.bytes)])).toEqual([
				['Bootstrap', toHex(ffFilled(NOWSMS_CP, 2048))],
				['Config1', toHex(ffFilled(LIBWBXML_CP, 1024))]
			]);
		} finally {
			await again.disconnect();
		}
	});

	it('opensc-tool reads the same Bootstrap bytes with its own SELECT and READ BINARY', async () => {
		// 76 = 118 bytes: exactly the NowSMS document.
		const { stdout } = await run('opensc-tool', ['-r', '1', '-c', 'default', '-s', '00A4080C047F506E01', '-s', '00B0000076'], { timeout: 20_000 });
		expect(openscData(stdout)).toBe(toHex(NOWSMS_CP));
		const { stdout: c1 } = await run('opensc-tool', ['-r', '1', '-c', 'default', '-s', '00A4080C047F506E02', '-s', '00B0000084'], { timeout: 20_000 });
		expect(openscData(c1)).toBe(toHex(LIBWBXML_CP));
	});
});
