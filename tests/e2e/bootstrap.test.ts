// The bootstrap and DM account pages in a real (headless) Chromium against the production build: MACs
// computed in the browser (@noble/hashes), checked here with openssl over the bytes the page offers; both pages work
// on the document open in the library, and neither signs a document with an error.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_DOCUMENT } from '../../src/lib/ui/sample';
import { openStudio, type StudioInBrowser } from './browser';
import { documentOpen, dumpIndexedDb, editor, editorText, newDocument, saved, setEditorText, utf8Hex, webStorage } from './studio-page';

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
 * Secrets must not leave the page's memory: not in the URL, nor in any storage. localStorage holds the id of the
 * document open last and nothing else; SvelteKit keeps its own scroll positions in sessionStorage; the library's
 * IndexedDB is read back whole, every store, and searched (as text and as UTF-8 bytes).
 */
async function expectNotStored(secret: string): Promise<void> {
	expect(page.url()).not.toContain(secret);
	const { local, session } = await webStorage(page);
	expect(Object.keys(local)).toEqual(['provisioning-studio:last-document']);
	expect(local['provisioning-studio:last-document']).toMatch(/^[0-9a-f-]{36}$/);
	expect(Object.keys(session).every((key) => key.startsWith('sveltekit:'))).toBe(true);
	expect(JSON.stringify(session)).not.toContain(secret);
	const stored = JSON.stringify(await dumpIndexedDb(page));
	expect(stored).toContain('"drafts"');
	expect(stored).not.toContain(secret);
	expect(stored).not.toContain(utf8Hex(secret));
}

/** A new document holding the sample, open, then the Bootstrap page (a full load: the workspace reopens it). */
async function sampleOnBootstrapPage(): Promise<void> {
	await page.goto(studio.url);
	await newDocument(page, 'cp-sample');
	await saved(page);
	await page.goto(new URL('bootstrap', studio.url).href);
	await documentOpen(page);
	await expect.poll(() => editorText(page)).toBe(SAMPLE_DOCUMENT);
}

describe('bootstrap page', () => {
	it('signs the sample with NETWPIN and IMSI 123456789012345: the MAC openssl gives over the offered bytes', async () => {
		await studio.withScreenshot('bootstrap-netwpin', async () => {
			await sampleOnBootstrapPage();
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
			await sampleOnBootstrapPage();
			await page.getByTestId('imsi').fill('12345');
			await expect.poll(() => page.getByTestId('problem-imsi').textContent()).toBe('IMSI: 5 digits, an IMSI has at least 6');
			expect(await page.getByTestId('mac').textContent()).toBe('');
		});
	});

	it('signs with USERPIN from a password field and keeps the PIN out of the URL and storage', async () => {
		await studio.withScreenshot('bootstrap-userpin', async () => {
			await sampleOnBootstrapPage();
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
			await sampleOnBootstrapPage();
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
			await sampleOnBootstrapPage();
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

describe('bootstrap page: a document that may not be signed', () => {
	it('signs nothing while the document has an error, says why, and signs once it is fixed in its editor', async () => {
		await studio.withScreenshot('bootstrap-blocked', async () => {
			await sampleOnBootstrapPage();
			await page.getByTestId('imsi').fill('123456789012345');
			await shownMac();
			// GSM-GPRSX is no BEARER value (ProvCont §5 NAPDEF): the value starts at line 7, column 25.
			await setEditorText(page, SAMPLE_DOCUMENT.replace('GSM-GPRS', 'GSM-GPRSX'));
			await expect.poll(() => page.getByTestId('sign-blocked').textContent(), { timeout: 10_000 }).toMatch(/^Not signed: line 7:25: .*GSM-GPRSX.*\. Fix the errors first\.$/);
			expect(await page.getByTestId('mac').textContent()).toBe('');
			expect(await page.getByTestId('download-signed').isDisabled()).toBe(true);
			await expect.poll(() => editor(page).locator('.cm-lintRange-error').count()).toBe(1);
			await setEditorText(page, SAMPLE_DOCUMENT);
			await shownMac();
			expect(await page.getByTestId('sign-blocked').count()).toBe(0);
		});
	});

	it('signs nothing while a secret value of the document must be entered again', async () => {
		await studio.withScreenshot('bootstrap-missing-secret', async () => {
			await page.goto(studio.url);
			await newDocument(page, 'cp-empty');
			const withSecret = SAMPLE_DOCUMENT.replace(
				'    <parm name="ADDR" value="http://www.example.com/"/>\n',
				'    <parm name="ADDR" value="http://www.example.com/"/>\n    <characteristic type="APPAUTH">\n      <parm name="AAUTHSECRET" value="bootstrap-e2e-secret"/>\n    </characteristic>\n'
			);
			await setEditorText(page, withSecret);
			await expect.poll(() => editorText(page), { timeout: 10_000 }).toContain('bootstrap-e2e-secret');
			await saved(page);
			// The secret was not kept ("keep secrets" is off): after a reload the draft holds the placeholder.
			await page.goto(new URL('bootstrap', studio.url).href);
			await documentOpen(page);
			await page.getByTestId('imsi').fill('123456789012345');
			await expect.poll(() => page.getByTestId('sign-blocked').textContent(), { timeout: 10_000 }).toBe('Not signed: enter AAUTHSECRET (line 16) again (not kept in this browser).');
			expect(await page.getByTestId('mac').textContent()).toBe('');
			expect(await page.getByTestId('missing-secret').textContent()).toContain('AAUTHSECRET');
		});
	});
});

// A DM account document as the DM page edits it; ServerID on line 2, Port on line 7.
const ACCOUNT = `<DMAcc NodeName="e2e">
  <ServerID>dm.e2e.example</ServerID>
  <Name>E2E DM server</Name>
  <AppAddr>
    <Addr>https://dm.example.com/dm</Addr>
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

/** A new DM account document holding `text`, on the DM page. */
async function accountOnDmPage(text: string): Promise<void> {
	await page.goto(new URL('dm', studio.url).href);
	await page.getByTestId('new-dm-account').click();
	await documentOpen(page);
	await setEditorText(page, text);
}

describe('DM account page', () => {
	it('renders the account document as CP w7 and as a SyncML DM bootstrap, both with its ServerID', async () => {
		await studio.withScreenshot('dm-renderings', async () => {
			await accountOnDmPage(ACCOUNT);
			await expect.poll(() => page.getByTestId('cp-xml').textContent()).toContain('<parm name="PROVIDER-ID" value="dm.e2e.example"/>');
			await expect.poll(() => page.getByTestId('syncml-xml').textContent()).toContain('<Data>dm.e2e.example</Data>');
			expect(await page.getByTestId('cp-xml').textContent()).toContain('<parm name="APPID" value="w7"/>');
			expect(await page.getByTestId('cp-wbxml-size').textContent()).toMatch(/^WBXML \d+ bytes$/);
			expect(await page.getByTestId('syncml-wbxml-size').textContent()).toMatch(/^WBXML \d+ bytes$/);
			expect(await page.getByTestId('document-kind').textContent()).toBe('DM account');
		});
	});

	it('downloads SyncML WBXML that libwbxml decodes, and keeps the AAuthSecret out of URL and storage', async () => {
		await studio.withScreenshot('dm-download', async () => {
			await accountOnDmPage(ACCOUNT.replace('    <AAuthName>IMEI:490154203237518</AAuthName>\n', '    <AAuthName>IMEI:490154203237518</AAuthName>\n    <AAuthSecret>e2e-s3cret</AAuthSecret>\n'));
			await expect.poll(() => page.getByTestId('syncml-xml').textContent()).toContain('AppAuth/CLCRED/AAuthSecret');
			await saved(page);
			// The library did not store it, and says so.
			await expect.poll(() => page.getByTestId('kept-out').textContent()).toContain('AAuthSecret (line 14)');
			const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('syncml-download-wbxml').click()]);
			// Named after the document (a new DM account is "DM account", "DM account 2", …).
			expect(download.suggestedFilename()).toBe(`${await page.getByTestId('document-name').textContent()}-bootstrap.wbxml`);
			const saved2 = join(studio.profile, 'bootstrap.wbxml');
			await download.saveAs(saved2);
			const xml = execFileSync('wbxml2xml', ['-o', '-', saved2], { stdio: ['ignore', 'pipe', 'ignore'] }).toString();
			// The node is the account's NodeName (StdObj §7.1.3.1: ./DMAcc/<x>).
			expect(xml).toContain('./DMAcc/e2e/AppAuth/CLCRED/AAuthSecret');
			expect(xml).toContain('e2e-s3cret');
			await expectNotStored('e2e-s3cret');
		});
	});

	it('shows a bad port as a finding on the Port line, underlined in the editor, and renders nothing', async () => {
		await studio.withScreenshot('dm-bad-port', async () => {
			await accountOnDmPage(ACCOUNT.replace('<Port>443</Port>', '<Port>70000</Port>'));
			const finding = page.locator('[data-testid="finding"][data-severity="error"]');
			await expect.poll(() => finding.getByTestId('finding-message').textContent()).toBe('expected a port number 0-65535, found "70000"');
			expect(await finding.getByTestId('finding-where').textContent()).toMatch(/^7:\d+$/);
			await expect.poll(() => editor(page).locator('.cm-lintRange-error').count()).toBe(1);
			expect(await page.getByTestId('cp-xml').count()).toBe(0);
		});
	});
});
