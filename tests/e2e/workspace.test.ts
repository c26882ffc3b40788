// A working day in the studio, in Debian's Chromium against the built studio, on a persistent browser profile
// (issue 9, "Checks that must exist"): create a document, type with completion (the lists checked against the schema
// at three places), fix a finding through its lint marker, save versions; close the browser and start it again on the
// same profile: the library, the draft and the versions are there; compare two versions, restore one; export the
// library and import it into a fresh profile: the same content; two tabs on one document: no silent overwrite.
// The tests of this file run in order, each going on from where the one before left the library.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHARACTERISTICS } from '../../src/lib/documents/provcont/rules/schema';
import { openStudio, type StudioInBrowser } from './browser';
import { documentOpen, dumpIndexedDb, editor, editorContent, editorText, goToLine, newDocument, saved, setEditorText } from './studio-page';

let studio: StudioInBrowser;
let page: Page;

beforeAll(async () => {
	studio = await openStudio();
	page = studio.page;
});

afterAll(async () => {
	await studio?.close();
});

/** Schema reads, written here and not taken from the completion code. */
const typesUnder = (parent: string | null): string[] => Object.keys(CHARACTERISTICS).filter((t) => CHARACTERISTICS[t].parents.includes(parent as never));
const sorted = (list: readonly string[]): string[] => [...list].sort((a, b) => a.localeCompare(b));

async function completionLabels(): Promise<string[]> {
	const list = editor(page).locator('.cm-tooltip-autocomplete li .cm-completionLabel');
	await list.first().waitFor();
	return list.allTextContents();
}

/** Enter on the list, once CodeMirror takes it (not within interactionDelay, 75 ms, of the list changing). */
async function acceptCompletion(): Promise<void> {
	await page.waitForTimeout(200);
	await page.keyboard.press('Enter');
}

const NAPDEF_DOC = `<?xml version="1.0"?>
<wap-provisioningdoc version="1.0">
  <characteristic type="NAPDEF">
    <parm name="NAPID" value="PILOT"/>
    <parm name="NAME" value="Pilot APN"/>
    <parm name="NAP-ADDRESS" value="pilot.example.net"/>
    <parm name="NAP-ADDRTYPE" value="APN"/>
    <parm name="INTERNET" value="1"/>
  </characteristic>
</wap-provisioningdoc>
`;

/** The versions as the panel lists them: number and message. */
async function versionRows(p: Page = page): Promise<string[][]> {
	await p.getByTestId('show-versions').click();
	const rows = p.getByTestId('version');
	return rows.evaluateAll((els) => els.map((e) => [e.getAttribute('data-number') ?? '', e.querySelector('.message')?.textContent ?? '', e.getAttribute('data-origin') ?? '']));
}

async function saveVersion(message: string): Promise<void> {
	await page.keyboard.press('Control+s');
	const input = page.getByTestId('version-message');
	await expect.poll(() => input.evaluate((el) => el === document.activeElement)).toBe(true);
	await input.fill(message);
	await page.getByTestId('save-version').click();
	await expect.poll(() => page.locator(`[data-testid="version"] .message`, { hasText: message }).count()).toBe(1);
}

/** The draft of the document named `name` as IndexedDB holds it (read back through the browser). */
async function storedDraft(name: string, p: Page = page): Promise<string | undefined> {
	const db = Object.values(await dumpIndexedDb(p))[0];
	const id = (db.documents as { id: string; name: string }[]).find((d) => d.name === name)?.id;
	return (db.drafts as { documentId: string; text: string }[]).find((d) => d.documentId === id)?.text;
}

const texts: { v1?: string; v2?: string; draft?: string } = {};
let exported = '';

describe('a document made with the studio editor', () => {
	it('is created from a template, renamed, and typed with completion at three places, each list as the schema says', async () => {
		await studio.withScreenshot('workspace-create', async () => {
			await page.goto(studio.url);
			await documentOpen(page, 'Sample');
			await newDocument(page, 'cp-empty');
			await page.getByTestId('rename').click();
			await page.getByTestId('rename-input').fill('Pilot APN');
			await page.getByTestId('rename-input').press('Enter');
			await documentOpen(page, 'Pilot APN');

			// 1. At the top level of the document: the characteristic types whose parent is the root (ProvCont §5).
			await goToLine(page, 3, 200);
			await page.keyboard.press('Enter');
			await page.keyboard.type('<characteristic type="');
			expect(typesUnder(null)).toContain('NAPDEF');
			await expect.poll(completionLabels).toEqual(sorted(typesUnder(null)));
			await page.keyboard.type('NAPD');
			await expect.poll(completionLabels).toEqual(['NAPDEF']);
			await acceptCompletion();
			await expect.poll(async () => (await editorText(page)).split('\n')[3]).toMatch(/^\s*<characteristic type="NAPDEF"/);

			// The rest of the access point, pasted; then two more places inside it.
			await setEditorText(page, NAPDEF_DOC);
			await expect.poll(() => editorText(page)).toBe(NAPDEF_DOC);

			// 2. A new parm in NAPDEF: its parms less those allowed once and already there.
			const close = NAPDEF_DOC.split('\n').indexOf('  </characteristic>') + 1;
			await goToLine(page, close, 0);
			await page.keyboard.type('    <parm name="');
			const present = ['NAPID', 'NAME', 'NAP-ADDRESS', 'NAP-ADDRTYPE', 'INTERNET'];
			const expected = Object.entries(CHARACTERISTICS.NAPDEF.parms)
				.filter(([name, spec]) => spec.cardinality === 'repeatable' || !present.includes(name))
				.map(([name]) => name);
			expect(expected).toContain('BEARER');
			expect(expected).not.toContain('NAME');
			await expect.poll(completionLabels).toEqual(sorted(expected));
			await page.keyboard.type('BEARE');
			await expect.poll(completionLabels).toEqual(['BEARER']);
			await acceptCompletion();
			// Typed at the start of the `  </characteristic>` line: the name goes in up to the closing quote closeBrackets
			// put in, which the next quote types over.
			await expect.poll(async () => (await editorText(page)).split('\n')[close - 1]).toBe('    <parm name="BEARER"  </characteristic>');

			// 3. Its value: BEARER's enumeration in the schema (25 bearers).
			await page.keyboard.type('" value="');
			const bearer = CHARACTERISTICS.NAPDEF.parms.BEARER.value;
			if (bearer.kind !== 'enum') throw new Error('BEARER is an enumeration in the schema');
			await expect.poll(completionLabels).toEqual(sorted(bearer.values));
			await page.keyboard.type('GSM-GP');
			await expect.poll(completionLabels).toEqual(['GSM-GPRS']);
			await acceptCompletion();
			await page.keyboard.type('"/>');
			await page.keyboard.press('Enter');
			await expect.poll(async () => (await editorText(page)).split('\n')[close - 1]).toBe('    <parm name="BEARER" value="GSM-GPRS"/>');
			await saved(page);
		});
	});

	it('fixes a finding through its lint marker: the flag loses its value and the warning goes', async () => {
		await studio.withScreenshot('workspace-lint-fix', async () => {
			const warning = editor(page).locator('.cm-lintRange-warning');
			await expect.poll(() => warning.count()).toBe(1);
			expect(await page.locator('[data-testid="finding"][data-severity="warning"] [data-testid="finding-message"]').textContent()).toBe('parm INTERNET takes no value, found "1"');
			await warning.hover();
			const tooltip = editor(page).locator('.cm-tooltip-lint');
			await tooltip.waitFor();
			expect(await tooltip.locator('.cm-diagnosticText').first().textContent()).toBe('parm INTERNET takes no value, found "1"');
			await tooltip.getByRole('button', { name: 'Remove the value' }).click();
			await expect.poll(() => editorText(page)).toContain('    <parm name="INTERNET"/>\n');
			await expect.poll(() => warning.count()).toBe(0);
			await expect.poll(() => page.getByTestId('finding-count').textContent()).toBe('0 (0 errors)');
			await saved(page);
		});
	});

	it('saves versions with messages, and keeps the draft typed after them', async () => {
		await studio.withScreenshot('workspace-versions', async () => {
			texts.v1 = await editorText(page);
			await saveVersion('pilot access point');
			await goToLine(page, 5, '    <parm name="NAME" value="Pilot APN'.length);
			await page.keyboard.type(' 2');
			await expect.poll(() => editorText(page)).toContain('value="Pilot APN 2"');
			texts.v2 = await editorText(page);
			await saveVersion('second name');
			await goToLine(page, 2, 0);
			await page.keyboard.type('<!-- pilot, not yet on cards -->\n');
			await expect.poll(() => editorText(page)).toContain('<!-- pilot');
			texts.draft = await editorText(page);
			await saved(page);
			// Written before the browser is closed (the save state may still show the write before the last keystrokes).
			await expect.poll(() => storedDraft('Pilot APN')).toBe(texts.draft);
			expect(await versionRows()).toEqual([
				['2', 'second name', 'save'],
				['1', 'pilot access point', 'save']
			]);
		});
	});
});

describe('after the browser is closed and started again on the same profile', () => {
	it('finds the library, the open document, its draft and its versions', async () => {
		await studio.withScreenshot('workspace-restart', async () => {
			await studio.restart();
			page = studio.page;
			await page.goto(studio.url);
			await documentOpen(page, 'Pilot APN');
			await expect.poll(() => editorText(page)).toBe(texts.draft);
			const listed = await page.getByTestId('document-list-item').evaluateAll((els) => els.map((e) => e.querySelector('.name')?.textContent));
			expect(listed.sort()).toEqual(['Pilot APN', 'Sample']);
			expect(await versionRows()).toEqual([
				['2', 'second name', 'save'],
				['1', 'pilot access point', 'save']
			]);
		});
	});

	it('compares two versions side by side', async () => {
		await studio.withScreenshot('workspace-diff', async () => {
			const v1 = page.locator('[data-testid="version"][data-number="1"]');
			await page.getByTestId('compare-left').selectOption({ label: 'Version 1: pilot access point' });
			await page.getByTestId('compare-right').selectOption({ label: 'Version 2: second name' });
			await page.getByTestId('compare').click();
			const comparison = page.getByTestId('comparison');
			await comparison.locator('.cm-mergeView').waitFor();
			expect(await comparison.getByTestId('diff-original-label').textContent()).toBe('Version 1: pilot access point');
			expect(await comparison.getByTestId('diff-modified-label').textContent()).toBe('Version 2: second name');
			// One line differs: NAME "Pilot APN" → "Pilot APN 2", marked on both sides.
			await expect.poll(() => comparison.locator('.cm-changedLine').count()).toBe(2);
			const changed = await comparison.locator('.cm-changedLine').allTextContents();
			expect(changed).toEqual(['    <parm name="NAME" value="Pilot APN"/>', '    <parm name="NAME" value="Pilot APN 2"/>']);
			expect(await v1.count()).toBe(1);
			expect(await comparison.getByTestId('comparison-same').count()).toBe(0);
			await page.getByTestId('close-comparison').click();
			expect(await comparison.count()).toBe(0);
		});
	});

	it('restores a version as the draft, keeping the draft it replaced as a version', async () => {
		await studio.withScreenshot('workspace-restore', async () => {
			await page.locator('[data-testid="version"][data-number="1"]').getByTestId('restore-version').click();
			await expect.poll(() => editorText(page)).toBe(texts.v1);
			await saved(page);
			await expect.poll(() => versionRows()).toEqual([
				['4', 'Restored version 1', 'restore'],
				['3', 'Draft before restoring version 1', 'before-restore'],
				['2', 'second name', 'save'],
				['1', 'pilot access point', 'save']
			]);
			// The draft that was replaced is version 3, word for word.
			await page.getByTestId('compare-left').selectOption({ label: 'Version 3: Draft before restoring version 1' });
			await page.getByTestId('compare-right').selectOption({ label: 'Draft' });
			await page.getByTestId('compare').click();
			await expect.poll(() => page.getByTestId('comparison').locator('.cm-changedLine').count()).toBeGreaterThan(0);
			const dump = await dumpIndexedDb(page);
			const versions = Object.values(dump)[0].versions as { number: number; text: string }[];
			expect(versions.find((v) => v.number === 3)?.text).toBe(texts.draft);
			// The restored version and the draft are the same text: said in words, not left as an empty comparison.
			await page.getByTestId('compare-left').selectOption({ label: 'Version 4: Restored version 1' });
			await page.getByTestId('compare-right').selectOption({ label: 'Draft' });
			await page.getByTestId('compare').click();
			await expect.poll(() => page.getByTestId('comparison-same').textContent()).toBe('No difference: the two texts are the same.');
			await page.getByTestId('close-comparison').click();
		});
	});
});

describe('export and import', () => {
	it('exports the whole library as one file', async () => {
		await studio.withScreenshot('workspace-export', async () => {
			await page.getByRole('link', { name: 'Library', exact: true }).click();
			const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-library').click()]);
			expect(download.suggestedFilename()).toMatch(/^provisioning-studio-library-\d{4}-\d{2}-\d{2}\.json$/);
			const file = join(studio.profile, 'export.json');
			await download.saveAs(file);
			exported = readFileSync(file, 'utf8');
			const json = JSON.parse(exported) as { format: string; secrets: string; documents: { name: string; versions: unknown[]; draft: string }[] };
			expect(json.format).toBe('provisioning-studio-library');
			expect(json.secrets).toBe('omitted');
			expect(json.documents.map((d) => [d.name, d.versions.length]).sort()).toEqual([
				['Pilot APN', 4],
				['Sample', 0]
			]);
			expect(json.documents.find((d) => d.name === 'Pilot APN')?.draft).toBe(texts.v1);
		});
	});

	it('imports it into a fresh profile: the same documents, drafts, tags and versions', async () => {
		await studio.withScreenshot('workspace-import', async () => {
			const other = await studio.otherProfile();
			const p = other.page;
			await p.goto(`${studio.url}library`);
			await p.getByTestId('library-row').first().waitFor();
			await p.getByTestId('import-library').setInputFiles({ name: 'library.json', mimeType: 'application/json', buffer: Buffer.from(exported) });
			await expect.poll(() => p.getByTestId('exchange-report').textContent()).toBe('Imported library.json: 2 added, 0 merged, 0 already here, 4 versions added.');
			// Exported again from there, every imported document is as it was: id, name, tags, times, draft, versions.
			const [download] = await Promise.all([p.waitForEvent('download'), p.getByTestId('export-library').click()]);
			const file = join(other.profile, 'again.json');
			await download.saveAs(file);
			type Doc = { id: string };
			const again = new Map((JSON.parse(readFileSync(file, 'utf8')).documents as Doc[]).map((d) => [d.id, d]));
			for (const document of JSON.parse(exported).documents as Doc[]) expect(again.get(document.id)).toEqual(document);
			// And the page shows it: open it, its text and its versions.
			await p.locator('[data-testid="library-row"]', { hasText: 'Pilot APN' }).getByTestId('row-name').click();
			await documentOpen(p, 'Pilot APN');
			await expect.poll(() => editorText(p)).toBe(texts.v1);
			expect((await versionRows(p)).map((r) => r[0])).toEqual(['4', '3', '2', '1']);
			await other.close();
		});
	});
});

describe('two tabs on one document', () => {
	it('never overwrite each other silently: the later write is a conflict, both texts are kept, and "keep mine" decides', async () => {
		await studio.withScreenshot('workspace-two-tabs', async () => {
			await page.goto(studio.url);
			await documentOpen(page, 'Pilot APN');
			const second = await studio.context.newPage();
			await second.goto(studio.url);
			await documentOpen(second, 'Pilot APN');
			await expect.poll(() => editorText(second)).toBe(texts.v1);

			// Both type at once into line 2, each keystroke 40 ms apart: each tab's autosave waits for the other's.
			await goToLine(page, 2, 0);
			await goToLine(second, 2, 0);
			await Promise.all([page.keyboard.type('<!-- first tab -->\n', { delay: 40 }), second.keyboard.type('<!-- second tab -->\n', { delay: 40 })]);
			const inConflict = async (p: Page): Promise<boolean> => (await p.getByTestId('conflict-banner').count()) > 0;
			await expect.poll(async () => (await inConflict(page)) || (await inConflict(second)), { timeout: 10_000 }).toBe(true);
			const [loser, winner] = (await inConflict(page)) ? [page, second] : [second, page];
			expect(await inConflict(winner)).toBe(false);
			const mine = await editorText(loser);
			const theirs = await editorText(winner);
			expect(mine).not.toBe(theirs);
			expect(await loser.getByTestId('save-state').getAttribute('data-state')).toBe('conflict');
			// Both texts are kept: the winner's is the draft, the loser's a conflict copy.
			const stored = async (): Promise<{ draft: string; versions: { text: string; origin: string }[] }> => {
				const db = Object.values(await dumpIndexedDb(page))[0];
				const id = (db.documents as { id: string; name: string }[]).find((d) => d.name === 'Pilot APN')!.id;
				return {
					draft: (db.drafts as { documentId: string; text: string }[]).find((d) => d.documentId === id)!.text,
					versions: (db.versions as { documentId: string; text: string; origin: string }[]).filter((v) => v.documentId === id)
				};
			};
			await expect.poll(async () => (await stored()).draft).toBe(theirs);
			await expect.poll(async () => (await stored()).versions.some((v) => v.origin === 'conflict' && v.text === mine)).toBe(true);

			await loser.getByTestId('keep-mine').click();
			await expect.poll(() => loser.getByTestId('conflict-banner').count()).toBe(0);
			await saved(loser);
			await expect.poll(async () => (await stored()).draft).toBe(mine);
			expect((await stored()).versions.some((v) => v.text === theirs)).toBe(true);
			// The other tab had nothing unsaved: it shows the new draft.
			await expect.poll(() => editorText(winner)).toBe(mine);
			await second.close();
		});
	});
});

describe('the Library page', () => {
	it('renames, tags, searches, moves to the trash with Undo, restores from the trash and empties it', async () => {
		await studio.withScreenshot('workspace-library', async () => {
			await page.goto(`${studio.url}library`);
			const row = (name: string) => page.locator('[data-testid="library-row"]', { hasText: name });
			await row('Sample').first().waitFor();
			await row('Sample').getByTestId('row-rename').click();
			await page.getByTestId('row-rename-input').fill('Office sample');
			await page.getByTestId('row-rename-save').click();
			await row('Office sample').waitFor();
			await row('Office sample').getByTestId('tag-input').fill('office');
			await row('Office sample').getByTestId('tag-input').press('Enter');
			await row('Pilot APN').getByTestId('tag-input').fill('pilot');
			await row('Pilot APN').getByTestId('tag-input').press('Enter');
			await expect.poll(() => row('Office sample').getByTestId('tag').allTextContents()).toEqual([expect.stringContaining('office')]);

			const names = () => page.getByTestId('row-name').allTextContents();
			await page.getByTestId('library-page-tag').selectOption('pilot');
			await expect.poll(names).toEqual(['Pilot APN']);
			await page.getByTestId('library-page-tag').selectOption('');
			// Search reaches the text: "internet.example.com" is in the sample only.
			await page.getByTestId('library-page-search').fill('internet.example.com');
			await expect.poll(names).toEqual(['Office sample']);
			await page.getByTestId('library-page-search').fill('');

			await row('Office sample').getByTestId('row-trash').click();
			await expect.poll(names).toEqual(['Pilot APN']);
			const notice = page.getByTestId('notice').filter({ hasText: 'Moved "Office sample" to the trash.' });
			await notice.getByTestId('notice-action').click();
			await expect.poll(async () => (await names()).sort()).toEqual(['Office sample', 'Pilot APN']);

			await row('Office sample').getByTestId('row-trash').click();
			await page.getByTestId('show-trash').click();
			await expect.poll(names).toEqual(['Office sample']);
			await row('Office sample').getByTestId('row-restore').click();
			await expect.poll(names).toEqual([]);
			await page.getByTestId('show-documents').click();
			await row('Office sample').getByTestId('row-trash').click();
			await page.getByTestId('show-trash').click();
			await page.getByTestId('empty-trash').click();
			await page.getByTestId('empty-trash-confirm').click();
			await expect.poll(() => page.getByTestId('library-empty').textContent()).toContain('The trash is empty.');
			await page.getByTestId('show-documents').click();
			await expect.poll(names).toEqual(['Pilot APN']);
		});
	});

	it('refuses a file that is not a library export with the library\'s one line, and changes nothing', async () => {
		await studio.withScreenshot('workspace-bad-import', async () => {
			await page.getByTestId('import-library').setInputFiles({ name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('{"format":"something else","version":1}') });
			await expect.poll(() => page.getByTestId('exchange-problem').textContent()).toMatch(/^Library import refused, nothing changed: \$\.format/);
			expect(await page.getByTestId('row-name').allTextContents()).toEqual(['Pilot APN']);
		});
	});
});

describe('New… while a document is open', () => {
	it('keeps the editor read-only until the new document is open: a paste meanwhile is refused, not replaced by the new text', async () => {
		await studio.withScreenshot('workspace-new-paste', async () => {
			await page.goto(studio.url);
			await documentOpen(page);
			await saved(page);
			const leftName = (await page.getByTestId('document-name').first().textContent()) ?? '';
			const left = await storedDraft(leftName);
			const MARKER = '<!-- pasted during New -->';
			await page.getByTestId('new-document').locator('summary').click();
			// New… → Empty CP document, and a paste into the editor right after it, in its own task (as a user's paste
			// comes: after the click's own work), while the library still creates and opens the new document.
			const during = await page.evaluate(
				(marker) =>
					new Promise<{ name: string; accepted: boolean; readonly: string | null }>((resolve) => {
						document.querySelector<HTMLButtonElement>('[data-testid="new-cp-empty"]')!.click();
						setTimeout(() => {
							const content = document.querySelector('[data-testid="code-editor"]')!.shadowRoot!.querySelector<HTMLElement>('.cm-content')!;
							const data = new DataTransfer();
							data.setData('text/plain', marker);
							content.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
							resolve({
								name: document.querySelector('[data-testid="document-name"]')?.textContent ?? '',
								accepted: (content.textContent ?? '').includes(marker),
								readonly: content.getAttribute('aria-readonly')
							});
						}, 0);
					}),
				MARKER
			);
			// The paste came while the document shown was still the one being left, and the editor refused it.
			expect(during).toEqual({ name: leftName, accepted: false, readonly: 'true' });
			await expect.poll(() => page.getByTestId('document-name').first().textContent(), { timeout: 10_000 }).not.toBe(leftName);
			const newName = (await page.getByTestId('document-name').first().textContent()) ?? '';
			expect(newName).toMatch(/^Untitled/);
			const editorNow = editorContent(page);
			await expect.poll(() => editorNow.getAttribute('aria-readonly')).toBeNull();
			expect(await editorText(page)).not.toContain(MARKER);
			// Once it is open, the new document takes what is pasted, and the one left is as it was.
			await setEditorText(page, `${MARKER}\n`);
			// The editor hands its text out after the frame that shows it: "saved" may still be the open's own state
			// for a moment (a loaded machine showed it), so the draft is awaited, not read once.
			await saved(page);
			await expect.poll(() => storedDraft(newName), { timeout: 10_000 }).toBe(`${MARKER}\n`);
			expect(await storedDraft(leftName)).toBe(left);
		});
	});
});
