// The Batch page's station takes a bureau-sized order: the page sends the file in pieces (/api/batch/run/order, then
// /api/batch/run/piece at the offsets the server answers), the server reads it as a stream and fills the job ledger
// before it needs a reader. Here no pcscd runs, so the start ends at "PC/SC is not available" — after the order and
// the ledger, which are checked with third-party eyes: the SHA-256 the server took of the bytes it received (the
// ledger's order identity) against the original's by sha256sum, the ledger by `pstudio batch report` (every row
// pending, in order), and the station folder by grep: the order's file is gone once read (it holds the ADM1s). The order is 30,000 rows (1.4 MB, past the 512 KiB one
// request may carry) with a row without an ICCID and a repeated ICCID, which are set aside (not in the ledger).
// Screenshots of the station section after the start, 1440 and 800 wide, light and dark, in tests/artefacts/shots-station-upload/.
import { execFileSync, spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STATION_TEMPLATE, stationIccid, stationOrder } from '../fixtures/station/station-kit';
import { launchChromium } from './browser';
import { ensureBuilt, REPO_ROOT, startStudio, type StudioServer } from './server';

const SHOTS = join(REPO_ROOT, 'tests', 'artefacts', 'shots-station-upload');
const ROWS = 30_000;
// Line 1 is the header: the row without an ICCID is line ROWS + 2, the repeated ICCID (row 7's) line ROWS + 3.
const ORDER = `${stationOrder(0, ROWS)},262019999999999,20009999\n${stationIccid(6)},262019999999998,20009998\n`;

let dir = '';
let server: StudioServer | undefined;
let context: BrowserContext | undefined;
let page: Page;

beforeAll(async () => {
	ensureBuilt();
	dir = mkdtempSync(join(tmpdir(), 'pstudio-e2e-upload-'));
	server = await startStudio({ env: { PCSCLITE_CSOCK_NAME: join(dir, 'no-pcscd.comm'), PSTUDIO_STATION_DIR: join(dir, 'station') } });
	context = await launchChromium(join(dir, 'chromium'), { width: 1440, height: 900 });
	page = context.pages()[0] ?? (await context.newPage());
}, 120_000);

afterAll(async () => {
	await context?.close().catch(() => undefined);
	await server?.stop();
	rmSync(dir, { recursive: true, force: true });
});

function sha256sum(path: string): string {
	return execFileSync('sha256sum', ['--', path], { encoding: 'utf8' }).split(' ')[0];
}

describe('Batch page station: an order larger than one request', () => {
	it('sends 30,000 rows in pieces; the server reads them byte for byte, fills the ledger before asking for PC/SC and keeps no copy', async () => {
		expect(Buffer.byteLength(ORDER)).toBeGreaterThan(1_300_000);
		const original = join(dir, 'order.csv');
		writeFileSync(original, ORDER);
		await page.goto(`${server!.url}batch`);
		await page.getByTestId('template-from-file').check();
		await page.getByTestId('template-file').setInputFiles({ name: 'template.xml', mimeType: 'text/xml', buffer: Buffer.from(STATION_TEMPLATE) });
		await expect.poll(() => page.getByTestId('station-template').textContent(), { timeout: 15_000 }).toBe('Template: template');
		await page.getByTestId('station-order').setInputFiles(original);
		await page.getByTestId('station-adm-column').check();
		// Every state the status line goes through, recorded in the page as it changes.
		await page.evaluate(() => {
			const status = document.querySelector('[data-testid="station-state"]')!;
			const seen: string[] = [];
			(window as unknown as { __states: string[] }).__states = seen;
			new MutationObserver(() => {
				const state = status.getAttribute('data-state') ?? '';
				if (seen[seen.length - 1] !== state) seen.push(state);
			}).observe(status, { attributes: true, attributeFilter: ['data-state'] });
		});
		await page.getByTestId('station-start').click();
		await expect.poll(() => page.getByTestId('station-problem').textContent(), { timeout: 60_000 }).toMatch(/^PC\/SC is not available \(is pcscd running\?\): \S/);
		expect(await page.evaluate(() => (window as unknown as { __states: string[] }).__states[0])).toBe('sending');

		// The order as the server received it: the ledger, named after the order's SHA-256, belongs to the bytes whose
		// SHA-256 the server took as they came in, and sha256sum gives the original the same.
		const sum = sha256sum(original);
		const ledger = join(dir, 'station', `${sum.slice(0, 16)}-order.csv.ledger.sqlite`);
		expect(existsSync(ledger)).toBe(true);
		const db = new Database(ledger, { readonly: true });
		expect(db.prepare('SELECT identity, name FROM ledger_order').get()).toEqual({ identity: sum, name: 'order.csv' });
		db.close();
		// The ledger, read by the CLI: one pending row per card of the order, in order; the two bad rows are not in it.
		const report = execFileSync(process.execPath, ['bin/pstudio.js', 'batch', 'report', '--ledger', ledger], { cwd: REPO_ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
			.trimEnd()
			.split('\n');
		expect(report[0]).toBe('ICCID,station,reader,start,end,APDUs,outcome,status word');
		expect(report.length).toBe(1 + ROWS);
		expect(report[1]).toBe(`${stationIccid(0)},,,,,,pending,`);
		expect(report[ROWS]).toBe(`${stationIccid(ROWS - 1)},,,,,,pending,`);
		expect(report.slice(1).every((line) => line.endsWith(',,,,,,pending,'))).toBe(true);
		// The upload is read and gone: only the ledger (and SQLite's files) is in the station folder, and no file there
		// holds an ADM1 of the order (grep -r exits 1 when nothing matches).
		const left = execFileSync('ls', [join(dir, 'station')], { encoding: 'utf8' }).trim().split('\n');
		expect(left.filter((f) => !/\.ledger\.sqlite(-wal|-shm)?$/.test(f))).toEqual([]);
		for (const adm of ['20000000', '20001234', '20023456', `${20000000 + ROWS - 1}`]) {
			expect(spawnSync('grep', ['-r', '-a', '-l', '-F', adm, join(dir, 'station')], { encoding: 'utf8' }).status).toBe(1);
		}

		mkdirSync(SHOTS, { recursive: true });
		for (const [width, scheme] of [[1440, 'light'], [1440, 'dark'], [800, 'light'], [800, 'dark']] as const) {
			await page.setViewportSize({ width, height: 900 });
			await page.emulateMedia({ colorScheme: scheme });
			await page.getByTestId('station').screenshot({ path: join(SHOTS, `station-${width}-${scheme}.png`) });
			const axe = await new AxeBuilder({ page }).include('[data-testid="station"]').analyze();
			expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${scheme} ${width}: ${v.id}`)).toEqual([]);
		}
	});

	it('stops a start while it reads a 600,000-row order: nothing started, no ledger, the controls back', async () => {
		const big = join(dir, 'big.csv');
		writeFileSync(big, stationOrder(100_000, 600_000));
		await page.setViewportSize({ width: 1440, height: 900 });
		await page.getByTestId('station-order').setInputFiles(big);
		await page.getByTestId('station-start').click();
		// The order is sent (~27 MB), then read: the status line says how far, and Stop is offered.
		await expect.poll(() => page.getByTestId('station-state').textContent(), { timeout: 60_000, interval: 50 }).toBe('Reading the order…');
		expect(await page.getByTestId('station-phase').textContent()).toMatch(/^[\d,]+ rows \(\d+% of the file\)$/);
		expect(await page.getByTestId('station-order').isDisabled()).toBe(true);
		await page.getByTestId('station-stop').click();
		// Stopped while the order was read, or (on a fast machine) while its rows went into the new ledger.
		await expect.poll(() => page.getByTestId('station-problem').textContent(), { timeout: 60_000 }).toMatch(/^order big\.csv: stopped while (it was read|its ledger was filled); nothing was started$/);
		// The controls come back with the run's end, which the page may show a frame after the problem line (seen in the
		// clean-clone CI of 6c443b5: still disabled at the first look).
		await expect.poll(() => page.getByTestId('station-order').isDisabled(), { timeout: 10_000 }).toBe(false);
		// Nothing is left of it: neither the order sent nor a ledger.
		expect(existsSync(join(dir, 'station', `${sha256sum(big).slice(0, 16)}-big.csv.ledger.sqlite`))).toBe(false);
		expect(execFileSync('ls', [join(dir, 'station')], { encoding: 'utf8' }).trim().split('\n').filter((f) => f.includes('big') || f.startsWith('upload-'))).toEqual([]);
	});

	it('refuses a piece sent again at an offset the upload has passed, and a start naming an upload that is not whole', async () => {
		const answers = await page.evaluate(async () => {
			const post = async (path: string, body: BodyInit, type = 'application/json') => {
				const res = await fetch(path, { method: 'POST', headers: { 'content-type': type }, body });
				return [res.status, await res.json()] as const;
			};
			const begun = await post('/api/batch/run/order', JSON.stringify({ name: 'small.csv', size: 12 }));
			const id = (begun[1] as { upload: { id: string } }).upload.id;
			const first = await post(`/api/batch/run/piece?upload=${id}&offset=0`, 'ICCID,ADM1\n', 'application/octet-stream');
			const again = await post(`/api/batch/run/piece?upload=${id}&offset=0`, 'ICCID,ADM1\n', 'application/octet-stream');
			const start = await post('/api/batch/run/start', JSON.stringify({ templateName: 't', templateText: document.title, orderUpload: id, adm: { source: 'column' } }));
			return { begun: begun[0], first, again, start };
		});
		expect(answers.begun).toBe(200);
		expect(answers.first).toEqual([200, { ok: true, received: 11, size: 12 }]);
		expect(answers.again).toEqual([409, { ok: false, error: { code: 'CONFLICT', message: 'offset 0: the upload has 11 bytes; send the piece that starts there' }, trace: [] }]);
		// The template (the page's title, not a document) is refused first: nothing of the order is taken.
		expect(answers.start[0]).toBe(400);
		expect((answers.start[1] as { error: { message: string } }).error.message).toMatch(/^template t: /);
	});
});
