import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { annotateWbxml, annotateWbxmlSpans, encodeWbxml, languageForDocument, WbxmlLabels, type WbxmlVersion } from '../../../src/lib/codec/wbxml/index';
import { parseXml } from '../../../src/lib/codec/xml';
import { bytes } from './helpers';

/** Every span's label built on demand (annotateWbxmlSpans + WbxmlLabels), asked for last to first. */
function labelsOnDemand(data: Uint8Array): { spans: [number, number, string, number, string][]; error?: string } {
	const { spans, language, error } = annotateWbxmlSpans(data);
	const labels = new WbxmlLabels(data, spans, language);
	const out = Array.from({ length: spans.count }, (_, i): [number, number, string, number, string] => [spans.offset(i), spans.length(i), spans.kind(i), spans.depth(i), '']);
	for (let i = spans.count - 1; i >= 0; i--) out[i][4] = labels.label(i);
	return { spans: out, error: error?.message };
}

describe('annotated hex view (same walker as the decoder)', () => {
	it('labels every span of a small CP document in stream order', () => {
		// ORACLES.md §1 style: table "NAP1", NAPDEF with NAPID=STR_T[0], then an APPLICATION on attribute page 1.
		const data = bytes('03 0B 6A 05 "NAP1" 00 C5 46 01 C6 55 01 87 11 06 83 00 01 01 C6 00 01 55 01 87 36 06 03 "w2" 00 01 01 01');
		const { annotations, error } = annotateWbxml(data);
		expect(error).toBeUndefined();
		const expected = [
			[0, 1, 'version', 0, '03 WBXML 1.3'],
			[1, 1, 'public-id', 0, '0B public id PROV 1.0'],
			[2, 1, 'charset', 0, '6A charset UTF-8'],
			[3, 6, 'string-table', 0, '05 string table, 5 bytes'],
			[9, 1, 'tag', 0, 'C5 <wap-provisioningdoc> attrs+content'],
			[10, 1, 'attribute-start', 1, '46 version="1.0"'],
			[11, 1, 'end', 1, '01 END attributes of <wap-provisioningdoc>'],
			[12, 1, 'tag', 1, 'C6 <characteristic> attrs+content'],
			[13, 1, 'attribute-start', 2, '55 type="NAPDEF"'],
			[14, 1, 'end', 2, '01 END attributes of <characteristic>'],
			[15, 1, 'tag', 2, '87 <parm> attrs'],
			[16, 1, 'attribute-start', 3, '11 name="NAPID"'],
			[17, 1, 'attribute-start', 3, '06 value='],
			[18, 2, 'table-string', 3, '83 00 STR_T[0] "NAP1"'],
			[20, 1, 'end', 3, '01 END attributes of <parm>'],
			[21, 1, 'end', 1, '01 END </characteristic>'],
			[22, 1, 'tag', 1, 'C6 <characteristic> attrs+content'],
			[23, 2, 'switch-page', 2, '00 01 SWITCH_PAGE attribute page 1'],
			[25, 1, 'attribute-start', 2, '55 type="APPLICATION"'],
			[26, 1, 'end', 2, '01 END attributes of <characteristic>'],
			[27, 1, 'tag', 2, '87 <parm> attrs'],
			[28, 1, 'attribute-start', 3, '36 name="APPID"'],
			[29, 1, 'attribute-start', 3, '06 value='],
			[30, 4, 'inline-string', 3, '03 STR_I "w2"'],
			[34, 1, 'end', 3, '01 END attributes of <parm>'],
			[35, 1, 'end', 1, '01 END </characteristic>'],
			[36, 1, 'end', 0, '01 END </wap-provisioningdoc>']
		];
		expect(annotations.map((a) => [a.offset, a.length, a.kind, a.depth, a.label])).toEqual(expected);
		expect(labelsOnDemand(data)).toEqual({ spans: expected, error: undefined });
	});

	it('stops with the error where the stream goes bad, keeping what came before', () => {
		const data = bytes('03 0B 6A 00 45 C6 00 01 55 01 87 35 06 85 01 01 01');
		const { annotations, error } = annotateWbxml(data);
		expect(error?.code).toBe('unknown-attribute-value');
		expect(error?.message).toBe('WBXML offset 0xD: attribute value token 0x85 is not defined in PROV code page 1');
		expect(annotations.at(-1)).toMatchObject({ offset: 12, kind: 'attribute-start', label: '06 value=' });
	});

	it('labels OPAQUE, value tokens and a literal public id', () => {
		const syncml = annotateWbxml(bytes('03 A4 01 6A 00 6D 4F C3 02 "w7" 01 01'));
		expect(syncml.annotations.find((a) => a.kind === 'opaque')).toMatchObject({ offset: 7, length: 4, label: 'C3 02 OPAQUE 2 bytes' });
		expect(syncml.annotations.find((a) => a.kind === 'public-id')).toMatchObject({ length: 2, label: 'A4 01 public id SyncML 1.2' });
		const prov = annotateWbxml(bytes('03 0B 6A 00 45 C6 55 01 87 10 06 AB 01 01 01'));
		expect(prov.annotations.find((a) => a.kind === 'attribute-value')?.label).toBe('AB "GSM-GPRS"');
		const ddf = annotateWbxml(bytes('03 00 00 6A 1B "-//OMA//DTD-DM-DDF 1.2//EN" 00 00 02 20'));
		expect(ddf.annotations.find((a) => a.kind === 'public-id')).toMatchObject({ offset: 1, length: 2, label: '00 00 public id STR_T[0] "-//OMA//DTD-DM-DDF 1.2//EN"' });
		expect(ddf.error).toBeUndefined();
	});
});

describe('spans labelled on demand (a view labels only the rows it shows)', () => {
	it('names LITERAL tags and attributes from the string table, and the END of a LITERAL tag\'s attributes', () => {
		// Table "x-tag\0x-at\0" (11 bytes); 45 = wap-provisioningdoc with content; 84 00 = LITERAL with attributes,
		// name at table offset 0; 04 06 = attribute LITERAL, name at offset 6; STR_I "v"; END (attributes); END (root).
		const data = bytes('03 0B 6A 0B "x-tag" 00 "x-at" 00 45 84 00 04 06 03 "v" 00 01 01');
		expect(labelsOnDemand(data)).toEqual({
			spans: [
				[0, 1, 'version', 0, '03 WBXML 1.3'],
				[1, 1, 'public-id', 0, '0B public id PROV 1.0'],
				[2, 1, 'charset', 0, '6A charset UTF-8'],
				[3, 12, 'string-table', 0, '0B string table, 11 bytes'],
				[15, 1, 'tag', 0, '45 <wap-provisioningdoc> content'],
				[16, 2, 'literal', 1, '84 00 LITERAL <x-tag> attrs'],
				[18, 2, 'literal', 2, '04 06 LITERAL x-at='],
				[20, 3, 'inline-string', 2, '03 STR_I "v"'],
				[23, 1, 'end', 2, '01 END attributes of <x-tag>'],
				[24, 1, 'end', 0, '01 END </wap-provisioningdoc>']
			],
			error: undefined
		});
	});

	it('labels a processing instruction with its attribute list, and an ENTITY by its code point', () => {
		// 43 = PI, 06 = attribute start value=, STR_I "x", END; then the root with content ENTITY 0xA0 (81 20).
		const data = bytes('03 0B 6A 00 43 06 03 "x" 00 01 45 02 81 20 01');
		expect(labelsOnDemand(data).spans.map((s) => s[4])).toEqual([
			'03 WBXML 1.3',
			'0B public id PROV 1.0',
			'6A charset UTF-8',
			'00 string table, 0 bytes',
			'43 PI',
			'06 value=',
			'03 STR_I "x"',
			'01 END attributes of processing instruction',
			'45 <wap-provisioningdoc> content',
			'02 81 20 ENTITY &#xA0;',
			'01 END </wap-provisioningdoc>'
		]);
	});

	it('labels the public id as far as it was read when the header fails', () => {
		const data = bytes('03 7F 6A 00 45 01');
		expect(labelsOnDemand(data)).toEqual({
			spans: [
				[0, 1, 'version', 0, '03 WBXML 1.3'],
				[1, 1, 'public-id', 0, '7F public id 0x7F'],
				[2, 1, 'charset', 0, '6A charset UTF-8'],
				[3, 1, 'string-table', 0, '00 string table, 0 bytes']
			],
			error: 'WBXML offset 0x1: public id 0x7F is not a known language; force one with the language option'
		});
	});

	it('gives every span of every fixture encoded four ways the label annotateWbxml gives it', () => {
		const folders = ['provcont', 'prov', 'syncml', 'dm'].map((f) => join(import.meta.dirname, '../../fixtures', f));
		let streams = 0;
		for (const folder of folders) {
			for (const name of readdirSync(folder).filter((n) => n.endsWith('.xml'))) {
				let document;
				try {
					document = parseXml(readFileSync(join(folder, name), 'utf8'));
				} catch {
					continue;
				}
				const language = languageForDocument(document);
				if (!language) continue;
				for (const [version, stringTable] of [[3, true], [3, false], [1, true], [0, false]] as [WbxmlVersion, boolean][]) {
					let data: Uint8Array;
					try {
						data = encodeWbxml(document, language, { version, stringTable });
					} catch {
						// A name with no token needs the string table (a LITERAL): that document is not encoded this way.
						continue;
					}
					const eager = annotateWbxml(data);
					expect(labelsOnDemand(data), name).toEqual({ spans: eager.annotations.map((a) => [a.offset, a.length, a.kind, a.depth, a.label]), error: eager.error?.message });
					streams++;
				}
			}
		}
		expect(streams).toBeGreaterThan(200);
	});
});
