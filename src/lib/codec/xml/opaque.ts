// How WBXML OPAQUE bytes (WAP-192 §5.8.4.6) become XML text.

/** The bytes as a string when they are well-formed UTF-8, otherwise undefined. */
export function utf8OrUndefined(bytes: Uint8Array): string | undefined {
	try {
		return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
	} catch {
		return undefined;
	}
}

/** True when every character may appear in XML 1.0 content (§2.2 Char). */
export function isXmlChars(value: string): boolean {
	return !/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u.test(value);
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** RFC 4648 §4 base64 with padding. */
export function base64(bytes: Uint8Array): string {
	let out = '';
	for (let i = 0; i < bytes.length; i += 3) {
		const b0 = bytes[i];
		const b1 = i + 1 < bytes.length ? bytes[i + 1] : 0;
		const b2 = i + 2 < bytes.length ? bytes[i + 2] : 0;
		const n = (b0 << 16) | (b1 << 8) | b2;
		out += ALPHABET[(n >> 18) & 63] + ALPHABET[(n >> 12) & 63];
		out += i + 1 < bytes.length ? ALPHABET[(n >> 6) & 63] : '=';
		out += i + 2 < bytes.length ? ALPHABET[n & 63] : '=';
	}
	return out;
}
