// Folder throughput of the CLI: one `pstudio encode DIR --out-dir OUT` process over many files, against the usual
// way to do the same with libwbxml, a shell loop running xml2wbxml once per file.
//   npx tsx bench/cli-bench.ts [--files 10000] [--loop-files 1000]
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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

const work = mkdtempSync(join(tmpdir(), 'pstudio-cli-bench-'));
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
	const ours = join(work, 'out-ours');
	let start = performance.now();
	execFileSync(launcher.command, [...launcher.args, 'encode', input, '--out-dir', ours], { stdio: ['ignore', 'ignore', 'inherit'] });
	const oursSeconds = (performance.now() - start) / 1000;
	const written = readdirSync(ours).filter((n) => n.endsWith('.wbxml')).length;
	if (written !== FILES) throw new Error(`pstudio wrote ${written} of ${FILES} files`);

	// xml2wbxml prints "xml2wbxml succeeded" on stderr for every file; discarded. Exit status is 0 even on a
	// missing input (ORACLES.md §1), so the outputs are counted instead.
	const theirs = join(work, 'out-xml2wbxml');
	mkdirSync(theirs);
	const loop = 'for f in "$1"/*.xml; do b=${f##*/}; xml2wbxml -o "$2/${b%.xml}.wbxml" "$f" 2>/dev/null; done';
	start = performance.now();
	execFileSync('bash', ['-c', loop, 'loop', loopInput, theirs], { stdio: 'inherit' });
	const loopSeconds = (performance.now() - start) / 1000;
	const loopWritten = readdirSync(theirs).filter((n) => n.endsWith('.wbxml')).length;
	if (loopWritten !== LOOP_FILES) throw new Error(`xml2wbxml loop wrote ${loopWritten} of ${LOOP_FILES} files`);

	const oursRate = FILES / oursSeconds;
	const loopRate = LOOP_FILES / loopSeconds;
	const ratio = oursRate / loopRate;
	console.log(`CLI folder bench: ${FILES} CP documents in one folder`);
	console.log(`  ${launcher.label} encode DIR --out-dir OUT: ${oursSeconds.toFixed(2)} s, ${Math.round(oursRate)} files/s (one process, startup included)`);
	const scaled = LOOP_FILES < FILES ? `; timed on the first ${LOOP_FILES} files and scaled linearly to ${FILES}: ${(loopSeconds * (FILES / LOOP_FILES)).toFixed(2)} s` : '';
	console.log(`  shell loop of xml2wbxml, one process per file: ${loopSeconds.toFixed(2)} s for ${LOOP_FILES} files, ${Math.round(loopRate)} files/s${scaled}`);
	console.log(`  ours / xml2wbxml loop = ${ratio.toFixed(1)}x (target >= ${TARGET}x: ${ratio >= TARGET ? 'met' : 'NOT met'})`);
} finally {
	rmSync(work, { recursive: true, force: true });
}
