// The Batch page's station start on a bureau-sized order against `pstudio batch run` on the same order, in one run:
// both read the order, hold its rows and fill a new SQLite ledger, then find no pcscd (a socket that does not exist)
// and stop there, so what is timed is what stands between a user's Start and the first card. The page (the built
// studio in Debian's Chromium) also sends the file to the server in pieces; its status line's phases are printed with
// the time each began. `--rows` rows of ICCID, IMSI, ADM1 (~45 bytes a row).
//   npx tsx bench/station-page-bench.ts [--rows 1000000]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { STATION_TEMPLATE, stationOrder } from '../tests/fixtures/station/station-kit';
import { ensureBuilt, REPO_ROOT as ROOT, startStudio } from '../tests/e2e/server';
import { option } from './options';

const ROWS = Number(option('--rows', '1000000'));

// The studio as the e2e tests start it (built unless PSTUDIO_BUILT), its PC/SC socket pointing nowhere.
ensureBuilt();
const dir = mkdtempSync(join(tmpdir(), 'pstudio-station-page-'));
const noPcscd = { ...process.env, PCSCLITE_CSOCK_NAME: join(dir, 'no-pcscd.comm') };
const server = await startStudio({ env: { PCSCLITE_CSOCK_NAME: noPcscd.PCSCLITE_CSOCK_NAME, PSTUDIO_STATION_DIR: join(dir, 'station') } });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
try {
	const text = stationOrder(0, ROWS);
	writeFileSync(join(dir, 'template.xml'), STATION_TEMPLATE);
	writeFileSync(join(dir, 'cli.csv'), text);
	writeFileSync(join(dir, 'page.csv'), text);
	console.log(`station start on ${ROWS.toLocaleString('en')} rows (${(Buffer.byteLength(text) / 1e6).toFixed(1)} MB), up to "PC/SC is not available":`);

	let t0 = performance.now();
	try {
		execFileSync(process.execPath, ['bin/pstudio.js', 'batch', 'run', '--template', join(dir, 'template.xml'), '--orders', join(dir, 'cli.csv'), '--quiet'], { cwd: ROOT, env: noPcscd, stdio: 'pipe' });
	} catch {
		// exit 1 at PC/SC, as expected
	}
	const cliMs = performance.now() - t0;

	const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
	await page.goto(`${server.url}batch`);
	await page.getByTestId('template-from-file').check();
	await page.getByTestId('template-file').setInputFiles(join(dir, 'template.xml'));
	await page.getByTestId('station-template').filter({ hasText: 'Template: template' }).waitFor();
	await page.getByTestId('station-order').setInputFiles(join(dir, 'page.csv'));
	// The status line's phases, each with the page time it began.
	await page.evaluate(() => {
		const status = document.querySelector('[data-testid="station-state"]')!;
		const phases: [string, number][] = [];
		(window as unknown as { __phases: typeof phases }).__phases = phases;
		new MutationObserver(() => {
			const phase = (status.textContent ?? '').trim().split('…')[0];
			if (phases[phases.length - 1]?.[0] !== phase) phases.push([phase, performance.now()]);
		}).observe(status, { subtree: true, characterData: true, childList: true, attributes: true });
	});
	const start = await page.evaluate(() => performance.now());
	t0 = performance.now();
	await page.getByTestId('station-start').click();
	await page.getByTestId('station-problem').waitFor({ timeout: 600_000 });
	const pageMs = performance.now() - t0;
	const phases = await page.evaluate(() => (window as unknown as { __phases: [string, number][] }).__phases);
	console.log(`  pstudio batch run ${(cliMs / 1000).toFixed(1)} s; the Batch page ${(pageMs / 1000).toFixed(1)} s (${(pageMs / cliMs).toFixed(2)}x the CLI's time)`);
	console.log(`  the page's phases: ${phases.map(([phase, at]) => `${phase} at ${((at - start) / 1000).toFixed(1)} s`).join(', ')}`);
} finally {
	await browser.close();
	await server.stop();
	rmSync(dir, { recursive: true, force: true });
}
