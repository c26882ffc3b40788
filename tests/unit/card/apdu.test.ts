import { describe, expect, it } from 'vitest';
import { apduCase, CardError, encodeApdu, parseApdu, parseResponse } from '../../../src/lib/card';
import { fromHex, toHex } from '../../../src/lib/codec/hex';

const bytes = (n: number, v = 0xab) => new Uint8Array(n).fill(v);

describe('C-APDU encoding, ISO/IEC 7816-3 §12.1.3 cases', () => {
	it('encodes case 1 as the bare header', () => {
		expect(toHex(encodeApdu({ cla: 0x00, ins: 0x20, p1: 0x00, p2: 0x0a }))).toBe('0020000A');
	});
	it('encodes case 2S with Le 256 as 00 (apdu.md §3: Le=00 = 256)', () => {
		expect(toHex(encodeApdu({ cla: 0, ins: 0xb0, p1: 0, p2: 0, le: 256 }))).toBe('00B0000000');
		expect(toHex(encodeApdu({ cla: 0, ins: 0xb0, p1: 0x01, p2: 0x02, le: 16 }))).toBe('00B0010210');
	});
	it('encodes case 3S: SELECT MF without response (ORACLES.md §2.2 vicc vector)', () => {
		expect(toHex(encodeApdu({ cla: 0, ins: 0xa4, p1: 0, p2: 0x0c, data: fromHex('3F00') }))).toBe('00A4000C023F00');
	});
	it('encodes case 4S: the apdu.md §2 examples (EF.DIR by FID, PKCS#15 by AID)', () => {
		expect(toHex(encodeApdu({ cla: 0, ins: 0xa4, p1: 0, p2: 0x04, data: fromHex('2F00'), le: 256 }), ' ')).toBe('00 A4 00 04 02 2F 00 00');
		expect(toHex(encodeApdu({ cla: 0, ins: 0xa4, p1: 4, p2: 4, data: fromHex('A000000063504B43532D3135'), le: 256 }), ' ')).toBe(
			'00 A4 04 04 0C A0 00 00 00 63 50 4B 43 53 2D 31 35 00'
		);
	});
	it('encodes case 2E with a leading 00 and Le 65536 as 0000', () => {
		expect(toHex(encodeApdu({ cla: 0, ins: 0xb0, p1: 0, p2: 0, le: 65536 }))).toBe('00B00000000000');
		expect(toHex(encodeApdu({ cla: 0, ins: 0xb0, p1: 0, p2: 0, le: 257 }))).toBe('00B00000000101');
	});
	it('encodes case 3E when data exceeds 255 bytes: 00 Lc(2)', () => {
		const enc = encodeApdu({ cla: 0, ins: 0xd6, p1: 0, p2: 0, data: bytes(256) });
		expect(toHex(enc.slice(0, 7))).toBe('00D60000000100');
		expect(enc.length).toBe(7 + 256);
	});
	it('encodes case 4E: 00 Lc(2) data Le(2) with no second 00', () => {
		const enc = encodeApdu({ cla: 0, ins: 0xd6, p1: 0, p2: 0, data: bytes(300), le: 65536 });
		expect(toHex(enc.slice(0, 7))).toBe('00D6000000012C');
		expect(toHex(enc.slice(7 + 300))).toBe('0000');
		expect(enc.length).toBe(7 + 300 + 2);
	});
	it('forces extended form for small sizes when asked', () => {
		expect(toHex(encodeApdu({ cla: 0, ins: 0xa4, p1: 0, p2: 0x04, data: fromHex('3F00'), le: 256 }, true))).toBe('00A400040000023F000100');
		expect(apduCase({ cla: 0, ins: 0, p1: 0, p2: 0, data: bytes(2), le: 256 }, true)).toBe('4E');
	});
	it('rejects a Le of 0 and a P1 over FF with APDU_ARGUMENT', () => {
		expect(() => encodeApdu({ cla: 0, ins: 0xb0, p1: 0, p2: 0, le: 0 })).toThrow('APDU Le must be 1..65536, got 0');
		expect(() => encodeApdu({ cla: 0, ins: 0xb0, p1: 0x100, p2: 0 })).toThrow('APDU P1 must be a byte 00..FF, got 256');
	});
});

describe('C-APDU decoding, ISO/IEC 7816-3 §12.1.3 decision rules', () => {
	const cases: [string, string, number | undefined, number | undefined][] = [
		['0020000A', '1', undefined, undefined],
		['00B0000000', '2S', undefined, 256],
		['00A4000C023F00', '3S', 2, undefined],
		['00A40004022F0000', '4S', 2, 256],
		['00B00000000000', '2E', undefined, 65536],
		['00D6000000000311223344'.slice(0, 20), '3E', 3, undefined],
		['00D60000000003112233FFFF', '4E', 3, 65535]
	];
	for (const [hex, kind, nc, ne] of cases) {
		it(`decodes ${hex} as case ${kind}`, () => {
			const a = parseApdu(fromHex(hex));
			expect(a.kind).toBe(kind);
			expect(a.data?.length).toBe(nc);
			expect(a.le).toBe(ne);
		});
	}
	it('reports a short Lc that does not match the body with its offset', () => {
		const e = (() => {
			try {
				parseApdu(fromHex('00A4000C033F00'));
			} catch (x) {
				return x;
			}
		})();
		expect(e).toBeInstanceOf(CardError);
		expect((e as CardError).code).toBe('APDU_MALFORMED');
		expect((e as CardError).message).toBe('C-APDU offset 4: short Lc 3 does not match 2 bytes after the header');
	});
	it('rejects fewer than 4 bytes and a cut extended length', () => {
		expect(() => parseApdu(fromHex('00A4'))).toThrow('C-APDU offset 2: expected at least 4 header bytes, found 2');
		expect(() => parseApdu(fromHex('00B000000000'))).toThrow('C-APDU offset 4: extended length field needs 3 bytes, found 2');
	});
	it('splits an R-APDU and rejects one without SW1 SW2', () => {
		expect(parseResponse(fromHex('01029000'))).toEqual({ data: fromHex('0102'), sw: 0x9000 });
		expect(() => parseResponse(fromHex('90'))).toThrow('R-APDU of 1 bytes has no SW1 SW2');
	});
});
