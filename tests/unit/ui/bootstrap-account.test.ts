import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../../src/lib/codec/hex';
import { pduLine } from '../../../src/lib/ota';
import { accountDocumentToSign, bootstrapGate } from '../../../src/lib/ui/bootstrap/account-push';
import { SEC_HELP } from '../../../src/lib/ui/bootstrap/sec-help';
import { signDocument } from '../../../src/lib/ui/bootstrap/sign-document';
import { renderAccountDocument } from '../../../src/lib/ui/dm/account-document';

// A DM account on the Bootstrap page (issue 11 §3): sent as its SyncML DM bootstrap, a WSP push of
// application/vnd.syncml.dm+wbxml (0x42) to X-Wap-Application-Id syncml.dm (0x07) with the SEC and MAC parameters of
// ProvBoot (OMA-TS-DM_Security-V1_2 §5.1.7.2, bootstrap-security.md §4 and §6), or as CP w7 (0x36, no application id).
// MACs from node:crypto's HMAC-SHA1, keyed as bootstrap-security.md §1 says; header bytes worked out by hand below.

const ACCOUNT = `<DMAcc NodeName="op">
  <ServerID>dm.operator.example</ServerID>
  <Name>Operator DM</Name>
  <AppAddr>
    <Addr>https://dm.operator.example/dm</Addr>
    <AddrType>URI</AddrType>
    <Port>443</Port>
  </AppAddr>
  <AAuthPref>DIGEST</AAuthPref>
  <AppAuth>
    <AAuthLevel>CLCRED</AAuthLevel>
    <AAuthType>DIGEST</AAuthType>
    <AAuthName>IMEI:490154203237518</AAuthName>
  </AppAuth>
</DMAcc>
`;
const DEVICE = 'IMEI:490154203237518';

const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);
const macHex = (key: Uint8Array, data: Uint8Array): string => toHex(new Uint8Array(createHmac('sha1', key).update(data).digest()));

/** The WSP bytes a list of PDUs carries: each part's user data after its UDH (UDHL at offset 13 of the TPDU: SMSC 00,
 * first octet, MR, DA length 04 + TOA + 2 octets = 6, PID, DCS, UDL → offset 1+1+1+4+2+1 = 10 for a 4-digit DA). */
function wspOf(hexes: string[], daOctets: number): Uint8Array {
	const parts = hexes.map((hex) => {
		const pdu = fromHex(hex);
		const udlAt = 1 + 1 + 1 + 2 + daOctets + 1 + 1;
		const udhl = pdu[udlAt + 1];
		return pdu.subarray(udlAt + 2 + udhl);
	});
	const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
	let at = 0;
	for (const p of parts) {
		out.set(p, at);
		at += p.length;
	}
	return out;
}

describe('a DM account sent as its SyncML DM bootstrap (DM profile)', () => {
	it('signs the bytes the DM page offers and pushes them as 0x42 to syncml.dm with SEC and MAC', async () => {
		const toSign = accountDocumentToSign(ACCOUNT, DEVICE, 'syncml');
		expect(toSign.findings).toEqual([]);
		const r = await signDocument({ document: toSign.xml!, sec: 'USERPIN', imsi: '', pin: '1234', to: '0123' });
		expect(r.problems).toEqual({});
		// The same WBXML as the DM page's SyncML download (SyncML 1.2: WBXML 1.3, public id 0x1201 = A4 01, UTF-8).
		expect(toHex(r.wbxml!)).toBe(toHex(renderAccountDocument(ACCOUNT, DEVICE).syncml!.wbxml));
		expect(toHex(r.wbxml!.subarray(0, 4))).toBe('03A4016A');
		expect(r.mac).toBe(macHex(ascii('1234'), r.wbxml!));
		expect(r.push).toEqual({ contentType: 0x42, applicationId: 0x07 });
		// TID 01, Push 06, HeadersLen 0x31 = 49: content type 1F 2D (45 octets: C2 = 0x80|0x42, 91 81 SEC USERPIN,
		// 92 + 40 MAC characters + 00) = 47, then X-Wap-Application-Id AF 87 = 2.
		const wsp = wspOf(r.pdus!.map((p) => p.hex), 2);
		expect(toHex(wsp.subarray(0, 8))).toBe('0106311F2DC29181');
		expect(toHex(wsp.subarray(8, 9 + 40 + 1 + 2))).toBe('92' + toHex(ascii(r.mac!)) + '00' + 'AF87');
		expect(toHex(wsp.subarray(52))).toBe(toHex(r.wbxml!));
	});

	it('sends nothing without the device the message is addressed to, and says why', () => {
		expect(accountDocumentToSign(ACCOUNT, ' ', 'syncml')).toEqual({
			findings: [],
			problem: 'the bootstrap message is addressed to a device: give its id, e.g. IMEI:490154203237518'
		});
	});
});

describe('a DM account sent as CP APPLICATION w7 (CP profile)', () => {
	it('pushes the w7 document as application/vnd.wap.connectivity-wbxml (0x36) without an application id', async () => {
		const toSign = accountDocumentToSign(ACCOUNT, '', 'cp');
		expect(toSign.xml).toContain('<parm name="APPID" value="w7"/>');
		const r = await signDocument({ document: toSign.xml!, sec: 'NETWPIN', imsi: '123456789012345', pin: '', to: '0123' });
		// bootstrap-security.md §2: IMSI 123456789012345 → key 19 32 54 76 98 10 32 54.
		expect(r.mac).toBe(macHex(fromHex('1932547698103254'), r.wbxml!));
		expect(r.push).toEqual({ contentType: 0x36 });
		// HeadersLen 0x2F = 47: 1F 2D, B6 = 0x80|0x36, 91 80 SEC NETWPIN, 92 + MAC + 00; no AF.
		const wsp = wspOf(r.pdus!.map((p) => p.hex), 2);
		expect(toHex(wsp.subarray(0, 8))).toBe('01062F1F2DB69180');
		expect(toHex(wsp.subarray(50))).toBe(toHex(r.wbxml!));
	});
});

describe('which documents the Bootstrap page signs', () => {
	it('refuses a DM account with an error finding, naming its line and column', () => {
		const bad = ACCOUNT.replace('<Port>443</Port>', '<Port>70000</Port>');
		const toSign = accountDocumentToSign(bad, DEVICE, 'syncml');
		expect(toSign.xml).toBeUndefined();
		const gate = bootstrapGate('dm-account', toSign.findings, [], 'sign');
		expect(gate).toEqual({ allowed: false, reason: 'Not signed: line 7:5: expected a port number 0-65535, found "70000". Fix the errors first.' });
	});
	it('takes a DM account without findings, and refuses a DM tree', () => {
		expect(bootstrapGate('dm-account', [], [], 'sign')).toEqual({ allowed: true, warnings: 0 });
		expect(bootstrapGate('dm-tree', [], [], 'send')).toEqual({ allowed: false, reason: 'Only a CP document or a DM account can be sent here: the open document is a DM tree.' });
	});
});

describe('the PDU lines', () => {
	it('are AT+CMGS=<TPDU length> then the PDU with its SMSC octet 00 (27.005 §3.5.1), as pstudio ota prints them', async () => {
		const r = await signDocument({ document: accountDocumentToSign(ACCOUNT, DEVICE, 'syncml').xml!, sec: 'NETWPIN', imsi: '123456789012345', pin: '', to: '0123' });
		for (const p of r.pdus!) {
			expect(p.hex.startsWith('00')).toBe(true);
			// <length> counts the TPDU: every octet but the leading SMSC-length octet 00.
			expect(p.line).toBe(`AT+CMGS=${p.hex.length / 2 - 1} ${p.hex}`);
		}
		expect(pduLine({ tpduLength: 62, hex: '0041' })).toBe('AT+CMGS=62 0041');
	});
});

describe('SEC help', () => {
	it('has one sentence for each of the four methods, naming what the user types', () => {
		expect(Object.keys(SEC_HELP)).toEqual(['NETWPIN', 'USERPIN', 'USERNETWPIN', 'USERPINMAC']);
		for (const text of Object.values(SEC_HELP)) expect(text.split(/[.!?](\s|$)/).filter((s) => s.trim() !== '')).toHaveLength(1);
		expect(SEC_HELP.NETWPIN).toContain('the user types nothing');
	});
});
