// The forms on the Document page (issue 11, point 1), in Debian's Chromium against the built studio: an APN, MMS and
// e-mail profile authored through the forms only in a new document gives the XML written out below by hand (the
// same as tests/unit/forms/forms.test.ts without FROM), with no finding; a form change is one editor step (one undo
// takes it back, and the form shows the value before it); an edit in the XML shows in the form; the passwords typed
// are masked, and the library stores none of them (keep secrets is off).
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apnMmsMailXml } from './apn-mms-mail';
import { openStudio, type StudioInBrowser } from './browser';
import { dumpIndexedDb, editorContent, newDocument, saved, setEditorText } from './studio-page';

let studio: StudioInBrowser;
let page: Page;

beforeAll(async () => {
	studio = await openStudio();
	page = studio.page;
});

afterAll(async () => {
	await studio?.close();
});

/** The editor's whole document (the EditorView behind its content element, as studio-page.ts reads it). */
function editorDocument(): Promise<string | undefined> {
	type Tile = { root?: { view?: { state: { doc: { toString(): string } } } } };
	return editorContent(page).evaluate((element) => (element as unknown as { cmTile?: Tile }).cmTile?.root?.view?.state.doc.toString());
}

const field = (testid: string) => page.getByTestId(testid);

async function fill(testid: string, value: string): Promise<void> {
	await field(testid).fill(value);
}

async function addTo(list: string, value: string): Promise<void> {
	await field(`${list}-add`).click();
	const row = field(`${list}-0`);
	if ((await row.evaluate((e) => e.tagName)) === 'SELECT') await row.selectOption(value);
	else await row.fill(value);
}

const EXPECTED = apnMmsMailXml({ apn: 'internet', mmsc: 'mmsc.example.com', imap: 'imap.example.com', smtp: 'smtp.example.com' });

describe('forms on the Document page', () => {
	it('authors an APN + MMS + e-mail profile through the forms only: the XML written by hand, no finding', async () => {
		await page.goto(studio.url);
		await newDocument(page, 'cp-empty');
		await page.getByTestId('show-forms').click();
		await field('forms-panel').waitFor();
		expect(await field('forms-new').textContent()).toContain('The document has none yet');

		// The controls' accessible names are their labels with the parm they write.
		await page.getByRole('textbox', { name: 'Access point id (NAPID)' }).fill('INTERNET-NAP');
		await fill('form-apn-name', 'Internet');
		await page.getByRole('textbox', { name: 'APN (NAP-ADDRESS)' }).fill('internet');
		await field('form-apn-addressType').selectOption('APN');
		await addTo('form-apn-bearers', 'GSM-GPRS');
		await field('form-apn-auth.type').selectOption('PAP');
		await fill('form-apn-auth.name', 'web');
		const password = page.getByRole('textbox', { name: 'Password (AUTHSECRET)' });
		await password.fill('apn-pass-1');
		expect(await password.getAttribute('type')).toBe('password');
		await field('form-apn-auth.secret-reveal').click();
		expect(await password.getAttribute('type')).toBe('text');
		await field('form-apn-auth.secret-reveal').click();

		await field('form-choice').selectOption('mms');
		await fill('form-mms-name', 'MMS');
		await fill('form-mms-mmsc', 'http://mmsc.example.com/mms');
		await addTo('form-mms-toNapid', 'INTERNET-NAP');

		await field('form-choice').selectOption('email');
		await field('form-email-incoming.appid').selectOption('143');
		await fill('form-email-incoming.name', 'Mail');
		await fill('form-email-incoming.address.addr', 'imap.example.com');
		await fill('form-email-incoming.address.port.number', '993');
		await fill('form-email-incoming.auth.name', 'alice');
		await fill('form-email-incoming.auth.secret', 'imap-pass-2');
		await addTo('form-email-incoming.toNapid', 'INTERNET-NAP');
		await fill('form-email-outgoing.name', 'Mail');
		await fill('form-email-outgoing.address.addr', 'smtp.example.com');
		await fill('form-email-outgoing.address.port.number', '587');
		await fill('form-email-outgoing.auth.name', 'alice');
		await fill('form-email-outgoing.auth.secret', 'smtp-pass-3');
		await addTo('form-email-outgoing.toNapid', 'INTERNET-NAP');

		await expect.poll(editorDocument).toBe(EXPECTED);
		await expect.poll(() => page.getByTestId('document-page').getAttribute('data-analysis')).toBe('current');
		await expect.poll(() => page.getByTestId('finding-count').textContent()).toBe('0 (0 errors)');
	});

	it('stores none of the passwords typed into the forms (the library keeps them out, as for the editor)', async () => {
		await saved(page);
		const db = Object.values(await dumpIndexedDb(page))[0];
		const stored = JSON.stringify(db);
		for (const secret of ['apn-pass-1', 'imap-pass-2', 'smtp-pass-3']) expect(stored).not.toContain(secret);
		expect(stored).toContain('<parm name=\\"AUTHSECRET\\" value=\\"[secret not stored]\\"/>');
	});

	it('undoes a form change in one step, and the form follows the XML', async () => {
		await field('form-choice').selectOption('apn');
		await fill('form-apn-apn', 'internet.example');
		await expect.poll(editorDocument).toContain('<parm name="NAP-ADDRESS" value="internet.example"/>');
		await editorContent(page).focus();
		await page.keyboard.press('Control+z');
		await expect.poll(editorDocument).toBe(EXPECTED);
		await expect.poll(() => field('form-apn-apn').inputValue()).toBe('internet');

		// An edit in the XML shows in the form, and the validator's finding shows next to the field.
		await setEditorText(page, EXPECTED.replace('value="GSM-GPRS"', 'value="GPRS"'));
		await expect.poll(() => field('form-apn-bearers-0').inputValue()).toBe('GPRS');
		await expect.poll(() => page.getByTestId('form-apn').getByTestId('field-findings').first().textContent(), { timeout: 10_000 }).toContain('GPRS');
	});

	it('keeps a choice when the next field is typed before the editor hands its text out (no frame between them)', async () => {
		await newDocument(page, 'cp-empty');
		await field('form-choice').selectOption('apn');
		await fill('form-apn-name', 'Internet');
		await expect.poll(editorDocument).toContain('<parm name="NAME" value="Internet"/>');
		// In one task, as on a loaded machine: a name typed, AUTHTYPE picked (the form reads the editor's text, which
		// hands the name's text out), the page's effects run (microtasks), then AUTHNAME typed, all before a frame.
		await page.evaluate(async () => {
			const input = (id: string, value: string) => {
				const e = document.querySelector<HTMLInputElement | HTMLSelectElement>(`[data-testid="${id}"]`)!;
				e.value = value;
				e.dispatchEvent(new Event(e instanceof HTMLSelectElement ? 'change' : 'input', { bubbles: true }));
			};
			input('form-apn-name', 'Internet 2');
			input('form-apn-auth.type', 'PAP');
			for (let i = 0; i < 5; i++) await Promise.resolve();
			input('form-apn-auth.name', 'web');
		});
		await expect.poll(editorDocument).toContain('<parm name="AUTHNAME" value="web"/>');
		const xml = await editorDocument();
		expect(xml).toContain('<parm name="NAME" value="Internet 2"/>');
		expect(xml).toContain('<parm name="AUTHTYPE" value="PAP"/>');
	});
});
