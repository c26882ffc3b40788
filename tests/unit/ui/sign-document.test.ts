import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../../src/lib/codec/hex';
import { encodeDocument, needsImsi, needsPin, SEC_METHODS, signDocument, spacedHex, type BootstrapInput } from '../../../src/lib/ui/bootstrap/sign-document';

// The expected MACs come from node:crypto's HMAC-SHA1 (an implementation independent of src/lib/security), keyed
// as bootstrap-security.md §1–§3 say. The oracle is first checked against the published NowSMS vector (§5) and the
// spec's USERPINMAC example (§3), so a wrong key recipe in this file would fail there, not pass silently.

const FIXTURES = join(__dirname, '../../fixtures');
const PUBLISHED = fromHex(readFileSync(join(FIXTURES, 'security/nowsms-netwpin.hex'), 'utf8').trim());
// The same document written back as XML (tests/fixtures/prov/README.md).
const NOWSMS_XML = readFileSync(join(FIXTURES, 'prov/prov-001-nowsms-bootstrap-napdef.xml'), 'utf8');
const DM_BOOTSTRAP_XML = readFileSync(join(FIXTURES, 'dm/bootstrap-1.2.xml'), 'utf8');

const IMSI = '123456789012345';
// bootstrap-security.md §2 table: IMSI 123456789012345 → "9"+IMSI = 9123456789012345, pairs swapped.
const IMSI_KEY = fromHex('1932547698103254');

const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);
const concat = (...parts: Uint8Array[]): Uint8Array => {
	const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
	let at = 0;
	for (const p of parts) {
		out.set(p, at);
		at += p.length;
	}
	return out;
};
const hmacSha1 = (key: Uint8Array, data: Uint8Array): Uint8Array => new Uint8Array(createHmac('sha1', key).update(data).digest());
const macHex = (key: Uint8Array, data: Uint8Array): string => toHex(hmacSha1(key, data));
// §3: m_i = '0' + (M[i] mod 10), one digit per digit of K.
const userPinMac = (k: string, data: Uint8Array): string =>
	k + Array.from(hmacSha1(ascii(k), data).subarray(0, k.length), (b) => String(b % 10)).join('');

const input = (over: Partial<BootstrapInput>): BootstrapInput => ({ document: NOWSMS_XML, sec: 'NETWPIN', imsi: IMSI, pin: '', to: '', ...over });

describe('the HMAC oracle of this file reproduces the spec vectors', () => {
	it('NETWPIN over the published 118-byte document gives NowSMS MAC C483EC25… (bootstrap-security.md §5)', () => {
		expect(PUBLISHED.length).toBe(118);
		expect(macHex(IMSI_KEY, PUBLISHED)).toBe('C483EC25F7E3E0CF100380DA5F6714CF204A5EC5');
	});
	it('USERPINMAC with K=12345 over the published document gives PIN 1234598364 (§3)', () => {
		expect(userPinMac('12345', PUBLISHED)).toBe('1234598364');
	});
});

describe('which inputs each SEC method needs (bootstrap-security.md §1 table)', () => {
	it('lists the four methods in SEC order 0–3', () => {
		expect(SEC_METHODS).toEqual(['NETWPIN', 'USERPIN', 'USERNETWPIN', 'USERPINMAC']);
	});
	it('asks for the IMSI only for NETWPIN and USERNETWPIN, and for the PIN for every method but NETWPIN', () => {
		expect(SEC_METHODS.map((s) => [s, needsImsi(s), needsPin(s)])).toEqual([
			['NETWPIN', true, false],
			['USERPIN', false, true],
			['USERNETWPIN', true, true],
			['USERPINMAC', false, true]
		]);
	});
});

describe('encodeDocument', () => {
	it('encodes the NowSMS document as the published bytes, with "test1_NAPID" taken from the string table', () => {
		// The published encoding (client-provisioning.md §7) writes NAPID as STR_I "test1_NAPID" (03 … 00, 13 bytes)
		// although "test1" is already string-table entry 0. Writing it as STR_T[0] + STR_I "_NAPID"
		// (83 00 03 5F 4E 41 50 49 44 00, 10 bytes) is the same text in 3 bytes fewer: 118 − 3 = 115.
		const publishedHex = toHex(PUBLISHED);
		const napidPublished = '871106' + '03' + '7465737431' + '5F4E41504944' + '00' + '01';
		const napidShared = '871106' + '8300' + '03' + '5F4E41504944' + '00' + '01';
		expect(publishedHex).toContain(napidPublished);
		const expected = publishedHex.replace(napidPublished, napidShared);
		const encoded = encodeDocument(NOWSMS_XML);
		expect('bytes' in encoded && toHex(encoded.bytes)).toBe(expected);
		expect('bytes' in encoded && encoded.bytes.length).toBe(115);
	});
	it('gives the line and column of broken XML (the </b> starts at column 4)', () => {
		expect(encodeDocument('<a></b>')).toEqual({ problem: 'line 1, column 4: mismatched end tag </b>, expected </a>' });
	});
	it('refuses a document that is neither OMA CP nor SyncML DM, naming its root', () => {
		expect(encodeDocument('<foo/>')).toEqual({ problem: '<foo> is neither a wap-provisioningdoc nor a SyncML DM message' });
	});
});

describe('signDocument: MAC and PIN per SEC method (ProvBoot §5, bootstrap-security.md §1–§3)', () => {
	const wbxml = (() => {
		const e = encodeDocument(NOWSMS_XML);
		if (!('bytes' in e)) throw new Error(e.problem);
		return e.bytes;
	})();

	it('NETWPIN: HMAC-SHA1 keyed with the IMSI semi-octets, uppercase, no PIN and no problem', async () => {
		const r = await signDocument(input({ sec: 'NETWPIN' }));
		expect(r.problems).toEqual({});
		expect(r.wbxml).toEqual(wbxml);
		expect(r.mac).toBe(macHex(IMSI_KEY, wbxml));
		expect(r.mac).toMatch(/^[0-9A-F]{40}$/);
		expect(r.userPin).toBeUndefined();
		expect(r.pdus).toBeUndefined();
	});
	it('NETWPIN ignores a PIN typed into the form', async () => {
		const r = await signDocument(input({ sec: 'NETWPIN', pin: '9999' }));
		expect(r.mac).toBe(macHex(IMSI_KEY, wbxml));
	});
	it('USERPIN: keyed with the PIN bytes; the IMSI field is not looked at', async () => {
		const r = await signDocument(input({ sec: 'USERPIN', pin: '1234', imsi: 'not an imsi' }));
		expect(r.problems).toEqual({});
		expect(r.mac).toBe(macHex(ascii('1234'), wbxml));
	});
	it('USERNETWPIN: keyed with IMSI semi-octets followed by the PIN bytes', async () => {
		const r = await signDocument(input({ sec: 'USERNETWPIN', pin: '1234' }));
		expect(r.problems).toEqual({});
		expect(r.mac).toBe(macHex(concat(IMSI_KEY, ascii('1234')), wbxml));
	});
	it('USERPINMAC: the user PIN is K followed by one digit M[i] mod 10 per digit of K', async () => {
		const r = await signDocument(input({ sec: 'USERPINMAC', pin: '12345', imsi: '' }));
		expect(r.problems).toEqual({});
		expect(r.userPin).toBe(userPinMac('12345', wbxml));
		expect(r.userPin).toMatch(/^12345[0-9]{5}$/);
		// The header MAC "may still be sent" (§3): HMAC under K.
		expect(r.mac).toBe(macHex(ascii('12345'), wbxml));
	});
});

describe('signDocument: problems are reported on the field they come from', () => {
	it('an IMSI with a letter names the character by its position, never the IMSI (the NETWPIN key)', async () => {
		const r = await signDocument(input({ sec: 'NETWPIN', imsi: '12345678901234X' }));
		expect(r.problems).toEqual({ imsi: 'IMSI: character 15 is not a decimal digit' });
		expect(r.mac).toBeUndefined();
	});
	it('an IMSI of 16 digits gives its length', async () => {
		const r = await signDocument(input({ sec: 'USERNETWPIN', imsi: '1234567890123456', pin: '1' }));
		expect(r.problems).toEqual({ imsi: 'IMSI: 16 digits, an IMSI has at most 15' });
	});
	it('an empty IMSI for NETWPIN is said to be empty', async () => {
		const r = await signDocument(input({ sec: 'NETWPIN', imsi: '' }));
		expect(r.problems).toEqual({ imsi: 'IMSI: empty, an IMSI has 6 to 15 digits' });
	});
	it('an empty PIN is a problem for each method that needs one', async () => {
		for (const sec of ['USERPIN', 'USERNETWPIN', 'USERPINMAC'] as const) {
			const r = await signDocument(input({ sec, pin: '' }));
			expect(r.problems).toEqual({ pin: `SEC=${sec} needs the PIN` });
			expect(r.mac).toBeUndefined();
		}
	});
	it('USERPINMAC key digits that are not digits, or more than the 20 bytes of M', async () => {
		const letters = await signDocument(input({ sec: 'USERPINMAC', pin: '12a45' }));
		expect(letters.problems).toEqual({ pin: 'SEC=USERPINMAC: the key digits K must be decimal digits' });
		const long = await signDocument(input({ sec: 'USERPINMAC', pin: '1'.repeat(21) }));
		expect(long.problems).toEqual({ pin: 'SEC=USERPINMAC: each PIN half has at most 20 digits (one per MAC byte); found 21' });
		// 20 digits is the limit, not past it.
		const twenty = await signDocument(input({ sec: 'USERPINMAC', pin: '1'.repeat(20) }));
		expect(twenty.problems).toEqual({});
		expect(twenty.userPin).toHaveLength(40);
	});
	it('reports the document, the IMSI and the PIN together, so the user fixes all three at once', async () => {
		const r = await signDocument(input({ sec: 'USERNETWPIN', document: '<a></b>', imsi: '12', pin: '' }));
		expect(r.problems).toEqual({
			document: 'line 1, column 4: mismatched end tag </b>, expected </a>',
			imsi: 'IMSI: 2 digits, an IMSI has at least 6',
			pin: 'SEC=USERNETWPIN needs the PIN'
		});
		expect(r.wbxml).toBeUndefined();
	});
	it('still shows the WBXML when only the IMSI is wrong', async () => {
		const r = await signDocument(input({ sec: 'NETWPIN', imsi: '1' }));
		expect(r.wbxml?.length).toBe(115);
		expect(r.mac).toBeUndefined();
	});
	it('a destination that is not a number is a problem of the "to" field; the MAC is still given', async () => {
		const r = await signDocument(input({ sec: 'NETWPIN', to: '12ab' }));
		expect(r.problems).toEqual({ to: `destination must be 1–20 decimal digits with an optional leading '+'; found "12ab"` });
		expect(r.mac).toBe(macHex(IMSI_KEY, await signDocument(input({})).then((x) => x.wbxml!)));
		expect(r.pdus).toBeUndefined();
	});
	it('never puts the PIN into a problem text', async () => {
		const pin = '77a77secretish';
		const r = await signDocument(input({ sec: 'USERPINMAC', pin }));
		for (const text of Object.values(r.problems)) expect(text).not.toContain(pin);
	});
});

// User data of each SMS-SUBMIT (23.040 §9.2.2.2): 00 SMSC | first octet | MR | DA (len in digits, TOA, ⌈len/2⌉) |
// PID | DCS | UDL | UDHL + UDH | payload. Parsed here by hand so the WSP bytes can be compared with ones built by hand.
function payloadOf(hex: string): Uint8Array {
	const b = fromHex(hex);
	const daDigits = b[3];
	let at = 4 + 1 + Math.ceil(daDigits / 2) + 2; // TOA, digits, PID, DCS
	const udl = b[at++];
	const ud = b.subarray(at, at + udl);
	return ud.subarray(1 + ud[0]);
}

describe('signDocument: OTA SMS PDUs (bootstrap-security.md §4)', () => {
	it('splits the NETWPIN push of the NowSMS document into two SMS as Kannel would', async () => {
		const r = await signDocument(input({ sec: 'NETWPIN', to: ' +447700900123 ' }));
		const mac = r.mac!;
		// WSP: TID 01, Push 06, HeadersLen 2F (= 1F 2D + 45 bytes), 1F 2D, B6 connectivity-wbxml,
		// 91 80 SEC=NETWPIN, 92 <40 ASCII hex> 00 MAC; then the 115-byte document: 3 + 47 + 115 = 165 bytes.
		const wsp = concat(fromHex('01062F1F2DB69180' + '92'), ascii(mac), fromHex('00'), r.wbxml!);
		expect(wsp.length).toBe(165);
		// 165 > 140 − 7 (ports UDH), so split into parts of 140 − 12 = 128: 128 + 37.
		expect(r.pdus).toHaveLength(2);
		// 00 SMSC, 41 SUBMIT+UDHI, 00 MR, DA 0C 91 447700900123 swapped → 44 77 00 09 10 32, PID 00, DCS 04,
		// UDL 12 + 128 = 140 = 8C, UDH 0B | 05 04 0B84 0B84 | 00 03 ref 00 total 02 seq 01.
		const head1 = '0041000C91447700091032' + '0004' + '8C' + '0B05040B840B84' + '00030002' + '01';
		const head2 = '0041000C91447700091032' + '0004' + '31' + '0B05040B840B84' + '00030002' + '02';
		expect(r.pdus![0].hex).toBe(head1 + toHex(wsp.subarray(0, 128)));
		expect(r.pdus![1].hex).toBe(head2 + toHex(wsp.subarray(128)));
		// AT+CMGS length = TPDU without the SMSC octet: 2 + 8 + 2 + 1 + 140 = 153; 2 + 8 + 2 + 1 + 49 = 62.
		expect(r.pdus!.map((p) => p.length)).toEqual([153, 62]);
	});
	it('sends a SyncML DM message as application/vnd.syncml.dm+wbxml with X-Wap-Application-Id syncml.dm', async () => {
		const r = await signDocument(input({ sec: 'USERPIN', pin: '1234', document: DM_BOOTSTRAP_XML, to: '0123' }));
		expect(r.problems).toEqual({});
		const body = r.wbxml!;
		// WBXML 1.3, public id 0x1201 = SyncML 1.2 as mb_u_int32 A4 01 (wbxml.md §"public ids", syncml-dm.md), UTF-8.
		expect(toHex(body.subarray(0, 4))).toBe('03A4016A');
		expect(r.mac).toBe(macHex(ascii('1234'), body));
		// HeadersLen 31 = 47 content-type bytes + AF 87 (X-Wap-Application-Id 0x2F, value 0x07, §4 codes);
		// C2 = 0x80 | 0x42 application/vnd.syncml.dm+wbxml; 91 81 = SEC USERPIN.
		const wsp = concat(fromHex('010631' + '1F2DC29181' + '92'), ascii(r.mac!), fromHex('00' + 'AF87'), body);
		const sent = concat(...r.pdus!.map((p) => payloadOf(p.hex)));
		expect(toHex(sent)).toBe(toHex(wsp));
		// DA "0123": 4 digits, TOA 81 (no '+'), 10 32.
		expect(r.pdus![0].hex.slice(0, 14)).toBe('00410004811032');
	});
});

describe('spacedHex', () => {
	it('writes uppercase byte pairs separated by one space', () => {
		expect(spacedHex(Uint8Array.of(0x03, 0x0b, 0x6a, 0xff))).toBe('03 0B 6A FF');
		expect(spacedHex(new Uint8Array(0))).toBe('');
	});
});
