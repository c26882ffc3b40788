// EF.ICCID (2FE2) content: the ICCID as BCD with the nibbles of each byte swapped (low nibble = first digit) and
// F filling the unused trailing nibbles (ETSI TS 102 221 §13.2; apdu.md §8). 89 49 00 … 1 → 98 94 00 … F1.
import { CardError } from '../error';

/** Digits of an EF.ICCID; a nibble A–E, or a digit after the F filler, is a RESPONSE_MALFORMED CardError. */
export function decodeIccid(bytes: Uint8Array): string {
	let digits = '';
	let filler = false;
	for (let i = 0; i < bytes.length; i++) {
		for (const nibble of [bytes[i] & 0x0f, bytes[i] >> 4]) {
			if (nibble === 0x0f) {
				filler = true;
				continue;
			}
			if (nibble > 9) {
				throw new CardError('RESPONSE_MALFORMED', `EF.ICCID byte ${i}: nibble ${nibble.toString(16).toUpperCase()} is not a BCD digit`, { offset: i });
			}
			if (filler) {
				throw new CardError('RESPONSE_MALFORMED', `EF.ICCID byte ${i}: digit ${nibble} after the F filler`, { offset: i });
			}
			digits += String(nibble);
		}
	}
	return digits;
}
