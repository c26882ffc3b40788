// DM account templates (JSON and XML forms) rendered per row as CP w7 and as a SyncML DM bootstrap. Filled with the
// values of tests/fixtures/dm/account.json, a row must be the hand-written fixtures tests/fixtures/dm/cp-w7.xml and
// bootstrap-1.2.xml (compared as canonical XML, and as WBXML: encodeWbxml of the fixture's own tree).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeWbxml, PROV, SYNCML12 } from '../../../src/lib/codec/wbxml/index';
import { canonicalXml, parseXml } from '../../../src/lib/codec/xml/index';
import { accountFromJson, DmError } from '../../../src/lib/documents/dm/index';
import { compileDmTemplate, type DmRendering, type Template, type TemplateFinding } from '../../../src/lib/documents/template/index';

const fixture = (path: string): string => readFileSync(join(__dirname, '../../fixtures', path), 'utf8');
const JSON_TEMPLATE = fixture('template/dm-account.json');
const XML_TEMPLATE = fixture('template/dm-account.xml');
// The values of tests/fixtures/dm/account.json, by placeholder.
const VALUES = JSON.parse(fixture('template/dm-values.json')) as Record<string, string>;
const CP: DmRendering = { as: 'cp', toNapId: ['NAP1'] };
const SYNCML: DmRendering = { as: 'syncml', deviceId: 'IMEI:${IMEI}' };

function at(text: string, needle: string, n = 1): { line: number; column: number } {
	let index = -1;
	for (let k = 0; k < n; k++) index = text.indexOf(needle, index + 1);
	if (index < 0) throw new Error(`${needle} not in the template`);
	const before = text.slice(0, index).split('\n');
	return { line: before.length, column: before[before.length - 1].length + 1 };
}

function compiled(text: string, rendering: DmRendering): Template {
	const result = compileDmTemplate(text, { rendering });
	if (!result.ok) throw new Error(result.findings.map((f) => `${f.line}:${f.column} ${f.message}`).join('\n'));
	return result.template;
}

const fill = (t: Template, values: Record<string, string>): string[] => t.placeholders.map((p) => values[p.name]);

describe('DM account template: filled with account.json\'s values, a row is the hand-written fixture', () => {
	for (const [form, text] of [
		['JSON', JSON_TEMPLATE],
		['XML', XML_TEMPLATE]
	] as const) {
		it(`${form} form rendered as CP w7 is tests/fixtures/dm/cp-w7.xml, byte for byte in WBXML`, () => {
			const t = compiled(text, CP);
			expect(t.compiled).toBe(true);
			const result = t.expand(fill(t, VALUES));
			if (!result.ok) throw new Error(JSON.stringify(result.findings));
			const expected = fixture('dm/cp-w7.xml');
			expect(canonicalXml(parseXml(result.xml()))).toBe(canonicalXml(parseXml(expected)));
			expect(result.wbxml).toEqual(encodeWbxml(parseXml(expected), PROV));
		});

		it(`${form} form rendered as a SyncML DM 1.2 bootstrap is tests/fixtures/dm/bootstrap-1.2.xml, byte for byte in WBXML`, () => {
			const t = compiled(text, SYNCML);
			expect(t.compiled).toBe(true);
			const result = t.expand(fill(t, VALUES));
			if (!result.ok) throw new Error(JSON.stringify(result.findings));
			const expected = fixture('dm/bootstrap-1.2.xml');
			expect(canonicalXml(parseXml(result.xml()))).toBe(canonicalXml(parseXml(expected)));
			expect(result.wbxml).toEqual(encodeWbxml(parseXml(expected), SYNCML12));
		});
	}

	it('lists the placeholders with their DM places, the secrets marked', () => {
		const t = compiled(JSON_TEMPLATE, SYNCML);
		expect(t.placeholders.map((p) => [p.name, p.secret, p.uses.map((u) => `${u.line}:${u.column} ${u.where}: ${u.type}`)])).toEqual([
			['NODE', false, [`${at(JSON_TEMPLATE, '${NODE}').line}:${at(JSON_TEMPLATE, '${NODE}').column} $.NodeName: a URI segment (NodeName)`]],
			['NAME', false, [`${at(JSON_TEMPLATE, '${NAME}').line}:${at(JSON_TEMPLATE, '${NAME}').column} $.Name: text`]],
			['PORT', false, [`${at(JSON_TEMPLATE, '${PORT}').line}:${at(JSON_TEMPLATE, '${PORT}').column} $.AppAddr[0].Port[0]: a port number 0-65535 (Port/<X>/PortNbr)`]],
			['IMEI', false, [`${at(JSON_TEMPLATE, '${IMEI}').line}:${at(JSON_TEMPLATE, '${IMEI}').column} $.AppAuth[0].AAuthName: text`, '0:0 the device id (SyncHdr Target): text']],
			['CLIENT_SECRET', true, [`${at(JSON_TEMPLATE, '${CLIENT_SECRET}').line}:${at(JSON_TEMPLATE, '${CLIENT_SECRET}').column} $.AppAuth[0].AAuthSecret: text (secret)`]],
			['SERVER_SECRET', true, [`${at(JSON_TEMPLATE, '${SERVER_SECRET}').line}:${at(JSON_TEMPLATE, '${SERVER_SECRET}').column} $.AppAuth[1].AAuthSecret: text (secret)`]]
		]);
	});

	it('places a placeholder where JSON.parse read its value: an escaped member name is the name it spells', () => {
		// "N\u0061me" is another spelling of "Name" (RFC 8259 §7): the placeholder is the account's Name, found at its `$`.
		const text = JSON_TEMPLATE.replace('"Name": "${NAME}"', '"N\\u0061me": "${NAME}"');
		expect(text).not.toBe(JSON_TEMPLATE);
		const name = compiled(text, SYNCML).placeholders.find((p) => p.name === 'NAME');
		expect(name?.uses.map((u) => `${u.line}:${u.column} ${u.where}`)).toEqual([`${at(text, '${NAME}').line}:${at(text, '${NAME}').column} $.Name`]);
	});

	it('reads a Port as the reader does: 0443 is port 443, the fixture again', () => {
		const t = compiled(JSON_TEMPLATE, CP);
		const result = t.expand(fill(t, { ...VALUES, PORT: '0443' }));
		if (!result.ok) throw new Error(JSON.stringify(result.findings));
		expect(result.wbxml).toEqual(encodeWbxml(parseXml(fixture('dm/cp-w7.xml')), PROV));
	});

	it('renders every row whole where a placeholder shapes the document (AAuthLevel names the AppAuth node)', () => {
		const text = JSON_TEMPLATE.replace('"AAuthLevel": "CLCRED"', '"AAuthLevel": "${LEVEL}"');
		const t = compiled(text, SYNCML);
		expect(t.compiled).toBe(false);
		const result = t.expand(fill(t, { ...VALUES, LEVEL: 'CLCRED' }));
		if (!result.ok) throw new Error(JSON.stringify(result.findings));
		expect(result.wbxml).toEqual(encodeWbxml(parseXml(fixture('dm/bootstrap-1.2.xml')), SYNCML12));
		const refused = t.expand(fill(t, { ...VALUES, LEVEL: 'CLIENT' }));
		// The reader's own reason for the same account as a single document.
		const single = Object.entries({ ...VALUES, LEVEL: 'CLIENT' }).reduce((t, [name, value]) => t.split(`\${${name}}`).join(value), text);
		expect(() => accountFromJson(single)).toThrow('$.AppAuth[0].AAuthLevel: AAuthLevel "CLIENT" is not one of CLCRED, SRVCRED, OBEX, HTTP');
		expect(refused).toEqual({
			ok: false,
			findings: [{ rule: 'bad-account', severity: 'error', message: 'AAuthLevel "CLIENT" is not one of CLCRED, SRVCRED, OBEX, HTTP', placeholder: 'LEVEL', ...at(text, '${LEVEL}') }]
		});
	});
});

describe('DM account template: the WBXML holds exactly the value given', () => {
	// SyncML DM's Data is #PCDATA (OMA-TS-DM_RepPro): "  " is a value. wbxml2xml (libwbxml, -m 0 compact) decodes our
	// bytes; before, the blank text was dropped like layout whitespace and the device got an empty Name while the
	// XML said "  ".
	for (const value of ['  ', '\n', '\t \t']) {
		it(`keeps a Name of ${JSON.stringify(value)} in the SyncML bootstrap's WBXML, as in its XML`, () => {
			const t = compiled(JSON_TEMPLATE, SYNCML);
			const result = t.expand(fill(t, { ...VALUES, NAME: value }));
			if (!result.ok) throw new Error(JSON.stringify(result.findings));
			const decoded = wbxml2xml(result.wbxml);
			const data = /\/Name<\/LocURI>.*?<\/Meta>(<Data\/>|<Data>(?:<!\[CDATA\[)?([\s\S]*?)(?:\]\]>)?<\/Data>)/.exec(decoded);
			expect(data?.[2]).toBe(value);
			expect(result.xml()).toContain(`<Data>${value}</Data>`);
		});
	}
});

function wbxml2xml(bytes: Uint8Array): string {
	const dir = mkdtempSync(join(tmpdir(), 'dm-template-'));
	try {
		const file = join(dir, 'in.wbxml');
		writeFileSync(file, bytes);
		return execFileSync('wbxml2xml', ['-m', '0', '-o', '-', file], { stdio: ['ignore', 'pipe', 'pipe'] }).toString();
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

describe('DM account template: rows set aside with the reader\'s finding', () => {
	it('a port out of range, at the ${PORT} of the template, with its order column', () => {
		const t = compiled(JSON_TEMPLATE, CP);
		const columns = t.placeholders.map((p) => p.name.toLowerCase());
		expect(t.expand(fill(t, { ...VALUES, PORT: '70000' }), columns)).toEqual({
			ok: false,
			findings: [{ rule: 'bad-account', severity: 'error', message: 'expected a port number 0-65535, found "70000"', placeholder: 'PORT', orderColumn: 'port', ...at(JSON_TEMPLATE, '${PORT}') }]
		});
	});

	it('a NodeName that is no URI segment, in the XML form', () => {
		const t = compiled(XML_TEMPLATE, SYNCML);
		expect(t.expand(fill(t, { ...VALUES, NODE: 'a/b' }))).toEqual({
			ok: false,
			findings: [{ rule: 'bad-account', severity: 'error', message: 'NodeName "a/b" is not a URI segment', placeholder: 'NODE', ...at(XML_TEMPLATE, '${NODE}') }]
		});
	});

	it('never shows a secret placeholder\'s value, even where the reader quotes it', () => {
		// ${PIN} is an AAuthSecret, so a secret, and (oddly) the NodeName too.
		const text = JSON_TEMPLATE.replace('"${NODE}"', '"${PIN}"').replace('"${CLIENT_SECRET}"', '"${PIN}"');
		const t = compiled(text, SYNCML);
		const result = t.expand(fill(t, { ...VALUES, PIN: '12/34' }));
		expect(result).toEqual({
			ok: false,
			findings: [{ rule: 'bad-account', severity: 'error', message: 'NodeName "****" is not a URI segment (the value of ${PIN} is secret)', placeholder: 'PIN', ...at(text, '${PIN}') }]
		});
		expect(JSON.stringify(result)).not.toContain('12/34');
	});
});

describe('DM account template: a bad template gives one finding with line:column per problem', () => {
	const findings = (text: string, rendering: DmRendering = CP): TemplateFinding[] => {
		const result = compileDmTemplate(text, { rendering });
		expect(result.ok).toBe(false);
		return result.findings;
	};

	it('a placeholder in a member name, and one mixed into a Port', () => {
		const text = JSON_TEMPLATE.replace('"Name": "${NAME}"', '"${KEY}": "x"').replace('["${PORT}"]', '["80${PORT}"]');
		expect(findings(text)).toEqual([
			{ rule: 'placeholder-in-name', severity: 'error', message: 'a placeholder cannot stand in a member name: the DM account names its fields', ...at(text, '${KEY}') },
			{ rule: 'placeholder-not-whole', severity: 'error', message: '$.AppAddr[0].Port[0] takes a port number 0-65535 (Port/<X>/PortNbr): ${PORT} must be the whole value, found "80${PORT}"', placeholder: 'PORT', ...at(text, '${PORT}') }
		]);
	});

	it('JSON that does not parse, at the place JSON.parse names', () => {
		const text = '{\n  "ServerID": "x",\n  "Name": ${NAME}\n}\n';
		expect(findings(text)).toEqual([
			{ rule: 'not-well-formed', severity: 'error', message: 'not JSON: expected a JSON value, found "$" (a placeholder stands inside a JSON string: "${NAME}")', ...at(text, '${NAME}') }
		]);
	});

	it('a member given twice is refused as accountFromJson refuses it, an escaped spelling of the name too', () => {
		// JSON.parse would keep the last "Name" and drop ${FIRST} without a word; the account reader (read-account.ts,
		// a different code path, run here on the template's text) refuses such an account, and so does the template.
		for (const second of ['"Name"', '"N\\u0061me"']) {
			const text = JSON_TEMPLATE.replace('"Name": "${NAME}"', `"Name": "\${FIRST}",\n\t${second}: "\${NAME}"`);
			let reader: DmError | undefined;
			try {
				accountFromJson(text);
			} catch (error) {
				if (error instanceof DmError) reader = error;
			}
			if (reader === undefined || reader.location === undefined || !('line' in reader.location)) throw new Error('accountFromJson accepted a member given twice');
			expect(reader.reason).toBe('$.Name is given twice (the first at line 4)');
			expect(findings(text)).toEqual([{ rule: 'bad-account', severity: 'error', message: reader.reason, line: reader.location.line, column: reader.location.column }]);
			// The second member, found by the test: the first is the template's own `"Name"` on line 4.
			expect(at(text, second, second === '"Name"' ? 2 : 1)).toEqual({ line: reader.location.line, column: reader.location.column });
		}
	});

	it('an account the reader refuses with the placeholders in place', () => {
		const text = '{ "ServerID": "${SERVER}", "AppAddr": [] }';
		expect(findings(text)).toEqual([{ rule: 'bad-account', severity: 'error', message: 'AppAddr is empty, at least one is required', ...at(text, '"AppAddr"') }]);
	});
});
