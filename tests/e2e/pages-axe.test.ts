// Every page of the studio in Chromium against the built studio, in the light and the dark colour scheme (issue 9,
// "Checks that must exist"): axe-core finds no serious or critical violation, and every control is reachable by Tab
// (a Tab walk round the page reaches every visible, enabled control; none of its stops is invisible). The pages are
// shown as a user has them: a document open (the sample), the Document page also with its versions and a comparison,
// the Bootstrap page with a signature, the DM account page on a DM account document, and a path that is no page.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStudio, type StudioInBrowser } from './browser';
import { documentOpen, newDocument, saved, tabWalk } from './studio-page';

let studio: StudioInBrowser;
let page: Page;

beforeAll(async () => {
	studio = await openStudio();
	page = studio.page;
});

afterAll(async () => {
	await studio?.close();
});

const SCHEMES = ['light', 'dark'] as const;

/** axe's serious and critical violations on the page as it is, one line each (rule: where). */
async function seriousViolations(): Promise<string[]> {
	const result = await new AxeBuilder({ page }).analyze();
	return result.violations
		.filter((v) => v.impact === 'serious' || v.impact === 'critical')
		.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join('; ')}`);
}

/** The page at `path` in both schemes (after `ready` once it is loaded): axe, then the Tab walk. */
async function checkPage(name: string, path: string, ready: () => Promise<void>): Promise<void> {
	await studio.withScreenshot(`pages-axe-${name}`, async () => {
		try {
			for (const scheme of SCHEMES) {
				await page.emulateMedia({ colorScheme: scheme });
				await page.goto(new URL(path, studio.url).href);
				await ready();
				expect(await page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches)).toBe(scheme === 'dark');
				expect(await seriousViolations(), `${path} (${scheme})`).toEqual([]);
				const walk = await tabWalk(page);
				expect(walk.presses, `${path} (${scheme}): the Tab walk came round`).toBeLessThan(400);
				expect(walk.missed, `${path} (${scheme}): controls Tab never reached`).toEqual([]);
				expect(walk.invisible, `${path} (${scheme}): Tab stops not visible`).toEqual([]);
			}
		} finally {
			await page.emulateMedia({ colorScheme: 'light' });
		}
	});
}

/** The open document's WBXML (the analysis answered) on the Document page. */
async function analysed(): Promise<void> {
	await documentOpen(page);
	await page.getByTestId('wbxml-size').waitFor({ timeout: 15_000 });
}

describe('every page, light and dark: no serious axe violation, every control reachable by Tab', () => {
	it('the Document page with the sample open, its WBXML and library', async () => {
		await page.goto(studio.url);
		await documentOpen(page, 'Sample');
		await saved(page);
		await checkPage('document', '/', analysed);
	});

	it('the Document page with its versions listed and two of them compared side by side', async () => {
		await checkPage('document-versions', '/', async () => {
			await analysed();
			await page.getByTestId('show-versions').click();
			if ((await page.getByTestId('version').count()) === 0) {
				await page.getByTestId('version-message').fill('first');
				await page.getByTestId('save-version').click();
				await page.getByTestId('version').first().waitFor();
			}
			await page.getByTestId('compare-with-draft').first().click();
			await page.getByTestId('comparison').locator('.cm-mergeView').waitFor();
			// The same text on both sides: one folded stretch each, marked with a character the studio's fonts have
			// (the merge package's "⦚" showed as empty boxes).
			const folded = page.getByTestId('comparison').locator('.cm-collapsedLines');
			await expect.poll(() => folded.count()).toBe(2);
			expect(await folded.first().evaluate((e) => [getComputedStyle(e, '::before').content, getComputedStyle(e, '::after').content])).toEqual(['"↕"', '"↕"']);
		});
	});

	it('the Library page', async () => {
		await checkPage('library', '/library', () => page.getByTestId('library-row').first().waitFor());
	});

	it('the Bootstrap page on the open document, signed, with its PDUs and signed bytes shown', async () => {
		await checkPage('bootstrap', '/bootstrap', async () => {
			await documentOpen(page, 'Sample');
			await page.getByTestId('imsi').fill('123456789012345');
			await page.getByTestId('to').fill('+441234567890');
			await page.getByTestId('pdus').waitFor();
			await page.locator('summary', { hasText: 'Signed bytes' }).click();
			await page.getByTestId('wbxml-hex').waitFor();
		});
	});

	it('the Card page on the open document', async () => {
		await checkPage('card', '/card', () => documentOpen(page, 'Sample'));
	});

	it('the DM account page on a DM account document', async () => {
		await page.goto(studio.url);
		const name = await newDocument(page, 'dm-account');
		await saved(page);
		await checkPage('dm', '/dm', () => documentOpen(page, name));
	});

	it('a path that is no page (404)', async () => {
		await checkPage('not-found', '/no-such-page', async () => {
			await page.getByRole('heading', { name: '404' }).waitFor();
			// Said in the studio's frame, with the way back to the documents.
			expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('404 — no such page');
			expect(await page.getByTestId('error-page').getByRole('link', { name: 'Library' }).getAttribute('href')).toBe('/library');
		});
	});
});
