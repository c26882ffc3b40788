// XML bytes → text: which character encoding a document is in, from its byte order mark and its encoding
// declaration (XML 1.0 §4.3.3 Character Encoding in Entities, Appendix F.1 autodetection). Documents in the field
// come as UTF-8 (with or without BOM), UTF-16 with a BOM (Windows tools), and ISO-8859-1 or windows-1252 with a
// declaration saying so (older provisioning servers); every XML processor must read UTF-8 and UTF-16 (§4.3.3).
import { XmlError } from './error';

/** Encodings read by name from a declaration; names are matched case-insensitively (§4.3.3 EncName, IANA aliases). */
type ByteEncoding = 'utf-8' | 'iso-8859-1' | 'us-ascii' | 'windows-1252';
type Utf16 = 'utf-16le' | 'utf-16be';

const BY_NAME: ReadonlyMap<string, ByteEncoding | 'utf-16'> = new Map([
	['utf-8', 'utf-8'],
	['utf8', 'utf-8'],
	['iso-8859-1', 'iso-8859-1'],
	['iso_8859-1', 'iso-8859-1'],
	['iso8859-1', 'iso-8859-1'],
	['latin1', 'iso-8859-1'],
	['l1', 'iso-8859-1'],
	['us-ascii', 'us-ascii'],
	['ascii', 'us-ascii'],
	['windows-1252', 'windows-1252'],
	['cp1252', 'windows-1252'],
	['utf-16', 'utf-16'],
	['utf-16le', 'utf-16'],
	['utf-16be', 'utf-16'],
	['ucs-2', 'utf-16']
]);

const SUPPORTED = 'UTF-8, UTF-16, ISO-8859-1, US-ASCII or windows-1252';

/** §2.8 XMLDecl / §4.3.3 EncodingDecl, on the text the declaration is read in. */
const DECLARATION = /^<\?xml[ \t\r\n]+version[ \t\r\n]*=[ \t\r\n]*(?:"[^"]*"|'[^']*')[ \t\r\n]+encoding[ \t\r\n]*=[ \t\r\n]*(["'])([^"']*)\1/;

/**
 * The text of an XML document given as bytes. A leading BOM is dropped. Bytes that are not valid in the document's
 * encoding, an encoding pstudio cannot read, or a declaration that contradicts the BOM are an XmlError at the
 * line and column where they are.
 */
export function decodeXmlBytes(bytes: Uint8Array): string {
	// Appendix F.1: with a BOM, the BOM decides; UTF-16 without one starts "<?" as 3C 00 3F 00 or 00 3C 00 3F.
	if (bytes[0] === 0xfe && bytes[1] === 0xff) return decodeUtf16(bytes, 2, 'utf-16be');
	if (bytes[0] === 0xff && bytes[1] === 0xfe) return decodeUtf16(bytes, 2, 'utf-16le');
	if (bytes[0] === 0x3c && bytes[1] === 0x00 && bytes[2] === 0x3f && bytes[3] === 0x00) return decodeUtf16(bytes, 0, 'utf-16le');
	if (bytes[0] === 0x00 && bytes[1] === 0x3c && bytes[2] === 0x00 && bytes[3] === 0x3f) return decodeUtf16(bytes, 0, 'utf-16be');
	const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
	const start = bom ? 3 : 0;
	// The declaration is ASCII in every encoding read here; latin-1 maps each byte to one character.
	const head = latin1(bytes.subarray(start, start + 512));
	const declared = declaredEncoding(head);
	let encoding: ByteEncoding = 'utf-8';
	if (declared !== undefined) {
		if (declared.encoding === 'utf-16') {
			// §4.3.3: "Entities encoded in UTF-16 MUST begin with the Byte Order Mark"; these bytes are not UTF-16.
			throw new XmlError('bad-encoding', 1, declared.column, `the declaration says encoding "${declared.name}", but the document has no UTF-16 byte order mark and is not UTF-16`);
		}
		if (bom && declared.encoding !== 'utf-8') {
			throw new XmlError('bad-encoding', 1, declared.column, `the declaration says encoding "${declared.name}", but the document starts with a UTF-8 byte order mark`);
		}
		encoding = declared.encoding;
	}
	return decodeBytes(bytes, start, encoding, declared !== undefined);
}

interface Declared {
	name: string;
	encoding: ByteEncoding | 'utf-16';
	/** 1-based column of the encoding name on line 1. */
	column: number;
}

function declaredEncoding(head: string): Declared | undefined {
	const match = DECLARATION.exec(head);
	if (match === null) return undefined;
	const name = match[2];
	const column = match[0].length - name.length;
	const encoding = BY_NAME.get(name.toLowerCase());
	if (encoding === undefined) {
		const shown = /^[A-Za-z][A-Za-z0-9._-]{0,39}$/.test(name) ? `"${name}"` : 'named in the declaration';
		throw new XmlError('bad-encoding', 1, column, `encoding ${shown} is not supported: pstudio reads ${SUPPORTED}`);
	}
	return { name, encoding, column };
}

function latin1(bytes: Uint8Array): string {
	let text = '';
	for (const byte of bytes) text += String.fromCharCode(byte);
	return text;
}

// windows-1252 0x80-0x9F (the Unicode consortium's cp1252.txt mapping; the five bytes it leaves undefined, 81 8D 8F
// 90 9D, map to the C1 controls of the same value as the WHATWG Encoding Standard does). Not TextDecoder: a Node
// built without full ICU decodes the label 'windows-1252' as ISO-8859-1 (0x80 → U+0080 instead of €).
const CP1252_HIGH = [
	0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
	0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178
];

function windows1252(bytes: Uint8Array): string {
	let text = '';
	for (const byte of bytes) text += String.fromCharCode(byte >= 0x80 && byte <= 0x9f ? CP1252_HIGH[byte - 0x80] : byte);
	return text;
}

function decodeBytes(bytes: Uint8Array, start: number, encoding: ByteEncoding, declared: boolean): string {
	const body = bytes.subarray(start);
	switch (encoding) {
		case 'iso-8859-1':
			// Every byte is the code point of the same value (ISO-8859-1 is the first 256 code points of Unicode).
			// Not TextDecoder('latin1'): the WHATWG Encoding Standard makes that label windows-1252.
			return latin1(body);
		case 'windows-1252':
			return windows1252(body);
		case 'us-ascii': {
			const bad = body.findIndex((byte) => byte > 0x7f);
			if (bad >= 0) throw atByte(bytes, start, start + bad, `byte 0x${hex(body[bad])} at offset ${start + bad} is not US-ASCII (the declaration says encoding US-ASCII)`);
			return latin1(body);
		}
		case 'utf-8': {
			// The native decoder checks what firstInvalidUtf8 checks (the WHATWG decoder refuses overlong forms,
			// surrogates and anything above U+10FFFF too), at a fraction of the time: the scan runs only to say where.
			try {
				return new TextDecoder('utf-8', { ignoreBOM: true, fatal: true }).decode(body);
			} catch {
				const bad = Math.max(0, firstInvalidUtf8(body));
				const why = declared ? 'the declaration says encoding UTF-8' : 'without an encoding declaration a document is UTF-8, XML 1.0 §4.3.3';
				throw atByte(bytes, start, start + bad, `byte 0x${hex(body[bad] ?? 0)} at offset ${start + bad} is not valid UTF-8 (${why})`);
			}
		}
	}
}

function decodeUtf16(bytes: Uint8Array, start: number, order: Utf16): string {
	const units = (bytes.length - start) >> 1;
	const unit = (i: number): number => {
		const at = start + 2 * i;
		return order === 'utf-16le' ? bytes[at] | (bytes[at + 1] << 8) : (bytes[at] << 8) | bytes[at + 1];
	};
	const codes = new Uint16Array(units);
	for (let i = 0; i < units; i++) codes[i] = unit(i);
	const text = (end: number): string => {
		let out = '';
		for (let i = 0; i < end; i += 4096) out += String.fromCharCode(...codes.subarray(i, Math.min(end, i + 4096)));
		return out;
	};
	const where = order === 'utf-16le' ? 'UTF-16LE' : 'UTF-16BE';
	for (let i = 0; i < units; i++) {
		const code = codes[i];
		const high = code >= 0xd800 && code <= 0xdbff;
		const low = code >= 0xdc00 && code <= 0xdfff;
		if (high && i + 1 < units && codes[i + 1] >= 0xdc00 && codes[i + 1] <= 0xdfff) {
			i++;
		} else if (high || low) {
			throw located(text(i), `unpaired surrogate 0x${code.toString(16).toUpperCase()} at offset ${start + 2 * i} in ${where} text`);
		}
	}
	if ((bytes.length - start) % 2 !== 0) throw located(text(units), `${where} text ends in the middle of a character: the byte at offset ${bytes.length - 1} is its first half only`);
	const all = text(units);
	const declared = declaredEncoding(all);
	if (declared !== undefined && declared.encoding !== 'utf-16') {
		throw new XmlError('bad-encoding', 1, declared.column, `the declaration says encoding "${declared.name}", but the document is ${where}`);
	}
	return all;
}

/** The error for the byte at `offset` (of the whole input), located by the valid text before it. */
function atByte(bytes: Uint8Array, start: number, offset: number, reason: string): XmlError {
	return located(new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes.subarray(start, offset)), reason);
}

/** Line and column (§2.11 line ends, one column per character) of the character after `before`. */
function located(before: string, reason: string): XmlError {
	const lines = before.split(/\r\n|\r|\n/);
	const last = lines[lines.length - 1];
	return new XmlError('bad-encoding', lines.length, [...last].length + 1, reason);
}

function hex(byte: number): string {
	return byte.toString(16).toUpperCase().padStart(2, '0');
}

/**
 * Index of the first byte that does not begin a well-formed UTF-8 sequence (RFC 3629 §4: no overlong forms, no
 * surrogates, nothing above U+10FFFF), or -1.
 */
function firstInvalidUtf8(bytes: Uint8Array): number {
	let i = 0;
	while (i < bytes.length) {
		const b = bytes[i];
		if (b < 0x80) {
			i++;
			continue;
		}
		let need: number;
		let min: number;
		let max = 0xbf;
		if (b >= 0xc2 && b <= 0xdf) {
			need = 1;
			min = 0x80;
		} else if (b >= 0xe0 && b <= 0xef) {
			need = 2;
			min = b === 0xe0 ? 0xa0 : 0x80;
			if (b === 0xed) max = 0x9f;
		} else if (b >= 0xf0 && b <= 0xf4) {
			need = 3;
			min = b === 0xf0 ? 0x90 : 0x80;
			if (b === 0xf4) max = 0x8f;
		} else {
			return i;
		}
		for (let k = 1; k <= need; k++) {
			const c = bytes[i + k];
			const lo = k === 1 ? min : 0x80;
			const hi = k === 1 ? max : 0xbf;
			if (c === undefined || c < lo || c > hi) return i;
		}
		i += need + 1;
	}
	return -1;
}
