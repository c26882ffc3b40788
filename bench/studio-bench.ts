// The Document page at 50, 5,000 and 20,000 lines (issue 9, Performance), in Debian's Chromium through Playwright,
// against the page as it was before the analysis moved to a worker (the commit before it, built in a git worktree
// and served on another port), in the same run. The document is opened as a user opens a file (the page's Open…
// input), or pasted where a page has none; the caret is put in a NAME value past the middle and letters are typed
// there, into the studio editor (CodeMirror, in its shadow root) or a <textarea>, whichever the page has:
//   (a) input latency: keydown to the end of the next frame (event.timeStamp → a task queued from the next
//       requestAnimationFrame, so the frame's style, layout and paint are included);
//   (b) keystroke to updated findings and bytes: keydown to the end of the first frame whose findings and WBXML are
//       those of a text that includes the keystroke (ours: <main data-shown-revision> passes the data-revision the
//       page had at the keydown: every text handed to the analysis after a keydown holds it; before: the analysis
//       ran inside the input event, so (b) is (a));
//   (c) after loading each document: JS heap of the page (CDP Performance.getMetrics JSHeapUsedSize, after a forced
//       GC), the worker's heap (CDP Runtime.getHeapUsage on the worker target), DOM nodes (CDP "Nodes" and the
//       elements in the document), and the load time (text set as a paste does → findings and bytes shown);
//   and where the main thread's time went while typing, per keystroke (CDP ScriptDuration, LayoutDuration +
//   RecalcStyleDuration, TaskDuration deltas).
// Three more rows type the same way with no analysis at all, the floors under ours and before: "editor", the studio
// editor alone on its development page (/dev/editor?analysis=off, the same text pasted in), "codemirror", CodeMirror 6
// with no extension in a shadow root of the same size (bench/codemirror-floor.ts), and "floor", a bare <textarea>
// holding the same text on an empty page (Chromium's textarea by itself: most of a frame at 20,000 lines).
// Typing: `--keys` (default 50) keystrokes into a NAME value in the middle of the document, `--gap` ms apart (default
// 60: a fast typist) after each keystroke's frame: `--word` letters (default 10), then as many Backspaces, and again,
// as someone typing and correcting a value. `--word 0` types letters only: the line grows by a letter a key, and once
// the caret reaches the editor's right edge (~35 letters in) every keystroke scrolls the editor sideways, which costs
// CodeMirror itself (the "codemirror" row) a frame a key. With `--warm N`, N keystrokes typed the same way first and
// not counted (the figures of someone who has been typing a while: V8 has compiled the page's and the worker's code;
// a trace with V8's compiler events showed it still compiling the editor's functions ~100 keystrokes in, so 100 is the
// warm-up the closing notes quote). `--before-warm N` for the before page alone (default: --warm).
// Per key also: the CPU time of the renderer's threads while typing, from /proc (Linux): its main thread, the
// analysis worker, its thread pool (V8's compilers and garbage collector helpers, raster) and the compositor. On a
// machine with few cores they share the cores, and the worker's answer waits while the others run.
//   npx tsx bench/studio-bench.ts [--sizes 50,5000,20000] [--keys 50] [--before-keys 50] [--gap 60] [--word 10]
//                                 [--gap-spread 0] [--warm 0] [--before-warm N] [--before <commit>] [--pages ours,before,editor,codemirror,floor] [--profile N] [--slow N] [--slow-by a|b] [--frame-clock] [--trace-out DIR]
// --profile N: a CPU profile of the main thread while typing on our pages (not the before page), and its N busiest functions by self time
// and inclusive time, over the whole typing and over the keystrokes' (a) alone (what delays the frame of a keystroke)
// (build with `npx vite build --minify false` and BENCH_STUDIO_BUILT=1 to see the names).
// --trace-out DIR: the traces and profiles taken (--profile, --slow, --frame-clock) written to DIR as JSON.
// --slow N: the N slowest keystrokes by (a) on our pages, each with the main thread's tasks from 30 ms before its keydown
// to the end of its frame (from a trace), and their longest inner events: what a slow keystroke waited for. With
// --slow-by b, the N slowest by (b), with the main thread's and the analysis worker's tasks up to the answer's frame.
// --frame-clock: each page's (a) split into the main thread's work and its idle wait for the frame clock, and how many
// keystrokes came just after the renderer had let a tick go by idle (bench/frame-clock.ts says why that matters).
// It builds this tree first (not with BENCH_STUDIO_BUILT=1), or measures the built studio in BENCH_STUDIO_OURS.
// Targets: (a) p95 < 16 ms at every size; (b) p95 < 100 ms at 5,000 lines and < 1 s at 20,000.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type CDPSession, type Page } from 'playwright-core';
import { option } from './options';
import { studioDocument } from './studio-docs';
import { FRAME_CLOCK_CATEGORIES, printFrameClock } from './frame-clock';

const ROOT = join(import.meta.dirname, '..');
const SIZES = option('--sizes', '50,5000,20000').split(',').map(Number);
const KEYS = Number(option('--keys', '50'));
const BEFORE_KEYS = Number(option('--before-keys', String(KEYS)));
const GAP = Number(option('--gap', '60'));
/** --gap-spread N: each gap GAP plus a whole number of ms drawn evenly from [0, N) (a fixed seed: the same gaps in
 *  every run and on every page), as a person's keystrokes come; 0 (default): every gap is GAP. */
const GAP_SPREAD = Number(option('--gap-spread', '0'));
const WORD = Number(option('--word', '10'));
const WARM = Number(option('--warm', '0'));
/** Warm-up keystrokes on the before page (its keystrokes take seconds at 20,000 lines, and no JIT state changes that). */
const BEFORE_WARM = Number(option('--before-warm', String(WARM)));
/** Which pages to measure (all four by default; the ratios need ours and before). */
const PAGES = option('--pages', 'ours,before,editor,codemirror,floor').split(',');
const PROFILE_TOP = Number(option('--profile', '0'));
const SLOW = Number(option('--slow', '0'));
/** --slow-by b: the slowest keystrokes by (b) instead, each with the main thread's and the analysis worker's tasks up
 *  to the frame that showed its answer. */
const SLOW_BY = option('--slow-by', 'a');
if (SLOW_BY !== 'a' && SLOW_BY !== 'b') throw new Error(`--slow-by must be a or b; found ${SLOW_BY}`);
/** --frame-clock: each page's (a) split into main-thread work and waiting for the frame clock (bench/frame-clock.ts). */
const FRAME_CLOCK = process.argv.includes('--frame-clock');
/** --trace-out DIR: each traced page's trace (with the keystrokes' records and the page clock's origin) and CPU profile
 *  written there as JSON, for a closer look than the printed summaries. */
const TRACE_OUT = option('--trace-out', '');
// ORACLES.md §5: Debian's Chromium headless; the rest keeps it off the network.
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

function git(...args: string[]): string {
	return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim();
}

/** The commit before the analysis worker came (the parent of the commit that added its client). */
function beforeCommit(): string {
	const given = option('--before', '');
	if (given) return git('rev-parse', given);
	const added = git('log', '--diff-filter=A', '--format=%H', '--', 'src/lib/ui/analysis/client.ts').split('\n').pop();
	if (!added) throw new Error('no commit adds src/lib/ui/analysis/client.ts: give --before <commit>');
	return git('rev-parse', `${added}^`);
}

function build(dir: string): void {
	execFileSync('npx', ['vite', 'build', '--logLevel', 'error'], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
}

/** A worktree of `commit` with the project's node_modules, built once (kept in the temp folder for the next run). */
function beforeTree(commit: string): string {
	const dir = join(tmpdir(), `pstudio-bench-before-${commit.slice(0, 12)}`);
	if (!existsSync(join(dir, 'build', 'index.js'))) {
		if (!existsSync(dir)) git('worktree', 'add', '--detach', dir, commit);
		if (!existsSync(join(dir, 'node_modules'))) symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
		build(dir);
	}
	return dir;
}

function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const probe = createServer();
		probe.once('error', reject);
		probe.listen(0, '127.0.0.1', () => {
			const address = probe.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			probe.close(() => resolve(port));
		});
	});
}

async function serve(dir: string): Promise<{ url: string; stop: () => void }> {
	const port = await freePort();
	const child: ChildProcess = spawn(process.execPath, ['build'], { cwd: dir, env: { ...process.env, HOST: '127.0.0.1', PORT: String(port) }, stdio: 'ignore' });
	const url = `http://127.0.0.1:${port}/`;
	for (let tries = 0; ; tries++) {
		try {
			if ((await fetch(url)).ok) break;
		} catch {
			// not listening yet
		}
		if (tries > 200) throw new Error(`${dir}: the studio did not answer on ${url}`);
		await new Promise((r) => setTimeout(r, 100));
	}
	return { url, stop: () => child.kill('SIGTERM') };
}

interface KeyRecord {
	frame: number;
	analysed: number;
	/** The keydown's event.timeStamp (performance.now() time). */
	t0: number;
}

interface BenchWindow {
	__bench: {
		keys: KeyRecord[];
		/** Resolves once key n (1-based) has its frame: awaited through CDP, so nothing polls the page meanwhile. */
		framed(n: number): Promise<void>;
		/** Resolves once every key has its findings and bytes shown. */
		analysed(): Promise<void>;
	};
}

/** Instruments the page: one record per keydown, (a) and (b) filled in as they happen. Ours numbers each text it
 *  hands to the worker (<main data-revision>) and says which one's findings and bytes are shown
 *  (data-shown-revision). The studio editor hands its text out after the frame that shows a keystroke (a textarea
 *  page in the input event), so a keystroke is in every text handed out after its keydown: it is answered once the
 *  shown revision passes the revision the page had at the keydown. */
function instrument(): void {
	type Key = KeyRecord & { t0: number; revision: number };
	const keys: Key[] = [];
	// Waiters woken when a record gets its figures: Playwright's waitForFunction polls in every animation frame by
	// default, which put a CDP round trip and a script run into the very frames being measured.
	let waiters: (() => void)[] = [];
	const wake = (): void => {
		const woken = waiters;
		waiters = [];
		for (const w of woken) w();
	};
	const until = (done: () => boolean): Promise<void> =>
		new Promise((resolve) => {
			const check = (): void => {
				if (done()) resolve();
				else waiters.push(check);
			};
			check();
		});
	(window as unknown as BenchWindow).__bench = {
		keys,
		framed: (n) => until(() => keys.length >= n && keys[n - 1].frame >= 0),
		analysed: () => until(() => keys.every((r) => r.analysed >= 0))
	};
	const main = document.querySelector('main[data-shown-revision]');
	const tracked = main !== null;
	const shown = (): number => Number(main?.getAttribute('data-shown-revision'));
	const afterNextFrame = (then: (now: number) => void): void => {
		requestAnimationFrame(() => {
			const channel = new MessageChannel();
			channel.port1.onmessage = () => then(performance.now());
			channel.port2.postMessage(null);
		});
	};
	window.addEventListener(
		'keydown',
		(event) => {
			// Read before the keystroke is applied (a capturing listener on the window runs first).
			const record: Key = { t0: event.timeStamp, frame: -1, analysed: -1, revision: tracked ? Number(main?.getAttribute('data-revision')) + 1 : -1 };
			keys.push(record);
			afterNextFrame((now) => {
				record.frame = now - record.t0;
				if (!tracked) record.analysed = record.frame;
				wake();
			});
		},
		true
	);
	if (tracked && main) {
		new MutationObserver(() => {
			const revision = shown();
			const answered = keys.filter((r) => r.analysed < 0 && r.revision >= 0 && r.revision <= revision);
			afterNextFrame((now) => {
				for (const r of answered) if (r.analysed < 0) r.analysed = now - r.t0;
				wake();
			});
		}).observe(main, { attributes: true, attributeFilter: ['data-shown-revision'] });
	}
}

/** The studio editor's content element (in the editor's shadow root), if the page has the editor. */
function editorContent(): HTMLElement | null {
	return document.querySelector('[data-testid="code-editor"]')?.shadowRoot?.querySelector<HTMLElement>('.cm-content') ?? null;
}

/** Resolves once <main> shows the analysis of a text handed out after `revision`, at the end of that frame; at once on
 *  a page without analysis. Resolves with performance.now() then. */
function analysedAfter(revision: number): Promise<number> {
	return new Promise<number>((resolve) => {
		const main = document.querySelector('main[data-shown-revision]');
		const finish = (): void => {
			requestAnimationFrame(() => {
				const channel = new MessageChannel();
				channel.port1.onmessage = () => resolve(performance.now());
				channel.port2.postMessage(null);
			});
		};
		if (main === null) return finish();
		const done = (): boolean => Number(main.getAttribute('data-revision')) > revision && main.getAttribute('data-analysis') === 'current';
		if (done()) return finish();
		const observer = new MutationObserver(() => {
			if (!done()) return;
			observer.disconnect();
			finish();
		});
		observer.observe(main, { attributes: true, attributeFilter: ['data-analysis', 'data-revision', 'data-shown-revision'] });
	});
}

/**
 * Loads `text` into the page: through its Open… file input when it has one and says what it shows (what a user
 * does: the library page makes a document of the file and opens it), else as a paste into the editor or the
 * textarea (the old page analysed inside the input event). Resolves with the ms from the file being chosen (or the
 * paste) until its findings and bytes are shown.
 */
async function load(page: Page, text: string): Promise<number> {
	const revision = (): Promise<number> => page.evaluate(() => Number(document.querySelector('main[data-revision]')?.getAttribute('data-revision') ?? -1));
	const input = page.locator('[data-testid="file-input"]');
	if ((await input.count()) > 0 && (await page.locator('main[data-shown-revision]').count()) > 0) {
		const before = await revision();
		const t0 = await page.evaluate(() => performance.now());
		await input.first().setInputFiles({ name: 'bench.xml', mimeType: 'text/xml', buffer: Buffer.from(text) });
		// The library page mounts the editor for the opened document; the old page puts the text in its textarea.
		return (await page.evaluate(analysedAfter, before)) - t0;
	}
	const before = await revision();
	const editor = page.locator('[data-testid="code-editor"] .cm-content');
	if ((await editor.count()) > 0) {
		// CodeMirror replaces the selection with a paste: select everything first.
		await editor.first().focus();
		await page.keyboard.press('Control+A');
	}
	return page.evaluate(
		async ([value, since]) => {
			const t0 = performance.now();
			const content = editorContent();
			if (content) {
				const data = new DataTransfer();
				data.setData('text/plain', value);
				content.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
			} else {
				const area = document.querySelector<HTMLTextAreaElement>('[data-testid="editor"]')!;
				area.value = value;
				area.dispatchEvent(new Event('input', { bubbles: true }));
			}
			return (await analysedAfter(since)) - t0;
		},
		[text, before] as const
	);
}

/** Puts the caret inside a NAME value past the middle of the document: typing changes a string, not the structure. */
async function placeCaret(page: Page): Promise<void> {
	const needle = 'name="NAME" value="';
	if ((await page.locator('[data-testid="code-editor"] .cm-content').count()) === 0) {
		await page.evaluate((find) => {
			const area = document.querySelector<HTMLTextAreaElement>('[data-testid="editor"]')!;
			const at = area.value.indexOf(find, area.value.length >> 1) + find.length + 3;
			area.focus();
			area.setSelectionRange(at, at);
		}, needle);
		return;
	}
	// The editor draws only the lines in view: scroll to the middle, click a NAME line there, and go to its value's end.
	await page.evaluate(() => {
		const scroller = document.querySelector('[data-testid="code-editor"]')!.shadowRoot!.querySelector<HTMLElement>('.cm-scroller')!;
		scroller.scrollTop = Math.max(0, (scroller.scrollHeight - scroller.clientHeight) / 2);
	});
	await page.waitForTimeout(300);
	const lines = page.locator('[data-testid="code-editor"] .cm-line', { hasText: needle });
	const count = await lines.count();
	if (count === 0) throw new Error('no NAME line in view in the editor');
	await lines.nth(count >> 1).click();
	await page.keyboard.press('End');
	// `    <parm name="NAME" value="…"/>`: before the closing quote.
	for (let k = 0; k < 3; k++) await page.keyboard.press('ArrowLeft');
	await page.waitForTimeout(300);
}

/**
 * The page's CDP Performance metrics; after a forced garbage collection when `collect` (for the heap figure of (c)).
 * Not around the typing: a forced collection is a "low memory" one, which throws away V8's optimised code that embeds
 * objects no longer alive (a trace showed ~90 functions of the parser, the highlighter and the view deoptimised at
 * once), so the keystrokes measured after it paid for compiling them again — a cost no user's typing meets.
 */
async function metrics(cdp: CDPSession, collect: boolean): Promise<Record<string, number>> {
	if (collect) await cdp.send('HeapProfiler.collectGarbage');
	const { metrics: list } = await cdp.send('Performance.getMetrics');
	return Object.fromEntries(list.map((m) => [m.name, m.value]));
}

/** The heap of the page's dedicated workers, through the browser's CDP target list (0 when there is none). */
async function workerHeap(browser: Browser): Promise<number> {
	const session = await browser.newBrowserCDPSession();
	try {
		const { targetInfos } = await session.send('Target.getTargets');
		let total = 0;
		for (const target of targetInfos.filter((t) => t.type === 'worker')) {
			const { sessionId } = await session.send('Target.attachToTarget', { targetId: target.targetId, flatten: false });
			const answer = new Promise<number>((resolve) => {
				const onMessage = (event: { sessionId?: string; message: string }): void => {
					const parsed = JSON.parse(event.message) as { id?: number; result?: { usedSize?: number } };
					if (event.sessionId !== sessionId || parsed.id !== 1) return;
					session.off('Target.receivedMessageFromTarget', onMessage);
					resolve(parsed.result?.usedSize ?? 0);
				};
				session.on('Target.receivedMessageFromTarget', onMessage);
			});
			await session.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id: 1, method: 'Runtime.getHeapUsage' }) });
			total += await Promise.race([answer, new Promise<number>((r) => setTimeout(() => r(0), 5000))]);
			await session.send('Target.detachFromTarget', { sessionId });
		}
		return total;
	} finally {
		await session.detach();
	}
}

interface Result {
	page: string;
	/** Main-thread ms per keystroke while typing: script, style + layout, all tasks. */
	perKey: { script: number; layout: number; tasks: number };
	/** CPU ms per keystroke of the renderer's threads (threadCpu), when /proc tells. */
	cpu: Record<string, number> | undefined;
	/** Keystrokes typed before the measured ones. */
	warm: number;
	lines: number;
	keys: number;
	a: number[];
	b: number[];
	loadMs: number;
	heapMB: number;
	workerHeapMB: number;
	cdpNodes: number;
	elements: number;
}

/** The floor page: nothing but a textarea styled as the studio's, inside a <main> without analysis. */
const FLOOR_HTML =
	'<!doctype html><main><textarea data-testid="editor" style="box-sizing:border-box;width:600px;height:26rem;font-family:monospace;font-size:0.85rem;line-height:1.4"></textarea></main>';

/** The bare CodeMirror page (bench/codemirror-floor.ts bundled with esbuild): the editor with no extension. */
async function codemirrorHtml(): Promise<string> {
	const { build: bundle } = await import('esbuild');
	const out = await bundle({ entryPoints: [join(ROOT, 'bench', 'codemirror-floor.ts')], bundle: true, minify: true, write: false, format: 'iife' });
	return `<!doctype html><main><div data-testid="code-editor" style="width:600px"></div></main><script>${out.outputFiles[0].text.replaceAll('</script', '<\\/script')}</script>`;
}

/** CPU time (ms) so far of Chromium's renderer processes' threads, by thread group: main, worker, pool,
 *  compositor. Linux only (/proc/PID/task/TID/stat, utime + stime in clock ticks of 10 ms); undefined elsewhere. */
function threadCpu(): Record<string, number> | undefined {
	if (!existsSync('/proc/self/task')) return undefined;
	const groups: Record<string, number> = { main: 0, worker: 0, pool: 0, compositor: 0 };
	for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
		try {
			if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--type=renderer')) continue;
			for (const tid of readdirSync(`/proc/${pid}/task`)) {
				const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
				const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
				const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
				const ms = (Number(fields[11]) + Number(fields[12])) * 10;
				// The main thread keeps the process's name; the others are named by Chromium.
				const group = tid === pid ? 'main' : name.startsWith('DedicatedWorker') ? 'worker' : name.startsWith('ThreadPool') ? 'pool' : name.startsWith('Compositor') ? 'compositor' : undefined;
				if (group !== undefined) groups[group] += ms;
			}
		} catch {
			// A process that ended meanwhile.
		}
	}
	return groups;
}

async function measure(browser: Browser, url: string | undefined, name: string, lines: number, keys: number): Promise<Result> {
	gapSeed = GAP_SEED;
	const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
	// tsx (esbuild keepNames) wraps the named functions of the page scripts below in __name(), and the functions
	// passed to the page call each other: define them there.
	await context.addInitScript(`globalThis.__name = (f) => f; globalThis.editorContent = ${editorContent.toString()}; globalThis.analysedAfter = ${analysedAfter.toString()};`);
	const page = await context.newPage();
	const cdp = await context.newCDPSession(page);
	await cdp.send('Performance.enable');
	if (url === undefined) {
		await page.setContent(name === 'codemirror' ? await codemirrorHtml() : FLOOR_HTML);
		if (name === 'codemirror') await page.waitForSelector('[data-testid="code-editor"] .cm-content', { state: 'attached' });
	} else {
		await page.goto(url);
		// The page is ready for a document: its Open… input, its editor or its textarea is there.
		await page.waitForSelector('[data-testid="file-input"], [data-testid="code-editor"] .cm-content, textarea[data-testid="editor"]', { state: 'attached' });
		await page.waitForTimeout(500);
	}
	const text = studioDocument(lines);
	const loadMs = await load(page, text);
	await page.waitForTimeout(500);
	const m = await metrics(cdp, true);
	const workerBytes = await workerHeap(browser);
	// Elements of the document and of the editor's shadow root.
	const elements = await page.evaluate(() => {
		let count = 0;
		for (const e of document.querySelectorAll('*')) count += 1 + (e.shadowRoot ? e.shadowRoot.querySelectorAll('*').length : 0);
		return count;
	});

	await placeCaret(page);
	await page.evaluate(instrument);
	const warm = name === 'before' ? BEFORE_WARM : WARM;
	if (warm > 0) {
		await typeKeys(page, warm);
		await page.evaluate(() => (window as unknown as BenchWindow).__bench.analysed());
		await page.evaluate(() => void ((window as unknown as BenchWindow).__bench.keys.length = 0));
	}
	const start = await metrics(cdp, false);
	const cpuStart = threadCpu();
	const profiling = PROFILE_TOP > 0 && name !== 'before';
	const tracing = profiling || FRAME_CLOCK || (SLOW > 0 && name !== 'before');
	if (tracing) await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'toplevel', ...(FRAME_CLOCK ? FRAME_CLOCK_CATEGORIES : [])] });
	if (profiling) {
		await cdp.send('Profiler.enable');
		await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
		await cdp.send('Profiler.start');
	}
	// The trace's clock against the page's performance.now(): a TimeStamp event carrying the page's time.
	if (tracing) await page.evaluate(() => console.timeStamp(`bench-clock ${performance.now()}`));
	await typeKeys(page, keys);
	await page.evaluate(() => (window as unknown as BenchWindow).__bench.analysed());
	const cpuEnd = threadCpu();
	const records = await page.evaluate(() => (window as unknown as BenchWindow).__bench.keys.map((r) => ({ frame: r.frame, analysed: r.analysed, t0: r.t0 })));
	const end = await metrics(cdp, false);
	const profile = profiling ? (await cdp.send('Profiler.stop')).profile : undefined;
	if (tracing) {
		const trace = (await browser.stopTracing()).toString('utf8');
		if (TRACE_OUT !== '') writeFileSync(join(TRACE_OUT, `trace-${name}-${lines}.json`), JSON.stringify({ trace: JSON.parse(trace), records, origin: traceOrigin(trace) }));
		if (profile) {
			if (TRACE_OUT !== '') writeFileSync(join(TRACE_OUT, `profile-${name}-${lines}.json`), JSON.stringify(profile));
			printProfile(profile, name, lines, keys);
			// The same samples, only those inside a keystroke's (a): keydown to the end of its frame.
			const origin = traceOrigin(trace);
			printProfile(profile, `${name} inside (a)`, lines, keys, records.map((r) => [origin + r.t0 * 1000, origin + (r.t0 + r.frame) * 1000]));
		}
		if (profiling) printTrace(trace, keys);
		if (SLOW > 0 && name !== 'before') printSlowKeys(trace, records, name, lines);
		if (FRAME_CLOCK) printFrameClock(trace, traceOrigin(trace), records, `${name}, ${lines} lines`, percentile);
	}
	await context.close();
	const per = (metric: string): number => ((end[metric] - start[metric]) * 1000) / keys;
	return {
		page: name,
		perKey: { script: per('ScriptDuration'), layout: per('LayoutDuration') + per('RecalcStyleDuration'), tasks: per('TaskDuration') },
		cpu: cpuStart && cpuEnd ? Object.fromEntries(Object.keys(cpuEnd).map((k) => [k, (cpuEnd[k] - cpuStart[k]) / keys])) : undefined,
		lines: text.split('\n').length - 1,
		keys,
		warm,
		a: records.map((r) => r.frame),
		b: records.map((r) => r.analysed),
		loadMs,
		heapMB: (m.JSHeapUsedSize ?? 0) / 1e6,
		workerHeapMB: workerBytes / 1e6,
		cdpNodes: m.Nodes ?? 0,
		elements
	};
}

/** The next gap (ms): GAP, plus the spread drawn from a small fixed-seed generator (mulberry32). */
const GAP_SEED = 0x9e3779b9;
let gapSeed = GAP_SEED;
function nextGap(): number {
	if (GAP_SPREAD <= 0) return GAP;
	gapSeed = (gapSeed + 0x6d2b79f5) | 0;
	let t = Math.imul(gapSeed ^ (gapSeed >>> 15), 1 | gapSeed);
	t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
	return GAP + Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * GAP_SPREAD);
}

/** Types `keys` letters, each after the frame of the one before and a gap (nextGap). */
async function typeKeys(page: Page, keys: number): Promise<void> {
	const typed = await page.evaluate(() => (window as unknown as BenchWindow).__bench.keys.length);
	for (let k = 0; k < keys; k++) {
		// --word N: N letters, then N Backspaces, and again; --word 0: letters only.
		const erase = WORD > 0 && (typed + k) % (2 * WORD) >= WORD;
		await page.keyboard.press(erase ? 'Backspace' : String.fromCharCode(97 + (k % 26)));
		await page.evaluate((n) => (window as unknown as BenchWindow).__bench.framed(n), typed + k + 1);
		await page.waitForTimeout(nextGap());
	}
}

type CpuProfile = { startTime?: number; nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[]; samples?: number[]; timeDeltas?: number[] };

/** The busiest functions by self time, per keystroke. */
function printProfile(profile: CpuProfile, name: string, lines: number, keys: number, within?: [number, number][]): void {
	const frames = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
	// Each sample's time (µs, the trace's clock); a sample outside every `within` interval counts nowhere.
	if (within !== undefined) {
		let at = profile.startTime ?? 0;
		const kept: number[] = [];
		const deltas: number[] = [];
		(profile.samples ?? []).forEach((id, i) => {
			at += profile.timeDeltas?.[i] ?? 0;
			if (!within.some(([from, to]) => at >= from && at <= to)) return;
			kept.push(id);
			deltas.push(profile.timeDeltas?.[i] ?? 0);
		});
		profile = { ...profile, samples: kept, timeDeltas: deltas };
	}
	const self = new Map<string, number>();
	(profile.samples ?? []).forEach((id, i) => {
		const f = frames.get(id);
		if (f === undefined || f.functionName === '(idle)' || f.functionName === '(program)') return;
		const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber + 1}`;
		self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas?.[i] ?? 0));
	});
	console.log(`  profile, ${name}, ${lines} lines, self time per keystroke:`);
	for (const [key, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, PROFILE_TOP)) console.log(`    ${(us / 1000 / keys).toFixed(2).padStart(7)} ms  ${key}`);
	// Inclusive time: each sample counts once for every function on its stack.
	const parent = new Map<number, number>();
	for (const n of profile.nodes as { id: number; children?: number[] }[]) for (const c of n.children ?? []) parent.set(c, n.id);
	const inclusive = new Map<string, number>();
	(profile.samples ?? []).forEach((id, i) => {
		const seen = new Set<string>();
		for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
			const f = frames.get(at);
			if (f === undefined || f.url === '') continue;
			const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber + 1}`;
			if (seen.has(key)) continue;
			seen.add(key);
			inclusive.set(key, (inclusive.get(key) ?? 0) + (profile.timeDeltas?.[i] ?? 0));
		}
	});
	console.log(`  profile, ${name}, ${lines} lines, inclusive time per keystroke:`);
	for (const [key, us] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, PROFILE_TOP)) console.log(`    ${(us / 1000 / keys).toFixed(2).padStart(7)} ms  ${key}`);
}

/** Where the renderer's main thread spent its time while typing: the top-level events of its trace, by name. */
function printTrace(json: string, keys: number): void {
	type Event = { name: string; ph: string; dur?: number; tid: number; pid: number; args?: { data?: { frame?: string } } };
	const events = (JSON.parse(json) as { traceEvents: Event[] }).traceEvents;
	const main = events.find((e) => e.name === 'thread_name' && (e as unknown as { args: { name: string } }).args.name === 'CrRendererMain');
	const total = new Map<string, number>();
	for (const e of events) {
		if (main === undefined || e.tid !== main.tid || e.pid !== main.pid || e.ph !== 'X' || e.dur === undefined) continue;
		const type = (e.args?.data as { type?: string } | undefined)?.type;
		const key = e.name === 'EventDispatch' && type !== undefined ? `EventDispatch ${type}` : e.name;
		total.set(key, (total.get(key) ?? 0) + e.dur);
	}
	console.log('  trace, renderer main thread, ms per keystroke by event (nested events counted in each):');
	for (const [name, us] of [...total].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`    ${(us / 1000 / keys).toFixed(2).padStart(7)} ms  ${name}`);
}

/** Trace time (µs) of the page's performance.now() 0, from the TimeStamp event the bench puts in the trace. */
function traceOrigin(json: string): number {
	const events = (JSON.parse(json) as { traceEvents: { name: string; ts: number; args?: { data?: { message?: unknown } } }[] }).traceEvents;
	const clock = events.find((e) => e.name === 'TimeStamp' && String(e.args?.data?.message ?? '').startsWith('bench-clock '));
	if (clock === undefined) throw new Error('the trace has no bench-clock mark');
	return clock.ts - Number(String(clock.args?.data?.message).split(' ')[1]) * 1000;
}

/**
 * The SLOW slowest keystrokes by (a), each with what the renderer's main thread ran between its keydown and the end of
 * its frame: the top-level tasks overlapping that window, each with its longest inner events (a function's name and
 * script, an event's type), so a slow keystroke says what it waited for. By (b) (--slow-by b): up to the frame that
 * showed its answer, and the analysis worker's tasks too.
 */
function printSlowKeys(json: string, records: readonly KeyRecord[], name: string, lines: number): void {
	type Event = { name: string; ph: string; ts: number; dur?: number; tid: number; pid: number; args?: { data?: Record<string, unknown> } };
	const events = (JSON.parse(json) as { traceEvents: Event[] }).traceEvents;
	const clock = events.find((e) => e.name === 'TimeStamp' && String(e.args?.data?.message ?? '').startsWith('bench-clock '));
	const main = events.find((e) => e.name === 'thread_name' && (e as unknown as { args: { name: string } }).args.name === 'CrRendererMain');
	if (clock === undefined || main === undefined) {
		console.log('  slow keystrokes: the trace has no clock mark or no renderer main thread');
		return;
	}
	// Trace time (µs) of the page's performance.now() 0.
	const origin = clock.ts - Number(String(clock.args?.data?.message).split(' ')[1]) * 1000;
	const byB = SLOW_BY === 'b';
	const worker = events.find((e) => e.name === 'thread_name' && (e as unknown as { args: { name: string } }).args.name === 'DedicatedWorker thread');
	const threads = [{ thread: main, tag: 'main' }, ...(byB && worker !== undefined ? [{ thread: worker, tag: 'worker' }] : [])];
	const label = (e: Event): string => {
		const data = e.args?.data ?? {};
		if (typeof data.functionName === 'string' && data.functionName !== '') return `${e.name} ${data.functionName} ${String(data.url ?? '').split('/').pop()}:${Number(data.lineNumber ?? 0)}`;
		if (typeof data.type === 'string') return `${e.name} ${data.type}`;
		return e.name;
	};
	const what = byB ? 'main-thread and worker tasks from keydown to the frame showing its answer' : 'main-thread tasks from keydown to the end of its frame';
	console.log(`  slow keystrokes by (${SLOW_BY}), ${name}, ${lines} lines: ${what} (ms from keydown, ms long)`);
	const slowest = records
		.map((r, i) => ({ ...r, i }))
		.sort((x, y) => (byB ? y.analysed - x.analysed : y.frame - x.frame))
		.slice(0, SLOW);
	for (const key of slowest) {
		const from = origin + key.t0 * 1000;
		const to = from + (byB ? key.analysed : key.frame) * 1000;
		console.log(`    key ${key.i + 1}: (a) ${key.frame.toFixed(1)} ms, (b) ${key.analysed.toFixed(1)} ms`);
		for (const { thread, tag } of threads) {
			const onThread = events.filter((e) => e.tid === thread.tid && e.pid === thread.pid && e.ph === 'X' && e.dur !== undefined).sort((x, y) => x.ts - y.ts);
			// Each task is traced twice (RunTask around ThreadControllerImpl::RunTask): the outer one; those under 0.5 ms left out.
			const tasks = onThread.filter((e) => e.name === 'RunTask' && (e.dur ?? 0) >= 500);
			for (const task of tasks.filter((t) => t.ts < to && t.ts + (t.dur ?? 0) > from - 30_000)) {
				const inner = onThread.filter((e) => e !== task && e.ts >= task.ts && e.ts + (e.dur ?? 0) <= task.ts + (task.dur ?? 0) && e.name !== 'ThreadControllerImpl::RunTask' && e.name !== 'RunTask');
				const top = inner.sort((x, y) => (y.dur ?? 0) - (x.dur ?? 0)).slice(0, 6).map((e) => `${label(e)} ${((e.dur ?? 0) / 1000).toFixed(1)}`);
				console.log(`      ${byB ? `${tag.padEnd(6)} ` : ''}${((task.ts - from) / 1000).toFixed(1).padStart(7)} ${((task.dur ?? 0) / 1000).toFixed(1).padStart(5)}  ${top.join(' | ')}`);
			}
		}
	}
}

function percentile(values: readonly number[], p: number): number {
	const sorted = [...values].sort((x, y) => x - y);
	if (sorted.length === 0) return NaN;
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

const ms = (v: number): string => (v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${v.toFixed(1)} ms`);

async function main(): Promise<void> {
	const commit = beforeCommit();
	console.log(`studio bench: sizes ${SIZES.join(', ')} lines; ${KEYS} keystrokes (before: ${BEFORE_KEYS}) ${GAP_SPREAD > 0 ? `${GAP}–${GAP + GAP_SPREAD - 1} ms (seeded)` : `${GAP} ms`} apart, ${WORD > 0 ? `${WORD} letters then ${WORD} Backspaces` : 'letters only'}${WARM > 0 ? `, after ${WARM} not counted (before: ${BEFORE_WARM})` : ''}; before = ${commit.slice(0, 12)} (${git('log', '-1', '--format=%s', commit).slice(0, 80)})`);
	// BENCH_STUDIO_OURS: a folder holding a built studio (build/ and node_modules/) to measure instead of this tree's
	// build/, e.g. a copy taken under a lock, so that another build of this tree during the run changes nothing.
	const oursDir = process.env.BENCH_STUDIO_OURS ?? ROOT;
	if (!process.env.BENCH_STUDIO_OURS && !process.env.BENCH_STUDIO_BUILT) build(ROOT);
	if (!existsSync(join(oursDir, 'build', 'index.js'))) throw new Error(`${oursDir}: no build/index.js to serve`);
	const beforeDir = beforeTree(commit);
	const ours = await serve(oursDir);
	const before = await serve(beforeDir);
	const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
	const results: Result[] = [];
	try {
		for (const lines of SIZES) {
			for (const [name, url, keys] of [
				['ours', ours.url, KEYS],
				['before', before.url, BEFORE_KEYS],
				['editor', `${ours.url}dev/editor?lines=50&analysis=off`, KEYS],
				['codemirror', undefined, KEYS],
				['floor', undefined, KEYS]
			] as const) {
				if (!PAGES.includes(name)) continue;
				const r = await measure(browser, url, name, lines, keys);
				if (process.env.BENCH_STUDIO_VERBOSE) console.log(`  (a) ${r.a.map((v) => v.toFixed(0)).join(' ')}\n  (b) ${r.b.map((v) => v.toFixed(0)).join(' ')}`);
				results.push(r);
				console.log(
					`${String(r.lines).padStart(6)} lines  ${name.padEnd(10)}  (a) p50 ${ms(percentile(r.a, 50)).padStart(9)} p95 ${ms(percentile(r.a, 95)).padStart(9)}` +
						`  (b) p50 ${ms(percentile(r.b, 50)).padStart(9)} p95 ${ms(percentile(r.b, 95)).padStart(9)}  load ${ms(r.loadMs).padStart(9)}` +
						`  heap ${r.heapMB.toFixed(1)} MB (+worker ${r.workerHeapMB.toFixed(1)} MB)  nodes ${r.cdpNodes} (elements ${r.elements})` +
						`  per key: script ${ms(r.perKey.script)}, style+layout ${ms(r.perKey.layout)}, tasks ${ms(r.perKey.tasks)}` +
						(r.cpu ? `; CPU main ${ms(r.cpu.main)}, worker ${ms(r.cpu.worker)}, pool ${ms(r.cpu.pool)}, compositor ${ms(r.cpu.compositor)}` : '') +
						`  [${r.keys} keys${r.warm > 0 ? ` after ${r.warm}` : ''}]`
				);
			}
		}
	} finally {
		await browser.close();
		ours.stop();
		before.stop();
	}
	console.log('\nratios before/ours (higher is better for ours):');
	for (const lines of SIZES) {
		const o = results.find((r) => r.page === 'ours' && Math.abs(r.lines - lines) < 20);
		const b = results.find((r) => r.page === 'before' && Math.abs(r.lines - lines) < 20);
		if (!o || !b) continue;
		const ratio = (x: number, y: number): string => (y > 0 ? `${(x / y).toFixed(1)}x` : '-');
		const targetA = percentile(o.a, 95) < 16 ? 'met' : 'MISSED';
		const bLimit = lines >= 20000 ? 1000 : lines >= 5000 ? 100 : Infinity;
		const targetB = bLimit === Infinity ? '' : percentile(o.b, 95) < bLimit ? ' (b) target met' : ` (b) target ${ms(bLimit)} MISSED`;
		console.log(
			`${String(lines).padStart(6)} lines  (a) p95 ${ratio(percentile(b.a, 95), percentile(o.a, 95))}  (b) p95 ${ratio(percentile(b.b, 95), percentile(o.b, 95))}` +
				`  heap ${ratio(b.heapMB, o.heapMB + o.workerHeapMB)} (page+worker)  DOM nodes ${ratio(b.cdpNodes, o.cdpNodes)}  — (a) target ${targetA}${targetB}`
		);
	}
	mkdirSync(join(ROOT, 'bench', 'out'), { recursive: true });
	writeFileSync(join(ROOT, 'bench', 'out', 'studio.json'), JSON.stringify({ commit: git('rev-parse', 'HEAD'), before: commit, results }, null, 1));
}

await main();
