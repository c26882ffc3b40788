// validateProvDoc: one describe per rule of src/lib/documents/provcont/rules/catalog.ts, each with a failing
// example (exact message, severity, line/column) and a passing one. Spec references are to
// OMA-WAP-ProvCont-V1_1 as digested in /work/shared/spec/client-provisioning.md.
//
// Column arithmetic used throughout: in a line `<k spaces><parm name="N" value="V"/>` the parm starts at
// k+1, its name attribute at k+7 (`<parm ` is 6 characters) and its value attribute at
// k+7 + len(`name="N"`) + 1 = k + 15 + len(N). `<k spaces><characteristic type="T">` starts at k+1.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeWbxml } from '../../../src/lib/codec/wbxml';
import { parseProvDoc, provDocFromXml, RULES, validateProvDoc, type Finding } from '../../../src/lib/documents/provcont';
import { BEARERS } from '../../../src/lib/documents/provcont/rules/values';

const doc = (...body: string[]): string => ['<wap-provisioningdoc>', ...body, '</wap-provisioningdoc>'].join('\n');
const findings = (text: string, rule?: string): Finding[] =>
	validateProvDoc(parseProvDoc(text)).filter((f) => rule === undefined || f.rule === rule);

/** A NAPDEF with its (unverified) required parms, lines 2–6 when first. */
const NAPDEF = [
	'  <characteristic type="NAPDEF">',
	'    <parm name="NAPID" value="NAP1"/>',
	'    <parm name="NAME" value="GPRS"/>',
	'    <parm name="NAP-ADDRESS" value="internet"/>',
	'  </characteristic>'
];
/** NAPDEF open, lines 2–5; the caller adds more items and '  </characteristic>'. */
const NAPDEF_OPEN = NAPDEF.slice(0, 4);

/** One parm nested in characteristics `path`: the parm is on line path.length + 2, indented 2 × (path.length + 1). */
function parmIn(path: string[], name: string, value: string): { text: string; line: number; column: number } {
	const open = path.map((type, i) => `${'  '.repeat(i + 1)}<characteristic type="${type}">`);
	const close = path.map((_, i) => `${'  '.repeat(path.length - i)}</characteristic>`);
	const indent = 2 * (path.length + 1);
	const text = doc(...open, `${' '.repeat(indent)}<parm name="${name}" value="${value}"/>`, ...close);
	return { text, line: path.length + 2, column: indent + 15 + name.length };
}

const TESTED = new Set<string>();
const rule = (id: string): string => {
	TESTED.add(id);
	return id;
};

// client-provisioning.md "Other dialects": say which dialect, report its characteristics as warnings.
describe('dialect', () => {
	const id = rule('dialect');
	it('names Windows CSP and downgrades its characteristics to warnings', () => {
		const text = doc(
			'  <characteristic type="CertificateStore">',
			'    <characteristic type="Root"><parm name="x" value="1"/></characteristic>',
			'  </characteristic>',
			'  <nocharacteristic type="Wi-Fi"/>'
		);
		expect(findings(text)).toEqual([
			{
				rule: id,
				severity: 'info',
				message:
					'document looks like a Windows configuration service provider (CSP) provisioning document (characteristic type CertificateStore), not OMA Client Provisioning; its own characteristics are reported as warnings',
				line: 2,
				column: 3
			},
			{
				rule: 'unknown-characteristic',
				severity: 'warning',
				message:
					'characteristic type "CertificateStore" is not an OMA CP characteristic (expected one of PXLOGICAL, PXAUTHINFO, PXPHYSICAL, PORT, NAPDEF, NAPAUTHINFO, VALIDITY, BOOTSTRAP, CLIENTIDENTITY, VENDORCONFIG, APPLICATION, APPADDR, APPAUTH, RESOURCE, ACCESS)',
				line: 2,
				column: 3
			},
			{
				rule: 'unknown-characteristic',
				severity: 'warning',
				message:
					'characteristic type "Wi-Fi" is not an OMA CP characteristic (expected one of PXLOGICAL, PXAUTHINFO, PXPHYSICAL, PORT, NAPDEF, NAPAUTHINFO, VALIDITY, BOOTSTRAP, CLIENTIDENTITY, VENDORCONFIG, APPLICATION, APPADDR, APPAUTH, RESOURCE, ACCESS)',
				line: 5,
				column: 3
			}
		]);
	});

	it('names a Zebra MX profile by the version attribute on characteristic', () => {
		// `  <characteristic ` is 18 characters: version at 19
		const text = doc('  <characteristic version="4.3" type="Clock">', '    <parm name="AutoTime" value="false"/>', '  </characteristic>');
		expect(findings(text, id)).toEqual([
			{
				rule: id,
				severity: 'info',
				message:
					'document looks like a Zebra MX profile document (characteristic Clock has a version attribute), not OMA Client Provisioning; its own characteristics are reported as warnings',
				line: 2,
				column: 19
			}
		]);
		expect(findings(text, 'unknown-characteristic').map((f) => f.severity)).toEqual(['warning']);
	});

	it('names RCS auto-configuration by its VERS characteristic', () => {
		const text = doc('  <characteristic type="VERS">', '    <parm name="version" value="1"/>', '    <parm name="validity" value="86400"/>', '  </characteristic>');
		expect(findings(text, id)).toEqual([
			{
				rule: id,
				severity: 'info',
				message:
					'document looks like a GSMA RCS auto-configuration document (characteristic type VERS), not OMA Client Provisioning; its own characteristics are reported as warnings',
				line: 2,
				column: 3
			}
		]);
	});

	it('takes an OMA CP document, even one with a lower-case typo of a CP type, as OMA CP', () => {
		expect(findings(doc(...NAPDEF), id)).toEqual([]);
		const typo = findings(doc('  <characteristic type="napdef">', '    <parm name="NAPID" value="NAP1"/>', '  </characteristic>'));
		expect(typo.map((f) => [f.rule, f.severity])).toEqual([['unknown-characteristic', 'error']]);
	});
});

// §5 hierarchy and §7.2 type= tokens: the fifteen OMA CP characteristic types.
describe('unknown-characteristic', () => {
	const id = rule('unknown-characteristic');
	it('reports an unknown type once, at its outermost characteristic, as an error in an OMA CP document', () => {
		const text = doc('  <characteristic type="NAPDEFX">', '    <characteristic type="FOO"><parm name="NAPID" value="NAP1"/></characteristic>', '  </characteristic>');
		expect(findings(text)).toEqual([
			{
				rule: id,
				severity: 'error',
				message:
					'characteristic type "NAPDEFX" is not an OMA CP characteristic; did you mean NAPDEF?',
				line: 2,
				column: 3
			}
		]);
	});
	it('accepts the OMA CP types', () => {
		expect(findings(doc(...NAPDEF), id)).toEqual([]);
	});
});

// §5 hierarchy, confirmed by libwbxml test documents and the Microsoft PXLOGICAL/NAPDEF CSP trees.
describe('characteristic-placement', () => {
	const id = rule('characteristic-placement');
	it('reports PORT at the top level and APPADDR inside NAPDEF', () => {
		expect(findings(doc('  <characteristic type="PORT">', '    <parm name="PORTNBR" value="9201"/>', '  </characteristic>'), id)).toEqual([
			{ rule: id, severity: 'error', message: 'characteristic PORT may not be at the top level (expected inside PXLOGICAL, PXPHYSICAL, APPADDR)', line: 2, column: 3 }
		]);
		const text = doc(...NAPDEF_OPEN, '    <characteristic type="APPADDR"><parm name="ADDR" value="x"/></characteristic>', '  </characteristic>');
		expect(findings(text, id)).toEqual([
			{ rule: id, severity: 'error', message: 'characteristic APPADDR may not be inside NAPDEF (expected inside APPLICATION)', line: 6, column: 5 }
		]);
	});
	it('accepts PORT inside APPADDR inside APPLICATION', () => {
		expect(findings(parmIn(['APPLICATION', 'APPADDR', 'PORT'], 'PORTNBR', '443').text, id)).toEqual([]);
	});
});

// §5 hierarchy: placement of VALIDITY, CLIENTIDENTITY, VENDORCONFIG, RESOURCE, ACCESS is UNVERIFIED → warning.
describe('characteristic-placement-unverified', () => {
	const id = rule('characteristic-placement-unverified');
	it('warns about VALIDITY at the top level and CLIENTIDENTITY inside NAPDEF', () => {
		expect(findings(doc('  <characteristic type="VALIDITY">', '    <parm name="COUNTRY" value="234"/>', '  </characteristic>'), id)).toEqual([
			{ rule: id, severity: 'warning', message: 'characteristic VALIDITY may not be at the top level (expected inside NAPDEF)', line: 2, column: 3 }
		]);
		const text = doc(...NAPDEF_OPEN, '    <characteristic type="CLIENTIDENTITY"><parm name="CLIENT-ID" value="x"/></characteristic>', '  </characteristic>');
		expect(findings(text, id)).toEqual([
			{
				rule: id,
				severity: 'warning',
				message: 'characteristic CLIENTIDENTITY may not be inside NAPDEF (expected at the top level or inside APPLICATION)',
				line: 6,
				column: 5
			}
		]);
	});
	it('accepts VALIDITY inside NAPDEF', () => {
		expect(findings(parmIn(['NAPDEF', 'VALIDITY'], 'COUNTRY', '234').text, id)).toEqual([]);
	});
});

// §5 parm lists, confirmed in two places for PXLOGICAL, PXAUTHINFO, PXPHYSICAL, PORT, NAPDEF, NAPAUTHINFO, BOOTSTRAP.
describe('parm-not-allowed', () => {
	const id = rule('parm-not-allowed');
	it('reports a parm outside the NAPAUTHINFO list, at the parm', () => {
		const text = doc(...NAPDEF_OPEN, '    <characteristic type="NAPAUTHINFO">', '      <parm name="AUTHPW" value="x"/>', '    </characteristic>', '  </characteristic>');
		expect(findings(text, id)).toEqual([
			{
				rule: id,
				severity: 'error',
				message: 'parm AUTHPW is not allowed in characteristic NAPAUTHINFO (allowed: AUTHTYPE, AUTHNAME, AUTHSECRET, AUTH-ENTITY, SPI)',
				line: 7,
				column: 7
			}
		]);
	});
	it('accepts AUTHSECRET in NAPAUTHINFO', () => {
		expect(findings(parmIn(['NAPDEF', 'NAPAUTHINFO'], 'AUTHSECRET', 'x').text, id)).toEqual([]);
	});
});

// §5: membership for VALIDITY, CLIENTIDENTITY, RESOURCE, ACCESS is UNVERIFIED → warning.
describe('parm-not-allowed-unverified', () => {
	const id = rule('parm-not-allowed-unverified');
	it('warns about a parm outside the VALIDITY list', () => {
		const text = doc(...NAPDEF_OPEN, '    <characteristic type="VALIDITY">', '      <parm name="FOO" value="x"/>', '    </characteristic>', '  </characteristic>');
		expect(findings(text, id)).toEqual([
			{ rule: id, severity: 'warning', message: 'parm FOO is not allowed in characteristic VALIDITY (allowed: COUNTRY, NETWORK, SID, SOC, VALIDUNTIL)', line: 7, column: 7 }
		]);
	});
	it('accepts VALIDUNTIL in VALIDITY', () => {
		expect(findings(parmIn(['NAPDEF', 'VALIDITY'], 'VALIDUNTIL', '2030-01-01').text, id)).toEqual([]);
	});
});

// §5 APPLICATION "plus application-specific parms" (e.g. w7 INIT, §6); VENDORCONFIG "then vendor-defined parms".
describe('application-specific-parm', () => {
	const id = rule('application-specific-parm');
	it('notes INIT in APPLICATION w7 and a vendor parm in VENDORCONFIG as info, never as errors', () => {
		const text = doc(
			'  <characteristic type="APPLICATION">',
			'    <parm name="APPID" value="w7"/>',
			'    <parm name="INIT"/>',
			'  </characteristic>',
			'  <characteristic type="VENDORCONFIG">',
			'    <parm name="NAME" value="acme"/>',
			'    <parm name="X-FOO" value="1"/>',
			'  </characteristic>'
		);
		expect(findings(text)).toEqual([
			{ rule: id, severity: 'info', message: 'parm INIT is not a ProvCont APPLICATION parm; taken as specific to application w7', line: 4, column: 5 },
			{ rule: id, severity: 'info', message: 'parm X-FOO is not a ProvCont VENDORCONFIG parm; taken as specific to vendor configuration', line: 8, column: 5 }
		]);
	});
	it('says nothing about ProvCont APPLICATION parms', () => {
		expect(findings(doc('  <characteristic type="APPLICATION">', '    <parm name="APPID" value="w2"/>', '    <parm name="NAME" value="Browser"/>', '  </characteristic>'))).toEqual([]);
	});
});

// §5 cardinalities (UNVERIFIED) → warning.
describe('parm-repeated', () => {
	const id = rule('parm-repeated');
	it('warns about a second NAME in NAPDEF, naming where the first one is', () => {
		const text = doc(...NAPDEF_OPEN, '    <parm name="NAME" value="GPRS 2"/>', '  </characteristic>');
		expect(findings(text, id)).toEqual([
			{ rule: id, severity: 'warning', message: 'parm NAME appears more than once in characteristic NAPDEF (allowed once; first at line 4, column 5)', line: 6, column: 5 }
		]);
	});
	it('accepts BEARER twice (repeatable)', () => {
		const text = doc(...NAPDEF_OPEN, '    <parm name="BEARER" value="GSM-GPRS"/>', '    <parm name="BEARER" value="GSM-CSD"/>', '  </characteristic>');
		expect(findings(text)).toEqual([]);
	});
});

// §5 required parms (UNVERIFIED) → warning.
describe('parm-required', () => {
	const id = rule('parm-required');
	it('warns about a NAPDEF without NAP-ADDRESS and a PXPHYSICAL without PXADDR and TO-NAPID', () => {
		expect(findings(doc(...NAPDEF.slice(0, 3), '  </characteristic>'), id)).toEqual([
			{ rule: id, severity: 'warning', message: 'characteristic NAPDEF has no parm NAP-ADDRESS (required)', line: 2, column: 3 }
		]);
		// inner characteristics are checked before their parent finishes: PXPHYSICAL's findings come first
		const proxy = parmIn(['PXLOGICAL', 'PXPHYSICAL'], 'PHYSICAL-PROXY-ID', 'P').text;
		expect(findings(proxy, id).map((f) => [f.message, f.line, f.column])).toEqual([
			['characteristic PXPHYSICAL has no parm PXADDR (required)', 3, 5],
			['characteristic PXPHYSICAL has no parm TO-NAPID (required)', 3, 5],
			['characteristic PXLOGICAL has no parm PROXY-ID (required)', 2, 3],
			['characteristic PXLOGICAL has no parm NAME (required)', 2, 3]
		]);
	});
	it('accepts a NAPDEF with NAPID, NAME and NAP-ADDRESS', () => {
		expect(findings(doc(...NAPDEF), id)).toEqual([]);
	});
});

// §5 "PXLOGICAL needs ... at least one PXPHYSICAL" (UNVERIFIED) → warning.
describe('characteristic-required', () => {
	const id = rule('characteristic-required');
	const open = ['  <characteristic type="PXLOGICAL">', '    <parm name="PROXY-ID" value="P1"/>', '    <parm name="NAME" value="Proxy"/>'];
	it('warns about a PXLOGICAL without PXPHYSICAL', () => {
		expect(findings(doc(...open, '  </characteristic>'), id)).toEqual([
			{ rule: id, severity: 'warning', message: 'characteristic PXLOGICAL has no PXPHYSICAL characteristic (at least one expected)', line: 2, column: 3 }
		]);
	});
	it('accepts a PXLOGICAL with a PXPHYSICAL', () => {
		const text = doc(...open, '    <characteristic type="PXPHYSICAL"><parm name="PXADDR" value="10.0.0.1"/></characteristic>', '  </characteristic>');
		expect(findings(text, id)).toEqual([]);
	});
});

// §5 "APPLICATION needs APPID" (UNVERIFIED) → warning; reported under its own id, not as parm-required.
describe('application-without-appid', () => {
	const id = rule('application-without-appid');
	it('warns about an APPLICATION without APPID', () => {
		expect(findings(doc('  <characteristic type="APPLICATION">', '    <parm name="NAME" value="Browser"/>', '  </characteristic>'))).toEqual([
			{ rule: id, severity: 'warning', message: 'characteristic APPLICATION has no parm APPID (the application it configures)', line: 2, column: 3 }
		]);
	});
	it('accepts an APPLICATION with APPID', () => {
		expect(findings(parmIn(['APPLICATION'], 'APPID', 'w2').text, id)).toEqual([]);
	});
});

// §5 value constraints; the lists are the §7.3 value tokens (typed here from client-provisioning.md §4/§5).
describe('value-enum', () => {
	const id = rule('value-enum');
	const BEARERS =
		'GSM-USSD, GSM-SMS, ANSI-136-GUTS, IS-95-CDMA-SMS, IS-95-CDMA-CSD, IS-95-CDMA-PACKET, ANSI-136-CSD, ANSI-136-GPRS, GSM-CSD, GSM-GPRS, AMPS-CDPD, PDC-CSD, PDC-PACKET, IDEN-SMS, IDEN-CSD, IDEN-PACKET, FLEX/REFLEX, PHS-SMS, PHS-CSD, TETRA-SDS, TETRA-PACKET, ANSI-136-GHOST, MOBITEX-MPAK, CDMA2000-1X-SIMPLE-IP, CDMA2000-1X-MOBILE-IP';
	const ADDRESS_TYPES = 'IPV4, IPV6, E164, ALPHA, APN, SCODE, TETRA-ITSI, MAN';
	const cases: [string[], string, string][] = [
		[['NAPDEF'], 'BEARER', BEARERS],
		[['NAPDEF'], 'NAP-ADDRTYPE', ADDRESS_TYPES],
		[['NAPDEF'], 'LOCAL-ADDRTYPE', ADDRESS_TYPES],
		[['PXLOGICAL', 'PXPHYSICAL'], 'PXADDRTYPE', ADDRESS_TYPES],
		[['NAPDEF'], 'CALLTYPE', 'ANALOG-MODEM, V.120, V.110, X.31, BIT-TRANSPARENT, DIRECT-ASYNCHRONOUS-DATA-SERVICE'],
		[['NAPDEF', 'NAPAUTHINFO'], 'AUTHTYPE', 'PAP, CHAP, MD5'],
		[['NAPDEF', 'NAPAUTHINFO'], 'AUTH-ENTITY', 'AAA, HA'],
		[['PXLOGICAL', 'PXAUTHINFO'], 'PXAUTH-TYPE', 'HTTP-BASIC, HTTP-DIGEST, WTLS-SS'],
		[['PXLOGICAL'], 'PPGAUTH-TYPE', 'HTTP-BASIC, HTTP-DIGEST'],
		[
			['PXLOGICAL', 'PXPHYSICAL', 'PORT'],
			'SERVICE',
			'CL-WSP, CO-WSP, CL-SEC-WSP, CO-SEC-WSP, CL-SEC-WTA, CO-SEC-WTA, OTA-HTTP-TO, OTA-HTTP-TLS-TO, OTA-HTTP-PO, OTA-HTTP-TLS-PO'
		],
		[['APPLICATION', 'APPAUTH'], 'AAUTHLEVEL', 'APPSRV, CLIENT, OBEX']
	];
	it('reports BEARER "GSM-GPRSX" at its value attribute, with the closest bearer', () => {
		const text = doc(...NAPDEF_OPEN, '    <parm name="BEARER" value="GSM-GPRSX"/>', '  </characteristic>');
		// 4 + 15 + len("BEARER") = 25
		expect(findings(text, id)).toEqual([
			{ rule: id, severity: 'error', message: 'parm BEARER value "GSM-GPRSX" is not one of the 25 BEARER values; did you mean GSM-GPRS?', line: 6, column: 25 }
		]);
	});
	it('lists the bearers when none is close', () => {
		const text = doc(...NAPDEF_OPEN, '    <parm name="BEARER" value="LTE"/>', '  </characteristic>');
		expect(findings(text, id)).toEqual([{ rule: id, severity: 'error', message: `parm BEARER value "LTE" is not one of ${BEARERS}`, line: 6, column: 25 }]);
	});
	it.each(cases)('reports a value outside the list in %j parm %s', (path, name, list) => {
		const { text, line, column } = parmIn(path, name, 'bogus');
		expect(findings(text, id)).toEqual([{ rule: id, severity: 'error', message: `parm ${name} value "bogus" is not one of ${list}`, line, column }]);
	});
	it.each(cases)('accepts every listed value in %j parm %s, in exact case only', (path, name, list) => {
		for (const value of list.split(', ')) expect(findings(parmIn(path, name, value).text, id)).toEqual([]);
		expect(findings(parmIn(path, name, list.split(', ')[0].toLowerCase()).text, id)).toHaveLength(1);
	});
});

// §5 value constraints / §6: ADDRTYPE and AAUTHTYPE lists are not closed in our sources → warning.
describe('value-enum-open', () => {
	const id = rule('value-enum-open');
	it('warns about an unknown ADDRTYPE and an unknown item in an AAUTHTYPE list', () => {
		const addr = parmIn(['APPLICATION', 'APPADDR'], 'ADDRTYPE', 'FOO');
		expect(findings(addr.text, id)).toEqual([
			{ rule: id, severity: 'warning', message: 'parm ADDRTYPE value "FOO" is not one of IPV4, IPV6, E164, ALPHA, APPSRV, OBEX, URI', line: addr.line, column: addr.column }
		]);
		const auth = parmIn(['APPLICATION', 'APPAUTH'], 'AAUTHTYPE', 'HTTP-DIGEST,NTLM');
		expect(findings(auth.text, id)).toEqual([
			{
				rule: id,
				severity: 'warning',
				message: 'parm AAUTHTYPE value "HTTP-DIGEST,NTLM" has item "NTLM" which is not one of HTTP-BASIC, HTTP-DIGEST, BASIC, DIGEST, HMAC, X509',
				line: 4,
				column: 6 + 15 + 9
			}
		]);
	});
	it('accepts ADDRTYPE URI and AAUTHTYPE "HTTP-DIGEST,BASIC"', () => {
		expect(findings(parmIn(['APPLICATION', 'APPADDR'], 'ADDRTYPE', 'URI').text, id)).toEqual([]);
		expect(findings(parmIn(['APPLICATION', 'APPAUTH'], 'AAUTHTYPE', 'HTTP-DIGEST,BASIC').text, id)).toEqual([]);
	});
});

// §5 "PORTNBR: decimal 16-bit port".
describe('value-port', () => {
	const id = rule('value-port');
	it.each(['70000', '65536', '-1', '92a', '', ' 80'])('reports PORTNBR "%s"', (value) => {
		const { text, line, column } = parmIn(['PXLOGICAL', 'PXPHYSICAL', 'PORT'], 'PORTNBR', value);
		// PORTNBR at indent 8: 8 + 15 + 7 = 30
		expect(column).toBe(30);
		expect(findings(text, id)).toEqual([{ rule: id, severity: 'error', message: `parm PORTNBR value "${value}" is not an integer from 0 to 65535`, line, column }]);
	});
	it('accepts 0, 9201 and 65535', () => {
		for (const value of ['0', '9201', '65535']) expect(findings(parmIn(['PXLOGICAL', 'PORT'], 'PORTNBR', value).text, id)).toEqual([]);
	});
});

// §5 value constraints (numeric semantics UNVERIFIED) → warning.
describe('value-integer', () => {
	const id = rule('value-integer');
	it('warns about non-numeric LINGER, MAX-NUM-RETRY, FIRST-RETRY-TIMEOUT, REREG-THRESHOLD and LINKSPEED', () => {
		for (const name of ['LINGER', 'MAX-NUM-RETRY', 'FIRST-RETRY-TIMEOUT', 'REREG-THRESHOLD']) {
			const { text, line, column } = parmIn(['NAPDEF'], name, '1.5');
			expect(findings(text, id)).toEqual([{ rule: id, severity: 'warning', message: `parm ${name} value "1.5" is not an integer from 0 to 4294967295`, line, column }]);
		}
		const speed = parmIn(['NAPDEF'], 'LINKSPEED', 'fast');
		expect(findings(speed.text, id)).toEqual([
			{ rule: id, severity: 'warning', message: 'parm LINKSPEED value "fast" is neither an integer from 0 to 4294967295 nor AUTOBAUDING', line: 3, column: 4 + 15 + 9 }
		]);
	});
	it('accepts LINGER 300, LINKSPEED AUTOBAUDING and DNLINKSPEED 9600', () => {
		expect(findings(parmIn(['NAPDEF'], 'LINGER', '300').text, id)).toEqual([]);
		expect(findings(parmIn(['NAPDEF'], 'LINKSPEED', 'AUTOBAUDING').text, id)).toEqual([]);
		expect(findings(parmIn(['NAPDEF'], 'DNLINKSPEED', '9600').text, id)).toEqual([]);
	});
});

// §5 "Boolean-like parms written without value" (libwbxml prov-008.xml, NowSMS example).
describe('value-flag', () => {
	const id = rule('value-flag');
	it('warns about INTERNET with a value, at the value', () => {
		const { text, line, column } = parmIn(['NAPDEF'], 'INTERNET', '1');
		expect(findings(text, id)).toEqual([{ rule: id, severity: 'warning', message: 'parm INTERNET takes no value, found "1"', line, column }]);
	});
	it('accepts INTERNET without value or with an empty one', () => {
		expect(findings(doc(...NAPDEF_OPEN, '    <parm name="INTERNET"/>', '  </characteristic>'), id)).toEqual([]);
		expect(findings(parmIn(['NAPDEF'], 'INTERNET', '').text, id)).toEqual([]);
	});
});

// §5 DTD: value is #IMPLIED, but a parm with a value domain and no value says nothing.
describe('value-missing', () => {
	const id = rule('value-missing');
	it('warns about NAP-ADDRTYPE without value, at the parm', () => {
		expect(findings(doc(...NAPDEF_OPEN, '    <parm name="NAP-ADDRTYPE"/>', '  </characteristic>'), id)).toEqual([
			{ rule: id, severity: 'warning', message: 'parm NAP-ADDRTYPE has no value', line: 6, column: 5 }
		]);
	});
	it('accepts NAP-ADDRTYPE with a value', () => {
		expect(findings(parmIn(['NAPDEF'], 'NAP-ADDRTYPE', 'APN').text, id)).toEqual([]);
	});
});

// §5 PXPHYSICAL/APPLICATION/ACCESS TO-NAPID → a NAPDEF NAPID, or INTERNET.
describe('ref-to-napid', () => {
	const id = rule('ref-to-napid');
	const withRef = (napid: string): string =>
		doc('  <characteristic type="APPLICATION">', '    <parm name="APPID" value="w2"/>', `    <parm name="TO-NAPID" value="${napid}"/>`, '  </characteristic>', ...NAPDEF);
	it('reports a TO-NAPID naming no NAPDEF, listing the NAPIDs defined', () => {
		// 4 + 15 + len("TO-NAPID") = 27
		expect(findings(withRef('NAP2'), id)).toEqual([
			{ rule: id, severity: 'error', message: 'parm TO-NAPID value "NAP2" names no NAPDEF NAPID (defined: NAP1, or the literal INTERNET)', line: 4, column: 27 }
		]);
	});
	it('accepts a NAPID defined later in the document, and INTERNET', () => {
		expect(findings(withRef('NAP1'))).toEqual([]);
		expect(findings(withRef('INTERNET'))).toEqual([]);
	});
});

// §5 APPLICATION/ACCESS TO-PROXY → a PXLOGICAL PROXY-ID.
describe('ref-to-proxy', () => {
	const id = rule('ref-to-proxy');
	it('reports a TO-PROXY naming no PXLOGICAL', () => {
		const { text, line, column } = parmIn(['APPLICATION'], 'TO-PROXY', 'PROXY2');
		expect(findings(text, id)).toEqual([
			{ rule: id, severity: 'error', message: 'parm TO-PROXY value "PROXY2" names no PXLOGICAL PROXY-ID (defined: none)', line, column }
		]);
	});
	it('accepts a TO-PROXY naming a PXLOGICAL PROXY-ID', () => {
		const text = doc(
			'  <characteristic type="PXLOGICAL"><parm name="PROXY-ID" value="PROXY2"/></characteristic>',
			'  <characteristic type="ACCESS"><parm name="TO-PROXY" value="PROXY2"/></characteristic>'
		);
		expect(findings(text, id)).toEqual([]);
	});
});

// §5 APPLICATION APPREF/TO-APPREF (membership UNVERIFIED) → warning.
describe('ref-to-appref', () => {
	const id = rule('ref-to-appref');
	it('warns about a TO-APPREF naming no APPLICATION APPREF', () => {
		const { text, line, column } = parmIn(['APPLICATION'], 'TO-APPREF', 'X');
		expect(findings(text, id)).toEqual([
			{ rule: id, severity: 'warning', message: 'parm TO-APPREF value "X" names no APPLICATION APPREF (defined: none)', line, column }
		]);
	});
	it('accepts a TO-APPREF naming another APPLICATION', () => {
		const text = doc(
			'  <characteristic type="APPLICATION"><parm name="APPID" value="w2"/><parm name="APPREF" value="X"/></characteristic>',
			'  <characteristic type="APPLICATION"><parm name="APPID" value="w4"/><parm name="TO-APPREF" value="X"/></characteristic>'
		);
		expect(findings(text)).toEqual([]);
	});
});

// §5 NAPDEF NAPID identifies the NAP; two definitions make TO-NAPID ambiguous.
describe('duplicate-napid', () => {
	const id = rule('duplicate-napid');
	it('reports the second NAPDEF with NAPID NAP1, at its value', () => {
		// NAPID at indent 4: 4 + 15 + 5 = 24; the second NAPDEF occupies lines 7–11
		expect(findings(doc(...NAPDEF, ...NAPDEF), id)).toEqual([
			{ rule: id, severity: 'error', message: 'NAPID "NAP1" is defined by more than one NAPDEF (first at line 3, column 24)', line: 8, column: 24 }
		]);
	});
	it('accepts NAP1 and NAP2', () => {
		expect(findings(doc(...NAPDEF, ...NAPDEF.map((l) => l.replace('NAP1', 'NAP2'))), id)).toEqual([]);
	});
});

// §5 PXLOGICAL PROXY-ID identifies the proxy; two definitions make TO-PROXY ambiguous.
describe('duplicate-proxy-id', () => {
	const id = rule('duplicate-proxy-id');
	const pxlogical = (proxyId: string): string => `  <characteristic type="PXLOGICAL"><parm name="PROXY-ID" value="${proxyId}"/></characteristic>`;
	it('reports the second PXLOGICAL with PROXY-ID P1', () => {
		// `  <characteristic type="PXLOGICAL">` is 35 characters: <parm at 36, name at 42, value at 42 + 16 = 58
		expect(findings(doc(pxlogical('P1'), pxlogical('P1')), id)).toEqual([
			{ rule: id, severity: 'error', message: 'PROXY-ID "P1" is defined by more than one PXLOGICAL (first at line 2, column 58)', line: 3, column: 58 }
		]);
	});
	it('accepts P1 and P2', () => {
		expect(findings(doc(pxlogical('P1'), pxlogical('P2')), id)).toEqual([]);
	});
});

// §5 APPLICATION APPREF (UNVERIFIED) → warning.
describe('duplicate-appref', () => {
	const id = rule('duplicate-appref');
	it('warns about two APPLICATIONs with APPREF A', () => {
		const app = parmIn(['APPLICATION'], 'APPREF', 'A');
		const text = doc('  <characteristic type="APPLICATION">', '    <parm name="APPREF" value="A"/>', '  </characteristic>', '  <characteristic type="APPLICATION">', '    <parm name="APPREF" value="A"/>', '  </characteristic>');
		expect(app.column).toBe(25);
		expect(findings(text, id)).toEqual([
			{ rule: id, severity: 'warning', message: 'APPREF "A" is defined by more than one APPLICATION (first at line 3, column 25)', line: 6, column: 25 }
		]);
	});
	it('accepts one APPREF', () => {
		expect(findings(parmIn(['APPLICATION'], 'APPREF', 'A').text, id)).toEqual([]);
	});
});

// §5 DTD: wap-provisioningdoc (characteristic+) (DTD text UNVERIFIED) → warning.
describe('empty-document', () => {
	const id = rule('empty-document');
	it('warns about a document without characteristics', () => {
		expect(findings('<wap-provisioningdoc/>')).toEqual([
			{ rule: id, severity: 'warning', message: 'wap-provisioningdoc has no characteristic (at least one expected)', line: 1, column: 1 }
		]);
	});
	it('accepts a document with a characteristic', () => {
		expect(findings(doc(...NAPDEF), id)).toEqual([]);
	});
});

// §5 DTD: characteristic (parm | characteristic)+ (DTD text UNVERIFIED) → warning.
describe('empty-characteristic', () => {
	const id = rule('empty-characteristic');
	it('warns about an empty NAPAUTHINFO', () => {
		expect(findings(doc(...NAPDEF_OPEN, '    <characteristic type="NAPAUTHINFO"/>', '  </characteristic>'), id)).toEqual([
			{ rule: id, severity: 'warning', message: 'characteristic NAPAUTHINFO is empty (at least one parm or characteristic expected)', line: 6, column: 5 }
		]);
	});
	it('accepts a NAPAUTHINFO with a parm', () => {
		expect(findings(parmIn(['NAPDEF', 'NAPAUTHINFO'], 'AUTHTYPE', 'PAP').text, id)).toEqual([]);
	});
});

// §5 DTD: characteristic has only type; parm has name and value.
describe('unknown-attribute', () => {
	const id = rule('unknown-attribute');
	it('warns about extra attributes on parm and characteristic, at the attribute', () => {
		// `    <parm name="NAPID" value="NAP1" `: value at 24, `value="NAP1"` is 12 characters, lang at 37;
		// `  <characteristic type="NAPDEF" ` is 32 characters: id at 33
		const text = doc('  <characteristic type="NAPDEF" id="1">', '    <parm name="NAPID" value="NAP1" lang="en"/>', ...NAPDEF.slice(2));
		expect(findings(text, id)).toEqual([
			{ rule: id, severity: 'warning', message: 'attribute id is not defined on characteristic (prov.dtd defines only type)', line: 2, column: 33 },
			{ rule: id, severity: 'warning', message: 'attribute lang is not defined on parm (prov.dtd defines name and value)', line: 3, column: 37 }
		]);
	});
	it('accepts the DTD attributes, and leaves attributes of other dialects (Windows datatype) alone', () => {
		expect(findings(doc(...NAPDEF), id)).toEqual([]);
		expect(findings(doc('  <characteristic type="Registry"><parm name="x" value="1" datatype="integer"/></characteristic>'), id)).toEqual([]);
	});
});

describe('the rule table', () => {
	it('lists exactly the rules exercised above, each once', () => {
		const ids = RULES.map((r) => r.id);
		expect(new Set(ids).size).toBe(ids.length);
		expect([...ids].sort()).toEqual([...TESTED].sort());
	});
});

describe('findings from WBXML-decoded documents', () => {
	it('carry the byte offset with line and column 0', () => {
		const f = validateProvDoc({
			characteristics: [{ kind: 'characteristic', type: 'NAPDEFX', items: [], position: { offset: 0x0c } }]
		});
		expect(f).toMatchObject([{ rule: 'unknown-characteristic', line: 0, column: 0, offset: 0x0c }]);
	});
});

// Issue 8 §9: the closest values of an enumeration (at most 3), and the case when only the case differs.
describe('did you mean', () => {
	const bearer = (value: string): string => {
		const found = findings(doc(...NAPDEF_OPEN, `    <parm name="BEARER" value="${value}"/>`, '  </characteristic>'), 'value-enum');
		expect(found.map((f) => [f.line, f.column])).toEqual([[6, 25]]);
		return found[0].message;
	};
	it('BEARER "GPRS": GSM-GPRS (4 edits; ANSI-136-GPRS, 9, is not about as close)', () => {
		expect(bearer('GPRS')).toBe('parm BEARER value "GPRS" is not one of the 25 BEARER values; did you mean GSM-GPRS?');
	});
	it('BEARER "gsm-gprs": values are case-sensitive', () => {
		expect(bearer('gsm-gprs')).toBe('parm BEARER value "gsm-gprs" is not one of the 25 BEARER values; values are case-sensitive: did you mean GSM-GPRS?');
	});
	it('BEARER "GSM-GRPS" (two letters swapped): one edit', () => {
		expect(bearer('GSM-GRPS')).toBe('parm BEARER value "GSM-GRPS" is not one of the 25 BEARER values; did you mean GSM-GPRS?');
	});
	it('BEARER "CSD": at most three, nearest first (GSM-CSD, PDC-CSD, PHS-CSD: 4 edits each, list order)', () => {
		expect(bearer('CSD')).toBe('parm BEARER value "CSD" is not one of the 25 BEARER values; did you mean GSM-CSD, PDC-CSD or PHS-CSD?');
	});
	it('a short enumeration keeps its list: AUTHTYPE "pap"', () => {
		const text = doc(...NAPDEF_OPEN, '    <characteristic type="NAPAUTHINFO">', '      <parm name="AUTHTYPE" value="pap"/>', '    </characteristic>', '  </characteristic>');
		expect(findings(text, 'value-enum').map((f) => f.message)).toEqual([
			'parm AUTHTYPE value "pap" is not one of PAP, CHAP, MD5; values are case-sensitive: did you mean PAP?'
		]);
	});
	it('a parm name and a characteristic type', () => {
		const text = doc(...NAPDEF_OPEN, '    <parm name="NAP-ADRESS" value="x"/>', '  </characteristic>', '  <characteristic type="Bootstrap"><parm name="NAME" value="b"/></characteristic>');
		expect(findings(text).map((f) => f.message)).toContain('parm NAP-ADRESS is not allowed in characteristic NAPDEF; did you mean NAP-ADDRESS?');
		expect(findings(text).map((f) => f.message)).toContain('characteristic type "Bootstrap" is not an OMA CP characteristic; values are case-sensitive: did you mean BOOTSTRAP?');
	});
});

// Issue 8 §9 and §10: what the rules said of documents from the field and of the spec's own examples.
describe('findings a provisioning engineer tripped over', () => {
	it('RESOURCE STARTPAGE is a flag (the w2 idiom); PXLOGICAL STARTPAGE keeps its URL', () => {
		// Before: `warning value-missing parm STARTPAGE has no value` at 6:7. After Microsoft's w2 APPLICATION example.
		const text = doc(
			'  <characteristic type="APPLICATION">',
			'    <parm name="APPID" value="w2"/>',
			'    <characteristic type="RESOURCE">',
			'      <parm name="URI" value="https://www.example.com/"/>',
			'      <parm name="STARTPAGE"/>',
			'    </characteristic>',
			'  </characteristic>'
		);
		expect(findings(text)).toEqual([]);
		// A value on the flag: `value=` of line 6 `      <parm name="STARTPAGE" value="1"/>` at 6 + 15 + 9 = 30
		expect(findings(text.replace('<parm name="STARTPAGE"/>', '<parm name="STARTPAGE" value="1"/>'))).toEqual([
			{ rule: 'value-flag', severity: 'warning', message: 'parm STARTPAGE takes no value, found "1"', line: 6, column: 30 }
		]);
	});

	it('an application port takes STARTTLS and port numbers as SERVICE (POP3 995, SMTP 465); a proxy port does not', () => {
		// Before: `error value-enum parm SERVICE value "STARTTLS" is not one of CL-WSP, ...` for each.
		const app = (appId: string, service: string): string[] => [
			'  <characteristic type="APPLICATION">',
			`    <parm name="APPID" value="${appId}"/>`,
			'    <characteristic type="APPADDR">',
			'      <parm name="ADDR" value="mail.example.com"/>',
			'      <characteristic type="PORT">',
			`        <parm name="SERVICE" value="${service}"/>`,
			'      </characteristic>',
			'    </characteristic>',
			'  </characteristic>'
		];
		expect(findings(doc(...app('110', 'STARTTLS'), ...app('110', '995'), ...app('25', '465')))).toEqual([]);
		// Not an application's kind of SERVICE: a warning; `value=` of line 7 at 8 + 15 + 7 = 30
		expect(findings(doc(...app('143', 'SSL')))).toEqual([
			{
				rule: 'value-enum-open',
				severity: 'warning',
				message: 'parm SERVICE value "SSL" of application 143 is neither a ProvCont SERVICE nor STARTTLS or a port number (what e-mail applications use)',
				line: 7,
				column: 30
			}
		]);
		// PXPHYSICAL/PORT keeps the closed list: parmIn puts SERVICE on line 5, indented 8, value= at 30
		const proxy = parmIn(['PXLOGICAL', 'PXPHYSICAL', 'PORT'], 'SERVICE', '995');
		expect(findings(proxy.text, 'value-enum').map((f) => [f.message, f.line, f.column])).toEqual([
			[
				'parm SERVICE value "995" is not one of CL-WSP, CO-WSP, CL-SEC-WSP, CO-SEC-WSP, CL-SEC-WTA, CO-SEC-WTA, OTA-HTTP-TO, OTA-HTTP-TLS-TO, OTA-HTTP-PO, OTA-HTTP-TLS-PO',
				proxy.line,
				proxy.column
			]
		]);
	});

	it('an empty ACCESS characteristic (as in the spec\'s examples) is no finding', () => {
		// Before: `warning empty-characteristic characteristic ACCESS is empty ...` at 2:3
		expect(findings(doc('  <characteristic type="ACCESS"/>'))).toEqual([]);
		expect(findings(doc('  <characteristic type="VALIDITY"/>'), 'empty-characteristic').map((f) => [f.line, f.column])).toEqual([[2, 3]]);
	});

	it('RCS auto-configuration with lower-case types (vers, token) is RCS, not a Windows CSP document', () => {
		const text = doc(
			'  <characteristic type="vers">',
			'    <parm name="version" value="1"/>',
			'    <parm name="validity" value="172800"/>',
			'  </characteristic>',
			'  <characteristic type="token">',
			'    <parm name="token" value="abc"/>',
			'  </characteristic>'
		);
		expect(findings(text, 'dialect')).toEqual([
			{
				rule: 'dialect',
				severity: 'info',
				message:
					'document looks like a GSMA RCS auto-configuration document (characteristic type vers), not OMA Client Provisioning; its own characteristics are reported as warnings',
				line: 2,
				column: 3
			}
		]);
	});

	it('the spec\'s own example (ProvCont 1.1 §6.1 example 1, decoded from its WBXML) gives no finding', () => {
		const hex = readFileSync(new URL('../../fixtures/provcont/provcont-6.1-example1.hex', import.meta.url), 'utf8').replace(/\s/g, '');
		const decoded = decodeWbxml(Uint8Array.from(Buffer.from(hex, 'hex')));
		expect(validateProvDoc(provDocFromXml(decoded.document))).toEqual([]);
	});
});

// issue 8 §2: a user's value is repeated in a finding cut to 80 characters with its length, JSON-quoted, so a
// 15 MB value does not come back whole in every message (and a control character cannot move a cursor).
describe('long values in messages', () => {
	// The BEARER token names of client-provisioning.md §7.3, as the schema lists them.
	const BEARER_VALUES = BEARERS.join(', ');
	it('cuts an echoed enumeration value and a reference to 80 characters and gives the length', () => {
		const long = 'G'.repeat(500);
		const { text, line, column } = parmIn(['NAPDEF'], 'BEARER', long);
		const [bearer] = findings(text, 'value-enum');
		// No suggestion: nothing is close to 500 G's, so the message lists the values.
		expect(bearer.message).toBe(`parm BEARER value "${'G'.repeat(80)}…" (500 characters) is not one of ${BEARER_VALUES}`);
		expect([bearer.line, bearer.column]).toEqual([line, column]);
		const ref = findings(doc('  <characteristic type="APPLICATION">', '    <parm name="APPID" value="w2"/>', `    <parm name="TO-NAPID" value="${'N'.repeat(300)}"/>`, '  </characteristic>'), 'ref-to-napid');
		expect(ref.map((f) => f.message)).toEqual([`parm TO-NAPID value "${'N'.repeat(80)}…" (300 characters) names no NAPDEF NAPID (defined: none, or the literal INTERNET)`]);
	});
});
