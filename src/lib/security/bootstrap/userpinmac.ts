import { BootstrapError } from './error';
import { hmacSha1 } from './hmac';
import { requirePin } from './key';
import { Secret } from '../secret';

// bootstrap-security.md §3 (ProvBoot §5 USERPINMAC; S AuthenticateL, Q UserPinMacOmaSigner): the user types
// K ‖ m, two halves of equal length; M = HMAC-SHA1(K as ASCII, A); m_i = '0' + (M[i] mod 10).

/** M has 20 bytes, so m (and K) can have at most 20 digits. */
export const MAX_HALF_DIGITS = 20;

const DIGITS = /^[0-9]+$/;

/** The decimal digits m derived from a MAC: one digit per leading MAC byte, M[i] mod 10. */
export function macDigits(mac: Uint8Array, count: number): string {
	let out = '';
	for (let i = 0; i < count; i++) out += String.fromCharCode(0x30 + (mac[i] % 10));
	return out;
}

function checkHalf(digits: string, what: string): void {
	if (!DIGITS.test(digits)) {
		throw new BootstrapError('pin-not-digits', `SEC=USERPINMAC: ${what} must be decimal digits`);
	}
	if (digits.length > MAX_HALF_DIGITS) {
		throw new BootstrapError(
			'pin-too-long',
			`SEC=USERPINMAC: each PIN half has at most ${MAX_HALF_DIGITS} digits (one per MAC byte); found ${digits.length}`
		);
	}
}

/** Sender side: from the key digits K, the full PIN K ‖ m that the user is told out of band. */
export async function userPinFor(wbxml: Uint8Array, keyDigits: Secret | undefined): Promise<Secret> {
	const k = requirePin(keyDigits, 'USERPINMAC');
	const kText = new TextDecoder().decode(k);
	checkHalf(kText, 'the key digits K');
	const mac = hmacSha1(k, wbxml);
	return Secret.fromText('USERPINMAC PIN', kText + macDigits(mac, kText.length));
}

/** Receiver side: the typed PIN K ‖ m is authentic iff m equals the digits derived from HMAC(K, A). */
export async function checkUserPinMac(wbxml: Uint8Array, pin: Secret | undefined): Promise<void> {
	const typed = new TextDecoder().decode(requirePin(pin, 'USERPINMAC'));
	if (typed.length % 2 !== 0) {
		throw new BootstrapError(
			'pin-odd-length',
			`SEC=USERPINMAC: the PIN is two halves of equal length; found ${typed.length} characters (odd)`
		);
	}
	checkHalf(typed, 'the PIN');
	const half = typed.length / 2;
	const k = typed.slice(0, half);
	const m = typed.slice(half);
	const mac = hmacSha1(new TextEncoder().encode(k), wbxml);
	let diff = 0;
	const expected = macDigits(mac, half);
	for (let i = 0; i < half; i++) diff |= expected.charCodeAt(i) ^ m.charCodeAt(i);
	if (diff !== 0) {
		throw new BootstrapError('mac-mismatch', 'SEC=USERPINMAC: the MAC half of the PIN does not match the document');
	}
}
