import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeWbxml, PROV } from '../../../src/lib/codec/wbxml';
import { parseXml } from '../../../src/lib/codec/xml';
import { analyseNow, HexSpans, viewSpans } from '../../../src/lib/ui/analysis';
import { ORACLE_WBXML, ORACLE_XML } from './oracle-stream';

function spansOver(text: string, bytes: Uint8Array): HexSpans {
	return new HexSpans(viewSpans(text, parseXml(text), bytes, PROV).spans, bytes);
}

/** "line:column text" of an XML range, 1-based as an editor shows it. */
function where(text: string, from: number, to: number): string {
	const before = text.slice(0, from).split('\n');
	return `${before.length}:${before[before.length - 1].length + 1} ${text.slice(from, to)}`;
}

describe('XML range of every span (libwbxml example, ORACLES.md §1)', () => {
	const spans = spansOver(ORACLE_XML, ORACLE_WBXML);
	const shown = (offset: number): string | undefined => {
		const range = spans.source(spans.spanAt(offset));
		return range && where(ORACLE_XML, range.from, range.to);
	};

	it('maps the header: charset to the XML declaration, public id to the DOCTYPE, version and table to nothing', () => {
		expect(shown(0)).toBeUndefined();
		expect(shown(1)).toBe('2:1 <!DOCTYPE wap-provisioningdoc PUBLIC "-//WAPFORUM//DTD PROV 1.0//EN" "http://www.wapforum.org/DTD/prov.dtd">');
		expect(shown(2)).toBe('1:1 <?xml version="1.0"?>');
		expect(shown(3)).toBeUndefined();
	});

	it('maps tags to start tags, attribute starts to attributes, values to the text between the quotes, ENDs to ">", "/>" and end tags', () => {
		// Line 3 is `<wap-provisioningdoc version="1.0">`, line 5 `    <parm name="NAME" value="Example GPRS"/>`.
		expect(shown(9)).toBe('3:1 <wap-provisioningdoc version="1.0">');
		expect(shown(10)).toBe('3:22 version="1.0"');
		expect(shown(11)).toBe('3:35 >');
		expect(shown(12)).toBe('4:3 <characteristic type="NAPDEF">');
		expect(shown(13)).toBe('4:19 type="NAPDEF"');
		expect(shown(15)).toBe('5:5 <parm name="NAME" value="Example GPRS"/>');
		expect(shown(16)).toBe('5:11 name="NAME"');
		expect(shown(17)).toBe('5:23 value="Example GPRS"');
		for (const b of [0x12, 0x1f]) expect(shown(b)).toBe('5:30 Example GPRS');
		expect(shown(0x20)).toBe('5:43 />');
		expect(shown(36)).toBe('6:31 NAP1');
		expect(shown(42)).toBe('7:32 GSM-GPRS');
		expect(shown(75)).toBe('10:3 </characteristic>');
		expect(shown(131)).toBe('16:1 </wap-provisioningdoc>');
	});

	it('gives a SWITCH_PAGE the attribute it switches for, or the value it continues', () => {
		// 00 01 before 55 type=APPLICATION; libwbxml's 00 00 after 36 APPID comes before 06 value=.
		expect(shown(77)).toBe('11:19 type="APPLICATION"');
		expect(shown(83)).toBe('12:24 value="w2"');
		expect(shown(86)).toBe('12:31 w2');
		expect(shown(98)).toBe('14:11 name="ADDR"');
		expect(shown(101)).toBe('14:23 value="http://www.example.com/"');
		expect(shown(104)).toBe('14:30 http://www.example.com/');
	});

	it('finds the bytes of the XML under a caret: the narrowest range holding it, else the element around it', () => {
		const at = (line: number, column: number): number => ORACLE_XML.split('\n').slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0) + column - 1;
		// In "GSM-GPRS" (line 7 column 30..37): its value token AB.
		expect(spans.bytesAt(at(7, 33))).toEqual({ start: 42, end: 43 });
		// On `name` of name="BEARER": the attribute start 10.
		expect(spans.bytesAt(at(7, 12))).toEqual({ start: 40, end: 41 });
		// On `value` of value="w2": 00 00 and 06 share that range.
		expect(spans.bytesAt(at(12, 24))).toEqual({ start: 83, end: 86 });
		// In the indentation of line 6, inside the NAPDEF characteristic: the whole element, C6 … its END.
		expect(spans.bytesAt(at(6, 2))).toEqual({ start: 12, end: 76 });
		// In the XML declaration: the charset byte.
		expect(spans.bytesAt(at(1, 3))).toEqual({ start: 2, end: 3 });
		// After the root's end tag: nothing.
		expect(spans.bytesAt(ORACLE_XML.length - 1)).toBeUndefined();
	});

	it('records every element with its XML range and its bytes from its tag to its END', () => {
		const elements = spans.wire.elements;
		expect(elements.length).toBe(4 * 11);
		// Post-order: the root comes last, bytes 9..132, XML from its '<' to the end of its end tag.
		const root = Array.from(elements.subarray(40, 44));
		expect(root).toEqual([ORACLE_XML.indexOf('<wap-provisioningdoc'), ORACLE_XML.lastIndexOf('>') + 1, 9, 132]);
	});
});

describe('XML ranges over our own encodings', () => {
	const fixtures = ['prov', 'syncml', 'dm', 'provcont'].flatMap((folder) => {
		const dir = join(import.meta.dirname, '../../fixtures', folder);
		return readdirSync(dir)
			.filter((name) => name.endsWith('.xml'))
			.map((name) => ({ name: `${folder}/${name}`, text: readFileSync(join(dir, name), 'utf8') }));
	});

	// What the XML of each kind of span must look like; a wrong pairing of spans and nodes breaks one of these.
	function checkShape(text: string, spans: HexSpans, i: number): string | undefined {
		const range = spans.source(i);
		const kind = spans.kind(i);
		const meaning = spans.meaning(i);
		if (range === undefined) return kind === 'version' || kind === 'string-table' || kind === 'charset' ? undefined : `${kind} ${meaning} has no XML`;
		const xml = text.slice(range.from, range.to);
		const tag = /<\/?([^>\s/]+)>/.exec(meaning)?.[1];
		const bad = (why: string): string => `${kind} ${meaning} -> ${JSON.stringify(xml.slice(0, 60))}: ${why}`;
		switch (kind) {
			case 'tag':
			case 'literal':
				if (meaning.includes('=')) return /^[^\s=]+\s*=\s*["']/.test(xml) ? undefined : bad('not an attribute');
				return xml.startsWith(`<${tag}`) && xml.endsWith('>') ? undefined : bad('not its start tag');
			case 'end':
				if (meaning.startsWith('END attributes')) return xml === '>' || xml === '/>' ? undefined : bad('not the end of a start tag');
				return xml.startsWith(`</${tag}`) ? undefined : bad('not its end tag');
			case 'attribute-start': {
				const name = meaning.slice(0, meaning.indexOf('='));
				return xml.startsWith(`${name}=`) || new RegExp(`^${name}\\s*=`).test(xml) ? undefined : bad('not that attribute');
			}
			case 'attribute-value':
				return /["']/.test(text[range.from - 1]) && text[range.to] === text[range.from - 1] ? undefined : bad('not between quotes');
			case 'inline-string':
			case 'table-string':
			case 'entity': {
				const q = text[range.from - 1];
				const inValue = (q === '"' || q === "'") && text[range.to] === q;
				return inValue || !xml.replace(/<!--[\s\S]*?-->/g, '').includes('<') ? undefined : bad('neither a value nor text');
			}
			case 'opaque':
				return xml.startsWith('<') ? undefined : bad('not a CDATA section or element');
			case 'public-id':
				return xml.startsWith('<!DOCTYPE') || xml.startsWith('<') ? undefined : bad('not a DOCTYPE or the root');
			default:
				return undefined;
		}
	}

	it('maps every span of every fixture (PROV, SyncML with embedded DevInf/TNDS, DM bootstrap) to XML of its own kind', () => {
		let checked = 0;
		for (const { name, text } of fixtures) {
			const { done } = analyseNow(text, { version: 3, stringTable: true });
			if (!done.wbxml) continue;
			const spans = new HexSpans(done.wbxml.spans, done.wbxml.bytes);
			const problems: string[] = [];
			for (let i = 0; i < spans.count; i++) {
				const problem = checkShape(text, spans, i);
				if (problem) problems.push(problem);
			}
			expect(problems, name).toEqual([]);
			checked++;
		}
		expect(checked).toBeGreaterThanOrEqual(60);
	});

	it('maps an embedded DevInf (OPAQUE in SyncML, codec/wbxml/embedded.ts) to its whole element', () => {
		const text = readFileSync(join(import.meta.dirname, '../../fixtures/syncml/syncml10-put-devinf10.xml'), 'utf8');
		const { done } = analyseNow(text, { version: 3, stringTable: true });
		const spans = new HexSpans(done.wbxml!.spans, done.wbxml!.bytes);
		const opaque = Array.from({ length: spans.count }, (_, i) => i).find((i) => spans.kind(i) === 'opaque')!;
		const range = spans.source(opaque)!;
		expect(text.slice(range.from, range.from + 8)).toBe('<DevInf ');
		expect(text.slice(range.to - 9, range.to)).toBe('</DevInf>');
	});

	it('counts columns as the parser does: after a byte order mark, over CRLF, a surrogate pair as one column', () => {
		const text =
			'\uFEFF<?xml version="1.0"?>\r\n<wap-provisioningdoc>\r\n  <characteristic type="NAPDEF"><parm name="NAME" value="\u{1F600} x"/><parm name="NAPID" value="N1"/></characteristic>\r\n</wap-provisioningdoc>\r\n';
		const document = parseXml(text);
		const bytes = encodeWbxml(document, PROV, { stringTable: false });
		const spans = new HexSpans(viewSpans(text, document, bytes, PROV).spans, bytes);
		const texts = Array.from({ length: spans.count }, (_, i) => spans.source(i)).map((r) => (r ? text.slice(r.from, r.to) : undefined));
		expect(texts).toContain('\u{1F600} x');
		expect(texts).toContain('<parm name="NAPID" value="N1"/>');
		expect(texts).toContain('name="NAPID"');
		expect(texts).toContain('N1');
		expect(texts[texts.length - 1]).toBe('</wap-provisioningdoc>');
	});

	it('stops at the first span that does not fit the tree and gives the rest no range, never a wrong one', () => {
		// The stream of ORACLES.md §1 against a tree whose second characteristic is a NAPDEF with one parm less.
		const other = ORACLE_XML.replace('<characteristic type="APPLICATION">', '<vendor type="APPLICATION">').replace('</characteristic>\n</wap', '</vendor>\n</wap');
		const spans = spansOver(other, ORACLE_WBXML);
		const ranges = Array.from({ length: spans.count }, (_, i) => spans.source(i));
		const firstNone = ranges.findIndex((r, i) => r === undefined && i > 3);
		// Span 36 is the tag C6 of the second characteristic (offset 76): from there on, nothing.
		expect(firstNone).toBe(36);
		expect(spans.offset(firstNone)).toBe(76);
		expect(ranges.slice(36).every((r) => r === undefined)).toBe(true);
		expect(where(other, ranges[35]!.from, ranges[35]!.to)).toBe('10:3 </characteristic>');
	});
});
