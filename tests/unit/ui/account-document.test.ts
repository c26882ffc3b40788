import { describe, expect, it } from 'vitest';
import { toHex } from '../../../src/lib/codec/hex';
import { DEVICE_ID_PROBLEM, renderAccountDocument } from '../../../src/lib/ui/dm/account-document';

// A DM account document as the DM page edits it (DMAcc XML, the names of StdObj §7.1.3.1 as accountFromXml reads
// them). Expected texts: the w7 mapping of client-provisioning.md §6 (ServerID → PROVIDER-ID, CLCRED → APPSRV,
// SRVCRED → CLIENT), the DMAcc node names of syncml-dm.md §5, the page-1 tokens of client-provisioning.md §3, and
// the reader's messages as documented in src/lib/documents/dm/read-account.ts, worked out per input below.

const SECRET = 'Pa55-w0rd!xyz';
const SERVER_ID = 'dm.operator.example';
const DEVICE = 'IMEI:490154203237518';

interface Parts {
	serverId?: string;
	addr?: string;
	addrType?: string;
	port?: string;
	auth?: string;
}

function account(parts: Parts = {}): string {
	const addrType = parts.addrType === undefined ? '    <AddrType>URI</AddrType>\n' : parts.addrType === '' ? '' : `    <AddrType>${parts.addrType}</AddrType>\n`;
	const port = parts.port === undefined ? '    <Port>443</Port>\n' : parts.port === '' ? '' : `    <Port>${parts.port}</Port>\n`;
	const auth =
		parts.auth ??
		`  <AppAuth>
    <AAuthLevel>CLCRED</AAuthLevel>
    <AAuthType>DIGEST</AAuthType>
    <AAuthName>IMEI:490154203237518</AAuthName>
    <AAuthSecret>${SECRET}</AAuthSecret>
    <AAuthData>AQID</AAuthData>
  </AppAuth>
`;
	return `<DMAcc>
  <ServerID>${parts.serverId ?? SERVER_ID}</ServerID>
  <Name>Operator DM</Name>
  <AppAddr>
    <Addr>${parts.addr ?? 'https://dm.operator.example/dm'}</Addr>
${addrType}${port}  </AppAddr>
  <AAuthPref>DIGEST</AAuthPref>
${auth}</DMAcc>
`;
}

const ascii = (s: string): string => toHex(new TextEncoder().encode(s));

describe('DM account document → CP APPLICATION w7 and SyncML DM bootstrap', () => {
	const r = renderAccountDocument(account(), DEVICE);

	it('renders both forms without a finding', () => {
		expect(r.findings).toEqual([]);
		expect(r.cpProblem).toBeUndefined();
		expect(r.syncmlProblem).toBeUndefined();
	});
	it('puts the ServerID into the CP XML as PROVIDER-ID (client-provisioning.md §6)', () => {
		expect(r.cp?.xml).toContain('<parm name="APPID" value="w7"/>');
		expect(r.cp?.xml).toContain(`<parm name="PROVIDER-ID" value="${SERVER_ID}"/>`);
	});
	it('puts the ServerID into the CP WBXML as PROVIDER-ID (page 1 token 0x38, value= 0x06, STR_I)', () => {
		// 87 = parm with attributes, 38 = name=PROVIDER-ID, 06 = value=, 03 … 00 = inline string, 01 = END.
		expect(toHex(r.cp!.wbxml)).toContain(`87380603${ascii(SERVER_ID)}0001`);
	});
	it('maps the client credential to AAUTHLEVEL APPSRV with its name, secret and data', () => {
		expect(r.cp?.xml).toContain(
			[
				'<characteristic type="APPAUTH">',
				'      <parm name="AAUTHLEVEL" value="APPSRV"/>',
				'      <parm name="AAUTHTYPE" value="DIGEST"/>',
				'      <parm name="AAUTHNAME" value="IMEI:490154203237518"/>',
				`      <parm name="AAUTHSECRET" value="${SECRET}"/>`,
				'      <parm name="AAUTHDATA" value="AQID"/>',
				'    </characteristic>'
			].join('\n')
		);
	});
	it('puts the ServerID into the SyncML message as the DMAcc node name and the ServerID leaf (syncml-dm.md §5)', () => {
		expect(r.syncml?.xml).toContain(`<LocURI>./DMAcc/${SERVER_ID}/ServerID</LocURI>`);
		expect(r.syncml?.xml).toContain(`<Data>${SERVER_ID}</Data>`);
		expect(toHex(r.syncml!.wbxml)).toContain(ascii(SERVER_ID));
	});
	it('addresses the SyncML message to the device id and comes from the server address', () => {
		expect(r.syncml?.xml).toContain('<Target>\n      <LocURI>IMEI:490154203237518</LocURI>\n    </Target>');
		expect(r.syncml?.xml).toContain('<Source>\n      <LocURI>https://dm.operator.example/dm</LocURI>\n    </Source>');
	});
	it('maps a server credential to AAUTHLEVEL CLIENT', () => {
		const s = renderAccountDocument(
			account({ auth: `  <AppAuth>\n    <AAuthLevel>SRVCRED</AAuthLevel>\n    <AAuthType>HMAC</AAuthType>\n    <AAuthName>${SERVER_ID}</AAuthName>\n  </AppAuth>\n` }),
			DEVICE
		);
		expect(s.findings).toEqual([]);
		expect(s.cp?.xml).toContain('<parm name="AAUTHLEVEL" value="CLIENT"/>\n      <parm name="AAUTHTYPE" value="HMAC"/>');
		expect(s.cp?.xml).not.toContain('APPSRV');
		expect(s.syncml?.xml).toContain(`./DMAcc/${SERVER_ID}/AppAuth/SRVCRED/AAuthLevel`);
		expect(s.syncml?.xml).not.toContain('CLCRED');
	});
	it('leaves PORT out when the account has no Port', () => {
		const none = renderAccountDocument(account({ port: '' }), DEVICE);
		expect(none.findings).toEqual([]);
		expect(none.cp?.xml).not.toContain('PORT');
		expect(renderAccountDocument(account({ port: '8080' }), DEVICE).cp?.xml).toContain('<parm name="PORTNBR" value="8080"/>');
	});
	it('gives AddrType the account default (URI) when the account has none', () => {
		const rendered = renderAccountDocument(account({ addrType: '' }), DEVICE);
		expect(rendered.findings).toEqual([]);
		// The reader's default is URI (DM StdObj AppAddr/<X>/AddrType, syncml-dm.md §5): neither rendering may carry "".
		expect(rendered.cp?.xml).toContain('<parm name="ADDRTYPE" value="URI"/>');
		expect(rendered.syncml?.xml).not.toMatch(/AddrType<\/LocURI>[\s\S]*?<Data><\/Data>/);
	});
});

describe('DM account document: the reader\'s problem is one finding at its line and column', () => {
	it('an empty ServerID (line 2, the element\'s text)', () => {
		const r = renderAccountDocument(account({ serverId: '' }), DEVICE);
		expect(r.findings.map((f) => [f.severity, f.message])).toEqual([['error', 'expected a non-empty string, found ""']]);
		expect(r.findings[0].line).toBe(2);
		expect(r.cp).toBeUndefined();
		expect(r.syncml).toBeUndefined();
	});
	it('a port that is not a number, and one above 65535 (StdObj §7.1.3.1.15), on the Port line (7)', () => {
		for (const port of ['https', '65536']) {
			const r = renderAccountDocument(account({ port }), DEVICE);
			expect(r.findings.map((f) => [f.line, f.message])).toEqual([[7, `expected a port number 0-65535, found "${port}"`]]);
		}
		expect(renderAccountDocument(account({ port: '65535' }), DEVICE).findings).toEqual([]);
	});
	it('bad base64 in AAuthData, on its line (14: DMAcc, ServerID, Name, 5 AppAddr lines, AAuthPref, AppAuth, 3 leaves before it)', () => {
		const r = renderAccountDocument(account({ auth: `  <AppAuth>\n    <AAuthLevel>SRVCRED</AAuthLevel>\n    <AAuthType>DIGEST</AAuthType>\n    <AAuthName>srv</AAuthName>\n    <AAuthData>AQ!D</AAuthData>\n  </AppAuth>\n` }), DEVICE);
		// "AQ!D": 4 characters (not 4k+1), the third one is not in the base64 alphabet.
		expect(r.findings.map((f) => [f.line, f.message])).toEqual([[14, 'AAuthData is base64 bytes: "!" at position 3 is not a base64 character']]);
	});
	it('an empty device id keeps the CP rendering and asks for the device id for the SyncML one', () => {
		const r = renderAccountDocument(account(), '   ');
		expect(r.findings).toEqual([]);
		expect(r.syncmlProblem).toBe(DEVICE_ID_PROBLEM);
		expect(r.cp?.xml).toContain(`<parm name="PROVIDER-ID" value="${SERVER_ID}"/>`);
		expect(r.syncml).toBeUndefined();
	});
	it('never shows the secret in a finding, whichever part is wrong', () => {
		for (const text of [account({ serverId: '' }), account({ addr: '' }), account({ port: 'abc' }), account().replace('<AAuthData>AQID', '<AAuthData>#')]) {
			const r = renderAccountDocument(text, DEVICE);
			expect(r.findings.length).toBeGreaterThan(0);
			for (const f of r.findings) expect(f.message).not.toContain(SECRET);
		}
	});
});
