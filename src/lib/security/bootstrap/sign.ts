import { BootstrapError } from './error';
import { hmacSha1 } from './hmac';
import { bootstrapKey, requirePin } from './key';
import { SEC, secName, type SecValue } from './sec';
import { checkUserPinMac, userPinFor } from './userpinmac';
import { toHex } from '../../codec/hex';
import type { Secret } from '../secret';

// ProvBoot §5 / ProvCont §4.3: the MAC parameter is HMAC-SHA1(K, A) over the whole WBXML document as sent,
// written as 40 hex characters. Senders emit uppercase (Kannel octstr_binary_to_hex(mac, 1), Funambol);
// receivers differ in case handling, so we accept either (bootstrap-security.md §1).

/**
 * HMAC-SHA1 (RFC 2104) of `data` under `key`, 20 bytes. The library's own is @noble/hashes (hmac.ts); a caller that
 * has a faster native one (node:crypto's createHmac at the edge, in the CLI or a batch worker) passes it in, so this
 * folder stays free of Node built-ins. It must be HMAC-SHA1 itself: the MAC is ProvBoot §5's whatever computes it.
 */
export type HmacSha1 = (key: Uint8Array, data: Uint8Array) => Uint8Array;

export interface SignOptions {
	sec: SecValue;
	imsi?: string;
	/** The user PIN (SEC 1, 2) or, for USERPINMAC, the key digits K. */
	pin?: Secret;
	/** The HMAC-SHA1 to use for the header MAC (default: the library's, hmac.ts). */
	hmac?: HmacSha1;
}

export interface Signature {
	sec: SecValue;
	/** 40 uppercase hex characters. For USERPINMAC it is HMAC(K, A), which receivers do not check. */
	mac: string;
	/** USERPINMAC only: the PIN K ‖ m the user must type. */
	userPin?: Secret;
}

export interface VerifyOptions {
	sec: number;
	imsi?: string;
	pin?: Secret;
	/** The MAC parameter as received (either case); not used for USERPINMAC. */
	mac?: string;
	/** The HMAC-SHA1 to check the MAC with (default: the library's, hmac.ts). */
	hmac?: HmacSha1;
}

const MAC_HEX = /^[0-9A-Fa-f]{40}$/;

function checkSec(sec: number): SecValue {
	if (secName(sec) === undefined) {
		throw new BootstrapError(
			'bad-sec',
			`SEC must be 0 (NETWPIN), 1 (USERPIN), 2 (USERNETWPIN) or 3 (USERPINMAC); found ${String(sec)}`
		);
	}
	return sec as SecValue;
}

export async function sign(wbxml: Uint8Array, options: SignOptions): Promise<Signature> {
	const sec = checkSec(options.sec);
	if (sec === SEC.USERPINMAC) {
		const userPin = await userPinFor(wbxml, options.pin);
		// The header MAC "may still be sent" (§3): HMAC under K, the same M the digits come from.
		const mac = (options.hmac ?? hmacSha1)(requirePin(options.pin, 'USERPINMAC'), wbxml);
		return { sec, mac: toHex(mac), userPin };
	}
	const key = bootstrapKey(sec, options);
	return { sec, mac: toHex((options.hmac ?? hmacSha1)(key.reveal(), wbxml)) };
}

/** Resolves when the document is authentic under the given SEC method; rejects with a BootstrapError otherwise. */
export async function verify(wbxml: Uint8Array, options: VerifyOptions): Promise<void> {
	const sec = checkSec(options.sec);
	if (sec === SEC.USERPINMAC) return checkUserPinMac(wbxml, options.pin);
	const key = bootstrapKey(sec, options);
	const method = secName(sec);
	if (options.mac === undefined) throw new BootstrapError('missing-mac', `SEC=${method}: no MAC parameter to check`);
	if (!MAC_HEX.test(options.mac)) {
		throw new BootstrapError(
			'bad-mac-format',
			`SEC=${method}: MAC must be 40 hexadecimal characters; found ${options.mac.length} characters`
		);
	}
	const expected = toHex((options.hmac ?? hmacSha1)(key.reveal(), wbxml));
	const given = options.mac.toUpperCase();
	let diff = 0;
	for (let i = 0; i < expected.length; i++) diff |= expected.charCodeAt(i) ^ given.charCodeAt(i);
	if (diff !== 0) throw new BootstrapError('mac-mismatch', `SEC=${method}: the MAC does not match the document`);
}
