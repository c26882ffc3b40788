// The built studio and a headless Chromium looking at it, as every e2e file needs them: one server, one page, a
// fresh Chromium profile (downloads are saved there too), and a screenshot of the page when a check fails.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { ensureBuilt, REPO_ROOT, startStudio } from './server';

const ARTEFACTS = join(REPO_ROOT, 'tests', 'artefacts');

// ORACLES.md §5: Debian's /usr/bin/chromium headless with --no-sandbox --disable-gpu; the rest keeps it off the network.
const CHROMIUM_ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync'
];

export interface StudioInBrowser {
	/** The studio's base URL, ending in "/". */
	readonly url: string;
	readonly context: BrowserContext;
	readonly page: Page;
	/** Chromium's profile folder, removed by close(). */
	readonly profile: string;
	/** Runs a browser check and keeps a full-page screenshot in tests/artefacts/<name>.png when it fails. */
	withScreenshot(name: string, check: () => Promise<void>): Promise<void>;
	/** Closes Chromium, stops the server and removes the profile. */
	close(): Promise<void>;
}

/** Builds the studio when PSTUDIO_BUILT is not set, starts it and opens it in headless Chromium. */
export async function openStudio(): Promise<StudioInBrowser> {
	ensureBuilt();
	const server = await startStudio();
	const profile = mkdtempSync(join(tmpdir(), 'pstudio-chromium-'));
	let context: BrowserContext;
	try {
		context = await chromium.launchPersistentContext(profile, {
			executablePath: '/usr/bin/chromium',
			headless: true,
			acceptDownloads: true,
			args: CHROMIUM_ARGS
		});
	} catch (e) {
		await server.stop();
		rmSync(profile, { recursive: true, force: true });
		throw e;
	}
	const page = context.pages()[0] ?? (await context.newPage());
	return {
		url: server.url,
		context,
		page,
		profile,
		async withScreenshot(name, check) {
			try {
				await check();
			} catch (err) {
				mkdirSync(ARTEFACTS, { recursive: true });
				await page.screenshot({ path: join(ARTEFACTS, `${name}.png`), fullPage: true }).catch(() => undefined);
				throw err;
			}
		},
		async close() {
			await context.close();
			await server.stop();
			rmSync(profile, { recursive: true, force: true });
		}
	};
}
