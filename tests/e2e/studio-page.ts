// What the e2e files do on the studio's pages, the way a user does it: start a document from a template, type into
// the studio editor (CodeMirror, in a shadow root: Playwright's CSS locators pierce it), move the caret with the
// editor's own "Go to line" (Ctrl+Alt+G, line:column), wait for autosave; and what they read back: the editor's text,
// its selection, and every record of every IndexedDB store (read through the browser, for the secret checks).
import { expect } from 'vitest';
import type { Locator, Page } from 'playwright-core';

/** The studio editor on the page (the first, or the one inside `scope`). */
export function editor(page: Page, scope?: Locator): Locator {
	return (scope ?? page.locator('body')).locator('[data-testid="code-editor"]').first();
}

export function editorContent(page: Page, scope?: Locator): Locator {
	return editor(page, scope).locator('.cm-content');
}

/**
 * The editor's text, line by line as it shows them (CodeMirror draws the lines in view and a margin: enough for the
 * documents of these tests, a few dozen lines).
 */
export async function editorText(page: Page, scope?: Locator): Promise<string> {
	await editorContent(page, scope).waitFor();
	const lines = await editorContent(page, scope).locator('.cm-line').allTextContents();
	return lines.join('\n');
}

/**
 * Replaces the whole text as a paste does: select all, then a paste event carrying the text (CodeMirror takes it as
 * one change; Chromium's insertText into a contenteditable takes minutes for a few thousand lines).
 */
export async function setEditorText(page: Page, text: string, scope?: Locator): Promise<void> {
	const content = editorContent(page, scope);
	await content.click();
	await page.keyboard.press('Control+A');
	if (text === '') {
		await page.keyboard.press('Delete');
		return;
	}
	await content.evaluate((element, value) => {
		const data = new DataTransfer();
		data.setData('text/plain', value);
		element.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
	}, text);
}

/** Puts the caret at a 1-based line and 0-based character column through the editor's Go to line (Ctrl+Alt+G). */
export async function goToLine(page: Page, line: number, column: number, scope?: Locator): Promise<void> {
	await editorContent(page, scope).focus();
	await page.keyboard.press('Control+Alt+g');
	const input = editor(page, scope).locator('.cm-panel.cm-dialog input[name="line"], .cm-goto-line input[name="line"]').first();
	await input.waitFor();
	await input.fill(`${line}:${column}`);
	await input.press('Enter');
}

/** The text selected in the editor (its DOM selection, in its shadow root, when it has the focus). */
export async function editorSelection(page: Page, scope?: Locator): Promise<string> {
	return editor(page, scope).evaluate((host) => (host.shadowRoot as ShadowRoot & { getSelection(): Selection | null }).getSelection()?.toString() ?? '');
}

/** Waits until the open document's text is written (autosave). */
export async function saved(page: Page): Promise<void> {
	await expect.poll(() => page.getByTestId('save-state').first().getAttribute('data-state'), { timeout: 10_000 }).toBe('saved');
}

/** Waits until the workspace has opened a document. */
export async function documentOpen(page: Page, name?: string): Promise<void> {
	const shown = page.getByTestId('document-name').first();
	await shown.waitFor({ timeout: 15_000 });
	if (name !== undefined) await expect.poll(() => shown.textContent(), { timeout: 10_000 }).toBe(name);
}

/** On the Document page: New… → a template; waits for it to open. Returns its name. */
export async function newDocument(page: Page, template: 'cp-empty' | 'cp-sample' | 'dm-account'): Promise<string> {
	await documentOpen(page);
	const before = await page.getByTestId('document-name').first().textContent();
	await page.getByTestId('new-document').locator('summary').click();
	await page.getByTestId(`new-${template}`).click();
	await expect.poll(() => page.getByTestId('document-name').first().textContent(), { timeout: 10_000 }).not.toBe(before);
	return (await page.getByTestId('document-name').first().textContent()) ?? '';
}

/** Every database, store and record of the page's origin, read through the browser; byte arrays as hex. */
export async function dumpIndexedDb(page: Page): Promise<Record<string, Record<string, unknown[]>>> {
	return page.evaluate(async () => {
		const hex = (bytes: Uint8Array): string => [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
		const plain = (value: unknown): unknown => {
			if (value instanceof Uint8Array) return { bytes: hex(value) };
			if (value instanceof ArrayBuffer) return { bytes: hex(new Uint8Array(value)) };
			if (Array.isArray(value)) return value.map(plain);
			if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
			return value;
		};
		const request = <T>(r: IDBRequest<T>): Promise<T> =>
			new Promise((resolve, reject) => {
				r.onsuccess = () => resolve(r.result);
				r.onerror = () => reject(r.error);
			});
		const out: Record<string, Record<string, unknown[]>> = {};
		for (const info of await indexedDB.databases()) {
			if (info.name === undefined) continue;
			const db = await request(indexedDB.open(info.name));
			const stores: Record<string, unknown[]> = {};
			for (const name of [...db.objectStoreNames]) {
				stores[name] = ((await request(db.transaction(name, 'readonly').objectStore(name).getAll())) as unknown[]).map(plain);
			}
			db.close();
			out[info.name] = stores;
		}
		return out;
	});
}

/** localStorage and sessionStorage of the page's origin. */
export async function webStorage(page: Page): Promise<{ local: Record<string, string>; session: Record<string, string> }> {
	return page.evaluate(() => ({ local: { ...localStorage }, session: { ...sessionStorage } }));
}

/** Hex of a text's UTF-8 bytes (to search byte arrays of a dump for it). */
export function utf8Hex(text: string): string {
	return Buffer.from(text, 'utf8').toString('hex');
}
