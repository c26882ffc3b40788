// Text in the document charset <-> JS strings. Only UTF-8 (MIBenum 106), ISO-8859-1 (4) and US-ASCII (3) are
// decoded: each uses a single NUL byte as string terminator (WAP-192 §5.8.4.1), which is what makes them safe to
// scan, and each decodes without a table. libwbxml also accepts, through iconv, ISO-8859-2..9, Shift_JIS, Big5,
// UCS-2 and UTF-16 (src/wbxml_charset.c); the last two terminate strings with two NUL bytes, so a stream in them
// cannot be read with this scanner at all.
import { CHARSET_LATIN1, CHARSET_US_ASCII, CHARSET_UTF8 } from './tokens';
import { WbxmlError } from './types';

/** WAP-192 §5.6: charset 0 says the encoding is unknown. libwbxml passes such strings through as they are (its XML
 *  is then UTF-8 for every stream that is UTF-8); they are read as UTF-8 here, and a byte that is not UTF-8 is refused
 *  where it is (libwbxml writes it into its XML, which is then not UTF-8). */
export const CHARSET_UNKNOWN = 0;

const utf8Decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const utf8Encoder = new TextEncoder();

export function isSupportedCharset(charset: number): boolean {
	return charset === CHARSET_UTF8 || charset === CHARSET_LATIN1 || charset === CHARSET_US_ASCII || charset === CHARSET_UNKNOWN;
}

export function charsetName(charset: number): string {
	if (charset === CHARSET_UTF8) return 'UTF-8';
	if (charset === CHARSET_LATIN1) return 'ISO-8859-1';
	if (charset === CHARSET_US_ASCII) return 'US-ASCII';
	if (charset === CHARSET_UNKNOWN) return 'unknown (0), read as UTF-8';
	return `MIBenum ${charset}`;
}

/** Decodes `bytes` (no terminator); `offset` is where they start in the stream, for the error. */
export function decodeText(bytes: Uint8Array, charset: number, offset: number): string {
	if (charset === CHARSET_US_ASCII) {
		// ANSI X3.4 has 7-bit codes only; libwbxml's iconv refuses the others too.
		const high = bytes.findIndex((b) => b >= 0x80);
		if (high >= 0) {
			throw new WbxmlError('invalid-text', offset + high, `byte 0x${bytes[high].toString(16).toUpperCase()} is not US-ASCII (the header says charset MIBenum 3)`);
		}
	}
	let text: string;
	if (charset === CHARSET_LATIN1 || charset === CHARSET_US_ASCII) {
		text = '';
		for (let i = 0; i < bytes.length; i++) text += String.fromCharCode(bytes[i]);
	} else {
		try {
			text = utf8Decoder.decode(bytes);
		} catch {
			const why = charset === CHARSET_UNKNOWN ? ' (the header says charset 0, unknown: strings are read as UTF-8)' : '';
			throw new WbxmlError('invalid-utf8', offset, `string is not valid UTF-8${why}`);
		}
	}
	const bad = text.search(NOT_XML_CHAR);
	if (bad >= 0) {
		// Decoded text becomes XML (pstudio decode, the studio, a card read back): a character XML 1.0 cannot carry,
		// even as a reference, would make that XML not well-formed, so the stream is refused where it holds one.
		const at = charset === CHARSET_LATIN1 || charset === CHARSET_US_ASCII ? bad : utf8LengthOf(text, 0, bad);
		throw new WbxmlError('invalid-text', offset + at, `${xmlCharName(text.charCodeAt(bad))} in a string is not an XML 1.0 character (XML 1.0 §2.2 Char)`);
	}
	return text;
}

/** C0 controls other than tab, LF and CR, and U+FFFE / U+FFFF: not XML 1.0 Chars (§2.2). NUL ends a string here. */
export const NOT_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

/** "U+0001" for a code point. */
export function xmlCharName(code: number): string {
	return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

export function encodeUtf8(text: string): Uint8Array {
	return utf8Encoder.encode(text);
}

const NON_ASCII = /[^\u0000-\u007f]/;

/** UTF-8 byte length without allocating. Lone surrogates are rejected earlier by `isWellFormedText`. */
export function utf8Length(text: string): number {
	// ASCII (nearly every CP value): one byte per code unit, found by a native scan.
	if (!NON_ASCII.test(text)) return text.length;
	return utf8LengthOf(text, 0, text.length);
}

/** UTF-8 length of text[from, to), `from` and `to` on character boundaries. */
export function utf8LengthOf(text: string, from: number, to: number): number {
	let n = 0;
	for (let i = from; i < to; i++) {
		const c = text.charCodeAt(i);
		if (c < 0x80) n += 1;
		else if (c < 0x800) n += 2;
		else if (c >= 0xd800 && c <= 0xdbff) {
			n += 4;
			i++;
		} else n += 3;
	}
	return n;
}

const SUSPECT = /[\u0000\ud800-\udfff]/;

/** True when `text` has no lone surrogate (it can be written as UTF-8) and no NUL (it can be a WBXML string). */
export function isWellFormedText(text: string): boolean {
	// Almost every string has neither; the regex scan is native and saves the loop below.
	if (!SUSPECT.test(text)) return true;
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (c === 0) return false;
		if (c >= 0xd800 && c <= 0xdbff) {
			const d = text.charCodeAt(i + 1);
			if (!(d >= 0xdc00 && d <= 0xdfff)) return false;
			i++;
		} else if (c >= 0xdc00 && c <= 0xdfff) return false;
	}
	return true;
}
