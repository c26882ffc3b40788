// The forms by example: the exact XML a user would check for the settings typed into each form, validated by the
// studio's validator, read by libwbxml (wbxml2xml) after encoding; edits into documents as people write them.
import { describe, expect, it } from 'vitest';
import { encodeWbxml, PROV } from '../../../src/lib/codec/wbxml';
import { parseXml } from '../../../src/lib/codec/xml';
import {
	apnForm,
	bootstrapForm,
	browserForm,
	dmAccountForm,
	emailForm,
	FormError,
	mmsForm,
	proxyForm,
	readFormDocument,
	allowedValues,
	findingsByField,
	type FormDocument
} from '../../../src/lib/documents/forms';
import { checkForm, one } from '../../../src/lib/documents/forms/binding';
import { parseProvDoc, provDocFromXml, ProvDocError, validateProvDoc } from '../../../src/lib/documents/provcont';
import { BEARERS, NAP_AUTH_TYPES } from '../../../src/lib/documents/provcont/rules/values';
import { secretFieldsOf } from '../../../src/lib/library';
import { wbxml2xml } from '../wbxml/helpers';

const PROLOG = [
	'<?xml version="1.0"?>',
	'<!DOCTYPE wap-provisioningdoc PUBLIC "-//WAPFORUM//DTD PROV 1.0//EN" "http://www.wapforum.org/DTD/prov.dtd">',
	'<wap-provisioningdoc version="1.0">'
];
const doc = (...lines: string[]): string => [...PROLOG, ...lines, '</wap-provisioningdoc>', ''].join('\n');
const errors = (text: string) => validateProvDoc(parseProvDoc(text)).filter((f) => f.severity === 'error');
const blank = (): FormDocument => readFormDocument('');

/** The APN a user types: access point "internet", user "web", password "web", PAP, over GPRS. */
const APN = {
	...apnForm.empty(),
	napid: 'INTERNET-NAP',
	bearers: ['GSM-GPRS'],
	name: 'Internet',
	apn: 'internet',
	addressType: 'APN',
	auth: { type: 'PAP', name: 'web', secret: 'web' }
};

const APN_XML = [
	'  <characteristic type="NAPDEF">',
	'    <parm name="NAPID" value="INTERNET-NAP"/>',
	'    <parm name="BEARER" value="GSM-GPRS"/>',
	'    <parm name="NAME" value="Internet"/>',
	'    <parm name="NAP-ADDRESS" value="internet"/>',
	'    <parm name="NAP-ADDRTYPE" value="APN"/>',
	'    <characteristic type="NAPAUTHINFO">',
	'      <parm name="AUTHTYPE" value="PAP"/>',
	'      <parm name="AUTHNAME" value="web"/>',
	'      <parm name="AUTHSECRET" value="web"/>',
	'    </characteristic>',
	'  </characteristic>'
];

describe('APN form (ProvCont §5 NAPDEF, NAPAUTHINFO)', () => {
	it('writes the NAPDEF a user expects for APN "internet", user "web", password "web", with no finding', () => {
		const written = apnForm.write(blank(), APN);
		expect(written.text).toBe(doc(...APN_XML));
		expect(validateProvDoc(parseProvDoc(written.text))).toEqual([]);
	});

	it('encodes to WBXML that libwbxml reads back as the same parms (wbxml2xml)', () => {
		const text = apnForm.write(blank(), APN).text;
		const bytes = encodeWbxml(parseXml(text), PROV);
		const theirs = provDocFromXml(parseXml(wbxml2xml(bytes)));
		const strip = (d: unknown) => JSON.parse(JSON.stringify(d, (k, v: unknown) => (/position/i.test(k) ? undefined : v)));
		expect(strip(theirs.characteristics)).toEqual(strip(parseProvDoc(text).characteristics));
	});

	it('reads back what it wrote', () => {
		expect(apnForm.read(apnForm.write(blank(), APN))).toEqual(APN);
	});

	it('changes only the value typed, keeping comments, a vendor parm, tabs and single quotes as they were', () => {
		const text = [
			"<wap-provisioningdoc version='1.1'>",
			'\t<!-- the operator\'s APN -->',
			"\t<characteristic type='NAPDEF'>",
			"\t\t<parm name='NAME' value='Old'/> <!-- shown to the user -->",
			"\t\t<parm name='X-VENDOR' value='1'/>",
			"\t\t<parm name='NAPID' value='N1'/>",
			"\t\t<parm name='NAP-ADDRESS' value='old.apn'/>",
			'\t</characteristic>',
			'</wap-provisioningdoc>',
			''
		].join('\n');
		const form = readFormDocument(text);
		const values = apnForm.read(form);
		const written = apnForm.write(form, { ...values, apn: "it's.apn", dns: ['10.0.0.1'] });
		expect(written.text).toBe(
			[
				"<wap-provisioningdoc version='1.1'>",
				'\t<!-- the operator\'s APN -->',
				"\t<characteristic type='NAPDEF'>",
				"\t\t<parm name='NAME' value='Old'/> <!-- shown to the user -->",
				"\t\t<parm name='X-VENDOR' value='1'/>",
				"\t\t<parm name='NAPID' value='N1'/>",
				"\t\t<parm name='NAP-ADDRESS' value='it&apos;s.apn'/>",
				'\t\t<parm name="DNS-ADDR" value="10.0.0.1"/>',
				'\t</characteristic>',
				'</wap-provisioningdoc>',
				''
			].join('\n')
		);
		// Two edits: the value between its quotes, and the new parm after the one the form puts before it.
		expect(written.edits).toHaveLength(2);
	});

	it('edits the NAPDEF chosen by its NAPID among several, and adds one when asked', () => {
		const text = doc(
			'  <characteristic type="NAPDEF">',
			'    <parm name="NAPID" value="A"/>',
			'  </characteristic>',
			'  <characteristic type="NAPDEF">',
			'    <parm name="NAPID" value="B"/>',
			'  </characteristic>'
		);
		const form = readFormDocument(text);
		expect(apnForm.instances(form)).toEqual([
			{ index: 0, label: 'A' },
			{ index: 1, label: 'B' }
		]);
		const b = apnForm.instances(form).find((i) => i.label === 'B')?.index ?? -1;
		const edited = apnForm.write(form, { ...apnForm.read(form, b), apn: 'b.apn' }, b);
		expect(edited.text).toBe(
			doc(
				'  <characteristic type="NAPDEF">',
				'    <parm name="NAPID" value="A"/>',
				'  </characteristic>',
				'  <characteristic type="NAPDEF">',
				'    <parm name="NAPID" value="B"/>',
				'    <parm name="NAP-ADDRESS" value="b.apn"/>',
				'  </characteristic>'
			)
		);
		const added = apnForm.write(edited, { ...apnForm.empty(), napid: 'C' }, 'new');
		expect(apnForm.instances(added).map((i) => i.label)).toEqual(['A', 'B', 'C']);
		expect(() => apnForm.write(form, APN, 5)).toThrow(new FormError('no-such-instance', 'there is no NAPDEF number 6 in the document'));
	});

	it('removes the NAPAUTHINFO when the user clears its fields, and keeps one holding a parm the form does not show', () => {
		const plain = apnForm.write(blank(), APN);
		const cleared = apnForm.write(plain, { ...APN, auth: { type: undefined, name: undefined, secret: undefined } });
		expect(cleared.text).toBe(doc(...APN_XML.slice(0, 6), '  </characteristic>'));
		const withSpi = readFormDocument(plain.text.replace('<parm name="AUTHSECRET" value="web"/>', '<parm name="AUTHSECRET" value="web"/><parm name="SPI" value="1"/>'));
		const kept = apnForm.write(withSpi, { ...APN, auth: { type: undefined, name: undefined, secret: undefined } });
		expect(kept.text).toContain('<characteristic type="NAPAUTHINFO">\n      <parm name="SPI" value="1"/>\n    </characteristic>');
	});

	it('offers the schema\'s values for BEARER and AUTHTYPE', () => {
		expect(allowedValues('NAPDEF', 'BEARER')).toEqual(BEARERS);
		expect(allowedValues('NAPAUTHINFO', 'AUTHTYPE')).toEqual(NAP_AUTH_TYPES);
		expect(allowedValues('NAPDEF', 'NAP-ADDRESS')).toBeUndefined();
	});

	it('refuses a text that is no wap-provisioningdoc with the model\'s error and place', () => {
		expect(() => readFormDocument('<wap-provisioningdoc>\n  <characteristic type="NAPDEF">\n</wap-provisioningdoc>')).toThrow(ProvDocError);
		expect(() => readFormDocument('<DMAcc/>')).toThrow('line 1, column 1: root element is <DMAcc>, expected <wap-provisioningdoc>');
	});
});

describe('an APN + MMS + e-mail profile through the forms only', () => {
	it('gives this document, with no validation error, its secrets found by the library\'s secret rule', () => {
		let d = apnForm.write(blank(), APN);
		d = mmsForm.write(d, { ...mmsForm.empty(), name: 'MMS', mmsc: 'http://mmsc.example.com/mms', toNapid: ['INTERNET-NAP'] });
		d = emailForm.write(d, {
			incoming: {
				...emailForm.empty().incoming,
				appid: '143',
				name: 'Mail',
				toNapid: ['INTERNET-NAP'],
				address: { addr: 'imap.example.com', port: { number: '993', services: [] } },
				auth: { name: 'alice', secret: 's3cret' }
			},
			outgoing: {
				...emailForm.empty().outgoing,
				name: 'Mail',
				toNapid: ['INTERNET-NAP'],
				address: { addr: 'smtp.example.com', port: { number: '587', services: [] } },
				auth: { name: 'alice', secret: 's3cret' },
				from: 'alice@example.com'
			}
		});
		expect(d.text).toBe(
			doc(
				...APN_XML,
				'  <characteristic type="APPLICATION">',
				'    <parm name="APPID" value="w4"/>',
				'    <parm name="NAME" value="MMS"/>',
				'    <parm name="ADDR" value="http://mmsc.example.com/mms"/>',
				'    <parm name="TO-NAPID" value="INTERNET-NAP"/>',
				'  </characteristic>',
				'  <characteristic type="APPLICATION">',
				'    <parm name="APPID" value="143"/>',
				'    <parm name="NAME" value="Mail"/>',
				'    <parm name="TO-NAPID" value="INTERNET-NAP"/>',
				'    <characteristic type="APPADDR">',
				'      <parm name="ADDR" value="imap.example.com"/>',
				'      <characteristic type="PORT">',
				'        <parm name="PORTNBR" value="993"/>',
				'      </characteristic>',
				'    </characteristic>',
				'    <characteristic type="APPAUTH">',
				'      <parm name="AAUTHNAME" value="alice"/>',
				'      <parm name="AAUTHSECRET" value="s3cret"/>',
				'    </characteristic>',
				'  </characteristic>',
				'  <characteristic type="APPLICATION">',
				'    <parm name="APPID" value="25"/>',
				'    <parm name="NAME" value="Mail"/>',
				'    <parm name="TO-NAPID" value="INTERNET-NAP"/>',
				'    <characteristic type="APPADDR">',
				'      <parm name="ADDR" value="smtp.example.com"/>',
				'      <characteristic type="PORT">',
				'        <parm name="PORTNBR" value="587"/>',
				'      </characteristic>',
				'    </characteristic>',
				'    <characteristic type="APPAUTH">',
				'      <parm name="AAUTHNAME" value="alice"/>',
				'      <parm name="AAUTHSECRET" value="s3cret"/>',
				'    </characteristic>',
				'    <parm name="FROM" value="alice@example.com"/>',
				'  </characteristic>'
			)
		);
		// FROM is an application parm of SMTP, not a ProvCont one: the validator says so, as information only.
		expect(validateProvDoc(parseProvDoc(d.text))).toEqual([
			{ rule: 'application-specific-parm', severity: 'info', message: 'parm FROM is not a ProvCont APPLICATION parm; taken as specific to application 25', line: 51, column: 5 }
		]);
		expect(secretFieldsOf(d.text).values.map((f) => f.path)).toEqual([
			'NAPDEF[1]/NAPAUTHINFO[1]/AUTHSECRET',
			'APPLICATION[2]/APPAUTH[1]/AAUTHSECRET',
			'APPLICATION[3]/APPAUTH[1]/AAUTHSECRET'
		]);
	});
});

describe('the other forms write documents the validator accepts', () => {
	it('proxy with credentials and a physical proxy on port 9201 (ProvCont §5 PXLOGICAL, PXPHYSICAL, PORT)', () => {
		let d = apnForm.write(blank(), APN);
		d = proxyForm.write(d, {
			...proxyForm.empty(),
			proxyId: 'PROXY1',
			name: 'WAP proxy',
			auth: { type: 'HTTP-BASIC', id: 'u', password: 'p' },
			physical: [{ id: 'PX1', address: '10.0.0.1', addressType: 'IPV4', toNapid: ['INTERNET-NAP'], ports: [{ number: '9201', services: ['CO-WSP'] }] }]
		});
		expect(errors(d.text)).toEqual([]);
		expect(d.text).toContain(
			[
				'  <characteristic type="PXLOGICAL">',
				'    <parm name="PROXY-ID" value="PROXY1"/>',
				'    <parm name="NAME" value="WAP proxy"/>',
				'    <characteristic type="PXAUTHINFO">',
				'      <parm name="PXAUTH-TYPE" value="HTTP-BASIC"/>',
				'      <parm name="PXAUTH-ID" value="u"/>',
				'      <parm name="PXAUTH-PW" value="p"/>',
				'    </characteristic>',
				'    <characteristic type="PXPHYSICAL">',
				'      <parm name="PHYSICAL-PROXY-ID" value="PX1"/>',
				'      <parm name="PXADDR" value="10.0.0.1"/>',
				'      <parm name="PXADDRTYPE" value="IPV4"/>',
				'      <parm name="TO-NAPID" value="INTERNET-NAP"/>',
				'      <characteristic type="PORT">',
				'        <parm name="PORTNBR" value="9201"/>',
				'        <parm name="SERVICE" value="CO-WSP"/>',
				'      </characteristic>',
				'    </characteristic>',
				'  </characteristic>'
			].join('\n')
		);
	});

	it('browser w2 with two bookmarks, the first the start page (ProvCont §5 RESOURCE)', () => {
		let d = apnForm.write(blank(), APN);
		d = browserForm.write(d, {
			...browserForm.empty(),
			name: 'Browser',
			toNapid: ['INTERNET-NAP'],
			bookmarks: [
				{ uri: 'http://home.example.com/', name: 'Home', startpage: true },
				{ uri: 'http://news.example.com/', name: 'News', startpage: false }
			]
		});
		expect(errors(d.text)).toEqual([]);
		expect(d.text).toContain(
			[
				'    <characteristic type="RESOURCE">',
				'      <parm name="URI" value="http://home.example.com/"/>',
				'      <parm name="NAME" value="Home"/>',
				'      <parm name="STARTPAGE"/>',
				'    </characteristic>'
			].join('\n')
		);
		expect(browserForm.read(d).bookmarks.map((b) => b.startpage)).toEqual([true, false]);
		expect(browserForm.instances(d)).toEqual([{ index: 0, label: 'Browser' }]);
		// An application without NAME or PROVIDER-ID is named by the form and its number.
		const unnamed = readFormDocument(doc('  <characteristic type="APPLICATION">', '    <parm name="APPID" value="w2"/>', '  </characteristic>'));
		expect(browserForm.instances(unnamed)).toEqual([{ index: 0, label: 'Browser 1' }]);
	});

	it('DM account w7 with client and server credentials (AAUTHLEVEL APPSRV and CLIENT, client-provisioning.md §6)', () => {
		let d = apnForm.write(blank(), APN);
		const values = {
			...dmAccountForm.empty(),
			providerId: 'dm.example.com',
			name: 'Example DM',
			toNapid: ['INTERNET-NAP'],
			address: { addr: 'https://dm.example.com/dm', addrType: 'URI', port: { number: '443' } },
			clientAuth: { type: 'DIGEST', name: 'IMEI:490154203237518', secret: 'c', data: undefined },
			serverAuth: { type: 'DIGEST', name: 'dm.example.com', secret: 's', data: 'bm9uY2U=' }
		};
		d = dmAccountForm.write(d, values);
		expect(errors(d.text)).toEqual([]);
		expect(dmAccountForm.read(d)).toEqual(values);
		expect(d.text).toContain('    <characteristic type="APPAUTH">\n      <parm name="AAUTHLEVEL" value="CLIENT"/>\n      <parm name="AAUTHTYPE" value="DIGEST"/>');
	});

	it('BOOTSTRAP with its name and a trusted proxy (ProvCont §5 BOOTSTRAP)', () => {
		const d = bootstrapForm.write(blank(), { ...bootstrapForm.empty(), name: 'Operator', proxyIds: ['PROXY1'] });
		expect(d.text).toBe(doc('  <characteristic type="BOOTSTRAP">', '    <parm name="NAME" value="Operator"/>', '    <parm name="PROXY-ID" value="PROXY1"/>', '  </characteristic>'));
	});
});

describe('forms and the schema table', () => {
	it('refuses a binding the schema does not define', () => {
		expect(() => checkForm({ type: 'NAPDEF', fields: { x: one('NAP-ADRESS') } })).toThrow('form: NAPDEF has no parm NAP-ADRESS in the schema');
		expect(() => checkForm({ type: 'NAPAUTHINFO', fields: {} })).toThrow('form: NAPAUTHINFO is not a top-level characteristic in the schema');
	});
});

describe('findings next to the fields', () => {
	it("puts the validator's finding on a parm under its field, and one on the characteristic above the form", () => {
		// After the 3 prolog lines: the NAPDEF opens on line 4 (it lacks NAP-ADDRESS and NAME, reported at its start tag),
		// BEARER is on line 6 with a value BEARER does not take.
		const text = doc('  <characteristic type="NAPDEF">', '    <parm name="NAPID" value="N"/>', '    <parm name="BEARER" value="GPRS"/>', '  </characteristic>');
		const form = readFormDocument(text);
		const byField = findingsByField(text, apnForm.locate(form, 0), validateProvDoc(parseProvDoc(text)));
		expect([...byField.keys()].sort()).toEqual(['', 'bearers']);
		expect(byField.get('bearers')?.map((f) => [f.rule, f.line])).toEqual([['value-enum', 6]]);
		expect(byField.get('')?.map((f) => f.rule)).toEqual(['parm-required', 'parm-required']);
	});
});
