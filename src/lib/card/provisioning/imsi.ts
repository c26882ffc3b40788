// EF.IMSI (6F07) content, TS 51.011 §10.3.2 / TS 31.102 §4.2.2 / TS 24.008 §10.5.1.4 (apdu.md §9): byte 1 = number
// of bytes used; byte 2 low nibble = 1 (type IMSI) with bit 4 = odd number of digits, high nibble = digit 1; then two
// digits a byte, low nibble first, F for the unused nibble.
import { CardError } from '../error';

function malformed(message: string, offset: number): CardError {
	return new CardError('RESPONSE_MALFORMED', `EF.IMSI byte ${offset}: ${message}`, { offset });
}

/** IMSI digits, or undefined for an erased EF (length byte FF / 00: not personalised). */
export function decodeImsi(bytes: Uint8Array): string | undefined {
	if (bytes.length === 0) throw malformed('file is empty', 0);
	const used = bytes[0];
	if (used === 0xff || used === 0x00) return undefined;
	if (used > 8 || used + 1 > bytes.length) throw malformed(`length ${used} does not fit ${bytes.length - 1} bytes (at most 8)`, 0);
	const typeNibble = bytes[1] & 0x0f;
	if ((typeNibble & 0x07) !== 0x01) throw malformed(`identity type ${typeNibble & 0x07} is not 1 (IMSI)`, 1);
	const odd = (typeNibble & 0x08) !== 0;
	const nibbles: number[] = [bytes[1] >> 4];
	for (let i = 2; i <= used; i++) nibbles.push(bytes[i] & 0x0f, bytes[i] >> 4);
	// Odd count: every nibble is a digit; even count: the last one is the F filler.
	const count = odd ? nibbles.length : nibbles.length - 1;
	if (!odd && nibbles[nibbles.length - 1] !== 0x0f) throw malformed('even IMSI without the F filler in the last nibble', used);
	let digits = '';
	for (let k = 0; k < count; k++) {
		const d = nibbles[k];
		if (d > 9) throw malformed(`nibble ${d.toString(16).toUpperCase()} is not a digit`, 1 + ((k + 1) >> 1));
		digits += String(d);
	}
	return digits;
}
