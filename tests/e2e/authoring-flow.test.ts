// Issue 11's main flow ("Checks that must exist", second bullet), in Debian's Chromium against the production build
// and the machine's pcscd, with our simulated card on vpcd slot 1 (TCP 35964 = "Virtual PCD 00 01") in this test
// process: an APN + MMS + e-mail profile authored through the Document page's forms only (no XML typed) gives the XML
// written out below by hand; signed on the Bootstrap page (NETWPIN: the MAC openssl computes over the bytes the page
// offers); written to the card as Config1 from the library through the Card page, ADM1 typed as 8 digits, after the
// confirmation; read back through the page and through `pstudio card read`: the card's EF 6E02 holds the signed
// WBXML, and libwbxml's wbxml2xml reads it as the document xml2wbxml encodes from the XML written by hand (ORACLES.md
// §1: compared decoded, not byte for byte). The hex-mode refusal and the confirmation's rows are card-safety.test.ts's.
//
// The user moves between pages with the studio's navigation (no reload), as the pages are used. The profile carries
// passwords (AUTHSECRET, AAUTHSECRET): the library keeps them only with "keep secrets in this browser" on, and a
// Config document chosen from the library is written only when none is missing; so the flow turns it on first.
//
// The card answers from this process: every command run while it is attached (`pstudio card read`, below) runs
// asynchronously. A child run with execFileSync blocks this process's event loop, vpcd's APDUs wait for an answer
// that never comes, and the child and the test wait for each other with no timeout able to fire: the version of this
// test taken out in 5b527c0 hung that way, printing nothing.
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UiccSimulator } from '../../src/lib/card/simulator';
import type { SimEf } from '../../src/lib/card/simulator/model';
import type { VpcdClient } from '../../src/lib/server/vpcd';
import { attachSimulator, startPcscd, type PcscdRun } from '../pcsc/harness';
import { apnMmsMailXml } from './apn-mms-mail';
import { openStudio, type StudioInBrowser } from './browser';
import { efOf, recordedCard } from './simulated-card';
import { REPO_ROOT } from './server';
import { addToFormList, documentOpen, editorContent, editorDocument, newDocument, saved } from './studio-page';

const run = promisify(execFile);
const READER = 'Virtual PCD 00 01';
const PORT = 35964;
const IMSI = '262019876543210';
// The NETWPIN key is the IMSI in semi-octets: "9" + IMSI, each pair of digits swapped (bootstrap-security.md §2):
// 92 62 01 98 76 54 32 10 → 29 26 10 89 67 45 23 01.
const NETWPIN_KEY = '2926108967452301';
const PASSPHRASE = 'authoring flow passphrase';

const EXPECTED = apnMmsMailXml({ apn: 'internet.operator.example', mmsc: 'mmsc.operator.example', imap: 'imap.operator.example', smtp: 'smtp.operator.example' });

let pcscd: PcscdRun | undefined;
let sim: VpcdClient | undefined;
let card: UiccSimulator;
let studio: StudioInBrowser;
let page: Page;
/** Every command APDU the card received, as hex. */
let received: string[] = [];
const started = Date.now();

/** One line on stderr per step (with the time since the start), so a step that blocks names itself. */
function step(what: string): void {
	process.stderr.write(`[authoring-flow +${((Date.now() - started) / 1000).toFixed(1)} s] ${what}\n`);
}

beforeAll(async () => {
	pcscd = await startPcscd('pstudio-e2e-authoring-', { reuse: true });
	({ card, received } = recordedCard());
	sim = await attachSimulator(PORT, card);
	studio = await openStudio();
	page = studio.page;
	// No step waits without bound: an action that cannot happen fails in 20 s with the locator it waited for.
	page.setDefaultTimeout(20_000);
	page.on('pageerror', (error) => step(`page error: ${error.message}`));
	page.on('console', (message) => {
		if (message.type() === 'error') step(`console error: ${message.text()}`);
	});
});

afterAll(async () => {
	await studio?.close();
	await sim?.stop();
	await pcscd?.stop();
});

/** `node bin/pstudio.js <args>` (the CLI as installed), asynchronously (see above): its stdout as bytes. */
async function pstudio(args: string[]): Promise<Buffer> {
	const { stdout } = await run(process.execPath, [join(REPO_ROOT, 'bin', 'pstudio.js'), ...args], { cwd: REPO_ROOT, encoding: 'buffer', timeout: 30_000 });
	return stdout;
}

/** wbxml2xml's compact XML of a WBXML file. */
async function libwbxmlXml(file: string): Promise<string> {
	return (await run('wbxml2xml', ['-m', '0', '-o', '-', file], { encoding: 'utf8' })).stdout;
}

async function opensslHmacSha1(file: string, hexKey: string): Promise<string> {
	const { stdout } = await run('openssl', ['dgst', '-sha1', '-mac', 'HMAC', '-macopt', `hexkey:${hexKey}`, '-r', file], { encoding: 'utf8' });
	return stdout.split(' ')[0].toUpperCase();
}

function scratch(name: string): string {
	return join(studio.profile, name);
}

const ef = (...fids: number[]): SimEf => efOf(card, ...fids);

const field = (testid: string) => page.getByTestId(testid);
const text = () => editorDocument(editorContent(page));

/** The studio's navigation to a page, as a user moves between pages (no reload: the tab keeps its unlocked secrets). */
async function navigate(label: string): Promise<void> {
	await field('nav').getByRole('link', { name: label, exact: true }).click();
	await expect.poll(() => field('nav').locator('a[aria-current="page"]').textContent(), { timeout: 10_000 }).toBe(label);
}

let profileName = '';
/** The signed document the Bootstrap page offers: the bytes the card must hold. */
let signed: Buffer;

describe('author through the forms, sign, write to the simulated card, read back equal', () => {
	it('authors an APN + MMS + e-mail profile through the forms only: the XML written by hand, no finding', async () => {
		await studio.withScreenshot('authoring-flow-forms', async () => {
			step('library: keep secrets');
			await page.goto(`${studio.url}library`);
			await field('secrets-passphrase').fill(PASSPHRASE);
			await field('secrets-passphrase-repeat').fill(PASSPHRASE);
			await field('secrets-keep').click();
			await expect.poll(() => field('secrets-settings').getAttribute('data-unlocked'), { timeout: 20_000 }).toBe('true');

			step('document: new, forms');
			await navigate('Document');
			profileName = await newDocument(page, 'cp-empty');
			await field('show-forms').click();
			await field('forms-panel').waitFor();

			await page.getByRole('textbox', { name: 'Access point id (NAPID)' }).fill('INTERNET-NAP');
			await field('form-apn-name').fill('Internet');
			await page.getByRole('textbox', { name: 'APN (NAP-ADDRESS)' }).fill('internet.operator.example');
			await field('form-apn-addressType').selectOption('APN');
			await addToFormList(page, 'form-apn-bearers', 'GSM-GPRS');
			await field('form-apn-auth.type').selectOption('PAP');
			await field('form-apn-auth.name').fill('web');
			await page.getByRole('textbox', { name: 'Password (AUTHSECRET)' }).fill('apn-pass-1');

			await field('form-choice').selectOption('mms');
			await field('form-mms-name').fill('MMS');
			await field('form-mms-mmsc').fill('http://mmsc.operator.example/mms');
			await addToFormList(page, 'form-mms-toNapid', 'INTERNET-NAP');

			await field('form-choice').selectOption('email');
			await field('form-email-incoming.appid').selectOption('143');
			await field('form-email-incoming.name').fill('Mail');
			await field('form-email-incoming.address.addr').fill('imap.operator.example');
			await field('form-email-incoming.address.port.number').fill('993');
			await field('form-email-incoming.auth.name').fill('alice');
			await field('form-email-incoming.auth.secret').fill('imap-pass-2');
			await addToFormList(page, 'form-email-incoming.toNapid', 'INTERNET-NAP');
			await field('form-email-outgoing.name').fill('Mail');
			await field('form-email-outgoing.address.addr').fill('smtp.operator.example');
			await field('form-email-outgoing.address.port.number').fill('587');
			await field('form-email-outgoing.auth.name').fill('alice');
			await field('form-email-outgoing.auth.secret').fill('smtp-pass-3');
			await addToFormList(page, 'form-email-outgoing.toNapid', 'INTERNET-NAP');

			step('document: the XML');
			await expect.poll(text, { timeout: 10_000 }).toBe(EXPECTED);
			await expect.poll(() => field('document-page').getAttribute('data-analysis'), { timeout: 10_000 }).toBe('current');
			await expect.poll(() => field('finding-count').textContent(), { timeout: 10_000 }).toBe('0 (0 errors)');
			await saved(page);
			writeFileSync(scratch('profile.xml'), EXPECTED);
		});
	});

	it('signs it on the Bootstrap page (NETWPIN): the MAC openssl computes over the bytes the page offers', async () => {
		await studio.withScreenshot('authoring-flow-sign', async () => {
			step('bootstrap: sign');
			await navigate('Bootstrap');
			await documentOpen(page, profileName);
			await expect.poll(text, { timeout: 10_000 }).toBe(EXPECTED);
			await field('sec').selectOption('NETWPIN');
			await field('imsi').fill(IMSI);
			await expect.poll(() => field('mac').textContent(), { timeout: 10_000 }).toMatch(/^[0-9A-F]{40}$/);
			const mac = (await field('mac').textContent()) ?? '';
			const [download] = await Promise.all([page.waitForEvent('download'), field('download-signed').click()]);
			await download.saveAs(scratch('signed.wbxml'));
			signed = readFileSync(scratch('signed.wbxml'));
			// OMA-WAP-ProvBoot §5: HMAC-SHA1 over the WBXML document under the NETWPIN key.
			expect(mac).toBe(await opensslHmacSha1(scratch('signed.wbxml'), NETWPIN_KEY));
			// The offered bytes are the XML written by hand, as libwbxml reads them: its own encoding of that text,
			// decoded by it, is the reference (ORACLES.md §1: its string table and page switches may differ).
			await run('xml2wbxml', ['-o', scratch('profile.libwbxml.wbxml'), scratch('profile.xml')]);
			expect(await libwbxmlXml(scratch('signed.wbxml'))).toBe(await libwbxmlXml(scratch('profile.libwbxml.wbxml')));
			// The PDUs that carry it, to +441234567890: AT+CMGS=<TPDU octets>, then the PDU with the SMSC octet 00 in
			// front (not counted; 27.005 §3.5.1); 23.040 SMS-SUBMIT with UDHI (as bootstrap.test.ts reasons it); the
			// push header has SEC=NETWPIN (91 80) and MAC (92) with the MAC's 40 hex characters as ASCII.
			await field('to').fill('+441234567890');
			await field('pdu-line').first().waitFor({ timeout: 10_000 });
			const lines = await field('pdu-line').allTextContents();
			expect(lines.length).toBeGreaterThan(0);
			for (const line of lines) {
				const [, length, hex] = /^AT\+CMGS=(\d+) ([0-9A-F]+)$/.exec(line) ?? [];
				expect(hex, line).toMatch(/^0041000C914421436587090004[0-9A-F]+$/);
				expect(hex.length / 2 - 1, line).toBe(Number(length));
			}
			expect(lines.map((l) => l.split(' ')[1]).join('')).toContain('B69180' + '92' + Buffer.from(mac, 'ascii').toString('hex').toUpperCase());
		});
	});

	it('writes it to the simulated card as Config1 from the library, ADM1 typed as 8 digits, after the confirmation', async () => {
		await studio.withScreenshot('authoring-flow-write', async () => {
			step('document: the sample as the Bootstrap to write');
			// The Card page writes the open document as Bootstrap: the sample is opened for it.
			await navigate('Document');
			await newDocument(page, 'cp-sample');
			await saved(page);
			step('card: reader');
			await navigate('Card');
			await documentOpen(page);
			await page.locator(`[data-testid="reader-select"] option[value="${READER}"]`, { hasText: 'card' }).waitFor({ state: 'attached', timeout: 15_000 });
			await field('reader-select').selectOption(READER);
			await expect.poll(() => field('capacity-source').textContent(), { timeout: 15_000 }).toContain("this card's files");

			step('card: Config1, ADM1, write');
			await field('config1-select').selectOption({ label: profileName });
			await field('adm-format-digits').check();
			await field('adm').fill('88888888');
			await expect.poll(() => field('write').isDisabled(), { timeout: 15_000 }).toBe(false);
			expect(await field('config1-problem').count()).toBe(0);
			await field('write').click();
			await field('plan-dialog').waitFor({ timeout: 20_000 });
			expect(received.filter((c) => c.startsWith('0020')).length, 'no VERIFY before the confirmation').toBe(0);
			await field('plan-confirm').click();
			await field('write-verdict').waitFor({ timeout: 30_000 });
			expect(await field('write-verdict').textContent()).toMatch(/^\s*Verified: all 6 files read back equal/);
			// ADM1 as the ASCII of its 8 digits (pySim --adm 88888888): VERIFY 00 20 00 0A 08 3838383838383838.
			expect(received).toContain('0020000A083838383838383838');

			// The card's own EF 6E02 (Config1, the PKCS#15 ProvSC profile): the signed WBXML, then the erased FF of the
			// rest of its 1024 bytes. The MAC is not in it: it travels in the push's content type (ProvBoot §5).
			const config1 = ef(0x7f50, 0x6e02).data;
			expect(config1.length).toBe(1024);
			expect(Buffer.from(config1.subarray(0, signed.length))).toEqual(signed);
			expect(config1.subarray(signed.length).every((b) => b === 0xff)).toBe(true);
		});
	});

	it("reads back equal: on the Card page, through pstudio card read, and as libwbxml decodes the card's bytes", async () => {
		await studio.withScreenshot('authoring-flow-read', async () => {
			step('card: read back on the page');
			await field('read-back').click();
			await field('read-document').first().waitFor({ timeout: 30_000 });
			const article = field('read-document').filter({ has: page.locator('h3', { hasText: /^Config1 / }) });
			expect(await article.count()).toBe(1);
			expect(await article.getByTestId('equal-line').textContent()).toMatch(/^Equal to what was authored: yes/);
			const pageHex = ((await article.getByTestId('read-hex').textContent()) ?? '').replace(/\s+/g, '');
			expect(Buffer.from(pageHex, 'hex')).toEqual(signed);

			step('pstudio card read');
			await pstudio(['card', 'read', '--reader', READER, '--only', 'Config1', '-o', scratch('config1-from-card.wbxml')]);
			const fromCard = readFileSync(scratch('config1-from-card.wbxml'));
			expect(fromCard).toEqual(signed);

			step('wbxml2xml of the card bytes');
			// A third party reads the card's bytes as the document its own encoder makes of the XML written by hand …
			const decoded = await libwbxmlXml(scratch('config1-from-card.wbxml'));
			expect(decoded).toBe(await libwbxmlXml(scratch('profile.libwbxml.wbxml')));
			// … with the passwords as typed into the forms (not the library's placeholder for a secret it did not keep).
			for (const parm of ['<parm name="AUTHSECRET" value="apn-pass-1"/>', '<parm name="AAUTHSECRET" value="imap-pass-2"/>', '<parm name="AAUTHSECRET" value="smtp-pass-3"/>']) {
				expect(decoded).toContain(parm);
			}
			expect(decoded).not.toContain('secret not stored');
			step('done');
		});
	});
});
