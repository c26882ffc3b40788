// The Document page in a real (headless) Chromium against the production build: the open library document in the
// studio editor, its findings, its hex view, the document flowing to the Bootstrap and Card pages, and files.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_DOCUMENT } from '../../src/lib/ui/sample';
import { openStudio, type StudioInBrowser } from './browser';
import { documentOpen, editor, editorText, newDocument, saved, setEditorText } from './studio-page';

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
	it('opens a first visit with the sample document, no error finding and its WBXML', async () => {
		await studio.withScreenshot('sample', async () => {
			await page.goto(studio.url);
			await documentOpen(page, 'Sample');
			await expect.poll(() => editorText(page)).toBe(SAMPLE_DOCUMENT);
			await expect.poll(() => page.locator('[data-testid="finding"][data-severity="error"]').count()).toBe(0);
			// WAP-192 §5.4–5.6 header: version 1.3 = 0x03, PROV 1.0 public id 0x0B, charset UTF-8 (MIBenum 106) = 0x6A.
			await expect.poll(async () => (await spanTexts()).slice(0, 3)).toEqual(['03', '0B', '6A']);
		});
	});

	it('is cross-origin isolated, page and analysis worker, so the worker can sleep while a keystroke is drawn (input gate)', async () => {
		await page.goto(studio.url);
		await documentOpen(page, 'Sample');
		expect(await page.evaluate(() => [crossOriginIsolated, typeof SharedArrayBuffer])).toEqual([true, 'function']);
		await expect.poll(() => page.workers().filter((w) => w.url().includes('analysis.worker')).length).toBe(1);
		const worker = page.workers().find((w) => w.url().includes('analysis.worker'))!;
		expect(await worker.evaluate(() => crossOriginIsolated)).toBe(true);
	});

	it('shows the one error of a pasted document at its line and column, and still encodes it', async () => {
		await studio.withScreenshot('one-error', async () => {
			await page.goto(studio.url);
			await newDocument(page, 'cp-empty');
			await setEditorText(page, DOC_WITH_ONE_ERROR);
			const errors = page.locator('[data-testid="finding"][data-severity="error"]');
			await expect.poll(() => errors.count()).toBe(1);
			const where = await errors.first().getByTestId('finding-where').textContent();
			const message = await errors.first().getByTestId('finding-message').textContent();
			// `value=` starts at column 25: four spaces and `<parm name="BEARER" ` (20 characters) come first.
			expect(where).toBe('7:25');
			expect(message).toContain('GSM-GPRSX');
			// The same finding is underlined in the editor, on the value it is about.
			await expect.poll(() => editor(page).locator('.cm-lintRange-error').textContent()).toBe('value="GSM-GPRSX"');
			await expect.poll(async () => (await spanTexts()).slice(0, 3)).toEqual(['03', '0B', '6A']);
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
			await newDocument(page, 'cp-empty');
			await setEditorText(page, DOC_WITH_ONE_ERROR);
			const finding = page.locator('[data-testid="finding"][data-severity="error"]').first();
			await expect.poll(() => finding.getByTestId('finding-where').textContent()).toBe('7:25');
			await finding.locator('button').click();
			// The editor has the focus, its caret at the finding's line:column (the status line under it says where).
			await expect.poll(() => page.getByTestId('caret-status').textContent()).toContain('Line 7, column 25');
			expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('code-editor');
			await page.keyboard.type('Q');
			const lines = (await editorText(page)).split('\n');
			expect(lines[6]).toBe('    <parm name="BEARER" Qvalue="GSM-GPRSX"/>');
		});
	});

	it('keeps the text of a broken document, reports where it breaks and shows no stale bytes', async () => {
		await studio.withScreenshot('not-well-formed', async () => {
			await page.goto(studio.url);
			await newDocument(page, 'cp-empty');
			await setEditorText(page, NOT_WELL_FORMED);
			await expect.poll(() => page.getByTestId('hex-span').count()).toBe(0);
			expect(await editorText(page)).toBe(NOT_WELL_FORMED);
			const errors = page.locator('[data-testid="finding"][data-severity="error"]');
			await expect.poll(() => errors.count()).toBe(1);
			expect(await errors.first().getByTestId('finding-where').textContent()).toMatch(/^\d+:\d+$/);
			expect(await page.getByTestId('wbxml-problem').textContent()).toContain('not well-formed');
			expect(await page.getByTestId('download').isDisabled()).toBe(true);
			// A reload finds it as it was left: the library kept the draft.
			await saved(page);
			await page.reload();
			await documentOpen(page);
			await expect.poll(() => editorText(page)).toBe(NOT_WELL_FORMED);
		});
	});

	it('hands the document being edited to the Bootstrap and Card pages, and back, also across a reload', async () => {
		await studio.withScreenshot('authored-document', async () => {
			await page.goto(studio.url);
			const name = await newDocument(page, 'cp-empty');
			await setEditorText(page, DOC_WITH_ONE_ERROR);
			await expect.poll(() => editorText(page)).toBe(DOC_WITH_ONE_ERROR);
			// Client-side navigation through the nav bar: the same tab, the same open document.
			await page.getByRole('link', { name: 'Card' }).click();
			await expect.poll(() => editorText(page)).toBe(DOC_WITH_ONE_ERROR);
			expect(await page.getByTestId('document-name').textContent()).toBe(name);
			await page.getByRole('link', { name: 'Bootstrap' }).click();
			await expect.poll(() => editorText(page)).toBe(DOC_WITH_ONE_ERROR);
			await page.getByRole('link', { name: 'Document', exact: true }).click();
			await expect.poll(() => editorText(page)).toBe(DOC_WITH_ONE_ERROR);
			await saved(page);
			await page.goto(`${studio.url}bootstrap`);
			await documentOpen(page, name);
			await expect.poll(() => editorText(page)).toBe(DOC_WITH_ONE_ERROR);
		});
	});

	it('follows the WBXML version and string table options', async () => {
		await studio.withScreenshot('options', async () => {
			await page.goto(studio.url);
			await newDocument(page, 'cp-sample');
			await page.getByTestId('wbxml-version').selectOption('1');
			await expect.poll(async () => (await spanTexts())[0]).toBe('01');
			// The sample repeats "NAP1" (NAPID and TO-NAPID): the table span is its length 05 and "NAP1\\0"; without
			// a table only the length 00 remains.
			await expect.poll(async () => (await spanTexts())[3]).toBe('05 4E 41 50 31 00');
			await page.getByTestId('string-table').uncheck();
			await expect.poll(async () => (await spanTexts())[3]).toBe('00');
		});
	});

	it('opens a file from disk as a new library document named after it, and downloads its WBXML under that name, which libwbxml decodes back to the same document', async () => {
		await studio.withScreenshot('open-download', async () => {
			await page.goto(studio.url);
			await documentOpen(page);
			const opened = DOC_WITH_ONE_ERROR.replace('GSM-GPRSX', 'GSM-CSD');
			await page.getByTestId('file-input').setInputFiles({ name: 'office-apn.xml', mimeType: 'text/xml', buffer: Buffer.from(opened) });
			await documentOpen(page, 'office-apn');
			await expect.poll(() => editorText(page)).toBe(opened);
			await expect.poll(() => page.getByTestId('document-page').getAttribute('data-analysis')).toBe('current');
			const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download').click()]);
			expect(download.suggestedFilename()).toBe('office-apn.wbxml');
			const saved = join(studio.profile, 'office-apn.wbxml');
			await download.saveAs(saved);
			// wbxml2xml -i 2 writes the same declaration, DOCTYPE and indentation as the opened text, without a final newline.
			const theirs = execFileSync('wbxml2xml', ['-i', '2', '-o', '-', saved], { stdio: ['ignore', 'pipe', 'ignore'] }).toString();
			expect(theirs.trimEnd() + '\n').toBe(opened);
			expect(readFileSync(saved).subarray(0, 3)).toEqual(Buffer.from([0x03, 0x0b, 0x6a]));
			// The XML download is the editor's text, named after the document too.
			const [xml] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-xml').click()]);
			expect(xml.suggestedFilename()).toBe('office-apn.xml');
			const xmlFile = join(studio.profile, 'office-apn-download.xml');
			await xml.saveAs(xmlFile);
			expect(readFileSync(xmlFile, 'utf8')).toBe(opened);
		});
	});

	it('opens a WBXML file as its XML (libwbxml reads the same), and an ISO-8859-1 file with its é intact', async () => {
		await studio.withScreenshot('open-wbxml', async () => {
			await page.goto(studio.url);
			await documentOpen(page);
			// A binary document as a device vendor or an OTA tool gives it: libwbxml's encoding of a known text.
			const source = join(studio.profile, 'vendor-push.xml');
			writeFileSync(source, DOC_WITH_ONE_ERROR.replace('GSM-GPRSX', 'GSM-CSD'));
			const wbxml = execFileSync('xml2wbxml', ['-o', '-', source], { stdio: ['ignore', 'pipe', 'ignore'] });
			await page.getByTestId('file-input').setInputFiles({ name: 'vendor-push.wbxml', mimeType: 'application/vnd.wap.wbxml', buffer: wbxml });
			await documentOpen(page, 'vendor-push');
			// wbxml2xml -i 2 on the same bytes is the oracle of the text shown (it ends without a newline, and its
			// declaration names no encoding where ours, as pstudio decode's, says UTF-8: the charset the WBXML gave).
			const theirs = execFileSync('wbxml2xml', ['-i', '2', '-o', '-', '-'], { input: wbxml, stdio: ['pipe', 'pipe', 'ignore'] }).toString();
			const expected = theirs.replace('<?xml version="1.0"?>', '<?xml version="1.0" encoding="UTF-8"?>').trimEnd() + '\n';
			await expect.poll(() => editorText(page)).toBe(expected);
			// "Café" saved by an older tool in ISO-8859-1: 43 61 66 E9, which File.text() would read as "Caf\uFFFD".
			const latin1 = Buffer.from(DOC_WITH_ONE_ERROR.replace('<?xml version="1.0"?>', '<?xml version="1.0" encoding="ISO-8859-1"?>').replace('GSM-GPRSX', 'Caf\u00e9'), 'latin1');
			await page.getByTestId('file-input').setInputFiles({ name: 'cafe.xml', mimeType: 'text/xml', buffer: latin1 });
			await documentOpen(page, 'cafe');
			await expect.poll(() => editorText(page)).toContain('Caf\u00e9');
		});
	});

	it('never overwrites the open document with the sample: Load sample makes a new document', async () => {
		await studio.withScreenshot('load-sample', async () => {
			await page.goto(studio.url);
			const mine = await newDocument(page, 'cp-empty');
			await setEditorText(page, DOC_WITH_ONE_ERROR);
			await saved(page);
			await page.getByTestId('load-sample').click();
			await expect.poll(() => page.getByTestId('document-name').textContent()).toMatch(/^Sample( \d+)?$/);
			await expect.poll(() => editorText(page)).toBe(SAMPLE_DOCUMENT);
			// The document it left is in the library as it was.
			await page.locator('[data-testid="document-list-item"]', { hasText: mine }).first().click();
			await documentOpen(page, mine);
			await expect.poll(() => editorText(page)).toBe(DOC_WITH_ONE_ERROR);
		});
	});
});
