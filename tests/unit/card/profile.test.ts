import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CardError } from '../../../src/lib/card';
import { defaultProfile, loadProfile, parseProfileText } from '../../../src/lib/card/simulator';

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
	it('the shipped fixture equals the default profile in code', () => {
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
