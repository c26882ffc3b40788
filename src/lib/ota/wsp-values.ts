import type { Reader } from './reader';
import { readUintvar } from './uintvar';

// WAP-230-WSP §8.4.1.2 field value encodings: the first octet says what follows.
//   0–30   Short-length, then that many octets        31  Length-quote, uintvar length, then the octets
//   32–127 Text-string up to and including NUL           128–255  Short-integer (value = octet & 0x7F)

export const LENGTH_QUOTE = 0x1f;
const QUOTE = 0x7f; // §8.4.2.1: a Text-string whose first character is >= 0x80 starts with Quote
const QUOTED_STRING = 0x22;

/** Reads a Text-string (§8.4.2.1), a Quoted-string or a Token-text: octets up to NUL; returns the text without NUL. */
export function readText(r: Reader, what: string): string {
	const start = r.pos;
	if (r.peek(what) === QUOTE || r.peek(what) === QUOTED_STRING) r.pos++;
	let end = r.pos;
	while (end < r.end && r.bytes[end] !== 0) end++;
	if (end >= r.end) r.fail('truncated', `${what}: text not terminated by NUL before the end of its field`, start);
	let text = '';
	for (let i = r.pos; i < end; i++) text += String.fromCharCode(r.bytes[i]);
	r.pos = end + 1;
	return text;
}

/** Value-length (§8.4.2.2): Short-length or Length-quote + uintvar; checked against what remains. */
export function readValueLength(r: Reader, what: string): number {
	const start = r.pos;
	const b = r.byte(what);
	if (b > LENGTH_QUOTE) r.fail('bad-header', `${what}: expected a value length, found 0x${hex2(b)}`, start);
	const length = b === LENGTH_QUOTE ? readUintvar(r, what) : b;
	r.need(length, what);
	return length;
}

/** Integer-value (§8.4.2.3): Short-integer or Long-integer (Short-length 1–4 then big-endian octets). */
export function readInteger(r: Reader, what: string): number {
	const start = r.pos;
	const b = r.byte(what);
	if (b >= 0x80) return b & 0x7f;
	if (b < 1 || b > 4) r.fail('bad-header', `${what}: expected an integer, found 0x${hex2(b)}`, start);
	let value = 0;
	for (const octet of r.take(b, what)) value = value * 256 + octet;
	return value;
}

/** Skips any value by the general rules above (for parameters and headers we do not interpret). */
export function skipValue(r: Reader, what: string): void {
	const b = r.peek(what);
	if (b >= 0x80) r.pos++;
	else if (b >= 0x20) readText(r, what);
	else r.pos += readValueLength(r, what);
}

export function hex2(b: number): string {
	return b.toString(16).toUpperCase().padStart(2, '0');
}
