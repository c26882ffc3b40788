// The Card page end to end in headless Chromium against the production build (`node build`), which talks to the
// real pcscd; our simulated card is attached here to vpcd slot 1 (TCP 35964 = "Virtual PCD 00 01"), so a card the
// pcsc project may have on slot 0 at the same time does not matter: the reader is chosen by name.
// Flow: author on the document page → /card (the same library document, in the same editor) → write with the ADM
// key → report verified → read back → "equal: yes" → export, whose bytes are the document page's own download, byte
// for byte; the ADM key stored nowhere. Plus: a document with an error is not written, a wrong ADM key, and card
// writes refused to another origin. tests/pcsc/harness.ts starts pcscd unless PSTUDIO_PCSCD=running.
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ATR } from '../../src/lib/card/simulator';
import { toHex } from '../../src/lib/codec/hex';
import type { VpcdClient } from '../../src/lib/server/vpcd';
import { attachSimulator, run, startPcscd, type PcscdRun } from '../pcsc/harness';
import { openStudio, type StudioInBrowser } from './browser';
import { documentOpen, dumpIndexedDb, editorText, newDocument, saved, setEditorText, utf8Hex, webStorage } from './studio-page';

const READER = 'Virtual PCD 00 01';
const PORT = 35964;
const ADM = '3838383838383838';

// An office APN and a browser start page: a document of our own, so nothing on the card can come from elsewhere.
const AUTHORED = `<?xml version="1.0"?>
<!DOCTYPE wap-provisioningdoc PUBLIC "-//WAPFORUM//DTD PROV 1.0//EN" "http://www.wapforum.org/DTD/prov.dtd">
<wap-provisioningdoc version="1.0">
  <characteristic type="NAPDEF">
    <parm name="NAME" value="Office APN"/>
    <parm name="NAPID" value="OFFICE"/>
    <parm name="BEARER" value="GSM-GPRS"/>
    <parm name="NAP-ADDRESS" value="office.example.net"/>
    <parm name="NAP-ADDRTYPE" value="APN"/>
  </characteristic>
  <characteristic type="APPLICATION">
    <parm name="APPID" value="w2"/>
    <parm name="TO-NAPID" value="OFFICE"/>
    <parm name="ADDR" value="http://portal.example.net/"/>
  </characteristic>
</wap-provisioningdoc>
`;

let dir = '';
let pcscd: PcscdRun | undefined;
let sim: VpcdClient | undefined;
let studio: StudioInBrowser;
let page: Page;

beforeAll(async () => {
	pcscd = await startPcscd('pstudio-e2e-card-', { reuse: true });
	dir = pcscd.dir;
	sim = await attachSimulator(PORT);
	studio = await openStudio();
	page = studio.page;
});

afterAll(async () => {
	await studio?.close();
	await sim?.stop();
	await pcscd?.stop();
});

async function downloaded(click: () => Promise<void>): Promise<{ name: string; bytes: Uint8Array }> {
	const [download] = await Promise.all([page.waitForEvent('download'), click()]);
	const file = join(dir, `dl-${Date.now()}-${download.suggestedFilename()}`);
	await download.saveAs(file);
	return { name: download.suggestedFilename(), bytes: new Uint8Array(readFileSync(file)) };
}

/** The ADM1 key in 16 hex digits mode (pySim --adm-hex), as this file's writes give it. */
async function fillAdmHex(key: string): Promise<void> {
	await page.getByTestId('adm-format-hex').check();
	await page.getByTestId('adm').fill(key);
}

/** Write asks first (the comparison with the card): confirm it. */
async function writeConfirmed(): Promise<void> {
	await page.getByTestId('write').click();
	await page.getByTestId('plan-dialog').waitFor({ timeout: 60_000 });
	await page.getByTestId('plan-confirm').click();
}

async function chooseReader(): Promise<void> {
	const select = page.getByTestId('reader-select');
	// The list is polled: wait until our reader shows its card, then pick it by name.
	await page.locator(`[data-testid="reader-select"] option[value="${READER}"]`, { hasText: 'card' }).waitFor({ state: 'attached', timeout: 15_000 });
	await expect.poll(async () => page.locator(`[data-testid="reader-select"] option[value="${READER}"]`).textContent(), { timeout: 15_000 }).toBe(`${READER} — card`);
	await select.selectOption(READER);
	await expect.poll(() => page.getByTestId('card-iccid').textContent(), { timeout: 15_000 }).toBe('8949000000000000001');
}

describe('Card page', () => {
	it('writes an authored document, shows it verified, reads it back equal byte for byte and exports the same bytes', async () => {
		await studio.withScreenshot('card-write-read-export', async () => {
			// Author on the document page and keep its WBXML download: that is "what was authored".
			await page.goto(studio.url);
			await newDocument(page, 'cp-empty');
			await setEditorText(page, AUTHORED);
			await expect.poll(() => page.getByTestId('finding-count').textContent()).toBe('0 (0 errors)');
			await expect.poll(() => page.getByTestId('document-page').getAttribute('data-analysis')).toBe('current');
			const authored = await downloaded(() => page.getByTestId('download').click());
			await saved(page);

			// A full load of the Card page: the workspace opens the same document, shown in the same editor.
			await page.goto(`${studio.url}card`);
			await documentOpen(page);
			await expect.poll(() => editorText(page)).toBe(AUTHORED);
			await chooseReader();
			// The default profile's ATR (sysmoUSIM-SJS1) as PC/SC reports it.
			expect(await page.getByTestId('card-atr').textContent()).toBe(DEFAULT_ATR);

			await expect.poll(() => page.getByTestId('bootstrap-status').textContent()).toContain(`${authored.bytes.length} bytes WBXML, 0 errors`);
			expect(await page.getByTestId('adm').getAttribute('type')).toBe('password');
			await fillAdmHex(ADM);
			await writeConfirmed();
			await page.getByTestId('write-verdict').waitFor({ timeout: 60_000 });
			expect(await page.getByTestId('write-verdict').textContent()).toMatch(/^\s*Verified: all 5 files read back equal \(\d+ APDUs\)\s*$/);
			const rows = await page.getByTestId('report-row').allTextContents();
			expect(rows[0]).toBe(`3F00 7F50 6E01Bootstrap2.23.43.7.1${authored.bytes.length}2048✓`);
			expect(rows).toHaveLength(5);
			for (const row of rows) expect(row.endsWith('✓')).toBe(true);
			const trace = (await page.getByTestId('trace').textContent()) ?? '';
			expect(trace).toContain('> VERIFY ADM1 00 20 00 0A 08 ****\n< 9000 normal ending');
			expect(trace.replace(/\s/g, '')).not.toContain(ADM);

			await page.getByTestId('read-back').click();
			await page.getByTestId('equal-line').first().waitFor({ timeout: 60_000 });
			expect(await page.getByTestId('equal-line').first().textContent()).toBe(
				`Equal to what was authored: yes (byte for byte, ${authored.bytes.length} bytes)`
			);
			expect(await page.getByTestId('read-xml').first().textContent()).toContain('<parm name="NAP-ADDRESS" value="office.example.net"/>');

			const exported = await downloaded(() => page.getByTestId('export').first().click());
			expect(exported.name).toBe('bootstrap-from-card.wbxml');
			expect(toHex(exported.bytes)).toBe(toHex(authored.bytes));
			// And libwbxml, which no one here wrote, reads the card's bytes as the authored document.
			const file = join(dir, 'exported.wbxml');
			writeFileSync(file, exported.bytes);
			const { stdout } = await run('wbxml2xml', ['-m', '0', '-o', '-', file]);
			for (const parm of ['<parm name="NAME" value="Office APN"/>', '<parm name="ADDR" value="http://portal.example.net/"/>', '<parm name="TO-NAPID" value="OFFICE"/>']) {
				expect(stdout).toContain(parm);
			}

			// The ADM key was sent for one write and kept nowhere: not in the URL, web storage or any IndexedDB store.
			expect(page.url()).not.toContain(ADM);
			const stored = JSON.stringify({ ...(await webStorage(page)), idb: await dumpIndexedDb(page) });
			expect(stored).toContain('"drafts"');
			for (const form of [ADM, '88888888', utf8Hex('88888888')]) expect(stored).not.toContain(form);
		});
	});

	it('does not write a document with an error, and says why on the page', async () => {
		await studio.withScreenshot('card-blocked', async () => {
			await page.goto(`${studio.url}card`);
			await documentOpen(page);
			await chooseReader();
			await fillAdmHex(ADM);
			await expect.poll(() => page.getByTestId('write').isDisabled()).toBe(false);
			// BEARER GSM-GPRSX is no value of ProvCont §5 NAPDEF: the value is on line 7, column 25.
			await setEditorText(page, AUTHORED.replace('GSM-GPRS', 'GSM-GPRSX'));
			await expect.poll(() => page.getByTestId('write-blocked').textContent(), { timeout: 10_000 }).toMatch(/^Bootstrap: Not written to a card: line 7:25: .*GSM-GPRSX.*Fix the errors first\.$/);
			expect(await page.getByTestId('write').isDisabled()).toBe(true);
			await setEditorText(page, AUTHORED);
			await expect.poll(() => page.getByTestId('write').isDisabled(), { timeout: 10_000 }).toBe(false);
			expect(await page.getByTestId('write-blocked').count()).toBe(0);
			// Kept before the next test reloads the page (autosave may lose the last second on a reload, by design).
			await saved(page);
		});
	});

	it('shows a wrong ADM key with the APDU, the status word and the tries left', async () => {
		await studio.withScreenshot('card-wrong-adm', async () => {
			await page.goto(`${studio.url}card`);
			await chooseReader();
			await fillAdmHex('0102030405060708');
			await writeConfirmed();
			// Next to the ADM1 field, not at the bottom of the page.
			const shown = page.getByTestId('adm-field').getByTestId('adm-card-error');
			await shown.waitFor({ timeout: 60_000 });
			// 10 tries in the default profile; the successful VERIFY of the previous test reset the counter.
			expect(await shown.textContent()).toBe(
				'VERIFY ADM1 00 20 00 0A 08 ****: 63C9 verification failed, 9 retries left — 9 tries left before the key is blocked'
			);
		});
	});

	it('refuses card writes from another origin: from a page of another origin, and with a forged Origin header', async () => {
		await studio.withScreenshot('card-origin', async () => {
			// Another site's page, served here on another loopback port; the studio's own pages could not even send these
			// requests, their CSP allows connections only to themselves (connect-src 'self').
			const other = createServer((_req, res) => res.end('<!doctype html><title>another site</title>'));
			await new Promise<void>((r) => other.listen(0, '127.0.0.1', r));
			const otherAddress = other.address();
			await page.goto(`http://127.0.0.1:${typeof otherAddress === 'object' && otherAddress ? otherAddress.port : 0}/`);
			other.close();
			// The same server under another name is another origin (RFC 6454): the page posts to Host localhost:P.
			// A JSON POST needs a CORS preflight, which the studio never grants: the POST is never sent.
			const target = studio.url.replace('127.0.0.1', 'localhost') + 'api/card/write';
			const body = JSON.stringify({ documents: { bootstrap: { wbxmlHex: '030B6A00C50101' } }, adm: ADM });
			const corsResult = await page.evaluate(
				async ({ url, body }) => {
					try {
						const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
						return `status ${r.status}`;
					} catch (e) {
						return e instanceof TypeError ? 'TypeError' : String(e);
					}
				},
				{ url: target, body }
			);
			expect(corsResult).toBe('TypeError');
			// A "simple" request (no preflight) does reach the server, and is refused with 403.
			const [response] = await Promise.all([
				page.waitForResponse((r) => r.url() === target && r.request().method() === 'POST'),
				page.evaluate(
					async ({ url, body }) => {
						await fetch(url, { method: 'POST', mode: 'no-cors', body });
					},
					{ url: target, body }
				)
			]);
			expect(response.status()).toBe(403);

			// A client that forges Origin (not a browser) meets the studio's own rule (hooks.server.ts).
			const forged = await studio.context.request.post(`${studio.url}api/card/write`, { headers: { Origin: 'http://evil.example' }, data: body });
			expect(forged.status()).toBe(403);
			expect(await forged.json()).toEqual({
				ok: false,
				error: { code: 'FORBIDDEN', message: `Origin http://evil.example is not the studio's own origin (${new URL(studio.url).host})` },
				trace: []
			});
			// The page's own origin is accepted by the same rule: the refusals above are about the origin, not the body.
			const own = await studio.context.request.post(`${studio.url}api/card/write`, { headers: { Origin: studio.url.slice(0, -1) }, data: { adm: ADM } });
			expect(own.status()).toBe(400);
		});
	});
});
