// mb_u_int32 (WAP-192 §5.1): big-endian base-128, continuation bit 0x80 on every byte but the last,
// at most 5 bytes for a 32-bit value (same format as the WSP uintvar).
import { WbxmlError } from './types';

const MAX_BYTES = 5;
const MAX_VALUE = 0xffffffff;

export interface MbUint32 {
	value: number;
	/** Offset just after the last byte read. */
	next: number;
}

/** Reads one mb_u_int32 at `offset`; `what` names the field in the truncation message. */
export function readMbUint32(bytes: Uint8Array, offset: number, what = 'mb_u_int32'): MbUint32 {
	let value = 0;
	for (let i = 0; i < MAX_BYTES; i++) {
		const at = offset + i;
		if (at >= bytes.length) {
			throw new WbxmlError('truncated', at, `${what}: stream ends inside a multi-byte integer`);
		}
		const b = bytes[at];
		value = value * 128 + (b & 0x7f);
		if (value > MAX_VALUE) {
			throw new WbxmlError('mb-u-int32-too-long', offset, `${what}: multi-byte integer exceeds 2^32-1`);
		}
		if ((b & 0x80) === 0) return { value, next: at + 1 };
	}
	throw new WbxmlError('mb-u-int32-too-long', offset, `${what}: multi-byte integer longer than ${MAX_BYTES} bytes`);
}

/** Number of bytes `value` takes as mb_u_int32. */
export function mbUint32Length(value: number): number {
	let n = 1;
	for (let v = Math.floor(value / 128); v > 0; v = Math.floor(v / 128)) n++;
	return n;
}

/** Appends `value` (0..2^32-1) as mb_u_int32 to `out`. */
export function writeMbUint32(value: number, out: number[]): void {
	if (!Number.isInteger(value) || value < 0 || value > MAX_VALUE) {
		throw new WbxmlError('unencodable', -1, `mb_u_int32: ${value} is not an integer in 0..2^32-1`);
	}
	const groups: number[] = [value % 128];
	for (let v = Math.floor(value / 128); v > 0; v = Math.floor(v / 128)) groups.push(v % 128);
	for (let i = groups.length - 1; i > 0; i--) out.push(0x80 | groups[i]);
	out.push(groups[0]);
}
