// Progress of `batch export` on stderr: a bar (cli-progress) with rows/s, ETA and rejected rows when stderr is a
// terminal; otherwise (a log, a pipe, CI) a plain line at most every PLAIN_EVERY_MS, and always one at the end, so a
// log holds a few lines per minute rather than a bar's carriage returns. Progress is measured against the order
// file's size (bytes read), the one total known before the end; rows/s counts data rows.
import { createRequire } from 'node:module';
import { PROGRAM } from './report';
import type { Streams } from './streams';

export interface ProgressCounts {
	/** Data rows read (good and set aside). */
	rows: number;
	rejected: number;
	/** Bytes of the order read so far. */
	consumed: number;
}

export interface Progress {
	update(counts: ProgressCounts): void;
	/** Ends the bar (leaves the terminal on a fresh line); prints nothing more in plain mode. */
	stop(): void;
}

export const PLAIN_EVERY_MS = 2000;

/** `12,345` — counts in progress lines read better grouped. */
function grouped(n: number): string {
	return Math.round(n).toLocaleString('en-US');
}

function duration(seconds: number): string {
	if (!Number.isFinite(seconds) || seconds < 0) return '?';
	const s = Math.round(seconds);
	return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}

/** A bar on a terminal, plain lines elsewhere, nothing with `quiet`. `total` is the order's size in bytes (0: unknown). */
export function startProgress(io: Streams, total: number, options: { tty: boolean; quiet: boolean; now?: () => number }): Progress {
	const now = options.now ?? (() => performance.now());
	const started = now();
	if (options.quiet) return { update: () => undefined, stop: () => undefined };
	if (options.tty) return barProgress(total, started, now);
	let last = started;
	return {
		update(counts) {
			const t = now();
			if (t - last < PLAIN_EVERY_MS) return;
			last = t;
			const seconds = (t - started) / 1000;
			const fraction = total > 0 ? Math.min(1, counts.consumed / total) : 0;
			const eta = fraction > 0 ? (seconds * (1 - fraction)) / fraction : NaN;
			io.stderr(`${PROGRAM}: batch: ${grouped(counts.rows)} rows (${Math.floor(fraction * 100)}%), ${grouped(counts.rows / Math.max(seconds, 1e-3))} rows/s, ETA ${duration(eta)}, ${grouped(counts.rejected)} rejected\n`);
		},
		// The command's own summary line closes a plain log.
		stop: () => undefined
	};
}

/**
 * cli-progress is CommonJS that requires Node built-ins at load; bundled into the compiled CLI's ESM chunks
 * (bin/build-cli.js) those requires fail. Loaded from node_modules at run time instead, and only on a terminal.
 */
function loadSingleBar(): typeof import('cli-progress').SingleBar {
	return (createRequire(import.meta.url)('cli-progress') as typeof import('cli-progress')).SingleBar;
}

function barProgress(total: number, started: number, now: () => number): Progress {
	const SingleBar = loadSingleBar();
	const bar = new SingleBar({
		format: '{bar} {percentage}% | {rowsText} rows | {rate} rows/s | ETA {etaText} | {rejectedText} rejected',
		stream: process.stderr,
		hideCursor: true,
		clearOnComplete: false,
		fps: 5,
		barsize: 24
	});
	const size = Math.max(total, 1);
	bar.start(size, 0, { rowsText: '0', rate: '0', etaText: '?', rejectedText: '0' });
	return {
		update(counts) {
			const seconds = (now() - started) / 1000;
			const fraction = Math.min(1, counts.consumed / size);
			const eta = fraction > 0 ? (seconds * (1 - fraction)) / fraction : NaN;
			bar.update(Math.min(counts.consumed, size), {
				rowsText: grouped(counts.rows),
				rate: grouped(counts.rows / Math.max(seconds, 1e-3)),
				etaText: duration(eta),
				rejectedText: grouped(counts.rejected)
			});
		},
		stop() {
			bar.stop();
		}
	};
}
