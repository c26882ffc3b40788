#!/usr/bin/env -S UV_THREADPOOL_SIZE=64 node
// UV_THREADPOOL_SIZE=64 (on the line above, for Node to read as it starts: libuv sizes its thread pool once, before this
// file runs): every PC/SC call (pcsclite) holds one of those threads while the card works, 4 by default, shared with
// the process's file reads and writes. `batch run` on 4 simulated readers wrote 1.31x one reader's cards with 1 thread
// and 3.91x with 4 (bench/station-bench.ts), so a rig of 8 or 16 readers would have written 4 cards at a time, and a
// card that never answers keeps its thread until it is taken out. `node bin/pstudio.js` keeps the environment's value.
// Launcher for the `pstudio` bin. Runs the compiled CLI (dist/cli/, bin/build-cli.js) when it was built from the
// sources as they are now; otherwise builds it first (a fresh clone, an edited source: about half a second, once);
// when that is not possible (another process is building, esbuild missing, no write access) runs the TypeScript
// through tsx, as `npm run cli` does. Kept small: this file runs at every start.
import { readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist', 'cli');

/** The compiled main.js when current.json lists every input with its size and mtime unchanged, else undefined. */
function currentBuild() {
	let current;
	try {
		current = JSON.parse(readFileSync(join(dist, 'current.json'), 'utf8'));
	} catch {
		return undefined;
	}
	// An installed copy without sources runs what it was shipped with.
	const fromSource = statOrUndefined(join(root, 'src', 'cli', 'main.ts')) !== undefined;
	if (fromSource) {
		for (const [path, size, mtime] of current.inputs) {
			const s = statOrUndefined(join(root, path));
			if (s === undefined || s.size !== size || s.mtimeMs !== mtime) return undefined;
		}
	}
	return join(dist, current.id, 'main.js');
}

function statOrUndefined(path) {
	return statSync(path, { throwIfNoEntry: false });
}

/** Builds now; when another process holds the build lock, waits for its build (up to 20 s) instead. */
async function build() {
	let buildCli, lockHeld;
	try {
		({ buildCli, lockHeld } = await import('./build-cli.js'));
		const main = await buildCli({ quiet: true });
		if (main !== undefined) return main;
		const waitUntil = Date.now() + 20_000;
		const pause = new Int32Array(new SharedArrayBuffer(4));
		while (lockHeld() && Date.now() < waitUntil) Atomics.wait(pause, 0, 0, 25);
		return currentBuild();
	} catch (err) {
		process.stderr.write(`pstudio: running from source (the compiled CLI could not be built: ${err instanceof Error ? err.message.split('\n')[0] : String(err)})\n`);
		return undefined;
	}
}

const main = currentBuild() ?? (await build());
if (main !== undefined) {
	await import(pathToFileURL(main).href);
} else {
	const { register } = await import('tsx/esm/api');
	register();
	await import(pathToFileURL(join(root, 'src', 'cli', 'main.ts')).href);
}
