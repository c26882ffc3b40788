// Bridges between our Uint8Array world and @peculiar/asn1-schema (ArrayBuffer based), with errors mapped to Pkcs15Error.
import { AsnParser, AsnSerializer, BitString } from '@peculiar/asn1-schema';
import { Pkcs15Error, type Pkcs15File } from './error';
import type { Tlv } from './der';

type Ctor<T> = new () => T;

/** Parses exactly the TLV `tlv` of `bytes` with `schema`; a mismatch is a 'schema' error at the TLV's offset. */
export function parseTlvAs<T>(bytes: Uint8Array, tlv: Tlv, schema: Ctor<T>, file: Pkcs15File, what: string): T {
	const slice = bytes.slice(tlv.offset, tlv.end);
	try {
		return AsnParser.parse(slice.buffer, schema);
	} catch (e) {
		const reason = e instanceof Error ? e.message : String(e);
		throw new Pkcs15Error('schema', file, tlv.offset, `${what} does not match PKCS#15 v1.1: ${reason}`);
	}
}

export function serialize(value: object): Uint8Array {
	return new Uint8Array(AsnSerializer.serialize(value));
}

export function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
	return bytes.slice().buffer;
}

/**
 * Named-bit BIT STRING (X.680 §22.7): bit 0 is the most significant bit of the first byte, and DER drops
 * trailing zero bits (X.690 §11.2.2), so {modifiable(1)} is 03 02 06 40 and {} is 03 01 00.
 */
export function namedBits(bits: readonly number[]): BitString {
	if (bits.length === 0) return new BitString(new Uint8Array(0), 0);
	const highest = Math.max(...bits);
	const bytes = new Uint8Array((highest >> 3) + 1);
	for (const bit of bits) bytes[bit >> 3] |= 0x80 >> (bit & 7);
	return new BitString(bytes, 7 - (highest & 7));
}

/** Bit numbers set in a BIT STRING, ignoring the unused trailing bits. */
export function bitsSet(value: BitString): number[] {
	const bytes = new Uint8Array(value.value);
	const total = bytes.length * 8 - (bytes.length ? value.unusedBits : 0);
	const out: number[] = [];
	for (let bit = 0; bit < total; bit++) if (bytes[bit >> 3] & (0x80 >> (bit & 7))) out.push(bit);
	return out;
}
