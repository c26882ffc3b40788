// The studio page in a real (headless) Chromium against the production build: editing, findings, hex view.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStudio, type StudioInBrowser } from './browser';

// Line 7 holds the one mistake: GSM-GPRSX is not a BEARER value (ProvCont §5 NAPDEF, token list 0xA2–0xBA).
const DOC_WITH_ONE_ERROR = `<?xml version="1.0"?>
<!DOCTYPE wap-provisioningdoc PUBLIC "-//WAPFORUM//DTD PROV 1.0//EN" "http://www.wapforum.org/DTD/prov.dtd">
<wap-provisioningdoc version="1.0">
  <characteristic type="NAPDEF">
    <parm name="NAME" value="Example GPRS"/>
    <parm name="NAPID" value="NAP1"/>
    <parm name="BEARER" value="GSM-GPRSX"/>
    <parm name="NAP-ADDRESS" value="internet.example.com"/>
    <parm name="NAP-ADDRTYPE" value="APN"/>
  </characteristic>
</wap-provisioningdoc>
`;

// `<parm` on line 3 is never closed: the parser stops at the end of the text.
const NOT_WELL_FORMED = `<wap-provisioningdoc version="1.0">
  <characteristic type="NAPDEF">
    <parm name="NAME" value="x"
`;

let studio: StudioInBrowser;
let page: Page;

beforeAll(async () => {
	studio = await openStudio();
	page = studio.page;
});

afterAll(async () => {
	await studio?.close();
});

async function spanTexts(): Promise<string[]> {
	return page.getByTestId('hex-bytes').allTextContents();
}

describe('studio page', () => {
	it('opens with the sample document, no error finding and its WBXML', async () => {
		await studio.withScreenshot('sample', async () => {
			await page.goto(studio.url);
			await expect.poll(() => page.getByTestId('editor').inputValue()).toContain('<wap-provisioningdoc');
			await expect.poll(() => page.locator('[data-testid="finding"][data-severity="error"]').count()).toBe(0);
			// WAP-192 §5.4–5.6 header: version 1.3 = 0x03, PROV 1.0 public id 0x0B, charset UTF-8 (MIBenum 106) = 0x6A.
			const spans = await spanTexts();
			expect(spans.slice(0, 3)).toEqual(['03', '0B', '6A']);
		});
	});

	it('shows the one error of a pasted document at its line and column, and still encodes it', async () => {
		await studio.withScreenshot('one-error', async () => {
			await page.goto(studio.url);
			await page.getByTestId('editor').fill(DOC_WITH_ONE_ERROR);
			const errors = page.locator('[data-testid="finding"][data-severity="error"]');
			await expect.poll(() => errors.count()).toBe(1);
			const where = await errors.first().getByTestId('finding-where').textContent();
			const message = await errors.first().getByTestId('finding-message').textContent();
			// `value=` starts at column 25: four spaces and `<parm name="BEARER" ` (20 characters) come first.
			expect(where).toBe('7:25');
			expect(message).toContain('GSM-GPRSX');
			expect((await spanTexts()).slice(0, 3)).toEqual(['03', '0B', '6A']);
			const kinds = await page.getByTestId('hex-span').evaluateAll((els) => els.slice(0, 3).map((e) => e.getAttribute('data-kind')));
			expect(kinds).toEqual(['version', 'public-id', 'charset']);
			// PROV page 0 attribute starts (ProvCont §7.2): 0x55 = type=NAPDEF, 0x10 = name=BEARER, each its own span.
			const spans = await page.getByTestId('hex-span').evaluateAll((els) =>
				els.map((e) => [e.querySelector('[data-testid="hex-bytes"]')?.textContent, e.querySelector('[data-testid="hex-label"]')?.textContent])
			);
			expect(spans).toContainEqual(['55', 'type="NAPDEF"']);
			expect(spans).toContainEqual(['10', 'name="BEARER"']);
		});
	});

	it('moves the caret to a finding when it is clicked', async () => {
		await studio.withScreenshot('caret', async () => {
			await page.goto(studio.url);
			await page.getByTestId('editor').fill(DOC_WITH_ONE_ERROR);
			const finding = page.locator('[data-testid="finding"][data-severity="error"]').first();
			await expect.poll(() => finding.getByTestId('finding-where').textContent()).toMatch(/^7:\d+$/);
			const where = (await finding.getByTestId('finding-where').textContent()) ?? '';
			const [line, column] = where.split(':').map(Number);
			await finding.locator('button').click();
			const caret = await page.getByTestId('editor').evaluate((el) => (el as HTMLTextAreaElement).selectionStart);
			const lines = DOC_WITH_ONE_ERROR.split('\n');
			const expected = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0) + column - 1;
			expect(caret).toBe(expected);
		});
	});

	it('keeps the text of a broken document, reports where it breaks and shows no stale bytes', async () => {
		await studio.withScreenshot('not-well-formed', async () => {
			await page.goto(studio.url);
			await page.getByTestId('editor').fill(NOT_WELL_FORMED);
			await expect.poll(() => page.getByTestId('hex-span').count()).toBe(0);
			expect(await page.getByTestId('editor').inputValue()).toBe(NOT_WELL_FORMED);
			const errors = page.locator('[data-testid="finding"][data-severity="error"]');
			expect(await errors.count()).toBe(1);
			expect(await errors.first().getByTestId('finding-where').textContent()).toMatch(/^\d+:\d+$/);
			expect(await page.getByTestId('wbxml-problem').textContent()).toContain('not well-formed');
			expect(await page.getByTestId('download').isDisabled()).toBe(true);
		});
	});

	it('hands the document being edited to the Bootstrap and Card pages, and back', async () => {
		await studio.withScreenshot('authored-document', async () => {
			await page.goto(studio.url);
			await page.getByTestId('editor').fill(DOC_WITH_ONE_ERROR);
			// Client-side navigation through the nav bar: the same tab, the same authored document.
			await page.getByRole('link', { name: 'Card' }).click();
			await expect.poll(() => page.getByTestId('bootstrap-editor').inputValue()).toBe(DOC_WITH_ONE_ERROR);
			await page.getByRole('link', { name: 'Bootstrap' }).click();
			await expect.poll(() => page.getByTestId('bootstrap-document').inputValue()).toBe(DOC_WITH_ONE_ERROR);
			await page.getByRole('link', { name: 'Document' }).click();
			await expect.poll(() => page.getByTestId('editor').inputValue()).toBe(DOC_WITH_ONE_ERROR);
		});
	});

	it('follows the WBXML version and string table options', async () => {
		await studio.withScreenshot('options', async () => {
			await page.goto(studio.url);
			await page.getByTestId('wbxml-version').selectOption('1');
			await expect.poll(async () => (await spanTexts())[0]).toBe('01');
			// The sample repeats "NAP1" (NAPID and TO-NAPID): the table span is its length 05 and "NAP1\\0"; without
			// a table only the length 00 remains.
			await expect.poll(async () => (await spanTexts())[3]).toBe('05 4E 41 50 31 00');
			await page.getByTestId('string-table').uncheck();
			await expect.poll(async () => (await spanTexts())[3]).toBe('00');
		});
	});

	it('opens a file from disk and downloads its WBXML, which libwbxml decodes back to the same document', async () => {
		await studio.withScreenshot('open-download', async () => {
			await page.goto(studio.url);
			const opened = DOC_WITH_ONE_ERROR.replace('GSM-GPRSX', 'GSM-CSD');
			await page.getByTestId('file-input').setInputFiles({ name: 'office-apn.xml', mimeType: 'text/xml', buffer: Buffer.from(opened) });
			await expect.poll(() => page.getByTestId('editor').inputValue()).toBe(opened);
			const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download').click()]);
			expect(download.suggestedFilename()).toBe('office-apn.wbxml');
			const saved = join(studio.profile, 'office-apn.wbxml');
			await download.saveAs(saved);
			// wbxml2xml -i 2 writes the same declaration, DOCTYPE and indentation as the opened text, without a final newline.
			const theirs = execFileSync('wbxml2xml', ['-i', '2', '-o', '-', saved], { stdio: ['ignore', 'pipe', 'ignore'] }).toString();
			expect(theirs.trimEnd() + '\n').toBe(opened);
			expect(readFileSync(saved).subarray(0, 3)).toEqual(Buffer.from([0x03, 0x0b, 0x6a]));
		});
	});
});
