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
 * one change; Chromium's insertText into a contenteditable takes minutes for a few thousand lines). Then waits until
 * the editor holds exactly that text, and pastes again if it does not: a page that has just opened a document may
 * still swap the editor's content under the first paste (seen on a loaded machine), and a test must not go on with
 * a text it did not ask for.
 */
export async function setEditorText(page: Page, text: string, scope?: Locator): Promise<void> {
	const content = editorContent(page, scope);
	for (let attempt = 1; ; attempt++) {
		await content.click();
		await page.keyboard.press('Control+A');
		if (text === '') await page.keyboard.press('Delete');
		else {
			await content.evaluate((element, value) => {
				const data = new DataTransfer();
				data.setData('text/plain', value);
				element.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
			}, text);
		}
		try {
			await expect.poll(() => editorDocument(content), { timeout: 5_000 }).toBe(text);
			return;
		} catch (error) {
			if (attempt === 3) throw error;
		}
	}
}

/**
 * The whole text of the editor's document, not only the lines drawn: the EditorView behind the content element, found
 * the way CodeMirror's own EditorView.findFromDOM does (@codemirror/view 6.44: the element's `cmTile`, its root's view).
 */
export function editorDocument(content: Locator): Promise<string | undefined> {
	type Tile = { root?: { view?: { state: { doc: { toString(): string } } } } };
	return content.evaluate((element) => (element as unknown as { cmTile?: Tile }).cmTile?.root?.view?.state.doc.toString());
}

/** On the Document page's forms: adds a row to the list `list` (its `-add` button) and sets the first row to `value`. */
export async function addToFormList(page: Page, list: string, value: string): Promise<void> {
	await page.getByTestId(`${list}-add`).click();
	const row = page.getByTestId(`${list}-0`);
	if ((await row.evaluate((e) => e.tagName)) === 'SELECT') await row.selectOption(value);
	else await row.fill(value);
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

/**
 * After setEditorText, before a step that reloads or leaves the page: waits until the library has the text — its
 * autosave seen at work, then done. The editor hands its text out after the frame that shows it and the autosave
 * waits 300 ms, so `saved` right after a paste may still be the state before it, and a reload then loses the paste
 * (by design: a reload may lose the last second). The text must differ from the one the library has.
 */
export async function savedAfterEdit(page: Page): Promise<void> {
	await expect.poll(() => page.getByTestId('save-state').first().getAttribute('data-state'), { timeout: 10_000 }).not.toBe('saved');
	await saved(page);
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

/** What a Tab walk reached and what it should have: each control as `tag[data-testid] "name"` (see tabWalk). */
export interface TabWalk {
	/** The visible, enabled controls of the page (open shadow roots included) that no Tab press reached. */
	missed: string[];
	/** Elements that took the focus while not visible (a Tab stop the user cannot see). */
	invisible: string[];
	/** How many Tab presses went round the page. */
	presses: number;
}

/**
 * Walks the page with Tab from the top until the focus comes back round (or `limit` presses), and compares the
 * elements it reached with the page's visible enabled controls: links, buttons, fields, summaries, editable text and
 * anything with tabindex >= 0, in the document and in open shadow roots (the studio editor's). A radio group counts
 * as reached when one of its buttons is (the arrow keys move inside it). In the studio editor Tab indents: the walk
 * leaves it as a user does, Escape then Tab.
 */
export async function tabWalk(page: Page, limit = 400): Promise<TabWalk> {
	await page.evaluate(() => {
		(window as unknown as { __tabWalk: Element[] }).__tabWalk = [];
		(document.activeElement as HTMLElement | null)?.blur();
		window.getSelection()?.removeAllRanges();
	});
	let presses = 0;
	const invisible: string[] = [];
	for (; presses < limit; presses++) {
		await page.keyboard.press('Tab');
		const step = await page.evaluate(() => {
			let active: Element | null = document.activeElement;
			while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
			if (active === null || active === document.body) return { done: false, editor: false, invisible: '' };
			const seen = (window as unknown as { __tabWalk: Element[] }).__tabWalk;
			const done = seen.length > 0 && seen[0] === active;
			if (!seen.includes(active)) seen.push(active);
			const box = active.getBoundingClientRect();
			const name = `${active.tagName.toLowerCase()}[${active.getAttribute('data-testid') ?? ''}] "${(active.getAttribute('aria-label') ?? active.textContent ?? '').trim().slice(0, 40)}"`;
			return { done, editor: active.classList.contains('cm-content'), invisible: box.width > 0 && box.height > 0 ? '' : name };
		});
		if (step.invisible !== '') invisible.push(step.invisible);
		if (step.done) break;
		// The studio editor: Escape, then Tab moves on (CodeMirror's tab-focus mode), as its help says.
		if (step.editor) await page.keyboard.press('Escape');
	}
	const missed = await page.evaluate(() => {
		const seen = (window as unknown as { __tabWalk: Element[] }).__tabWalk;
		const all: Element[] = [];
		const collect = (root: Document | ShadowRoot): void => {
			for (const el of root.querySelectorAll('*')) {
				if (el.shadowRoot) collect(el.shadowRoot);
				if (el.matches('a[href], button, input:not([type="hidden"]), select, textarea, summary, [tabindex], [contenteditable="true"]')) all.push(el);
			}
		};
		collect(document);
		const controls = all.filter((el) => {
			if (el.matches(':disabled') || el.closest('[inert]') !== null) return false;
			const tabindex = el.getAttribute('tabindex');
			if (tabindex !== null && Number(tabindex) < 0) return false;
			if (el.tagName === 'SUMMARY' && el.parentElement?.querySelector(':scope > summary') !== el) return false;
			const box = el.getBoundingClientRect();
			return box.width > 0 && box.height > 0 && el.checkVisibility({ visibilityProperty: true });
		});
		const reached = (el: Element): boolean => {
			if (seen.includes(el)) return true;
			if (el instanceof HTMLInputElement && el.type === 'radio' && el.name !== '') return seen.some((s) => s instanceof HTMLInputElement && s.type === 'radio' && s.name === el.name);
			return false;
		};
		return controls
			.filter((el) => !reached(el))
			.map((el) => `${el.tagName.toLowerCase()}[${el.getAttribute('data-testid') ?? ''}] "${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 40)}"`);
	});
	return { missed, invisible, presses };
}
