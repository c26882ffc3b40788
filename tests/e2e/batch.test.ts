// The Batch page in a real (headless) Chromium against the production build: a template picked from the library, an
// order file chosen in the browser (generated here), the mapping edited, the preview with its findings, a run in the
// page's worker into the origin private file system, the package downloaded and checked with third-party tools
// (unzip -t, wbxml2xml, openssl), a cancelled run that leaves nothing, no secret shown or stored, axe clean.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStudio, type StudioInBrowser } from './browser';
import { REPO_ROOT } from './server';
import { dumpIndexedDb, newDocument, saved, setEditorText, utf8Hex, webStorage } from './studio-page';

const TEMPLATE = readFileSync(join(REPO_ROOT, 'tests', 'fixtures', 'batch-page', 'template.xml'), 'utf8');
// Screenshots go with the other test artefacts (not committed): PSTUDIO_SHOTS=<folder> puts them elsewhere.
const SHOTS = process.env.PSTUDIO_SHOTS ?? join(REPO_ROOT, 'tests', 'artefacts', 'shots');

let studio: StudioInBrowser;
let page: Page;
let templateName: string;

/** ITU-T E.118 check digit (Luhn, the payload's last digit doubled first), computed here, not by the studio. */
function luhn(payload: string): string {
	let sum = 0;
	for (let i = 0; i < payload.length; i++) {
		let d = Number(payload[payload.length - 1 - i]);
		if (i % 2 === 0) {
			d *= 2;
			if (d > 9) d -= 9;
		}
		sum += d;
	}
	return String((10 - (sum % 10)) % 10);
}

function iccid(n: number): string {
	const payload = `894450101234${String(n).padStart(6, '0')}`;
	return payload + luhn(payload);
}

function imsi(n: number): string {
	return `23415${String(n).padStart(10, '0')}`;
}

/** PINs no other text on the page holds: a PIN found in the DOM or in storage is a leak. */
function pin(n: number): string {
	return String(90_000_000 + n * 7919).slice(0, 8);
}

interface Order {
	csv: string;
	/** Rows (1-based) the test made bad, with the finding the page must show. */
	bad: Map<number, string>;
	pins: string[];
}

/** An order of `rows` rows; row 2 has a 2-digit PIN (the order reader's), row 3 a port of 99999 (the template's). */
function makeOrder(rows: number, withBad = true): Order {
	const lines = ['ICCID,IMSI,MSISDN,PIN1,proxy_port'];
	const bad = new Map<number, string>();
	const pins: string[] = [];
	for (let n = 1; n <= rows; n++) {
		let p = pin(n);
		let port = String(8000 + (n % 1000));
		if (withBad && n === 2) {
			p = '12';
			bad.set(n, 'line 3, column PIN1: 2 digits; a PIN is 4 to 8 digits (TS 102 221 §9.5.1)');
		}
		if (withBad && n === 3) {
			port = '99999';
			bad.set(n, 'line 4, column proxy_port: parm PORTNBR value "99999" is not an integer from 0 to 65535');
		}
		pins.push(p);
		lines.push(`${iccid(n)},${imsi(n)},4477009${String(n).padStart(5, '0')},${p},${port}`);
	}
	return { csv: `${lines.join('\r\n')}\r\n`, bad, pins };
}

async function chooseOrder(name: string, csv: string): Promise<void> {
	await page.getByTestId('order-file').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(csv) });
}

async function axeProblems(): Promise<string[]> {
	const out: string[] = [];
	for (const scheme of ['light', 'dark'] as const) {
		await page.emulateMedia({ colorScheme: scheme });
		const result = await new AxeBuilder({ page }).analyze();
		for (const v of result.violations) if (v.impact === 'serious' || v.impact === 'critical') out.push(`${scheme}: ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join('; ')}`);
	}
	await page.emulateMedia({ colorScheme: 'light' });
	return out;
}

/**
 * Screenshots at 1440 and 800 px wide, light and dark, as SHOTS/batch-<name>-<width>-<scheme>.png, for a person to
 * look at; what the test checks at each size: the page needs no sideways scrolling (nothing wider than the window).
 */
async function shots(name: string): Promise<void> {
	mkdirSync(SHOTS, { recursive: true });
	for (const width of [1440, 800]) {
		await page.setViewportSize({ width, height: 900 });
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
		for (const scheme of ['light', 'dark'] as const) {
			await page.emulateMedia({ colorScheme: scheme });
			await page.screenshot({ path: join(SHOTS, `batch-${name}-${width}-${scheme}.png`), fullPage: true });
		}
	}
	await page.emulateMedia({ colorScheme: 'light' });
	await page.setViewportSize({ width: 1280, height: 900 });
}

beforeAll(async () => {
	studio = await openStudio();
	page = studio.page;
	await page.setViewportSize({ width: 1280, height: 900 });
});

afterAll(async () => {
	await studio?.close();
});

describe('Batch page: template, order, mapping, preview', () => {
	const order = makeOrder(6);

	it('picks a template from the library, reads the chosen order and maps its columns (same names, then edited)', async () => {
		await studio.withScreenshot('batch-mapping', async () => {
			// The template is a library document, as a user keeps one; the sample the studio starts with is the other
			// document of the list, so picking the template is a real choice.
			await page.goto(studio.url);
			templateName = await newDocument(page, 'cp-empty');
			await setEditorText(page, TEMPLATE);
			await saved(page);
			await page.getByRole('navigation').getByRole('link', { name: 'Batch' }).click();
			await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Batch');
			const options = await page.getByTestId('template-document').locator('option').allTextContents();
			expect(options.length).toBeGreaterThan(2);
			await page.getByTestId('template-document').selectOption({ label: `${templateName} (CP document)` });
			await chooseOrder('order.csv', order.csv);
			// MSISDN is a column of the same name; PORT has none (the order says proxy_port): the run waits.
			await expect.poll(() => page.getByTestId('map-MSISDN').inputValue(), { timeout: 15_000 }).toBe('MSISDN');
			expect(await page.getByTestId('map-PORT').inputValue()).toBe('');
			await expect.poll(() => page.getByTestId('plan-problems').textContent()).toContain('${PORT} has no column: the order has no column PORT');
			expect(await page.getByTestId('run').isDisabled()).toBe(true);
			await page.getByTestId('map-PORT').selectOption('proxy_port');
			await expect.poll(() => page.getByTestId('plan-problems').count()).toBe(0);
			expect(await page.getByTestId('order-chosen').textContent()).toContain('CSV with 5 columns');
		});
	});

	it('previews the first rows with each bad row’s exact finding, secrets masked', async () => {
		await studio.withScreenshot('batch-preview', async () => {
			const rows = page.getByTestId('preview-row');
			await expect.poll(() => rows.count()).toBe(6);
			expect(await page.getByTestId('preview-counts').textContent()).toContain('the whole order: 6 rows, 4 good, 2 set aside');
			for (const [row, finding] of order.bad) {
				const tr = page.locator(`[data-testid="preview-row"][data-row="${row}"]`);
				expect(await tr.getAttribute('data-ok')).toBe('false');
				expect(await tr.getByTestId('preview-finding').allTextContents()).toEqual([finding]);
			}
			const good = page.locator('[data-testid="preview-row"][data-row="1"]');
			expect(await good.getAttribute('data-ok')).toBe('true');
			expect(await good.locator('td').allTextContents()).toEqual(['447700900001', '8001', 'ok']);
			// No PIN of the order anywhere in the page.
			const html = await page.content();
			for (const p of order.pins.filter((p) => p.length >= 4)) expect(html).not.toContain(p);
			expect(await page.getByTestId('run').isEnabled()).toBe(true);
		});
	});

	it('has no serious or critical axe violation with the preview shown, light and dark', async () => {
		expect(await axeProblems()).toEqual([]);
	});

	it('reaches every control with Tab', async () => {
		const wanted = ['template-from-library', 'template-document', 'order-file', 'map-MSISDN', 'map-PORT', 'sec', 'package-kind', 'run'];
		await page.locator('body').click({ position: { x: 1, y: 1 } });
		const seen = new Set<string>();
		for (let i = 0; i < 40 && seen.size < wanted.length; i++) {
			await page.keyboard.press('Tab');
			const id = await page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? '');
			if (wanted.includes(id)) seen.add(id);
		}
		expect([...seen].sort()).toEqual([...wanted].sort());
	});

	it('keeps the order’s PINs out of IndexedDB, localStorage and sessionStorage', async () => {
		await expectPinsNotStored(order.pins);
	});

	it('fits the preview in 1440 and 800 px windows without sideways scrolling (screenshots light and dark)', async () => {
		await shots('preview');
	});
});

async function expectPinsNotStored(pins: readonly string[]): Promise<void> {
		const stored = JSON.stringify(await dumpIndexedDb(page));
		const { local, session } = await webStorage(page);
		const storage = JSON.stringify({ local, session });
		for (const p of pins.filter((p) => p.length >= 4)) {
			expect(stored).not.toContain(p);
			expect(stored).not.toContain(utf8Hex(p));
			expect(storage).not.toContain(p);
		}
}

/** NETWPIN's key, worked out here (bootstrap-security.md §2): "9" + the 15-digit IMSI as semi-octets, each pair's
 *  first digit in the low nibble — so the hex is each pair written swapped. */
function netwpinKeyHex(imsi15: string): string {
	const digits = `9${imsi15}`;
	let out = '';
	for (let i = 0; i < digits.length; i += 2) out += digits[i + 1] + digits[i];
	return out;
}

function run(command: string, args: string[], options: { cwd?: string } = {}): string {
	return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...options });
}

/** The page's OPFS package folder, as the browser lists it. */
async function packageFolderNames(): Promise<string[]> {
	return page.evaluate(async () => {
		const root = await navigator.storage.getDirectory();
		const folder = await root.getDirectoryHandle('batch-packages', { create: true });
		const names: string[] = [];
		for await (const name of (folder as unknown as { keys(): AsyncIterable<string> }).keys()) names.push(name);
		return names.sort();
	});
}

describe('Batch page: run, download, rejected rows', () => {
	const order = makeOrder(6);
	let zip = '';

	it('runs the export in the worker and lists the rejected rows with row, column and reason', async () => {
		await studio.withScreenshot('batch-run', async () => {
			await page.getByTestId('sec').selectOption('NETWPIN');
			await page.getByTestId('package-kind').selectOption('manufacturer');
			await expect.poll(() => page.getByTestId('run').isEnabled()).toBe(true);
			await page.getByTestId('run').click();
			await expect.poll(() => page.getByTestId('run-state').textContent(), { timeout: 30_000 }).toMatch(/^\s*Done: 4 rows in the package, 2 rejected/);
			expect(await page.getByTestId('progress-rows').textContent()).toBe('6');
			expect(await page.getByTestId('progress-rejected').textContent()).toBe('2');
			const rows = await page.getByTestId('rejected-row').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
			expect(rows).toEqual([
				['2', '3', 'PIN1', '2 digits; a PIN is 4 to 8 digits (TS 102 221 §9.5.1)'],
				['3', '4', 'proxy_port', 'parm PORTNBR value "99999" is not an integer from 0 to 65535']
			]);
			expect(await packageFolderNames()).toEqual(['manufacturer.zip']);
		});
	});

	it('downloads a package unzip -t accepts, whose WBXML wbxml2xml reads as the row’s document and whose MAC openssl gives', async () => {
		await studio.withScreenshot('batch-download', async () => {
			const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download').click()]);
			expect(download.suggestedFilename()).toBe(`${templateName}-manufacturer.zip`);
			zip = join(studio.profile, 'package.zip');
			await download.saveAs(zip);
			expect(run('unzip', ['-t', zip])).toContain('No errors detected');
			const names = run('unzip', ['-Z1', zip]).trim().split('\n').sort();
			const good = [1, 4, 5, 6].map(iccid);
			expect(names).toEqual([...good.flatMap((i) => [`${i}.wbxml`, `${i}.xml`]), 'manifest.csv', 'rejected.csv'].sort());
			const out = join(studio.profile, 'unzipped');
			mkdirSync(out, { recursive: true });
			run('unzip', ['-o', '-q', zip, '-d', out]);
			// Row 1's document: the template filled by hand, encoded by libwbxml's xml2wbxml; both read back by wbxml2xml.
			const wbxml = join(out, `${iccid(1)}.wbxml`);
			const expectedXml = join(studio.profile, 'row1.xml');
			writeFileSync(expectedXml, TEMPLATE.replace('${MSISDN}', '447700900001').replace('${PORT}', '8001'));
			run('xml2wbxml', ['-o', `${expectedXml}.wbxml`, expectedXml]);
			const decode = (file: string): string => run('wbxml2xml', ['-m', '0', '-o', '-', file]);
			expect(decode(wbxml)).toBe(decode(`${expectedXml}.wbxml`));
			// Its MAC: HMAC-SHA1 under the IMSI's NETWPIN key, by openssl, as manifest.csv gives it.
			const mac = run('openssl', ['dgst', '-sha1', '-mac', 'HMAC', '-macopt', `hexkey:${netwpinKeyHex(imsi(1))}`, '-r', wbxml]).split(' ')[0].toUpperCase();
			const manifest = readFileSync(join(out, 'manifest.csv'), 'utf8').split('\n');
			expect(manifest[0]).toBe('file,iccid,imsi,sec,mac,sha256');
			const sha = run('sha256sum', [wbxml]).split(' ')[0];
			expect(manifest[1]).toBe(`${iccid(1)}.wbxml,${iccid(1)},${imsi(1)},NETWPIN,${mac},${sha}`);
			expect(readFileSync(join(out, 'rejected.csv'), 'utf8')).toBe(
				'row,column,reason\n2,PIN1,2 digits; a PIN is 4 to 8 digits (TS 102 221 §9.5.1)\n3,proxy_port,"parm PORTNBR value ""99999"" is not an integer from 0 to 65535"\n'
			);
			// No PIN of the order in the package (none was asked for).
			const all = readFileSync(zip);
			for (const p of order.pins.filter((p) => p.length >= 4)) expect(all.includes(Buffer.from(p))).toBe(false);
		});
	});

	it('keeps the order’s PINs out of the page and of every storage after the run', async () => {
		const html = await page.content();
		for (const p of order.pins.filter((p) => p.length >= 4)) expect(html).not.toContain(p);
		await expectPinsNotStored(order.pins);
	});

	it('has no serious or critical axe violation after a run with rejections, light and dark', async () => {
		expect(await axeProblems()).toEqual([]);
	});

	it('fits the finished run in 1440 and 800 px windows without sideways scrolling (screenshots light and dark)', async () => {
		await shots('run');
	});

	it('cancels a run mid-way on a larger order: no package, no download, nothing left in the private file system', async () => {
		await studio.withScreenshot('batch-cancel', async () => {
			const large = makeOrder(150_000, false);
			await chooseOrder('large.csv', large.csv);
			await expect.poll(() => page.getByTestId('order-chosen').textContent(), { timeout: 15_000 }).toContain('large.csv');
			await expect.poll(() => page.getByTestId('preview-counts').textContent(), { timeout: 15_000 }).toContain('its first');
			await page.getByTestId('map-PORT').selectOption('proxy_port');
			await expect.poll(() => page.getByTestId('run').isEnabled(), { timeout: 15_000 }).toBe(true);
			await page.getByTestId('run').click();
			await expect.poll(async () => Number((await page.getByTestId('progress-rows').textContent())?.replace(/,/g, '')), { timeout: 30_000 }).toBeGreaterThan(0);
			expect(await page.getByTestId('progress-eta').textContent()).toMatch(/^\d+(\.\d)? (s|min)/);
			await page.getByTestId('cancel').click();
			await expect.poll(() => page.getByTestId('run-state').textContent(), { timeout: 15_000 }).toContain('Cancelled: no package was kept.');
			expect(await page.getByTestId('download').count()).toBe(0);
			expect(await packageFolderNames()).toEqual([]);
		});
	});
});

describe('Batch page: a template from a file that puts a secret in every document', () => {
	const passphrase = 'correct horse battery staple';
	const pins = [1, 2, 3].map(pin);
	const csv = `ICCID,IMSI,MSISDN,PIN1\r\n${[1, 2, 3].map((n, i) => `${iccid(n)},${imsi(n)},4477009${String(n).padStart(5, '0')},${pins[i]}`).join('\r\n')}\r\n`;

	it('masks the secret in the preview, refuses a clear package without a passphrase, and encrypts it with one (7z)', async () => {
		await studio.withScreenshot('batch-secret', async () => {
			await page.getByTestId('template-from-file').check();
			await page.getByTestId('template-file').setInputFiles(join(REPO_ROOT, 'tests', 'fixtures', 'batch-page', 'template-secret.xml'));
			await expect.poll(() => page.getByTestId('template-chosen').textContent(), { timeout: 15_000 }).toContain('template-secret — CP document');
			await chooseOrder('secret.csv', csv);
			await expect.poll(() => page.getByTestId('preview-row').count(), { timeout: 15_000 }).toBe(3);
			expect(await page.locator('[data-testid="preview-row"][data-row="1"] td').allTextContents()).toEqual(['447700900001', '••••••', 'ok']);
			for (const p of pins) expect(await page.content()).not.toContain(p);
			await page.getByTestId('run').click();
			await expect.poll(() => page.getByTestId('run-state').textContent(), { timeout: 15_000 }).toContain(
				'The run stopped: every document holds a secret from column PIN1 (${PIN1}): give a passphrase to encrypt the package, or choose clear text explicitly'
			);
			expect(await packageFolderNames()).toEqual([]);
			await page.getByTestId('passphrase').fill(passphrase);
			await page.getByTestId('run').click();
			await expect.poll(() => page.getByTestId('run-state').textContent(), { timeout: 30_000 }).toMatch(/Done: 3 rows in the package, 0 rejected/);
			const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download').click()]);
			const zip = join(studio.profile, 'secret.zip');
			await download.saveAs(zip);
			// p7zip checks every entry's AES-256 with the passphrase; a wrong one opens nothing.
			expect(run('7z', ['t', `-p${passphrase}`, zip])).toContain('Everything is Ok');
			expect(() => run('7z', ['t', '-pwrong passphrase', zip])).toThrow();
			const all = readFileSync(zip);
			for (const p of pins) expect(all.includes(Buffer.from(p))).toBe(false);
			await expectPinsNotStored(pins);
			const { local, session } = await webStorage(page);
			expect(JSON.stringify({ local, session, db: await dumpIndexedDb(page) })).not.toContain(passphrase);
		});
	});
});
