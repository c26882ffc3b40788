// Issue 8 §11: `pstudio` runs compiled JavaScript (bin/build-cli.js → dist/cli/), built by `npm ci`/`npm install`
// (prepare) or by the launcher itself when the build is missing or older than a source, and it runs without tsx.
// Each test works on a copy of the launcher and the sources in a temp folder: the real dist/ and src/ are shared
// with other runs and are never touched here.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BEARER_DOC, BEARER_WBXML, hex, listing, tempFolder } from './run-cli';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempFolder()));
afterEach(() => cleanup());

/** A checkout in `dir`/repo: bin/, src/, package.json, and node_modules shared with the real one (esbuild, tsx). */
function checkout(): string {
	const repo = join(dir, 'repo');
	mkdirSync(repo);
	for (const name of ['bin', 'src', 'package.json']) cpSync(join(ROOT, name), join(repo, name), { recursive: true });
	symlinkSync(join(ROOT, 'node_modules'), join(repo, 'node_modules'));
	return repo;
}

function run(repo: string, args: string[], cwd = dir): { code: number | null; stdout: string; stderr: string } {
	const r = spawnSync(process.execPath, [join(repo, 'bin', 'pstudio.js'), ...args], { cwd, timeout: 60_000 });
	return { code: r.status, stdout: r.stdout.toString(), stderr: r.stderr.toString() };
}

const currentId = (repo: string): string => (JSON.parse(readFileSync(join(repo, 'dist', 'cli', 'current.json'), 'utf8')) as { id: string }).id;

describe('the pstudio launcher', () => {
	it('builds the compiled CLI on first use when there is none (a fresh clone whose node_modules were in place)', () => {
		const repo = checkout();
		writeFileSync(join(dir, 'in.xml'), BEARER_DOC);
		const r = run(repo, ['encode', 'in.xml', '-o', 'out.wbxml']);
		expect(r).toEqual({ code: 0, stdout: '', stderr: '' });
		expect(hex(readFileSync(join(dir, 'out.wbxml')))).toBe(BEARER_WBXML);
		const id = currentId(repo);
		expect(listing(join(repo, 'dist', 'cli', id))).toContain('main.js');
		expect(listing(join(repo, 'dist', 'cli', id))).toContain('encode-worker.js');
		// The next start finds it current and builds nothing.
		expect(run(repo, ['encode', 'in.xml', '-o', 'again.wbxml']).code).toBe(0);
		expect(currentId(repo)).toBe(id);
	}, 120_000);

	it('builds again when a source changed after the build, and runs the changed source', () => {
		const repo = checkout();
		expect(spawnSync(process.execPath, [join(repo, 'bin', 'build-cli.js')], { timeout: 60_000 }).status).toBe(0);
		const before = currentId(repo);
		const run_ts = join(repo, 'src', 'cli', 'run.ts');
		writeFileSync(run_ts, readFileSync(run_ts, 'utf8').replace('Provisioning Studio, headless:', 'Provisioning Studio (edited), headless:'));
		// An mtime clearly after the build, whatever the file system's timestamp granularity.
		const later = new Date(Date.now() + 5_000);
		utimesSync(run_ts, later, later);
		const r = run(repo, ['--help']);
		expect(r.code).toBe(0);
		expect(r.stdout).toContain('Provisioning Studio (edited), headless:');
		expect(currentId(repo)).not.toBe(before);
	}, 120_000);

	it('runs from the compiled files alone: no sources, no tsx, no node_modules; --out-dir threads included', () => {
		const repo = checkout();
		expect(spawnSync(process.execPath, [join(repo, 'bin', 'build-cli.js')], { timeout: 60_000 }).status).toBe(0);
		// What an installed copy without sources holds: the launcher, the build, package.json ("type": "module").
		const installed = join(dir, 'installed');
		mkdirSync(installed);
		for (const name of ['bin', 'dist', 'package.json']) cpSync(join(repo, name), join(installed, name), { recursive: true });
		rmSync(repo, { recursive: true, force: true });
		mkdirSync(join(dir, 'docs'));
		// 450 files: with --jobs 2 the work is spread over two encoding threads (encode-many.ts, 100 per batch).
		for (let i = 0; i < 450; i++) writeFileSync(join(dir, 'docs', `d${String(i).padStart(3, '0')}.xml`), BEARER_DOC);
		const r = run(installed, ['encode', 'docs', '--out-dir', 'out', '--jobs', '2']);
		expect(r).toEqual({ code: 0, stdout: '', stderr: '' });
		expect(listing(join(dir, 'out'))).toHaveLength(450);
		expect(hex(readFileSync(join(dir, 'out', 'd449.wbxml')))).toBe(BEARER_WBXML);
	}, 120_000);
});
