import { describe, expect, it } from 'vitest';
import { decodeWbxml, encodeWbxml, PROV, SYNCML12, WbxmlError, type WbxmlErrorCode } from '../../../src/lib/codec/wbxml/index';
import type { XmlDocument } from '../../../src/lib/codec/xml/tree';
import { bytes, chr, el, parm, provDoc } from './helpers';

function failure(run: () => unknown): WbxmlError {
	try {
		run();
	} catch (e) {
		if (e instanceof WbxmlError) return e;
		throw e;
	}
	throw new Error('expected a WbxmlError');
}

const decodeCases: [WbxmlErrorCode, string, string][] = [
	['truncated', '', 'WBXML offset 0x0: stream ends where the version byte was expected'],
	['truncated', '03', 'WBXML offset 0x1: public id: stream ends inside a multi-byte integer'],
	['truncated', '03 0B 6A 09 "abc"', 'WBXML offset 0x3: string table length 9 exceeds the 3 bytes left'],
	['truncated', '03 0B 6A 00 45 C6 55 01', 'WBXML offset 0x8: stream ends where content or END of <characteristic> was expected'],
	// OPAQUE claiming 2^31 bytes in a 10-byte stream: rejected before anything is allocated.
	['truncated', '03 A4 01 6A 00 4F C3 88 80 80 80 00', 'WBXML offset 0x6: OPAQUE length 2147483648 exceeds the 0 bytes left'],
	['bad-version', '04 0B 6A 00 05', 'WBXML offset 0x0: version byte 0x04 is not WBXML 1.0–1.3'],
	['unknown-public-id', '03 01 6A 00 05', 'WBXML offset 0x1: public id 0x01 is not a known language; force one with the language option'],
	['unknown-public-id', '03 00 00 6A 04 "x-y" 00 05', 'WBXML offset 0x1: public id "x-y" is not a known language; force one with the language option'],
	['unsupported-charset', '03 0B 87 68 00 05', 'WBXML offset 0x2: charset MIBenum 1000 is not supported (only UTF-8 = 106, ISO-8859-1 = 4, US-ASCII = 3, and 0 = unknown, read as UTF-8)'],
	['mb-u-int32-too-long', '03 0B 6A 81 81 81 81 81 00', 'WBXML offset 0x3: string table length: multi-byte integer longer than 5 bytes'],
	['mb-u-int32-too-long', '03 0B 6A 90 80 80 80 00', 'WBXML offset 0x3: string table length: multi-byte integer exceeds 2^32-1'],
	['string-table-offset', '03 0B 6A 02 "a" 00 C5 45 83 02 01 01', 'WBXML offset 0x8: STR_T offset 2 is beyond the 2-byte string table'],
	['unterminated-string', '03 0B 6A 02 "ab" C5 45 83 00 01 01', 'WBXML offset 0x8: string-table entry at 0 has no NUL terminator'],
	['unterminated-string', '03 0B 6A 00 C5 45 03 "1.1"', 'WBXML offset 0x6: STR_I has no NUL terminator'],
	['unknown-tag', '03 0B 6A 00 08', 'WBXML offset 0x4: tag token 0x08 is not defined in PROV code page 0'],
	['unknown-tag', '03 0B 6A 00 00 01 05', 'WBXML offset 0x6: tag token 0x05 is not defined in PROV code page 1'],
	// 0x3C would be APPREF on page 1 in Kannel only (client-provisioning.md §3): not in our table.
	['unknown-attribute-start', '03 0B 6A 00 45 C6 00 01 55 01 87 3C 01 01 01', 'WBXML offset 0xB: attribute token 0x3C is not defined in PROV code page 1'],
	// IPV4 (0x85) exists on page 0 only.
	['unknown-attribute-value', '03 0B 6A 00 45 C6 00 01 55 01 87 35 06 85 01 01 01', 'WBXML offset 0xD: attribute value token 0x85 is not defined in PROV code page 1'],
	['unexpected-token', '03 0B 6A 00 01', 'WBXML offset 0x4: expected a tag, found END'],
	['unexpected-token', '03 0B 6A 00 85 89 01', 'WBXML offset 0x5: attribute value 0x89 comes before any attribute start'],
	['unexpected-token', '03 0B 6A 00 45 40 "x" 00 01', 'WBXML offset 0x5: extension token EXT_I_0 (0x40) has no meaning in PROV'],
	// WBXML 1.0 has no charset byte: version, public id, string table length, then the body.
	['unexpected-token', '00 0B 00 45 C3 01 00 01', 'WBXML offset 0x4: OPAQUE (0xC3) is reserved in WBXML 1.0'],
	['trailing-bytes', '03 0B 6A 00 05 01', 'WBXML offset 0x5: 1 byte after the root element'],
	['invalid-utf8', '03 0B 6A 00 C5 45 03 FF 00 01 01', 'WBXML offset 0x7: string is not valid UTF-8'],
	// 0xD800 (a surrogate) = 0b11 0110000 0000000 = 83 B0 00
	['bad-entity', '03 0B 6A 00 C5 45 02 83 B0 00 01 01', 'WBXML offset 0x6: ENTITY 55296 is not a Unicode scalar value']
];

describe('decoder errors: every code, with its offset and message', () => {
	it.each(decodeCases)('%s: %s', (code, spec, message) => {
		const e = failure(() => decodeWbxml(bytes(spec)));
		expect(e.code).toBe(code);
		expect(e.message).toBe(message);
	});

	it('too-deep: 201 nested elements stop at the 201st tag', () => {
		// 45 = wap-provisioningdoc with content, then 200 x 46 (characteristic with content).
		const data = Uint8Array.from([0x03, 0x0b, 0x6a, 0x00, 0x45, ...new Array(200).fill(0x46), ...new Array(201).fill(0x01)]);
		const e = failure(() => decodeWbxml(data));
		expect(e.code).toBe('too-deep');
		expect(e.message).toBe(`WBXML offset 0x${(4 + 200).toString(16).toUpperCase()}: elements nested deeper than 200`);
	});

	it('200 nested elements are fine', () => {
		const data = Uint8Array.from([0x03, 0x0b, 0x6a, 0x00, 0x45, ...new Array(199).fill(0x46), ...new Array(200).fill(0x01)]);
		expect(decodeWbxml(data).document.root.name).toBe('wap-provisioningdoc');
	});

	it('forcing the language decodes a stream with public id 0x01', () => {
		expect(decodeWbxml(bytes('03 01 6A 00 05'), { language: PROV }).document.root.name).toBe('wap-provisioningdoc');
	});
});

describe('encoder errors', () => {
	it('unencodable: an element without a token needs a LITERAL, which needs the string table', () => {
		const doc = provDoc(el('wap-provisioningdoc', {}, chr('NAPDEF', el('foo'))));
		const e = failure(() => encodeWbxml(doc, PROV, { stringTable: false }));
		expect(e.code).toBe('unencodable');
		expect(e.offset).toBe(-1);
		expect(e.message).toBe(
			'element <foo> at /wap-provisioningdoc/characteristic[1]/foo[1] has no token in PROV and a LITERAL needs the string table'
		);
	});

	it('unencodable: an attribute without a token, string table off', () => {
		const doc = provDoc(el('wap-provisioningdoc', { lang: 'en' }));
		expect(failure(() => encodeWbxml(doc, PROV, { stringTable: false })).message).toBe(
			'attribute lang at /wap-provisioningdoc/@lang has no token in PROV and a LITERAL needs the string table'
		);
	});

	it('unencodable: NUL inside a value cannot be a WBXML string', () => {
		const doc = provDoc(el('wap-provisioningdoc', {}, chr('NAPDEF', parm('NAME', 'a\u0000b'))));
		expect(failure(() => encodeWbxml(doc, PROV)).message).toBe(
			'attribute value at /wap-provisioningdoc/characteristic[1]/parm[1]/@value contains NUL or a lone surrogate'
		);
	});

	it('unencodable: an xmlns that is not the namespace of the page holding the tag', () => {
		const doc: XmlDocument = { root: el('SyncML', { xmlns: 'SYNCML:SYNCML1.1' }) };
		expect(failure(() => encodeWbxml(doc, SYNCML12)).message).toBe(
			'xmlns="SYNCML:SYNCML1.1" at /SyncML is not the namespace of a SYNCML12 code page holding <SyncML>'
		);
	});

	it('with the string table, unknown elements and attributes become LITERALs (as xml2wbxml does)', () => {
		const tree = el('wap-provisioningdoc', {}, chr('NAPDEF', el('foo', { a: '1' })));
		// table "foo\0a\0"; 84 00 = LITERAL_A "foo", 04 04 = LITERAL attribute "a", 03 "1" 00, END.
		const ours = encodeWbxml(provDoc(tree), PROV);
		expect(Array.from(ours)).toEqual(Array.from(bytes('03 0B 6A 06 "foo" 00 "a" 00 45 C6 55 01 84 00 04 04 03 "1" 00 01 01 01')));
		expect(decodeWbxml(ours).document.root.children[0]).toMatchObject({ children: [{ name: 'foo', attributes: [{ name: 'a', value: '1' }] }] });
	});
});

// Decoded text becomes XML: a character XML 1.0 cannot carry (§2.2 Char: no C0 control but tab, LF and CR, no
// U+FFFE/U+FFFF) is refused where the stream holds it, else `pstudio decode` would write XML that is not
// well-formed. Stream layout (offsets): 0 version 03, 1 public id 0B, 2 charset 6A, 3 table length 00,
// 4 45 <wap-provisioningdoc> (content), 5 C6 <characteristic> (attributes + content), 6 55 type="NAPDEF", 7 01,
// 8 87 <parm> (attributes), 9 07 name="NAME", 10 06 value=, 11 the value's first token.
describe('decoded text that XML 1.0 cannot carry', () => {
	const stream = (value: string) => bytes(`03 0B 6A 00 45 C6 55 01 87 07 06 ${value} 01 01 01`);
	it('STR_I holding U+0001: refused at the byte of the U+0001 (11 STR_I, 12 "a", 13 01)', () => {
		const e = failure(() => decodeWbxml(stream('03 "a" 01 "b" 00')));
		expect([e.code, e.offset, e.message]).toEqual(['invalid-text', 13, 'WBXML offset 0xD: U+0001 in a string is not an XML 1.0 character (XML 1.0 §2.2 Char)']);
	});
	it('a UTF-8 string holding U+FFFF after a two-byte character: the offset counts bytes, not characters', () => {
		// 03, then C3 A9 ("é", 2 bytes) at 12–13, then EF BF BF (U+FFFF) at 14.
		const e = failure(() => decodeWbxml(stream('03 C3 A9 EF BF BF 00')));
		expect([e.code, e.offset]).toEqual(['invalid-text', 14]);
	});
	it('OPAQUE in an attribute value holding NUL: refused at the NUL (11 C3, 12 length 03, 13 "a", 14 00)', () => {
		const e = failure(() => decodeWbxml(stream('C3 03 "a" 00 "b"')));
		expect([e.code, e.offset, e.message]).toEqual(['invalid-text', 14, 'WBXML offset 0xE: U+0000 in a string is not an XML 1.0 character (XML 1.0 §2.2 Char)']);
	});
	it('ENTITY 1 (U+0001): refused at the ENTITY token', () => {
		const e = failure(() => decodeWbxml(stream('02 01')));
		expect([e.code, e.offset, e.message]).toEqual(['bad-entity', 11, 'WBXML offset 0xB: ENTITY U+0001 is not an XML 1.0 character (XML 1.0 §2.2 Char)']);
	});
	it('tab, LF and CR are XML characters and decode', () => {
		const doc = decodeWbxml(stream('03 "a" 09 0A 0D "b" 00')).document;
		const p = (doc.root.children[0] as { children: { attributes: { value: string }[] }[] }).children[0];
		expect(p.attributes[1].value).toBe('a\t\n\rb');
	});
});
