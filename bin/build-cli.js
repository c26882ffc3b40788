#!/usr/bin/env node
// Compiles the CLI to plain JavaScript so that `pstudio` starts like a command line tool (tsx transpiling the
// TypeScript at every start cost 0.5-1 s). `npm run build:cli`; `npm ci` / `npm install` run it as `prepare`, and
// bin/pstudio.js runs it when the build is missing or older than a source (a fresh clone whose node_modules were
// already in place, an edited source).
//
// Layout: dist/cli/<build id>/ holds main.js, encode-worker.js (a worker thread's entry, started by
// encode-many.ts beside its own chunk) and the chunks the commands load on demand; dist/cli/current.json names
// the current build and every file it was made from (size and mtime), which is what bin/pstudio.js compares.
// A build goes to a fresh folder and current.json is replaced by rename, so a pstudio that is running, or starts
// meanwhile, never sees half a build; builds are serialised by an exclusive lock file.
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const DIST = join(ROOT, 'dist', 'cli');
export const CURRENT = join(DIST, 'current.json');
const LOCK = join(DIST, '.build.lock');
/** A lock older than this is left over from a build that died; a build takes well under a second. */
const STALE_LOCK_MS = 60_000;
/** Builds other than the current one are removed once this old: a pstudio started from one loads chunks later. */
const KEEP_OLD_BUILDS_MS = 60 * 60_000;
/** Besides what esbuild read: this file (the build settings) and package.json (dependencies). */
const EXTRA_INPUTS = ['bin/build-cli.js', 'package.json'];

/** [path relative to ROOT, size, mtimeMs] of each file, as compared by bin/pstudio.js. */
function stamp(paths, startedAt, finishedAt) {
	return paths.map((path) => {
		const s = statSync(join(ROOT, path));
		// Changed while esbuild was reading it (50 ms either side for the coarser file system clock): what went into
		// the build may be the older text. Recorded as never matching, so the next start builds again.
		const mtime = s.mtimeMs >= startedAt - 50 && s.mtimeMs <= finishedAt + 50 ? -1 : s.mtimeMs;
		return [path, s.size, mtime];
	});
}

/** Takes the build lock; false when another build holds it. */
function lock() {
	mkdirSync(DIST, { recursive: true });
	for (let attempt = 0; attempt < 2; attempt++) {
		try {
			const fd = openSync(LOCK, 'wx');
			writeSync(fd, String(process.pid));
			closeSync(fd);
			return true;
		} catch (err) {
			if (err.code !== 'EEXIST') throw err;
			try {
				if (Date.now() - statSync(LOCK).mtimeMs < STALE_LOCK_MS) return false;
				unlinkSync(LOCK);
			} catch {
				// Released meanwhile: try again.
			}
		}
	}
	return false;
}

/** Whether a build is running now (or died less than STALE_LOCK_MS ago). */
export function lockHeld() {
	try {
		return Date.now() - statSync(LOCK).mtimeMs < STALE_LOCK_MS;
	} catch {
		return false;
	}
}

function removeOldBuilds(keep) {
	for (const name of readdirSync(DIST)) {
		const path = join(DIST, name);
		if (name === keep || name.startsWith('.') || name === 'current.json') continue;
		try {
			if (Date.now() - statSync(path).mtimeMs > KEEP_OLD_BUILDS_MS) rmSync(path, { recursive: true, force: true });
		} catch {
			// Removed by another build meanwhile.
		}
	}
}

/**
 * Builds the CLI. Returns the path of the new main.js, or undefined when another process is building (the
 * caller then runs from source). Throws when esbuild is missing or the sources do not compile.
 */
export async function buildCli({ quiet = false } = {}) {
	if (!lock()) return undefined;
	try {
		const { build } = await import('esbuild');
		const id = `${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
		const outdir = join(DIST, id);
		const startedAt = Date.now();
		const result = await build({
			absWorkingDir: ROOT,
			entryPoints: { main: 'src/cli/main.ts', 'encode-worker': 'src/cli/encode-worker.ts' },
			outdir,
			bundle: true,
			// One chunk per command (main.ts imports them on demand) and shared code in chunks: a command loads
			// only what it uses. Everything lands in outdir itself, so `new URL('./encode-worker.js',
			// import.meta.url)` finds the worker from whichever chunk encode-many.ts ends up in.
			splitting: true,
			format: 'esm',
			platform: 'node',
			target: 'node20',
			// A native addon (pcsclite) cannot be bundled; it is loaded from node_modules as it is.
			external: ['pcsclite'],
			// Not minified: an "internal error" stack names our functions and files (chunk names say which command).
			metafile: true,
			// Quiet (the launcher): esbuild's own stderr would be mixed into the command's; the error is reported once.
			logLevel: quiet ? 'silent' : 'warning'
		});
		// Dependencies change through npm, which rewrites node_modules/.package-lock.json: that one file stands for
		// the ~50 files of node_modules the bundle holds, and keeps the check at every start short.
		const read = Object.keys(result.metafile.inputs).filter((path) => !path.includes(':'));
		const ours = read.filter((path) => !path.startsWith('node_modules/'));
		const npmLock = 'node_modules/.package-lock.json';
		const deps = read.length > ours.length && existsSync(join(ROOT, npmLock)) ? [npmLock] : read.filter((path) => path.startsWith('node_modules/'));
		const inputs = [...ours, ...deps, ...EXTRA_INPUTS];
		const current = { id, inputs: stamp(inputs, startedAt, Date.now()) };
		const temp = `${CURRENT}.${randomBytes(6).toString('hex')}.tmp`;
		writeFileSync(temp, JSON.stringify(current));
		renameSync(temp, CURRENT);
		removeOldBuilds(id);
		if (!quiet) console.error(`pstudio build: ${relative(ROOT, outdir)} (from ${inputs.length} files)`);
		return join(outdir, 'main.js');
	} finally {
		try {
			unlinkSync(LOCK);
		} catch {
			// Already gone: nothing to release.
		}
	}
}

// `node bin/build-cli.js` (npm run build:cli): build now; exit 1 with esbuild's errors when it fails. With
// --prepare (the `prepare` script of npm ci / npm install) a failed build is reported but does not fail the
// install: bin/pstudio.js builds again at the next start, or runs from source.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
	const prepare = process.argv.includes('--prepare');
	if (!existsSync(join(ROOT, 'src', 'cli', 'main.ts'))) {
		console.error('pstudio build: no src/cli/main.ts here, nothing to build');
	} else {
		try {
			const main = await buildCli();
			if (main === undefined) console.error('pstudio build: another build is running; it will do');
		} catch (err) {
			console.error(`pstudio build: ${err instanceof Error ? err.message : String(err)}`);
			if (!prepare) process.exitCode = 1;
		}
	}
}
