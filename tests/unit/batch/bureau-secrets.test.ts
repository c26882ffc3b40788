// Secrets in the bureau package (issue 10 §3): the ADM1 key and the PINs are in no entry unless keys in the script
// were asked for, and then the ADM1 key is only in the VERIFY line of that card's script. Every entry is searched
// for each secret in every form it could take: raw bytes, hex with and without spaces, the digits as text.
import { describe, expect, it } from 'vitest';
import { bureauPackage } from '../../../src/lib/batch/packages/bureau';
import { RowRejected, type ExportedRow, type PackageEntry } from '../../../src/lib/batch/packages/kind';
import type { OrderHeader } from '../../../src/lib/batch/orders';
import { PROV } from '../../../src/lib/codec/wbxml/index';
import { fromHex, toHex } from '../../../src/lib/codec/hex';
import { Secret } from '../../../src/lib/security';
import { LIBWBXML_CP } from '../card-provisioning/fixtures';

const ICCID = '8949440000001234564';
// Distinct values, none of which occurs by chance in the documents or the DER around them (checked below).
const ADM = new Secret('ADM1', new TextEncoder().encode('97531864'));
const PIN1 = new Secret('PIN1', new TextEncoder().encode('4826'));
const PUK1 = new Secret('PUK1', new TextEncoder().encode('73915286'));
const ADM_HEX = new Secret('PIN_ADM_HEX', fromHex('A1B2C3D4E5F60718'));

function row(values: Record<string, string | Secret>): ExportedRow {
	return {
		row: 1,
		line: 2,
		iccid: ICCID,
		documents: [{ wbxml: LIBWBXML_CP, language: PROV, xml: () => '' }],
		secrets: Object.entries(values)
			.filter((e): e is [string, Secret] => e[1] instanceof Secret)
			.map(([column, value]) => ({ column, value })),
		findings: [],
		value: (column) => values[column.toUpperCase()]
	};
}

/** Every form a secret could leak in: its bytes, their hex (plain, spaced, lower case), its text. */
function forms(secret: Secret): Uint8Array[] {
	const bytes = secret.reveal();
	const hex = toHex(bytes);
	const enc = (s: string) => new TextEncoder().encode(s);
	return [bytes, enc(hex), enc(toHex(bytes, ' ')), enc(hex.toLowerCase()), enc(new TextDecoder('latin1').decode(bytes))];
}

function contains(hay: Uint8Array, needle: Uint8Array): boolean {
	outer: for (let i = 0; i + needle.length <= hay.length; i++) {
		for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
		return true;
	}
	return false;
}

function rejected(fn: () => unknown): RowRejected {
	try {
		fn();
	} catch (e) {
		if (e instanceof RowRejected) return e;
		throw e;
	}
	throw new Error('expected RowRejected');
}

function data(e: PackageEntry): Uint8Array {
	if (!(e.data instanceof Uint8Array)) throw new Error(`stream entry ${e.path}`);
	return e.data;
}

function leaks(entries: PackageEntry[], secret: Secret): string[] {
	const out: string[] = [];
	for (const e of entries) for (const f of forms(secret)) if (contains(data(e), f) || e.path.includes(new TextDecoder('latin1').decode(f))) out.push(e.path);
	return [...new Set(out)];
}

describe('bureau package secrets', () => {
	it('by default: no entry holds the ADM1 key, PIN1 or PUK1 in any form, and the package holds no secret', async () => {
		const kind = bureauPackage();
		expect(kind.holdsSecrets).toBe(false);
		const entries = await kind.entriesFor(row({ ADM1: ADM, PIN1, PUK1 }));
		expect(entries).toHaveLength(6);
		for (const s of [ADM, PIN1, PUK1]) expect(leaks(entries, s), s.label).toEqual([]);
		expect(new TextDecoder().decode(data(entries[5]))).toContain('\n00 20 00 0A 08 ?? ?? ?? ?? ?? ?? ?? ??\n');
	});

	it('keys asked for: the ADM1 key is in write.scriptor only, once, as the VERIFY data; PINs still nowhere', async () => {
		const kind = bureauPackage({ keysInScript: true });
		expect(kind.holdsSecrets).toBe(true);
		const entries = await kind.entriesFor(row({ ADM1: ADM, PIN1, PUK1 }));
		expect(leaks(entries, ADM)).toEqual([`${ICCID}/write.scriptor`]);
		for (const s of [PIN1, PUK1]) expect(leaks(entries, s), s.label).toEqual([]);
		const script = new TextDecoder().decode(data(entries[5]));
		// "97531864" as ASCII: 39 37 35 33 31 38 36 34, the 8 bytes of the VERIFY field (TS 102 221 §9.5.1).
		const lines = script.split('\n').filter((l) => l.includes('39 37 35 33 31 38 36 34'));
		expect(lines).toEqual(['00 20 00 0A 08 39 37 35 33 31 38 36 34']);
		expect(script).not.toContain('??');
	});

	it('keys asked for with pySim pin_adm_hex: the 8 key bytes as given', async () => {
		const entries = await bureauPackage({ keysInScript: true }).entriesFor(row({ PIN_ADM_HEX: ADM_HEX }));
		expect(new TextDecoder().decode(data(entries[5]))).toContain('\n00 20 00 0A 08 A1 B2 C3 D4 E5 F6 07 18\n');
	});

	it('keys asked for but the row has no ADM1: the row is set aside naming the columns looked at', () => {
		const e = rejected(() => bureauPackage({ keysInScript: true }).entriesFor(row({ PIN1 })));
		expect([e.code, e.column, e.reason]).toEqual(['value-empty', 'ADM1', 'keys in the script were asked for, but the row has no ADM1 / ADM / PIN_ADM / PIN_ADM_HEX value']);
	});

	it('an ADM column read as text sets the row aside without echoing the value', () => {
		const e = rejected(() => bureauPackage({ keysInScript: true, admColumn: 'CODE_ADM' }).entriesFor(row({ CODE_ADM: '12345678' })));
		expect([e.code, e.column, e.reason]).toEqual(['bad-value', 'CODE_ADM', 'column CODE_ADM is not read as a key (it holds text), so it cannot go in the script']);
	});

	it('keys asked for and the order has no ADM column at all: refused once, before any row', () => {
		const header = { byKey: new Map([['ICCID', {}], ['PIN1', {}]]) } as unknown as OrderHeader;
		expect(() => bureauPackage({ keysInScript: true }).check?.(header)).toThrow(
			'keys in the script need an ADM1 key column (ADM1, ADM, PIN_ADM, PIN_ADM_HEX); the order has none'
		);
		const withAdm = { byKey: new Map([['PIN_ADM', {}]]) } as unknown as OrderHeader;
		expect(() => bureauPackage({ keysInScript: true }).check?.(withAdm)).not.toThrow();
		expect(() => bureauPackage().check?.(header)).not.toThrow();
	});
});
