// OBJECT IDENTIFIER contents (X.690 §8.19) decoded here rather than by asn1js, which renders an arc above 2^53 as
// "{0f7f…}" instead of digits and accepts a subidentifier padded with leading 80 bytes (so 06 05 67 2B 80 07 01
// read as the 2.23.43.7.1 a reader looks for). DER (PKCS#15 v1.1 §6) allows exactly one encoding per OID.
import * as asn1js from 'asn1js';
import type { IAsnConverter } from '@peculiar/asn1-schema';

/**
 * The longest subidentifier read: 20 bytes hold 140 bits, more than the longest arcs in use (the 128-bit UUIDs under
 * 2.25, ITU-T X.667, take 19). A card's file may hold 32 KiB in one arc, and turning that into decimal digits took
 * ~200 ms: a hostile card would stall the page for nothing a PKCS#15 application could name.
 */
const MAX_SUBIDENTIFIER_BYTES = 20;

/** Dotted text of OID contents; throws an Error naming the byte when the contents are not X.690 §8.19 DER. */
export function decodeOid(content: Uint8Array): string {
	if (content.length === 0) throw new Error('OBJECT IDENTIFIER has no subidentifier (X.690 §8.19.2)');
	const arcs: bigint[] = [];
	let value = 0n;
	let start = true;
	let length = 0;
	for (let i = 0; i < content.length; i++) {
		const b = content[i];
		// §8.19.2: each subidentifier in the fewest octets, so its first octet is never 80.
		if (start && b === 0x80) throw new Error(`OBJECT IDENTIFIER byte ${i}: subidentifier starts with 80 (not the shortest form)`);
		length = start ? 1 : length + 1;
		if (length > MAX_SUBIDENTIFIER_BYTES) throw new Error(`OBJECT IDENTIFIER byte ${i}: subidentifier longer than ${MAX_SUBIDENTIFIER_BYTES} bytes (over 2^140: no arc in use is that long)`);
		value = (value << 7n) | BigInt(b & 0x7f);
		start = (b & 0x80) === 0;
		if (start) {
			arcs.push(value);
			value = 0n;
		}
	}
	if (!start) throw new Error(`OBJECT IDENTIFIER byte ${content.length - 1}: last subidentifier is cut off (bit 8 set)`);
	// §8.19.4: the first subidentifier packs the first two arcs as X*40 + Y, X in 0..2.
	const first = arcs[0];
	const head = first < 40n ? [0n, first] : first < 80n ? [1n, first - 40n] : [2n, first - 80n];
	return [...head, ...arcs.slice(1)].map(String).join('.');
}

/** asn1-schema converter for OBJECT IDENTIFIER fields: decodes with decodeOid, encodes as asn1js does. */
export const OidConverter: IAsnConverter<string, asn1js.ObjectIdentifier> = {
	fromASN: (value) => {
		const tlv = value.valueBeforeDecodeView;
		return decodeOid(tlv.subarray(tlv.length - value.valueBlock.blockLength));
	},
	toASN: (value) => new asn1js.ObjectIdentifier({ value })
};
