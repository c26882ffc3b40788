// The bureau package's per-card files and scriptor script, against bytes worked out by hand from PKCS#15 v1.1,
// TS 102 221 and the spec §4 vectors (tests/unit/pkcs15/vectors.test.ts reasons them field by field).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { BureauPlanner, bureauCardFiles, bureauEntries, bureauPackage, efIccid, scriptorScript, type BureauCard } from '../../../src/lib/batch/packages/bureau';
import { RowRejected, type ExportedRow, type PackageEntry } from '../../../src/lib/batch/packages/kind';
import { fromHex, toHex } from '../../../src/lib/codec/hex';
import { PROV, SYNCML12 } from '../../../src/lib/codec/wbxml/index';
import { PROFILES } from '../../../src/lib/card/pkcs15';

const ICCID = '8949440000001234564';
/** A 6-byte stand-in document: the layout treats a document as opaque bytes. */
const DOC = fromHex('030B6A004501');
/** Small EFs so every byte fits on a page. */
const SIZES = { bootstrap: 8, dodf: 40, tokenInfo: 24, odf: 8, dirRecord: 28 };

function bytes(entries: PackageEntry[], name: string): string {
	const e = entries.find((x) => x.path === `${ICCID}/${name}`);
	if (!(e?.data instanceof Uint8Array)) throw new Error(`no ${name}`);
	return toHex(e.data);
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

function row(documents: ExportedRow['documents'], over: Partial<ExportedRow> = {}): ExportedRow {
	return { row: 3, line: 4, iccid: ICCID, documents, secrets: [], findings: [], value: () => undefined, ...over };
}

describe('EF.ICCID form of the ICCID (TS 102 221 §13.2)', () => {
	it('swaps the nibbles of each digit pair and fills the 20th nibble with F', () => {
		// 89 49 44 00 00 00 12 34 56 4(F) → 98 94 44 00 00 00 21 43 65 F4
		expect(toHex(efIccid('8949440000001234564'))).toBe('989444000000214365F4');
		// 20 digits fill all 10 bytes: 89 01 41 03 21 11 18 51 07 20 → 98 10 14 30 12 11 81 15 70 02
		expect(toHex(efIccid('89014103211118510720'))).toBe('98101430121181157002');
	});

	it('refuses what is not 1..20 digits without echoing it', () => {
		expect(() => efIccid('89494400000012345F')).toThrow('ICCID must be 1..20 decimal digits to be written as EF.ICCID, found 18 characters');
	});
});

describe('per-card PKCS#15 files (PKCS#15 v1.1 §5-6, smartcard-provisioning.md §4)', () => {
	const entries = bureauEntries({ iccid: ICCID, documents: { bootstrap: DOC } }, { fileSizes: SIZES });

	it('names one entry per EF under the ICCID, in the writer order, then the script', () => {
		expect(entries.map((e) => e.path)).toEqual([
			`${ICCID}/EF.Bootstrap.bin`,
			`${ICCID}/EF.DODF.bin`,
			`${ICCID}/EF.TokenInfo.bin`,
			`${ICCID}/EF.ODF.bin`,
			`${ICCID}/EF.DIR.bin`,
			`${ICCID}/write.scriptor`
		]);
	});

	it('EF.Bootstrap: the document, FF-filled to the 8-byte EF', () => {
		expect(bytes(entries, 'EF.Bootstrap.bin')).toBe('030B6A004501FFFF');
	});

	it('EF.DODF: one oidDO for the Bootstrap (spec §4 vector, 37 bytes), FF-filled to 40', () => {
		// A1 23 { 30 0F { 0C 09 "Bootstrap" | 03 02 06 40 modifiable } | 30 00 | A1 0E { 30 0C { 06 04 67 2B 07 01
		// (2.23.43.7.1) | 30 04 { 04 02 6E 01 } } } }
		expect(bytes(entries, 'EF.DODF.bin')).toBe('A123300F0C09426F6F747374726170030206403000A10E300C0604672B0701300404026E01' + 'FFFFFF');
	});

	it('EF.TokenInfo: version 0, the EF.ICCID bytes as serialNumber, no token flags, FF-filled to 24', () => {
		// 30 12 { 02 01 00 | 04 0A <98 94 44 00 00 00 21 43 65 F4> | 03 01 00 (empty BIT STRING) }: 3 + 12 + 3 = 18 = 0x12.
		expect(bytes(entries, 'EF.TokenInfo.bin')).toBe('3012020100040A989444000000214365F4030100' + 'FFFFFFFF');
	});

	it('EF.ODF: dataObjects [7] pointing at the DODF 6E00, exactly the 8-byte EF', () => {
		// A7 06 { 30 04 { 04 02 6E 00 } }
		expect(bytes(entries, 'EF.ODF.bin')).toBe('A706300404026E00');
	});

	it('EF.DIR record: the PKCS#15 application template, FF-filled to the 28-byte record', () => {
		// 61 19 { 4F 0C A0 00 00 00 63 "PKCS-15" | 50 03 "WAP" | 51 04 3F 00 7F 50 } = 27 bytes.
		expect(bytes(entries, 'EF.DIR.bin')).toBe('61194F0CA000000063504B43532D3135500357415051043F007F50' + 'FF');
	});

	it('with the OpenSC mirror, the DODF starts with the opaqueDO form before the oidDO', () => {
		const mirrored = bureauEntries({ iccid: ICCID, documents: { bootstrap: DOC } }, { fileSizes: { ...SIZES, dodf: 80 }, openscMirror: true });
		// 30 26 { 30 0F label/flags | 30 0B { 0C 03 "WAP" | 06 04 67 2B 07 01 } | A1 06 { 30 04 04 02 6E 01 } } = 40 bytes.
		const opaque = '3026' + '300F0C09426F6F74737472617003020640' + '300B0C035741500604672B0701' + 'A106300404026E01';
		expect(bytes(mirrored, 'EF.DODF.bin')).toBe(opaque + 'A123300F0C09426F6F747374726170030206403000A10E300C0604672B0701300404026E01' + 'FFFFFF');
	});

	it('under the 5015 profile the paths and the EF.DIR record name DF 3F00 5015', () => {
		const files = bureauCardFiles({ iccid: ICCID, documents: { bootstrap: DOC } }, { profile: PROFILES['oma-provsc-5015'], fileSizes: SIZES });
		expect(files.files.map((f) => `${f.name} ${toHex(f.path)}`)).toEqual([
			'EF.Bootstrap 3F0050156E01',
			'EF.DODF 3F0050156E00',
			'EF.TokenInfo 3F0050155032',
			'EF.ODF 3F0050155031',
			'EF.DIR 3F002F00'
		]);
		expect(toHex(files.files[4].bytes)).toBe('61194F0CA000000063504B43532D3135500357415051043F005015' + 'FF');
	});
});

describe('scriptor script (pcsc-tools scriptor 1.6.2 grammar; TS 102 221 §11.1)', () => {
	const script = scriptorScript(bureauCardFiles({ iccid: ICCID, documents: { bootstrap: DOC } }, { fileSizes: SIZES }));

	it('is reset, retry query, the ADM1 placeholder, then per file SELECT by path (P2 0C) and UPDATEs, by hand', () => {
		const body = script.slice(script.indexOf('reset\n'));
		expect(body.split('\n').filter((l) => !l.startsWith('#'))).toEqual([
			'reset',
			// VERIFY with no data: the tries left (63 CX), TS 102 221 §11.1.9.
			'00 20 00 0A',
			'00 20 00 0A 08 ?? ?? ?? ?? ?? ?? ?? ??',
			// SELECT P1 08 (path from MF, without 3F00) P2 0C (no data), Lc 04: 7F 50 6E 01.
			'00 A4 08 0C 04 7F 50 6E 01',
			// UPDATE BINARY offset 0000, Lc 08: the whole 8-byte EF.
			'00 D6 00 00 08 \\',
			'03 0B 6A 00 45 01 FF FF',
			'00 A4 08 0C 04 7F 50 6E 00',
			'00 D6 00 00 28 \\',
			'A1 23 30 0F 0C 09 42 6F 6F 74 73 74 72 61 70 03 \\',
			'02 06 40 30 00 A1 0E 30 0C 06 04 67 2B 07 01 30 \\',
			'04 04 02 6E 01 FF FF FF',
			'00 A4 08 0C 04 7F 50 50 32',
			'00 D6 00 00 18 \\',
			'30 12 02 01 00 04 0A 98 94 44 00 00 00 21 43 65 \\',
			'F4 03 01 00 FF FF FF FF',
			'00 A4 08 0C 04 7F 50 50 31',
			'00 D6 00 00 08 \\',
			'A7 06 30 04 04 02 6E 00',
			// EF.DIR: SELECT 2F00 from the MF, UPDATE RECORD 2 absolute (P2 04), Lc 1C = 28.
			'00 A4 08 0C 02 2F 00',
			'00 DC 02 04 1C \\',
			'61 19 4F 0C A0 00 00 00 63 50 4B 43 53 2D 31 35 \\',
			'50 03 57 41 50 51 04 3F 00 7F 50 FF',
			''
		]);
	});

	it('says in comments what each file is and which status word to expect', () => {
		expect(script).toContain(`# Provisioning Studio bureau script for ICCID ${ICCID}`);
		expect(script).toContain('# EF.Bootstrap 3F00 7F50 6E01 (OID 2.23.43.7.1): 6 bytes, FF-filled to the 8-byte EF; each answer 90 00\n');
		expect(script).toContain('# EF.DIR 3F00 2F00 record 2: 27 bytes, FF-filled to the 28-byte record; each answer 90 00\n');
	});

	it('has no line scriptor would end the run on ("exit" anywhere, comments included) and only hex tokens', () => {
		const big = scriptorScript(bureauCardFiles({ iccid: ICCID, documents: { bootstrap: new Uint8Array(700).fill(0x03), config1: DOC, config2: DOC } }));
		for (const text of [script, big]) {
			const lines = text.split('\n');
			expect(lines.filter((l) => /exit/i.test(l))).toEqual([]);
			// Plain printable ASCII and LF: nothing a bureau terminal or tool could take differently.
			expect(lines.filter((l) => !/^[\x20-\x7e]*$/.test(l))).toEqual([]);
			const commands = lines.filter((l) => l !== '' && !l.startsWith('#') && l !== 'reset');
			for (const l of commands) {
				// scriptor splits on single spaces; every token must be two hex digits (the placeholder aside).
				const tokens = l.replace(/ \\$/, '').split(' ');
				if (l.includes('??')) continue;
				expect(tokens.every((t) => /^[0-9A-F]{2}$/.test(t)), l).toBe(true);
			}
		}
	});

	it('splits an EF into the writer 255-byte UPDATE BINARY chunks with the offset in P1 P2', () => {
		const doc = new Uint8Array(600).fill(0xab);
		const text = scriptorScript(bureauCardFiles({ iccid: ICCID, documents: { bootstrap: doc } }, { fileSizes: { bootstrap: 600 } }));
		// 600 = 255 + 255 + 90: offsets 0000, 00FF, 01FE; Lc FF, FF, 5A.
		const updates = text.split('\n').filter((l) => l.startsWith('00 D6 '));
		expect(updates.slice(0, 3)).toEqual(['00 D6 00 00 FF \\', '00 D6 00 FF FF \\', '00 D6 01 FE 5A \\']);
	});
});

describe('bureauPackage as a package kind', () => {
	it('takes the row documents as Bootstrap then Config1, and holds no secret by default', async () => {
		const kind = bureauPackage({ fileSizes: { ...SIZES, config1: 8, dodf: 80 } });
		expect([kind.name, kind.holdsSecrets, kind.requires]).toEqual(['bureau', false, ['iccid']]);
		const entries = await kind.entriesFor(row([
			{ wbxml: DOC, language: PROV, xml: () => '' },
			{ wbxml: fromHex('030B6A00'), language: PROV, xml: () => '' }
		]));
		expect(entries.map((e) => e.path.slice(ICCID.length + 1))).toEqual([
			'EF.Bootstrap.bin',
			'EF.Config1.bin',
			'EF.DODF.bin',
			'EF.TokenInfo.bin',
			'EF.ODF.bin',
			'EF.DIR.bin',
			'write.scriptor'
		]);
		expect(bytes(entries, 'EF.Config1.bin')).toBe('030B6A00FFFFFFFF');
	});

	it('ends with rejected.csv naming each set-aside row, its column and reason (RFC 4180 quoting)', async () => {
		const kind = bureauPackage();
		await kind.setAside({ row: 2, line: 3, column: 'ICCID', reason: 'check digit 8 does not match the Luhn digit 0', code: 'bad-luhn' });
		await kind.setAside({ row: 5, line: 6, reason: 'a row of 4 values, expected 5', code: 'value-count' });
		await kind.setAside({ row: 7, line: 8, column: 'APN', reason: 'value "x,y" has a comma', code: 'x' });
		const closing = await kind.finish({ rows: 7, good: 4, rejectedRows: 3 });
		expect(closing.map((e) => e.path)).toEqual(['rejected.csv']);
		const text = await new Response(closing[0].data as ReadableStream<Uint8Array>).text();
		expect(text).toBe(
			'row,column,reason\n2,ICCID,check digit 8 does not match the Luhn digit 0\n5,,"a row of 4 values, expected 5"\n7,APN,"value ""x,y"" has a comma"\n'
		);
	});

	it('sets aside a row with a DM bootstrap (SYNCML12) document: the card writer puts CP documents in these files', () => {
		const e = rejected(() => bureauPackage().entriesFor(row([{ wbxml: DOC, language: SYNCML12, xml: () => '' }])));
		expect([e.code, e.reason, e.column]).toEqual(['bad-language', 'document 1 is SYNCML12; the bureau package writes CP documents (PROV), as card write does', undefined]);
	});

	it('sets aside a row whose document does not fit its EF, with both sizes', () => {
		const e = rejected(() => bureauPackage({ fileSizes: { bootstrap: 4 } }).entriesFor(row([{ wbxml: DOC, language: PROV, xml: () => '' }])));
		expect([e.code, e.reason]).toEqual(['document-too-large', 'Bootstrap is 6 bytes; EF 6E01 holds 4']);
	});

	it('sets aside a row whose ICCID is not digits (it names the folder and becomes EF.ICCID), without echoing it', () => {
		const e = rejected(() => bureauPackage().entriesFor(row([{ wbxml: DOC, language: PROV, xml: () => '' }], { iccid: '../x' })));
		expect([e.code, e.reason, e.column]).toEqual(['bad-value', 'the ICCID is 4 characters; EF.ICCID holds 1..20 digits', 'ICCID']);
		const empty = rejected(() => bureauPackage().entriesFor(row([{ wbxml: DOC, language: PROV, xml: () => '' }], { iccid: '' })));
		expect([empty.code, empty.reason, empty.column]).toEqual(['value-empty', 'no ICCID: it names the card folder and is the TokenInfo serial number', 'ICCID']);
	});

	it('refuses an EF.DIR record outside 1..254 before any row', () => {
		expect(() => bureauPackage({ efDirRecord: 0 })).toThrow('EF.DIR record must be 1..254, got 0');
		expect(() => bureauPackage({ slots: ['config1'] })).toThrow('the first document of a row must fill the Bootstrap slot');
	});
});

describe('BureauPlanner: one planner for a whole batch', () => {
	// The planner learns the fixed files from the first card of each set of documents; every card must still get
	// exactly what buildLayout gives it alone (a fresh planner runs buildLayout for its one card).
	it('gives every card of a batch the bytes buildLayout gives that card alone (property)', () => {
		const planner = new BureauPlanner({ fileSizes: { bootstrap: 300, config1: 200, config2: 100, dodf: 200, tokenInfo: 40, odf: 16, dirRecord: 30 }, openscMirror: true });
		const doc = (max: number) => fc.uint8Array({ minLength: 1, maxLength: max });
		const cardArb = fc.record({
			iccid: fc.stringMatching(/^[0-9]{18,20}$/),
			bootstrap: doc(320),
			config1: fc.option(doc(220), { nil: undefined }),
			config2: fc.option(doc(100), { nil: undefined })
		});
		fc.assert(
			fc.property(cardArb, (c) => {
				const card: BureauCard = {
					iccid: c.iccid,
					documents: { bootstrap: c.bootstrap, ...(c.config1 ? { config1: c.config1 } : {}), ...(c.config2 ? { config2: c.config2 } : {}) }
				};
				const alone = () => bureauCardFiles(card, { fileSizes: { bootstrap: 300, config1: 200, config2: 100, dodf: 200, tokenInfo: 40, odf: 16, dirRecord: 30 }, openscMirror: true });
				let expected: ReturnType<typeof alone> | Error;
				try {
					expected = alone();
				} catch (e) {
					expected = e as Error;
				}
				if (expected instanceof Error) {
					expect(() => planner.plan(card)).toThrow(expected.message);
					return;
				}
				const got = planner.plan(card);
				expect(got.files.map((f) => [f.name, toHex(f.path), f.record, f.contentLength, toHex(f.bytes)])).toEqual(
					expected.files.map((f) => [f.name, toHex(f.path), f.record, f.contentLength, toHex(f.bytes)])
				);
			}),
			{ numRuns: 300 }
		);
	});

	it('does not hand two cards the same buffer: a later card never changes an earlier one', () => {
		const planner = new BureauPlanner({ fileSizes: SIZES });
		const a = planner.plan({ iccid: ICCID, documents: { bootstrap: DOC } });
		const before = a.files.map((f) => toHex(f.bytes));
		planner.plan({ iccid: '89014103211118510720', documents: { bootstrap: fromHex('0102') } });
		planner.plan({ iccid: '8901410321111851072', documents: { bootstrap: fromHex('0304') } });
		expect(a.files.map((f) => toHex(f.bytes))).toEqual(before);
	});
});
