// serializeXml / canonicalXml. Expected texts are written out by hand from the rules in the doc comments of
// src/lib/codec/xml/serialize.ts (two-space indent, <x/> for empty, text on its element's line).
import { describe, expect, it } from 'vitest';
import { canonicalXml, parseXml, serializeXml, type XmlDocument, type XmlElement, type XmlNode } from '../../../src/lib/codec/xml';

const el = (name: string, attributes: [string, string][] = [], children: XmlNode[] = []): XmlElement => ({
	kind: 'element',
	name,
	attributes: attributes.map(([n, value]) => ({ name: n, value })),
	children
});
const text = (t: string): XmlNode => ({ kind: 'text', text: t });
const opaque = (...bytes: number[]): XmlNode => ({ kind: 'opaque', bytes: new Uint8Array(bytes) });

describe('serializeXml', () => {
	it('writes declaration, DOCTYPE, two-space indent, <x/> for empty elements and attributes in order', () => {
		const doc: XmlDocument = {
			root: el('wap-provisioningdoc', [['version', '1.0']], [el('characteristic', [['type', 'NAPDEF']], [el('parm', [['name', 'NAPID'], ['value', 'NAP1']])])]),
			publicId: '-//WAPFORUM//DTD PROV 1.0//EN',
			systemId: 'http://www.wapforum.org/DTD/prov.dtd'
		};
		expect(serializeXml(doc)).toBe(
			'<?xml version="1.0" encoding="UTF-8"?>\n' +
				'<!DOCTYPE wap-provisioningdoc PUBLIC "-//WAPFORUM//DTD PROV 1.0//EN" "http://www.wapforum.org/DTD/prov.dtd">\n' +
				'<wap-provisioningdoc version="1.0">\n' +
				'  <characteristic type="NAPDEF">\n' +
				'    <parm name="NAPID" value="NAP1"/>\n' +
				'  </characteristic>\n' +
				'</wap-provisioningdoc>\n'
		);
	});

	it('leaves out the declaration and DOCTYPE on request, and the DOCTYPE when no id is known', () => {
		const doc: XmlDocument = { root: el('a'), publicId: 'P' };
		expect(serializeXml(doc, { declaration: false, doctype: false })).toBe('<a/>\n');
		expect(serializeXml({ root: el('a') }, { declaration: false })).toBe('<a/>\n');
		// XML 1.0 §4.2.2 needs a system literal after PUBLIC: an empty one, read back as "no system id"
		expect(serializeXml(doc, { declaration: false })).toBe('<!DOCTYPE a PUBLIC "P" "">\n<a/>\n');
		expect(parseXml(serializeXml(doc)).systemId).toBeUndefined();
		expect(serializeXml({ root: el('a'), systemId: 's.dtd' }, { declaration: false })).toBe('<!DOCTYPE a SYSTEM "s.dtd">\n<a/>\n');
	});

	it('escapes & < > " in attributes and & < > in text', () => {
		const doc: XmlDocument = { root: el('r', [['a', `<&>"'`]], [text(`<&>"'`)]) };
		expect(serializeXml(doc, { declaration: false })).toBe(`<r a="&lt;&amp;&gt;&quot;'">&lt;&amp;&gt;"'</r>\n`);
	});

	it('writes tabs and line breaks in attributes and CR in text as references, so a re-parse gives them back', () => {
		const doc: XmlDocument = { root: el('r', [['a', 'x\ty\nz\r']], [text('1\r2')]) };
		const written = serializeXml(doc, { declaration: false });
		expect(written).toBe('<r a="x&#9;y&#10;z&#13;">1&#13;2</r>\n');
		const back = parseXml(written).root;
		expect(back.attributes[0].value).toBe('x\ty\nz\r');
		expect(back.children).toMatchObject([{ kind: 'text', text: '1\r2' }]);
	});

	it('keeps text on the line of its element and mixed content unchanged', () => {
		const doc: XmlDocument = {
			root: el('SyncML', [], [el('Item', [], [el('Data', [], [text('w7')])]), el('p', [], [text('a '), el('b', [], [text(' x ')]), text(' c')])])
		};
		expect(serializeXml(doc, { declaration: false })).toBe('<SyncML>\n  <Item>\n    <Data>w7</Data>\n  </Item>\n  <p>a <b> x </b> c</p>\n</SyncML>\n');
	});

	it('drops whitespace-only text between elements but keeps it in a text-only element', () => {
		const doc: XmlDocument = { root: el('a', [], [text('\n  '), el('b', [], [text('  ')]), text('\n')]) };
		expect(serializeXml(doc, { declaration: false })).toBe('<a>\n  <b>  </b>\n</a>\n');
	});

	it('writes UTF-8 opaque data as CDATA and anything else as base64 in the opaque marker element', () => {
		const doc: XmlDocument = {
			root: el('r', [], [el('Data', [], [opaque(0x77, 0x37)]), el('Bin', [], [opaque(0xff, 0x00)]), el('End', [], [opaque(0x5d, 0x5d, 0x3e)])])
		};
		// 0xFF 0x00 → 111111 110000 0000(00) → "/wA="; "]]>" = 5D 5D 3E → 010111 010101 110100 111110 → "XV0+"
		expect(serializeXml(doc, { declaration: false })).toBe(
			'<r>\n  <Data><![CDATA[w7]]></Data>\n  <Bin><opaque xmlns="urn:x-provisioning-studio:wbxml-opaque">/wA=</opaque></Bin>\n' +
				'  <End><opaque xmlns="urn:x-provisioning-studio:wbxml-opaque">XV0+</opaque></End>\n</r>\n'
		);
	});

	it('reads back what it writes', () => {
		const source = '<a x="1&amp;2"><b>t &lt; u</b><c/><d>x<e/>y</d></a>';
		const written = serializeXml(parseXml(source));
		expect(canonicalXml(parseXml(written))).toBe(canonicalXml(parseXml(source)));
	});
});

describe('canonicalXml', () => {
	it('gives the same text for whitespace and prolog variants of one document', () => {
		const compact = '<a><b x="1"/><c>t</c></a>';
		const spaced = '<?xml version="1.0"?>\n<!DOCTYPE a SYSTEM "a.dtd">\n<!-- note -->\n<a>\n\t<b x="1"></b>\n   <c>t</c>\n</a>\n';
		const crlf = '<a>\r\n  <b  x = "1" />\r\n  <c><![CDATA[t]]></c>\r\n</a>';
		const expected = '<a>\n  <b x="1"/>\n  <c>t</c>\n</a>\n';
		expect(canonicalXml(parseXml(compact))).toBe(expected);
		expect(canonicalXml(parseXml(spaced))).toBe(expected);
		expect(canonicalXml(parseXml(crlf))).toBe(expected);
	});

	it('writes UTF-8 opaque bytes like text, so libwbxml CDATA and our text compare equal', () => {
		// wbxml2xml writes SyncML <Data> OPAQUE as <![CDATA[w7]]> (ORACLES.md §1)
		const fromLibwbxml = parseXml('<Item><Data><![CDATA[w7]]></Data></Item>');
		const fromDecoder: XmlDocument = { root: el('Item', [], [el('Data', [], [opaque(0x77, 0x37)])]) };
		expect(canonicalXml(fromDecoder)).toBe('<Item>\n  <Data>w7</Data>\n</Item>\n');
		expect(canonicalXml(fromDecoder)).toBe(canonicalXml(fromLibwbxml));
	});

	it('joins text and opaque runs, escapes opaque text, and writes bytes that are not UTF-8 as the marker element', () => {
		const doc: XmlDocument = { root: el('r', [], [el('a', [], [text('x'), opaque(0x3c, 0x26)]), el('b', [], [opaque(0xc3)])]) };
		// 0xC3 alone is a truncated UTF-8 sequence → base64 110000 11(0000) → "ww=="
		expect(canonicalXml(doc)).toBe('<r>\n  <a>x&lt;&amp;</a>\n  <b><opaque xmlns="urn:x-provisioning-studio:wbxml-opaque">ww==</opaque></b>\n</r>\n');
	});

	it('drops whitespace-only text everywhere, keeps other text exactly', () => {
		expect(canonicalXml(parseXml('<a><Data> </Data><t> x </t></a>'))).toBe('<a>\n  <Data/>\n  <t> x </t>\n</a>\n');
	});
});
