// `pstudio encode … --out-dir D`: many inputs → D/<name>.wbxml. A big folder is spread over worker threads (one
// per CPU by default): parsing and encoding are CPU-bound, and a factory batch is thousands of files.
import { mkdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { encodeToFile, type EncodeSettings } from './encode-file';
import { FileError, isDirectory, xmlFilesIn } from './io';
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
	/** stderr lines of the jobs that failed, in job order. */
	failures: string[];
}

/** Jobs per message to a thread: enough that messaging costs nothing, few enough to keep the threads evenly busy. */
const BATCH = 100;
/** Below this many files one thread is used: starting one (tsx's loader, the codec) takes about 0.3 s. */
const THREADS_FROM = 4 * BATCH;

function outputNameFor(input: string): string {
	const base = basename(input);
	const ext = extname(base);
	return (ext.toLowerCase() === '.xml' ? base.slice(0, -ext.length) : base) + '.wbxml';
}

/** Exit status 0 when every input was written, 2 when any failed (the others are still written). */
export async function encodeMany(
	inputs: readonly string[],
	outDir: string,
	settings: EncodeSettings,
	threads: number | undefined,
	io: Streams
): Promise<number> {
	let failed = 0;
	const files: string[] = [];
	for (const input of inputs) {
		if (isDirectory(input)) {
			try {
				files.push(...xmlFilesIn(input));
			} catch (err) {
				if (!isInputFailure(err)) throw err;
				io.stderr(failureLine(input, err));
				failed++;
			}
		} else files.push(input);
	}
	try {
		mkdirSync(outDir, { recursive: true });
	} catch (err) {
		io.stderr(failureLine(outDir, new FileError(outDir, `cannot create folder: ${err instanceof Error ? err.message : String(err)}`)));
		return 2;
	}
	// Two inputs with the same base name would silently overwrite each other's output.
	const taken = new Map<string, string>();
	const jobs: EncodeJob[] = [];
	for (const input of files) {
		const name = outputNameFor(input);
		const first = taken.get(name);
		if (first !== undefined) {
			io.stderr(failureLine(input, new FileError(input, `output ${name} is already written from ${first}`)));
			failed++;
			continue;
		}
		taken.set(name, input);
		jobs.push({ input, output: join(outDir, name) });
	}
	const wanted = threads ?? (jobs.length >= THREADS_FROM ? availableParallelism() : 1);
	const count = Math.min(wanted, Math.ceil(jobs.length / BATCH));
	if (count > 1) failed += await inThreads(jobs, settings, count, io);
	else {
		for (const job of jobs) {
			const line = encodeToFile(job.input, job.output, settings);
			if (line === undefined) continue;
			io.stderr(line);
			failed++;
		}
	}
	return failed > 0 ? 2 : 0;
}

/** Runs the jobs on `count` worker threads; prints failure lines in input order; returns how many failed. */
async function inThreads(jobs: readonly EncodeJob[], settings: EncodeSettings, count: number, io: Streams): Promise<number> {
	const batches: EncodeBatch[] = [];
	for (let at = 0; at < jobs.length; at += BATCH) batches.push({ id: batches.length, jobs: jobs.slice(at, at + BATCH) });
	let next = 0;
	let failed = 0;
	// Whichever thread finishes first, a batch's lines wait until every batch before it has been printed.
	const finished = new Map<number, string[]>();
	let printed = 0;
	const print = (): void => {
		for (let lines = finished.get(printed); lines !== undefined; lines = finished.get(printed)) {
			for (const line of lines) io.stderr(line);
			failed += lines.length;
			finished.delete(printed++);
		}
	};
	const module = new URL('./encode-worker.ts', import.meta.url).href;
	const workers = Array.from(
		{ length: count },
		() => new Worker(new URL('../../bin/tsx-worker.js', import.meta.url), { workerData: { module, settings } })
	);
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
	return failed;
}
