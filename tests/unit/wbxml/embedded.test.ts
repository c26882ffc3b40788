// Documents inside SyncML (embedded.ts): a DevInf in a Data is a DevInf document of the message's version, written
// as OPAQUE, announced by Meta/Type "+wbxml" (libwbxml src/wbxml_tree_clb_xml.c, wbxml_encoder.c wbxml_encode_tree);
// an element of a namespace no code page has is written LITERAL, never with another namespace's tokens.
import { describe, expect, it } from 'vitest';
import { toHex } from '../../../src/lib/codec/hex';
import { decodeWbxml, DEVINF11, encodeWbxml, SYNCML11, SYNCML12 } from '../../../src/lib/codec/wbxml/index';
import { canonicalXml, parseXml } from '../../../src/lib/codec/xml';
import type { XmlDocument, XmlElement } from '../../../src/lib/codec/xml/tree';
import { bytes, el, strip, wbxml2xml } from './helpers';

const hex = (b: Uint8Array): string => toHex(b, ' ');
const SYNCML11_FPI = '-//SYNCML//DTD SyncML 1.1//EN';

function results(type: string, data: XmlElement): XmlDocument {
	const root = el(
		'SyncML',
		{ xmlns: 'SYNCML:SYNCML1.1' },
		el('Results', {}, el('Meta', {}, el('Type', { xmlns: 'syncml:metinf' }, type)), el('Item', {}, data))
	);
	return { root, publicId: SYNCML11_FPI, systemId: SYNCML11.systemId };
}

const DEVINF = el('DevInf', { xmlns: 'syncml:devinf' }, el('Man', {}, 'M'));

// By hand (no string table): header 03 9F53 (SyncML 1.1 = 0x0FD3) 6A 00; 6D SyncML, 62 Results, 5A Meta, 00 01
// page 1, 53 Type STR_I "...+wbxml" END, END Meta, 00 00 page 0, 54 Item, 4F Data, C3 0C OPAQUE of 12 bytes:
// [03 9F54 (DevInf 1.1 = 0x0FD4) 6A 00, 4A DevInf, 51 Man, 03 "M" 00, END, END], END Data, Item, Results, SyncML.
const INNER_11 = '03 9F 54 6A 00 4A 51 03 "M" 00 01 01';
const outer = (inner: string, length: string): Uint8Array =>
	bytes(`03 9F 53 6A 00 6D 62 5A 00 01 53 03 "application/vnd.syncml-devinf+wbxml" 00 01 01 00 00 54 4F C3 ${length} ${inner} 01 01 01 01`);

describe('DevInf embedded in SyncML 1.1', () => {
	it('is written as a DevInf 1.1 document in OPAQUE, its Type saying +wbxml', () => {
		const document = results('application/vnd.syncml-devinf+xml', el('Data', {}, DEVINF));
		const ours = encodeWbxml(document, SYNCML11, { stringTable: false });
		expect(hex(ours)).toBe(hex(outer(INNER_11, '0C')));
		// libwbxml reads it back as the document we wrote (it turns +wbxml back into +xml too).
		expect(canonicalXml(parseXml(wbxml2xml(ours)))).toBe(canonicalXml(document));
	});

	it('decodes back in place, with +xml again and byte offsets of the outer stream', () => {
		const decoded = decodeWbxml(outer(INNER_11, '0C'));
		expect(strip(decoded.document.root)).toEqual(strip(results('application/vnd.syncml-devinf+xml', el('Data', {}, DEVINF)).root));
		const data = ((decoded.document.root.children[0] as XmlElement).children[1] as XmlElement).children[0] as XmlElement;
		const devInf = data.children[0] as XmlElement;
		const man = devInf.children[0] as XmlElement;
		// Header 5 bytes, 6D 62 5A 00 01 53, STR_I of 35 characters + NUL, 01 01 00 00 54 4F: Data at 0x35, OPAQUE C3 at 0x36,
		// length 0C, payload from 0x38; the DevInf tag is at payload offset 5, its Man child at 6.
		expect(data.position).toEqual({ offset: 0x35 });
		expect(devInf.position).toEqual({ offset: 0x38 + 5 });
		expect(man.position).toEqual({ offset: 0x38 + 6 });
	});

	it('leaves a DevInf 1.2 document in a SyncML 1.1 message OPAQUE rather than relabel it', () => {
		const inner12 = '03 A4 03 6A 00 4A 51 03 "M" 00 01 01';
		const decoded = decodeWbxml(outer(inner12, '0C'));
		const item = (decoded.document.root.children[0] as XmlElement).children[1] as XmlElement;
		expect(strip(item)).toEqual(el('Item', {}, el('Data', {}, { kind: 'opaque', bytes: bytes(inner12) })));
		expect(canonicalXml(decoded.document)).toContain('application/vnd.syncml-devinf+wbxml');
	});

	it('keeps a Type that announces no embedded document as it is', () => {
		const document = results('application/vnd.syncml-devinf+xml', el('Data', {}, 'text'));
		const decoded = decodeWbxml(encodeWbxml(document, SYNCML11));
		expect(strip(decoded.document.root)).toEqual(strip(document.root));
	});
});

describe('a token comes from its element namespace', () => {
	it('an element of a foreign namespace inside SyncML 1.2 is LITERAL, not the DM DDF page-2 token of its name', () => {
		const root = el('SyncML', { xmlns: 'SYNCML:SYNCML1.2' }, el('Data', {}, el('Man', { xmlns: 'urn:example:x' }, 'M')));
		const ours = encodeWbxml({ root }, SYNCML12);
		// Table "Man\0xmlns\0"; 6D SyncML, 4F Data, C4 00 LITERAL <Man> attrs+content, 04 04 LITERAL xmlns=, STR_I,
		// END, 03 "M" 00, END ×3. Before, Man was written as DDF 0x1F on page 2, which wbxml2xml reads as <unknown>.
		expect(hex(ours)).toBe(hex(bytes('03 A4 01 6A 0A "Man" 00 "xmlns" 00 6D 4F C4 00 04 04 03 "urn:example:x" 00 01 03 "M" 00 01 01 01')));
		expect(strip(decodeWbxml(ours).document.root)).toEqual(root);
		// wbxml2xml reads the element by name (it writes no LITERAL xmlns attribute back).
		expect(wbxml2xml(ours)).toContain('<Data><Man>M</Man></Data>');
	});
});

describe('text content and the string table', () => {
	it('DevInf text may mix a table reference and an inline string, as libwbxml writes it', () => {
		const root = el('DevInf', { xmlns: 'syncml:devinf' }, el('Man', {}, 'Example Corp'), el('Mod', {}, 'Example Phone'), el('OEM', {}, 'Example'));
		const ours = encodeWbxml({ root }, DEVINF11);
		// Table "Example\0"; 4A DevInf; 51 Man: 83 00 STR_T[0] + 03 " Corp" 00; 55 Mod: 83 00 + " Phone"; 56 OEM: 83 00.
		// 21 bytes of content + 8 of table, against 14 + 15 + 9 = 38 inline.
		expect(hex(ours)).toBe(hex(bytes('03 9F 54 6A 08 "Example" 00 4A 51 83 00 03 " Corp" 00 01 55 83 00 03 " Phone" 00 01 56 83 00 01 01')));
		expect(canonicalXml(parseXml(wbxml2xml(ours)))).toBe(canonicalXml({ root }));
	});

	it('SyncML text stays one string token: wbxml2xml misreads a Data made of several', () => {
		const root = el('SyncML', { xmlns: 'SYNCML:SYNCML1.1' }, el('SyncBody', {}, ...['Example Corp', 'Example Phone', 'Example'].map((t) => el('Data', {}, t))));
		const ours = encodeWbxml({ root }, SYNCML11);
		// Only the whole "Example" could be referenced, which saves nothing: no table, three STR_I.
		expect(hex(ours)).toBe(hex(bytes('03 9F 53 6A 00 6D 6B 4F 03 "Example Corp" 00 01 4F 03 "Example Phone" 00 01 4F 03 "Example" 00 01 01 01')));
	});
});
