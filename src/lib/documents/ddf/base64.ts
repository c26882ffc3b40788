// RFC 4648 §4 base64 for b64/bin node values. XML carries base64 wrapped over lines, so whitespace is
// ignored; padding may be omitted; anything else outside the alphabet is refused.

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const VALUES: Record<string, number> = Object.fromEntries([...ALPHABET].map((c, i) => [c, i]));

export function encodeBase64(bytes: Uint8Array): string {
	let out = '';
	for (let i = 0; i < bytes.length; i += 3) {
		const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
		out += ALPHABET[(n >> 18) & 63] + ALPHABET[(n >> 12) & 63];
		out += i + 1 < bytes.length ? ALPHABET[(n >> 6) & 63] : '=';
		out += i + 2 < bytes.length ? ALPHABET[n & 63] : '=';
	}
	return out;
}

/** The bytes, or a reason why the text is not base64. */
export function decodeBase64(text: string): Uint8Array | string {
	const compact = text.replace(/[ \t\r\n]/g, '');
	const body = compact.replace(/={1,2}$/, '');
	const padding = compact.length - body.length;
	if (body.length % 4 === 1) return `base64 "${short(text)}" has ${body.length} characters, a length of 4k+1 cannot be decoded`;
	if (padding > 0 && compact.length % 4 !== 0) return `base64 "${short(text)}" has padding but its length ${compact.length} is not a multiple of 4`;
	const out = new Uint8Array(Math.floor((body.length * 3) / 4));
	let bits = 0;
	let buffer = 0;
	let index = 0;
	for (let i = 0; i < body.length; i++) {
		const value = VALUES[body[i]];
		if (value === undefined) return `"${body[i]}" at position ${i + 1} is not a base64 character`;
		buffer = (buffer << 6) | value;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[index++] = (buffer >> bits) & 0xff;
		}
	}
	return out;
}

function short(text: string): string {
	return text.length > 24 ? `${text.slice(0, 24)}…` : text;
}
