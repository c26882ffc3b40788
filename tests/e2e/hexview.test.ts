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

	it('marks no byte of the old stream for a keystroke, and neither dims nor turns busy when the answer follows at once', async () => {
		await studio.withScreenshot('hex-keystroke', async () => {
			await page.goto(studio.url);
			await setText(SAMPLE_DOCUMENT);
			// At the closing quote of value="GSM-GPRS": the attribute's start token 06 (`value`, ProvCont §7.2) is marked.
			// The keystroke's caret, one further, would be on the parm's `/>` in the old text, which has bytes of its own.
			const at = SAMPLE_DOCUMENT.indexOf('GSM-GPRS') + 'GSM-GPRS'.length;
			await caretAt(at);
			await expect.poll(highlighted).toEqual(['06']);
			// Everything the hex view and the page's revision do from the keystroke on, in order.
			await page.evaluate(() => {
				const events: { what: string; t: number }[] = [];
				(window as unknown as { __hexEvents: typeof events }).__hexEvents = events;
				const hex = document.querySelector('[data-testid="hex-view"]')!;
				const main = document.querySelector('[data-testid="document-page"]')!;
				new MutationObserver((records) => {
					for (const r of records) {
						const target = r.target as Element;
						events.push({ what: target === hex ? `hex ${r.attributeName}` : target.classList.contains('byte') ? 'byte' : 'other', t: performance.now() });
					}
				}).observe(hex, { subtree: true, attributes: true, attributeFilter: ['class', 'aria-busy'] });
				new MutationObserver(() => events.push({ what: `main ${main.getAttribute('data-analysis')}`, t: performance.now() })).observe(main, {
					attributes: true,
					attributeFilter: ['data-revision', 'data-shown-revision']
				});
			});
			const before = Number(await page.getByTestId('document-page').getAttribute('data-revision'));
			await page.keyboard.type('x');
			// The text goes out after the keystroke's frame: until then the page still reads "current" (waiting for that
			// alone read the events before the hand-out on a loaded machine). Waits for the answer to a newer revision.
			await expect
				.poll(async () => Number(await page.getByTestId('document-page').getAttribute('data-shown-revision')), { timeout: 30_000 })
				.toBeGreaterThan(before);
			const events = await page.evaluate(() => (window as unknown as { __hexEvents: { what: string; t: number }[] }).__hexEvents);
			// The caret moved with the text: the new caret is not marked in the old bytes (it was, a frame before the
			// text went out), and the first change is the text going to the analysis.
			const handedOut = events.findIndex((e) => e.what === 'main pending');
			expect(handedOut).toBeGreaterThanOrEqual(0);
			expect(events.slice(0, handedOut).map((e) => e.what)).toEqual([]);
			// The caret at the closing quote again: the attribute start token as before, now in the new text's bytes.
			await expect.poll(highlighted).toEqual(['06']);
			// One to the left, in the value "GSM-GPRSx": the known value's token AB, then the inline string "x" — the bytes
			// xml2wbxml writes for value="GSM-GPRSx" (06 AB 03 78 00, checked by hand with libwbxml 0.11.8).
			await page.keyboard.press('ArrowLeft');
			await expect.poll(async () => (await highlighted()).join(' ')).toBe('AB 03 78 00');
			// An answer within the 0.3 s the page waits before marking the bytes late changes neither the view's dimming
			// nor its aria-busy (both changed at every keystroke and answer before, a frame each).
			const answered = events.find((e) => e.what === 'main current');
			expect(answered).toBeDefined();
			if (answered!.t - events[handedOut].t < 250) expect(events.filter((e) => e.what.startsWith('hex '))).toEqual([]);
			expect(await grid().getAttribute('aria-busy')).toBe('false');
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
			// The last END: the root's end tag, the stream's last byte and last row. That row, not the last END in the DOM:
			// rows before it end elements too, and one of them was the last in the DOM until the grid drew the new window.
			await scrollTo(1);
			const last = Number(await grid().getAttribute('data-rows')) - 1;
			await page.locator(`[data-testid="hex-span"][data-kind="end"][data-row="${last}"]`).locator('.byte').click();
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
