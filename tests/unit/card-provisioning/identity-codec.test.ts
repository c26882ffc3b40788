import { describe, expect, it } from 'vitest';
import { CardError } from '../../../src/lib/card';
import { decodeIccid, decodeImsi } from '../../../src/lib/card/provisioning';
import { fromHex } from '../../../src/lib/codec/hex';

describe('EF.ICCID swapped-nibble BCD (TS 102 221 §13.2, apdu.md §8)', () => {
	it('decodes the simulator ICCID 98 94 00 … F1 as the 19 digits 8949000000000000001', () => {
		// Byte by byte, low nibble first: 98 → 8 9, 94 → 4 9, 00 → 0 0 (×7), F1 → 1 then the F filler.
		expect(decodeIccid(fromHex('989400000000000000F1'))).toBe('8949000000000000001');
	});
	it('decodes a full 20-digit ICCID with no filler', () => {
		// 89 01 23 45 67 89 01 23 45 67 swapped → 98 10 32 54 76 98 10 32 54 76.
		expect(decodeIccid(fromHex('98103254769810325476'))).toBe('89012345678901234567');
	});
	it('refuses a digit after the F filler, naming the byte', () => {
		// 4F: low nibble F (filler) comes first, then the digit 4 in the high nibble.
		const e = (() => {
			try {
				return decodeIccid(fromHex('984F'));
			} catch (err) {
				return err;
			}
		})();
		expect(e).toBeInstanceOf(CardError);
		expect((e as CardError).message).toBe('EF.ICCID byte 1: digit 4 after the F filler');
	});
	it('refuses a nibble A–E', () => {
		expect(() => decodeIccid(fromHex('9A'))).toThrow('EF.ICCID byte 0: nibble A is not a BCD digit');
	});
});

describe('EF.IMSI (TS 51.011 §10.3.2, apdu.md §9 worked examples)', () => {
	it('decodes 08 09 10 10 10 32 54 76 98 as the odd 15-digit IMSI 001010123456789', () => {
		expect(decodeImsi(fromHex('080910101032547698'))).toBe('001010123456789');
	});
	it('decodes 08 29 26 10 21 43 65 87 09 as 262011234567890', () => {
		expect(decodeImsi(fromHex('082926102143658709'))).toBe('262011234567890');
	});
	it('decodes the even 14-digit IMSI with its F filler', () => {
		expect(decodeImsi(fromHex('0801101010325476F8'))).toBe('00101012345678');
	});
	it('reports an erased EF (length byte FF) as not personalised', () => {
		expect(decodeImsi(fromHex('FFFFFFFFFFFFFFFFFF'))).toBeUndefined();
	});
	it('refuses a length byte larger than the file', () => {
		expect(() => decodeImsi(fromHex('0809101010'))).toThrow('EF.IMSI byte 0: length 8 does not fit 4 bytes (at most 8)');
	});
});
