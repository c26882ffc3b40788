// A Config1 document whose password this browser does not keep ("keep secrets" off, the default): the library holds
// "[secret not stored]" in its place, so it could never be written to a card. The Card page asks for the value, for
// this write only: typed into the field under the Config1 picker, it reaches the card's EF 6E02 (read from the
// simulated card itself, decoded by libwbxml's wbxml2xml) and nowhere in the browser's storage. Headless Chromium
// against the production build and the machine's pcscd, our simulated card on vpcd slot 1 in this test process.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UiccSimulator } from '../../src/lib/card/simulator';
import type { VpcdClient } from '../../src/lib/server/vpcd';
import { attachSimulator, startPcscd, type PcscdRun } from '../pcsc/harness';
import { openStudio, type StudioInBrowser } from './browser';
import { efOf, recordedCard } from './simulated-card';
import { documentOpen, dumpIndexedDb, newDocument, savedAfterEdit, setEditorText, utf8Hex, webStorage } from './studio-page';

const READER = 'Virtual PCD 00 01';
const PORT = 35964;
// Characters XML must escape, so that the test sees them written as the document needs them.
const PASSWORD = 'Gprs&"pw"<7>';

const BOOTSTRAP = `<?xml version="1.0"?>
<wap-provisioningdoc version="1.0">
  <characteristic type="NAPDEF">
    <parm name="NAME" value="Boot APN"/>
    <parm name="NAPID" value="BOOT"/>
    <parm name="BEARER" value="GSM-GPRS"/>
    <parm name="NAP-ADDRESS" value="boot.example.net"/>
    <parm name="NAP-ADDRTYPE" value="APN"/>
  </characteristic>
</wap-provisioningdoc>
`;

// The AUTHSECRET value is on line 11 (the page names the field by its line).
const CONFIG1 = `<?xml version="1.0"?>
<wap-provisioningdoc version="1.0">
  <characteristic type="NAPDEF">
    <parm name="NAME" value="Secret APN"/>
    <parm name="NAPID" value="SECRETAPN"/>
    <parm name="BEARER" value="GSM-GPRS"/>
    <parm name="NAP-ADDRESS" value="secret.example.net"/>
    <parm name="NAP-ADDRTYPE" value="APN"/>
    <characteristic type="NAPAUTHINFO">
      <parm name="AUTHTYPE" value="PAP"/>
      <parm name="AUTHSECRET" value="first-password"/>
    </characteristic>
  </characteristic>
</wap-provisioningdoc>
`;

let pcscd: PcscdRun | undefined;
let sim: VpcdClient | undefined;
let card: UiccSimulator;
let studio: StudioInBrowser;
let page: Page;
let dir = '';

beforeAll(async () => {
	pcscd = await startPcscd('pstudio-e2e-card-secrets-', { reuse: true });
	({ card } = recordedCard());
	sim = await attachSimulator(PORT, card);
	studio = await openStudio();
	page = studio.page;
	dir = mkdtempSync(join(tmpdir(), 'pstudio-card-secrets-'));
});

afterAll(async () => {
	await studio?.close();
	await sim?.stop();
	await pcscd?.stop();
	rmSync(dir, { recursive: true, force: true });
});

/** The WBXML in an EF (before its FF padding) as libwbxml decodes it (ORACLES.md §1). */
function wbxml2xml(data: Uint8Array): string {
	let n = data.length;
	while (n > 0 && data[n - 1] === 0xff) n--;
	const file = join(dir, 'ef.wbxml');
	writeFileSync(file, data.subarray(0, n));
	return execFileSync('wbxml2xml', ['-m', '0', '-o', '-', file], { encoding: 'utf8' });
}

describe('Card page: a Config document whose secrets this browser does not keep', () => {
	it('asks for the secret under the Config1 picker, writes it to the card, and stores it nowhere', async () => {
		await studio.withScreenshot('card-config-secrets', async () => {
			await page.goto(studio.url);
			const configName = await newDocument(page, 'cp-empty');
			await setEditorText(page, CONFIG1);
			await savedAfterEdit(page);
			await newDocument(page, 'cp-empty');
			await setEditorText(page, BOOTSTRAP);
			// The Card page is loaded next: the library must have the text first.
			await savedAfterEdit(page);

			await page.goto(`${studio.url}card`);
			await documentOpen(page);
			await page.locator(`[data-testid="reader-select"] option[value="${READER}"]`, { hasText: 'card' }).waitFor({ state: 'attached', timeout: 15_000 });
			await page.getByTestId('reader-select').selectOption(READER);
			await expect.poll(() => page.getByTestId('card-iccid').textContent(), { timeout: 15_000 }).toBe('8949000000000000001');
			await page.getByTestId('adm-format-digits').check();
			await page.getByTestId('adm').fill('88888888');

			await page.getByTestId('config1-select').selectOption({ label: configName });
			const problem = page.getByTestId('config1-problem');
			await expect.poll(() => problem.textContent(), { timeout: 15_000 }).toBe('Config1: Not written to a card: enter AUTHSECRET (line 11) again (not kept in this browser).');
			expect(await page.getByTestId('write').isDisabled()).toBe(true);
			const fields = page.getByTestId('config1-secrets');
			expect(await fields.locator('legend').textContent()).toBe('Config1: secrets this browser does not keep, for this write only');
			expect((await fields.locator('label span').allTextContents()).map((t) => t.replace(/\s+/g, ' '))).toEqual(['AUTHSECRET (NAPDEF[1]/NAPAUTHINFO[1]/AUTHSECRET, line 11)']);
			const input = page.getByTestId('config1-secret-0');
			expect(await input.getAttribute('type')).toBe('password');
			// The fields asked for: no serious or critical accessibility violation on the page showing them, light and dark.
			for (const colorScheme of ['dark', 'light'] as const) {
				await page.emulateMedia({ colorScheme });
				const axe = await new AxeBuilder({ page }).analyze();
				expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${colorScheme} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
			}

			await input.fill(PASSWORD);
			await expect.poll(() => problem.count()).toBe(0);
			await expect.poll(() => page.getByTestId('write').isDisabled()).toBe(false);
			await page.getByTestId('write').click();
			await page.getByTestId('plan-confirm').click({ timeout: 30_000 });
			await page.getByTestId('write-verdict').waitFor({ timeout: 60_000 });
			expect(await page.getByTestId('write-verdict').textContent()).toMatch(/^\s*Verified: all \d files read back equal/);

			// On the card: Config1 (EF 6E02) holds the password typed, as libwbxml reads the WBXML.
			const config1 = wbxml2xml(efOf(card, 0x7f50, 0x6e02).data);
			expect(config1).toContain('<parm name="AUTHSECRET" value="Gprs&amp;&quot;pw&quot;&lt;7&gt;"/>');
			expect(config1).toContain('<parm name="NAPID" value="SECRETAPN"/>');

			// In the browser's storage: neither the password typed for the write nor the one first typed in the editor.
			const stored = JSON.stringify({ ...(await webStorage(page)), db: await dumpIndexedDb(page) });
			for (const secret of [PASSWORD, 'first-password']) {
				expect(stored).not.toContain(secret);
				expect(stored).not.toContain(utf8Hex(secret));
			}
			expect(stored).toContain('[secret not stored]');
		});
	});
});
