import { describe, expect, it } from 'vitest';
import { toHex } from '../../../src/lib/codec/hex';
import { emptyAccount, renderAccount, type AccountFields } from '../../../src/lib/ui/dm/account-form';

// Expected texts: the w7 mapping of client-provisioning.md §6 (ServerID → PROVIDER-ID, CLCRED → APPSRV,
// SRVCRED → CLIENT), the DMAcc node names of syncml-dm.md §5, the page-1 tokens of client-provisioning.md §3, and
// the reader's messages as documented in src/lib/documents/dm/read-account.ts, worked out per input below.

const SECRET = 'Pa55-w0rd!xyz';
const SERVER_ID = 'dm.operator.example';

function fields(change: (f: AccountFields) => void = () => {}): AccountFields {
	const f = emptyAccount();
	f.serverId = SERVER_ID;
	f.addr = 'https://dm.operator.example/dm';
	f.client = { type: 'DIGEST', name: 'IMEI:490154203237518', secret: SECRET, data: 'AQID' };
	change(f);
	return f;
}

const ascii = (s: string): string => toHex(new TextEncoder().encode(s));

describe('account form → CP APPLICATION w7 and SyncML DM bootstrap', () => {
	const r = renderAccount(fields());

	it('renders both forms without a problem', () => {
		expect(r.problems).toEqual({});
		expect(r.cpProblem).toBeUndefined();
		expect(r.syncmlProblem).toBeUndefined();
	});
	it('puts the entered ServerID into the CP XML as PROVIDER-ID (client-provisioning.md §6)', () => {
		expect(r.cp?.xml).toContain('<parm name="APPID" value="w7"/>');
		expect(r.cp?.xml).toContain(`<parm name="PROVIDER-ID" value="${SERVER_ID}"/>`);
	});
	it('puts the entered ServerID into the CP WBXML as PROVIDER-ID (page 1 token 0x38, value= 0x06, STR_I)', () => {
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
	it('maps a server-only credential to AAUTHLEVEL CLIENT and leaves an empty client credential out', () => {
		const s = renderAccount(
			fields((f) => {
				f.client = { type: 'DIGEST', name: '', secret: '', data: '' };
				f.server = { type: 'HMAC', name: SERVER_ID, secret: '', data: '' };
			})
		);
		expect(s.problems).toEqual({});
		expect(s.cp?.xml).toContain('<parm name="AAUTHLEVEL" value="CLIENT"/>\n      <parm name="AAUTHTYPE" value="HMAC"/>');
		expect(s.cp?.xml).not.toContain('APPSRV');
		expect(s.syncml?.xml).toContain(`./DMAcc/${SERVER_ID}/AppAuth/SRVCRED/AAuthLevel`);
		expect(s.syncml?.xml).not.toContain('CLCRED');
	});
	it('trims the port and leaves out PORT when the port field is blank', () => {
		const trimmed = renderAccount(fields((f) => (f.portNbr = ' 8080 ')));
		expect(trimmed.cp?.xml).toContain('<parm name="PORTNBR" value="8080"/>');
		const blank = renderAccount(fields((f) => (f.portNbr = '  ')));
		expect(blank.problems).toEqual({});
		expect(blank.cp?.xml).not.toContain('PORT');
	});
});

describe('account form: errors come back on the field they are about', () => {
	it('an empty ServerID', () => {
		expect(renderAccount(fields((f) => (f.serverId = '')))).toEqual({ problems: { serverId: 'expected a non-empty string, found ""' } });
	});
	it('an empty server address', () => {
		expect(renderAccount(fields((f) => (f.addr = '')))).toEqual({ problems: { addr: 'expected a non-empty string, found ""' } });
	});
	it('a port that is not a number, and one above 65535 (StdObj §7.1.3.1.15)', () => {
		expect(renderAccount(fields((f) => (f.portNbr = 'https')))).toEqual({ problems: { portNbr: 'expected a port number 0-65535, found "https"' } });
		expect(renderAccount(fields((f) => (f.portNbr = '65536')))).toEqual({ problems: { portNbr: 'expected a port number 0-65535, found "65536"' } });
		expect(renderAccount(fields((f) => (f.portNbr = '65535'))).problems).toEqual({});
	});
	it('a credential with a name but no type is reported on that credential’s type', () => {
		expect(renderAccount(fields((f) => (f.client.type = ''))).problems).toEqual({ 'client.type': 'expected a non-empty string, found ""' });
	});
	it('bad base64 in the server credential is reported on server.data even when it is the only credential', () => {
		// With the client credential empty the server one is AppAuth[0]; the form must still say "server".
		const r = renderAccount(
			fields((f) => {
				f.client = { type: 'DIGEST', name: '', secret: '', data: '' };
				f.server = { type: 'DIGEST', name: 'srv', secret: SECRET, data: 'AQ!D' };
			})
		);
		// "AQ!D": 4 characters (not 4k+1), the third one is not in the base64 alphabet.
		expect(r).toEqual({ problems: { 'server.data': 'AAuthData is base64 bytes: "!" at position 3 is not a base64 character' } });
	});
	it('an empty device id keeps the CP rendering and asks for the device id for the SyncML one', () => {
		const r = renderAccount(fields((f) => (f.deviceId = '   ')));
		expect(r.problems).toEqual({ deviceId: 'the bootstrap message is addressed to a device: give its id, e.g. IMEI:490154203237518' });
		expect(r.cp?.xml).toContain(`<parm name="PROVIDER-ID" value="${SERVER_ID}"/>`);
		expect(r.syncml).toBeUndefined();
	});
	it('never shows the secret in an error text, whichever field is wrong', () => {
		const broken: ((f: AccountFields) => void)[] = [
			(f) => (f.serverId = ''),
			(f) => (f.addr = ''),
			(f) => (f.portNbr = 'abc'),
			(f) => (f.client.type = ''),
			(f) => (f.client.data = '#'),
			(f) => (f.deviceId = '')
		];
		for (const change of broken) {
			const r = renderAccount(fields(change));
			const texts = [...Object.values(r.problems), r.cpProblem, r.syncmlProblem].filter((t): t is string => t !== undefined);
			expect(texts.length).toBeGreaterThan(0);
			for (const text of texts) expect(text).not.toContain(SECRET);
		}
	});
});

describe('a blank AddrType field', () => {
	it('leaves AddrType to the account default (URI) instead of writing an empty value', () => {
		const rendered = renderAccount(fields((f) => (f.addrType = '')));
		expect(rendered.problems).toEqual({});
		// The reader's default is URI (DM StdObj AppAddr/<X>/AddrType, syncml-dm.md §5): neither rendering may carry "".
		expect(rendered.cp?.xml).not.toContain('name="ADDRTYPE" value=""');
		expect(rendered.cp?.xml).toContain('<parm name="ADDRTYPE" value="URI"/>');
		expect(rendered.syncml?.xml).not.toMatch(/AddrType<\/LocURI>[\s\S]*?<Data><\/Data>/);
	});
});
