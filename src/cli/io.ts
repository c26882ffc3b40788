// File system edges of the CLI. Synchronous throughout: the files are small, and a big folder is spread over
// worker threads (encode-many.ts) rather than over pending promises.
import { closeSync, openSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** A file that could not be read or written: reported as `pstudio: <file>: <message>`. */
export class FileError extends Error {
	override readonly name = 'FileError';
	constructor(
		readonly file: string,
		message: string
	) {
		super(message);
	}
}

/** Node's "ENOENT: no such file or directory, open 'x'" → "no such file or directory". */
function reason(err: unknown): string {
	if (err instanceof Error) {
		const m = /^[A-Z]+: ([^,]+)/.exec(err.message);
		return m ? m[1] : err.message;
	}
	return String(err);
}

/** Reads a file, or all of stdin for '-'. */
export function readInput(file: string): Uint8Array {
	try {
		// fd 0 works for pipes and redirected files alike.
		return new Uint8Array(readFileSync(file === '-' ? 0 : file));
	} catch (err) {
		throw new FileError(file, `cannot read: ${reason(err)}`);
	}
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Reads a text input as UTF-8 (a BOM is dropped); bytes that are not UTF-8 are a FileError, not mojibake. */
export function readTextInput(file: string): string {
	const bytes = readInput(file);
	try {
		return utf8.decode(bytes);
	} catch {
		throw new FileError(file, 'not valid UTF-8 text');
	}
}

/** Hidden, in the target's folder (rename is only atomic within one file system), unique per process. */
function tempNameFor(file: string): string {
	return join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
}

/**
 * Writes all bytes or nothing: a temp file beside the target, then rename (atomic within one file system),
 * so a crash or a full disk never leaves a truncated .wbxml behind.
 */
export function writeAtomic(file: string, data: Uint8Array | string): void {
	const tmp = tempNameFor(file);
	const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
	try {
		const fd = openSync(tmp, 'w');
		try {
			let done = 0;
			while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done);
		} finally {
			closeSync(fd);
		}
		renameSync(tmp, file);
	} catch (err) {
		try {
			unlinkSync(tmp);
		} catch {
			// The temp file was never created: nothing to clean up.
		}
		throw new FileError(file, `cannot write: ${reason(err)}`);
	}
}

export function isDirectory(path: string): boolean {
	try {
		return statSync(path).isDirectory();
	} catch {
		return false;
	}
}

/** The *.xml files directly inside a folder, sorted so runs and reports are reproducible. */
export function xmlFilesIn(folder: string): string[] {
	let names: string[];
	try {
		names = readdirSync(folder);
	} catch (err) {
		throw new FileError(folder, `cannot list: ${reason(err)}`);
	}
	return names
		.filter((n) => n.toLowerCase().endsWith('.xml'))
		.sort()
		.map((n) => join(folder, n));
}
