// Templates in the studio (issue 11 §2) in Chromium against the built studio: the starter templates New… offers, each
// a valid document (no error finding on the Document page); a batch template's `${NAME}` placeholders marked in the
// editor and completed after `${` with the names the template declares; the user's own templates (Save as template,
// then New… → Your templates makes a copy).
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEMPLATES } from '../../src/lib/ui/workspace/templates';
import { openStudio, type StudioInBrowser } from './browser';
import { documentOpen, editor, editorText, goToLine, saved, setEditorText } from './studio-page';

let studio: StudioInBrowser;
let page: Page;

beforeAll(async () => {
	studio = await openStudio();
	page = studio.page;
});

afterAll(async () => {
	await studio?.close();
});

async function fromNewMenu(testid: string): Promise<string> {
	await documentOpen(page);
	const before = await page.getByTestId('document-name').first().textContent();
	await page.getByTestId('new-document').first().locator('summary').click();
	await page.getByTestId(testid).first().click();
	await expect.poll(() => page.getByTestId('document-name').first().textContent(), { timeout: 10_000 }).not.toBe(before);
	return (await page.getByTestId('document-name').first().textContent()) ?? '';
}

async function completionLabels(): Promise<string[]> {
	const list = page.locator('.cm-tooltip-autocomplete li .cm-completionLabel');
	await list.first().waitFor();
	return list.allTextContents();
}

describe('starter templates', () => {
	it('each starter opens as a document the Document page finds no error in', async () => {
		await studio.withScreenshot('templates-starters', async () => {
			await page.goto(studio.url);
			for (const t of TEMPLATES.filter((x) => x.id.startsWith('cp-') && x.id !== 'cp-empty' && x.id !== 'cp-sample')) {
				const name = await fromNewMenu(`new-${t.id}`);
				expect(name).toMatch(new RegExp(`^${t.name}( \\d+)?$`));
				// The editor draws the lines in view: the first twelve are enough to know the starter is the one open.
				const head = t.text.split('\n').slice(0, 12).join('\n');
				await expect.poll(async () => (await editorText(page)).slice(0, head.length)).toBe(head);
				await expect.poll(() => page.getByTestId('finding-count').textContent(), { timeout: 15_000 }).toMatch(/\(0 errors\)$/);
			}
		});
	});
});

describe('placeholders in the editor', () => {
	it('marks each ${NAME} of the batch starter and completes ${ with the names the template declares', async () => {
		await studio.withScreenshot('templates-placeholders', async () => {
			await page.goto(studio.url);
			await fromNewMenu('new-cp-batch-apn');
			const marks = editor(page).locator('.cm-ps-placeholder');
			await expect.poll(() => marks.allTextContents()).toEqual(['${APN}', '${IMSI}']);
			expect(await marks.first().getAttribute('title')).toBe("placeholder APN: filled from the order's APN column, one document per row");

			const text = TEMPLATES.find((t) => t.id === 'cp-batch-apn')!.text.replace('value="Operator Internet"', 'value=""');
			await setEditorText(page, text);
			const lines = text.split('\n');
			const line = lines.findIndex((l) => l.includes('<parm name="NAME" value=""/>'));
			await goToLine(page, line + 1, lines[line].indexOf('value=""') + 'value="'.length);
			await page.keyboard.type('${');
			await expect.poll(completionLabels).toEqual(expect.arrayContaining(['APN', 'IMSI']));
			await page.keyboard.type('IM');
			await page.waitForTimeout(200);
			await page.keyboard.press('Enter');
			await expect.poll(() => editorText(page)).toContain('<parm name="NAME" value="${IMSI}"/>');
			await expect.poll(() => marks.count()).toBe(3);
		});
	});
});

describe('a template is checked by type and does not leave the studio as it is', () => {
	it('${PORT} alone in PORTNBR has no finding, ${PORT}x has one at the placeholder; the Bootstrap page will not sign it', async () => {
		await studio.withScreenshot('templates-typed', async () => {
			await page.goto(studio.url);
			await fromNewMenu('new-cp-batch-apn');
			// A proxy whose port comes from the order (ProvCont PORT: PORTNBR an integer 0..65535).
			const proxy = `  <characteristic type="PXLOGICAL">
    <parm name="PROXY-ID" value="PX1"/>
    <parm name="NAME" value="Proxy"/>
    <characteristic type="PXPHYSICAL">
      <parm name="PHYSICAL-PROXY-ID" value="PHY1"/>
      <parm name="PXADDR" value="10.0.0.1"/>
      <parm name="PXADDRTYPE" value="IPV4"/>
      <parm name="TO-NAPID" value="INTERNET"/>
      <characteristic type="PORT">
        <parm name="PORTNBR" value="\${PORT}"/>
      </characteristic>
    </characteristic>
  </characteristic>
</wap-provisioningdoc>`;
			const text = TEMPLATES.find((t) => t.id === 'cp-batch-apn')!.text.replace('</wap-provisioningdoc>', proxy);
			await setEditorText(page, text);
			await saved(page);
			await expect.poll(() => page.getByTestId('finding-count').textContent(), { timeout: 15_000 }).toMatch(/\(0 errors\)$/);
			const portLine = text.split('\n').findIndex((l) => l.includes('PORTNBR')) + 1;
			await setEditorText(page, text.replace('value="${PORT}"', 'value="${PORT}x"'));
			await expect.poll(() => page.getByTestId('finding-count').textContent(), { timeout: 15_000 }).toMatch(/\(1 error\)$/);
			expect(await page.getByTestId('findings').textContent()).toContain(`${portLine}:37`);
			expect(await page.getByTestId('findings').textContent()).toContain('${PORT} must be the whole value, found "${PORT}x"');
			await setEditorText(page, text);
			await saved(page);

			await page.getByRole('link', { name: 'Bootstrap', exact: true }).first().click();
			const blocked = page.getByTestId('sign-blocked');
			await blocked.waitFor({ timeout: 15_000 });
			// The starter's first placeholder: line 9 (the XML declaration, DOCTYPE, comment, root, NAPDEF, NAPID, NAME, BEARER before it).
			expect(await blocked.textContent()).toBe('Not signed: ${APN} (line 9) is a placeholder: this is a template, filled per card by the Batch page or `pstudio batch`.');
		});
	});
});

describe("the user's own templates", () => {
	it('saves the open document as "<name> (template)", lists it under Your templates, and New… from it copies its text', async () => {
		await studio.withScreenshot('templates-own', async () => {
			await page.goto(studio.url);
			const original = await fromNewMenu('new-cp-apn-mms');
			await saved(page);
			const text = await editorText(page);
			await page.getByTestId('new-document').first().locator('summary').click();
			await page.getByTestId('save-as-template').first().click();
			await expect.poll(() => page.getByTestId('document-name').first().textContent()).toBe(`${original} (template)`);
			await saved(page);
			await page.getByTestId('new-document').first().locator('summary').click();
			const mine = page.getByTestId('new-from-template');
			await expect.poll(() => mine.allTextContents()).toContain(original);
			await mine.filter({ hasText: original }).first().click();
			await expect.poll(() => page.getByTestId('document-name').first().textContent()).toBe(`${original} 2`);
			await expect.poll(() => editorText(page)).toBe(text);
		});
	});
});
