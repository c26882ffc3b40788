import { BootstrapError } from './error';
import { Secret } from '../secret';

// bootstrap-security.md §2: the NETWPIN key is the IMSI in the GSM 11.11 EF_IMSI semi-octet layout, without the
// length byte. Nibbles: parity/type nibble (9 = odd digit count + "IMSI", 1 = even + "IMSI"), then the digits,
// then filler F when the nibble count is odd; each pair is packed first-nibble-low (S ConvertIMSIL, F
// getKeyFromIMSI, Q nibbleSwapAndAddParityToImsi, P processImsi all agree).

// 3GPP TS 23.003 §2.2: an IMSI is at most 15 digits (MCC 3 + MNC 2-3 + MSIN); 6 is the shortest this accepts
// (MCC + MNC + one MSIN digit), as before.
const IMSI_MIN = 6;
const IMSI_MAX = 15;

/** The 1-based position of the first character that is not a decimal digit 0-9, or 0 when there is none. */
export function firstNonDigit(text: string): number {
	let position = 0;
	for (const c of text) {
		position++;
		if (c < '0' || c > '9') return position;
	}
	return 0;
}

/**
 * Why a string is not an IMSI, by position or length and never by value: the IMSI is the NETWPIN key, so it must
 * not come back in a message or a log. undefined when it is one.
 */
export function imsiProblem(imsi: string): string | undefined {
	const bad = firstNonDigit(imsi);
	if (bad > 0) return `character ${bad} is not a decimal digit`;
	if (imsi.length === 0) return `empty, an IMSI has ${IMSI_MIN} to ${IMSI_MAX} digits`;
	if (imsi.length < IMSI_MIN) return `${imsi.length} digits, an IMSI has at least ${IMSI_MIN}`;
	if (imsi.length > IMSI_MAX) return `${imsi.length} digits, an IMSI has at most ${IMSI_MAX}`;
	return undefined;
}

/** Checks an IMSI is 6–15 decimal digits; the error says where or how long, without the IMSI (imsiProblem). */
export function checkImsi(imsi: string): void {
	const problem = imsiProblem(imsi);
	if (problem !== undefined) throw new BootstrapError('bad-imsi', `IMSI: ${problem}`);
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
