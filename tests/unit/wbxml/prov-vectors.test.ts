import { describe, expect, it } from 'vitest';
import { toHex } from '../../../src/lib/codec/hex';
import { decodeWbxml, encodeWbxml, PROV, SYNCML12 } from '../../../src/lib/codec/wbxml/index';
import type { XmlDocument } from '../../../src/lib/codec/xml/tree';
import { bytes, chr, el, parm, PROV_DTD, PROV_FPI, provDoc, strip } from './helpers';

const hex = (b: Uint8Array): string => toHex(b, ' ');

// client-provisioning.md §7: the 118-byte NowSMS "NETWPIN Calculation" document (support.nowsms.com, 2007).
const NOWSMS = bytes(
	'030B6A0674657374310045C6560187070683000101C655018707068300018711060374657374315F4E415049440001871006AB0187080603746573743200018709068901871401C65A01870C069A01870D060367707273757365726E616D650001870E06036770727370617373776F72640001010101'
);
const NOWSMS_TREE = el(
	'wap-provisioningdoc',
	{},
	chr('BOOTSTRAP', parm('NAME', 'test1')),
	chr(
		'NAPDEF',
		parm('NAME', 'test1'),
		parm('NAPID', 'test1_NAPID'),
		parm('BEARER', 'GSM-GPRS'),
		parm('NAP-ADDRESS', 'test2'),
		parm('NAP-ADDRTYPE', 'APN'),
		parm('INTERNET'),
		chr('NAPAUTHINFO', parm('AUTHTYPE', 'PAP'), parm('AUTHNAME', 'gprsusername'), parm('AUTHSECRET', 'gprspassword'))
	)
);

describe('the published NowSMS CP document (client-provisioning.md §7)', () => {
	it('decodes the 118 bytes to the expected tree, header and all', () => {
		expect(NOWSMS.length).toBe(118);
		const d = decodeWbxml(NOWSMS);
		expect(d.version).toBe(0x03);
		expect(d.publicId).toBe(0x0b);
		expect(d.charset).toBe(106);
		expect(d.language).toBe(PROV);
		expect(d.document.publicId).toBe(PROV_FPI);
		expect(d.document.systemId).toBe(PROV_DTD);
		expect(strip(d.document.root)).toEqual(NOWSMS_TREE);
	});

	it('positions elements and attributes at their token offsets', () => {
		const root = decodeWbxml(NOWSMS).document.root;
		expect(root.position).toEqual({ offset: 10 });
		const bootstrap = root.children[0];
		expect(bootstrap.kind === 'element' && bootstrap.position).toEqual({ offset: 11 });
		expect(bootstrap.kind === 'element' && bootstrap.attributes[0].position).toEqual({ offset: 12 });
	});

	it('encodes the tree 3 bytes shorter than published, by also referencing "test1" inside "test1_NAPID"', () => {
		// Our table policy picks the same table ("test1\0": 2 whole uses save 4 bytes), but the value planner also
		// writes "test1_NAPID" as STR_T[0] + STR_I "_NAPID" (2 + 8 = 10 bytes) instead of STR_I "test1_NAPID"
		// (13 bytes), as libwbxml's encoder does too (it searches table strings inside values). Everything else is
		// the published stream token for token: 87 11 06 [83 00 03 "_NAPID" 00] replaces 87 11 06 [03 "test1_NAPID" 00].
		const expected = bytes(
			'03 0B 6A 06 "test1" 00 45 C6 56 01 87 07 06 83 00 01 01 C6 55 01 87 07 06 83 00 01' +
				' 87 11 06 83 00 03 "_NAPID" 00 01 87 10 06 AB 01 87 08 06 03 "test2" 00 01 87 09 06 89 01 87 14 01' +
				' C6 5A 01 87 0C 06 9A 01 87 0D 06 03 "gprsusername" 00 01 87 0E 06 03 "gprspassword" 00 01 01 01 01'
		);
		const ours = encodeWbxml(provDoc(NOWSMS_TREE), PROV);
		expect(hex(ours)).toBe(hex(expected));
		expect(ours.length).toBe(115);
		expect(strip(decodeWbxml(ours).document.root)).toEqual(NOWSMS_TREE);
	});

	it('without a string table writes every string inline', () => {
		// Published stream with the table removed (03 0B 6A 00) and each 83 00 replaced by 03 "test1" 00 (+5 bytes
		// each, twice) and the table (7 bytes incl. length) gone: 118 - 6 + 10 = 122.
		const ours = encodeWbxml(provDoc(NOWSMS_TREE), PROV, { stringTable: false });
		expect(ours.length).toBe(122);
		expect(hex(ours.subarray(0, 20))).toBe(hex(bytes('03 0B 6A 00 45 C6 56 01 87 07 06 03 "test1" 00 01 01')));
	});
});

describe('hand-derived PROV vectors (client-provisioning.md §2–4 token tables)', () => {
	it('APPLICATION with APPADDR, APPAUTH and AAUTHTYPE fragments stays on attribute page 1; version="1.1" is 45 03 "1.1" 00', () => {
		const tree = el(
			'wap-provisioningdoc',
			{ version: '1.1' },
			chr('APPLICATION', parm('APPID', 'w7'), chr('APPADDR', parm('ADDR', 'http://d/')), chr('APPAUTH', parm('AAUTHTYPE', 'HTTP-DIGEST,BASIC')))
		);
		const expected = bytes(
			'03 0B 6A 00' + // WBXML 1.3, PROV 1.0, UTF-8, no string table
				' C5 45 03 "1.1" 00 01' + // <wap-provisioningdoc version=STR_I "1.1"> (only "1.0" has a token: 0x46)
				' C6 00 01 55 01' + // <characteristic type="APPLICATION">: 0x55 exists only on attribute page 1
				' 87 36 06 03 "w7" 00 01' + // APPID (page 1 0x36), value= (page 1 0x06: no switch back)
				' C6 56 01 87 34 06 03 "http://d/" 00 01 01' + // APPADDR (0x56) / ADDR (0x34)
				' C6 57 01 87 33 06 91 93 90 92 01 01' + // APPAUTH (0x57) / AAUTHTYPE (0x33) = HTTP- DIGEST , BASIC
				' 01 01' // </characteristic> </wap-provisioningdoc>
		);
		const ours = encodeWbxml(provDoc(tree), PROV, { stringTable: false });
		expect(hex(ours)).toBe(hex(expected));
		expect(strip(decodeWbxml(expected).document.root)).toEqual(tree);
	});

	it('references a value used twice through the string table (STR_T)', () => {
		const tree = el(
			'wap-provisioningdoc',
			{ version: '1.0' },
			chr('NAPDEF', parm('NAPID', 'myNAP01')),
			chr('PXLOGICAL', parm('PROXY-ID', 'PROXY1'), chr('PXPHYSICAL', parm('TO-NAPID', 'myNAP01')))
		);
		// "myNAP01" twice: inline 2 x (1 + 7 + 1) = 18 bytes; table 8 bytes + 2 x (83 00) = 12 bytes.
		// "PROXY1" once: inline. version="1.0" is the single token 0x46.
		const expected = bytes(
			'03 0B 6A 08 "myNAP01" 00' +
				' C5 46 01' +
				' C6 55 01 87 11 06 83 00 01 01' + // NAPDEF / NAPID = STR_T[0]
				' C6 51 01 87 15 06 03 "PROXY1" 00 01' + // PXLOGICAL / PROXY-ID
				' C6 52 01 87 22 06 83 00 01 01 01' + // PXPHYSICAL / TO-NAPID = STR_T[0]
				' 01'
		);
		const ours = encodeWbxml(provDoc(tree), PROV);
		expect(hex(ours)).toBe(hex(expected));
		expect(strip(decodeWbxml(expected).document.root)).toEqual(tree);
	});

	it('writes a parm name without a token (APPREF) as name= + STR_I, on page 1 after type=APPLICATION', () => {
		// client-provisioning.md §3: APPREF/TO-APPREF are not tokenized; 0x05 name= and 0x06 value= exist on page 1.
		const tree = el('wap-provisioningdoc', {}, chr('APPLICATION', parm('APPREF', 'ref1')));
		const expected = bytes('03 0B 6A 00 45 C6 00 01 55 01 87 05 03 "APPREF" 00 06 03 "ref1" 00 01 01 01');
		expect(hex(encodeWbxml(provDoc(tree), PROV, { stringTable: false }))).toBe(hex(expected));
		expect(strip(decodeWbxml(expected).document.root)).toEqual(tree);
	});

	it('decodes an ENTITY inside an attribute value and merges it with the string before it', () => {
		// value= STR_I "caf" ENTITY 0xE9 (233 = 81 69 as mb_u_int32) -> "café"
		const data = bytes('03 0B 6A 00 45 C6 55 01 87 07 06 03 "caf" 00 02 81 69 01 01 01');
		const tree = el('wap-provisioningdoc', {}, chr('NAPDEF', parm('NAME', 'café')));
		expect(strip(decodeWbxml(data).document.root)).toEqual(tree);
		// The encoder writes the same value as UTF-8 inline (é = C3 A9): UTF-8 needs no entities.
		expect(hex(encodeWbxml(provDoc(tree), PROV, { stringTable: false }))).toBe(
			hex(bytes('03 0B 6A 00 45 C6 55 01 87 07 06 03 "caf" C3 A9 00 01 01 01'))
		);
	});

	it('decodes ISO-8859-1 (MIBenum 4) strings byte for byte', () => {
		// charset 04; E9 is é in Latin-1 (and would be invalid UTF-8 here).
		const d = decodeWbxml(bytes('03 0B 04 00 45 C6 55 01 87 07 06 03 "caf" E9 00 01 01 01'));
		expect(d.charset).toBe(4);
		expect(strip(d.document.root)).toEqual(el('wap-provisioningdoc', {}, chr('NAPDEF', parm('NAME', 'café'))));
	});

	it('decodes WBXML 1.0, which has no charset byte (WAP-104), as UTF-8', () => {
		const d = decodeWbxml(bytes('00 0B 00 45 C6 55 01 87 07 06 03 "x" 00 01 01 01'));
		expect(d.version).toBe(0x00);
		expect(d.charset).toBe(106);
		expect(strip(d.document.root)).toEqual(el('wap-provisioningdoc', {}, chr('NAPDEF', parm('NAME', 'x'))));
	});

	it('decodes an ENTITY in element content into the same text node as the strings around it', () => {
		// SyncML 1.2: <SyncML><SyncBody><LocURI>STR_I "a" ENTITY 0x2F STR_I "b"</LocURI>... : one text "a/b".
		const data = bytes('03 A4 01 6A 00 6D 6B 57 03 "a" 00 02 2F 03 "b" 00 01 01 01');
		const root = decodeWbxml(data).document.root;
		expect(strip(root)).toEqual(el('SyncML', { xmlns: 'SYNCML:SYNCML1.2' }, el('SyncBody', {}, el('LocURI', {}, 'a/b'))));
		const locUri = (root.children[0] as { children: { position?: unknown }[] }).children[0];
		expect((locUri as { children: { position?: unknown }[] }).children[0].position).toEqual({ offset: 8 });
	});

	it('writes OPAQUE element content as C3 length bytes and reads it back as an opaque node', () => {
		const tree = el('SyncML', { xmlns: 'SYNCML:SYNCML1.2' }, el('SyncBody', {}, el('Data', {}, { kind: 'opaque', bytes: Uint8Array.from([1, 2, 0xff]) })));
		const doc: XmlDocument = { root: tree, publicId: SYNCML12.fpi, systemId: SYNCML12.systemId };
		// 6D SyncML (0x2D|content; xmlns implied by page 0), 6B SyncBody, 4F Data, C3 03 01 02 FF, END x3
		const expected = bytes('03 A4 01 6A 00 6D 6B 4F C3 03 01 02 FF 01 01 01');
		expect(hex(encodeWbxml(doc, SYNCML12))).toBe(hex(expected));
		expect(strip(decodeWbxml(expected).document.root)).toEqual(tree);
	});

	it('decodes libwbxml output for the ORACLES.md prov.xml and encodes it 6 bytes shorter (no 00 00 switches)', () => {
		// ORACLES.md §1, bytes printed by xml2wbxml 0.11.8.
		const lib = bytes(
			'030b6a054e41503100c54601c6550187070603' +
				'"Example GPRS"' +
				'00018711068300018710 06ab018708 0603 "internet.example.com" 0001870906890101c6000155' +
				'0187360000 0603 "w2" 00 0187 2206 8300 0187 0001 3400 0006 03 "http://www.example.com/" 0001 0101'
		);
		expect(lib.length).toBe(0x84);
		const tree = el(
			'wap-provisioningdoc',
			{ version: '1.0' },
			chr('NAPDEF', parm('NAME', 'Example GPRS'), parm('NAPID', 'NAP1'), parm('BEARER', 'GSM-GPRS'), parm('NAP-ADDRESS', 'internet.example.com'), parm('NAP-ADDRTYPE', 'APN')),
			chr('APPLICATION', parm('APPID', 'w2'), parm('TO-NAPID', 'NAP1'), parm('ADDR', 'http://www.example.com/'))
		);
		expect(strip(decodeWbxml(lib).document.root)).toEqual(tree);
		// Same tokens and table; we drop libwbxml's "00 00" after 36 (APPID) and after 34 (ADDR), and its "00 01"
		// before 34 (TO-NAPID 0x22 also exists on page 1, so we never leave page 1).
		const expected = bytes(
			'03 0B 6A 05 "NAP1" 00 C5 46 01 C6 55 01 87 07 06 03 "Example GPRS" 00 01 87 11 06 83 00 01 87 10 06 AB 01' +
				' 87 08 06 03 "internet.example.com" 00 01 87 09 06 89 01 01' +
				' C6 00 01 55 01 87 36 06 03 "w2" 00 01 87 22 06 83 00 01 87 34 06 03 "http://www.example.com/" 00 01 01 01'
		);
		const ours = encodeWbxml(provDoc(tree), PROV);
		expect(hex(ours)).toBe(hex(expected));
		expect(ours.length).toBe(lib.length - 6);
	});
});
