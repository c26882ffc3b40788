import { describe, expect, it } from 'vitest';
import { readMbUint32, writeMbUint32, WbxmlError } from '../../../src/lib/codec/wbxml/index';

// Vectors from wbxml.md §2 (WAP-192 §5.1; libwbxml wbxml_buffer_append_mb_uint_32).
const VECTORS: [number, number[]][] = [
	[0, [0x00]],
	[0x7f, [0x7f]],
	[0x80, [0x81, 0x00]],
	[106, [0x6a]],
	[0x1201, [0xa4, 0x01]],
	[0x0fd3, [0x9f, 0x53]],
	[1000, [0x87, 0x68]],
	// 2^32-1 = 0b1111 1111111 1111111 1111111 1111111: 5 groups, the first holding 4 bits.
	[0xffffffff, [0x8f, 0xff, 0xff, 0xff, 0x7f]]
];

describe('mb_u_int32 (WAP-192 §5.1)', () => {
	it.each(VECTORS)('writes and reads %i', (value, encoded) => {
		const out: number[] = [];
		writeMbUint32(value, out);
		expect(out).toEqual(encoded);
		expect(readMbUint32(Uint8Array.from([0xee, ...encoded, 0x55]), 1)).toEqual({ value, next: 1 + encoded.length });
	});

	it('rejects a sixth continuation byte with the offset of the integer', () => {
		const bad = Uint8Array.from([0x00, 0x81, 0x81, 0x81, 0x81, 0x81, 0x00]);
		expect(() => readMbUint32(bad, 1, 'OPAQUE length')).toThrow(
			new WbxmlError('mb-u-int32-too-long', 1, 'OPAQUE length: multi-byte integer longer than 5 bytes')
		);
	});

	it('rejects a five-byte value above 2^32-1', () => {
		// 0x90 carries 0b10000 in the top group: 16 x 128^4 = 2^32.
		const bad = Uint8Array.from([0x90, 0x80, 0x80, 0x80, 0x00]);
		let caught: unknown;
		try {
			readMbUint32(bad, 0);
		} catch (e) {
			caught = e;
		}
		expect(caught).toBeInstanceOf(WbxmlError);
		expect((caught as WbxmlError).code).toBe('mb-u-int32-too-long');
		expect((caught as WbxmlError).message).toBe('WBXML offset 0x0: mb_u_int32: multi-byte integer exceeds 2^32-1');
	});

	it('reports truncation where the missing byte should be', () => {
		expect(() => readMbUint32(Uint8Array.from([0x81, 0x81]), 0, 'charset')).toThrow(
			'WBXML offset 0x2: charset: stream ends inside a multi-byte integer'
		);
	});

	it('refuses to write a value that is not a 32-bit unsigned integer', () => {
		expect(() => writeMbUint32(2 ** 32, [])).toThrow(WbxmlError);
		expect(() => writeMbUint32(-1, [])).toThrow(WbxmlError);
	});
});
