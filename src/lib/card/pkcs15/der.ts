// Minimal BER/DER TLV walker (X.690 §8.1). asn1js decodes values, but it neither reports byte offsets nor
// splits a PKCS#15 file into entries: EF(ODF) and EF(DODF) are a bare concatenation of CHOICE values followed
// by padding (PKCS#15 v1.1 §6.2), so we delimit entries here and hand exactly one TLV at a time to the schemas.
import { Pkcs15Error, type Pkcs15File } from './error';

export interface Tlv {
	/** Tag as on the wire, multi-byte tags packed big-endian (0x5F50 for BER-TLV "URL"). */
	tag: number;
	constructed: boolean;
	/** Offset of the first tag byte. */
	offset: number;
	headerLength: number;
	length: number;
	/** Offset of the first value byte. */
	valueOffset: number;
	/** Offset just after the value. */
	end: number;
}

const MAX_DEPTH = 32;

/** Reads the TLV header at `offset`; the value must fit before `end`. */
export function readTlv(bytes: Uint8Array, offset: number, end: number, file: Pkcs15File): Tlv {
	let p = offset;
	if (p >= end) throw new Pkcs15Error('truncated', file, p, 'expected a tag, found the end of the data');
	const first = bytes[p++];
	let tag = first;
	if ((first & 0x1f) === 0x1f) {
		// X.690 §8.1.2.4: high tag number form; three subsequent bytes cover every tag used by ISO 7816 / PKCS#15.
		let more = true;
		let count = 0;
		while (more) {
			if (p >= end) throw new Pkcs15Error('truncated', file, offset, 'tag is cut off by the end of the data');
			if (++count > 3) throw new Pkcs15Error('high-tag-number', file, offset, 'tag is longer than 4 bytes');
			const b = bytes[p++];
			tag = tag * 256 + b;
			more = (b & 0x80) !== 0;
		}
	}
	if (p >= end) throw new Pkcs15Error('truncated', file, p, `tag 0x${hexTag(tag)} has no length byte`);
	const lengthOffset = p;
	const l0 = bytes[p++];
	let length: number;
	if (l0 < 0x80) {
		length = l0;
	} else if (l0 === 0x80) {
		// PKCS#15 files are DER (v1.1 §6, X.690 §10.1): definite lengths only.
		throw new Pkcs15Error('indefinite-length', file, lengthOffset, 'indefinite length (0x80) is not allowed in DER');
	} else {
		const n = l0 & 0x7f;
		if (n > 3) throw new Pkcs15Error('bad-length', file, lengthOffset, `length uses ${n} bytes; at most 3 are supported`);
		if (p + n > end) throw new Pkcs15Error('truncated', file, lengthOffset, 'length bytes are cut off by the end of the data');
		length = 0;
		for (let i = 0; i < n; i++) length = length * 256 + bytes[p++];
	}
	if (length > end - p) {
		throw new Pkcs15Error(
			'truncated',
			file,
			offset,
			`tag 0x${hexTag(tag)} announces ${length} value bytes but only ${end - p} remain`
		);
	}
	return { tag, constructed: (first & 0x20) !== 0, offset, headerLength: p - offset, length, valueOffset: p, end: p + length };
}

/** Checks that every constructed value in [start, end) is a well-formed run of TLVs, reporting the first bad offset. */
export function checkNesting(bytes: Uint8Array, start: number, end: number, file: Pkcs15File, depth = 0): void {
	if (depth > MAX_DEPTH) throw new Pkcs15Error('too-deep', file, start, `nesting deeper than ${MAX_DEPTH} levels`);
	let p = start;
	while (p < end) {
		const t = readTlv(bytes, p, end, file);
		if (t.constructed) checkNesting(bytes, t.valueOffset, t.end, file, depth + 1);
		p = t.end;
	}
}

/**
 * Splits a PKCS#15 directory file into its top-level TLVs. Stops at 0xFF (erased space) and skips 0x00 bytes
 * between entries, as OpenSC's sc_pkcs15_parse_df and the nRF uicc_lwm2m decoder do for padded EFs.
 */
export function splitEntries(bytes: Uint8Array, file: Pkcs15File): Tlv[] {
	const out: Tlv[] = [];
	let p = 0;
	while (p < bytes.length) {
		const b = bytes[p];
		if (b === 0xff) break;
		if (b === 0x00) {
			p++;
			continue;
		}
		const t = readTlv(bytes, p, bytes.length, file);
		if (t.constructed) checkNesting(bytes, t.valueOffset, t.end, file, 1);
		out.push(t);
		p = t.end;
	}
	return out;
}

/** DER length octets (X.690 §10.1: shortest form). */
export function derLength(length: number): number[] {
	if (length < 0x80) return [length];
	const out: number[] = [];
	for (let n = length; n > 0; n = Math.floor(n / 256)) out.unshift(n & 0xff);
	return [0x80 | out.length, ...out];
}

/** One DER TLV with a one- or two-byte tag. */
export function encodeTlv(tag: number, value: Uint8Array): Uint8Array {
	const tagBytes = tag > 0xff ? [tag >> 8, tag & 0xff] : [tag];
	const head = [...tagBytes, ...derLength(value.length)];
	const out = new Uint8Array(head.length + value.length);
	out.set(head, 0);
	out.set(value, head.length);
	return out;
}

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
	let total = 0;
	for (const part of parts) total += part.length;
	const out = new Uint8Array(total);
	let p = 0;
	for (const part of parts) {
		out.set(part, p);
		p += part.length;
	}
	return out;
}

export function hexTag(tag: number): string {
	const s = tag.toString(16).toUpperCase();
	return s.length % 2 ? '0' + s : s;
}
