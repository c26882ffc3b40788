// A template row signed with SEC=NETWPIN under the row's own IMSI: the MAC is OpenSSL's (`openssl dgst -sha1 -mac
// HMAC`, run by the test) over the row's WBXML, with the key derived here from the IMSI as bootstrap-security.md §2
// says (and as tests/oracle/bootstrap-mac.test.ts does), never by the library.
import { execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SEC, sign, verify, type HmacSha1 } from '../../../src/lib/security/index';
import { compileCpTemplate } from '../../../src/lib/documents/template/index';

/** "9" + IMSI (odd digit count) or "1" + IMSI + "F" (even), the two characters of every pair swapped (§2). */
function keyHex(imsi: string): string {
	const text = imsi.length % 2 === 1 ? `9${imsi}` : `1${imsi}F`;
	let swapped = '';
	for (let i = 0; i < text.length; i += 2) swapped += text[i + 1] + text[i];
	return swapped;
}

function opensslMac(hexKey: string, data: Uint8Array): string {
	const out = execFileSync('openssl', ['dgst', '-sha1', '-mac', 'HMAC', '-macopt', `hexkey:${hexKey}`, '-r'], { input: data }).toString('ascii');
	return out.split(' ')[0].toUpperCase();
}

describe('ProvBoot §5 NETWPIN MAC of template rows, per row IMSI', () => {
	const compiled = compileCpTemplate(readFileSync(join(__dirname, '../../fixtures/template/operator-bundle.xml'), 'utf8'));
	if (!compiled.ok) throw new Error(JSON.stringify(compiled.findings));
	const template = compiled.template;

	it('is OpenSSL\'s HMAC-SHA1 over the row\'s WBXML for odd and even IMSI lengths', async () => {
		// 15 digits (odd: 9 prefix) and 14 digits (even: 1 prefix, F filler), bootstrap-security.md §2.
		const rows = ['234150000000001', '234150000000002', '23415000000003', '310150123456789', '00101000000005'].map((imsi, i) => ({
			MSISDN: `44770090${String(i).padStart(4, '0')}`,
			MNC: '015',
			MCC: '234',
			IMSI: imsi,
			AUTH_SECRET: `s${i}x`,
			ICCID: `89441500000000000${i}`,
			PROXY_PW: `pw${i}`,
			WEB_PORT: String(8080 + i)
		}));
		for (const row of rows) {
			const values: Record<string, string> = row;
			const result = template.expand(template.placeholders.map((p) => values[p.name]));
			if (!result.ok) throw new Error(JSON.stringify(result.findings));
			const { mac } = await sign(result.wbxml, { sec: SEC.NETWPIN, imsi: row.IMSI });
			expect(mac).toBe(opensslMac(keyHex(row.IMSI), result.wbxml));
		}
		expect(keyHex('234150000000001')).toBe('2943510000000010');
	});

	it('is the same MAC with node:crypto\'s HMAC-SHA1 injected as a Node caller does, which is what computed it', async () => {
		const calls: number[] = [];
		const nodeHmac: HmacSha1 = (key, data) => {
			calls.push(data.length);
			return createHmac('sha1', key).update(data).digest();
		};
		const values: Record<string, string> = { MSISDN: '447700900123', MNC: '015', MCC: '234', IMSI: '23415000000003', AUTH_SECRET: 'sx', ICCID: '8944150000000000003', PROXY_PW: 'pw', WEB_PORT: '8080' };
		const result = template.expand(template.placeholders.map((p) => values[p.name]));
		if (!result.ok) throw new Error(JSON.stringify(result.findings));
		const { mac } = await sign(result.wbxml, { sec: SEC.NETWPIN, imsi: values.IMSI, hmac: nodeHmac });
		expect(mac).toBe(opensslMac(keyHex(values.IMSI), result.wbxml));
		expect(calls).toEqual([result.wbxml.length]);
		await verify(result.wbxml, { sec: SEC.NETWPIN, imsi: values.IMSI, mac, hmac: nodeHmac });
		expect(calls).toEqual([result.wbxml.length, result.wbxml.length]);
		// A wrong HMAC injected is used too: the MAC then fails against the library's own check.
		const zeros: HmacSha1 = () => new Uint8Array(20);
		expect((await sign(result.wbxml, { sec: SEC.NETWPIN, imsi: values.IMSI, hmac: zeros })).mac).toBe('0'.repeat(40));
		await expect(verify(result.wbxml, { sec: SEC.NETWPIN, imsi: values.IMSI, mac: '0'.repeat(40) })).rejects.toThrow('SEC=NETWPIN: the MAC does not match the document');
	});
});
