// HMAC-SHA1 computed by OpenSSL (a third-party implementation), for MAC vectors the tests do not take from us.
import { execFileSync } from 'node:child_process';

/** `openssl dgst -sha1 -mac HMAC -macopt hexkey:<key>` over a file, as 40 uppercase hex digits. */
export function opensslHmacSha1(file: string, hexKey: string): string {
	const out = execFileSync('openssl', ['dgst', '-sha1', '-mac', 'HMAC', '-macopt', `hexkey:${hexKey}`, '-r', file], { encoding: 'utf8' });
	// `-r` prints "<hex> *<file>".
	return out.split(' ')[0].toUpperCase();
}

/** The hex of an ASCII text (a PIN used as a key). */
export function asciiHex(text: string): string {
	return Buffer.from(text, 'ascii').toString('hex').toUpperCase();
}
