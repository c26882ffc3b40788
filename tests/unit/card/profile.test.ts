import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CardError } from '../../../src/lib/card';
import { fromHex, toHex } from '../../../src/lib/codec/hex';
import { defaultProfile, loadProfile, parseProfileText, UiccSimulator } from '../../../src/lib/card/simulator';

const fixture = join(import.meta.dirname, '..', '..', 'fixtures', 'card', 'default-profile.json');

function errorOf(f: () => unknown): CardError {
	try {
		f();
	} catch (e) {
		if (e instanceof CardError) return e;
		throw e;
	}
	throw new Error('no error');
}

/** The default profile with one change made by `edit`. */
function withEdit(edit: (p: ReturnType<typeof defaultProfile> & Record<string, unknown>) => void): unknown {
	const p = JSON.parse(JSON.stringify(defaultProfile()));
	edit(p);
	return p;
}

describe('simulator profile loading', () => {
	// The values are checked through the card's own APDUs against the specs' bytes (typed in from the spec files),
	// not against our own code; the fixture and the code are then the same profile twice.
	it('the shipped fixture, run in the simulator, holds the specs\' EF.IMSI, EF.DIR record, keys and FIDs', () => {
		const card = new UiccSimulator(parseProfileText(readFileSync(fixture, 'utf8')));
		const apdu = (hex: string) => toHex(card.transmit(fromHex(hex)));
		// VERIFY PIN1 "0000" (ASCII, FF-padded to 8 bytes: TS 102 221 §9.5.1), the profile's test PIN.
		expect(apdu('0020000108 30303030FFFFFFFF')).toBe('9000');
		// SELECT 3F00/7F20/6F07 by path from MF (P1 08, no FCP: P2 0C), READ BINARY 9 bytes.
		expect(apdu('00A4080C04 7F206F07')).toBe('9000');
		// apdu.md §9, first worked example: IMSI 001010123456789 → 08 09 10 10 10 32 54 76 98.
		expect(apdu('00B0000009')).toBe('0809101010325476989000');
		// smartcard-provisioning.md §4: the PKCS#15 EF.DIR record (label WAP, path 3F00 7F50), FF-padded to 32.
		expect(apdu('00A4080C02 2F00')).toBe('9000');
		expect(apdu('00B2020420')).toBe(`61194F0CA000000063504B43532D3135500357415051043F007F50${'FF'.repeat(5)}9000`);
		// ADM1 "88888888" in ASCII (the README's TEST key) is accepted; the ODF 5031 and DODF 6E00 sit in DF 7F50.
		expect(apdu('0020000A08 3838383838383838')).toBe('9000');
		expect(apdu('00A4080C04 7F505031')).toBe('9000');
		expect(apdu('00A4080C04 7F506E00')).toBe('9000');
	});
	it('the shipped fixture is the profile the simulator starts with (pstudio sim without --profile)', () => {
		expect(JSON.parse(readFileSync(fixture, 'utf8'))).toEqual(defaultProfile());
	});
	it('loads the fixture: DF PKCS#15 7F50 with ODF 5031 and TokenInfo 5032 empty (FF)', () => {
		const state = parseProfileText(readFileSync(fixture, 'utf8'));
		const df = state.mf.children.find((c) => c.fid === 0x7f50);
		expect(df?.kind).toBe('df');
		const odf = df?.kind === 'df' ? df.children.find((c) => c.fid === 0x5031) : undefined;
		expect(odf?.kind === 'transparent' && odf.data.every((b) => b === 0xff)).toBe(true);
	});
	it.each([
		['a bad format tag', (p: Record<string, unknown>) => (p.format = 'x'), 'format', 'profile field format: expected "pstudio-sim-profile/1", found "x"'],
		[
			'a 3-byte FID',
			(p: Record<string, unknown>) => (((p.mf as { children: { fid: string }[] }).children[0].fid = '2FE200')),
			'mf.children[0].fid',
			'profile field mf.children[0].fid: expected a 2-byte file ID, found 3 bytes'
		],
		[
			'contents longer than the file',
			(p: Record<string, unknown>) => (((p.mf as { children: { contents: string }[] }).children[0].contents = '00'.repeat(11))),
			'mf.children[0].contents',
			'profile field mf.children[0].contents: 11 bytes do not fit a file of 10'
		],
		[
			'an unknown access condition',
			(p: Record<string, unknown>) => (((p.mf as { children: { read: string }[] }).children[0].read = 'PIN9')),
			'mf.children[0].read',
			'profile field mf.children[0].read: expected one of ALW, PIN1, ADM1, NEV, found "PIN9"'
		],
		[
			'a 4-byte ADM value',
			(p: Record<string, unknown>) => (((p.keys as { ADM1: { value: string } }).ADM1.value = '38383838')),
			'keys.ADM1.value',
			'profile field keys.ADM1.value: expected 8 bytes (FF-padded as VERIFY sends it), found 4'
		],
		[
			'non-hex contents',
			(p: Record<string, unknown>) => (((p.mf as { children: { contents: string }[] }).children[0].contents = 'ZZ')),
			'mf.children[0].contents',
			'profile field mf.children[0].contents: hex: character "Z" at index 0 is not a hex digit'
		],
		[
			'a transparent EF without size',
			(p: Record<string, unknown>) => delete (p.mf as { children: { size?: number }[] }).children[0].size,
			'mf.children[0].size',
			'profile field mf.children[0].size: expected an integer 1..32768, found undefined'
		],
		[
			'duplicate FIDs in one DF',
			(p: Record<string, unknown>) => (((p.mf as { children: { fid: string }[] }).children[1].fid = '2FE2')),
			'mf.children[1].fid',
			'profile field mf.children[1].fid: duplicate file ID 2FE2 in the same DF'
		],
		[
			'remaining above retries',
			(p: Record<string, unknown>) => (((p.keys as { PIN1: { remaining: number } }).PIN1.remaining = 4)),
			'keys.PIN1.remaining',
			'profile field keys.PIN1.remaining: expected an integer 0..3, found 4'
		]
	])('names the field for %s', (_, edit, field, message) => {
		const e = errorOf(() => loadProfile(withEdit(edit)));
		expect(e.code).toBe('PROFILE_INVALID');
		expect(e.field).toBe(field);
		expect(e.message).toBe(message);
	});
	it('reports JSON syntax errors as PROFILE_INVALID', () => {
		const e = errorOf(() => parseProfileText('{"format": '));
		expect(e.code).toBe('PROFILE_INVALID');
		expect(e.field).toBe('(json)');
	});
});
