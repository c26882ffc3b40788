import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { accountFromJson, accountFromXml, DmError, type DmAccount } from '../../../src/lib/documents/dm';

const fixture = (name: string): string => readFileSync(new URL(`../../fixtures/dm/${name}`, import.meta.url), 'utf8');

function dmError(read: () => unknown): DmError {
	try {
		read();
	} catch (error) {
		if (error instanceof DmError) return error;
		throw error;
	}
	throw new Error('no DmError');
}

/** The account with secrets replaced by their revealed text, to compare two readings. */
function plain(account: DmAccount): unknown {
	return {
		...account,
		appAuth: account.appAuth.map((auth) => ({ ...auth, secret: auth.secret?.revealText(), data: auth.data && [...auth.data] }))
	};
}

describe('DMAcc account from JSON and XML (StdObj §7.1.3.1 names)', () => {
	test('reads the JSON fixture into the model', () => {
		const account = accountFromJson(fixture('account.json'));
		expect(plain(account)).toEqual({
			nodeName: 'acme',
			serverId: 'dm.acme.example',
			name: 'ACME DM',
			toConRef: [],
			appAddr: [{ addr: 'https://dm.acme.example/dm', addrType: 'URI', ports: ['443'] }],
			aAuthPref: 'DIGEST',
			appAuth: [
				// "nonce1" = 6E 6F 6E 63 65 31
				{ level: 'CLCRED', type: 'DIGEST', name: 'IMEI:490154203237518', secret: 'cl1ent-s3cret', data: [0x6e, 0x6f, 0x6e, 0x63, 0x65, 0x31] },
				{ level: 'SRVCRED', type: 'DIGEST', name: 'dm.acme.example', secret: 's3rver-s3cret', data: [0x6e, 0x6f, 0x6e, 0x63, 0x65, 0x32] }
			]
		});
	});

	test('the XML fixture reads to the same account', () => {
		expect(plain(accountFromXml(fixture('account.xml')))).toEqual(plain(accountFromJson(fixture('account.json'))));
	});

	test('secrets are Secrets: JSON of the account shows them redacted', () => {
		const text = JSON.stringify(accountFromJson(fixture('account.json')));
		expect(text).not.toContain('s3cret');
		expect(text).toContain('"secret":"AAuthSecret ****"');
	});

	test('AddrType defaults to URI, a port may be a JSON number, ToConRef is a list', () => {
		const account = accountFromJson(
			JSON.stringify({ ServerID: 's', ToConRef: ['NAP1'], AppAddr: [{ Addr: '10.0.0.1', Port: [8080] }], AppAuth: [{ AAuthLevel: 'OBEX', AAuthType: 'BASIC' }] })
		);
		expect(account.appAddr).toEqual([{ addr: '10.0.0.1', addrType: 'URI', ports: ['8080'] }]);
		expect(account.toConRef).toEqual(['NAP1']);
	});
});

describe('account errors name the JSON path or the XML line:column', () => {
	const json: [string, unknown, string][] = [
		['no ServerID', { AppAddr: [{ Addr: 'a' }], AppAuth: [{ AAuthLevel: 'CLCRED', AAuthType: 'BASIC' }] }, '$: ServerID is missing'],
		['empty AppAddr', { ServerID: 's', AppAddr: [], AppAuth: [] }, '$.AppAddr: AppAddr is empty, at least one is required'],
		[
			'bad AAuthLevel',
			{ ServerID: 's', AppAddr: [{ Addr: 'a' }], AppAuth: [{ AAuthLevel: 'APPSRV', AAuthType: 'BASIC' }] },
			'$.AppAuth[0].AAuthLevel: AAuthLevel "APPSRV" is not one of CLCRED, SRVCRED, OBEX, HTTP'
		],
		['port out of range', { ServerID: 's', AppAddr: [{ Addr: 'a', Port: ['443', '70000'] }], AppAuth: [] }, '$.AppAddr[0].Port[1]: expected a port number 0-65535, found "70000"'],
		['unknown member', { ServerID: 's', Server: 'x' }, '$.Server: unknown member Server, expected one of NodeName, ServerID, Name, PrefConRef, ToConRef, AppAddr, AAuthPref, AppAuth'],
		[
			'AAuthData not base64',
			{ ServerID: 's', AppAddr: [{ Addr: 'a' }], AppAuth: [{ AAuthLevel: 'CLCRED', AAuthType: 'BASIC', AAuthData: 'no!' }] },
			'$.AppAuth[0].AAuthData: AAuthData is base64 bytes: "!" at position 3 is not a base64 character'
		],
		['NodeName with a slash', { NodeName: 'a/b', ServerID: 's', AppAddr: [{ Addr: 'a' }], AppAuth: [{ AAuthLevel: 'CLCRED', AAuthType: 'B' }] }, '$.NodeName: NodeName "a/b" is not a URI segment']
	];
	for (const [what, value, message] of json) {
		test(`JSON: ${what}`, () => {
			const error = dmError(() => accountFromJson(JSON.stringify(value)));
			expect(error.code).toBe('bad-account');
			expect(error.message).toBe(message);
		});
	}

	test('JSON: not JSON at all', () => {
		expect(dmError(() => accountFromJson('{')).code).toBe('not-json');
	});

	test('JSON: says where the text stops being JSON (JSON.parse names no place)', () => {
		// `{"ServerID":` is 12 characters: the value is missing at column 13, the end of the text.
		const error = dmError(() => accountFromJson('{"ServerID":'));
		expect([error.code, error.message]).toEqual(['not-json', 'line 1, column 13: not JSON: expected a JSON value before the end of the text']);
	});

	test('JSON: refuses a member given twice, at the second (JSON.parse would keep the last AAuthSecret silently)', () => {
		// Line 3 is ` "AAuthSecret":"two"}]}`: the second name's opening quote is column 2.
		const text = '{"ServerID":"s","AppAddr":[{"Addr":"a"}],\n "AppAuth":[{"AAuthLevel":"CLCRED","AAuthType":"DIGEST","AAuthSecret":"one",\n "AAuthSecret":"two"}]}';
		const error = dmError(() => accountFromJson(text));
		expect([error.code, error.location, error.reason]).toEqual(['bad-account', { line: 3, column: 2 }, '$.AppAuth[0].AAuthSecret is given twice (the first at line 2)']);
		// The same name in two list members is no duplicate.
		const two = accountFromJson('{"ServerID":"s","AppAddr":[{"Addr":"a"},{"Addr":"b"}]}');
		expect(two.appAddr.map((a) => a.addr)).toEqual(['a', 'b']);
	});

	test('XML: a bad AAuthLevel is reported at its element', () => {
		const text = '<DMAcc>\n  <ServerID>s</ServerID>\n  <AppAddr><Addr>a</Addr></AppAddr>\n  <AppAuth><AAuthLevel>APPSRV</AAuthLevel><AAuthType>B</AAuthType></AppAuth>\n</DMAcc>';
		const error = dmError(() => accountFromXml(text));
		// Line 4, the <AAuthLevel> start tag follows "  <AppAuth>" (11 characters) → column 12.
		expect(error.location).toEqual({ line: 4, column: 12 });
		expect(error.message).toBe('line 4, column 12: AAuthLevel "APPSRV" is not one of CLCRED, SRVCRED, OBEX, HTTP');
	});

	test('XML: a missing member is reported at its parent element', () => {
		const error = dmError(() => accountFromXml('<DMAcc>\n<ServerID>s</ServerID>\n<AppAddr>\n<AddrType>URI</AddrType></AppAddr><AppAuth/></DMAcc>'));
		expect(error.message).toBe('line 3, column 1: Addr is missing');
	});

	test('XML: an unknown element and a wrong root', () => {
		expect(dmError(() => accountFromXml('<DMAcc><Server>x</Server></DMAcc>')).message).toBe(
			'line 1, column 8: unknown member Server, expected one of NodeName, ServerID, Name, PrefConRef, ToConRef, AppAddr, AAuthPref, AppAuth'
		);
		expect(dmError(() => accountFromXml('<Account/>')).message).toBe('line 1, column 1: root element is <Account>, expected <DMAcc>');
		// Names of Object.prototype members are members like any other (issue 8 §2): unknown, not "appears twice",
		// and <__proto__> does not replace the object's prototype.
		for (const name of ['constructor', '__proto__', 'toString']) {
			expect(dmError(() => accountFromXml(`<DMAcc><${name}>x</${name}></DMAcc>`)).message).toBe(
				`line 1, column 8: unknown member ${name}, expected one of NodeName, ServerID, Name, PrefConRef, ToConRef, AppAddr, AAuthPref, AppAuth`
			);
		}
		expect(dmError(() => accountFromXml('<DMAcc>')).code).toBe('not-well-formed');
	});
});

describe('an AAuthLevel in the wrong case is named with the right one (issue 8 §9)', () => {
	test('"clcred" → CLCRED', () => {
		const text = JSON.stringify({ ServerID: 's', AppAddr: [{ Addr: 'a' }], AppAuth: [{ AAuthLevel: 'clcred', AAuthType: 'DIGEST' }] });
		expect(dmError(() => accountFromJson(text)).message).toBe(
			'$.AppAuth[0].AAuthLevel: AAuthLevel "clcred" is not one of CLCRED, SRVCRED, OBEX, HTTP; values are case-sensitive: did you mean CLCRED?'
		);
	});
});
