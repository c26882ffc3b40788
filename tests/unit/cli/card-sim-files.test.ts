// `pstudio sim --profile / --save` with files that cannot be used: one line, exit 2, before the card is attached
// (issue 8 §3). Port 1 has no vpcd behind it: a sim that got past its checks would wait there for a signal, which
// the timeout turns into a failure instead of a hung test.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listing, tempFolder } from './run-cli';

const LAUNCHER = fileURLToPath(new URL('../../../bin/pstudio.js', import.meta.url));

let dir = '';
let cleanup: () => void = () => undefined;
beforeEach(() => {
	({ dir, cleanup } = tempFolder());
	mkdirSync(join(dir, 'folder'));
});
afterEach(() => cleanup());

function sim(...args: string[]): { code: number | null; stdout: string; stderr: string } {
	const r = spawnSync(process.execPath, [LAUNCHER, 'sim', '--vpcd-port', '1', ...args], { cwd: dir, encoding: 'utf8', timeout: 20_000, killSignal: 'SIGKILL' });
	return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('pstudio sim checks its files before the card is attached', () => {
	it.each([
		['nodir/state.json', 'cannot write: no such file or directory'],
		['folder', 'cannot write: is a folder'],
		// sysfs takes no new files, not even from root.
		['/sys/pstudio-state.json', 'cannot write: permission denied']
	])('--save %s that cannot be written: one line, exit 2, nothing attached', (file, reason) => {
		const before = listing(dir);
		const r = sim('--save', file);
		expect(r.stderr).toBe(`pstudio: ${file}: ${reason}\n`);
		expect(r.code).toBe(2);
		expect(r.stdout).toBe('');
		expect(listing(dir)).toEqual(before);
	});

	it.each([
		['missing.json', 'cannot read: no such file or directory'],
		['folder', 'cannot read: illegal operation on a directory']
	])('--profile %s that cannot be read: one line, exit 2', (file, reason) => {
		const r = sim('--profile', file, '--save', 'state.json');
		expect(r.stderr).toBe(`pstudio: ${file}: ${reason}\n`);
		expect(r.code).toBe(2);
		expect(r.stdout).toBe('');
	});

	it('a --profile that is not a pstudio-sim-profile/1 document: one line naming the field, exit 2', () => {
		writeFileSync(join(dir, 'other.json'), '{"format":"x"}\n');
		const r = sim('--profile', 'other.json');
		expect(r.stderr).toBe('pstudio: other.json: profile field format: expected "pstudio-sim-profile/1", found "x"\n');
		expect(r.code).toBe(2);
		writeFileSync(join(dir, 'cut.json'), '{');
		const cut = sim('--profile', 'cut.json');
		expect(cut.code).toBe(2);
		// The rest of the line is Node's JSON.parse message, which differs between Node versions.
		expect(cut.stderr).toMatch(/^pstudio: cut\.json: profile field \(json\): [^\n]+\n$/);
	});
});
