import { echoed } from '../text';
import { OtaError } from './error';
import type { Reader } from './reader';
import { hex2 } from './wsp-values';

// 3GPP TS 23.040 §9.1.2.5 address fields: length in semi-octets (useful digits), Type-of-Address, then the
// digits as swapped semi-octets (first digit in the low nibble), F-filled. TOA 0x91 = international/ISDN,
// 0x81 = unknown/ISDN — as Kannel's at2_format_address_field writes them ('+' or '00' prefix → international).

export interface SmsAddress {
	/** The digits, with a leading '+' for international numbers; alphanumeric senders are given as hex. */
	number: string;
	toa: number;
}

const SEMI_OCTET = '0123456789*#abc';
const TOA_INTERNATIONAL = 0x91;
const TOA_UNKNOWN = 0x81;

export function encodeAddress(number: string): Uint8Array {
	const international = number.startsWith('+');
	const digits = international ? number.slice(1) : number;
	if (!/^[0-9]{1,20}$/.test(digits)) {
		throw new OtaError(
			'bad-address',
			'encode',
			-1,
			`destination must be 1–20 decimal digits with an optional leading '+'; found ${echoed(number)}`
		);
	}
	const out = new Uint8Array(2 + Math.ceil(digits.length / 2));
	out[0] = digits.length;
	out[1] = international ? TOA_INTERNATIONAL : TOA_UNKNOWN;
	for (let i = 0; i < digits.length; i += 2) {
		const low = digits.charCodeAt(i) - 0x30;
		const high = i + 1 < digits.length ? digits.charCodeAt(i + 1) - 0x30 : 0xf;
		out[2 + i / 2] = (high << 4) | low;
	}
	return out;
}

export function readAddress(r: Reader, what: string): SmsAddress {
	const at = r.pos;
	const length = r.byte(`${what} length`);
	if (length > 20) r.fail('bad-address', `${what} length must be at most 20 semi-octets; found ${length}`, at);
	const toa = r.byte(`${what} type`);
	const octets = r.take(Math.ceil(length / 2), what);
	if ((toa & 0x70) === 0x50) {
		// Type of number 101 = alphanumeric (GSM 7-bit packed); not a number, so kept as hex.
		return { number: Array.from(octets, hex2).join(''), toa };
	}
	let number = (toa & 0x70) === 0x10 ? '+' : '';
	for (let i = 0; i < length; i++) {
		const nibble = i % 2 === 0 ? octets[i >> 1] & 0x0f : octets[i >> 1] >> 4;
		if (nibble === 0xf) {
			throw new OtaError('bad-address', r.layer, at + 2 + (i >> 1), `${what}: filler F inside the ${length} useful digits`);
		}
		number += SEMI_OCTET[nibble];
	}
	return { number, toa };
}
