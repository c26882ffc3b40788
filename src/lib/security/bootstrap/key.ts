import { BootstrapError } from './error';
import { imsiKeyBytes } from './imsi-key';
import { SEC, secName, type SecValue } from './sec';
import { Secret } from '../secret';

// bootstrap-security.md §1: the HMAC key per SEC method (ProvBoot §5; verified in S, F, Q, P).
// NETWPIN = IMSI semi-octets; USERPIN = PIN bytes; USERNETWPIN = IMSI semi-octets ‖ PIN bytes, no separator.
// USERPINMAC has no key of its own here: its key is the first half of the typed PIN (see userpinmac.ts).

export interface KeyInput {
	imsi?: string;
	pin?: Secret;
}

export function requirePin(pin: Secret | undefined, method: string): Uint8Array {
	if (!pin) throw new BootstrapError('missing-pin', `SEC=${method} needs the user PIN; none was given`);
	if (pin.length === 0) throw new BootstrapError('empty-pin', `SEC=${method}: the PIN is empty`);
	return pin.reveal();
}

/**
 * The user PIN of USERPIN / USERNETWPIN. bootstrap-security.md §1 makes the key the PIN's ASCII bytes, typed by the
 * user into the phone's PIN query, and §3 builds the USERPINMAC PIN from decimal digits ('0' + M[i] mod 10); the
 * spec text fixes no other alphabet, so a PIN here is decimal digits like those: a letter, a blank or a binary byte
 * is a typo or the wrong file, and would give a MAC no user can match. Said by position, never by value.
 */
function requireUserPin(pin: Secret | undefined, method: string): Uint8Array {
	const bytes = requirePin(pin, method);
	// On the bytes, not a string copy: everything before the first non-digit is one byte per character.
	const bad = bytes.findIndex((b) => b < 0x30 || b > 0x39);
	if (bad >= 0) throw new BootstrapError('pin-not-digits', `SEC=${method}: PIN character ${bad + 1} is not a decimal digit`);
	return bytes;
}

function requireImsi(imsi: string | undefined, method: string): Uint8Array {
	if (imsi === undefined) throw new BootstrapError('missing-imsi', `SEC=${method} needs the IMSI; none was given`);
	return imsiKeyBytes(imsi);
}

/** The HMAC key for SEC 0–2. */
export function bootstrapKey(sec: SecValue, input: KeyInput): Secret {
	const method = secName(sec);
	switch (sec) {
		case SEC.NETWPIN:
			return new Secret('NETWPIN key', requireImsi(input.imsi, 'NETWPIN'));
		case SEC.USERPIN:
			return new Secret('USERPIN key', requireUserPin(input.pin, 'USERPIN'));
		case SEC.USERNETWPIN: {
			const imsi = requireImsi(input.imsi, 'USERNETWPIN');
			const pin = requireUserPin(input.pin, 'USERNETWPIN');
			const key = new Uint8Array(imsi.length + pin.length);
			key.set(imsi, 0);
			key.set(pin, imsi.length);
			return new Secret('USERNETWPIN key', key);
		}
		default:
			throw new BootstrapError(
				'bad-sec',
				method === 'USERPINMAC'
					? 'SEC=USERPINMAC has no header key: the MAC is carried by the PIN (use userPinFor / verify)'
					: `SEC must be 0 (NETWPIN), 1 (USERPIN), 2 (USERNETWPIN) or 3 (USERPINMAC); found ${String(sec)}`
			);
	}
}
