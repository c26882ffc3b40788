import { describe, expect, it } from 'vitest';
import { PROV } from '../../../src/lib/codec/wbxml';
import { parseXml } from '../../../src/lib/codec/xml';
import { HexSpans, meaningOf, SPAN_KINDS, transferables, viewSpans, type WireSpans } from '../../../src/lib/ui/analysis';
import { ORACLE_SPANS, ORACLE_WBXML, ORACLE_XML } from './oracle-stream';

function oracleWire(): WireSpans {
	const { spans, error } = viewSpans(ORACLE_XML, parseXml(ORACLE_XML), ORACLE_WBXML, PROV);
	expect(error).toBeUndefined();
	return spans;
}

function readBack(spans: HexSpans): [number, number, string, string][] {
	return Array.from({ length: spans.count }, (_, i) => [spans.offset(i), spans.length(i), spans.kind(i), spans.meaning(i)]);
}

describe('spans in columns (what the worker sends the page)', () => {
	it('gives back every span of the libwbxml example of ORACLES.md §1 after a transfer', () => {
		const wire = oracleWire();
		const bytes = ORACLE_WBXML.slice();
		// What postMessage does with the transfer list: the buffers move, the worker's copies are emptied.
		const moved = structuredClone({ bytes, wire }, { transfer: transferables(bytes, wire) });
		expect(wire.offsets.byteLength).toBe(0);
		expect(bytes.byteLength).toBe(0);
		expect(moved.bytes).toEqual(ORACLE_WBXML);
		expect(readBack(new HexSpans(moved.wire, moved.bytes))).toEqual(ORACLE_SPANS);
	});

	it('holds no object and no label per span: typed columns and the language name, whatever the count', () => {
		const wire = oracleWire();
		expect(Object.keys(wire).sort()).toEqual(
			['contexts', 'count', 'depths', 'elements', 'kinds', 'language', 'lengths', 'offsets', 'sourceEnds', 'sourceStarts'].sort()
		);
		expect(wire.count).toBe(60);
		expect(wire.offsets).toBeInstanceOf(Uint32Array);
		expect(wire.kinds).toBeInstanceOf(Uint8Array);
		expect(wire.contexts).toBeInstanceOf(Int32Array);
		expect(wire.language).toBe('PROV');
		// Depth as the annotator counts it: header 0, the root's attribute (span 5) 1, a parm's attribute (span 11) 3.
		expect([wire.depths[0], wire.depths[5], wire.depths[11]]).toEqual([0, 1, 3]);
	});

	it('finds the span of a byte by binary search, and -1 past the end', () => {
		const spans = new HexSpans(oracleWire(), ORACLE_WBXML);
		expect(spans.spanAt(0)).toBe(0);
		// 0x12..0x1F is STR_I "Example GPRS" (14 bytes), the 14th span.
		expect(spans.spanAt(0x12)).toBe(13);
		expect(spans.spanAt(0x1f)).toBe(13);
		expect(spans.spanAt(0x20)).toBe(14);
		expect(spans.spanAt(131)).toBe(59);
		expect(spans.spanAt(132)).toBe(-1);
	});

	it('lists every annotation kind of the codec once', () => {
		expect(new Set(SPAN_KINDS).size).toBe(SPAN_KINDS.length);
		expect(SPAN_KINDS).toHaveLength(16);
	});
});

describe('meaning of a label', () => {
	const bytes = Uint8Array.of(0x83, 0x00, 0x41, 0x20);
	it('drops the hex of the span’s own leading bytes, however many the codec wrote', () => {
		expect(meaningOf('83 00 STR_T[0] "NAP1"', bytes, 0, 2)).toBe('STR_T[0] "NAP1"');
		expect(meaningOf('83 STR_T', bytes, 0, 2)).toBe('STR_T');
	});
	it('keeps a label that does not start with the span’s bytes', () => {
		expect(meaningOf('00 x', bytes, 0, 2)).toBe('00 x');
		// "41" is the byte, but not followed by a space: it is part of the meaning.
		expect(meaningOf('41A', bytes, 2, 1)).toBe('41A');
	});
});
