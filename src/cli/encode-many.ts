// `pstudio encode … --out-dir D`: many inputs → D/<name>.wbxml. A big folder is spread over worker threads (one
// per CPU by default): parsing and encoding are CPU-bound, and a factory batch is thousands of files.
import { availableParallelism } from 'node:os';
import { basename, extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { encodeToFile, type EncodeFailure, type EncodeSettings } from './encode-file';
import { EX_USAGE, exitCodeOf, FileError, isDirectory, makeFolder, xmlFilesIn } from './io';
import { failureLine, isInputFailure } from './report';
import type { Streams } from './streams';

export interface EncodeJob {
	input: string;
	output: string;
}
export interface EncodeBatch {
	id: number;
	jobs: EncodeJob[];
}
export interface EncodeBatchResult {
	id: number;
	/** The jobs that failed, in job order. */
	failures: EncodeFailure[];
}

/** Jobs per message to a thread: enough that messaging costs nothing, few enough to keep the threads evenly busy. */
const BATCH = 100;
/** Below this many files one thread is used: starting one (the codec; from source also tsx's loader) costs time. */
const THREADS_FROM = 4 * BATCH;

function outputNameFor(input: string): string {
	const base = basename(input);
	const ext = extname(base);
	return (ext.toLowerCase() === '.xml' ? base.slice(0, -ext.length) : base) + '.wbxml';
}

/**
 * Exit status 0 when every input was written; else the highest status of the failures (2 a bad input or path,
 * 74 an I/O error while writing), the other inputs still written.
 */
export async function encodeMany(
	inputs: readonly string[],
	outDir: string,
	settings: EncodeSettings,
	threads: number | undefined,
	io: Streams
): Promise<number> {
	let status = 0;
	const files: string[] = [];
	for (const input of inputs) {
		if (isDirectory(input)) {
			try {
				files.push(...xmlFilesIn(input));
			} catch (err) {
				if (!isInputFailure(err)) throw err;
				io.stderr(failureLine(input, err));
				status = EX_USAGE;
			}
		} else files.push(input);
	}
	try {
		makeFolder(outDir);
	} catch (err) {
		if (!isInputFailure(err)) throw err;
		io.stderr(failureLine(outDir, err));
		return exitCodeOf(err);
	}
	// Two inputs with the same base name would silently overwrite each other's output.
	const taken = new Map<string, string>();
	const jobs: EncodeJob[] = [];
	for (const input of files) {
		const name = outputNameFor(input);
		const first = taken.get(name);
		if (first !== undefined) {
			io.stderr(failureLine(input, new FileError(input, `output ${name} is already written from ${first}`)));
			status = EX_USAGE;
			continue;
		}
		taken.set(name, input);
		jobs.push({ input, output: join(outDir, name) });
	}
	const wanted = threads ?? (jobs.length >= THREADS_FROM ? availableParallelism() : 1);
	const count = Math.min(wanted, Math.ceil(jobs.length / BATCH));
	if (count > 1) status = Math.max(status, await inThreads(jobs, settings, count, io));
	else {
		for (const job of jobs) {
			const failure = encodeToFile(job.input, job.output, settings);
			if (failure === undefined) continue;
			io.stderr(failure.line);
			status = Math.max(status, failure.exitCode);
		}
	}
	return status;
}

/**
 * One encoding thread. Compiled (bin/build-cli.js bundles this file into a chunk of dist/cli/<build>/, beside
 * encode-worker.js) the worker is plain JavaScript and starts as it is. From source (tsx: `npm run cli`, or the
 * launcher before a build) a worker does not inherit the loader, so bin/tsx-worker.js registers it first.
 */
function startWorker(settings: EncodeSettings): Worker {
	if (import.meta.url.endsWith('.js')) return new Worker(new URL('./encode-worker.js', import.meta.url), { workerData: { settings } });
	const module = new URL('./encode-worker.ts', import.meta.url).href;
	return new Worker(new URL('../../bin/tsx-worker.js', import.meta.url), { workerData: { module, settings } });
}

/** Runs the jobs on `count` worker threads; prints failure lines in input order; returns the highest exit status. */
async function inThreads(jobs: readonly EncodeJob[], settings: EncodeSettings, count: number, io: Streams): Promise<number> {
	const batches: EncodeBatch[] = [];
	for (let at = 0; at < jobs.length; at += BATCH) batches.push({ id: batches.length, jobs: jobs.slice(at, at + BATCH) });
	let next = 0;
	let status = 0;
	// Whichever thread finishes first, a batch's lines wait until every batch before it has been printed.
	const finished = new Map<number, EncodeFailure[]>();
	let printed = 0;
	const print = (): void => {
		for (let failures = finished.get(printed); failures !== undefined; failures = finished.get(printed)) {
			for (const failure of failures) {
				io.stderr(failure.line);
				status = Math.max(status, failure.exitCode);
			}
			finished.delete(printed++);
		}
	};
	const workers = Array.from({ length: count }, () => startWorker(settings));
	try {
		await Promise.all(
			workers.map(
				(worker) =>
					new Promise<void>((resolve, reject) => {
						const feed = (): void => {
							if (next < batches.length) worker.postMessage(batches[next++]);
							else resolve();
						};
						worker.on('message', (result: EncodeBatchResult) => {
							finished.set(result.id, result.failures);
							print();
							feed();
						});
						worker.on('error', reject);
						worker.on('exit', (code) => reject(new Error(`an encoding thread stopped early (exit code ${code})`)));
						feed();
					})
			)
		);
	} finally {
		await Promise.all(workers.map((worker) => worker.terminate()));
	}
	return status;
}
