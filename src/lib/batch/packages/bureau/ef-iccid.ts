// EF.ICCID (2FE2) content from the ICCID digits: BCD with the nibbles of each byte swapped (low nibble = first
// digit) and F filling the unused trailing nibbles of the 10-byte EF (ETSI TS 102 221 §13.2). This is what the card
// writer reads back as CardIdentity.iccidBytes and puts in TokenInfo.serialNumber, so the bureau files for a card
// carry the same serial number the writer would have written on that card.
import { BatchError } from '../../error';

/** EF.ICCID is 10 bytes, 20 nibbles: an ICCID of up to 20 digits (TS 102 221 §13.2). */
const EF_ICCID_SIZE = 10;

export function efIccid(iccid: string): Uint8Array {
	if (!/^[0-9]{1,20}$/.test(iccid)) {
		throw new BatchError('bad-option', `ICCID must be 1..20 decimal digits to be written as EF.ICCID, found ${iccid.length} characters`);
	}
	const out = new Uint8Array(EF_ICCID_SIZE).fill(0xff);
	for (let i = 0; i < iccid.length; i++) {
		const digit = iccid.charCodeAt(i) - 0x30;
		const byte = i >> 1;
		out[byte] = i % 2 === 0 ? (out[byte] & 0xf0) | digit : (out[byte] & 0x0f) | (digit << 4);
	}
	return out;
}
