// A row is validated with the same rules as a single document: for random rows of a template whose placeholders
// stand in typed places (port, BEARER, AUTHTYPE, LINKSPEED, AAUTHTYPE list, an application port's SERVICE) and in
// ids (NAPID twice, TO-NAPID, PROXY-ID, TO-PROXY), the row's findings are exactly validateProvDoc's for the
// filled-in document (rule, severity, message), and a row is set aside exactly when that document has an error.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseProvDoc, validateProvDoc } from '../../../src/lib/documents/provcont/index';
import { compileCpTemplate } from '../../../src/lib/documents/template/index';

const TEMPLATE = `<?xml version="1.0" encoding="UTF-8"?>
<wap-provisioningdoc version="1.1">
  <characteristic type="NAPDEF">
    <parm name="NAPID" value="\${NAP_A}"/>
    <parm name="BEARER" value="\${BEARER}"/>
    <parm name="NAME" value="A"/>
    <parm name="NAP-ADDRESS" value="a.example"/>
    <parm name="LINKSPEED" value="\${SPEED}"/>
    <characteristic type="NAPAUTHINFO">
      <parm name="AUTHTYPE" value="\${AUTH}"/>
    </characteristic>
  </characteristic>
  <characteristic type="NAPDEF">
    <parm name="NAPID" value="NAP_\${NAP_B}"/>
    <parm name="NAME" value="B"/>
    <parm name="NAP-ADDRESS" value="b.example"/>
  </characteristic>
  <characteristic type="PXLOGICAL">
    <parm name="PROXY-ID" value="\${PROXY}"/>
    <parm name="NAME" value="P"/>
    <characteristic type="PXPHYSICAL">
      <parm name="PHYSICAL-PROXY-ID" value="PH"/>
      <parm name="PXADDR" value="10.0.0.1"/>
      <parm name="TO-NAPID" value="\${TO_NAP}"/>
      <parm name="TO-NAPID" value="NAP_B1"/>
      <characteristic type="PORT">
        <parm name="PORTNBR" value="\${PORT}"/>
      </characteristic>
    </characteristic>
  </characteristic>
  <characteristic type="APPLICATION">
    <parm name="APPID" value="\${APPID}"/>
    <parm name="TO-PROXY" value="\${TO_PROXY}"/>
    <characteristic type="APPADDR">
      <parm name="ADDR" value="mail.example"/>
      <characteristic type="PORT">
        <parm name="PORTNBR" value="995"/>
        <parm name="SERVICE" value="\${SERVICE}"/>
      </characteristic>
    </characteristic>
    <characteristic type="APPAUTH">
      <parm name="AAUTHTYPE" value="\${KIND},BASIC"/>
    </characteristic>
  </characteristic>
</wap-provisioningdoc>
`;

const pick = (...values: string[]): fc.Arbitrary<string> => fc.oneof(fc.constantFrom(...values), fc.string({ unit: fc.constantFrom(...'aAbN1_-,.'.split('')), maxLength: 6 }));
const ROW: Record<string, fc.Arbitrary<string>> = {
	NAP_A: pick('NAP1', 'NAP_B1', 'INTERNET', 'X'),
	BEARER: pick('GSM-GPRS', 'GSM-CSD', 'gsm-gprs', 'GPRS', 'LTE'),
	SPEED: pick('9600', 'AUTOBAUDING', '-1', '99999999999', 'fast'),
	AUTH: pick('PAP', 'CHAP', 'MD5', 'pap', 'NONE'),
	NAP_B: pick('1', '2', 'X'),
	PROXY: pick('P1', 'P2'),
	TO_NAP: pick('NAP1', 'NAP_B1', 'NAP_1', 'INTERNET', 'X'),
	PORT: pick('0', '8080', '65535', '65536', '080', 'http'),
	APPID: pick('25', '110', 'w2'),
	TO_PROXY: pick('P1', 'P2', 'P3'),
	SERVICE: pick('STARTTLS', 'CO-WSP', '995', '70000', 'IMAP'),
	KIND: pick('HTTP-DIGEST', 'DIGEST', 'HMAC', 'X509', 'FOO', '')
};

const escape = (v: string): string => v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

describe('row checks: the rules a single document is validated with', () => {
	const compiled = compileCpTemplate(TEMPLATE);
	if (!compiled.ok) throw new Error(JSON.stringify(compiled.findings));
	const template = compiled.template;

	it('the template itself is valid with its placeholders in place', () => {
		expect(compiled.findings).toEqual([]);
	});

	it('for random rows, the row findings are validateProvDoc\'s for the filled-in document', () => {
		fc.assert(
			fc.property(fc.record(ROW), (values) => {
				const single = Object.entries(values).reduce((text, [name, value]) => text.split(`\${${name}}`).join(escape(value)), TEMPLATE);
				const expected = validateProvDoc(parseProvDoc(single)).map(({ rule, severity, message }) => ({ rule, severity, message }));
				const result = template.expand(template.placeholders.map((p) => values[p.name]));
				const ours = result.findings.map(({ rule, severity, message }) => ({ rule, severity, message }));
				const byText = (a: { message: string }, b: { message: string }): number => (a.message < b.message ? -1 : a.message > b.message ? 1 : 0);
				expect([...ours].sort(byText)).toEqual([...expected].sort(byText));
				expect(result.ok).toBe(!expected.some((f) => f.severity === 'error'));
			}),
			{ numRuns: 1500 }
		);
	});
});
