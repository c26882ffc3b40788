// The bootstrap and DM account pages in a real (headless) Chromium against the production build: MACs
// computed in the browser (@noble/hashes), checked here with openssl over the bytes the page offers; both pages work
// on the document open in the library, and neither signs a document with an error.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_DOCUMENT } from '../../src/lib/ui/sample';
import { openStudio, type StudioInBrowser } from './browser';
import { REPO_ROOT } from './server';
import { documentOpen, dumpIndexedDb, editor, editorText, newDocument, saved, savedAfterEdit, setEditorText, utf8Hex, webStorage } from './studio-page';

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

/** `pstudio <args>` (the TypeScript through tsx, as `npm run cli` runs it): its stdout. */
function pstudio(args: string[]): string {
	return execFileSync('npx', ['tsx', 'src/cli/main.ts', ...args], { cwd: REPO_ROOT, encoding: 'utf8' });
}

/** The AT+CMGS lines the page shows, one per SMS. */
async function shownPduLines(): Promise<string[]> {
	await page.getByTestId('pdu-line').first().waitFor({ timeout: 10_000 });
	return page.getByTestId('pdu-line').allTextContents();
}

async function clipboard(): Promise<string> {
	return page.evaluate(() => navigator.clipboard.readText());
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
	// SvelteKit's scroll positions are keyed by navigation time (13 digits): their keys are no place a PIN could be
	// (a run whose key held "4321" failed here), so the values alone are searched.
	const values = Object.entries(session).map(([key, value]) => (key === 'sveltekit:scroll' ? JSON.stringify(Object.values(JSON.parse(value) as object)) : value));
	expect(JSON.stringify(values)).not.toContain(secret);
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
			// Eight digits: IndexedDB holds times in ms, where a four-digit PIN turns up by chance.
			await page.getByTestId('pin').fill('73915286');
			const mac = await shownMac();
			const saved = await downloadSigned('sample-userpin.wbxml');
			expect(mac).toBe(opensslHmacSha1(saved, Buffer.from('73915286').toString('hex')));
			await expectNotStored('73915286');
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
			const lines = await shownPduLines();
			expect(lines.length).toBeGreaterThan(0);
			// 27.005 §3.5.1: AT+CMGS=<TPDU octets>, then the PDU with the SMSC octet 00 in front (not counted); 23.040
			// SMS-SUBMIT with UDHI, to +441234567890 (bootstrap-security.md §4; see tests/unit/cli/ota.test.ts).
			for (const line of lines) {
				const [, length, hex] = /^AT\+CMGS=(\d+) ([0-9A-F]+)$/.exec(line) ?? [];
				expect(hex).toMatch(/^0041000C914421436587090004[0-9A-F]+$/);
				expect(Number(length)).toBe(hex.length / 2 - 1);
			}
			// SEC=NETWPIN (91 80) then MAC parameter 92 + the 40 hex characters as ASCII.
			expect(lines.map((l) => l.split(' ')[1]).join('')).toContain('B69180' + '92' + Buffer.from(mac, 'ascii').toString('hex').toUpperCase());
		});
	});
});

describe('bootstrap page: the PDUs as pstudio ota prints them, copied and downloaded', () => {
	it('shows exactly the lines `pstudio ota` prints for the same document, copies them all or one, downloads them as <name>-pdus.txt', async () => {
		await studio.withScreenshot('bootstrap-pdu-lines', async () => {
			await studio.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(studio.url).origin });
			await sampleOnBootstrapPage();
			await page.getByTestId('sec').selectOption('USERNETWPIN');
			await page.getByTestId('imsi').fill('262011234567890');
			await page.getByTestId('pin').fill('1234');
			await page.getByTestId('to').fill('+441234567890');
			const file = join(studio.profile, 'sample-for-ota.xml');
			writeFileSync(file, SAMPLE_DOCUMENT);
			const printed = pstudio(['ota', file, '--sec', 'USERNETWPIN', '--imsi', '262011234567890', '--pin', '1234', '--to', '+441234567890']);
			expect(printed).toMatch(/^(AT\+CMGS=\d+ [0-9A-F]+\n)+$/);
			expect(await shownPduLines()).toEqual(printed.trimEnd().split('\n'));

			await page.getByTestId('copy-pdus').click();
			await expect.poll(clipboard).toBe(printed);
			await page.getByTestId('copy-pdu-1').click();
			await expect.poll(clipboard).toBe(printed.split('\n')[0]);

			const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-pdus').click()]);
			expect(download.suggestedFilename()).toBe(`${await page.getByTestId('document-name').textContent()}-pdus.txt`);
			const saved = join(studio.profile, 'pdus.txt');
			await download.saveAs(saved);
			expect(readFileSync(saved, 'utf8')).toBe(printed);
			// And `pstudio ota --decode` reads the file back as the sample, authentic under the same keys.
			const decoded = pstudio(['ota', '--decode', saved, '--imsi', '262011234567890', '--pin', '1234']);
			expect(decoded).toContain('Content-Type: application/vnd.wap.connectivity-wbxml (0x36)\n');
			expect(decoded).toContain('Authentic: yes\n');
		});
	});

	it('explains the chosen SEC method beside the choice, and what Key digits K are', async () => {
		await studio.withScreenshot('bootstrap-sec-help', async () => {
			await sampleOnBootstrapPage();
			await page.getByTestId('sec').selectOption('NETWPIN');
			expect(await page.getByTestId('sec-help').textContent()).toContain('the user types nothing');
			expect(await page.getByTestId('sec').getAttribute('aria-describedby')).toBe('sec-help');
			await page.getByTestId('sec').selectOption('USERPINMAC');
			expect(await page.getByTestId('sec-help').textContent()).toContain('its first half K is the key');
			expect(await page.getByTestId('key-digits-help').textContent()).toMatch(/^Key digits K: the first half of the PIN/);
			expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Bootstrap and OTA');
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
			await savedAfterEdit(page);
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
	// The text goes into the new account only once that one is open: waiting for "a document" let it land in the
	// account open before (the page shows the document open last), and the new account then opened over it.
	const button = page.getByTestId('new-dm-account').first();
	await button.waitFor();
	const name = page.getByTestId('document-name').first();
	const shown = async (): Promise<string | null> => ((await name.count()) > 0 ? await name.textContent() : null);
	const before = await shown();
	await button.click();
	await expect.poll(async () => { const now = await shown(); return now !== null && now !== before; }, { timeout: 10_000 }).toBe(true);
	await setEditorText(page, text);
	// The next step may leave the page: the library must have the text first.
	await savedAfterEdit(page);
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

describe('bootstrap page: a DM account sent over the air', () => {
	it('pushes the SyncML DM bootstrap as application/vnd.syncml.dm+wbxml to syncml.dm: the lines `pstudio dm-bootstrap | pstudio ota` print', async () => {
		await studio.withScreenshot('bootstrap-dm-push', async () => {
			await accountOnDmPage(ACCOUNT);
			await saved(page);
			await page.goto(new URL('bootstrap', studio.url).href);
			await documentOpen(page);
			await page.getByTestId('profile-syncml').check();
			await page.getByTestId('deviceId').fill('IMEI:490154203237518');
			await page.getByTestId('sec').selectOption('USERPIN');
			await page.getByTestId('pin').fill('4321');
			await page.getByTestId('to').fill('+441234567890');
			await expect
				.poll(() => page.getByTestId('push-type').textContent())
				.toBe('application/vnd.syncml.dm+wbxml (0x42), X-Wap-Application-Id x-wap-application:syncml.dm (0x07), WDP port 2948');
			const account = join(studio.profile, 'account.xml');
			writeFileSync(account, ACCOUNT);
			const bootstrap = join(studio.profile, 'bootstrap.xml');
			pstudio(['dm-bootstrap', account, '--format', 'syncml', '--device', 'IMEI:490154203237518', '-o', bootstrap]);
			const printed = pstudio(['ota', bootstrap, '--sec', 'USERPIN', '--pin', '4321', '--to', '+441234567890']);
			expect(await shownPduLines()).toEqual(printed.trimEnd().split('\n'));
			const pdus = join(studio.profile, 'dm-pdus.txt');
			writeFileSync(pdus, printed);
			const decoded = pstudio(['ota', '--decode', pdus, '--pin', '4321']);
			expect(decoded).toContain('X-Wap-Application-Id: x-wap-application:syncml.dm (0x07)\n');
			expect(decoded).toContain('Authentic: yes\n');
			expect(decoded).toContain('<LocURI>./DMAcc/e2e/ServerID</LocURI>');
		});
	});

	it('signs nothing while the account has an error, and shows the finding', async () => {
		await studio.withScreenshot('bootstrap-dm-blocked', async () => {
			await accountOnDmPage(ACCOUNT.replace('<Port>443</Port>', '<Port>70000</Port>'));
			await saved(page);
			await page.goto(new URL('bootstrap', studio.url).href);
			await documentOpen(page);
			await page.getByTestId('imsi').fill('123456789012345');
			await expect.poll(() => page.getByTestId('sign-blocked').textContent()).toMatch(/^Not signed: line 7:\d+: expected a port number 0-65535, found "70000"\. Fix the errors first\.$/);
			expect(await page.locator('[data-testid="finding"][data-severity="error"]').count()).toBe(1);
			expect(await page.getByTestId('mac').textContent()).toBe('');
		});
	});
});
