// Counts one vitest JSON report for scripts/test.sh, so that the closing "N passed, N failed" line cannot read
// "0 failed" over something that did not pass. Plain Node (no dependencies): it must run even when
// node_modules is broken.
//
//   node scripts/lib/count-vitest.mjs <report.json> <vitest exit status> <project,project,...>
//
// Prints "<passed> <failed> <skipped>" on stdout (one line, always three integers) and one "!! ..." line on
// stderr for every failure that is not a failed assertion (a failed assertion vitest already printed).
// What counts as a failure, beyond a failed test:
// - a report that is missing, empty, not JSON, or not of vitest's shape (then nothing in it is trusted);
// - a test file that failed without a failed test (import error, a throwing beforeAll/afterAll: vitest then
//   reports the file's tests as "skipped");
// - each skipped or todo test that tests/declared-skips.json does not declare (with the reason it is skipped);
// - a project that ran fewer tests than tests/minimums.json expects of it (a lost file, an empty glob);
// - a non-zero vitest exit status when the report shows no failure (an unhandled error between tests).
// PSTUDIO_TEST_MINIMUMS / PSTUDIO_DECLARED_SKIPS point elsewhere (the script's own test).
import { appendFileSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const [reportPath, statusText, projectList] = process.argv.slice(2);

let failed = 0;
let passed = 0;
let skipped = 0;

// PSTUDIO_FAILED_LIST names a file that gets one line per failure of any kind: test.sh prints it again just
// before its closing line, since a failed test's own output may be thousands of lines further up the log.
function listFailure(line) {
	const list = process.env.PSTUDIO_FAILED_LIST;
	if (list) appendFileSync(list, `${line}\n`);
}

function fail(why) {
	failed += 1;
	process.stderr.write(`!! ${why}\n`);
	listFailure(`!! ${why}`);
}

/** The first line of a failed test's first message, for the list of failures. */
function firstMessageLine(a) {
	const m = Array.isArray(a.failureMessages) && typeof a.failureMessages[0] === 'string' ? a.failureMessages[0].trim() : '';
	return m === '' ? '(no message)' : m.split('\n')[0].slice(0, 300);
}

function readJson(path, what) {
	let text;
	try {
		text = readFileSync(path, 'utf8');
	} catch (e) {
		return { error: `${what} ${path} cannot be read (${e.code ?? e.message})` };
	}
	if (text.trim() === '') return { error: `${what} ${path} is empty` };
	try {
		return { value: JSON.parse(text) };
	} catch (e) {
		return { error: `${what} ${path} is not JSON (${e.message})` };
	}
}

/** "…/tests/pcsc/x.test.ts" → "pcsc": the vitest projects are the folders under tests/ (vitest.config.ts). */
function projectOf(file) {
	const m = /(?:^|\/)tests\/([^/]+)\//.exec(file.replaceAll('\\', '/'));
	return m ? m[1] : '(outside tests/)';
}

const STATUSES = new Set(['passed', 'failed', 'skipped', 'pending', 'todo', 'disabled']);

/** Why a report is not one vitest wrote whole, or null when its shape is right. */
function shapeProblem(r) {
	if (typeof r !== 'object' || r === null || Array.isArray(r)) return 'it is not a JSON object';
	for (const k of ['numTotalTests', 'numPassedTests', 'numFailedTests']) {
		if (!Number.isInteger(r[k]) || r[k] < 0) return `${k} is missing or not a count`;
	}
	if (!Array.isArray(r.testResults)) return 'testResults is missing';
	let total = 0;
	for (const [i, f] of r.testResults.entries()) {
		if (typeof f !== 'object' || f === null || typeof f.name !== 'string' || typeof f.status !== 'string') return `testResults[${i}] has no name or status`;
		if (!Array.isArray(f.assertionResults)) return `testResults[${i}] (${f.name}) has no assertionResults`;
		for (const [j, a] of f.assertionResults.entries()) {
			if (typeof a !== 'object' || a === null || !STATUSES.has(a.status) || typeof a.fullName !== 'string') {
				return `testResults[${i}].assertionResults[${j}] has no known status or name`;
			}
		}
		total += f.assertionResults.length;
	}
	// The totals and the per-test list are written by different code in the reporter: a cut or edited report
	// rarely keeps them in agreement.
	if (total !== r.numTotalTests) return `numTotalTests is ${r.numTotalTests} but the report lists ${total} tests`;
	return null;
}

function declaredSkips() {
	const read = readJson(process.env.PSTUDIO_DECLARED_SKIPS ?? join(ROOT, 'tests', 'declared-skips.json'), 'the skip list');
	if (read.error) {
		fail(read.error);
		return new Map();
	}
	const out = new Map();
	if (!Array.isArray(read.value)) {
		fail('tests/declared-skips.json must be an array of { "file", "test", "why" }');
		return out;
	}
	for (const d of read.value) {
		if (d && typeof d.file === 'string' && typeof d.test === 'string' && typeof d.why === 'string' && d.why.trim() !== '') {
			out.set(`${d.file}\u0000${d.test}`, d.why);
		} else fail(`tests/declared-skips.json: ${JSON.stringify(d)} needs "file", "test" and a non-empty "why"`);
	}
	return out;
}

function minimums() {
	const read = readJson(process.env.PSTUDIO_TEST_MINIMUMS ?? join(ROOT, 'tests', 'minimums.json'), 'the minimum counts');
	if (read.error) {
		fail(read.error);
		return {};
	}
	return read.value;
}

const status = Number.parseInt(statusText ?? '', 10);
const projects = (projectList ?? '').split(',').filter((p) => p !== '');
const read = readJson(reportPath ?? '', 'the vitest report');
const problem = read.error ?? shapeProblem(read.value);
if (problem) {
	fail(read.error ? `${problem} (vitest exit status ${statusText}): nothing it ran is counted as passed` : `the vitest report ${reportPath} is cut or malformed: ${problem} (vitest exit status ${statusText}); nothing in it is counted as passed`);
} else {
	const report = read.value;
	const skips = declaredSkips();
	const perProject = new Map(projects.map((p) => [p, 0]));
	let failedTests = 0;
	for (const file of report.testResults) {
		const rel = relative(ROOT, file.name);
		const project = projectOf(rel);
		perProject.set(project, (perProject.get(project) ?? 0) + file.assertionResults.length);
		let failedHere = 0;
		for (const a of file.assertionResults) {
			if (a.status === 'passed') passed += 1;
			else if (a.status === 'failed') {
				failed += 1;
				failedHere += 1;
				listFailure(`FAIL ${rel} > ${a.fullName}: ${firstMessageLine(a)}`);
			} else {
				skipped += 1;
				const why = skips.get(`${rel}\u0000${a.fullName}`);
				if (why === undefined) fail(`${rel} > ${a.fullName}: ${a.status}, and tests/declared-skips.json does not declare it`);
			}
		}
		failedTests += failedHere;
		if (file.status === 'failed' && failedHere === 0) {
			const message = typeof file.message === 'string' && file.message.trim() !== '' ? file.message.trim().split('\n')[0] : 'a hook or the file itself failed (see the output above)';
			fail(`${rel}: the file failed without a failed test: ${message}`);
		}
	}
	const expected = minimums();
	for (const p of projects) {
		const want = expected[p];
		const ran = perProject.get(p) ?? 0;
		if (!Number.isInteger(want)) fail(`tests/minimums.json has no minimum for project ${p}`);
		else if (ran < want) fail(`project ${p} ran ${ran} tests, fewer than the ${want} of tests/minimums.json (a lost file or an empty glob?)`);
	}
	for (const [p, n] of perProject) if (!projects.includes(p) && n > 0) fail(`${n} tests ran outside the projects of this run (${p})`);
	if (status !== 0 && failed === 0) fail(`vitest exited with status ${statusText}, but its report shows no failure (an unhandled error?)`);
	if (Number.isNaN(status)) fail(`vitest's exit status "${statusText}" is not a number`);
	// The report's own count of failures must agree with the list we read.
	if (report.numFailedTests !== failedTests) fail(`the report says ${report.numFailedTests} failed tests but lists ${failedTests}`);
}
process.stdout.write(`${passed} ${failed} ${skipped}\n`);
