// Minimal BER-TLV reader/writer for FCP templates (ISO/IEC 7816-4 §5.2, TS 102 221 §11.1.1.3):
// 1- or 2-byte tags, definite lengths up to 3 bytes (81 xx / 82 xx xx).
import { CardError, type CardErrorCode } from './error';

export interface Tlv {
	tag: number;
	value: Uint8Array;
	/** Offset of the tag inside the buffer parsed (for messages). */
	offset: number;
	/** Offset of the first value byte (after a 1- or 2-byte tag and a 1- to 3-byte length). */
	valueOffset: number;
}

/** Parses a sequence of TLVs filling `bytes` exactly; `base` shifts the offsets reported in errors. */
export function parseTlvs(bytes: Uint8Array, code: CardErrorCode, base = 0): Tlv[] {
	const out: Tlv[] = [];
	let i = 0;
	while (i < bytes.length) {
		// ISO/IEC 7816-4 §5.2.2.1: 00 and FF are not valid first tag bytes and may stand before, between or after
		// data objects as padding (erased space); OpenSC's sc_asn1_read_tag reads them as the end of the data.
		if (bytes[i] === 0x00 || bytes[i] === 0xff) {
			i++;
			continue;
		}
		const start = i;
		let tag = bytes[i++];
		if ((tag & 0x1f) === 0x1f) {
			if (i >= bytes.length) throw tlvError(code, 'two-byte tag is cut off', base + start);
			tag = (tag << 8) | bytes[i++];
			if (tag & 0x80) throw tlvError(code, 'tags longer than 2 bytes are not supported', base + start);
		}
		if (i >= bytes.length) throw tlvError(code, `tag ${tag.toString(16).toUpperCase()} has no length`, base + start);
		let len = bytes[i++];
		if (len === 0x81 || len === 0x82) {
			const n = len - 0x80;
			if (i + n > bytes.length) throw tlvError(code, 'long length field is cut off', base + i - 1);
			len = n === 1 ? bytes[i] : (bytes[i] << 8) | bytes[i + 1];
			i += n;
		} else if (len > 0x7f) {
			throw tlvError(code, `length byte ${len.toString(16).toUpperCase()} is not supported`, base + i - 1);
		}
		if (i + len > bytes.length) {
			throw tlvError(code, `tag ${tag.toString(16).toUpperCase()} declares ${len} bytes, ${bytes.length - i} remain`, base + start);
		}
		out.push({ tag, value: bytes.slice(i, i + len), offset: base + start, valueOffset: base + i });
		i += len;
	}
	return out;
}

function tlvError(code: CardErrorCode, message: string, offset: number): CardError {
	return new CardError(code, `TLV offset ${offset}: ${message}`, { offset });
}

export function encodeLength(len: number): number[] {
	if (len < 0x80) return [len];
	if (len <= 0xff) return [0x81, len];
	return [0x82, len >> 8, len & 0xff];
}

export function encodeTlv(tag: number, value: Uint8Array | number[]): Uint8Array {
	const v = value instanceof Uint8Array ? Array.from(value) : value;
	const t = tag > 0xff ? [tag >> 8, tag & 0xff] : [tag];
	return Uint8Array.from([...t, ...encodeLength(v.length), ...v]);
}

export function concat(parts: Uint8Array[]): Uint8Array {
	let n = 0;
	for (const p of parts) n += p.length;
	const out = new Uint8Array(n);
	let o = 0;
	for (const p of parts) {
		out.set(p, o);
		o += p.length;
	}
	return out;
}
