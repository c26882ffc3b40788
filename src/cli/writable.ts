// Whether an output can be written, found out before a card is touched: a trace, a read-back document or a saved
// simulator state that cannot be stored must not cost the card operation (or a key try) first and then fail.
// The check creates nothing that stays: a probe file is made exclusively and removed at once.
import { randomBytes } from 'node:crypto';
import { accessSync, closeSync, constants, lstatSync, openSync, readlinkSync, realpathSync, statSync, unlinkSync, type Stats } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { FileError } from './io';

/** Node's "ENOENT: no such file or directory, open 'x'" → "no such file or directory" (the form io.ts reports). */
function reason(err: unknown): string {
	if (err instanceof Error) {
		const m = /^[A-Z]+: ([^,]+)/.exec(err.message);
		return m ? m[1] : err.message;
	}
	return String(err);
}

function errno(err: unknown): string | undefined {
	return (err as NodeJS.ErrnoException | undefined)?.code;
}

function statOrMissing(path: string, file: string): Stats | undefined {
	try {
		return statSync(path);
	} catch (err) {
		if (errno(err) === 'ENOENT') return undefined;
		throw new FileError(file, `cannot write: ${reason(err)}`);
	}
}

/**
 * Creates and removes a hidden file in `folder`: the real test of "a new file can be made here" (permissions,
 * read-only mounts, /sys, a path through a regular file), where access(2) would say yes to root. Exclusive and
 * randomly named, so it can never meet an existing file or a planted link.
 */
function probeFolder(folder: string, file: string): void {
	const probe = join(folder, `.pstudio-probe-${randomBytes(8).toString('hex')}`);
	try {
		closeSync(openSync(probe, 'wx', 0o600));
	} catch (err) {
		throw new FileError(file, `cannot write: ${reason(err)}`);
	}
	try {
		unlinkSync(probe);
	} catch {
		// Made a moment ago by us in a folder we may write: removal only fails if someone else removed it first.
	}
}

/** The folder a new `file` lands in: beside it, or beside the target of a dangling link (io.ts follows links). */
function folderOfNew(file: string): string {
	try {
		if (lstatSync(file).isSymbolicLink()) return dirname(resolve(dirname(file), readlinkSync(file)));
	} catch {
		// No such name at all: the file is created beside where it is named.
	}
	return dirname(file);
}

/**
 * Throws a FileError (`<file>: cannot write: …`) unless writeAtomic(file) can be expected to succeed: `file` is not a
 * folder; an existing device or FIFO opens for writing (it is written in place); otherwise a new file can be made in
 * the folder the result goes to.
 */
export function checkWritable(file: string): void {
	const target = statOrMissing(file, file);
	if (target?.isDirectory()) throw new FileError(file, 'cannot write: is a folder');
	if (target?.isSocket()) throw new FileError(file, 'cannot write: is a socket');
	if (target && !target.isFile()) {
		try {
			accessSync(file, constants.W_OK);
		} catch (err) {
			throw new FileError(file, `cannot write: ${reason(err)}`);
		}
		return;
	}
	probeFolder(target ? dirname(realpathSync(file)) : folderOfNew(file), file);
}

/**
 * Throws a FileError unless files can be written into `folder`, or it can be made (`mkdir -p`, as io.ts makeFolder
 * does): then a new entry must be possible in its nearest existing ancestor, which must be a folder. Returns
 * whether it must be created; the caller creates it only once there is something to put in it.
 */
export function checkFolder(folder: string): { create: boolean } {
	const found = statOrMissing(folder, folder);
	if (found && !found.isDirectory()) throw new FileError(folder, 'cannot write into it: not a folder');
	if (found) {
		probeFolder(folder, folder);
		return { create: false };
	}
	let at = dirname(resolve(folder));
	for (let above = statOrMissing(at, folder); ; above = statOrMissing(at, folder)) {
		if (above) {
			if (!above.isDirectory()) throw new FileError(folder, `cannot create folder: ${at} is not a folder`);
			probeFolder(at, folder);
			return { create: true };
		}
		at = dirname(at);
	}
}
