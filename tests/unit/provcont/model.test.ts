// parseProvDoc / provDocFromXml / provDocToXml / serializeProvDoc: the prov.dtd structure of OMA-WAP-ProvCont §5
// (wap-provisioningdoc (characteristic+); characteristic (parm | characteristic)+ with type; parm EMPTY with
// name, value). Columns are counted by hand: `  <characteristic ` is 18 characters, `    <parm ` 10.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseXml, type XmlDocument } from '../../../src/lib/codec/xml';
import {
	parseProvDoc,
	ProvDocError,
	provDocFromXml,
	provDocToXml,
	serializeProvDoc,
	validateProvDoc,
	type ProvDoc
} from '../../../src/lib/documents/provcont';

const fixture = (name: string): string => readFileSync(new URL(`../../fixtures/provcont/${name}`, import.meta.url), 'utf8');

function errorOf(run: () => unknown): ProvDocError {
	try {
		run();
	} catch (error) {
		expect(error).toBeInstanceOf(ProvDocError);
		return error as ProvDocError;
	}
	throw new Error('expected a ProvDocError');
}

describe('parseProvDoc builds the model in document order with positions', () => {
	it('keeps version, characteristics, parms and sub-characteristics in order, with the positions of name and value', () => {
		const doc = parseProvDoc(
			[
				'<wap-provisioningdoc version="1.1">',
				'  <characteristic type="NAPDEF">',
				'    <parm name="NAPID" value="NAP1"/>',
				'    <characteristic type="NAPAUTHINFO"><parm name="AUTHTYPE" value="PAP"/></characteristic>',
				'    <parm name="INTERNET"/>',
				'  </characteristic>',
				'</wap-provisioningdoc>'
			].join('\n')
		);
		expect(doc).toEqual({
			version: '1.1',
			position: { line: 1, column: 1 },
			characteristics: [
				{
					kind: 'characteristic',
					type: 'NAPDEF',
					position: { line: 2, column: 3 },
					typePosition: { line: 2, column: 19 },
					items: [
						// `    <parm name="NAPID" ` is 23 characters: value at 24
						{ kind: 'parm', name: 'NAPID', value: 'NAP1', position: { line: 3, column: 5 }, namePosition: { line: 3, column: 11 }, valuePosition: { line: 3, column: 24 } },
						{
							kind: 'characteristic',
							type: 'NAPAUTHINFO',
							position: { line: 4, column: 5 },
							typePosition: { line: 4, column: 21 },
							// `    <characteristic type="NAPAUTHINFO">` is 39 characters: <parm at 40, name at 46, value at 62
							items: [{ kind: 'parm', name: 'AUTHTYPE', value: 'PAP', position: { line: 4, column: 40 }, namePosition: { line: 4, column: 46 }, valuePosition: { line: 4, column: 62 } }]
						},
						{ kind: 'parm', name: 'INTERNET', position: { line: 5, column: 5 }, namePosition: { line: 5, column: 11 } }
					]
				}
			]
		});
	});

	it('reads the ORACLES.md example (which libwbxml round-trips) without findings', () => {
		const doc = parseProvDoc(fixture('oracles-prov.xml'));
		expect(doc.characteristics.map((c) => c.type)).toEqual(['NAPDEF', 'APPLICATION']);
		expect(validateProvDoc(doc)).toEqual([]);
	});

	it('reads a document using every OMA CP characteristic with only the w7 INIT info', () => {
		const findings = validateProvDoc(parseProvDoc(fixture('libwbxml-style-full.xml')));
		expect(findings).toEqual([
			{
				rule: 'application-specific-parm',
				severity: 'info',
				message: 'parm INIT is not a ProvCont APPLICATION parm; taken as specific to application w7',
				// line 64 of the fixture: `    <parm name="INIT"/>`
				line: 64,
				column: 5
			}
		]);
	});

	it('keeps Windows CSP element variants and extra attributes instead of refusing the document', () => {
		const doc = parseProvDoc(fixture('windows-csp.xml'));
		expect(doc.characteristics[1]).toMatchObject({ kind: 'characteristic', type: 'Wi-Fi', element: 'nocharacteristic', items: [] });
		const inner = doc.characteristics[0].items[0];
		expect(inner.kind).toBe('characteristic');
		// line 6: ten spaces and `<parm ` (16), `name="EncodedCertificate"` 17..41, `value="MIIB"` 43..54: datatype at 56
		expect(JSON.stringify(doc)).toContain('"extraAttributes":[{"name":"datatype","value":"string","position":{"line":6,"column":56}}]');
	});
});

describe('parseProvDoc refuses what is not a wap-provisioningdoc (ProvDocError)', () => {
	it('keeps the line and column of a well-formedness error', () => {
		const e = errorOf(() => parseProvDoc('<wap-provisioningdoc>\n  <characteristic type="NAPDEF">\n    <parm name="A">'));
		expect([e.code, e.line, e.column, e.message]).toEqual(['not-well-formed', 3, 5, 'line 3, column 5: unclosed tag <parm>: no </parm> before the end of the document']);
	});

	it('refuses another root element', () => {
		const e = errorOf(() => parseProvDoc('<?xml version="1.0"?>\n<SyncML/>'));
		expect([e.code, e.line, e.column, e.message]).toEqual([
			'not-provisioning-doc',
			2,
			1,
			'line 2, column 1: root element is <SyncML>, expected <wap-provisioningdoc>'
		]);
	});

	it('refuses a characteristic without type', () => {
		const e = errorOf(() => parseProvDoc('<wap-provisioningdoc>\n  <characteristic>\n  </characteristic>\n</wap-provisioningdoc>'));
		expect([e.code, e.message]).toEqual(['bad-structure', 'line 2, column 3: <characteristic> has no type attribute']);
	});

	it('refuses a parm without name', () => {
		const e = errorOf(() => parseProvDoc('<wap-provisioningdoc>\n  <characteristic type="NAPDEF">\n    <parm value="x"/>\n  </characteristic>\n</wap-provisioningdoc>'));
		expect([e.code, e.message]).toEqual(['bad-structure', 'line 3, column 5: <parm> has no name attribute']);
	});

	it('refuses a parm with content, pointing at the content', () => {
		// `    <parm name="A">` is 19 characters: <x/> at 20
		const e = errorOf(() => parseProvDoc('<wap-provisioningdoc>\n  <characteristic type="NAPDEF">\n    <parm name="A"><x/></parm>\n  </characteristic>\n</wap-provisioningdoc>'));
		expect([e.code, e.message]).toEqual(['bad-structure', 'line 3, column 20: parm A must be empty, found element <x>']);
		const t = errorOf(() => parseProvDoc('<wap-provisioningdoc><characteristic type="N"><parm name="A">v</parm></characteristic></wap-provisioningdoc>'));
		// `<wap-provisioningdoc>` 21 + `<characteristic type="N">` 25 + `<parm name="A">` 15 = 61 characters
		expect(t.message).toBe('line 1, column 62: parm A must be empty, found text');
	});

	it('refuses stray text in a characteristic, at the text', () => {
		// line 2 `  <characteristic type="NAPDEF">` is 32 characters: the text run starts at 33
		const e = errorOf(() => parseProvDoc('<wap-provisioningdoc>\n  <characteristic type="NAPDEF">  oops\n  </characteristic>\n</wap-provisioningdoc>'));
		expect([e.code, e.message]).toEqual(['bad-structure', 'line 2, column 33: text "oops" in <characteristic>, expected only elements']);
	});

	it('refuses a parm at the top level and unknown elements', () => {
		const e = errorOf(() => parseProvDoc('<wap-provisioningdoc>\n  <parm name="A"/>\n</wap-provisioningdoc>'));
		expect(e.message).toBe('line 2, column 3: <parm> in <wap-provisioningdoc>, expected <characteristic>');
		const u = errorOf(() => parseProvDoc('<wap-provisioningdoc>\n  <characteristic type="NAPDEF">\n    <value/>\n  </characteristic>\n</wap-provisioningdoc>'));
		expect(u.message).toBe('line 3, column 5: <value> in characteristic NAPDEF, expected <parm> or <characteristic>');
	});

	it('reports WBXML byte offsets as offset with line and column 0', () => {
		const xml: XmlDocument = { root: { kind: 'element', name: 'SyncML', attributes: [], children: [], position: { offset: 0x1f } } };
		const e = errorOf(() => provDocFromXml(xml));
		expect([e.code, e.line, e.column, e.offset, e.message]).toEqual([
			'not-provisioning-doc',
			0,
			0,
			0x1f,
			'WBXML offset 0x1F: root element is <SyncML>, expected <wap-provisioningdoc>'
		]);
	});
});

describe('provDocToXml / serializeProvDoc', () => {
	const doc: ProvDoc = {
		version: '1.0',
		characteristics: [
			{
				kind: 'characteristic',
				type: 'NAPDEF',
				items: [
					{ kind: 'parm', name: 'NAME', value: 'A & B <x>' },
					{ kind: 'parm', name: 'INTERNET' },
					{ kind: 'characteristic', type: 'NAPAUTHINFO', items: [{ kind: 'parm', name: 'AUTHTYPE', value: 'PAP' }] }
				]
			}
		]
	};

	it('writes the PROV 1.0 DOCTYPE, two-space indent, empty parms and escaped values', () => {
		expect(serializeProvDoc(doc)).toBe(
			[
				'<?xml version="1.0" encoding="UTF-8"?>',
				'<!DOCTYPE wap-provisioningdoc PUBLIC "-//WAPFORUM//DTD PROV 1.0//EN" "http://www.wapforum.org/DTD/prov.dtd">',
				'<wap-provisioningdoc version="1.0">',
				'  <characteristic type="NAPDEF">',
				'    <parm name="NAME" value="A &amp; B &lt;x&gt;"/>',
				'    <parm name="INTERNET"/>',
				'    <characteristic type="NAPAUTHINFO">',
				'      <parm name="AUTHTYPE" value="PAP"/>',
				'    </characteristic>',
				'  </characteristic>',
				'</wap-provisioningdoc>',
				''
			].join('\n')
		);
	});

	it('gives an XmlDocument the model reads back unchanged (positions aside)', () => {
		const xml = provDocToXml(doc);
		expect(xml.publicId).toBe('-//WAPFORUM//DTD PROV 1.0//EN');
		expect(xml.systemId).toBe('http://www.wapforum.org/DTD/prov.dtd');
		expect(provDocFromXml(xml)).toEqual(doc);
	});

	it('writes Windows CSP element variants and extra attributes back', () => {
		const text = serializeProvDoc(parseProvDoc(fixture('windows-csp.xml')));
		expect(text).toContain('<parm name="EncodedCertificate" value="MIIB" datatype="string"/>');
		expect(text).toContain('<nocharacteristic type="Wi-Fi"/>');
		expect(parseXml(text).root.name).toBe('wap-provisioningdoc');
	});
});
