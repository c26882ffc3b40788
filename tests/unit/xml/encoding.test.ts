// XML bytes → text (XML 1.0 §4.3.3 Character Encoding in Entities, Appendix F.1): the BOM, else the encoding
// declaration, says how to read the bytes. Expected texts are the strings the bytes were made from; columns and
// offsets are counted by hand beside each case.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeXmlBytes, XmlError } from '../../../src/lib/codec/xml';

function utf16(text: string, order: 'le' | 'be', bom = true): Uint8Array {
	const units = [...(bom ? [0xfeff] : []), ...Array.from(text, (c) => c.charCodeAt(0))];
	const out = new Uint8Array(units.length * 2);
	units.forEach((u, i) => {
		out[2 * i + (order === 'le' ? 0 : 1)] = u & 0xff;
		out[2 * i + (order === 'le' ? 1 : 0)] = u >> 8;
	});
	return out;
}

/** Every character of `text` as one byte (text below U+0100 only), then `tail` bytes. */
function bytesOf(text: string, ...tail: number[]): Uint8Array {
	return Uint8Array.from([...Array.from(text, (c) => c.charCodeAt(0)), ...tail]);
}

function errorOf(bytes: Uint8Array): XmlError {
	try {
		decodeXmlBytes(bytes);
	} catch (error) {
		expect(error).toBeInstanceOf(XmlError);
		return error as XmlError;
	}
	throw new Error('expected an XmlError');
}

const DOC = '<?xml version="1.0" encoding="UTF-16"?>\n<a b="é€"/>';

describe('UTF-16 (§4.3.3: every XML processor must read it; a UTF-16 entity begins with a BOM)', () => {
	it('reads UTF-16LE and UTF-16BE with their byte order marks, the BOM dropped', () => {
		// Was "not valid UTF-8 text" for both: Windows tools save XML as UTF-16 with a BOM.
		expect(decodeXmlBytes(utf16(DOC, 'le'))).toBe(DOC);
		expect(decodeXmlBytes(utf16(DOC, 'be'))).toBe(DOC);
		expect(decodeXmlBytes(utf16('<a/>', 'be'))).toBe('<a/>');
	});

	it('reads UTF-16 without a BOM when it starts "<?" (Appendix F.1: 3C 00 3F 00, 00 3C 00 3F)', () => {
		const text = '<?xml version="1.0" encoding="UTF-16LE"?><a/>';
		expect(decodeXmlBytes(utf16(text, 'le', false))).toBe(text);
		expect(decodeXmlBytes(utf16(text.replace('LE', 'BE'), 'be', false))).toBe(text.replace('LE', 'BE'));
	});

	it('refuses a declaration that names another encoding than the UTF-16 the BOM says', () => {
		// <?xml version="1.0" encoding=" is 30 characters: the name starts at column 31.
		const e = errorOf(utf16('<?xml version="1.0" encoding="UTF-8"?><a/>', 'le'));
		expect([e.code, e.line, e.column, e.reason]).toEqual(['bad-encoding', 1, 31, 'the declaration says encoding "UTF-8", but the document is UTF-16LE']);
	});

	it('refuses a half character at the end and an unpaired surrogate, where they are', () => {
		// FF FE, "<a/>" (8 bytes), then one byte at offset 10: after 4 characters, column 5.
		const odd = Uint8Array.from([...utf16('<a/>', 'le'), 0x00]);
		expect(errorOf(odd).message).toBe('line 1, column 5: UTF-16LE text ends in the middle of a character: the byte at offset 10 is its first half only');
		// FF FE, "<a" (offsets 2-5), then D800 at offset 6 followed by "/" (not a low surrogate): column 3.
		const lone = Uint8Array.from([0xff, 0xfe, 0x3c, 0x00, 0x61, 0x00, 0x00, 0xd8, 0x2f, 0x00, 0x3e, 0x00]);
		expect(errorOf(lone).message).toBe('line 1, column 3: unpaired surrogate 0xD800 at offset 6 in UTF-16LE text');
	});

	it('refuses "UTF-16" declared in bytes that have no UTF-16 byte order mark and are not UTF-16', () => {
		const e = errorOf(bytesOf('<?xml version="1.0" encoding="UTF-16"?><a/>'));
		expect([e.line, e.column, e.reason]).toEqual([1, 31, 'the declaration says encoding "UTF-16", but the document has no UTF-16 byte order mark and is not UTF-16']);
	});
});

describe('single-byte encodings named by the declaration', () => {
	it('reads ISO-8859-1 byte for byte as U+0000-U+00FF, 0x80 included (not the windows-1252 euro)', () => {
		// ISO-8859-1 is the first 256 code points of Unicode: E9 = é, 80 = U+0080. Was "not valid UTF-8 text".
		const bytes = bytesOf('<?xml version="1.0" encoding="ISO-8859-1"?><a b="Caf', 0xe9, 0x80, 0x22, 0x2f, 0x3e);
		expect(decodeXmlBytes(bytes)).toBe('<?xml version="1.0" encoding="ISO-8859-1"?><a b="Café\u0080"/>');
		// Encoding names are case-insensitive (§4.3.3), and "latin1" is an IANA alias of ISO-8859-1.
		expect(decodeXmlBytes(bytesOf("<?xml version='1.0' encoding='latin1'?><a>", 0xfc, 0x3c, 0x2f, 0x61, 0x3e))).toBe("<?xml version='1.0' encoding='latin1'?><a>ü</a>");
	});

	it('reads windows-1252, where 0x80 is the euro sign and 0x9F Ÿ (unicode.org cp1252.txt), the rest as ISO-8859-1', () => {
		expect(decodeXmlBytes(bytesOf('<?xml version="1.0" encoding="windows-1252"?><a>', 0x80, 0x9f, 0xe9, 0x3c, 0x2f, 0x61, 0x3e))).toBe(
			'<?xml version="1.0" encoding="windows-1252"?><a>€\u0178é</a>'
		);
	});

	it('refuses a byte above 0x7F in a document declared US-ASCII, at its line and column', () => {
		// line 2 "<a>x" then E9: column 5; the byte is at offset 42 (40 bytes of declaration and line 1 end, then "<a>x" less one).
		const declaration = '<?xml version="1.0" encoding="US-ASCII"?>\n';
		const e = errorOf(bytesOf(`${declaration}<a>x`, 0xe9, 0x3c, 0x2f, 0x61, 0x3e));
		expect(e.message).toBe(`line 2, column 5: byte 0xE9 at offset ${declaration.length + 4} is not US-ASCII (the declaration says encoding US-ASCII)`);
	});

	it('refuses an encoding it cannot read, at the name in the declaration', () => {
		const e = errorOf(bytesOf('<?xml version="1.0" encoding="Shift_JIS"?><a/>'));
		expect(e.message).toBe('line 1, column 31: encoding "Shift_JIS" is not supported: pstudio reads UTF-8, UTF-16, ISO-8859-1, US-ASCII or windows-1252');
	});
});

describe('UTF-8 (no BOM and no declaration, or either of them saying so)', () => {
	it('drops a UTF-8 byte order mark', () => {
		expect(decodeXmlBytes(Uint8Array.from([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('<a>€</a>')]))).toBe('<a>€</a>');
	});

	it('refuses a byte that is not UTF-8 at its line and column, with its offset', () => {
		// "<a>\n<b>" is 7 bytes: 0xFF is at offset 7, line 2 column 4.
		const e = errorOf(bytesOf('<a>\n<b>', 0xff));
		expect([e.code, e.message]).toEqual(['bad-encoding', 'line 2, column 4: byte 0xFF at offset 7 is not valid UTF-8 (without an encoding declaration a document is UTF-8, XML 1.0 §4.3.3)']);
	});

	it('refuses an overlong NUL (C0 80) and an encoded surrogate (ED A0 80), which RFC 3629 §3 forbids', () => {
		expect(errorOf(bytesOf('<a>', 0xc0, 0x80)).column).toBe(4);
		expect(errorOf(bytesOf('<a>x', 0xed, 0xa0, 0x80)).reason).toMatch(/^byte 0xED at offset 4 /);
	});

	it('refuses a UTF-8 BOM followed by a declaration of another encoding', () => {
		const e = errorOf(bytesOf('\u00ef\u00bb\u00bf<?xml version="1.0" encoding="ISO-8859-1"?><a/>'));
		expect([e.line, e.column, e.reason]).toEqual([1, 31, 'the declaration says encoding "ISO-8859-1", but the document starts with a UTF-8 byte order mark']);
	});
});

describe('decodeXmlBytes on any bytes', () => {
	it('gives text or an XmlError with a line and column, never another exception', () => {
		// Random bytes, and random bytes behind each of the starts the reader looks at (BOMs, UTF-16 "<?", a declaration).
		const starts = [[], [0xef, 0xbb, 0xbf], [0xff, 0xfe], [0xfe, 0xff], [0x3c, 0x00, 0x3f, 0x00], [0x00, 0x3c, 0x00, 0x3f], [...Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?>')], [...Buffer.from("<?xml version='1.0' encoding='us-ascii'?>")]];
		fc.assert(
			fc.property(fc.constantFrom(...starts), fc.uint8Array({ maxLength: 300 }), (start, rest) => {
				try {
					expect(typeof decodeXmlBytes(Uint8Array.from([...start, ...rest]))).toBe('string');
				} catch (error) {
					expect(error).toBeInstanceOf(XmlError);
					const e = error as XmlError;
					expect(e.line).toBeGreaterThanOrEqual(1);
					expect(e.column).toBeGreaterThanOrEqual(1);
				}
			}),
			{ numRuns: 3000 }
		);
	});
});
