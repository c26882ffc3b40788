import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../src/lib/codec/hex';
import { Secret, SEC, imsiKey, sign, verify } from '../../src/lib/security/index';

// Every MAC below is computed by OpenSSL (`openssl dgst -sha1 -mac HMAC`), never by our own code; the one
// published vector (NowSMS, bootstrap-security.md §5) must come out exactly.

const PUBLISHED = fromHex(readFileSync(join(__dirname, '../fixtures/security/nowsms-netwpin.hex'), 'utf8'));
const PUBLISHED_IMSI = '123456789012345';
const PUBLISHED_MAC = 'C483EC25F7E3E0CF100380DA5F6714CF204A5EC5';

function opensslHmac(macopt: string, data: Uint8Array): string {
	const out = execFileSync('openssl', ['dgst', '-sha1', '-mac', 'HMAC', '-macopt', macopt, '-r'], {
		input: data
	}).toString('ascii');
	const hex = out.split(' ')[0];
	expect(hex).toMatch(/^[0-9a-f]{40}$/);
	return hex.toUpperCase();
}

const asciiHex = (s: string) => toHex(new TextEncoder().encode(s));

const work = mkdtempSync(join(tmpdir(), 'bootstrap-mac-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** libwbxml's bytes for a small CP document (ORACLES.md §1 input). */
function libwbxmlCpDocument(): Uint8Array {
	const xml = join(__dirname, '../fixtures/provcont/oracles-prov.xml');
	const out = join(work, 'cp.wbxml');
	execFileSync('xml2wbxml', ['-o', out, xml], { stdio: 'pipe' });
	const bytes = new Uint8Array(readFileSync(out));
	// Sanity: WBXML 1.3, PROV 1.0 public id, UTF-8 (ORACLES.md §1), so we really sign what libwbxml wrote.
	expect(Array.from(bytes.subarray(0, 3))).toEqual([0x03, 0x0b, 0x6a]);
	return bytes;
}

const documents: [string, Uint8Array][] = [
	['the published NowSMS document', PUBLISHED],
	["libwbxml's bytes for a CP document", libwbxmlCpDocument()]
];

describe('ProvBoot §5 published NETWPIN vector (NowSMS)', () => {
	it('reproduces the published MAC for IMSI 123456789012345 exactly', async () => {
		expect(PUBLISHED.length).toBe(118);
		const signature = await sign(PUBLISHED, { sec: SEC.NETWPIN, imsi: PUBLISHED_IMSI });
		expect(signature).toEqual({ sec: 0, mac: PUBLISHED_MAC });
		expect(opensslHmac('hexkey:1932547698103254', PUBLISHED)).toBe(PUBLISHED_MAC);
		await expect(verify(PUBLISHED, { sec: SEC.NETWPIN, imsi: PUBLISHED_IMSI, mac: PUBLISHED_MAC })).resolves.toBeUndefined();
		await expect(
			verify(PUBLISHED, { sec: SEC.NETWPIN, imsi: PUBLISHED_IMSI, mac: PUBLISHED_MAC.toLowerCase() })
		).resolves.toBeUndefined();
	});
});

describe('bootstrap-security.md §2 IMSI → NETWPIN key (semi-octets, first nibble of each pair in the low half)', () => {
	// Nibble strings written out by hand; byte = (second nibble << 4) | first nibble.
	const vectors: [string, string, string][] = [
		// 15 digits (odd): 9 | 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 → (9,1)(2,3)(4,5)(6,7)(8,9)(0,1)(2,3)(4,5)
		['123456789012345', '9 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5', '1932547698103254'],
		// 15 digits (odd): 9 | 2 6 2 0 1 1 2 3 4 5 6 7 8 9 0 → (9,2)(6,2)(0,1)(1,2)(3,4)(5,6)(7,8)(9,0)
		['262011234567890', '9 2 6 2 0 1 1 2 3 4 5 6 7 8 9 0', '2926102143658709'],
		// 14 digits (even): 1 | 2 1 4 0 7 6 5 0 1 2 3 4 5 6 | F → (1,2)(1,4)(0,7)(6,5)(0,1)(2,3)(4,5)(6,F)
		['21407650123456', '1 2 1 4 0 7 6 5 0 1 2 3 4 5 6 F', '21417056103254F6'],
		// 6 digits (even, the shortest accepted): 1 | 3 1 0 1 5 0 | F → (1,3)(1,0)(1,5)(0,F)
		['310150', '1 3 1 0 1 5 0 F', '310151F0'],
		// 7 digits (odd): 9 | 1 2 3 4 5 6 7 → (9,1)(2,3)(4,5)(6,7)
		['1234567', '9 1 2 3 4 5 6 7', '19325476']
	];
	it.each(vectors)('packs IMSI %s as nibbles %s → %s', async (imsi, nibbles, keyHex) => {
		const pairs = nibbles.split(' ').map((n) => parseInt(n, 16));
		const byHand = toHex(Uint8Array.from({ length: pairs.length / 2 }, (_, i) => (pairs[2 * i + 1] << 4) | pairs[2 * i]));
		expect(byHand).toBe(keyHex);
		expect(toHex(imsiKey(imsi).reveal())).toBe(keyHex);
		// And the whole NETWPIN MAC under that key agrees with OpenSSL.
		const { mac } = await sign(PUBLISHED, { sec: SEC.NETWPIN, imsi });
		expect(mac).toBe(opensslHmac(`hexkey:${keyHex}`, PUBLISHED));
	});
});

describe.each(documents)('SEC methods over %s agree with OpenSSL', (_name, doc) => {
	const imsi = '262011234567890';
	const imsiKeyHex = '2926102143658709';
	const pin = Secret.fromText('PIN', '1234');

	it('NETWPIN: key = IMSI semi-octets', async () => {
		const expected = opensslHmac(`hexkey:${imsiKeyHex}`, doc);
		expect(await sign(doc, { sec: SEC.NETWPIN, imsi })).toEqual({ sec: 0, mac: expected });
		await expect(verify(doc, { sec: SEC.NETWPIN, imsi, mac: expected })).resolves.toBeUndefined();
	});

	it('USERPIN: key = the PIN as ASCII', async () => {
		const expected = opensslHmac('key:1234', doc);
		expect(await sign(doc, { sec: SEC.USERPIN, pin })).toEqual({ sec: 1, mac: expected });
		await expect(verify(doc, { sec: SEC.USERPIN, pin, mac: expected.toLowerCase() })).resolves.toBeUndefined();
	});

	it('USERNETWPIN: key = IMSI semi-octets followed by the PIN bytes', async () => {
		const expected = opensslHmac(`hexkey:${imsiKeyHex}${asciiHex('1234')}`, doc);
		expect(await sign(doc, { sec: SEC.USERNETWPIN, imsi, pin })).toEqual({ sec: 2, mac: expected });
		await expect(verify(doc, { sec: SEC.USERNETWPIN, imsi, pin, mac: expected })).resolves.toBeUndefined();
	});

	it('USERPINMAC: the PIN is K followed by OpenSSL MAC bytes mod 10', async () => {
		const k = '48213';
		const macHex = opensslHmac(`key:${k}`, doc);
		// By hand from OpenSSL's bytes: take the first 5 bytes, each as unsigned decimal mod 10.
		let m = '';
		for (let i = 0; i < 5; i++) m += String(parseInt(macHex.slice(2 * i, 2 * i + 2), 16) % 10);
		const signature = await sign(doc, { sec: SEC.USERPINMAC, pin: Secret.fromText('K', k) });
		expect(signature.sec).toBe(3);
		expect(signature.mac).toBe(macHex);
		expect(signature.userPin?.revealText()).toBe(k + m);
		await expect(verify(doc, { sec: SEC.USERPINMAC, pin: Secret.fromText('PIN', k + m) })).resolves.toBeUndefined();
	});
});

describe('bootstrap-security.md §3/§5 USERPINMAC example', () => {
	it('K = 12345 over the published document gives the PIN 1234598364', async () => {
		const macHex = opensslHmac('key:12345', PUBLISHED);
		expect(macHex).toBe('C7E46792FE9C3339C118691775FCB1CB90C7EB3A');
		// C7 E4 67 92 FE = 199 228 103 146 254 → mod 10 → 9 8 3 6 4
		const { userPin } = await sign(PUBLISHED, { sec: SEC.USERPINMAC, pin: Secret.fromText('K', '12345') });
		expect(userPin?.revealText()).toBe('1234598364');
	});
});
