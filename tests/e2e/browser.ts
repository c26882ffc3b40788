// The built studio and a headless Chromium looking at it, as every e2e file needs them: one server, one page, a
// fresh Chromium profile (downloads are saved there too), and a screenshot of the page when a check fails. The
// profile is persistent: restart() closes Chromium and starts it again on the same profile (the library in its
// IndexedDB survives, as it does for a user), and otherProfile() opens a second, fresh one on the same server.
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

export interface BrowserProfile {
	readonly context: BrowserContext;
	readonly page: Page;
	/** Chromium's profile folder. */
	readonly profile: string;
	/** Closes Chromium and removes the profile. */
	close(): Promise<void>;
}

export interface StudioInBrowser {
	/** The studio's base URL, ending in "/". */
	readonly url: string;
	/** The current Chromium context and its first page (new ones after restart()). */
	readonly context: BrowserContext;
	readonly page: Page;
	/** Chromium's profile folder, removed by close(). */
	readonly profile: string;
	/** Runs a browser check and keeps a full-page screenshot in tests/artefacts/<name>.png when it fails. */
	withScreenshot(name: string, check: () => Promise<void>): Promise<void>;
	/** Closes Chromium and starts it again on the same profile; `context` and `page` are the new ones. */
	restart(): Promise<void>;
	/** Chromium on a second, fresh profile (another browser, for the same studio). */
	otherProfile(): Promise<BrowserProfile>;
	/** Closes Chromium, stops the server and removes the profile. */
	close(): Promise<void>;
}

/** Headless Chromium on `profile` (a folder), with the flags above; downloads accepted. */
export async function launchChromium(profile: string, viewport?: { width: number; height: number }): Promise<BrowserContext> {
	return chromium.launchPersistentContext(profile, {
		executablePath: '/usr/bin/chromium',
		headless: true,
		acceptDownloads: true,
		args: CHROMIUM_ARGS,
		...(viewport ? { viewport } : {})
	});
}

/** Builds the studio when PSTUDIO_BUILT is not set, starts it and opens it in headless Chromium. */
export async function openStudio(): Promise<StudioInBrowser> {
	ensureBuilt();
	const server = await startStudio();
	const profile = mkdtempSync(join(tmpdir(), 'pstudio-chromium-'));
	let context: BrowserContext;
	try {
		context = await launchChromium(profile);
	} catch (e) {
		await server.stop();
		rmSync(profile, { recursive: true, force: true });
		throw e;
	}
	let page = context.pages()[0] ?? (await context.newPage());
	const others: BrowserProfile[] = [];
	return {
		url: server.url,
		get context() {
			return context;
		},
		get page() {
			return page;
		},
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
		async restart() {
			await context.close();
			context = await launchChromium(profile);
			page = context.pages()[0] ?? (await context.newPage());
		},
		async otherProfile() {
			const folder = mkdtempSync(join(tmpdir(), 'pstudio-chromium-'));
			const other = await launchChromium(folder);
			const otherPage = other.pages()[0] ?? (await other.newPage());
			const opened: BrowserProfile = {
				context: other,
				page: otherPage,
				profile: folder,
				async close() {
					await other.close();
					rmSync(folder, { recursive: true, force: true });
				}
			};
			others.push(opened);
			return opened;
		},
		async close() {
			for (const other of others) await other.close().catch(() => undefined);
			await context.close();
			await server.stop();
			rmSync(profile, { recursive: true, force: true });
		}
	};
}
