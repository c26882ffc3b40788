// scripts/lib/run-vitest.sh + count-vitest.mjs decide the closing "N passed, N failed" line of `npm test`.
// Here a stub stands in for vitest: it writes a given report (real vitest output, tests/fixtures/test-script/)
// and exits with a given status; the assertions are the counts a CI reader would see.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const FIXTURES = join(ROOT, 'tests', 'fixtures', 'test-script');

let dir: string;
beforeEach(() => {
	dir = mkdtempSync(join(tmpdir(), 'pstudio-count-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

interface Run {
	/** The report the stub writes (text as is), or null for none. */
	report: string | null;
	status: number;
	minimums?: Record<string, number>;
	skips?: { file: string; test: string; why: string }[];
	/** Folder put first on PATH (a stand-in for a program the script runs). */
	pathFirst?: string;
}

function fixture(name: string): string {
	return readFileSync(join(FIXTURES, name), 'utf8').replaceAll('@ROOT@', ROOT);
}

/** Runs run_vitest as test.sh does, with the stub; returns the totals and the "!!" lines. */
function run(r: Run): { passed: number; failed: number; skipped: number; reasons: string[] } {
	const stub = join(dir, 'vitest-stub.sh');
	if (r.report !== null) writeFileSync(join(dir, 'report.json'), r.report);
	// The stub copies the report to the --outputFile.json=... path it is given, like vitest's json reporter.
	writeFileSync(
		stub,
		`#!/usr/bin/env bash
for a in "$@"; do case "$a" in --outputFile.json=*) out="\${a#--outputFile.json=}";; esac; done
${r.report !== null ? `cp "${join(dir, 'report.json')}" "$out"` : ':'}
exit ${r.status}
`
	);
	chmodSync(stub, 0o755);
	writeFileSync(join(dir, 'minimums.json'), JSON.stringify(r.minimums ?? { pcsc: 1 }));
	writeFileSync(join(dir, 'skips.json'), JSON.stringify(r.skips ?? []));
	const script = `W=${JSON.stringify(dir)}; PASSED=0; FAILED=0; SKIPPED=0; VITEST=${JSON.stringify(stub)}
source scripts/lib/run-vitest.sh
run_vitest stubbed pcsc >/dev/null
echo "TOTALS $PASSED $FAILED $SKIPPED"`;
	const out = execFileSync('bash', ['-c', `{
${script}
} 2>${JSON.stringify(join(dir, 'err.txt'))}`], {
		cwd: ROOT,
		encoding: 'utf8',
		// Its own list of failures: under `npm test` the variable names the run's real list.
		env: {
			...process.env,
			...(r.pathFirst === undefined ? {} : { PATH: `${r.pathFirst}:${process.env.PATH ?? ''}` }),
			PSTUDIO_TEST_MINIMUMS: join(dir, 'minimums.json'),
			PSTUDIO_DECLARED_SKIPS: join(dir, 'skips.json'),
			PSTUDIO_FAILED_LIST: join(dir, 'failed.txt')
		}
	});
	const m = /TOTALS (\d+) (\d+) (\d+)/.exec(out);
	if (!m) throw new Error(`no totals in ${out}`);
	const reasons = readFileSync(join(dir, 'err.txt'), 'utf8')
		.split('\n')
		.filter((l) => l.startsWith('!!'));
	return { passed: Number(m[1]), failed: Number(m[2]), skipped: Number(m[3]), reasons };
}

describe('the closing count of npm test', () => {
	it('counts a whole passing report as its passed tests and nothing else', () => {
		expect(run({ report: fixture('passing.json'), status: 0, minimums: { pcsc: 2 } })).toEqual({ passed: 2, failed: 0, skipped: 0, reasons: [] });
	});

	it('counts a truncated report with vitest exit 1 as one failure, not "0 passed, 0 failed"', () => {
		const whole = fixture('passing.json');
		const r = run({ report: whole.slice(0, Math.floor(whole.length / 2)), status: 1 });
		expect([r.passed, r.failed]).toEqual([0, 1]);
		expect(r.reasons).toHaveLength(1);
		expect(r.reasons[0]).toMatch(/^!! the vitest report .*vitest-stubbed\.json is not JSON \(.*\) \(vitest exit status 1\): nothing it ran is counted as passed$/);
	});

	it('counts a truncated report even when vitest exited 0', () => {
		const whole = fixture('passing.json');
		expect(run({ report: whole.slice(0, 200), status: 0 })).toMatchObject({ passed: 0, failed: 1 });
	});

	it('refuses a report whose test list disagrees with its totals (cut between two tests)', () => {
		const report = JSON.parse(fixture('mixed.json')) as { testResults: { assertionResults: unknown[] }[] };
		report.testResults[0].assertionResults.pop();
		const r = run({ report: JSON.stringify(report), status: 1 });
		expect([r.passed, r.failed]).toEqual([0, 1]);
		expect(r.reasons).toEqual([
			`!! the vitest report ${join(dir, 'vitest-stubbed.json')} is cut or malformed: numTotalTests is 2 but the report lists 1 tests (vitest exit status 1); nothing in it is counted as passed`
		]);
	});

	it('counts a missing report as one failure', () => {
		const r = run({ report: null, status: 1 });
		expect([r.passed, r.failed]).toEqual([0, 1]);
		expect(r.reasons[0]).toMatch(/^!! the vitest report .*vitest-stubbed\.json cannot be read \(ENOENT\) \(vitest exit status 1\)/);
	});

	it('counts every test a failing beforeAll skipped, the file itself, and undeclared skip/todo as failures', () => {
		const r = run({ report: fixture('failing-hook.json'), status: 1 });
		// 1 passed; "hooked one", "hooked two" (skipped by the hook), "skipped" (it.skip), "todo" (it.todo):
		// 4 undeclared; the file failed without a failed test: 1 more.
		expect([r.passed, r.failed, r.skipped]).toEqual([1, 5, 4]);
		expect(r.reasons).toEqual([
			'!! tests/pcsc/a.test.ts > hooked one: skipped, and tests/declared-skips.json does not declare it',
			'!! tests/pcsc/a.test.ts > hooked two: skipped, and tests/declared-skips.json does not declare it',
			'!! tests/pcsc/a.test.ts > skipped: skipped, and tests/declared-skips.json does not declare it',
			'!! tests/pcsc/a.test.ts > todo: todo, and tests/declared-skips.json does not declare it',
			'!! tests/pcsc/a.test.ts: the file failed without a failed test: a hook or the file itself failed (see the output above)'
		]);
	});

	it('shows declared skips without failing them, but still fails the file whose hook threw', () => {
		const why = 'reason written here';
		const skips = ['skipped', 'todo', 'hooked one', 'hooked two'].map((test) => ({ file: 'tests/pcsc/a.test.ts', test, why }));
		const r = run({ report: fixture('failing-hook.json'), status: 1, skips });
		expect([r.passed, r.failed, r.skipped]).toEqual([1, 1, 4]);
	});

	it('counts a file that cannot load as a failure beside the failed test', () => {
		const r = run({ report: fixture('mixed.json'), status: 1 });
		expect([r.passed, r.failed]).toEqual([1, 2]);
		expect(r.reasons).toEqual([`!! tests/pcsc/c.test.ts: the file failed without a failed test: Cannot find module './missing-module' imported from ${ROOT}/tests/pcsc/c.test.ts`]);
	});

	it('lists every failure, a failed test with the first line of its message, for test.sh to print again at the end', () => {
		run({ report: fixture('mixed.json'), status: 1 });
		expect(readFileSync(join(dir, 'failed.txt'), 'utf8')).toBe(
			'FAIL tests/pcsc/b.test.ts > fails: AssertionError: expected 2 to be 3 // Object.is equality\n' +
				`!! tests/pcsc/c.test.ts: the file failed without a failed test: Cannot find module './missing-module' imported from ${ROOT}/tests/pcsc/c.test.ts\n`
		);
	});

	it('counts, and lists, a counter that does not answer three numbers (node broken) as one failure', () => {
		// A `node` that fails as a broken install would: the counter's answer cannot be trusted.
		const bin = join(dir, 'bin');
		mkdirSync(bin);
		writeFileSync(join(bin, 'node'), '#!/usr/bin/env bash\necho "node: broken"\nexit 3\n');
		chmodSync(join(bin, 'node'), 0o755);
		const r = run({ report: fixture('passing.json'), status: 0, minimums: { pcsc: 2 }, pathFirst: bin });
		const why = '!! vitest (stubbed): the report could not be counted (counter status 3, output "node: broken")';
		expect(r).toEqual({ passed: 0, failed: 1, skipped: 0, reasons: [why] });
		expect(readFileSync(join(dir, 'failed.txt'), 'utf8')).toBe(`${why}\n`);
	});

	it('fails a project that ran fewer tests than its minimum (an empty glob passes vitest)', () => {
		const r = run({ report: fixture('empty.json'), status: 0, minimums: { pcsc: 39 } });
		expect([r.passed, r.failed]).toEqual([0, 1]);
		expect(r.reasons).toEqual(['!! project pcsc ran 0 tests, fewer than the 39 of tests/minimums.json (a lost file or an empty glob?)']);
	});

	it('fails a project with no minimum on record', () => {
		const r = run({ report: fixture('passing.json'), status: 0, minimums: {} });
		expect(r.reasons).toEqual(['!! tests/minimums.json has no minimum for project pcsc']);
		expect(r.failed).toBe(1);
	});

	it('counts a non-zero exit with a clean report (an unhandled error between tests) as a failure', () => {
		const r = run({ report: fixture('passing.json'), status: 1, minimums: { pcsc: 2 } });
		expect([r.passed, r.failed]).toEqual([2, 1]);
		expect(r.reasons).toEqual(['!! vitest exited with status 1, but its report shows no failure (an unhandled error?)']);
	});
});
