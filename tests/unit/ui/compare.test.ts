import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromHex } from '../../../src/lib/codec/hex';
import { compareBytes, comparisonText, documentBytes, documentLabelled, errorText, hexRows } from '../../../src/lib/ui/card/compare';
import type { ErrorJson, ReadDocumentJson } from '../../../src/lib/ui/card/wire';

// The published 118-byte NowSMS document (client-provisioning.md §7) as "what was authored".
const PUBLISHED = fromHex(readFileSync(join(__dirname, '../../fixtures/security/nowsms-netwpin.hex'), 'utf8').trim());

describe('compareBytes: byte for byte, first differing offset', () => {
	it('equal documents are equal, with their length', () => {
		expect(compareBytes(PUBLISHED, PUBLISHED.slice())).toEqual({ equal: true, bytes: 118 });
	});
	it('two empty documents are equal with 0 bytes', () => {
		expect(compareBytes(new Uint8Array(0), new Uint8Array(0))).toEqual({ equal: true, bytes: 0 });
	});
	it('one changed byte is found at its offset', () => {
		const card = PUBLISHED.slice();
		card[80] ^= 0x01;
		expect(compareBytes(PUBLISHED, card)).toEqual({ equal: false, at: 80, authoredBytes: 118, cardBytes: 118 });
	});
	it('a difference in the first byte is at offset 0', () => {
		expect(compareBytes(Uint8Array.of(0x03, 0x0b), Uint8Array.of(0x02, 0x0b))).toEqual({ equal: false, at: 0, authoredBytes: 2, cardBytes: 2 });
	});
	it('a card document with two more bytes (e.g. FF padding left on) differs at the authored length', () => {
		const card = Uint8Array.from([...PUBLISHED, 0xff, 0xff]);
		expect(compareBytes(PUBLISHED, card)).toEqual({ equal: false, at: 118, authoredBytes: 118, cardBytes: 120 });
	});
	it('a truncated card document differs at the card length', () => {
		expect(compareBytes(PUBLISHED, PUBLISHED.subarray(0, 100))).toEqual({ equal: false, at: 100, authoredBytes: 118, cardBytes: 100 });
	});
	it('a differing byte before the end of the shorter side wins over the length difference', () => {
		expect(compareBytes(Uint8Array.of(1, 2, 3), Uint8Array.of(1, 9))).toEqual({ equal: false, at: 1, authoredBytes: 3, cardBytes: 2 });
	});
});

describe('comparisonText: the line under a read-back document', () => {
	it('says yes with the byte count', () => {
		expect(comparisonText({ equal: true, bytes: 118 })).toBe('Equal to what was authored: yes (byte for byte, 118 bytes)');
	});
	it('says no with the first offset and both lengths', () => {
		expect(comparisonText({ equal: false, at: 118, authoredBytes: 118, cardBytes: 120 })).toBe(
			'Equal to what was authored: no (first difference at byte 118; authored 118 bytes, card 120)'
		);
	});
});

describe('read-back documents', () => {
	const docs: ReadDocumentJson[] = [
		{ oid: '2.23.43.7.1', label: 'Bootstrap', path: '3F00/7F50/5031', fileBytes: 512, hex: '030B6A' },
		{ oid: '2.23.43.7.2', label: 'Config1', path: '3F00/7F50/5032', fileBytes: 512, hex: '03 0b 6a 00 45 01' },
		{ oid: '2.23.43.7.2', label: 'Config1', path: '3F00/7F50/5033', fileBytes: 512, hex: '' }
	];
	it('finds a document by its label, the first one when two share it', () => {
		expect(documentLabelled(docs, 'Config1')?.path).toBe('3F00/7F50/5032');
		expect(documentLabelled(docs, 'Config2')).toBeUndefined();
		expect(documentLabelled([], 'Bootstrap')).toBeUndefined();
	});
	it('turns the hex of a document (spaced or not, either case) into its bytes', () => {
		expect(documentBytes(docs[0])).toEqual(Uint8Array.of(0x03, 0x0b, 0x6a));
		expect(documentBytes(docs[1])).toEqual(Uint8Array.of(0x03, 0x0b, 0x6a, 0x00, 0x45, 0x01));
		expect(documentBytes(docs[2])).toEqual(new Uint8Array(0));
	});
});

describe('hexRows: 16 bytes per row', () => {
	it('puts the 17th byte on a second row', () => {
		const hex = '000102030405060708090a0b0c0d0e0f10';
		expect(hexRows(hex)).toBe('00 01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F\n10');
	});
	it('writes exactly 16 bytes as one row, and nothing as the empty text', () => {
		expect(hexRows('FF'.repeat(16))).toBe(Array(16).fill('FF').join(' '));
		expect(hexRows('')).toBe('');
	});
	it('writes the 118-byte document as 8 rows (7 × 16 + 6)', () => {
		const rows = hexRows('030B6A0674657374310045C6560187070683000101C655018707068300018711060374657374315F4E415049440001871006AB0187080603746573743200018709068901871401C65A01870C069A01870D060367707273757365726E616D650001870E06036770727370617373776F72640001010101').split('\n');
		expect(rows).toHaveLength(8);
		expect(rows[0]).toBe('03 0B 6A 06 74 65 73 74 31 00 45 C6 56 01 87 07');
		// The last 6 bytes: "gprspassword"'s final 'd' (64), its NUL, then END of parm, NAPAUTHINFO, NAPDEF, document.
		expect(rows[7]).toBe('64 00 01 01 01 01');
	});
});

describe('errorText: a failure as one line', () => {
	const base: ErrorJson = { code: 'SECURITY', message: 'VERIFY ADM1 ****: 63C2 verification failed, 2 retries left' };
	it('is the message alone when no key count is known', () => {
		expect(errorText(base)).toBe(base.message);
	});
	it('adds the tries left in words, singular for one (TS 102 221 §10.2.1.4: 63CX)', () => {
		expect(errorText({ ...base, retriesLeft: 2 })).toBe(`${base.message} — 2 tries left before the key is blocked`);
		expect(errorText({ ...base, retriesLeft: 1 })).toBe(`${base.message} — 1 try left before the key is blocked`);
		expect(errorText({ ...base, retriesLeft: 0 })).toBe(`${base.message} — 0 tries left before the key is blocked`);
	});
});
