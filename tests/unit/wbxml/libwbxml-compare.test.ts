// Compactness and agreement with libwbxml (ORACLES.md §1): for the same tree, version and string-table choice our
// PROV output is never larger than xml2wbxml's, and wbxml2xml reads both back to the same XML.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeWbxml, encodeWbxml, PROV, SYNCML12 } from '../../../src/lib/codec/wbxml/index';
import type { XmlDocument, XmlElement, XmlNode } from '../../../src/lib/codec/xml/tree';
import { bytes, chr, el, parm, provDoc, strip, wbxml2xml, xml2wbxml } from './helpers';
import { provRoot } from './prov-arbitrary';

const DM_BOOTSTRAP = el(
	'wap-provisioningdoc',
	{ version: '1.1' },
	chr('BOOTSTRAP', parm('NAME', 'Operator'), parm('PROVURL', 'http://prov.example.com/')),
	chr(
		'PXLOGICAL',
		parm('PROXY-ID', 'proxy.example.com'),
		parm('NAME', 'Operator WAP'),
		chr('PXAUTHINFO', parm('PXAUTH-TYPE', 'HTTP-BASIC'), parm('PXAUTH-ID', 'user')),
		chr('PORT', parm('PORTNBR', '9201'), parm('SERVICE', 'CO-WSP')),
		chr('PXPHYSICAL', parm('PHYSICAL-PROXY-ID', 'PX1'), parm('PXADDR', '10.0.0.1'), parm('PXADDRTYPE', 'IPV4'), parm('TO-NAPID', 'NAP1'), chr('PORT', parm('PORTNBR', '9201')))
	),
	chr(
		'NAPDEF',
		parm('NAPID', 'NAP1'),
		parm('NAME', 'Operator GPRS'),
		parm('BEARER', 'GSM-GPRS'),
		parm('NAP-ADDRESS', 'internet'),
		parm('NAP-ADDRTYPE', 'APN'),
		parm('DNS-ADDR', '10.0.0.2'),
		chr('NAPAUTHINFO', parm('AUTHTYPE', 'CHAP'), parm('AUTHNAME', 'user'), parm('AUTHSECRET', 'secret'), parm('AUTH-ENTITY', 'AAA'))
	),
	chr(
		'APPLICATION',
		parm('APPID', 'w7'),
		parm('PROVIDER-ID', 'dm.example.com'),
		parm('NAME', 'Operator DM'),
		parm('TO-NAPID', 'NAP1'),
		parm('INIT'),
		parm('APPREF', 'dm1'),
		chr('APPADDR', parm('ADDR', 'https://dm.example.com/dm'), parm('ADDRTYPE', 'IPV6'), chr('PORT', parm('PORTNBR', '443'))),
		chr('APPAUTH', parm('AAUTHLEVEL', 'APPSRV'), parm('AAUTHTYPE', 'HTTP-DIGEST,BASIC'), parm('AAUTHNAME', 'dm.example.com'), parm('AAUTHSECRET', 'secret')),
		chr('APPAUTH', parm('AAUTHLEVEL', 'CLIENT'), parm('AAUTHTYPE', 'DIGEST'), parm('AAUTHNAME', 'user'), parm('AAUTHSECRET', 'secret'))
	),
	chr('APPLICATION', parm('APPID', 'w2'), parm('TO-PROXY', 'proxy.example.com'), chr('RESOURCE', parm('URI', 'http://www.example.com/'), parm('STARTPAGE'))),
	chr('CLIENTIDENTITY', parm('CLIENT-ID', '1234')),
	chr('VENDORCONFIG', parm('NAME', 'Vendor'), parm('X-FOO', 'bar'))
);

function compare(doc: XmlDocument): void {
	for (const stringTable of [true, false]) {
		const lib = xml2wbxml(doc, stringTable);
		const ours = encodeWbxml(doc, PROV, { stringTable });
		expect(ours.length, `stringTable=${stringTable}`).toBeLessThanOrEqual(lib.length);
		expect(wbxml2xml(ours)).toBe(wbxml2xml(lib));
		expect(strip(decodeWbxml(lib).document.root)).toEqual(strip(decodeWbxml(ours).document.root));
	}
}

describe('PROV output compared with libwbxml xml2wbxml 0.11.8', () => {
	it('a DM bootstrap document with proxies, NAP, two APPLICATIONs and untokenized parms', () => {
		compare(provDoc(DM_BOOTSTRAP));
	});

	it('random PROV trees', () => {
		fc.assert(
			fc.property(provRoot, (root) => {
				compare(provDoc(root));
			}),
			{ numRuns: 25, seed: 20240607 }
		);
		// 50 runs of xml2wbxml and wbxml2xml: seconds on a loaded two-core machine.
	}, 60_000);
});

describe('SyncML 1.2 from libwbxml (ORACLES.md §1)', () => {
	const message = (data: XmlNode): XmlElement => el(
		'SyncML',
		{ xmlns: 'SYNCML:SYNCML1.2' },
		el(
			'SyncHdr',
			{},
			el('VerDTD', {}, '1.2'),
			el('VerProto', {}, 'DM/1.2'),
			el('SessionID', {}, '1'),
			el('MsgID', {}, '1'),
			el('Target', {}, el('LocURI', {}, 'IMEI:1')),
			el('Source', {}, el('LocURI', {}, 'http://x/')),
			el('Meta', {}, el('MaxMsgSize', { xmlns: 'syncml:metinf' }, '10000'))
		),
		el(
			'SyncBody',
			{},
			el(
				'Add',
				{},
				el('CmdID', {}, '1'),
				el(
					'Item',
					{},
					el('Target', {}, el('LocURI', {}, './a')),
					el('Meta', {}, el('Format', { xmlns: 'syncml:metinf' }, 'chr'), el('Type', { xmlns: 'syncml:metinf' }, 'text/plain')),
					el('Data', {}, data)
				)
			),
			el('Final')
		)
	);
	const tree = message({ kind: 'text', text: 'w7' });
	const doc: XmlDocument = { root: tree, publicId: SYNCML12.fpi, systemId: SYNCML12.systemId };

	it('decodes xml2wbxml output: header 03 A4 01 6A 00, MetInf page 1 with xmlns restored, Data as OPAQUE', () => {
		const lib = xml2wbxml(doc, false);
		expect(Array.from(lib.subarray(0, 5))).toEqual([0x03, 0xa4, 0x01, 0x6a, 0x00]);
		const decoded = decodeWbxml(lib);
		expect(decoded.language).toBe(SYNCML12);
		expect(decoded.publicId).toBe(0x1201);
		// libwbxml writes <Data>w7</Data> as OPAQUE (4F C3 02 "w7" 01): we keep it as an opaque node.
		expect(strip(decoded.document.root)).toEqual(strip(message({ kind: 'opaque', bytes: bytes('"w7"') })));
	});

	it('our encoding is read by wbxml2xml with the namespaces where libwbxml puts them', () => {
		const ours = encodeWbxml(doc, SYNCML12);
		const text = wbxml2xml(ours);
		expect(text).toContain('<SyncML xmlns="SYNCML:SYNCML1.2">');
		expect(text).toContain('<Meta><Format xmlns="syncml:metinf">chr</Format><Type xmlns="syncml:metinf">text/plain</Type></Meta>');
		expect(text).toContain('<Meta><MaxMsgSize xmlns="syncml:metinf">10000</MaxMsgSize></Meta>');
		expect(strip(decodeWbxml(ours).document.root)).toEqual(strip(tree));
		expect(ours.length).toBeLessThanOrEqual(xml2wbxml(doc).length);
	});
});
