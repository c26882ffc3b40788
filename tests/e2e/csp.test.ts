// Issue 8 §2 in a real browser: the studio's pages run under their strict CSP (SvelteKit's script hashes, no
// 'unsafe-inline' script) without a single violation, also when a reload revalidates a page (a 304 must not carry
// a CSP of its own, http-hardening.ts), and no page of another origin can frame the Card page.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStudio, type StudioInBrowser } from './browser';
import { documentOpen, newDocument, setEditorText } from './studio-page';

let studio: StudioInBrowser;
let page: Page;
const violations: string[] = [];

beforeAll(async () => {
	studio = await openStudio();
	page = studio.page;
	page.on('console', (m) => {
		if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) violations.push(m.text());
	});
	await studio.context.addInitScript(() => {
		document.addEventListener('securitypolicyviolation', (e) => console.error(`Content Security Policy violation: ${e.violatedDirective} ${e.blockedURI}`));
	});
});

afterAll(async () => {
	await studio?.close();
});

describe('the studio under its Content-Security-Policy', () => {
	it('loads and reloads every page without a CSP violation', async () => {
		await studio.withScreenshot('csp-pages', async () => {
			for (const path of ['', 'library', 'bootstrap', 'dm', 'card']) {
				const first = await page.goto(studio.url + path);
				expect(first?.headers()['content-security-policy'], path).toMatch(/script-src 'self' 'sha256-/);
				// A reload revalidates (If-None-Match → 304): the page must keep its own CSP.
				await page.reload();
				await page.waitForLoadState('networkidle');
			}
			expect(violations).toEqual([]);
		});
	});

	it('runs the page scripts: the library opens in IndexedDB, the editor (styles in its shadow root) takes a document and its findings follow', async () => {
		await studio.withScreenshot('csp-hydrated', async () => {
			await page.goto(studio.url);
			await page.reload();
			await documentOpen(page);
			await newDocument(page, 'cp-empty');
			await setEditorText(page, '<wap-provisioningdoc version="1.0"><characteristic type="NAPDEF"><parm name="NOPE" value="x"/></characteristic></wap-provisioningdoc>');
			await expect.poll(() => page.locator('[data-testid="finding"][data-severity="error"]').count()).toBeGreaterThan(0);
			expect(violations).toEqual([]);
		});
	});

	it('cannot be framed by a page of another origin (frame-ancestors, X-Frame-Options)', async () => {
		await studio.withScreenshot('csp-frame', async () => {
			// http://localhost:P is another origin than http://127.0.0.1:P (RFC 6454); its page tries to frame /card.
			await page.goto(studio.url.replace('127.0.0.1', 'localhost'));
			const target = `${studio.url}card`;
			await page.evaluate((src) => {
				const frame = document.createElement('iframe');
				frame.src = src;
				frame.id = 'victim';
				document.body.append(frame);
			}, target);
			await page.waitForTimeout(1500);
			const child = page.frames().find((f) => f !== page.mainFrame());
			// A refused frame holds Chromium's error page, never the Card page.
			const title = child ? await child.evaluate(() => document.title).catch(() => 'inaccessible') : 'no frame';
			expect(title).not.toBe('Card — Provisioning Studio');
			expect(child?.url() ?? '').not.toBe(target);
		});
	});
});
