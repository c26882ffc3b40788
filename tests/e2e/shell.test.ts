// The app shell on every page (issue 11 §5): one navigation with the page marked current, one visible <h1> of the
// page's own, a <title> naming the page, the favicon (an SVG served by the studio itself, so the strict CSP's
// img-src 'self' takes it), and the light or dark colours as the system prefers them.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStudio, type StudioInBrowser } from './browser';
import { documentOpen } from './studio-page';

let studio: StudioInBrowser;
let page: Page;

beforeAll(async () => {
	studio = await openStudio();
	page = studio.page;
});

afterAll(async () => {
	await studio?.close();
});

// Path, its nav label (undefined: no page of the nav), its <h1>, its <title>. The Document page's title names the
// open document (the library's first document is the sample, "Sample").
const PAGES: readonly { path: string; nav?: string; h1: string; title: string }[] = [
	{ path: '/', nav: 'Document', h1: 'Document', title: 'Sample — Provisioning Studio' },
	{ path: '/library', nav: 'Library', h1: 'Library', title: 'Library — Provisioning Studio' },
	{ path: '/bootstrap', nav: 'Bootstrap', h1: 'Bootstrap and OTA', title: 'Bootstrap and OTA — Provisioning Studio' },
	{ path: '/dm', nav: 'DM account', h1: 'DM account', title: 'DM account — Provisioning Studio' },
	{ path: '/card', nav: 'Card', h1: 'Card', title: 'Card — Provisioning Studio' },
	{ path: '/batch', nav: 'Batch', h1: 'Batch', title: 'Batch — Provisioning Studio' },
	{ path: '/no-such-page', h1: '404 — no such page', title: 'Page not found — Provisioning Studio' }
];

describe('the app shell on every page', () => {
	it('shows the nav with the page marked current, one visible <h1> of its own and a <title> naming it', async () => {
		await studio.withScreenshot('shell-pages', async () => {
			await page.goto(studio.url);
			await documentOpen(page, 'Sample');
			for (const p of PAGES) {
				await page.goto(new URL(p.path, studio.url).href);
				const nav = page.getByTestId('nav');
				await nav.waitFor();
				const current = await nav.locator('a[aria-current="page"]').allTextContents();
				expect(current, p.path).toEqual(p.nav === undefined ? [] : [p.nav]);
				const h1 = page.locator('h1');
				expect(await h1.count(), p.path).toBe(1);
				expect(await h1.textContent(), p.path).toBe(p.h1);
				expect(await h1.isVisible(), p.path).toBe(true);
				await expect.poll(() => page.title(), { timeout: 10_000 }).toBe(p.title);
			}
		});
	});

	it('links the SVG favicon on every page, served by the studio as image/svg+xml', async () => {
		await studio.withScreenshot('shell-favicon', async () => {
			for (const p of PAGES) {
				await page.goto(new URL(p.path, studio.url).href);
				// SvelteKit writes the assets path (%sveltekit.assets%) out: compared as the URL the browser resolves.
				expect(await page.locator('link[rel="icon"]').evaluate((l) => (l as HTMLLinkElement).href), p.path).toBe(new URL('/favicon.svg', studio.url).href);
			}
			const answer = await page.request.get(new URL('/favicon.svg', studio.url).href);
			expect(answer.status()).toBe(200);
			expect(answer.headers()['content-type']).toMatch(/^image\/svg\+xml/);
			expect(await answer.text()).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
		});
	});

	it('the 404 page lists every page of the studio with a link to it', async () => {
		await studio.withScreenshot('shell-404', async () => {
			await page.goto(new URL('/no-such-page', studio.url).href);
			const links = page.getByTestId('error-pages').getByRole('link');
			expect(await links.allTextContents()).toEqual(['Document', 'Library', 'Bootstrap', 'DM account', 'Card', 'Batch']);
			expect(await Promise.all((await links.all()).map((l) => l.getAttribute('href')))).toEqual(['/', '/library', '/bootstrap', '/dm', '/card', '/batch']);
		});
	});

	it('needs no sideways scrolling at 800 px on any page (the narrow screenshots)', async () => {
		await studio.withScreenshot('shell-800', async () => {
			await page.setViewportSize({ width: 800, height: 900 });
			try {
				for (const p of PAGES) {
					await page.goto(new URL(p.path, studio.url).href);
					await page.locator('h1').waitFor();
					await page.waitForTimeout(300);
					const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
					expect(overflow, p.path).toBe(0);
				}
			} finally {
				await page.setViewportSize({ width: 1280, height: 720 });
			}
		});
	});

	it('follows the system colour scheme: light and dark backgrounds and text on every page', async () => {
		await studio.withScreenshot('shell-schemes', async () => {
			try {
				for (const [scheme, bg, fg] of [
					['light', 'rgb(250, 250, 250)', 'rgb(34, 34, 34)'],
					['dark', 'rgb(20, 21, 23)', 'rgb(228, 230, 235)']
				] as const) {
					await page.emulateMedia({ colorScheme: scheme });
					for (const p of PAGES) {
						await page.goto(new URL(p.path, studio.url).href);
						const colours = await page.evaluate(() => [getComputedStyle(document.body).backgroundColor, getComputedStyle(document.body).color]);
						expect(colours, `${p.path} (${scheme})`).toEqual([bg, fg]);
					}
				}
			} finally {
				await page.emulateMedia({ colorScheme: 'light' });
			}
		});
	});
});
