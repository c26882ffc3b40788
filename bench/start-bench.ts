// Start-up of the CLI (issue 8 §11): the wall time of `pstudio encode one.xml -o one.wbxml` (the installed
// launcher, bin/pstudio.js, running the compiled CLI) against `node -e 0` in the same run. Target: within 2x.
//   npx tsx bench/start-bench.ts [--runs 21]
// Both commands are run in turn (A B A B …) so that a machine getting slower or faster affects both alike; each
// figure is the median of its runs, and the ratio is also taken pair by pair (median of the per-pair ratios).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

function option(name: string, fallback: string): string {
	const at = process.argv.indexOf(name);
	return at >= 0 && at + 1 < process.argv.length ? process.argv[at + 1] : fallback;
}

const RUNS = Number(option('--runs', '21'));
const WARMUP = 3;
const TARGET = 2;
const ROOT = join(import.meta.dirname, '..');
const LAUNCHER = join(ROOT, 'bin', 'pstudio.js');

const median = (values: readonly number[]): number => {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = sorted.length >> 1;
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** Wall milliseconds of one process, which must exit 0. */
function timed(args: readonly string[], cwd: string): number {
	const begin = performance.now();
	const r = spawnSync(process.execPath, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
	const ms = performance.now() - begin;
	if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr.toString()}`);
	return ms;
}

const work = mkdtempSync(join(tmpdir(), 'pstudio-start-bench-'));
try {
	// One real document of the CP corpus (the NAPDEF + APPLICATION example of ORACLES.md §1).
	writeFileSync(join(work, 'one.xml'), readFileSync(join(ROOT, 'tests/fixtures/provcont/oracles-prov.xml')));
	const encode = [LAUNCHER, 'encode', 'one.xml', '-o', 'one.wbxml'];
	const bare = ['-e', '0'];
	// The warm-up also builds the compiled CLI when it is missing or stale, so no timed run includes a build.
	for (let i = 0; i < WARMUP; i++) {
		timed(encode, work);
		timed(bare, work);
	}
	const ours: number[] = [];
	const node: number[] = [];
	const ratios: number[] = [];
	for (let i = 0; i < RUNS; i++) {
		const a = timed(encode, work);
		const b = timed(bare, work);
		ours.push(a);
		node.push(b);
		ratios.push(a / b);
	}
	const ratio = median(ratios);
	console.log(`CLI start-up bench: ${RUNS} runs of each, in turn, after ${WARMUP} warm-up runs (wall time, median [min-max])`);
	const line = (label: string, values: number[]): string =>
		`  ${label}: ${median(values).toFixed(0)} ms [${Math.min(...values).toFixed(0)}-${Math.max(...values).toFixed(0)}]`;
	console.log(line('node bin/pstudio.js encode one.xml -o one.wbxml', ours));
	console.log(line('node -e 0', node));
	console.log(`  ours / node -e 0 = ${ratio.toFixed(2)}x, median of per-pair ratios (target <= ${TARGET}x: ${ratio <= TARGET ? 'met' : 'NOT met'})`);
} finally {
	rmSync(work, { recursive: true, force: true });
}
