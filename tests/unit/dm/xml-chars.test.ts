// Issue 8 §4: account values XML 1.0 cannot carry are refused where they are read, with their JSON path, naming the
// character and never quoting the value; whatever is accepted renders to XML that parses (ours, and xmllint when
// installed) and to WBXML.
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { encodeWbxml, PROV, SYNCML12 } from '../../../src/lib/codec/wbxml';
import { parseXml, serializeXml } from '../../../src/lib/codec/xml';
import { accountFromJson, accountToProvDoc, bootstrapMessage, DmError } from '../../../src/lib/documents/dm';
import { provDocToXml } from '../../../src/lib/documents/provcont';

function dmError(read: () => unknown): DmError {
	try {
		read();
	} catch (error) {
		if (error instanceof DmError) return error;
		throw error;
	}
	throw new Error('no DmError');
}

const account = (auth: Record<string, string>, extra: Record<string, unknown> = {}): string =>
	JSON.stringify({ ServerID: 'dm.example.com', AppAddr: [{ Addr: 'https://dm.example.com/dm' }], AppAuth: [{ AAuthLevel: 'CLCRED', AAuthType: 'DIGEST', ...auth }], ...extra });

describe('values XML 1.0 cannot carry (§2.2 Char) are refused at their JSON path', () => {
	test('U+0001 in AAuthSecret: character 5 named, the secret never quoted', () => {
		const e = dmError(() => accountFromJson(account({ AAuthSecret: 'abcd\u0001efgh' })));
		expect(e.message).toBe('$.AppAuth[0].AAuthSecret: character 5 is U+0001, which XML 1.0 cannot carry');
		expect(e.message).not.toContain('abcd');
	});

	test('NUL, a lone surrogate, U+FFFE and U+FFFF, in any member, counted in characters (a pair is one)', () => {
		const cases: [string, string][] = [
			[account({}, { Name: 'a\u0000' }), '$.Name: character 2 is U+0000, which XML 1.0 cannot carry'],
			[account({}, { Name: 'x\uD800y' }), '$.Name: character 2 is a lone surrogate U+D800, which XML 1.0 cannot carry'],
			// 😀 is one character (a surrogate pair), so the low surrogate alone after it is character 2
			[account({}, { ToConRef: ['\u{1F600}\uDC00'] }), '$.ToConRef[0]: character 2 is a lone surrogate U+DC00, which XML 1.0 cannot carry'],
			[account({ AAuthName: 'n\uFFFE' }), '$.AppAuth[0].AAuthName: character 2 is U+FFFE, which XML 1.0 cannot carry'],
			[JSON.stringify({ ServerID: 'dm', AppAddr: [{ Addr: '\uFFFF' }] }), '$.AppAddr[0].Addr: character 1 is U+FFFF, which XML 1.0 cannot carry']
		];
		for (const [text, message] of cases) expect(dmError(() => accountFromJson(text)).message).toBe(message);
	});

	test('tab, LF and CR are XML characters and are taken', () => {
		expect(accountFromJson(account({}, { Name: 'a\tb\nc\rd' })).name).toBe('a\tb\nc\rd');
	});

	test('the header values of a bootstrap message are checked too, named and not quoted', () => {
		const parsed = accountFromJson(account({}));
		expect(dmError(() => bootstrapMessage(parsed, { deviceId: 'IMEI:\u0007' })).message).toBe(
			'the device id (SyncHdr Target): character 6 is U+0007, which XML 1.0 cannot carry'
		);
	});
});

describe('an account node name longer than a URI segment may be (DevDetail/URI/MaxSegLen 64)', () => {
	test('from ServerID, and as NodeName', () => {
		const server = `dm.${'x'.repeat(62)}`; // 65 characters, all URI-safe
		expect(dmError(() => accountFromJson(JSON.stringify({ ServerID: server, AppAddr: [{ Addr: 'a' }] }))).message).toBe(
			'$.ServerID: the account node name made from ServerID is 65 characters long; a URI segment has at most 64 (DevDetail/URI/MaxSegLen, StdObj §7.1.3.3): give a shorter NodeName'
		);
		expect(dmError(() => accountFromJson(JSON.stringify({ NodeName: 'n'.repeat(65), ServerID: server, AppAddr: [{ Addr: 'a' }] }))).message).toBe(
			'$.NodeName: NodeName is 65 characters long; a URI segment has at most 64 (DevDetail/URI/MaxSegLen, StdObj §7.1.3.3)'
		);
	});
});

const XMLLINT = spawnSync('xmllint', ['--version']).status === 0;

describe('whatever account is accepted renders to well-formed XML and to WBXML (property)', () => {
	test('arbitrary strings (C0 controls, surrogates, U+FFFE/FFFF among them) in every member', () => {
		const text = fc.oneof(
			fc.string({ unit: 'binary', maxLength: 12 }),
			fc.string({ unit: fc.constantFrom('a', '<', '&', '"', '\u0000', '\u0001', '\t', '\uD800', '\uDC00', '\uFFFE', '\u00E9'), maxLength: 8 })
		);
		const accountText = fc
			.record({ ServerID: text, Name: text, Addr: text, AAuthName: text, AAuthSecret: text, ToConRef: text })
			.map((v) =>
				JSON.stringify({
					ServerID: `s${v.ServerID}`,
					Name: v.Name,
					ToConRef: [`t${v.ToConRef}`],
					AppAddr: [{ Addr: `a${v.Addr}` }],
					AppAuth: [{ AAuthLevel: 'CLCRED', AAuthType: 'DIGEST', AAuthName: v.AAuthName, AAuthSecret: v.AAuthSecret }]
				})
			);
		let rendered = 0;
		const samples: string[] = [];
		fc.assert(
			fc.property(accountText, (json) => {
				let parsed;
				try {
					parsed = accountFromJson(json);
				} catch (error) {
					if (error instanceof DmError) return;
					throw error;
				}
				const syncml = bootstrapMessage(parsed, { deviceId: 'IMEI:490154203237518' });
				const cp = provDocToXml(accountToProvDoc(parsed));
				for (const document of [syncml, cp]) {
					const xml = serializeXml(document);
					parseXml(xml);
					if (samples.length < 40) samples.push(xml);
				}
				encodeWbxml(syncml, SYNCML12);
				encodeWbxml(cp, PROV);
				rendered++;
			}),
			{ numRuns: 400 }
		);
		expect(rendered).toBeGreaterThan(0);
		if (XMLLINT) {
			for (const xml of samples) expect(spawnSync('xmllint', ['--noout', '-'], { input: xml }).status).toBe(0);
		}
	});
});
