// Issue 11's main flow, in Debian's Chromium against the production build and the machine's pcscd, with our simulated
// card on vpcd slot 1 (TCP 35964 = "Virtual PCD 00 01") in this test process: an APN + MMS + e-mail profile authored
// through the Document page's forms only (no XML typed), signed on the Bootstrap page (NETWPIN, the MAC `pstudio sign`
// gives for the same text), written to the card as Config1 from the library (ADM1 typed as 8 digits, confirmed in the
// dialog), and read back through the page and through `pstudio card read`: the bytes are those `pstudio encode` gives
// for the text the editor shows, and libwbxml's wbxml2xml reads the card's bytes as the document xml2wbxml encodes
// from that text (ORACLES.md §1: compared decoded, not byte for byte).
//
// What the card holds: the provisioning file EF 6E02 holds the document's WBXML (the PKCS#15 ProvSC profile's
// Config1, OMA-WAP-ProvSC), not the signed push: the MAC belongs to the OTA push's content type parameters
// (OMA-WAP-ProvBoot §5), so the Card page writes the same WBXML bytes the MAC is computed over, without the MAC.
//
// The profile carries passwords (AUTHSECRET, AAUTHSECRET): the library keeps them only with "keep secrets in this
// browser" on, and a Config document chosen from the library is written only when none is missing; so the flow
// turns it on first, as a user who writes a profile with passwords must.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultProfile, loadProfile, UiccSimulator } from '../../src/lib/card/simulator';
import type { SimDf, SimEf } from '../../src/lib/card/simulator/model';
import type { VpcdClient } from '../../src/lib/server/vpcd';
import { attachSimulator, startPcscd, type PcscdRun } from '../pcsc/harness';
import { openStudio, type StudioInBrowser } from './browser';
import { REPO_ROOT } from './server';
import { documentOpen, editorContent, newDocument, saved } from './studio-page';

const READER = 'Virtual PCD 00 01';
const PORT = 35964;
const IMSI = '262019876543210';
const PASSPHRASE = 'authoring flow passphrase';

let pcscd: PcscdRun | undefined;
let sim: VpcdClient | undefined;
let card: UiccSimulator;
let studio: StudioInBrowser;
let page: Page;
/** Every command APDU the card received, as hex. */
const received: string[] = [];

beforeAll(async () => {
	pcscd = await startPcscd('pstudio-e2e-authoring-', { reuse: true });
	card = new UiccSimulator(loadProfile(defaultProfile()));
	const transmit = card.transmit.bind(card);
	card.transmit = (capdu: Uint8Array): Uint8Array => {
		received.push(Buffer.from(capdu).toString('hex').toUpperCase());
		return transmit(capdu);
	};
	sim = await attachSimulator(PORT, card);
	studio = await openStudio();
	page = studio.page;
});

afterAll(async () => {
	await studio?.close();
	await sim?.stop();
	await pcscd?.stop();
});

/** `node bin/pstudio.js <args>` (the CLI as installed): its stdout as bytes. */
function pstudio(args: string[]): Buffer {
	return execFileSync('node', [join(REPO_ROOT, 'bin', 'pstudio.js'), ...args], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** wbxml2xml's compact XML of a WBXML file. */
function libwbxmlXml(file: string): string {
	return execFileSync('wbxml2xml', ['-m', '0', '-o', '-', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
}

function scratch(name: string): string {
	return join(studio.profile, name);
}

/** The whole text of the editor on the page (the EditorView behind its content element, as studio-page.ts reads it). */
function editorDocument(): Promise<string | undefined> {
	type Tile = { root?: { view?: { state: { doc: { toString(): string } } } } };
	return editorContent(page).evaluate((element) => (element as unknown as { cmTile?: Tile }).cmTile?.root?.view?.state.doc.toString());
}

/** An EF of the simulated card by FIDs below the MF, from its own state (not through PC/SC or our card layer). */
function ef(...fids: number[]): SimEf {
	let node: SimDf | SimEf = card.state.mf;
	for (const fid of fids) {
		if (node.kind !== 'df') throw new Error('not a DF');
		const next: SimDf | SimEf | undefined = node.children.find((c) => c.fid === fid);
		if (!next) throw new Error(`no file ${fid.toString(16)}`);
		node = next;
	}
	if (node.kind === 'df') throw new Error('a DF');
	return node;
}

const field = (testid: string) => page.getByTestId(testid);

async function addTo(list: string, value: string): Promise<void> {
	await field(`${list}-add`).click();
	const row = field(`${list}-0`);
	if ((await row.evaluate((e) => e.tagName)) === 'SELECT') await row.selectOption(value);
	else await row.fill(value);
}

/** After a page load (a new page, as a new tab): the secrets kept in the library unlocked with the passphrase. */
async function unlock(): Promise<void> {
	await field('unlock-passphrase').fill(PASSPHRASE, { timeout: 15_000 });
	await field('unlock-submit').click();
	await expect.poll(() => field('unlock-prompt').count(), { timeout: 30_000 }).toBe(0);
}

let profileName = '';
/** The profile's text as the editor shows it once authored. */
let authoredText = '';
/** `pstudio encode` of that text: the bytes the card must hold. */
let encoded: Buffer;

describe('author, sign, write, read back', () => {
	it('authors an APN + MMS + e-mail profile through the forms only, its passwords kept sealed in the library', async () => {
		await studio.withScreenshot('authoring-flow-forms', async () => {
			await page.goto(`${studio.url}library`);
			await field('secrets-passphrase').fill(PASSPHRASE);
			await field('secrets-passphrase-repeat').fill(PASSPHRASE);
			await field('secrets-keep').click();
			await expect.poll(() => field('secrets-settings').getAttribute('data-unlocked'), { timeout: 30_000 }).toBe('true');

			await page.goto(studio.url);
			await documentOpen(page);
			await unlock();
			profileName = await newDocument(page, 'cp-empty');
			await field('show-forms').click();
			await field('forms-panel').waitFor();

			await page.getByRole('textbox', { name: 'Access point id (NAPID)' }).fill('INTERNET-NAP');
			await field('form-apn-name').fill('Internet');
			await page.getByRole('textbox', { name: 'APN (NAP-ADDRESS)' }).fill('internet.operator.example');
			await field('form-apn-addressType').selectOption('APN');
			await addTo('form-apn-bearers', 'GSM-GPRS');
			await field('form-apn-auth.type').selectOption('PAP');
			await field('form-apn-auth.name').fill('web');
			await page.getByRole('textbox', { name: 'Password (AUTHSECRET)' }).fill('apn-pass-1');

			await field('form-choice').selectOption('mms');
			await field('form-mms-name').fill('MMS');
			await field('form-mms-mmsc').fill('http://mmsc.operator.example/mms');
			await addTo('form-mms-toNapid', 'INTERNET-NAP');

			await field('form-choice').selectOption('email');
			await field('form-email-incoming.appid').selectOption('143');
			await field('form-email-incoming.name').fill('Mail');
			await field('form-email-incoming.address.addr').fill('imap.operator.example');
			await field('form-email-incoming.address.port.number').fill('993');
			await field('form-email-incoming.auth.name').fill('alice');
			await field('form-email-incoming.auth.secret').fill('imap-pass-2');
			await addTo('form-email-incoming.toNapid', 'INTERNET-NAP');
			await field('form-email-outgoing.name').fill('Mail');
			await field('form-email-outgoing.address.addr').fill('smtp.operator.example');
			await field('form-email-outgoing.address.port.number').fill('587');
			await field('form-email-outgoing.auth.name').fill('alice');
			await field('form-email-outgoing.auth.secret').fill('smtp-pass-3');
			await addTo('form-email-outgoing.toNapid', 'INTERNET-NAP');

			await expect.poll(editorDocument).toContain('<parm name="AAUTHSECRET" value="smtp-pass-3"/>');
			await expect.poll(() => page.getByTestId('document-page').getAttribute('data-analysis')).toBe('current');
			await expect.poll(() => page.getByTestId('finding-count').textContent()).toBe('0 (0 errors)');
			await saved(page);
			authoredText = (await editorDocument()) ?? '';
			expect(authoredText).toMatch(/^<\?xml version="1\.0"\?>\n<!DOCTYPE wap-provisioningdoc /);
			writeFileSync(scratch('profile.xml'), authoredText);
			encoded = pstudio(['encode', scratch('profile.xml'), '-o', '-']);
			expect(encoded.subarray(0, 3)).toEqual(Buffer.from([0x03, 0x0b, 0x6a])); // WBXML 1.3, PROV 1.0, UTF-8
		});
	});

	it('signs it on the Bootstrap page (NETWPIN): the MAC and bytes pstudio sign gives for the same text', async () => {
		await studio.withScreenshot('authoring-flow-sign', async () => {
			await page.goto(`${studio.url}bootstrap`);
			await documentOpen(page, profileName);
			await unlock();
			await expect.poll(editorDocument).toBe(authoredText);
			await field('sec').selectOption('NETWPIN');
			await field('imsi').fill(IMSI);
			await expect.poll(() => field('mac').textContent(), { timeout: 10_000 }).toMatch(/^[0-9A-F]{40}$/);
			const mac = (await field('mac').textContent()) ?? '';

			const cli = JSON.parse(pstudio(['sign', scratch('profile.xml'), '--sec', 'NETWPIN', '--imsi', IMSI, '--json']).toString('utf8')) as { mac: string; bytes: number };
			expect(mac).toBe(cli.mac);
			const [download] = await Promise.all([page.waitForEvent('download'), field('download-signed').click()]);
			await download.saveAs(scratch('signed.wbxml'));
			// The signed document is the WBXML the card will hold (the MAC travels in the push's headers, not in it).
			expect(readFileSync(scratch('signed.wbxml'))).toEqual(encoded);
			expect(cli.bytes).toBe(encoded.length);
		});
	});

	it('writes it to the simulated card as Config1 from the library, ADM1 as 8 digits, after the confirmation', async () => {
		await studio.withScreenshot('authoring-flow-write', async () => {
			// The Card page writes the open document as Bootstrap: a second document, the sample, is opened for it.
			await page.goto(studio.url);
			await documentOpen(page);
			await unlock();
			await newDocument(page, 'cp-sample');
			await saved(page);
			await page.goto(`${studio.url}card`);
			await documentOpen(page);
			await unlock();
			await page.locator(`[data-testid="reader-select"] option[value="${READER}"]`, { hasText: 'card' }).waitFor({ state: 'attached', timeout: 15_000 });
			await field('reader-select').selectOption(READER);
			await expect.poll(() => field('capacity-source').textContent(), { timeout: 15_000 }).toContain("this card's files");

			await field('config1-select').selectOption({ label: profileName });
			await field('adm-format-digits').check();
			await field('adm').fill('88888888');
			await expect.poll(() => field('write').isDisabled(), { timeout: 15_000 }).toBe(false);
			expect(await field('config1-problem').count()).toBe(0);
			await field('write').click();
			await field('plan-dialog').waitFor({ timeout: 30_000 });
			const config1Row = await field('plan-row').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-line') ?? '').find((l) => l.startsWith('Config1 ')));
			expect(config1Row).toBe(`Config1 3F00 7F50 6E02: replaced: content changes, 1024 B, ${encoded.length} used`);
			expect(received.filter((c) => c.startsWith('0020')).length, 'no VERIFY before the confirmation').toBe(0);
			await field('plan-confirm').click();
			await field('write-verdict').waitFor({ timeout: 60_000 });
			expect(await field('write-verdict').textContent()).toMatch(/^\s*Verified: all 6 files read back equal/);
			// ADM1 as the ASCII of its 8 digits (pySim --adm 88888888).
			expect(received).toContain('0020000A083838383838383838');

			// The card's own EF 6E02: the WBXML, then the erased FF of the rest of the file.
			const config1 = ef(0x7f50, 0x6e02).data;
			expect(Buffer.from(config1.subarray(0, encoded.length))).toEqual(encoded);
			expect(config1.subarray(encoded.length).every((b) => b === 0xff)).toBe(true);
		});
	});

	it('reads back equal: on the page, through pstudio card read, and as libwbxml decodes the card\'s bytes', async () => {
		await studio.withScreenshot('authoring-flow-read', async () => {
			await field('read-back').click();
			await field('read-document').first().waitFor({ timeout: 60_000 });
			const article = field('read-document').filter({ has: page.locator('h3', { hasText: /^Config1 / }) });
			expect(await article.count()).toBe(1);
			expect(await article.getByTestId('equal-line').textContent()).toMatch(/^Equal to what was authored: yes/);
			const pageHex = ((await article.getByTestId('read-hex').textContent()) ?? '').replace(/\s+/g, '');
			expect(Buffer.from(pageHex, 'hex')).toEqual(encoded);

			pstudio(['card', 'read', '--reader', READER, '--only', 'Config1', '-o', scratch('config1-from-card.wbxml')]);
			const fromCard = readFileSync(scratch('config1-from-card.wbxml'));
			expect(fromCard).toEqual(encoded);

			// A third party reads the card's bytes as the document its own encoder makes of the editor's text …
			execFileSync('xml2wbxml', ['-o', scratch('profile.libwbxml.wbxml'), scratch('profile.xml')], { stdio: 'ignore' });
			const decoded = libwbxmlXml(scratch('config1-from-card.wbxml'));
			expect(decoded).toBe(libwbxmlXml(scratch('profile.libwbxml.wbxml')));
			// … with the settings typed into the forms, the passwords as typed (not the library's placeholder).
			for (const parm of [
				'<parm name="NAP-ADDRESS" value="internet.operator.example"/>',
				'<parm name="AUTHSECRET" value="apn-pass-1"/>',
				'<parm name="ADDR" value="http://mmsc.operator.example/mms"/>',
				'<parm name="ADDR" value="imap.operator.example"/>',
				'<parm name="PORTNBR" value="993"/>',
				'<parm name="AAUTHSECRET" value="imap-pass-2"/>',
				'<parm name="ADDR" value="smtp.operator.example"/>',
				'<parm name="PORTNBR" value="587"/>',
				'<parm name="AAUTHSECRET" value="smtp-pass-3"/>'
			]) {
				expect(decoded).toContain(parm);
			}
			expect(decoded).not.toContain('secret not stored');
		});
	});
});
