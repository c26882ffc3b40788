// Folder throughput of the CLI: one `pstudio encode DIR --out-dir OUT` process over many files, against the usual
// way to do the same with libwbxml, a shell loop running xml2wbxml once per file.
//   npx tsx bench/cli-bench.ts [--files 10000] [--loop-files 1000]
// Both run on tmpfs (/dev/shm) when there is one, or under BENCH_DIR: on this machine's ext4 a file create or rename
// costs 0.1-0.5 ms of kernel time with swings of 10x between runs, which would measure the disk, not the tools.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { workload } from './corpus';

function option(name: string, fallback: string): string {
	const at = process.argv.indexOf(name);
	return at >= 0 && at + 1 < process.argv.length ? process.argv[at + 1] : fallback;
}

const FILES = Number(option('--files', '10000'));
const LOOP_FILES = Math.min(FILES, Number(option('--loop-files', '1000')));
const TARGET = 20;
const ROOT = join(import.meta.dirname, '..');

const base = process.env.BENCH_DIR ?? (existsSync('/dev/shm') ? '/dev/shm' : tmpdir());
const work = mkdtempSync(join(base, 'pstudio-cli-bench-'));
try {
	const input = join(work, 'in');
	const loopInput = join(work, 'in-loop');
	mkdirSync(input);
	mkdirSync(loopInput);
	workload(FILES).forEach((text, i) => {
		const name = `doc-${String(i).padStart(5, '0')}.xml`;
		writeFileSync(join(input, name), text);
		if (i < LOOP_FILES) writeFileSync(join(loopInput, name), text);
	});

	// The packaged launcher when it exists (what a user runs), else tsx on the entry point; both start one node.
	const launcher = existsSync(join(ROOT, 'bin/pstudio.js'))
		? { command: process.execPath, args: [join(ROOT, 'bin/pstudio.js')], label: 'node bin/pstudio.js' }
		: { command: 'npx', args: ['tsx', join(ROOT, 'src/cli/main.ts')], label: 'npx tsx src/cli/main.ts' };
	// Default threads (one per CPU), then one thread (--jobs 1, how the CLI ran before it used threads).
	const runOurs = (out: string, extra: string[]): number => {
		const begin = performance.now();
		execFileSync(launcher.command, [...launcher.args, 'encode', input, '--out-dir', out, ...extra], { stdio: ['ignore', 'ignore', 'inherit'] });
		const seconds = (performance.now() - begin) / 1000;
		const written = readdirSync(out).filter((n) => n.endsWith('.wbxml')).length;
		if (written !== FILES) throw new Error(`pstudio wrote ${written} of ${FILES} files`);
		return seconds;
	};
	const oursSeconds = runOurs(join(work, 'out-ours'), []);
	const oneThreadSeconds = runOurs(join(work, 'out-ours-j1'), ['--jobs', '1']);

	// xml2wbxml prints "xml2wbxml succeeded" on stderr for every file; discarded. Exit status is 0 even on a
	// missing input (ORACLES.md §1), so the outputs are counted instead.
	const theirs = join(work, 'out-xml2wbxml');
	mkdirSync(theirs);
	const loop = 'for f in "$1"/*.xml; do b=${f##*/}; xml2wbxml -o "$2/${b%.xml}.wbxml" "$f" 2>/dev/null; done';
	const start = performance.now();
	execFileSync('bash', ['-c', loop, 'loop', loopInput, theirs], { stdio: 'inherit' });
	const loopSeconds = (performance.now() - start) / 1000;
	const loopWritten = readdirSync(theirs).filter((n) => n.endsWith('.wbxml')).length;
	if (loopWritten !== LOOP_FILES) throw new Error(`xml2wbxml loop wrote ${loopWritten} of ${LOOP_FILES} files`);

	const oursRate = FILES / oursSeconds;
	const loopRate = LOOP_FILES / loopSeconds;
	const ratio = oursRate / loopRate;
	console.log(`CLI folder bench: ${FILES} CP documents in one folder, under ${base}`);
	console.log(`  ${launcher.label} encode DIR --out-dir OUT: ${oursSeconds.toFixed(2)} s, ${Math.round(oursRate)} files/s (one process, ${availableParallelism()} threads, startup included)`);
	console.log(`  the same with --jobs 1: ${oneThreadSeconds.toFixed(2)} s, ${Math.round(FILES / oneThreadSeconds)} files/s (threads gain ${(oneThreadSeconds / oursSeconds).toFixed(2)}x)`);
	const scaled = LOOP_FILES < FILES ? `; timed on the first ${LOOP_FILES} files and scaled linearly to ${FILES}: ${(loopSeconds * (FILES / LOOP_FILES)).toFixed(2)} s` : '';
	console.log(`  shell loop of xml2wbxml, one process per file: ${loopSeconds.toFixed(2)} s for ${LOOP_FILES} files, ${Math.round(loopRate)} files/s${scaled}`);
	console.log(`  ours / xml2wbxml loop = ${ratio.toFixed(1)}x (target >= ${TARGET}x: ${ratio >= TARGET ? 'met' : 'NOT met'})`);
} finally {
	rmSync(work, { recursive: true, force: true });
}
