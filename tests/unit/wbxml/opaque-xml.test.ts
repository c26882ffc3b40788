// OPAQUE in XML text (src/lib/codec/xml/opaque.ts): decode → XML → encode gives the same OPAQUE, the same bytes.
// A CDATA section is OPAQUE both ways, as in libwbxml (wbxml2xml writes SyncML Data OPAQUE as CDATA, xml2wbxml writes
// every CDATA section as OPAQUE); bytes a CDATA section cannot carry go into <opaque xmlns="…"> as base64.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toHex } from '../../../src/lib/codec/hex';
import { decodeWbxml, encodeWbxml, SYNCML12 } from '../../../src/lib/codec/wbxml/index';
import { parseXml, serializeXml, XmlError } from '../../../src/lib/codec/xml';
import { bytes } from './helpers';

const hex = (b: Uint8Array): string => toHex(b, ' ');

/** SyncML 1.2, no string table: 6D SyncML, 6B SyncBody, 4F Data, C3 length payload, END ×3. */
const dataStream = (payload: string, length: string): Uint8Array => bytes(`03 A4 01 6A 00 6D 6B 4F C3 ${length} ${payload} 01 01 01`);

function throughXml(data: Uint8Array): { xml: string; again: Uint8Array } {
	const decoded = decodeWbxml(data);
	const xml = serializeXml(decoded.document);
	return { xml, again: encodeWbxml(parseXml(xml), decoded.language, { version: decoded.version, stringTable: false }) };
}

describe('OPAQUE element content through XML text', () => {
	it('UTF-8 text is a CDATA section, and comes back as OPAQUE (libwbxml writes <Data>w7</Data> so)', () => {
		const data = dataStream('"w7"', '02');
		const { xml, again } = throughXml(data);
		expect(xml).toContain('<Data><![CDATA[w7]]></Data>');
		expect(hex(again)).toBe(hex(data));
	});

	it('binary bytes are base64 in the marker element, and come back as the same OPAQUE', () => {
		// 01 02 FF → 000000 010000 001011 111111 → "AQL/"
		const data = dataStream('01 02 FF', '03');
		const { xml, again } = throughXml(data);
		expect(xml).toContain('<Data><opaque xmlns="urn:x-provisioning-studio:wbxml-opaque">AQL/</opaque></Data>');
		expect(hex(again)).toBe(hex(data));
	});

	it('text with CR LF (a vCard), "]]>" or nothing at all also goes into the marker: CDATA would change it', () => {
		for (const [payload, length, base64] of [
			['"A" 0D 0A "B"', '04', 'QQ0KQg=='],
			['"]]>"', '03', 'XV0+'],
			['', '00', '']
		]) {
			const data = dataStream(payload, length);
			const { xml, again } = throughXml(data);
			expect(xml).toContain(base64 === '' ? '<opaque xmlns="urn:x-provisioning-studio:wbxml-opaque"/>' : `>${base64}</opaque>`);
			expect(hex(again)).toBe(hex(data));
		}
	});

	it('OPAQUE between strings stays between them: STR_I, OPAQUE, STR_I', () => {
		const data = bytes('03 A4 01 6A 00 6D 6B 4F 03 "a" 00 C3 01 FF 03 "b" 00 01 01 01');
		const { xml, again } = throughXml(data);
		expect(xml).toContain('<Data>a<opaque xmlns="urn:x-provisioning-studio:wbxml-opaque">/w==</opaque>b</Data>');
		expect(hex(again)).toBe(hex(data));
	});

	it('a CDATA section in XML is written as OPAQUE, as xml2wbxml writes it', () => {
		const text = '<SyncML xmlns="SYNCML:SYNCML1.2"><SyncBody><Data><![CDATA[w7]]></Data></SyncBody></SyncML>';
		expect(hex(encodeWbxml(parseXml(text), SYNCML12, { stringTable: false }))).toBe(hex(dataStream('"w7"', '02')));
		const dir = mkdtempSync(join(tmpdir(), 'pstudio-opaque-'));
		try {
			writeFileSync(join(dir, 'in.xml'), text);
			const theirs = execFileSync('xml2wbxml', ['-n', '-o', '-', join(dir, 'in.xml')], { stdio: ['ignore', 'pipe', 'pipe'] });
			expect(hex(new Uint8Array(theirs))).toBe(hex(dataStream('"w7"', '02')));
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});

	it('a marker that does not hold base64 is refused where it is', () => {
		const text = '<SyncML xmlns="SYNCML:SYNCML1.2">\n<Data><opaque xmlns="urn:x-provisioning-studio:wbxml-opaque">A-B=</opaque></Data></SyncML>';
		expect(() => parseXml(text)).toThrow(
			new XmlError('not-well-formed', 2, 7, '<opaque xmlns="urn:x-provisioning-studio:wbxml-opaque"> does not hold base64 (RFC 4648 §4, with padding)')
		);
		// An element named opaque in another namespace is the language's own, kept as an element.
		expect(parseXml('<a><opaque>x</opaque></a>').root.children[0]).toMatchObject({ kind: 'element', name: 'opaque' });
	});
});
