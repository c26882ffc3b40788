// Screenshots of every page for the closing notes of issues 9 and 11 (not a test: run by hand). Each page at 1440x900 and
// 800x900, light and dark, full page, with a realistic library: an operator bundle of NAPDEF/PXLOGICAL/APPLICATION
// blocks (bench/studio-docs.ts) with one warning left in, its versions, tags, the sample, and a DM account.
//   npx tsx tests/e2e/shots.ts [out folder, default tests/artefacts/shots]
// It serves the studio's build/ (build it first: npx vite build), or looks at SHOTS_URL when that is set.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { studioDocument } from '../../bench/studio-docs';
import { launchChromium } from './browser';
import { REPO_ROOT, startStudio } from './server';

const OUT = process.argv[2] ?? join(REPO_ROOT, 'tests', 'artefacts', 'shots');
const VIEWPORTS = [
	{ width: 1440, height: 900 },
	{ width: 800, height: 900 }
] as const;
const SCHEMES = ['light', 'dark'] as const;

async function until(what: string, check: () => Promise<boolean>, ms = 15_000): Promise<void> {
	const end = Date.now() + ms;
	while (!(await check())) {
		if (Date.now() > end) throw new Error(`shots: timed out waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 100));
	}
}

const shownName = (page: Page): Promise<string | null> => page.getByTestId('document-name').first().textContent({ timeout: 15_000 });

async function whenOpen(page: Page, name?: string): Promise<void> {
	await page.getByTestId('document-name').first().waitFor({ timeout: 15_000 });
	if (name !== undefined) await until(`"${name}" open`, async () => (await shownName(page)) === name);
}

async function saved(page: Page): Promise<void> {
	await until('autosave', async () => (await page.getByTestId('save-state').first().getAttribute('data-state')) === 'saved');
}

async function newDocument(page: Page, template: string, name: string): Promise<void> {
	await whenOpen(page);
	const before = await shownName(page);
	await page.getByTestId('new-document').locator('summary').click();
	await page.getByTestId(`new-${template}`).click();
	await until('the new document', async () => (await shownName(page)) !== before);
	await page.getByTestId('rename').click();
	await page.getByTestId('rename-input').fill(name);
	await page.getByTestId('rename-input').press('Enter');
	await whenOpen(page, name);
}

/** Replaces the editor's text as a paste does. */
async function paste(page: Page, text: string): Promise<void> {
	const content = page.locator('[data-testid="code-editor"] .cm-content').first();
	await content.click();
	await page.keyboard.press('Control+A');
	await content.evaluate((element, value) => {
		const data = new DataTransfer();
		data.setData('text/plain', value);
		element.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
	}, text);
	await until('the pasted text', async () => (await page.getByTestId('document-page').getAttribute('data-analysis')) === 'current');
	await page.waitForTimeout(1500);
	await saved(page);
}

async function saveVersion(page: Page, message: string): Promise<void> {
	await page.getByTestId('show-versions').click();
	await page.getByTestId('version-message').fill(message);
	await page.getByTestId('save-version').click();
	await page.locator('[data-testid="version"] .message', { hasText: message }).first().waitFor();
	await page.getByTestId('show-wbxml').click();
}

async function tag(page: Page, value: string): Promise<void> {
	const input = page.getByTestId('document-bar').getByTestId('tag-input');
	await input.fill(value);
	await input.press('Enter');
}

/** The library a day of work leaves: a bundle (with a warning, two versions, tags), the sample, a DM account. */
async function fillLibrary(page: Page, url: string): Promise<void> {
	await page.goto(url);
	await whenOpen(page, 'Sample');
	await tag(page, 'demo');
	await newDocument(page, 'dm-account', 'Device management — Example DM server');
	await tag(page, 'dm');
	await newDocument(page, 'cp-empty', 'Operator bundle — December');
	const bundle = studioDocument(60);
	await paste(page, bundle);
	await saveVersion(page, 'first bundle from the APN sheet');
	// A flag written with a value: one warning the Document page shows.
	await paste(page, bundle.replace('    <parm name="NAP-ADDRTYPE" value="APN"/>', '    <parm name="NAP-ADDRTYPE" value="APN"/>\n    <parm name="INTERNET" value="1"/>'));
	await saveVersion(page, 'internet flag on the first APN');
	await tag(page, 'pilot');
	await tag(page, 'december');
}

async function openByName(page: Page, url: string, name: string): Promise<void> {
	await page.goto(url);
	await whenOpen(page);
	if ((await shownName(page)) === name) return;
	// Below 1200 px the library beside the editor starts hidden.
	if ((await page.getByTestId('document-list').count()) === 0) await page.getByTestId('toggle-library').click();
	await page.getByTestId('document-list-item').filter({ hasText: name }).first().click();
	await whenOpen(page, name);
}

async function main(): Promise<void> {
	mkdirSync(OUT, { recursive: true });
	const server = process.env.SHOTS_URL ? undefined : await startStudio();
	const url = process.env.SHOTS_URL ?? server!.url;
	const profile = mkdtempSync(join(tmpdir(), 'pstudio-shots-'));
	const context = await launchChromium(profile);
	// tsx (esbuild keepNames) may wrap functions passed to the page in __name().
	await context.addInitScript('globalThis.__name = (f) => f');
	try {
		const page = context.pages()[0] ?? (await context.newPage());
		await fillLibrary(page, url);
		const bundle = 'Operator bundle — December';
		const dm = 'Device management — Example DM server';
		const shots: { name: string; path: string; open: string; ready?: (p: Page) => Promise<void> }[] = [
			{
				name: 'document',
				path: '',
				open: bundle,
				ready: async (p) => {
					await p.getByTestId('wbxml-size').waitFor({ timeout: 15_000 });
					await p.locator('[data-testid="finding"]').first().waitFor();
				}
			},
			{
				name: 'document-versions',
				path: '',
				open: bundle,
				ready: async (p) => {
					await p.getByTestId('show-versions').click();
					await p.getByTestId('compare-left').selectOption({ label: 'Version 1: first bundle from the APN sheet' });
					await p.getByTestId('compare').click();
					await p.getByTestId('comparison').locator('.cm-mergeView').waitFor();
				}
			},
			{
				name: 'document-new-menu',
				path: '',
				open: 'Sample',
				ready: async (p) => {
					await p.getByTestId('new-document').first().locator('summary').click();
					await p.getByTestId('new-cp-batch-apn').first().waitFor();
				}
			},
			{ name: 'library', path: 'library', open: bundle, ready: (p) => p.getByTestId('library-row').first().waitFor() },
			{
				name: 'bootstrap',
				path: 'bootstrap',
				open: 'Sample',
				ready: async (p) => {
					await p.getByTestId('imsi').fill('234150123456789');
					await p.getByTestId('to').fill('+441234567890');
					await p.getByTestId('pdus').waitFor();
				}
			},
			{
				name: 'bootstrap-dm',
				path: 'bootstrap',
				open: dm,
				ready: async (p) => {
					await p.getByTestId('sec').selectOption('USERPINMAC');
					await p.getByTestId('pin').fill('12345');
					await p.getByTestId('to').fill('+441234567890');
					await p.getByTestId('pdus').waitFor();
				}
			},
			{ name: 'dm', path: 'dm', open: dm, ready: (p) => p.locator('[data-testid="rendering-cp"], [data-testid="rendering-syncml"]').first().waitFor() },
			{ name: 'card', path: 'card', open: bundle },
			{ name: 'batch', path: 'batch', open: bundle },
			{ name: 'not-found', path: 'no-such-page', open: bundle, ready: (p) => p.getByRole('heading', { name: '404' }).waitFor() }
		];
		for (const viewport of VIEWPORTS) {
			await page.setViewportSize(viewport);
			for (const scheme of SCHEMES) {
				await page.emulateMedia({ colorScheme: scheme });
				for (const shot of shots) {
					await openByName(page, url, shot.open);
					await page.goto(new URL(shot.path, url).href);
					if (shot.path !== 'no-such-page' && shot.path !== 'library' && shot.path !== 'batch') await whenOpen(page, shot.open);
					await shot.ready?.(page);
					await page.waitForTimeout(700);
					const file = join(OUT, `${shot.name}-${viewport.width}-${scheme}.png`);
					await page.screenshot({ path: file, fullPage: true });
					console.log(file);
				}
			}
		}
	} finally {
		await context.close();
		await server?.stop();
		rmSync(profile, { recursive: true, force: true });
	}
}

await main();
