import { describe, expect, it } from 'vitest';
import { fromHex, HexError, toHex } from '../../src/lib/codec/hex';

describe('hex at the edges', () => {
	it('writes uppercase pairs with an optional separator', () => {
		expect(toHex(new Uint8Array([0x03, 0x0b, 0x6a]))).toBe('030B6A');
		expect(toHex(new Uint8Array([0x03, 0x0b, 0x6a]), ' ')).toBe('03 0B 6A');
		expect(toHex(new Uint8Array([]))).toBe('');
	});
	it('reads hex with spaces, colons and either case', () => {
		expect(Array.from(fromHex('3b:95 13\n8a'))).toEqual([0x3b, 0x95, 0x13, 0x8a]);
	});
	it('names the index of a stray character', () => {
		expect(() => fromHex('03 0G')).toThrow(new HexError(4, 'hex: character "G" at index 4 is not a hex digit'));
		expect(() => fromHex('030')).toThrow('hex: odd number of digits (3)');
	});
});
