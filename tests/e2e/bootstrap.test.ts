// The bootstrap and DM account pages in a real (headless) Chromium against the production build: MACs
// computed in the browser (@noble/hashes), checked here with openssl over the bytes the page offers.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_DOCUMENT } from '../../src/lib/ui/sample';
import { openStudio, type StudioInBrowser } from './browser';

let studio: StudioInBrowser;
let page: Page;

beforeAll(async () => {
	studio = await openStudio();
	page = studio.page;
});

afterAll(async () => {
	await studio?.close();
});

function opensslHmacSha1(file: string, hexKey: string): string {
	const out = execFileSync('openssl', ['dgst', '-sha1', '-mac', 'HMAC', '-macopt', `hexkey:${hexKey}`, '-r', file], { encoding: 'utf8' });
	return out.split(' ')[0].toUpperCase();
}

/** The page's MAC once it has one (40 hex digits). */
async function shownMac(): Promise<string> {
	await expect.poll(() => page.getByTestId('mac').textContent(), { timeout: 10_000 }).toMatch(/^[0-9A-F]{40}$/);
	return (await page.getByTestId('mac').textContent()) ?? '';
}

/** wbxml2xml's compact XML of a WBXML file. */
function libwbxmlXml(file: string): string {
	return execFileSync('wbxml2xml', ['-m', '0', '-o', '-', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
}

/** xml2wbxml's encoding of an XML text, as a file. */
function libwbxmlEncoding(xml: string, name: string): string {
	const input = join(studio.profile, name);
	writeFileSync(input, xml);
	const out = `${input}.wbxml`;
	execFileSync('xml2wbxml', ['-o', out, input], { stdio: 'ignore' });
	return out;
}

async function downloadSigned(name: string): Promise<string> {
	const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-signed').click()]);
	const saved = join(studio.profile, name);
	await download.saveAs(saved);
	return saved;
}

/**
 * Secrets must not leave the page's memory: not in the URL, nor in any storage. (SvelteKit keeps its own
 * scroll positions in sessionStorage; nothing of ours may be there.)
 */
async function expectNotStored(secret: string): Promise<void> {
	expect(page.url()).not.toContain(secret);
	const stored = await page.evaluate(async () => {
		const dbs = (await indexedDB.databases?.()) ?? [];
		return { local: { ...localStorage }, session: { ...sessionStorage }, dbs: dbs.map((d) => d.name ?? '') };
	});
	expect(stored.local).toEqual({});
	expect(stored.dbs).toEqual([]);
	expect(Object.keys(stored.session).every((key) => key.startsWith('sveltekit:'))).toBe(true);
	expect(JSON.stringify(stored)).not.toContain(secret);
}

describe('bootstrap page', () => {
	it('signs the sample with NETWPIN and IMSI 123456789012345: the MAC openssl gives over the offered bytes', async () => {
		await studio.withScreenshot('bootstrap-netwpin', async () => {
			await page.goto(new URL('bootstrap', studio.url).href);
			await expect.poll(() => page.getByTestId('bootstrap-document').inputValue()).toBe(SAMPLE_DOCUMENT);
			await page.getByTestId('sec').selectOption('NETWPIN');
			await page.getByTestId('imsi').fill('123456789012345');
			const mac = await shownMac();
			const saved = await downloadSigned('sample-netwpin.wbxml');
			// The offered bytes are the sample document as libwbxml reads it (its own encoding of the sample, decoded by
			// it, is the reference: string-table choices may differ, the document may not) …
			expect(libwbxmlXml(saved)).toBe(libwbxmlXml(libwbxmlEncoding(SAMPLE_DOCUMENT, 'sample.xml')));
			// … and the key is the IMSI in semi-octets, "9" + IMSI with each pair swapped (bootstrap-security.md §2).
			expect(mac).toBe(opensslHmacSha1(saved, '1932547698103254'));
		});
	});

	it('shows the IMSI problem next to the IMSI field and no MAC', async () => {
		await studio.withScreenshot('bootstrap-bad-imsi', async () => {
			await page.goto(new URL('bootstrap', studio.url).href);
			await page.getByTestId('imsi').fill('12345');
			await expect.poll(() => page.getByTestId('problem-imsi').textContent()).toBe('IMSI: 5 digits, an IMSI has at least 6');
			expect(await page.getByTestId('mac').textContent()).toBe('');
		});
	});

	it('signs with USERPIN from a password field and keeps the PIN out of the URL and storage', async () => {
		await studio.withScreenshot('bootstrap-userpin', async () => {
			await page.goto(new URL('bootstrap', studio.url).href);
			await page.getByTestId('sec').selectOption('USERPIN');
			expect(await page.getByTestId('pin').getAttribute('type')).toBe('password');
			await page.getByTestId('pin').fill('4321');
			const mac = await shownMac();
			const saved = await downloadSigned('sample-userpin.wbxml');
			expect(mac).toBe(opensslHmacSha1(saved, Buffer.from('4321').toString('hex')));
			await expectNotStored('4321');
		});
	});

	it('gives the USERPINMAC PIN: K followed by M[i] mod 10 of the MAC under K', async () => {
		await studio.withScreenshot('bootstrap-userpinmac', async () => {
			await page.goto(new URL('bootstrap', studio.url).href);
			await page.getByTestId('sec').selectOption('USERPINMAC');
			await page.getByTestId('pin').fill('12345');
			await expect.poll(() => page.getByTestId('user-pin').textContent()).toMatch(/^12345\d{5}$/);
			const saved = await downloadSigned('sample-userpinmac.wbxml');
			const m = Buffer.from(opensslHmacSha1(saved, Buffer.from('12345').toString('hex')), 'hex');
			expect(await page.getByTestId('user-pin').textContent()).toBe(`12345${[...m.subarray(0, 5)].map((b) => b % 10).join('')}`);
		});
	});

	it('lists the SMS-SUBMIT PDUs that carry the signed document, with its MAC in the push header', async () => {
		await studio.withScreenshot('bootstrap-pdus', async () => {
			await page.goto(new URL('bootstrap', studio.url).href);
			await page.getByTestId('imsi').fill('123456789012345');
			await page.getByTestId('to').fill('+441234567890');
			const mac = await shownMac();
			await expect.poll(() => page.getByTestId('pdus').count()).toBe(1);
			const lines = ((await page.getByTestId('pdus').textContent()) ?? '').split('\n');
			expect(lines.length).toBeGreaterThan(0);
			// 23.040 SMS-SUBMIT with UDHI, to +441234567890 (bootstrap-security.md §4; see tests/unit/cli/ota.test.ts).
			for (const line of lines) expect(line).toMatch(/^0041000C914421436587090004[0-9A-F]+$/);
			// SEC=NETWPIN (91 80) then MAC parameter 92 + the 40 hex characters as ASCII.
			expect(lines.join('')).toContain('B69180' + '92' + Buffer.from(mac, 'ascii').toString('hex').toUpperCase());
		});
	});
});

describe('DM account page', () => {
	it('renders the account as CP w7 and as a SyncML DM bootstrap, both with the ServerID entered', async () => {
		await studio.withScreenshot('dm-renderings', async () => {
			await page.goto(new URL('dm', studio.url).href);
			await page.getByTestId('serverId').fill('dm.e2e.example');
			await expect.poll(() => page.getByTestId('cp-xml').textContent()).toContain('<parm name="PROVIDER-ID" value="dm.e2e.example"/>');
			await expect.poll(() => page.getByTestId('syncml-xml').textContent()).toContain('<Data>dm.e2e.example</Data>');
			expect(await page.getByTestId('cp-xml').textContent()).toContain('<parm name="APPID" value="w7"/>');
			expect(await page.getByTestId('cp-wbxml-size').textContent()).toMatch(/^WBXML \d+ bytes$/);
			expect(await page.getByTestId('syncml-wbxml-size').textContent()).toMatch(/^WBXML \d+ bytes$/);
		});
	});

	it('downloads SyncML WBXML that libwbxml decodes, and keeps the AAuthSecret out of URL and storage', async () => {
		await studio.withScreenshot('dm-download', async () => {
			await page.goto(new URL('dm', studio.url).href);
			await page.getByTestId('client-name').fill('IMEI:490154203237518');
			expect(await page.getByTestId('client-secret').getAttribute('type')).toBe('password');
			await page.getByTestId('client-secret').fill('e2e-s3cret');
			await expect.poll(() => page.getByTestId('syncml-xml').textContent()).toContain('AppAuth/CLCRED/AAuthSecret');
			const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('syncml-download-wbxml').click()]);
			const saved = join(studio.profile, 'bootstrap.wbxml');
			await download.saveAs(saved);
			const xml = execFileSync('wbxml2xml', ['-o', '-', saved], { stdio: ['ignore', 'pipe', 'ignore'] }).toString();
			expect(xml).toContain('./DMAcc/dm.example.com/AppAuth/CLCRED/AAuthSecret');
			await expectNotStored('e2e-s3cret');
		});
	});

	it('shows a bad port next to the PortNbr field', async () => {
		await studio.withScreenshot('dm-bad-port', async () => {
			await page.goto(new URL('dm', studio.url).href);
			await page.getByTestId('portNbr').fill('70000');
			await expect.poll(() => page.getByTestId('problem-portNbr').textContent()).toBe('expected a port number 0-65535, found "70000"');
			expect(await page.getByTestId('cp-xml').count()).toBe(0);
		});
	});
});
