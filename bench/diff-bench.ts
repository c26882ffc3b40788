// Configuration diff (issue 4, Performance): diff(current, wanted, ddf) of two ~10,000-node DM trees (bench/diff-trees.ts)
// — time and memory — against a naive baseline written here: a plain Map key/value compare, no canonical values,
// no subtree collapsing, no ordering. Each side runs in its own child process (same trees, same seed) so that
// the peak RSS of one is not the peak of the other.
//   npx tsx bench/diff-bench.ts [--nodes 10000] [--runs 5]
import { execFileSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { applyCommands, diff, dmAccSchema, dmTree, parseDdf, treesEquivalent, type DmTree, type DmValue } from '../src/lib/documents/ddf';
import { treePair, VENDOR_DDF, type Expected } from './diff-trees';
import { option } from './options';

const NODES = Number(option('--nodes', '10000'));
const RUNS = Number(option('--runs', '5'));
const WORKER = option('--worker', '');

type Op = 'Add' | 'Replace' | 'Delete';

interface WorkerResult {
	side: 'ours' | 'naive';
	nodes: { current: number; wanted: number };
	ms: number[];
	/** heapUsed after minus before one run (gc() before it): what the run allocated and had not yet freed. */
	heapDelta: number[];
	/** heapUsed after gc() with the result still referenced, minus before: what the result keeps. */
	retained: number[];
	/** process.resourceUsage().maxRSS in KiB, once the trees are built and at the end. */
	maxRssAfterTrees: number;
	maxRssAtEnd: number;
	counts: Record<Op, number>;
	checked: string;
}

// The baseline: what one writes without a DDF — textual compare of two maps, one command per differing key.
function naiveDiff(current: DmTree, wanted: DmTree): { op: Op; uri: string; value?: DmValue }[] {
	const commands: { op: Op; uri: string; value?: DmValue }[] = [];
	for (const [uri, value] of current) {
		if (!wanted.has(uri)) commands.push({ op: 'Delete', uri });
		else if (wanted.get(uri) !== value) commands.push({ op: 'Replace', uri, value: wanted.get(uri) });
	}
	for (const [uri, value] of wanted) if (!current.has(uri)) commands.push({ op: 'Add', uri, value });
	return commands;
}

function count(commands: readonly { op: Op }[]): Record<Op, number> {
	const out: Record<Op, number> = { Add: 0, Replace: 0, Delete: 0 };
	for (const c of commands) out[c.op]++;
	return out;
}

function gc(): void {
	const collect = (globalThis as { gc?: () => void }).gc;
	if (!collect) throw new Error('run the worker with --expose-gc');
	collect();
	collect();
}

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)];
}

function worker(side: 'ours' | 'naive'): WorkerResult {
	const pair = treePair(NODES);
	const current = dmTree(pair.current);
	const wanted = dmTree(pair.wanted);
	const ddf = [dmAccSchema(), parseDdf(VENDOR_DDF)];
	const run = side === 'ours' ? () => diff(current, wanted, ddf) : () => naiveDiff(current, wanted);
	gc();
	const maxRssAfterTrees = process.resourceUsage().maxRSS;

	run(); // warm-up (JIT), not measured
	const ms: number[] = [];
	const heapDelta: number[] = [];
	const retained: number[] = [];
	let result: { op: Op }[] = [];
	for (let i = 0; i < RUNS; i++) {
		result = [];
		gc();
		const before = process.memoryUsage().heapUsed;
		const start = performance.now();
		result = run();
		ms.push(performance.now() - start);
		heapDelta.push(process.memoryUsage().heapUsed - before);
		gc();
		retained.push(process.memoryUsage().heapUsed - before);
	}
	const maxRssAtEnd = process.resourceUsage().maxRSS;

	const counts = count(result);
	let checked: string;
	if (side === 'ours') {
		// Correct and minimal: applying the commands to current gives a tree canonically equal to wanted, and
		// the counts are those the generator recorded while making the changes.
		const applied = applyCommands(current, diff(current, wanted, ddf));
		if (!treesEquivalent(applied, wanted, ddf)) throw new Error('diff(current, wanted) applied to current is not equivalent to wanted');
		for (const op of ['Add', 'Replace', 'Delete'] as const) {
			if (counts[op] !== pair.expected[op]) throw new Error(`diff gave ${counts[op]} ${op} commands; the generator made ${pair.expected[op]}`);
		}
		checked = 'applied to current it gives a tree canonically equal to wanted; command counts equal the generator\'s';
	} else {
		checked = 'plain Map compare';
	}
	return { side, nodes: { current: current.size, wanted: wanted.size }, ms, heapDelta, retained, maxRssAfterTrees, maxRssAtEnd, counts, checked };
}

function spawnWorker(side: 'ours' | 'naive'): WorkerResult {
	// process.execArgv carries tsx's loader flags, so the child runs this same TypeScript file.
	const out = execFileSync(process.execPath, [...process.execArgv, '--expose-gc', import.meta.filename, '--worker', side, '--nodes', String(NODES), '--runs', String(RUNS)], {
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'inherit']
	});
	return JSON.parse(out) as WorkerResult;
}

const mib = (bytes: number): string => `${(bytes / 1048576).toFixed(1)} MiB`;

if (WORKER === 'ours' || WORKER === 'naive') {
	process.stdout.write(JSON.stringify(worker(WORKER)));
} else {
	const ours = spawnWorker('ours');
	const naive = spawnWorker('naive');
	const expected: Expected = treePair(NODES).expected;
	console.log(
		`diff bench: current ${ours.nodes.current} nodes, wanted ${ours.nodes.wanted} nodes (./DMAcc accounts + a vendor MO of typed leaves), ` +
			`median of ${RUNS} runs after 1 warm-up, each side in its own process`
	);
	console.log(
		`  changes made: ${expected.Add} nodes added, ${expected.Replace} values changed, ${expected.Delete} subtrees/leaves removed, ` +
			`${expected.representationOnly} values rewritten in another representation only`
	);
	for (const r of [ours, naive]) {
		const label = r.side === 'ours' ? 'ours  diff(current, wanted, [DMAcc, vendor DDF])' : 'naive Map compare (no DDF)';
		console.log(
			`  ${label}: ${median(r.ms).toFixed(1)} ms (runs ${r.ms.map((m) => m.toFixed(1)).join(' ')}); ` +
				`heapUsed delta ${mib(median(r.heapDelta))}, retained after gc ${mib(median(r.retained))}; ` +
				`peak RSS ${mib(r.maxRssAtEnd * 1024)} (${mib((r.maxRssAtEnd - r.maxRssAfterTrees) * 1024)} above the trees alone); ` +
				`commands Add ${r.counts.Add} Replace ${r.counts.Replace} Delete ${r.counts.Delete} = ${r.counts.Add + r.counts.Replace + r.counts.Delete}`
		);
	}
	const ratio = median(ours.ms) / median(naive.ms);
	console.log(`  time ours/naive = ${ratio.toFixed(1)}x; peak RSS ours/naive = ${(ours.maxRssAtEnd / naive.maxRssAtEnd).toFixed(2)}x`);
	console.log(`  checked (ours): ${ours.checked}`);
}
