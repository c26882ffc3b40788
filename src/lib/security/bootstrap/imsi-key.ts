import { BootstrapError } from './error';
import { Secret } from '../secret';

// bootstrap-security.md §2: the NETWPIN key is the IMSI in the GSM 11.11 EF_IMSI semi-octet layout, without the
// length byte. Nibbles: parity/type nibble (9 = odd digit count + "IMSI", 1 = even + "IMSI"), then the digits,
// then filler F when the nibble count is odd; each pair is packed first-nibble-low (S ConvertIMSIL, F
// getKeyFromIMSI, Q nibbleSwapAndAddParityToImsi, P processImsi all agree).

const IMSI_DIGITS = /^[0-9]{6,15}$/;

/** Checks an IMSI is 6–15 decimal digits; the error names what was found. */
export function checkImsi(imsi: string): void {
	if (IMSI_DIGITS.test(imsi)) return;
	const bad = [...imsi].findIndex((c) => c < '0' || c > '9');
	const found =
		bad >= 0
			? `${JSON.stringify(imsi)} (character ${JSON.stringify(imsi[bad])} at index ${bad} is not a decimal digit)`
			: `${imsi.length} digits`;
	throw new BootstrapError('bad-imsi', `IMSI must be 6–15 decimal digits; found ${found}`);
}

/** The IMSI semi-octet bytes used as the NETWPIN HMAC key (and as the first part of the USERNETWPIN key). */
export function imsiKeyBytes(imsi: string): Uint8Array {
	checkImsi(imsi);
	const nibbles = [imsi.length % 2 === 1 ? 0x9 : 0x1, ...[...imsi].map((c) => c.charCodeAt(0) - 0x30)];
	if (nibbles.length % 2 === 1) nibbles.push(0xf);
	const out = new Uint8Array(nibbles.length / 2);
	for (let i = 0; i < out.length; i++) out[i] = (nibbles[2 * i + 1] << 4) | nibbles[2 * i];
	return out;
}

/** The NETWPIN key for an IMSI, as a Secret (keys never print). */
export function imsiKey(imsi: string): Secret {
	return new Secret('NETWPIN key', imsiKeyBytes(imsi));
}
