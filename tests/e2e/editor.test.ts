// The studio editor (src/lib/ui/editor) in real Chromium, on its development page (/dev/editor, linked from nowhere):
// completion at three cursor positions checked against the schema table, a lint marker with the message `pstudio
// validate` prints and its fix, hover, go to definition (F12, Ctrl-click), rename with one-step undo, Tab and the way
// out of the editor, light/dark, the version diff, the DM account mode; and typing into a 20,000-line document (its
// latency is measured by bench/studio-bench.ts, not here).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountFromXml, DmError } from '../../src/lib/documents/dm';
import { CHARACTERISTIC_DESCRIPTIONS } from '../../src/lib/documents/provcont/rules/descriptions';
import { CHARACTERISTICS } from '../../src/lib/documents/provcont/rules/schema';
import { generateDocument } from '../../src/routes/dev/editor/generate';
import { openStudio, type StudioInBrowser } from './browser';
import { REPO_ROOT } from './server';

const DOC = `<?xml version="1.0"?>
<wap-provisioningdoc version="1.1">
  <characteristic type="NAPDEF">
    <parm name="NAPID" value="NAP1"/>
    <parm name="NAME" value="Example GPRS"/>
    <parm name="BEARER" value="GSM-GPRS"/>
    <parm name="NAP-ADDRESS" value="internet.example.com"/>
    <parm name="NAP-ADDRTYPE" value="APN"/>
  </characteristic>
  <characteristic type="APPLICATION">
    <parm name="APPID" value="w2"/>
    <parm name="TO-NAPID" value="NAP1"/>
    <parm name="ADDR" value="http://www.example.com/"/>
  </characteristic>
</wap-provisioningdoc>
`;

// Two mistakes: GSM-GPRSX is no BEARER (error, line 6), INTERNET is a flag written with a value (warning, line 7).
const DOC_WITH_FINDINGS = DOC.replace('value="GSM-GPRS"', 'value="GSM-GPRSX"').replace(
	'    <parm name="NAP-ADDRESS"',
	'    <parm name="INTERNET" value="1"/>\n    <parm name="NAP-ADDRESS"'
);

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
const typesUnder = (parent: string): string[] => Object.keys(CHARACTERISTICS).filter((t) => CHARACTERISTICS[t].parents.includes(parent));
const sorted = (list: readonly string[]): string[] => [...list].sort((a, b) => a.localeCompare(b));

async function open(query = ''): Promise<void> {
	await page.goto(`${studio.url}dev/editor${query}`);
	await page.locator('.cm-content').first().waitFor();
}

async function text(): Promise<string> {
	return (await page.getByTestId('text').textContent()) ?? '';
}

/** Replaces the whole document as a paste would. */
async function setText(value: string): Promise<void> {
	await page.locator('.cm-content').first().click();
	await page.keyboard.press('Control+A');
	await page.keyboard.insertText(value);
	await expect.poll(text).toBe(value);
}

/** Puts the caret (or a selection) at string offsets through the page's "select this XML range" hook. */
async function select(from: number, to = from): Promise<void> {
	await page.getByTestId('select-from').fill(String(from));
	await page.getByTestId('select-to').fill(String(to));
	await page.getByTestId('select-range').click();
	await expect.poll(() => page.getByTestId('anchor').textContent()).toBe(String(from));
}

/** Enter on the list, once CodeMirror takes it (not within interactionDelay, 75 ms, of the list changing). */
async function acceptCompletion(): Promise<void> {
	await page.waitForTimeout(200);
	await page.keyboard.press('Enter');
}

async function completionLabels(): Promise<string[]> {
	const list = page.locator('.cm-tooltip-autocomplete li .cm-completionLabel');
	await list.first().waitFor();
	return list.allTextContents();
}

describe('completion at the cursor, against the schema', () => {
	it('offers the characteristic types allowed in APPLICATION in a new type=""', async () => {
		await studio.withScreenshot('editor-completion-type', async () => {
			await open();
			await setText(DOC);
			await select(DOC.indexOf('    <parm name="ADDR"'));
			await page.keyboard.type('<characteristic type="');
			// client-provisioning.md §5: CLIENTIDENTITY, APPADDR, APPAUTH, RESOURCE may be in APPLICATION.
			expect(typesUnder('APPLICATION')).toEqual(['CLIENTIDENTITY', 'APPADDR', 'APPAUTH', 'RESOURCE']);
			await expect.poll(completionLabels).toEqual(sorted(typesUnder('APPLICATION')));
		});
	});

	it('offers the NAPDEF parms not yet there in a new name="", and puts the chosen one in', async () => {
		await studio.withScreenshot('editor-completion-name', async () => {
			await open();
			await setText(DOC);
			await select(DOC.indexOf('  </characteristic>'));
			await page.keyboard.type('    <parm name="');
			// Allowed once and present: NAPID, NAME, NAP-ADDRESS, NAP-ADDRTYPE; BEARER may repeat.
			const present = ['NAPID', 'NAME', 'NAP-ADDRESS', 'NAP-ADDRTYPE'];
			const expected = Object.entries(CHARACTERISTICS.NAPDEF.parms)
				.filter(([name, spec]) => spec.cardinality === 'repeatable' || !present.includes(name))
				.map(([name]) => name);
			expect(expected).toContain('BEARER');
			await expect.poll(completionLabels).toEqual(sorted(expected));
			await page.keyboard.type('DNS-');
			await expect.poll(completionLabels).toContain('DNS-ADDR');
			await acceptCompletion();
			// Typed at the start of the `  </characteristic>` line; the chosen name replaces the value up to the closing quote.
			await expect.poll(text).toContain('    <parm name="DNS-ADDR"  </characteristic>');
		});
	});

	it('offers the BEARER values in value="" and puts the chosen one in', async () => {
		await studio.withScreenshot('editor-completion-value', async () => {
			await open();
			await setText(DOC);
			await select(DOC.indexOf('  </characteristic>'));
			await page.keyboard.type('    <parm name="BEARER');
			await page.keyboard.press('Escape');
			// The closing quote closeBrackets put in is typed over.
			await page.keyboard.type('" value="');
			const bearer = CHARACTERISTICS.NAPDEF.parms.BEARER.value;
			if (bearer.kind !== 'enum') throw new Error('BEARER is an enumeration in the schema');
			expect(bearer.values).toHaveLength(25);
			await expect.poll(completionLabels).toEqual(sorted(bearer.values));
			await page.keyboard.type('GSM-CSD');
			await expect.poll(completionLabels).toContain('GSM-CSD');
			await acceptCompletion();
			await expect.poll(text).toContain('    <parm name="BEARER" value="GSM-CSD"  </characteristic>');
		});
	});
});

describe('findings as lint markers', () => {
	it('underlines the error with the rule, message and line:column `pstudio validate` prints', async () => {
		await studio.withScreenshot('editor-lint', async () => {
			const dir = mkdtempSync(join(tmpdir(), 'pstudio-editor-'));
			let printed: string;
			try {
				writeFileSync(join(dir, 'doc.xml'), DOC_WITH_FINDINGS);
				try {
					printed = execFileSync('npx', ['tsx', 'src/cli/main.ts', 'validate', join(dir, 'doc.xml')], { cwd: REPO_ROOT, encoding: 'utf8' });
				} catch (err) {
					// Exit 1: at least one error finding, which is the point here.
					printed = String((err as { stdout?: unknown }).stdout);
				}
			} finally {
				rmSync(dir, { recursive: true, force: true });
			}
			const line = printed.split('\n').find((l) => l.includes(' error value-enum '));
			const match = /:(\d+):(\d+) error value-enum (.*)$/.exec(line ?? '');
			if (match === null) throw new Error(`pstudio validate printed no value-enum error: ${printed}`);
			const [, cliLine, cliColumn, cliMessage] = match;
			expect(`${cliLine}:${cliColumn}`).toBe('6:25');

			await open();
			await setText(DOC_WITH_FINDINGS);
			const error = page.locator('.cm-lintRange-error');
			await expect.poll(() => error.count()).toBe(1);
			expect(await error.textContent()).toBe('value="GSM-GPRSX"');
			await error.hover();
			const tooltip = page.locator('.cm-tooltip-lint');
			await tooltip.waitFor();
			expect(await tooltip.locator('.cm-diagnosticText').first().textContent()).toBe(cliMessage);
			expect(await tooltip.locator('.cm-diagnosticSource').first().textContent()).toBe(`value-enum ${cliLine}:${cliColumn}`);
			expect(await page.locator('.cm-lint-marker-error').count()).toBe(1);
		});
	});

	it('fixes a finding through its marker: a flag loses its value, and the warning goes', async () => {
		await studio.withScreenshot('editor-lint-fix', async () => {
			await open();
			await setText(DOC_WITH_FINDINGS);
			const warning = page.locator('.cm-lintRange-warning');
			await expect.poll(() => warning.count()).toBe(1);
			await warning.hover();
			const tooltip = page.locator('.cm-tooltip-lint');
			expect(await tooltip.locator('.cm-diagnosticText').first().textContent()).toBe('parm INTERNET takes no value, found "1"');
			await tooltip.getByRole('button', { name: 'Remove the value' }).click();
			await expect.poll(text).toContain('    <parm name="INTERNET"/>\n');
			await expect.poll(() => warning.count()).toBe(0);
			await expect.poll(() => page.locator('.cm-lintRange-error').count()).toBe(1);
		});
	});
});

describe('hover', () => {
	it('says what a characteristic is, where it may be, and the spec section', async () => {
		await studio.withScreenshot('editor-hover', async () => {
			await open();
			await setText(DOC);
			await page.locator('.cm-line', { hasText: 'type="NAPDEF"' }).locator('span', { hasText: '"NAPDEF"' }).hover();
			const hover = page.getByTestId('editor-hover');
			await hover.waitFor();
			const shown = (await hover.textContent()) ?? '';
			expect(shown).toContain('characteristic NAPDEF');
			expect(shown).toContain(CHARACTERISTIC_DESCRIPTIONS.NAPDEF.summary);
			expect(shown).toContain('ProvCont §5 NAPDEF');
			expect(shown).toContain('Required: NAPID, NAME, NAP-ADDRESS');
		});
	});
});

describe('navigation', () => {
	const napidValue = DOC.indexOf('value="NAP1"') + 'value="'.length;
	const toNapidValue = DOC.indexOf('name="TO-NAPID" value="NAP1"') + 'name="TO-NAPID" value="'.length;

	it('goes from a TO-NAPID to its NAPDEF with F12, and with Ctrl-click', async () => {
		await studio.withScreenshot('editor-definition', async () => {
			await open();
			await setText(DOC);
			await select(toNapidValue + 2);
			await page.keyboard.press('F12');
			// The definition's value is selected: anchor at its start, caret at its end: line 4, column 35 (4 spaces and
			// `<parm name="NAPID" value="` (26 characters) come before NAP1, which ends before column 35).
			await expect.poll(() => page.getByTestId('anchor').textContent()).toBe(String(napidValue));
			expect(await page.getByTestId('caret').textContent()).toBe(`${napidValue + 4} 4:35`);

			await select(0);
			await page.locator('.cm-line', { hasText: 'TO-NAPID' }).locator('span', { hasText: '"NAP1"' }).click({ modifiers: ['Control'] });
			await expect.poll(() => page.getByTestId('anchor').textContent()).toBe(String(napidValue));
		});
	});

	it('renames a NAPID and its TO-NAPID with F2, and one undo takes both back', async () => {
		await studio.withScreenshot('editor-rename', async () => {
			await open();
			await setText(DOC);
			await select(napidValue + 1);
			await page.keyboard.press('F2');
			const input = page.getByTestId('rename-input');
			await input.waitFor();
			expect(await input.inputValue()).toBe('NAP1');
			await input.fill('GPRS-A');
			await input.press('Enter');
			const renamed = DOC.replace('name="NAPID" value="NAP1"', 'name="NAPID" value="GPRS-A"').replace('name="TO-NAPID" value="NAP1"', 'name="TO-NAPID" value="GPRS-A"');
			await expect.poll(text).toBe(renamed);
			await page.keyboard.press('Control+Z');
			await expect.poll(text).toBe(DOC);
		});
	});
});

describe('keyboard, themes, selection hooks', () => {
	it('indents with Tab and lets Escape then Tab leave the editor', async () => {
		await studio.withScreenshot('editor-tab', async () => {
			await open();
			await setText(DOC);
			await select(DOC.indexOf('    <parm name="APPID"'));
			await page.keyboard.press('Tab');
			await expect.poll(text).toContain('\n      <parm name="APPID"');
			expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('code-editor');
			await page.keyboard.press('Escape');
			await page.keyboard.press('Tab');
			expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('select-from');
		});
	});

	it('emits the caret as it moves and selects a range asked for', async () => {
		await studio.withScreenshot('editor-caret', async () => {
			await open();
			await setText(DOC);
			const bearer = DOC.indexOf('GSM-GPRS');
			await select(bearer, bearer + 8);
			// Line 6: 4 spaces and `<parm name="BEARER" value="` (27) before GSM-GPRS, so its end is column 32 + 8 = 40.
			expect(await page.getByTestId('caret').textContent()).toBe(`${bearer + 8} 6:40`);
			await page.keyboard.press('ArrowRight');
			await expect.poll(() => page.getByTestId('anchor').textContent()).toBe(String(bearer + 8));
		});
	});

	it('holds the caret still while typing and blinks it again after a second idle', async () => {
		await studio.withScreenshot('editor-caret-blink', async () => {
			await open();
			await setText(DOC);
			await select(DOC.indexOf('Example GPRS'));
			// drawSelection's caret layer: its blink is a CSS animation of 1.2 s (CodeMirror's cursorBlinkRate).
			const layer = page.locator('.cm-cursorLayer').first();
			const duration = () => layer.evaluate((e) => getComputedStyle(e).animationDuration);
			await page.keyboard.type('New ');
			expect(await duration()).toBe('0s');
			expect(await layer.evaluate((e) => getComputedStyle(e.querySelector('.cm-cursor')!).opacity)).toBe('1');
			// Still within the second after the last key.
			await page.waitForTimeout(400);
			await page.keyboard.press('ArrowLeft');
			await page.waitForTimeout(700);
			expect(await duration()).toBe('0s');
			await expect.poll(duration, { timeout: 3000 }).toBe('1.2s');
			expect(await text()).toContain('value="New Example GPRS"');
		});
	});

	it('never blinks the caret for a system that asks for reduced motion', async () => {
		await page.emulateMedia({ reducedMotion: 'reduce' });
		try {
			await open();
			const duration = () => page.locator('.cm-cursorLayer').first().evaluate((e) => getComputedStyle(e).animationDuration);
			// Before any keystroke, and well past the second after one.
			expect(await duration()).toBe('0s');
			await page.locator('.cm-content').first().click();
			await page.keyboard.type('x');
			await page.waitForTimeout(1500);
			expect(await duration()).toBe('0s');
		} finally {
			await page.emulateMedia({ reducedMotion: 'no-preference' });
		}
	});

	it('follows the page\'s colour scheme', async () => {
		await studio.withScreenshot('editor-dark', async () => {
			await open();
			const background = () => page.locator('.cm-editor').first().evaluate((e) => getComputedStyle(e).backgroundColor);
			await page.emulateMedia({ colorScheme: 'light' });
			await expect.poll(background).toBe('rgb(255, 255, 255)');
			try {
				await page.emulateMedia({ colorScheme: 'dark' });
				await expect.poll(background).toBe('rgb(30, 31, 34)');
			} finally {
				await page.emulateMedia({ colorScheme: 'light' });
			}
		});
	});

	it('shows two versions side by side with the changed lines marked', async () => {
		await studio.withScreenshot('editor-diff', async () => {
			await open('?diff');
			await page.locator('.cm-mergeView').waitFor();
			expect(await page.locator('.cm-mergeView .cm-changedLine').count()).toBe(0);
			await select(DOC.indexOf('Example GPRS') + 'Example GPRS'.length);
			await page.keyboard.type(' 2');
			await expect.poll(() => page.locator('.cm-mergeView .cm-changedLine').count()).toBe(2);
		});
	});
});

describe('accessibility', () => {
	it('has no serious or critical axe violation with the editor, a lint marker, the completion list and the diff shown', async () => {
		await studio.withScreenshot('editor-axe', async () => {
			await open('?diff');
			await setText(DOC_WITH_FINDINGS);
			await expect.poll(() => page.locator('.cm-lintRange-error').count()).toBe(1);
			await select(DOC_WITH_FINDINGS.indexOf('  </characteristic>'));
			await page.keyboard.type('    <parm name="');
			await completionLabels();
			try {
				for (const scheme of ['light', 'dark'] as const) {
					await page.emulateMedia({ colorScheme: scheme });
					const result = await new AxeBuilder({ page }).analyze();
					const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
					expect(bad.map((v) => `${scheme}: ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join('; ')}`)).toEqual([]);
				}
			} finally {
				await page.emulateMedia({ colorScheme: 'light' });
			}
		});
	});
});

describe('DM account', () => {
	it('highlights, completes the DMAcc node names in place, and marks what the account reader refuses', async () => {
		await studio.withScreenshot('editor-dm', async () => {
			await page.emulateMedia({ colorScheme: 'light' });
			await open('?lang=dm');
			const account = (await text());
			const tagColour = await page.locator('.cm-line', { hasText: '<ServerID>' }).locator('span', { hasText: 'ServerID' }).first().evaluate((e) => getComputedStyle(e).color);
			expect(tagColour).toBe('rgb(11, 79, 138)');

			await select(account.indexOf('  </AppAuth>'));
			await page.keyboard.type('    <');
			// StdObj §7.1.3.1.17–23: the AppAuth/<X> nodes.
			await expect
				.poll(async () => (await completionLabels()).filter((l) => /^[A-Z]/.test(l)))
				.toEqual(sorted(['AAuthLevel', 'AAuthType', 'AAuthName', 'AAuthSecret', 'AAuthData']));
			await page.keyboard.press('Escape');

			const bad = account.replace('<AAuthLevel>CLCRED<', '<AAuthLevel>CLCREDX<');
			let reason = '';
			try {
				accountFromXml(bad);
			} catch (err) {
				if (err instanceof DmError) reason = err.reason;
			}
			expect(reason).toContain('CLCREDX');
			await setText(bad);
			const error = page.locator('.cm-lintRange-error');
			await expect.poll(() => error.count()).toBe(1);
			await error.hover();
			expect(await page.locator('.cm-tooltip-lint .cm-diagnosticText').first().textContent()).toBe(reason);
		});
	});
});

describe('a 20,000-line document', () => {
	// Typing latency is measured by the studio bench (npm run bench studio: bench/studio-bench.ts, the "editor" row),
	// not here: this checks only that typing lands and reaches the page at size.
	it('takes keystrokes in a NAME value and between tags, at the caret, and hands the text to the page', async () => {
		await studio.withScreenshot('editor-large', async () => {
			const lines = 20_000;
			const doc = generateDocument(lines);
			const middle = doc.indexOf('value="Access point', Math.floor(doc.length / 2));
			for (const at of [doc.indexOf('"', middle + 7), doc.indexOf('\n', middle) + 1]) {
				await open(`?lines=${lines}&analysis=off`);
				expect(await page.getByTestId('text-length').textContent()).toBe(String(doc.length));
				await select(at);
				await page.keyboard.type('xyz');
				// The caret moved past the three letters, and the page has the text with them (handed out after paint).
				await expect.poll(() => page.getByTestId('caret').textContent()).toMatch(new RegExp(`^${at + 3} `));
				await expect.poll(() => page.getByTestId('text-length').textContent()).toBe(String(doc.length + 3));
			}
		});
	});
});
