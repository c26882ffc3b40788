#!/usr/bin/env node
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
