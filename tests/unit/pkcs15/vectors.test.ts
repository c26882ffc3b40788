import { describe, expect, test } from 'vitest';
import { fromHex, toHex } from '../../../src/lib/codec/hex';
import {
	buildDirRecord,
	encodeDodf,
	encodeOdf,
	encodeOidDataObject,
	encodeOpaqueDataObject,
	encodeTokenInfo,
	parseDirRecord,
	parseDodf,
	parseOdf,
	parseTokenInfo,
	PROFILES,
	Pkcs15Error
} from '../../../src/lib/card/pkcs15';

const AID = PROFILES['oma-provsc'].aid.value;

function err(fn: () => unknown): Pkcs15Error {
	try {
		fn();
	} catch (e) {
		if (e instanceof Pkcs15Error) return e;
		throw e;
	}
	throw new Error('expected a Pkcs15Error');
}

describe('EF(ODF), PKCS#15 v1.1 §6.2', () => {
	// dataObjects is [7] over PathOrObjects, a CHOICE, hence EXPLICIT: A7 (context, constructed, 7).
	// Path = 30 { 04 02 6E 00 } is 6 bytes, so A7 06 30 04 04 02 6E 00.
	const ODF = fromHex('A7 06 30 04 04 02 6E 00');

	test('encodes one dataObjects entry pointing at DODF 6E00 as A7 06 30 04 04 02 6E 00', () => {
		expect(toHex(encodeOdf([{ kind: 'dataObjects', path: { path: fromHex('6E00') } }]))).toBe(toHex(ODF));
	});

	test('decodes it back and tolerates FF and 00 padding after the last entry', () => {
		const padded = fromHex('A706300404026E00 A506300404024401 00 00 FF FF FF');
		const entries = parseOdf(padded);
		expect(entries.map((e) => [e.kind, e.tag, e.offset, e.path && toHex(e.path.path)])).toEqual([
			['dataObjects', 0xa7, 0, '6E00'],
			['trustedCertificates', 0xa5, 8, '4401']
		]);
	});

	test('lists an entry holding direct objects ([0] instead of a Path) without a path', () => {
		// A0 { A0 00 }: privateKeys with PathOrObjects.objects = empty SEQUENCE OF.
		expect(parseOdf(fromHex('A002A000'))).toEqual([{ kind: 'privateKeys', tag: 0xa0, offset: 0 }]);
	});

	test('reports the offset of an entry whose length runs past the end', () => {
		const e = err(() => parseOdf(fromHex('A706300404026E00 A708300404')));
		expect(e.code).toBe('truncated');
		expect(e.offset).toBe(8);
		expect(e.message).toBe('ODF offset 0x8: tag 0xA7 announces 8 value bytes but only 3 remain');
	});

	test('refuses an indefinite length with its offset', () => {
		const e = err(() => parseOdf(fromHex('A780300404026E000000')));
		expect([e.code, e.offset]).toEqual(['indefinite-length', 1]);
	});

	test('refuses a Path of odd length', () => {
		const e = err(() => parseOdf(fromHex('A70530030401 6E')));
		expect([e.code, e.offset]).toEqual(['bad-path', 2]);
	});
});

describe('Path, PKCS#15 v1.1 §6.1.5', () => {
	test('encodes index and length, length with the IMPLICIT [0] tag 80', () => {
		// 04 02 6E 01 (path) + 02 01 00 (index 0) + 80 02 01 2C (length 300 = 0x012C) = 11 bytes → 30 0B.
		const bytes = encodeOdf([{ kind: 'dataObjects', path: { path: fromHex('6E01'), index: 0, length: 300 } }]);
		expect(toHex(bytes)).toBe('A70D300B04026E01020100' + '8002012C');
		expect(parseOdf(bytes)[0].path).toEqual({ path: fromHex('6E01'), index: 0, length: 300 });
	});

	test('refuses index without length', () => {
		const e = err(() => parseOdf(fromHex('A709300704026E01020100')));
		expect(e.code).toBe('bad-path');
		expect(e.message).toContain('both present or both absent');
	});
});

describe('EF(TokenInfo), PKCS#15 v1.1 §6.9', () => {
	// Spec §4 companion example, checked there with openssl asn1parse:
	// 30 23 { 02 01 00 (v1) | 04 0A 89 49 00 00 00 00 00 00 00 1F (serial) | 0C 04 "ACME" | 80 08 "WAP Prov" (label,
	// IMPLICIT [0]) | 03 02 07 80 (tokenflags: bit 0 readonly → 1000 0000 with 7 unused bits) }.
	const TOKEN_INFO = '3023020100040A8949000000000000001F0C0441434D4580085741502050726F7603020780';
	const model = {
		version: 0,
		serialNumber: fromHex('8949000000000000001F'),
		manufacturerID: 'ACME',
		label: 'WAP Prov',
		flags: ['readonly' as const]
	};

	test('encodes the spec example byte for byte', () => {
		expect(toHex(encodeTokenInfo(model))).toBe(TOKEN_INFO);
	});

	test('decodes the spec example with FF fill after it', () => {
		expect(parseTokenInfo(fromHex(TOKEN_INFO + 'FFFFFFFF'))).toEqual(model);
	});

	test('encodes no token flags as the empty BIT STRING 03 01 00', () => {
		// 02 01 00 | 04 01 00 | 03 01 00 = 9 bytes.
		expect(toHex(encodeTokenInfo({ version: 0, serialNumber: fromHex('00'), flags: [] }))).toBe('3009020100040100030100');
	});

	test('refuses a file that does not start with a SEQUENCE', () => {
		const e = err(() => parseTokenInfo(fromHex('A0 00')));
		expect([e.code, e.offset, e.message]).toEqual(['unexpected-tag', 0, 'TokenInfo offset 0x0: expected SEQUENCE (30), found 0xA0']);
	});

	test('refuses a SEQUENCE without tokenflags', () => {
		expect(err(() => parseTokenInfo(fromHex('3006020100040100'))).code).toBe('schema');
	});
});

describe('EF(DODF) oidDO entries, PKCS#15 v1.1 §6.7.4', () => {
	// Entry 1 is the spec §4 vector (label "Bootstrap", modifiable, OID 2.23.43.7.1, path 6E01), 37 bytes.
	const BOOTSTRAP = 'A123300F0C09426F6F747374726170030206403000A10E300C0604672B0701300404026E01';
	// Entry 2 worked out by hand the same way:
	//   30 0D { 0C 07 "Config1" (43 6F 6E 66 69 67 31) | 03 02 06 40 (bit 1 modifiable, 6 unused bits) }  15 bytes
	//   30 00 (CommonDataObjectAttributes, empty)                                                          2 bytes
	//   A1 0E { 30 0C { 06 04 67 2B 07 02 (2.23.43.7.2: 2*40+23 = 0x67, 43 = 0x2B) | 30 04 04 02 6E 02 } }  16 bytes
	//   → A1 21 (33 bytes of content)
	const CONFIG1 = 'A121300D0C07436F6E6669673103020640' + '3000' + 'A10E300C0604672B0702300404026E02';

	test('encodes two oidDO entries byte for byte', () => {
		const dodf = encodeDodf([
			encodeOidDataObject({ label: 'Bootstrap', flags: ['modifiable'], path: { path: fromHex('6E01') } }, '2.23.43.7.1'),
			encodeOidDataObject({ label: 'Config1', flags: ['modifiable'], path: { path: fromHex('6E02') } }, '2.23.43.7.2')
		]);
		expect(toHex(dodf)).toBe(BOOTSTRAP + CONFIG1);
	});

	test('decodes both entries with their offsets, stopping at FF padding', () => {
		const entries = parseDodf(fromHex(BOOTSTRAP + CONFIG1 + 'FF'.repeat(20)));
		expect(entries).toEqual([
			{ type: 'oidDO', offset: 0, label: 'Bootstrap', flags: ['modifiable'], oid: '2.23.43.7.1', path: { path: fromHex('6E01') } },
			{ type: 'oidDO', offset: 37, label: 'Config1', flags: ['modifiable'], oid: '2.23.43.7.2', path: { path: fromHex('6E02') } }
		]);
	});

	test('encodes the OpenSC-readable opaqueDO form with applicationName and applicationOID', () => {
		// 30 0F { label "Bootstrap", flags modifiable }                         17 bytes
		// 30 0B { 0C 03 "WAP" (57 41 50) | 06 04 67 2B 07 01 }                   13 bytes
		// A1 06 { 30 04 04 02 6E 01 } (typeAttributes [1] EXPLICIT over Path)     8 bytes
		// → 30 26 (38 bytes of content)
		const expected = '3026' + '300F0C09426F6F74737472617003020640' + '300B0C035741500604672B0701' + 'A106300404026E01';
		const bytes = encodeOpaqueDataObject({
			label: 'Bootstrap',
			flags: ['modifiable'],
			applicationName: 'WAP',
			applicationOID: '2.23.43.7.1',
			path: { path: fromHex('6E01') }
		});
		expect(toHex(bytes)).toBe(expected);
		expect(parseDodf(bytes)).toEqual([
			{
				type: 'opaqueDO',
				offset: 0,
				label: 'Bootstrap',
				flags: ['modifiable'],
				applicationName: 'WAP',
				applicationOID: '2.23.43.7.1',
				path: { path: fromHex('6E01') }
			}
		]);
	});

	test('lists an externalIDO [0] entry as other and keeps going', () => {
		const entries = parseDodf(fromHex('A0023000' + BOOTSTRAP));
		expect(entries[0]).toEqual({ type: 'other', tag: 0xa0, offset: 0 });
		expect(entries[1]).toMatchObject({ type: 'oidDO', offset: 4, oid: '2.23.43.7.1' });
	});

	test('reports a nested length error at the inner offset', () => {
		// Same as BOOTSTRAP but the label claims 10 bytes (0C 0A at offset 4, value 6..15) inside the attribute
		// SEQUENCE whose value is 4..18: the label swallows the 03 of the flags, so the next TLV starts at 16 with
		// 02 06 (INTEGER, 6 bytes) while only byte 18 (40) is left in the SEQUENCE.
		const broken = BOOTSTRAP.replace('0C09', '0C0A');
		const e = err(() => parseDodf(fromHex(broken)));
		expect([e.code, e.offset]).toEqual(['truncated', 16]);
		expect(e.message).toBe('DODF offset 0x10: tag 0x02 announces 6 value bytes but only 1 remain');
	});

	test('reads an OID arc beyond 2^53 as its exact decimal value', () => {
		// BOOTSTRAP with the OID 06 04 67 2B 07 01 replaced by 06 0C 67 2B | 8F FF FF FF FF FF FF FF FF 7F (8 bytes
		// longer, so A1 23 → A1 2B, A1 0E → A1 16, 30 0C → 30 14). The last arc is 10 base-128 digits: 0F then nine 7F,
		// i.e. 4 + 9 × 7 = 67 one bits = 2^67 − 1 = 147573952589676412927 (X.690 §8.19.2).
		const huge = 'A12B300F0C09426F6F747374726170030206403000A116301406' + '0C672B8FFFFFFFFFFFFFFFFF7F' + '300404026E01';
		expect(parseDodf(fromHex(huge))[0]).toMatchObject({ type: 'oidDO', oid: '2.23.43.147573952589676412927' });
	});

	test('refuses a subidentifier longer than 20 bytes without spending time on its decimal digits', () => {
		// 06 17 67 2B | 81, nineteen FF, 7F: the third arc is 21 base-128 digits (147 bits), past the 20 bytes (140 bits)
		// that hold any arc in use (128-bit UUIDs under 2.25 take 19). 19 bytes longer than 06 04 67 2B 07 01:
		// A1 23 → A1 36, A1 0E → A1 21, 30 0C → 30 1F. The 21st byte of the arc is content byte 22.
		const long = 'A136300F0C09426F6F747374726170030206403000A121301F06' + '17672B81' + 'FF'.repeat(19) + '7F' + '300404026E01';
		const e = err(() => parseDodf(fromHex(long)));
		expect(e.code).toBe('schema');
		expect(e.message).toContain('OBJECT IDENTIFIER byte 22: subidentifier longer than 20 bytes');
	});

	test('refuses an OID padded with a leading 80 subidentifier byte instead of reading it as the wanted OID', () => {
		// X.690 §8.19.2: a subidentifier is encoded in the fewest octets, so its first octet is never 80.
		// 06 05 67 2B 80 07 01 would otherwise read as 2.23.43.7.1, the Bootstrap OID (one byte longer: A1 24, A1 0F, 30 0D).
		const padded = 'A124300F0C09426F6F747374726170030206403000A10F300D' + '0605672B800701' + '300404026E01';
		const e = err(() => parseDodf(fromHex(padded)));
		expect([e.code, e.offset]).toEqual(['schema', 0]);
		expect(e.message).toContain('subidentifier starts with 80');
	});

	test('refuses an empty OID (06 00)', () => {
		// X.690 §8.19: an OBJECT IDENTIFIER has at least one subidentifier (4 bytes shorter: A1 1F, A1 0A, 30 08).
		const empty = 'A11F300F0C09426F6F747374726170030206403000A10A3008' + '0600' + '300404026E01';
		expect(err(() => parseDodf(fromHex(empty))).code).toBe('schema');
	});

	test('refuses an oidDO without typeAttributes', () => {
		const e = err(() => parseDodf(fromHex('A1063000' + '3000' + '3000')));
		expect([e.code, e.offset]).toEqual(['schema', 0]);
	});
});

describe('EF(DIR) record, ISO 7816-4 §8.2.1.1 / PKCS#15 §5.4', () => {
	// Spec §4: 61 19 { 4F 0C <AID> | 50 03 "WAP" | 51 04 3F 00 7F 50 }, FF-padded to the record length.
	const TEMPLATE = '61194F0CA000000063504B43532D3135500357415051043F007F50';

	test('builds the spec example padded with FF to 32 bytes', () => {
		const record = buildDirRecord({ aid: AID, label: 'WAP', path: fromHex('3F007F50') }, 32);
		expect(toHex(record)).toBe(TEMPLATE + 'FF'.repeat(5));
	});

	test('refuses a record length shorter than the template, naming both sizes', () => {
		const e = err(() => buildDirRecord({ aid: AID, label: 'WAP', path: fromHex('3F007F50') }, 20));
		expect(e.message).toBe('EF.DIR: EF.DIR record is 27 bytes; EF 2F00 records hold 20');
	});

	test('parses a USIM record and the PKCS#15 record, skipping unknown tags inside', () => {
		// USIM template with 5F50 URL-ish extra tag inside: 61 0F { 4F 07 A0000000871002 | 5F50 02 41 42 }
		// 0x0F = 9 (4F) + 5 (5F50) + ... → 4F 07 + 7 bytes = 9, 5F 50 02 41 42 = 5 → 14 = 0x0E.
		const usim = '610E4F07A00000008710025F50024142';
		expect(parseDirRecord(fromHex(usim + 'FFFF'))).toEqual([{ aid: fromHex('A0000000871002') }]);
		expect(parseDirRecord(fromHex(TEMPLATE + 'FFFFFF'))).toEqual([{ aid: AID, label: 'WAP', path: fromHex('3F007F50') }]);
	});

	test('refuses a template without AID', () => {
		const e = err(() => parseDirRecord(fromHex('6105500357415 0'.replace(/ /g, ''))));
		expect([e.code, e.offset]).toEqual(['unexpected-tag', 0]);
	});
});
