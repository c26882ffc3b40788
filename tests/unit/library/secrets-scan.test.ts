import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { CHARACTERISTICS } from '../../../src/lib/documents/provcont';
import { SECRET_PLACEHOLDER, secretFieldsOf } from '../../../src/lib/library';
import { CP_SECRET_PARMS, DM_SECRET_NAMES } from '../../../src/lib/library/secrets/names';
import { keepOut } from '../../../src/lib/library/secrets/rule';
import { findSecretSpans, replaceSpans } from '../../../src/lib/library/secrets/scan';
import { parseDmTree } from '../../../src/lib/documents/ddf';

const dmFixture = (name: string): string => readFileSync(new URL(`../../fixtures/dm/${name}`, import.meta.url), 'utf8');

/** Each secret as [name, path, raw value]. */
function secrets(text: string): [string, string, string][] {
	return findSecretSpans(text).map((s) => [s.name, s.path, text.slice(s.start, s.end)]);
}

describe('which values are secrets (the CP schema and the DM model say)', () => {
	test('the CP schema marks the passwords and shared secrets of ProvCont §5 secret, and nothing else', () => {
		const marked = Object.entries(CHARACTERISTICS).flatMap(([type, spec]) =>
			Object.entries(spec.parms)
				.filter(([, parm]) => parm.secret === true)
				.map(([name]) => `${type}/${name}`)
		);
		expect(marked).toEqual(['PXLOGICAL/PROXY-PW', 'PXLOGICAL/BASAUTH-PW', 'PXAUTHINFO/PXAUTH-PW', 'NAPAUTHINFO/AUTHSECRET', 'APPAUTH/AAUTHSECRET', 'RESOURCE/AAUTHSECRET']);
		expect([...CP_SECRET_PARMS].sort()).toEqual(['AAUTHSECRET', 'AUTHSECRET', 'BASAUTH-PW', 'PROXY-PW', 'PXAUTH-PW']);
	});

	test('DM accounts and trees: AAuthSecret, and the DM 1.1 ServerPW and ClientPW leaves', () => {
		expect([...DM_SECRET_NAMES].sort()).toEqual(['AAUTHSECRET', 'CLIENTPW', 'SERVERPW']);
	});
});

describe('finding secret values in CP XML', () => {
	const doc = [
		'<wap-provisioningdoc version="1.1">',
		'  <characteristic type="PXLOGICAL">',
		'    <parm name="PROXY-ID" value="PX1"/>',
		'    <parm name="PROXY-PW" value="px-pw"/>',
		'    <parm name="BASAUTH-PW" value="bas-pw"/>',
		'    <characteristic type="PXAUTHINFO">',
		'      <parm name="PXAUTH-ID" value="u"/>',
		'      <parm name="PXAUTH-PW" value="pxauth-pw"/>',
		'    </characteristic>',
		'  </characteristic>',
		'  <characteristic type="APPLICATION">',
		'    <characteristic type="APPAUTH"><parm name="AAUTHSECRET" value="app-1"/></characteristic>',
		'    <characteristic type="APPAUTH"><parm name="AAUTHSECRET" value="app-2"/></characteristic>',
		'    <characteristic type="RESOURCE"><parm name="AAUTHSECRET" value="res-1"/></characteristic>',
		'  </characteristic>',
		'</wap-provisioningdoc>'
	].join('\n');

	test('every secret parm, with its characteristic path (siblings of one type numbered)', () => {
		expect(secrets(doc)).toEqual([
			['PROXY-PW', 'PXLOGICAL[1]/PROXY-PW', 'px-pw'],
			['BASAUTH-PW', 'PXLOGICAL[1]/BASAUTH-PW', 'bas-pw'],
			['PXAUTH-PW', 'PXLOGICAL[1]/PXAUTHINFO[1]/PXAUTH-PW', 'pxauth-pw'],
			['AAUTHSECRET', 'APPLICATION[1]/APPAUTH[1]/AAUTHSECRET', 'app-1'],
			['AAUTHSECRET', 'APPLICATION[1]/APPAUTH[2]/AAUTHSECRET', 'app-2'],
			['AAUTHSECRET', 'APPLICATION[1]/RESOURCE[1]/AAUTHSECRET', 'res-1']
		]);
	});

	test('the fields give line and column of each value (1-based)', () => {
		// Line 4: 4 spaces + `<parm name="PROXY-PW" value="` (29 characters) → the value starts in column 34.
		expect(secretFieldsOf(doc).values[0]).toEqual({ name: 'PROXY-PW', path: 'PXLOGICAL[1]/PROXY-PW', line: 4, column: 34 });
		expect(secretFieldsOf(doc).missing).toEqual([]);
	});

	test('attributes in any order and quote, spaces around "=", a lower-case parm name', () => {
		const text = `<characteristic type="NAPDEF"><characteristic type='NAPAUTHINFO'>\n<parm value = 'a"b' name="authsecret" /></characteristic></characteristic>`;
		expect(secrets(text)).toEqual([['authsecret', 'NAPDEF[1]/NAPAUTHINFO[1]/authsecret', 'a"b']]);
	});

	test('a parm name the parser reads as a secret is one: spelt with a character reference, or with a letter whose upper case is the name\'s', () => {
		// parseXml reads AUTH&#83;ECRET as AUTHSECRET, and the encoder writes its value: it must not be stored in clear.
		const referenced = '<characteristic type="NAPAUTHINFO"><parm name="AUTH&#83;ECRET" value="pw1"/><parm name="AUTH&#x53;ECRET" value="pw2"/></characteristic>';
		expect(secrets(referenced)).toEqual([
			['AUTH&#83;ECRET', 'NAPAUTHINFO[1]/AUTH&#83;ECRET', 'pw1'],
			['AUTH&#x53;ECRET', 'NAPAUTHINFO[1]/AUTH&#x53;ECRET', 'pw2']
		]);
		// U+017F LATIN SMALL LETTER LONG S upper-cases to S: "authſecret".toUpperCase() is AUTHSECRET, as the scan compares.
		const longS = '<characteristic type="NAPAUTHINFO"><parm name="auth\u017fecret" value="pw3"/></characteristic>';
		expect(secrets(longS)).toEqual([['auth\u017fecret', 'NAPAUTHINFO[1]/auth\u017fecret', 'pw3']]);
	});

	test('the names are found as toUpperCase reads them: no character but ı and ſ turns into a letter of a name, none into a run of one', () => {
		// The scan is skipped for a text in which no secret's name is found with each letter in either case, ı for I
		// or ſ for S (scan.ts). That is sound only if toUpperCase maps nothing else to those letters: checked over
		// every code point, against every name.
		const names = [...CP_SECRET_PARMS, ...DM_SECRET_NAMES];
		const strays: string[] = [];
		for (let cp = 0; cp <= 0x10ffff; cp++) {
			if (cp >= 0xd800 && cp <= 0xdfff) continue;
			const c = String.fromCodePoint(cp);
			if (/[A-Za-z]/.test(c)) continue;
			const upper = c.toUpperCase();
			if (upper === c) continue;
			if (upper.length === 1 ? /[A-Z]/.test(upper) : names.some((name) => name.includes(upper))) strays.push(`U+${cp.toString(16).toUpperCase()} → ${upper}`);
		}
		expect(strays).toEqual(['U+131 → I', 'U+17F → S']);
	});

	test('a text that names no secret anywhere has none (the scan stops at the names), and one name makes it scan', () => {
		const plain = '<wap-provisioningdoc><characteristic type="NAPDEF"><parm name="NAME" value="AUTH SECRET"/></characteristic></wap-provisioningdoc>';
		expect(secrets(plain)).toEqual([]);
		expect(secrets(plain.replace('"NAME"', '"PROXY-PW"'))).toEqual([['PROXY-PW', 'NAPDEF[1]/PROXY-PW', 'AUTH SECRET']]);
	});

	test('a value still being typed (no closing quote) runs to the end of its line, and only that is replaced', () => {
		const text = '<characteristic type="APPAUTH">\n<parm name="AAUTHSECRET" value="half-typ\n<parm name="AAUTHNAME" value="me"/>';
		expect(secrets(text)).toEqual([['AAUTHSECRET', 'APPAUTH[1]/AAUTHSECRET', 'half-typ']]);
		expect(keepOut(text).text).toBe('<characteristic type="APPAUTH">\n<parm name="AAUTHSECRET" value="[secret not stored]\n<parm name="AAUTHNAME" value="me"/>');
	});

	test('a secret parm commented out is still a secret', () => {
		const text = '<wap-provisioningdoc>\n<!-- <parm name="AUTHSECRET" value="old-one"/> -->\n</wap-provisioningdoc>';
		expect(secrets(text)).toEqual([['AUTHSECRET', 'comment/AUTHSECRET', 'old-one']]);
	});

	test('empty values and non-secret parms are left alone', () => {
		const text = '<characteristic type="NAPAUTHINFO"><parm name="AUTHSECRET" value=""/><parm name="AUTHNAME" value="x"/></characteristic>';
		expect(secrets(text)).toEqual([]);
		expect(keepOut(text).text).toBe(text);
	});

	test('keep-out replaces each value with the placeholder and lists the fields', () => {
		const text = '<characteristic type="APPAUTH"><parm name="AAUTHSECRET" value="s3cr&amp;t"/></characteristic>';
		expect(keepOut(text)).toEqual({
			text: `<characteristic type="APPAUTH"><parm name="AAUTHSECRET" value="${SECRET_PLACEHOLDER}"/></characteristic>`,
			keptOut: [{ name: 'AAUTHSECRET', path: 'APPAUTH[1]/AAUTHSECRET', line: 1, column: 64 }]
		});
	});

	test('a placeholder already in the text is a field to enter again, not a value', () => {
		const text = `<characteristic type="APPAUTH"><parm name="AAUTHSECRET" value="${SECRET_PLACEHOLDER}"/></characteristic>`;
		expect(secretFieldsOf(text)).toEqual({ values: [], missing: [{ name: 'AAUTHSECRET', path: 'APPAUTH[1]/AAUTHSECRET', line: 1, column: 64 }] });
		expect(keepOut(text)).toEqual({ text, keptOut: [] });
	});
});

describe('finding secret values in DM accounts and trees', () => {
	test('DM account XML (tests/fixtures/dm/account.xml): both AAuthSecret elements', () => {
		const text = dmFixture('account.xml');
		expect(secrets(text)).toEqual([
			['AAuthSecret', 'AppAuth[1]/AAuthSecret', 'cl1ent-s3cret'],
			['AAuthSecret', 'AppAuth[2]/AAuthSecret', 's3rver-s3cret']
		]);
		// Lines 15 and 22: two tabs + `<AAuthSecret>` (13 characters) → column 16.
		expect(secretFieldsOf(text).values.map((f) => [f.line, f.column])).toEqual([
			[15, 16],
			[22, 16]
		]);
	});

	test('DM account JSON (tests/fixtures/dm/account.json): the whole string token is the span', () => {
		const text = dmFixture('account.json');
		expect(secrets(text)).toEqual([
			['AAuthSecret', '$.AppAuth[0].AAuthSecret', '"cl1ent-s3cret"'],
			['AAuthSecret', '$.AppAuth[1].AAuthSecret', '"s3rver-s3cret"']
		]);
		// Line 8: the quote of the value after `"AAuthSecret": ` is column 104; line 9 (SRVCRED, dm.acme.example): 100.
		expect(secretFieldsOf(text).values.map((f) => [f.line, f.column])).toEqual([
			[8, 104],
			[9, 100]
		]);
		expect(JSON.parse(keepOut(text).text).AppAuth.map((a: { AAuthSecret: string }) => a.AAuthSecret)).toEqual([SECRET_PLACEHOLDER, SECRET_PLACEHOLDER]);
	});

	test('a CDATA section inside AAuthSecret is taken whole', () => {
		const text = '<DMAcc><AppAuth><AAuthSecret><![CDATA[a<b]]></AAuthSecret></AppAuth></DMAcc>';
		expect(secrets(text)).toEqual([['AAuthSecret', 'AppAuth[1]/AAuthSecret', '<![CDATA[a<b]]>']]);
	});

	test('DM trees: leaves named AAuthSecret, ServerPW, ClientPW under any URI; a bare token is quoted when kept out', () => {
		const text = '{ "./DMAcc/x/AppAuth/CLCRED/AAuthSecret": "a1", "./SyncML/DMAcc/x/ClientPW": 1234, "./SyncML/DMAcc/x/ServerPW": null, "./SyncML/DMAcc/x/Name": "n" }';
		expect(secrets(text)).toEqual([
			['AAuthSecret', '$["./DMAcc/x/AppAuth/CLCRED/AAuthSecret"]', '"a1"'],
			['ClientPW', '$["./SyncML/DMAcc/x/ClientPW"]', '1234']
		]);
		expect(keepOut(text).text).toBe(
			'{ "./DMAcc/x/AppAuth/CLCRED/AAuthSecret": "[secret not stored]", "./SyncML/DMAcc/x/ClientPW": "[secret not stored]", "./SyncML/DMAcc/x/ServerPW": null, "./SyncML/DMAcc/x/Name": "n" }'
		);
	});

	test('a DM tree key with one trailing slash names the same leaf: its value is a secret', () => {
		// The tree reader drops one trailing '/' (ddf/uri.ts normaliseUri), so this key is the AAuthSecret node
		// itself: a value the scan missed would be a password stored in clear.
		const text = '{ "./DMAcc/x/AppAuth/1/AAuthSecret/": "hunter2" }';
		expect([...parseDmTree(text).keys()]).toContain('./DMAcc/x/AppAuth/1/AAuthSecret');
		expect(secrets(text)).toEqual([['AAuthSecret', '$["./DMAcc/x/AppAuth/1/AAuthSecret/"]', '"hunter2"']]);
		expect(keepOut(text).text).toBe('{ "./DMAcc/x/AppAuth/1/AAuthSecret/": "[secret not stored]" }');
	});

	test('a JSON text with a byte order mark before or after blank lines is scanned as JSON', () => {
		// JSON has no '<': scanned as XML, the value would be missed. BOM then newline is what an editor writes when
		// a blank first line is added to a file saved with a BOM.
		for (const text of ['\uFEFF\n{"AAuthSecret": "hunter2"}', ' \uFEFF {"AAuthSecret": "hunter2"}']) {
			expect(keepOut(text).text).toBe(text.replace('"hunter2"', '"[secret not stored]"'));
		}
	});

	test('an unterminated JSON string value ends at its line', () => {
		const text = '{\n "AppAuth": [{ "AAuthSecret": "typing\n }]\n}';
		expect(secrets(text)).toEqual([['AAuthSecret', '$.AppAuth[0].AAuthSecret', '"typing']]);
	});
});

describe('keep-out over any document (property)', () => {
	// Values an XML attribute can hold as typed: no quote of its kind, no '<', no '&' (an entity would do).
	const value = fc.string({ minLength: 1, maxLength: 12, unit: fc.constantFrom(...'abcXYZ019 -_./:!?#%*'.split('')) }).filter((v) => v.trim() !== '' && v !== SECRET_PLACEHOLDER);
	const secretName = fc.constantFrom(...CP_SECRET_PARMS);
	const otherName = fc.constantFrom('NAME', 'NAPID', 'AUTHNAME', 'PXAUTH-ID', 'ADDR');
	const parm = fc.record({ name: fc.oneof(secretName, otherName), value, single: fc.boolean(), valueFirst: fc.boolean() });
	const characteristic = fc.record({ type: fc.constantFrom('NAPDEF', 'APPAUTH', 'PXAUTHINFO', 'BOOTSTRAP'), parms: fc.array(parm, { maxLength: 5 }) });

	test('no secret value survives, the rest of the text is untouched, and putting the values back gives the text', () => {
		fc.assert(
			fc.property(fc.array(characteristic, { maxLength: 6 }), (characteristics) => {
				const lines = ['<wap-provisioningdoc>'];
				for (const c of characteristics) {
					lines.push(`<characteristic type="${c.type}">`);
					for (const p of c.parms) {
						const q = p.single ? "'" : '"';
						const v = p.single ? p.value.replace(/'/g, '') || 'x' : p.value;
						lines.push(p.valueFirst ? `<parm value=${q}${v}${q} name="${p.name}"/>` : `<parm name="${p.name}" value=${q}${v}${q}/>`);
					}
					lines.push('</characteristic>');
				}
				lines.push('</wap-provisioningdoc>');
				const text = lines.join('\n');
				const spans = findSecretSpans(text);
				const expected = characteristics.flatMap((c) => c.parms.filter((p) => CP_SECRET_PARMS.has(p.name)));
				expect(spans.map((s) => s.name)).toEqual(expected.map((p) => p.name));
				const stored = keepOut(text).text;
				// Every line without a secret parm is unchanged; a secret parm's line differs only in its value.
				const storedLines = stored.split('\n');
				expect(storedLines).toHaveLength(lines.length);
				let lineStart = 0;
				lines.forEach((line, i) => {
					const span = spans.find((s) => s.start >= lineStart && s.start <= lineStart + line.length);
					if (span === undefined) expect(storedLines[i]).toBe(line);
					else expect(storedLines[i]).toBe(line.slice(0, span.start - lineStart) + SECRET_PLACEHOLDER + line.slice(span.end - lineStart));
					lineStart += line.length + 1;
				});
				const back = replaceSpans(stored, findSecretSpans(stored), spans.map((s) => text.slice(s.start, s.end)));
				expect(back).toBe(text);
			}),
			{ numRuns: 300 }
		);
	});
});
