// The libwbxml example of /work/shared/ORACLES.md §1: prov.xml (tests/fixtures/provcont/oracles-prov.xml) as
// `xml2wbxml -o prov.wbxml prov.xml` writes it, copied from the `xxd` dump there. Its token meanings are listed in
// ORACLES.md under the dump: 03 WBXML 1.3, 0B PROV 1.0, 6A UTF-8, string table 05 "NAP1\0", C5 wap-provisioningdoc,
// 46 version="1.0", C6 characteristic, 55 type=NAPDEF, 87 parm, 07 NAME / 11 NAPID / 10 BEARER / 08 NAP-ADDRESS /
// 09 NAP-ADDRTYPE, 06 value, 83 00 STR_T[0], AB GSM-GPRS, 89 APN; APPLICATION: 00 01 (attribute page 1) 55
// type=APPLICATION, 36 APPID, 34 ADDR, 22 TO-NAPID (page 0), and libwbxml's redundant 00 00 back to page 0 after
// each page-1 attribute start.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const XXD = `
00000000: 030b 6a05 4e41 5031 00c5 4601 c655 0187
00000010: 0706 0345 7861 6d70 6c65 2047 5052 5300
00000020: 0187 1106 8300 0187 1006 ab01 8708 0603
00000030: 696e 7465 726e 6574 2e65 7861 6d70 6c65
00000040: 2e63 6f6d 0001 8709 0689 0101 c600 0155
00000050: 0187 3600 0006 0377 3200 0187 2206 8300
00000060: 0187 0001 3400 0006 0368 7474 703a 2f2f
00000070: 7777 772e 6578 616d 706c 652e 636f 6d2f
00000080: 0001 0101`;

export const ORACLE_WBXML = Uint8Array.from(
	XXD.trim()
		.split('\n')
		.flatMap((line) => line.slice(10).replace(/\s/g, '').match(/../g) ?? [])
		.map((pair) => parseInt(pair, 16))
);

export const ORACLE_XML = readFileSync(join(import.meta.dirname, '../../fixtures/provcont/oracles-prov.xml'), 'utf8');

/** Every span of that stream, worked out by hand from the meanings above (WAP-192 §5.8: a tag token with bit 7
 *  set is followed by attributes and an END, with bit 6 by content and an END; STR_I runs to its NUL). The meaning
 *  is written the way the annotator words it (codec/wbxml/decode.ts), without the leading hex. */
export const ORACLE_SPANS: readonly [offset: number, length: number, kind: string, meaning: string][] = [
	[0, 1, 'version', 'WBXML 1.3'],
	[1, 1, 'public-id', 'public id PROV 1.0'],
	[2, 1, 'charset', 'charset UTF-8'],
	[3, 6, 'string-table', 'string table, 5 bytes'],
	[9, 1, 'tag', '<wap-provisioningdoc> attrs+content'],
	[10, 1, 'attribute-start', 'version="1.0"'],
	[11, 1, 'end', 'END attributes of <wap-provisioningdoc>'],
	[12, 1, 'tag', '<characteristic> attrs+content'],
	[13, 1, 'attribute-start', 'type="NAPDEF"'],
	[14, 1, 'end', 'END attributes of <characteristic>'],
	[15, 1, 'tag', '<parm> attrs'],
	[16, 1, 'attribute-start', 'name="NAME"'],
	[17, 1, 'attribute-start', 'value='],
	[18, 14, 'inline-string', 'STR_I "Example GPRS"'],
	[32, 1, 'end', 'END attributes of <parm>'],
	[33, 1, 'tag', '<parm> attrs'],
	[34, 1, 'attribute-start', 'name="NAPID"'],
	[35, 1, 'attribute-start', 'value='],
	[36, 2, 'table-string', 'STR_T[0] "NAP1"'],
	[38, 1, 'end', 'END attributes of <parm>'],
	[39, 1, 'tag', '<parm> attrs'],
	[40, 1, 'attribute-start', 'name="BEARER"'],
	[41, 1, 'attribute-start', 'value='],
	[42, 1, 'attribute-value', '"GSM-GPRS"'],
	[43, 1, 'end', 'END attributes of <parm>'],
	[44, 1, 'tag', '<parm> attrs'],
	[45, 1, 'attribute-start', 'name="NAP-ADDRESS"'],
	[46, 1, 'attribute-start', 'value='],
	[47, 22, 'inline-string', 'STR_I "internet.example.com"'],
	[69, 1, 'end', 'END attributes of <parm>'],
	[70, 1, 'tag', '<parm> attrs'],
	[71, 1, 'attribute-start', 'name="NAP-ADDRTYPE"'],
	[72, 1, 'attribute-start', 'value='],
	[73, 1, 'attribute-value', '"APN"'],
	[74, 1, 'end', 'END attributes of <parm>'],
	[75, 1, 'end', 'END </characteristic>'],
	[76, 1, 'tag', '<characteristic> attrs+content'],
	[77, 2, 'switch-page', 'SWITCH_PAGE attribute page 1'],
	[79, 1, 'attribute-start', 'type="APPLICATION"'],
	[80, 1, 'end', 'END attributes of <characteristic>'],
	[81, 1, 'tag', '<parm> attrs'],
	[82, 1, 'attribute-start', 'name="APPID"'],
	[83, 2, 'switch-page', 'SWITCH_PAGE attribute page 0'],
	[85, 1, 'attribute-start', 'value='],
	[86, 4, 'inline-string', 'STR_I "w2"'],
	[90, 1, 'end', 'END attributes of <parm>'],
	[91, 1, 'tag', '<parm> attrs'],
	[92, 1, 'attribute-start', 'name="TO-NAPID"'],
	[93, 1, 'attribute-start', 'value='],
	[94, 2, 'table-string', 'STR_T[0] "NAP1"'],
	[96, 1, 'end', 'END attributes of <parm>'],
	[97, 1, 'tag', '<parm> attrs'],
	[98, 2, 'switch-page', 'SWITCH_PAGE attribute page 1'],
	[100, 1, 'attribute-start', 'name="ADDR"'],
	[101, 2, 'switch-page', 'SWITCH_PAGE attribute page 0'],
	[103, 1, 'attribute-start', 'value='],
	[104, 25, 'inline-string', 'STR_I "http://www.example.com/"'],
	[129, 1, 'end', 'END attributes of <parm>'],
	[130, 1, 'end', 'END </characteristic>'],
	[131, 1, 'end', 'END </wap-provisioningdoc>']
];
