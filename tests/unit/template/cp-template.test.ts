// CP templates: findings with line:column per problem, placeholders typed by where they stand (the ProvCont schema),
// rows set aside with the exact finding (rule, message, placeholder, order column, place), secrets never shown.
// Places are found in the template text by the test itself (at()), messages of document rules are the validator's
// own for the filled-in document (validateProvDoc), so the template must give what a single document gives.
import { describe, expect, it } from 'vitest';
import { encodeWbxml, PROV } from '../../../src/lib/codec/wbxml/index';
import { parseXml } from '../../../src/lib/codec/xml/index';
import { parseProvDoc, validateProvDoc } from '../../../src/lib/documents/provcont/index';
import { Secret } from '../../../src/lib/security/index';
import { compileCpTemplate, type RowFinding, type Template, type TemplateFinding } from '../../../src/lib/documents/template/index';

/** Line and column (1-based) of the n-th occurrence of `needle` in `text`, found by the test. */
function at(text: string, needle: string, n = 1): { line: number; column: number } {
	let index = -1;
	for (let k = 0; k < n; k++) index = text.indexOf(needle, index + 1);
	if (index < 0) throw new Error(`${needle} not in the template`);
	const before = text.slice(0, index).split('\n');
	return { line: before.length, column: before[before.length - 1].length + 1 };
}

const doc = (body: string): string => `<?xml version="1.0" encoding="UTF-8"?>\n<wap-provisioningdoc version="1.1">\n${body}\n</wap-provisioningdoc>\n`;

const NETWORK = doc(`  <characteristic type="NAPDEF">
    <parm name="NAPID" value="\${NAP}"/>
    <parm name="BEARER" value="\${BEARER}"/>
    <parm name="NAME" value="Net \${MSISDN}"/>
    <parm name="NAP-ADDRESS" value="\${APN}"/>
    <parm name="NAP-ADDRTYPE" value="APN"/>
    <characteristic type="NAPAUTHINFO">
      <parm name="AUTHTYPE" value="PAP"/>
      <parm name="AUTHSECRET" value="\${SECRET}"/>
    </characteristic>
  </characteristic>
  <characteristic type="PXLOGICAL">
    <parm name="PROXY-ID" value="PX1"/>
    <parm name="NAME" value="Proxy"/>
    <characteristic type="PXPHYSICAL">
      <parm name="PHYSICAL-PROXY-ID" value="PHY1"/>
      <parm name="PXADDR" value="10.0.0.1"/>
      <parm name="TO-NAPID" value="\${TO_NAP}"/>
      <characteristic type="PORT">
        <parm name="PORTNBR" value="\${PORT}"/>
      </characteristic>
    </characteristic>
  </characteristic>`);

function compiled(text: string): Template {
	const result = compileCpTemplate(text);
	if (!result.ok) throw new Error(result.findings.map((f) => `${f.line}:${f.column} ${f.message}`).join('\n'));
	return result.template;
}

function findingsOf(text: string): TemplateFinding[] {
	const result = compileCpTemplate(text);
	expect(result.ok).toBe(false);
	return result.findings;
}

const GOOD: Record<string, string> = { NAP: 'NAP1', BEARER: 'GSM-GPRS', MSISDN: '447700900123', APN: 'internet.example', SECRET: 'pw&<"', TO_NAP: 'NAP1', PORT: '8080' };

function row(template: Template, values: Record<string, string | Secret | undefined>): (string | Secret | undefined)[] {
	return template.placeholders.map((p) => values[p.name]);
}

/** The validator's findings of the rules that depend on values, for the filled-in document as a single document. */
function validatorFindings(xml: string): { rule: string; severity: string; message: string }[] {
	return validateProvDoc(parseProvDoc(xml)).map(({ rule, severity, message }) => ({ rule, severity, message }));
}

describe('CP template: placeholders typed by where they stand (ProvCont schema)', () => {
	it('lists the placeholders in order of first use, each place with its type', () => {
		const t = compiled(NETWORK);
		expect(t.placeholders.map((p) => p.name)).toEqual(['NAP', 'BEARER', 'MSISDN', 'APN', 'SECRET', 'TO_NAP', 'PORT']);
		const uses = Object.fromEntries(t.placeholders.map((p) => [p.name, { ...p.uses[0], secret: p.secret }]));
		expect(uses.PORT).toEqual({ ...at(NETWORK, '${PORT}'), where: 'parm PORTNBR of PORT', type: 'an integer from 0 to 65535', whole: true, secret: false });
		expect(uses.BEARER).toEqual({ ...at(NETWORK, '${BEARER}'), where: 'parm BEARER of NAPDEF', type: 'one of the 25 BEARER values', whole: true, secret: false });
		expect(uses.TO_NAP).toEqual({ ...at(NETWORK, '${TO_NAP}'), where: 'parm TO-NAPID of PXPHYSICAL', type: 'a NAPID defined in the document or INTERNET', whole: true, secret: false });
		expect(uses.MSISDN).toEqual({ ...at(NETWORK, '${MSISDN}'), where: 'parm NAME of NAPDEF', type: 'text', whole: false, secret: false });
		expect(uses.SECRET).toEqual({ ...at(NETWORK, '${SECRET}'), where: 'parm AUTHSECRET of NAPAUTHINFO', type: 'text (secret)', whole: true, secret: true });
	});

	it('validates the template once with its placeholders in place: no finding for ${X} where a typed value belongs', () => {
		expect(compileCpTemplate(NETWORK)).toMatchObject({ ok: true, findings: [] });
	});

	it('gives each good row the document a single document gives: WBXML of the XML it writes, escapes included', () => {
		const t = compiled(NETWORK);
		const result = t.expand(row(t, GOOD));
		if (!result.ok) throw new Error(JSON.stringify(result.findings));
		expect(result.findings).toEqual([]);
		const xml = result.xml();
		expect(xml).toContain('<parm name="AUTHSECRET" value="pw&amp;&lt;&quot;"/>');
		expect(xml).toContain('<parm name="NAME" value="Net 447700900123"/>');
		expect(validatorFindings(xml)).toEqual([]);
		expect(result.wbxml).toEqual(encodeWbxml(parseXml(xml), PROV));
	});

	it('accepts TO-NAPID INTERNET for a NAPID placeholder', () => {
		const t = compiled(NETWORK);
		expect(t.expand(row(t, { ...GOOD, TO_NAP: 'INTERNET' })).ok).toBe(true);
	});
});

describe('CP template: a row whose expansion fails is set aside with the finding', () => {
	const t = compiled(NETWORK);
	const columns = t.placeholders.map((p) => `col_${p.name.toLowerCase()}`);

	const setAside = (values: Record<string, string | Secret | undefined>): RowFinding[] => {
		const result = t.expand(row(t, values), columns);
		expect(result.ok).toBe(false);
		return result.findings;
	};

	/** The XML of the row as a single document, for the validator's own message. */
	const asDocument = (values: Record<string, string>): string => {
		let xml = NETWORK;
		for (const [name, value] of Object.entries(values)) xml = xml.split(`\${${name}}`).join(value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;'));
		return xml;
	};

	it('a port out of range: value-port, the PORT placeholder, its column and place', () => {
		const values = { ...GOOD, PORT: '65536' };
		expect(setAside(values)).toEqual([
			{ rule: 'value-port', severity: 'error', message: 'parm PORTNBR value "65536" is not an integer from 0 to 65535', placeholder: 'PORT', orderColumn: 'col_port', ...at(NETWORK, '${PORT}') }
		]);
		expect(validatorFindings(asDocument(values))).toEqual([{ rule: 'value-port', severity: 'error', message: 'parm PORTNBR value "65536" is not an integer from 0 to 65535' }]);
	});

	it('a BEARER that is not a BEARER value: value-enum with the validator\'s hint', () => {
		const values = { ...GOOD, BEARER: 'GPRS' };
		const message = 'parm BEARER value "GPRS" is not one of the 25 BEARER values; did you mean GSM-GPRS?';
		expect(setAside(values)).toEqual([{ rule: 'value-enum', severity: 'error', message, placeholder: 'BEARER', orderColumn: 'col_bearer', ...at(NETWORK, '${BEARER}') }]);
		expect(validatorFindings(asDocument(values))).toEqual([{ rule: 'value-enum', severity: 'error', message }]);
	});

	it('a TO-NAPID naming no NAPDEF of the row: ref-to-napid', () => {
		const values = { ...GOOD, TO_NAP: 'NAP9' };
		const message = 'parm TO-NAPID value "NAP9" names no NAPDEF NAPID (defined: NAP1, or the literal INTERNET)';
		expect(setAside(values)).toEqual([{ rule: 'ref-to-napid', severity: 'error', message, placeholder: 'TO_NAP', orderColumn: 'col_to_nap', ...at(NETWORK, '${TO_NAP}') }]);
		expect(validatorFindings(asDocument(values))).toEqual([{ rule: 'ref-to-napid', severity: 'error', message }]);
	});

	it('an empty cell and a value XML cannot carry, by position and never by value', () => {
		expect(setAside({ ...GOOD, APN: undefined, MSISDN: 'a\u0001b' })).toEqual([
			{ rule: 'value-not-xml', severity: 'error', message: 'the value of ${MSISDN}: character 2 is U+0001, which XML 1.0 cannot carry', placeholder: 'MSISDN', orderColumn: 'col_msisdn', ...at(NETWORK, '${MSISDN}') },
			{ rule: 'value-empty', severity: 'error', message: 'no value for ${APN} (the cell is empty)', placeholder: 'APN', orderColumn: 'col_apn', ...at(NETWORK, '${APN}') }
		]);
	});

	it('two placeholders giving the same NAPID: duplicate-napid names the second', () => {
		const two = doc(`  <characteristic type="NAPDEF">
    <parm name="NAPID" value="\${A}"/>
    <parm name="NAME" value="a"/>
    <parm name="NAP-ADDRESS" value="a.example"/>
  </characteristic>
  <characteristic type="NAPDEF">
    <parm name="NAPID" value="\${B}"/>
    <parm name="NAME" value="b"/>
    <parm name="NAP-ADDRESS" value="b.example"/>
  </characteristic>`);
		const t2 = compiled(two);
		expect(t2.expand(['X', 'Y']).ok).toBe(true);
		const first = at(two, 'value="${A}"');
		expect(t2.expand(['X', 'X'])).toEqual({
			ok: false,
			findings: [{ rule: 'duplicate-napid', severity: 'error', message: `NAPID "X" is defined by more than one NAPDEF (first at line ${first.line}, column ${first.column})`, placeholder: 'B', ...at(two, '${B}') }]
		});
	});
});

describe('CP template: secrets stay out of findings', () => {
	// ${PIN} stands in AUTHSECRET, so it is a secret wherever else it stands (here also, oddly, in PORTNBR).
	const text = doc(`  <characteristic type="NAPDEF">
    <parm name="NAPID" value="N1"/>
    <parm name="NAME" value="n"/>
    <parm name="NAP-ADDRESS" value="a.example"/>
    <characteristic type="NAPAUTHINFO">
      <parm name="AUTHSECRET" value="\${PIN}"/>
    </characteristic>
  </characteristic>
  <characteristic type="PXLOGICAL">
    <parm name="PROXY-ID" value="P"/>
    <parm name="NAME" value="p"/>
    <characteristic type="PXPHYSICAL">
      <parm name="PHYSICAL-PROXY-ID" value="PH"/>
      <parm name="PXADDR" value="10.0.0.1"/>
      <parm name="TO-NAPID" value="N1"/>
      <characteristic type="PORT">
        <parm name="PORTNBR" value="\${PIN}"/>
      </characteristic>
    </characteristic>
  </characteristic>`);

	it('says which placeholder, never the value, of a secret that fails a typed place', () => {
		const t = compiled(text);
		expect(t.placeholders[0].secret).toBe(true);
		const result = t.expand(['12ab']);
		expect(result).toEqual({
			ok: false,
			findings: [{ rule: 'value-port', severity: 'error', message: 'parm PORTNBR value (the value of ${PIN}, a secret, not shown) is not an integer from 0 to 65535', placeholder: 'PIN', ...at(text, '${PIN}', 2) }]
		});
		expect(JSON.stringify(result)).not.toContain('12ab');
	});

	// A Ki whose second byte is 1F, an unchecked vendor secret with a BEL: naming the character and its place would
	// print part of the secret into rejected.csv. Only the placeholder is named.
	it('names neither the character nor its place when a secret holds one XML cannot carry', () => {
		const t = compiled(text);
		const message = 'the value of ${PIN}: holds a character XML 1.0 cannot carry (a secret: which one and where is not shown)';
		for (const value of ['12\u001f4', Secret.fromText('SYSPIN', 'ab\u0007c')]) {
			const result = t.expand([value]);
			expect(result).toEqual({ ok: false, findings: [{ rule: 'value-not-xml', severity: 'error', message, placeholder: 'PIN', ...at(text, '${PIN}') }] });
		}
		// A Secret in a place that is not secret (a text parm) is kept out the same way.
		const name = compiled(doc(`  <characteristic type="NAPDEF">
    <parm name="NAPID" value="N1"/>
    <parm name="NAME" value="\${X}"/>
    <parm name="NAP-ADDRESS" value="a.example"/>
  </characteristic>`));
		const found = name.expand([Secret.fromText('SYSPIN', 'ab\u0007c')]);
		expect(found.ok).toBe(false);
		expect(found.findings.map((f) => f.message)).toEqual(['the value of ${X}: holds a character XML 1.0 cannot carry (a secret: which one and where is not shown)']);
	});

	it('substitutes a Secret into the bytes only', () => {
		const t = compiled(text);
		const result = t.expand([Secret.fromText('PIN1', '1234')]);
		if (!result.ok) throw new Error(JSON.stringify(result.findings));
		expect(Buffer.from(result.wbxml).includes(Buffer.from('1234'))).toBe(true);
		expect(result.findings).toEqual([]);
	});
});

describe('CP template: a bad template gives one finding with line:column per problem', () => {
	it('bad placeholder syntax, at the $', () => {
		const text = doc(`  <characteristic type="NAPDEF">
    <parm name="NAPID" value="\${}"/>
    <parm name="NAME" value="a \${1X} b \${OK}"/>
    <parm name="NAP-ADDRESS" value="\${APN"/>
  </characteristic>`);
		const fix = 'write ${NAME} (NAME: a letter or _, then letters, digits or _), or $${ for a literal ${';
		expect(findingsOf(text)).toEqual([
			{ rule: 'placeholder-syntax', severity: 'error', message: `empty placeholder \${}: ${fix}`, ...at(text, '${}') },
			{ rule: 'placeholder-syntax', severity: 'error', message: `placeholder name "1X" starts with "1": ${fix}`, ...at(text, '${1X}') },
			{ rule: 'placeholder-syntax', severity: 'error', message: `placeholder \${APN has no closing }: ${fix}`, ...at(text, '${APN') }
		]);
	});

	it('a placeholder in a parm name, a characteristic type, an element name or an attribute name', () => {
		const names = doc(`  <characteristic type="\${TYPE}">
    <parm name="\${NAME}" value="1"/>
  </characteristic>`);
		expect(findingsOf(names).map((f) => ({ rule: f.rule, line: f.line, column: f.column, message: f.message }))).toEqual([
			{ rule: 'placeholder-in-name', ...at(names, '${TYPE}'), message: 'a placeholder cannot stand in a characteristic type: it decides the WBXML tokens and the schema, so it is written out' },
			{ rule: 'placeholder-in-name', ...at(names, '${NAME}'), message: 'a placeholder cannot stand in a parm name: it decides the WBXML tokens and the schema, so it is written out' }
		]);
		const element = doc('  <${X} type="NAPDEF"/>');
		expect(findingsOf(element)).toEqual([
			{ rule: 'placeholder-in-name', severity: 'error', message: 'a placeholder cannot stand in an element or attribute name: names are written out (they decide the WBXML tokens)', ...at(element, '${X}') }
		]);
		const attribute = doc('  <characteristic ${X}="1" type="NAPDEF"/>');
		expect(findingsOf(attribute)).toEqual([
			{ rule: 'placeholder-in-name', severity: 'error', message: 'a placeholder cannot stand in an element or attribute name: names are written out (they decide the WBXML tokens)', ...at(attribute, '${X}') }
		]);
	});

	it('a placeholder inside an attribute name (no space before it) or an end tag is in a name, not a parser error', () => {
		// `$` is no XML NameChar (XML 1.0 §2.3): `na${X}me=` stops the attribute name at the `$` itself.
		const NAME = 'a placeholder cannot stand in an element or attribute name: names are written out (they decide the WBXML tokens)';
		for (const body of ['  <characteristic ty${X}pe="NAPDEF"/>', '  <characteristic type="NAPDEF" x${X}="1"/>', '  <characteristic type="NAPDEF"></characteristic${X}>']) {
			const text = doc(body);
			expect(findingsOf(text)).toEqual([{ rule: 'placeholder-in-name', severity: 'error', message: NAME, ...at(text, '${X}') }]);
		}
	});

	it('a placeholder inside a character or entity reference, at its $', () => {
		// The parser resolves `&#…;` before any placeholder is read (XML 1.0 §4.1), so `&#${X};` is no reference at all.
		const message = 'a placeholder cannot stand inside a character or entity reference (&#…; or &name;): references are resolved when the template is read, so write the placeholder outside the reference';
		for (const value of ['&#${X};', '&#x${X};', '&amp${X};', '&${X};']) {
			const text = doc(`  <characteristic type="APPLICATION">\n    <parm name="NAME" value="${value}"/>\n  </characteristic>`);
			expect(findingsOf(text)).toEqual([{ rule: 'placeholder-in-name', severity: 'error', message, ...at(text, '${X}') }]);
		}
	});

	it('a placeholder in the DOCTYPE is refused: the DOCTYPE is not filled, yet the filled XML would carry it', () => {
		const text = doc('  <characteristic type="APPLICATION">\n    <parm name="APPID" value="w2"/>\n  </characteristic>').replace(
			'<wap-provisioningdoc',
			'<!DOCTYPE wap-provisioningdoc PUBLIC "-//WAPFORUM//DTD PROV ${V}//EN" "http://www.wapforum.org/DTD/prov.dtd">\n<wap-provisioningdoc'
		);
		expect(findingsOf(text)).toEqual([
			{ rule: 'placeholder-in-name', severity: 'error', message: 'a placeholder cannot stand in the DOCTYPE: it names the document type (the WBXML public identifier), so it is written out', ...at(text, '${V}') }
		]);
	});

	it('a placeholder in a comment or a processing instruction is warned about: neither is written, so it is never filled', () => {
		// serializeXml and the WBXML encoder drop comments and PIs: the row's document is the one without them, and
		// ${X} is no placeholder of the template (no column of the order is asked for it). $${X} there is literal text.
		const text = doc(`  <!-- \${X} -->
  <?app \${Y}?>
  <!-- $\${Z} -->
  <characteristic type="APPLICATION">
    <parm name="APPID" value="w2"/>
    <parm name="NAME" value="\${NAME}"/>
  </characteristic>`);
		const result = compileCpTemplate(text);
		if (!result.ok) throw new Error(JSON.stringify(result.findings));
		expect(result.findings).toEqual([
			{ rule: 'placeholder-not-filled', severity: 'warning', message: 'a placeholder in a comment is never filled: comments are not written to the WBXML nor to the filled XML (write $${ to keep a literal ${ there)', ...at(text, '${X}') },
			{ rule: 'placeholder-not-filled', severity: 'warning', message: 'a placeholder in a processing instruction is never filled: processing instructions are not written to the WBXML nor to the filled XML', ...at(text, '${Y}') }
		]);
		expect(result.template.placeholders.map((p) => p.name)).toEqual(['NAME']);
		const row = result.template.expand(['n']);
		if (!row.ok) throw new Error(JSON.stringify(row.findings));
		// A different code path: the filled XML parsed and encoded from scratch.
		expect(row.wbxml).toEqual(encodeWbxml(parseXml(row.xml()), PROV));
	});

	it('a placeholder as a flag, mixed into a port, and in two places no value satisfies', () => {
		const text = doc(`  <characteristic type="NAPDEF">
    <parm name="NAPID" value="N"/>
    <parm name="NAME" value="n"/>
    <parm name="NAP-ADDRESS" value="a.example"/>
    <parm name="INTERNET" value="\${ON}"/>
    <parm name="BEARER" value="\${P}"/>
  </characteristic>
  <characteristic type="PXLOGICAL">
    <parm name="PROXY-ID" value="X"/>
    <parm name="NAME" value="x"/>
    <characteristic type="PXPHYSICAL">
      <parm name="PHYSICAL-PROXY-ID" value="PH"/>
      <parm name="PXADDR" value="10.0.0.1"/>
      <parm name="TO-NAPID" value="N"/>
      <characteristic type="PORT">
        <parm name="PORTNBR" value="\${P}"/>
      </characteristic>
      <characteristic type="PORT">
        <parm name="PORTNBR" value="80\${Q}"/>
      </characteristic>
    </characteristic>
  </characteristic>`);
		const bearer = at(text, '${P}');
		expect(findingsOf(text)).toEqual([
			{ rule: 'placeholder-in-flag', severity: 'error', message: 'parm INTERNET takes no value (a flag: written present or left out), so ${ON} cannot stand there', placeholder: 'ON', ...at(text, '${ON}') },
			{
				rule: 'placeholder-type-conflict',
				severity: 'error',
				message: `\${P} stands here in parm PORTNBR of PORT (an integer from 0 to 65535) and at line ${bearer.line}, column ${bearer.column} in parm BEARER of NAPDEF (one of the 25 BEARER values): no value is both`,
				placeholder: 'P',
				...at(text, '${P}', 2)
			},
			{ rule: 'placeholder-not-whole', severity: 'error', message: 'parm PORTNBR of PORT takes an integer from 0 to 65535: ${Q} must be the whole value, found "80${Q}"', placeholder: 'Q', ...at(text, '${Q}') }
		]);
	});

	it('document rules with the placeholders in place: a parm not allowed, a TO-PROXY nothing can satisfy', () => {
		const text = doc(`  <characteristic type="APPLICATION">
    <parm name="APPID" value="w2"/>
    <parm name="TO-PROXY" value="\${PROXY}"/>
  </characteristic>
  <characteristic type="NAPDEF">
    <parm name="NAPID" value="N"/>
    <parm name="NAME" value="n"/>
    <parm name="NAP-ADDRESS" value="a.example"/>
    <parm name="COLOUR" value="\${C}"/>
  </characteristic>`);
		expect(findingsOf(text)).toEqual([
			{ rule: 'ref-to-proxy', severity: 'error', message: 'parm TO-PROXY value "${PROXY}" names no PXLOGICAL PROXY-ID (defined: none)', ...at(text, 'value="${PROXY}"') },
			expect.objectContaining({ rule: 'parm-not-allowed', severity: 'error', ...at(text, '<parm name="COLOUR"') })
		]);
	});

	it('XML that is not well-formed, and a document that is not a wap-provisioningdoc', () => {
		expect(findingsOf('<wap-provisioningdoc>\n  <characteristic type="NAPDEF">\n</wap-provisioningdoc>\n')).toEqual([
			{ rule: 'not-well-formed', severity: 'error', message: 'unclosed tag <characteristic>: no </characteristic> before </wap-provisioningdoc> at line 3, column 1', line: 2, column: 3 }
		]);
		expect(findingsOf('<SyncML/>')).toEqual([{ rule: 'bad-structure', severity: 'error', message: 'root element is <SyncML>, expected <wap-provisioningdoc>', line: 1, column: 1 }]);
	});

	it('resolves $$ in a constant value: the document carries a single $', () => {
		const text = doc(`  <characteristic type="NAPDEF">
    <parm name="NAPID" value="N"/>
    <parm name="NAME" value="US$$5 \${X}"/>
    <parm name="NAP-ADDRESS" value="cost$$\${X}"/>
  </characteristic>`);
		const t = compiled(text);
		const result = t.expand(['7']);
		if (!result.ok) throw new Error(JSON.stringify(result.findings));
		expect(result.xml()).toContain('<parm name="NAME" value="US$5 7"/>');
		expect(result.xml()).toContain('<parm name="NAP-ADDRESS" value="cost$7"/>');
	});
});
