// Issue 12, the Batch page's view of a station job: the built studio's server sees 4 vpcd readers of a private pcscd
// (scripts/card/pcsc-private.sh, beside the shared one) with the simulator's card feeder behind them (run-feeder.ts:
// a stack of cards per slot from the order, eject on its control socket). From the page: the template, a 6-card
// order with an ADM1 column, all readers, Start; the progress reaches done 6 failed 0 left 0, every card was written
// once (the feeder counts completed writes per ICCID), and the report CSV downloaded from the page has the columns
// of `pstudio batch report` with every row verified 9000. Screenshots during the run and at its end, 1440×900 and
// 800×900, light and dark, in tests/artefacts/shots-batch-run/. Needs root (unshare) like the station's card tests.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feederRequest, type FeederState } from '../../src/lib/server/vpcd';
import { READERS, STATION_TEMPLATE as TEMPLATE, startFeeder, startPrivatePcscd, stationIccid, stationOrder, stopPrivatePcscd, type Feeder } from '../fixtures/station/station-kit';
import { launchChromium } from './browser';
import { ensureBuilt, REPO_ROOT, startStudio, type StudioServer } from './server';

// Away from the shared pcscd's 35963/35964 and from tests/pcsc/station.test.ts's 37000..38599.
const PORT = 38800 + (process.pid % 200) * 4;
const SHOTS = join(REPO_ROOT, 'tests', 'artefacts', 'shots-batch-run');


const ICCIDS = Array.from({ length: 6 }, (_, i) => stationIccid(500 + i));
const ORDER = stationOrder(500, 6);

let dir = '';
let feeder: Feeder | undefined;
let control = '';
let server: StudioServer | undefined;
let context: BrowserContext | undefined;
let page: Page;

beforeAll(async () => {
	ensureBuilt();
	dir = mkdtempSync(join(tmpdir(), 'pstudio-e2e-station-'));
	const socket = await startPrivatePcscd(join(dir, 'pcscd'), PORT);
	writeFileSync(join(dir, 'order.csv'), ORDER);
	feeder = await startFeeder({ folder: dir, name: 'feeder', orders: join(dir, 'order.csv'), port: PORT });
	control = feeder.control;
	server = await startStudio({ env: { PCSCLITE_CSOCK_NAME: socket, PSTUDIO_STATION_CARD_HANDLER: `feeder:${control}`, PSTUDIO_STATION_DIR: join(dir, 'station') } });
	context = await launchChromium(join(dir, 'chromium'), { width: 1440, height: 900 });
	page = context.pages()[0] ?? (await context.newPage());
}, 120_000);

afterAll(async () => {
	await context?.close().catch(() => undefined);
	await server?.stop();
	await feeder?.stop();
	await stopPrivatePcscd(join(dir, 'pcscd'));
	rmSync(dir, { recursive: true, force: true });
});

/** Screenshots of the station section in both widths and schemes, and axe's serious or critical violations of the page in each scheme. */
async function shots(when: string): Promise<string[]> {
	mkdirSync(SHOTS, { recursive: true });
	const violations: string[] = [];
	for (const [width, scheme] of [[1440, 'light'], [1440, 'dark'], [800, 'light'], [800, 'dark']] as const) {
		await page.setViewportSize({ width, height: 900 });
		await page.emulateMedia({ colorScheme: scheme });
		await page.getByTestId('station').scrollIntoViewIfNeeded();
		await page.screenshot({ path: join(SHOTS, `${when}-${width}-${scheme}.png`) });
		if (width === 1440) {
			const result = await new AxeBuilder({ page }).analyze();
			for (const v of result.violations) if (v.impact === 'serious' || v.impact === 'critical') violations.push(`${scheme} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join('; ')}`);
		}
	}
	await page.setViewportSize({ width: 1440, height: 900 });
	await page.emulateMedia({ colorScheme: 'light' });
	return violations;
}

describe('Batch page: write cards at this station', () => {
	it('runs a 6-card order on 4 readers from the page: done 6, failed 0, each card written once, the report CSV', async () => {
		await page.goto(`${server!.url}batch`);
		await page.getByTestId('template-from-file').check();
		await page.getByTestId('template-file').setInputFiles({ name: 'template.xml', mimeType: 'text/xml', buffer: Buffer.from(TEMPLATE) });
		await expect.poll(() => page.getByTestId('station-template').textContent(), { timeout: 15_000 }).toBe('Template: template');
		await page.getByTestId('station-order').setInputFiles({ name: 'order.csv', mimeType: 'text/csv', buffer: Buffer.from(ORDER) });
		await page.getByTestId('station-adm-column').check();
		await page.getByTestId('station-readers-all').check();
		await page.getByTestId('station-start').click();
		// During the run: the readers' table is there before the order is done.
		await page.getByTestId('station-readers').waitFor({ timeout: 30_000 });
		// Paused at once: the cards under way finish (at most one per reader, 4 of 6), no new one starts, so the
		// screenshots show a run under way whatever the machine's speed; Resume ends it.
		await page.getByTestId('station-pause').click();
		await expect.poll(() => page.getByTestId('station-state').getAttribute('data-state'), { timeout: 10_000 }).toBe('paused');
		expect(await page.getByTestId('station-state').textContent()).toBe('Paused: no new card is started.');
		expect(await shots('during'), 'axe during the run').toEqual([]);
		expect(Number(await page.getByTestId('station-left').textContent())).toBeGreaterThanOrEqual(2);
		await page.getByTestId('station-resume').click();
		await expect.poll(() => page.getByTestId('station-state').getAttribute('data-state'), { timeout: 120_000 }).toBe('done');
		expect(await page.getByTestId('station-done').textContent()).toBe('6');
		expect(await page.getByTestId('station-failed').textContent()).toBe('0');
		expect(await page.getByTestId('station-left').textContent()).toBe('0');
		expect(await shots('end'), 'axe at the end').toEqual([]);

		const state = JSON.parse(await feederRequest(control, 'state')) as FeederState;
		expect(state.cards.map((c) => [c.iccid, c.completedWrites]).sort()).toEqual(ICCIDS.map((i) => [i, 1]).sort());

		const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('station-report').click()]);
		expect(download.suggestedFilename()).toBe('order-report.csv');
		const file = join(dir, 'report.csv');
		await download.saveAs(file);
		const rows = readFileSync(file, 'utf8').trimEnd().split('\n').map((l) => l.split(','));
		expect(rows[0]).toEqual(['ICCID', 'station', 'reader', 'start', 'end', 'APDUs', 'outcome', 'status word']);
		expect(rows.slice(1).map((r) => r[0])).toEqual(ICCIDS);
		for (const r of rows.slice(1)) {
			expect(READERS).toContain(r[2]);
			expect(r[3]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
			expect(Number(r[5])).toBeGreaterThan(0);
			expect(r.slice(6)).toEqual(['verified', '9000']);
		}
		// No ADM1 in what the server answered or reported.
		const answer = await page.evaluate(async () => (await fetch('/api/batch/run/state')).text());
		for (let i = 0; i < 6; i++) {
			expect(answer).not.toContain(String(20000500 + i));
			expect(readFileSync(file, 'utf8')).not.toContain(String(20000500 + i));
		}
	}, 240_000);
});
