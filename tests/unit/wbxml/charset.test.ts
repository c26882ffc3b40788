// Header charsets (WAP-192 §5.6, IANA MIBenum). libwbxml accepts US-ASCII (src/wbxml_charset.c); so do we, as the
// 7-bit subset it is. The stream is hand-made: xml2wbxml always writes UTF-8 (ORACLES.md §1), so libwbxml is asked to
// read it instead (wbxml2xml), and must agree with us.
import { describe, expect, it } from 'vitest';
import { decodeWbxml, WbxmlError } from '../../../src/lib/codec/wbxml/index';
import { canonicalXml, parseXml } from '../../../src/lib/codec/xml';
import { bytes, chr, el, parm, strip, wbxml2xml } from './helpers';

// PROV 1.0, charset 03 (US-ASCII), no string table; NAPDEF with NAME "cafe".
const US_ASCII = bytes('03 0B 03 00 45 C6 55 01 87 07 06 03 "cafe" 00 01 01 01');

describe('charset US-ASCII (MIBenum 3)', () => {
	it('decodes a US-ASCII stream as libwbxml does', () => {
		const decoded = decodeWbxml(US_ASCII);
		expect(decoded.charset).toBe(3);
		expect(strip(decoded.document.root)).toEqual(el('wap-provisioningdoc', {}, chr('NAPDEF', parm('NAME', 'cafe'))));
		expect(canonicalXml(parseXml(wbxml2xml(US_ASCII)))).toBe(canonicalXml(decoded.document));
	});

	it('refuses a byte above 0x7F in a US-ASCII string, naming the byte and where it is', () => {
		const data = bytes('03 0B 03 00 45 C6 55 01 87 07 06 03 "caf" E9 00 01 01 01');
		expect(() => decodeWbxml(data)).toThrow(new WbxmlError('invalid-text', 0xf, 'byte 0xE9 is not US-ASCII (the header says charset MIBenum 3)'));
		expect(() => decodeWbxml(data)).toThrow('WBXML offset 0xF: byte 0xE9 is not US-ASCII (the header says charset MIBenum 3)');
	});

	it('still refuses charsets it cannot decode, listing those it can', () => {
		// 0x11 = 17 Shift_JIS: libwbxml reads it through iconv; we decode no multi-byte charset but UTF-8.
		expect(() => decodeWbxml(bytes('03 0B 11 00 45 01'))).toThrow(
			'WBXML offset 0x2: charset MIBenum 17 is not supported (only UTF-8 = 106, ISO-8859-1 = 4, US-ASCII = 3, and 0 = unknown, read as UTF-8)'
		);
	});
});

// PROV 1.0, charset 00 (WAP-192 §5.6: unknown), no string table; NAPDEF with NAME "Café", é as UTF-8 C3 A9.
const UNKNOWN = bytes('03 0B 00 00 45 C6 55 01 87 07 06 03 "Caf" C3 A9 00 01 01 01');

describe('charset 0 (unknown, WAP-192 §5.6)', () => {
	it('reads the strings as UTF-8, as wbxml2xml gives them', () => {
		const decoded = decodeWbxml(UNKNOWN);
		expect(decoded.charset).toBe(0);
		expect(strip(decoded.document.root)).toEqual(el('wap-provisioningdoc', {}, chr('NAPDEF', parm('NAME', 'Café'))));
		expect(canonicalXml(parseXml(wbxml2xml(UNKNOWN)))).toBe(canonicalXml(decoded.document));
	});

	it('refuses a string that is not UTF-8, at the string, saying how it was read (libwbxml copies the byte into its XML)', () => {
		// "Caf" E9: Latin-1 é, not UTF-8; the string starts at offset 0xC.
		const data = bytes('03 0B 00 00 45 C6 55 01 87 07 06 03 "Caf" E9 00 01 01 01');
		expect(() => decodeWbxml(data)).toThrow('WBXML offset 0xC: string is not valid UTF-8 (the header says charset 0, unknown: strings are read as UTF-8)');
	});
});
