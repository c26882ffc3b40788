// fast-check generators for PROV trees: tokenized and untokenized names and types, token values, value fragments
// and short strings from a small alphabet so that repeats (string-table candidates) happen.
import fc from 'fast-check';
import type { XmlElement } from '../../../src/lib/codec/xml/tree';

const TYPES = ['NAPDEF', 'PXLOGICAL', 'PXPHYSICAL', 'PORT', 'BOOTSTRAP', 'APPLICATION', 'APPADDR', 'APPAUTH', 'RESOURCE', 'ACCESS', 'CLIENTIDENTITY', 'NAPAUTHINFO', 'VENDORCONFIG', 'Wi-Fi'];
const NAMES = ['NAME', 'NAPID', 'BEARER', 'NAP-ADDRESS', 'NAP-ADDRTYPE', 'INTERNET', 'TO-NAPID', 'PORTNBR', 'SERVICE', 'APPID', 'ADDR', 'ADDRTYPE', 'AAUTHTYPE', 'AAUTHLEVEL', 'AUTH-ENTITY', 'DNS-ADDR', 'APPREF', 'TO-APPREF', 'INIT', 'PROVIDER-ID', 'AAUTHNAME', 'URI', 'RULE', 'PXADDR'];
const VALUES = ['GSM-GPRS', 'APN', 'IPV4', 'IPV6', 'E164', 'ALPHA', 'APPSRV', 'OBEX', 'HTTP-DIGEST,BASIC', 'HTTP-BASIC', 'DIGEST', 'AAA', 'HA', 'CO-WSP', 'OTA-HTTP-TO', 'w2', 'w7', '9201', 'NAP1', 'internet.example.com', 'http://dm.example.com/dm', 'PAP'];

const word = fc.string({ unit: fc.constantFrom(...'abcXYZ01.-:/,ÄéAPN'.split('')), minLength: 1, maxLength: 12 });
const value = fc.oneof(fc.constantFrom(...VALUES), word, fc.constant(''));

const parm: fc.Arbitrary<XmlElement> = fc
	.record({ name: fc.oneof(fc.constantFrom(...NAMES), word), value: fc.option(value, { nil: undefined }) })
	.map(({ name, value }) => ({
		kind: 'element',
		name: 'parm',
		attributes: value === undefined ? [{ name: 'name', value: name }] : [{ name: 'name', value: name }, { name: 'value', value }],
		children: []
	}));

const characteristic: fc.Arbitrary<XmlElement> = fc.letrec<{ c: XmlElement }>((tie) => ({
	c: fc
		.record({
			type: fc.oneof(fc.constantFrom(...TYPES), word),
			children: fc.array(fc.oneof({ depthSize: 'small', withCrossShrink: true }, parm, tie('c')), { maxLength: 5 })
		})
		.map(({ type, children }) => ({ kind: 'element' as const, name: 'characteristic', attributes: [{ name: 'type', value: type }], children }))
})).c;

export const provRoot: fc.Arbitrary<XmlElement> = fc
	.record({ version: fc.option(fc.constantFrom('1.0', '1.1'), { nil: undefined }), children: fc.array(characteristic, { minLength: 1, maxLength: 4 }) })
	.map(({ version, children }) => ({
		kind: 'element',
		name: 'wap-provisioningdoc',
		attributes: version === undefined ? [] : [{ name: 'version', value: version }],
		children
	}));
