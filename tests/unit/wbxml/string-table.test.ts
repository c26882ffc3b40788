// String-table choice (WAP-192 §5.7 leaves it to the encoder) against libwbxml's xml2wbxml, run by the test
// (ORACLES.md §1). libwbxml splits values into words and puts repeated words in the table
// (src/wbxml_encoder.c wbxml_strtbl_initialize); our candidates include exactly its table, so we are never larger.
import { describe, expect, it } from 'vitest';
import { decodeWbxml, encodeWbxml, PROV, readMbUint32, SYNCML12 } from '../../../src/lib/codec/wbxml/index';
import { canonicalXml, parseXml } from '../../../src/lib/codec/xml/index';
import { makePlan } from '../../../src/lib/codec/wbxml/plan';
import { libwbxmlStrings } from '../../../src/lib/codec/wbxml/string-table';
import { planValue, type ValueMatch } from '../../../src/lib/codec/wbxml/value-dp';
import type { XmlElement } from '../../../src/lib/codec/xml/tree';
import { bytes, chr, el, parm, provDoc, strip, wbxml2xml, xml2wbxml } from './helpers';

const two = (n: number): string => String(n).padStart(2, '0');

/** Like tests/fixtures/prov/prov-046: twenty roaming NAPDEFs whose names share the words "Partner" and "network". */
const TWENTY_NAPDEFS = provDoc(
	el(
		'wap-provisioningdoc',
		{ version: '1.1' },
		...Array.from({ length: 20 }, (_, i): XmlElement => {
			const n = two(i + 1);
			return chr(
				'NAPDEF',
				parm('NAPID', `NAP${n}`),
				parm('BEARER', 'GSM-GPRS'),
				parm('NAME', `Partner network ${n}`),
				parm('NAP-ADDRESS', `apn${n}.partner.example`),
				parm('NAP-ADDRTYPE', 'APN'),
				chr('VALIDITY', parm('COUNTRY', String(201 + i)), parm('NETWORK', n))
			);
		})
	)
);

/** The string table of a WBXML 1.1+ document with a numeric public id, as its strings (WAP-192 §5.4–5.7). */
function tableOf(data: Uint8Array): string[] {
	const publicId = readMbUint32(data, 1);
	const charset = readMbUint32(data, publicId.next);
	const length = readMbUint32(data, charset.next);
	const text = new TextDecoder().decode(data.subarray(length.next, length.next + length.value));
	return text === '' ? [] : text.split('\u0000').slice(0, -1);
}

describe('string table: libwbxml splits values into words (wbxml_strtbl_collect_words)', () => {
	it('offers exactly the table xml2wbxml builds: repeated words of single-use values', () => {
		const theirs = xml2wbxml(TWENTY_NAPDEFS);
		// Read from xml2wbxml's own header: "Partner" and "network" occur in twenty single-use NAME values.
		expect(tableOf(theirs)).toEqual(['Partner', 'network']);
		const plan = makePlan(TWENTY_NAPDEFS, PROV, {});
		expect([...libwbxmlStrings(plan.libwbxmlPool), ...plan.forced]).toEqual(tableOf(theirs));
	});

	it('is never larger than xml2wbxml on twenty NAPDEFs, with and without the table, and decodes to the same XML', () => {
		for (const stringTable of [true, false]) {
			const ours = encodeWbxml(TWENTY_NAPDEFS, PROV, { stringTable });
			const theirs = xml2wbxml(TWENTY_NAPDEFS, stringTable);
			expect(ours.length, `string table ${stringTable}: ours ${ours.length}, xml2wbxml ${theirs.length}`).toBeLessThanOrEqual(theirs.length);
			expect(wbxml2xml(ours)).toBe(wbxml2xml(theirs));
			expect(strip(decodeWbxml(ours).document.root)).toEqual(strip(TWENTY_NAPDEFS.root));
		}
	});

	it('writes NAME="Partner network 01" as a reference to the shared head "Partner network " and inline "01"', () => {
		// xml2wbxml writes each NAME as 83 00 03 " " 00 83 08 03 " 01" 00 (12 bytes; Partner at 0, network at 8).
		// The twenty values share the head "Partner network " (up to the last separator): one table entry of
		// 16 + NUL bytes instead of 8 + 8, and each value becomes STR_T head, STR_I "01" (WAP-192 §5.8.4.2):
		// 83 xx 03 "01" 00 = 7 bytes, after 87 07 06 (parm, name="NAME", value=) and before END.
		const ours = encodeWbxml(TWENTY_NAPDEFS, PROV);
		const table = tableOf(ours);
		expect(table).toContain('Partner network ');
		let offset = 0;
		for (const entry of table.slice(0, table.indexOf('Partner network '))) offset += new TextEncoder().encode(entry).length + 1;
		const expected = bytes(`87 07 06 83 ${offset.toString(16).padStart(2, '0')} 03 "01" 00 01`);
		expect(Buffer.from(ours).indexOf(Buffer.from(expected))).toBeGreaterThan(0);
	});
});

describe('value planner: any table string inside a value (WAP-192 §5.8.4.2)', () => {
	const reference = (at: number, text: string, entry: number, cost: number): ValueMatch => ({ at, end: at + text.length, pageIndex: -1, code: entry, cost });

	it('splits "Partner network 01" into STR_T, STR_I, STR_T, STR_I when both words are in the table', () => {
		// Inline: 03 + 18 bytes + 00 = 20. With Partner at offset 0 and network at offset 8 (each 83 xx, 2 bytes):
		// 2 + (03 " " 00 = 3) + 2 + (03 " 01" 00 = 5) = 12.
		const text = 'Partner network 01';
		const plan = planValue(text, 0, 1, [reference(0, 'Partner', 0, 2), reference(8, 'network', 1, 2)]);
		expect(plan.cost[0]).toBe(12);
		expect(plan.pieces(0)).toEqual([
			{ kind: 'table', entry: 0 },
			{ kind: 'inline', text: ' ' },
			{ kind: 'table', entry: 1 },
			{ kind: 'inline', text: ' 01' }
		]);
	});

	it('references a table string in the middle of a value only where that is shorter', () => {
		// "apn01.partner.example" inline = 23 bytes; "apn01." inline (8) + 83 xx (2) = 10 when "partner.example" is
		// in the table. "ex" (cost 2) inside it would save nothing: 2 bytes of text for a 2-byte reference plus a split.
		const text = 'apn01.partner.example';
		const plan = planValue(text, 0, 1, [reference(6, 'partner.example', 3, 2), reference(14, 'ex', 4, 2)]);
		expect(plan.cost[0]).toBe(10);
		expect(plan.pieces(0)).toEqual([
			{ kind: 'inline', text: 'apn01.' },
			{ kind: 'table', entry: 3 }
		]);
	});
});

describe('string table in element content', () => {
	it('writes a text that contains a table string as one string token, which wbxml2xml reads back', () => {
		// "dm.example/dm" is a whole LocURI twice, so it is worth a table entry, and it also ends the Data text.
		// Splitting <Data> into STR_I "https://" + STR_T would be valid WBXML (§5.8.4.2), but wbxml2xml 0.11.8 turns
		// such a Data into nested CDATA sections and drops </Data>: content text is one STR_I or one STR_T.
		const message = el(
			'SyncML',
			{ xmlns: 'SYNCML:SYNCML1.2' },
			el(
				'SyncHdr',
				{},
				el('VerDTD', {}, '1.2'),
				el('VerProto', {}, 'DM/1.2'),
				el('SessionID', {}, '1'),
				el('MsgID', {}, '1'),
				el('Target', {}, el('LocURI', {}, 'dm.example/dm')),
				el('Source', {}, el('LocURI', {}, 'dm.example/dm'))
			),
			el('SyncBody', {}, el('Add', {}, el('CmdID', {}, '1'), el('Item', {}, el('Target', {}, el('LocURI', {}, './a')), el('Data', {}, 'https://dm.example/dm'))), el('Final'))
		);
		const doc = { root: message, publicId: SYNCML12.fpi, systemId: SYNCML12.systemId };
		const ours = encodeWbxml(doc, SYNCML12);
		expect(tableOf(ours)).toEqual(['dm.example/dm']);
		// Data (page 0 token 0x0F) with content: 4F, then the whole text inline, then END.
		expect(Buffer.from(ours).indexOf(Buffer.from(bytes('4F 03 "https://dm.example/dm" 00 01')))).toBeGreaterThan(0);
		expect(canonicalXml(parseXml(wbxml2xml(ours)))).toBe(canonicalXml(doc));
	});
});
