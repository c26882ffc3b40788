// The Document page's hex view in Chromium against the production build: analysis in the worker, a virtualised
// grid (DOM rows bounded however long the stream), one tab stop with arrow-key navigation, and the selection sync
// with the editor (caret → bytes highlighted; byte → its XML selected).
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { studioDocument } from '../../bench/studio-docs';
import { SAMPLE_DOCUMENT } from '../../src/lib/ui/sample';
import { openStudio, type StudioInBrowser } from './browser';
import { documentOpen, editorSelection, goToLine, newDocument, setEditorText } from './studio-page';

let studio: StudioInBrowser;
let page: Page;

beforeAll(async () => {
	studio = await openStudio();
	page = studio.page;
});

afterAll(async () => {
	await studio?.close();
});

/** Waits until the findings and bytes shown are those of the editor's text. */
async function analysed(): Promise<void> {
	await expect.poll(() => page.getByTestId('document-page').getAttribute('data-analysis'), { timeout: 30_000 }).toBe('current');
}

/** Replaces the editor's text as a paste does (in the document the workspace opened), and waits for its analysis. */
async function setText(text: string): Promise<void> {
	await documentOpen(page);
	// A document of its own (the empty template), so the text pasted is always a change the page analyses.
	await newDocument(page, 'cp-empty');
	const page_ = page.getByTestId('document-page');
	const before = Number(await page_.getAttribute('data-revision'));
	await setEditorText(page, text);
	shownText = text;
	// The editor hands the text out after the next frame: a newer revision is analysed, then shown.
	await expect.poll(async () => Number(await page_.getAttribute('data-revision')), { timeout: 30_000 }).toBeGreaterThan(before);
	await analysed();
	await expect.poll(() => page_.getAttribute('data-shown-revision'), { timeout: 30_000 }).toBe(await page_.getAttribute('data-revision'));
}

let shownText = '';

/** Puts the editor's caret at `offset` of `text` (the text shown) through the editor's Go to line. */
async function caretAt(offset: number, text = shownText): Promise<void> {
	const before = text.slice(0, offset);
	const line = before.split('\n').length;
	const column = offset - (before.lastIndexOf('\n') + 1);
	await goToLine(page, line, column);
}

const grid = () => page.getByRole('grid', { name: 'WBXML bytes' });
const highlighted = () => page.locator('[data-testid="hex-view"] .byte.highlighted').allTextContents();
const activeCell = async (): Promise<string | null> => {
	const id = await grid().getAttribute('aria-activedescendant');
	return id === null ? null : page.locator(`[id="${id}"]`).textContent();
};

describe('analysis worker', () => {
	it('runs in a module worker the page loads from its own origin, under the page CSP, with no violation', async () => {
		await studio.withScreenshot('analysis-worker', async () => {
			const violations: string[] = [];
			page.on('console', (m) => {
				if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
			});
			await page.goto(studio.url);
			await expect.poll(() => page.getByTestId('document-page').getAttribute('data-analysis-thread')).toBe('worker');
			await expect.poll(() => page.workers().length).toBe(1);
			const workers = page.workers().map((w) => w.url());
			expect(workers[0]).toMatch(new RegExp(`^${studio.url}_app/immutable/workers/analysis\\.worker-[\\w-]+\\.js$`));
			// A text typed now is analysed there: findings and bytes follow, the worker still the one doing it.
			await setText(SAMPLE_DOCUMENT.replace('GSM-GPRS', 'GSM-GPRSX'));
			await expect.poll(() => page.locator('[data-testid="finding"][data-severity="error"]').count()).toBe(1);
			expect(await page.getByTestId('document-page').getAttribute('data-analysis-thread')).toBe('worker');
			expect(violations).toEqual([]);
		});
	});
});

describe('hex view', () => {
	it('keeps a few dozen rows in the DOM for a 5,000-line document of 20,000+ rows, also after scrolling', async () => {
		await studio.withScreenshot('hex-virtualised', async () => {
			await page.goto(studio.url);
			await setText(studioDocument(5000));
			const total = Number(await grid().getAttribute('data-rows'));
			expect(total).toBeGreaterThan(20_000);
			expect(Number(await grid().getAttribute('aria-rowcount'))).toBe(total + 1);
			const rendered = () => grid().locator('[role="row"]').count();
			// 26rem / 20 px ≈ 20 visible rows, 10 above and below, and the header.
			expect(await rendered()).toBeLessThanOrEqual(45);
			await grid().evaluate((el) => {
				el.scrollTop = el.scrollHeight / 2;
				el.dispatchEvent(new Event('scroll'));
			});
			await expect.poll(async () => Number(await grid().locator('[role="row"]').nth(1).getAttribute('aria-rowindex'))).toBeGreaterThan(total / 2 - 40);
			expect(await rendered()).toBeLessThanOrEqual(45);
			expect(await page.evaluate(() => document.querySelectorAll('*').length)).toBeLessThan(3000);
		});
	});

	it('is one tab stop, moved through with the arrow keys, Home/End and PageDown; the status line names the token', async () => {
		await studio.withScreenshot('hex-keyboard', async () => {
			await page.goto(studio.url);
			await setText(SAMPLE_DOCUMENT);
			await page.getByTestId('download').focus();
			await page.keyboard.press('Tab');
			await expect.poll(() => grid().evaluate((el) => el === document.activeElement)).toBe(true);
			expect(await activeCell()).toBe('03');
			await page.keyboard.press('ArrowRight');
			expect(await activeCell()).toBe('0B');
			expect(await page.getByTestId('hex-status').textContent()).toBe('Byte 0x0001 = 0B · public-id · public id PROV 1.0');
			// Down from the public id row: charset 6A, then the string table 05 "NAP1\0" (row 0x0003–0x0008).
			await page.keyboard.press('ArrowDown');
			await page.keyboard.press('ArrowDown');
			expect(await activeCell()).toBe('05');
			await page.keyboard.press('End');
			expect(await activeCell()).toBe('00');
			expect(await page.getByTestId('hex-status').textContent()).toBe('Byte 0x0008 = 00 · string-table · string table, 5 bytes');
			// The last byte: libwbxml's 132 bytes (ORACLES.md §1) less its three redundant 00 00 switches = 126, at 0x7D.
			await page.keyboard.press('Control+End');
			expect(await page.getByTestId('hex-status').textContent()).toMatch(/^Byte 0x007D = 01 · end · END <\/wap-provisioningdoc>$/);
			await page.keyboard.press('Control+Home');
			await page.keyboard.press('PageDown');
			expect(await grid().evaluate((el) => el.scrollTop)).toBeGreaterThanOrEqual(0);
			// One tab stop: the next Tab leaves the grid for whatever follows, never a cell.
			await page.keyboard.press('Tab');
			expect(await grid().evaluate((el) => el === document.activeElement || el.contains(document.activeElement))).toBe(false);
		});
	});

	it('highlights the bytes of the XML under the editor’s caret', async () => {
		await studio.withScreenshot('hex-caret', async () => {
			await page.goto(studio.url);
			await setText(SAMPLE_DOCUMENT);
			// In "GSM-GPRS": PROV value token AB (ProvCont §7.3).
			await caretAt(SAMPLE_DOCUMENT.indexOf('GSM-GPRS') + 3);
			await expect.poll(highlighted).toEqual(['AB']);
			// On name="NAPID": attribute start 11 (page 0).
			await caretAt(SAMPLE_DOCUMENT.indexOf('name="NAPID"') + 2);
			await expect.poll(highlighted).toEqual(['11']);
			// In the value of ADDR: STR_I, the string, its NUL.
			await caretAt(SAMPLE_DOCUMENT.indexOf('http://www.example.com/') + 4);
			await expect.poll(async () => (await highlighted()).join(' ')).toBe('03 68 74 74 70 3A 2F 2F 77 77 77 2E 65 78 61 6D 70 6C 65 2E 63 6F 6D 2F 00');
		});
	});

	it('scrolls a long stream to the bytes under the caret', async () => {
		await studio.withScreenshot('hex-caret-scroll', async () => {
			await page.goto(studio.url);
			const text = studioDocument(5000);
			await setText(text);
			const target = text.lastIndexOf('name="NAPID"') + 2;
			await caretAt(target);
			await expect.poll(highlighted).toEqual(['11']);
			const inView = await page.locator('[data-testid="hex-view"] .byte.highlighted').evaluate((cell) => {
				const view = cell.closest('[role="grid"]')!.getBoundingClientRect();
				const box = cell.getBoundingClientRect();
				return box.top >= view.top && box.bottom <= view.bottom;
			});
			expect(inView).toBe(true);
		});
	});

	it('selects the XML of a clicked byte in the editor', async () => {
		await studio.withScreenshot('hex-click', async () => {
			await page.goto(studio.url);
			await setText(SAMPLE_DOCUMENT);
			const selection = () => editorSelection(page);
			// A byte inside STR_I "internet.example.com": the value between its quotes.
			const str = page.locator('[data-testid="hex-span"][data-kind="inline-string"]').nth(1);
			await str.locator('.byte').nth(3).click();
			await expect.poll(selection).toBe('internet.example.com');
			expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('code-editor');
			// Rows further down are not in the DOM until the grid is scrolled there.
			const scrollTo = (fraction: number) =>
				grid().evaluate((el, f) => {
					el.scrollTop = (el.scrollHeight - el.clientHeight) * f;
					el.dispatchEvent(new Event('scroll'));
				}, fraction);
			await scrollTo(0.5);
			// The second characteristic's tag C6 at 0x4C (as in ORACLES.md §1: the streams differ only after it): its start tag.
			await page.locator('[data-testid="hex-span"][data-offset="76"]').locator('.byte').click();
			await expect.poll(selection).toBe('<characteristic type="APPLICATION">');
			// The last END: the root's end tag.
			await scrollTo(1);
			await page.locator('[data-testid="hex-span"][data-kind="end"]').last().locator('.byte').click();
			await expect.poll(selection).toBe('</wap-provisioningdoc>');
		});
	});

	it('has no serious or critical axe-core violation', async () => {
		await studio.withScreenshot('hex-axe', async () => {
			await page.goto(studio.url);
			await setText(SAMPLE_DOCUMENT);
			await grid().focus();
			await page.keyboard.press('ArrowDown');
			const result = await new AxeBuilder({ page }).include('[data-testid="hex-view"]').include('[data-testid="hex-status"]').analyze();
			const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`);
			expect(bad).toEqual([]);
		});
	});
});
