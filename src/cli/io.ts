// File system edges of the CLI. Synchronous throughout: the files are small, and a big folder is spread over
// worker threads (encode-many.ts) rather than over pending promises.
import {
	closeSync,
	constants,
	fchmodSync,
	fchownSync,
	fstatSync,
	lstatSync,
	mkdirSync,
	openSync,
	readdirSync,
	readFileSync,
	readlinkSync,
	readSync,
	realpathSync,
	renameSync,
	statSync,
	unlinkSync,
	writeSync,
	type Stats
} from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { decodeXmlBytes } from '../lib/codec/xml';

/** Exit status for bad usage or bad input, an output path included that cannot take a file (see run.ts). */
export const EX_USAGE = 2;
/** sysexits.h EX_IOERR: an output could not be written although its path was fine (disk full, I/O error). */
export const EX_IOERR = 74;

/**
 * A file that could not be read or written: reported as `pstudio: <file>: <message>`. `exitCode` is EX_IOERR
 * when the device failed while writing (ENOSPC, EIO, …), else EX_USAGE: the path itself was the problem.
 */
export class FileError extends Error {
	override readonly name = 'FileError';
	constructor(
		readonly file: string,
		message: string,
		readonly exitCode: typeof EX_USAGE | typeof EX_IOERR = EX_USAGE
	) {
		super(message);
	}
}

/** Node's "ENOENT: no such file or directory, open 'x'" → "no such file or directory". */
export function reason(err: unknown): string {
	if (err instanceof Error) {
		const m = /^[A-Z]+: ([^,]+)/.exec(err.message);
		return m ? m[1] : err.message;
	}
	return String(err);
}

function errnoCode(err: unknown): string | undefined {
	const code = (err as NodeJS.ErrnoException | undefined)?.code;
	return typeof code === 'string' ? code : undefined;
}

// Errors that say the path cannot take a file (the user named a wrong place): bad usage, exit 2. Anything else
// while writing (ENOSPC, EDQUOT, EIO, EFBIG, EPIPE …) happened to a good path: an I/O error, exit 74.
const PATH_ERRORS = new Set(['ENOENT', 'ENOTDIR', 'EISDIR', 'EACCES', 'EPERM', 'EROFS', 'ENAMETOOLONG', 'ELOOP', 'EEXIST', 'EXDEV', 'ENXIO', 'EINVAL']);

/** The exit status for an error of a write: 2 for a path that cannot take a file, 74 for an I/O error. */
export function writeExitCode(err: unknown): typeof EX_USAGE | typeof EX_IOERR {
	const code = errnoCode(err);
	return code !== undefined && PATH_ERRORS.has(code) ? EX_USAGE : EX_IOERR;
}

/** The exit status a command returns after reporting `err` on one line: a FileError's own, else 2. */
export function exitCodeOf(err: unknown): number {
	return err instanceof FileError ? err.exitCode : EX_USAGE;
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

/**
 * Reads an XML input in the encoding its byte order mark or declaration names (UTF-8, UTF-16, ISO-8859-1, …;
 * codec/xml/encoding.ts); bytes that are not in that encoding are an XmlError at their line and column.
 */
export function readXmlInput(file: string): string {
	return decodeXmlBytes(readInput(file));
}

/** A key file holds one key on one line; more than this is not a key file (and is not read whole: /dev/zero). */
export const KEY_FILE_LIMIT = 1024;

/**
 * The one rule for every key file (--pin-file, --adm-file, --pin1-file): UTF-8 text, the key alone on one line;
 * whitespace before and after it (a trailing newline from `echo`, CRLF, spaces) is not part of the key. A file
 * with a second line, no key, or more than KEY_FILE_LIMIT bytes is refused. Messages never repeat the content.
 */
export function readKeyFile(file: string): string {
	let bytes: Uint8Array;
	let fd: number | undefined;
	try {
		fd = file === '-' ? 0 : openSync(file, 'r');
		const buffer = new Uint8Array(KEY_FILE_LIMIT + 1);
		let length = 0;
		for (let n = -1; n !== 0 && length < buffer.length; length += n) n = readSync(fd, buffer, length, buffer.length - length, null);
		bytes = buffer.subarray(0, length);
	} catch (err) {
		throw new FileError(file, `cannot read: ${reason(err)}`);
	} finally {
		if (fd !== undefined && fd !== 0) closeSync(fd);
	}
	if (bytes.length > KEY_FILE_LIMIT) throw new FileError(file, `more than ${KEY_FILE_LIMIT} bytes: a key file holds one key on one line`);
	let text: string;
	try {
		text = utf8.decode(bytes);
	} catch {
		throw new FileError(file, 'not valid UTF-8 text');
	}
	const key = text.trim();
	if (key === '') throw new FileError(file, 'holds no key (the file is empty or blank)');
	if (/[\r\n]/.test(key)) throw new FileError(file, 'holds more than one line: a key file holds one key on one line');
	return key;
}

export interface WriteOptions {
	/** The content is a secret (a key, AAuthSecret): a file this creates is 0600 instead of 0666 less the umask. */
	secret?: boolean;
	/**
	 * The input file the content is made from. A document may hold secrets pstudio does not look for (an
	 * AAUTHSECRET in a w7 APPLICATION): a file this creates is no more readable than that input, so the WBXML of
	 * a 0600 document is 0600 too. '-' (stdin) tells nothing.
	 */
	from?: string;
}

/** The mode of a file writeAtomic creates: 0666 less the umask (0600 for a secret), less what `from` denies. */
function newFileMode(options: WriteOptions): number {
	// process.umask() without an argument only reads it (and works in worker threads).
	let mode = options.secret ? 0o600 : 0o666 & ~process.umask();
	if (options.from !== undefined && options.from !== '-') {
		try {
			mode &= (statSync(options.from).mode & 0o777) | 0o600;
		} catch {
			// The input is gone or unreadable now: nothing to learn from it.
		}
	}
	return mode;
}

/** Where a write goes, with what is there now: `inPlace` for devices and FIFOs, else replaced by rename. */
interface Target {
	path: string;
	existing: Stats | undefined;
	inPlace: boolean;
}

/**
 * Follows `file` to what a write must change. A symlink is followed (also a dangling one: `cat > link` creates
 * its target) so that the link stays and its target is replaced in the target's own folder. A character or block
 * device, a FIFO or a /dev/fd, /proc path is written in place through the name given: replacing /dev/null or a
 * pipe by a regular file is never what was meant.
 */
function resolveTarget(file: string): Target {
	let existing: Stats | undefined;
	try {
		existing = statSync(file);
	} catch (err) {
		if (errnoCode(err) !== 'ENOENT') throw err;
	}
	if (existing !== undefined) {
		if (existing.isDirectory()) throw Object.assign(new Error('EISDIR: is a folder'), { code: 'EISDIR' });
		if (existing.isCharacterDevice() || existing.isBlockDevice() || existing.isFIFO() || existing.isSocket()) {
			return { path: file, existing, inPlace: true };
		}
		const real = realpathSync(file);
		// /dev/stdout → /proc/self/fd/1 → a redirected regular file: the shell holds that descriptor open.
		if (real.startsWith(`${sep}proc${sep}`) || /^\/dev\/(fd\/|std(in|out|err)$)/.test(resolve(file))) return { path: file, existing, inPlace: true };
		return { path: real, existing, inPlace: false };
	}
	// Absent: a dangling symlink names the file to create; a plain missing name is created as given.
	let path = resolve(file);
	for (let hops = 0; ; hops++) {
		let link: Stats;
		try {
			link = lstatSync(path);
		} catch (err) {
			if (errnoCode(err) === 'ENOENT') return { path, existing: undefined, inPlace: false };
			throw err;
		}
		if (!link.isSymbolicLink()) return { path, existing: undefined, inPlace: false };
		if (hops >= 40) throw Object.assign(new Error('ELOOP: too many levels of symbolic links'), { code: 'ELOOP' });
		path = resolve(dirname(path), readlinkSync(path));
	}
}

function writeAll(fd: number, bytes: Uint8Array): void {
	let done = 0;
	while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done);
}

/** A temp file beside the target (rename is atomic within one file system), created exclusively: never a planted one. */
function createTemp(target: string): { path: string; fd: number } {
	for (let attempt = 0; ; attempt++) {
		// Unpredictable (96 random bits), so no one can plant a symlink or file under the name in advance; 'wx'
		// (O_CREAT|O_EXCL) refuses an existing name, symlinks included, instead of following it.
		// The name is cut so that a target name near NAME_MAX (255) still leaves room for the suffix.
		const path = join(dirname(target), `.${basename(target).slice(0, 200)}.${randomBytes(12).toString('hex')}.tmp`);
		try {
			return { path, fd: openSync(path, 'wx', 0o600) };
		} catch (err) {
			if (errnoCode(err) !== 'EEXIST' || attempt >= 3) throw err;
		}
	}
}

/**
 * Writes all bytes or nothing: a temp file beside the target, then rename, so a crash or a full disk never
 * leaves a truncated .wbxml behind. The result keeps the mode (and, as root, the owner) of the file it replaces;
 * a new file gets 0666 less the umask, or 0600 with `secret`, and never more than `from` allows. Devices and FIFOs are written in place, symlinks
 * followed (see resolveTarget). Throws a FileError whose exitCode says path problem (2) or I/O error (74).
 */
export function writeAtomic(file: string, data: Uint8Array | string, options: WriteOptions = {}): void {
	const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
	let target: Target;
	try {
		target = resolveTarget(file);
	} catch (err) {
		throw new FileError(file, `cannot write: ${reason(err)}`, writeExitCode(err));
	}
	if (target.inPlace) {
		writeInPlace(file, target.path, bytes);
		return;
	}
	let temp: { path: string; fd: number } | undefined;
	try {
		temp = createTemp(target.path);
		const fd = temp.fd;
		try {
			writeAll(fd, bytes);
			const existing = target.existing;
			if (existing !== undefined) {
				// As root, a replaced file keeps its owner (what an editor does); anyone else cannot give files away.
				if (process.getuid?.() === 0 && (existing.uid !== 0 || existing.gid !== 0)) fchownSync(fd, existing.uid, existing.gid);
				fchmodSync(fd, existing.mode & 0o777);
			} else {
				fchmodSync(fd, newFileMode(options));
			}
		} finally {
			closeSync(fd);
		}
		renameSync(temp.path, target.path);
	} catch (err) {
		if (temp !== undefined) {
			try {
				unlinkSync(temp.path);
			} catch {
				// Already renamed or never created: nothing to clean up.
			}
		}
		throw new FileError(file, `cannot write: ${reason(err)}`, writeExitCode(err));
	}
}

/** A device or FIFO: opened for writing (never created, never replaced by a regular file) and written. */
function writeInPlace(file: string, path: string, bytes: Uint8Array): void {
	let fd: number | undefined;
	try {
		fd = openSync(path, constants.O_WRONLY | constants.O_NOCTTY);
		// A regular file behind /dev/stdout: after what the shell or an earlier command put there, as `>>` would,
		// never over it from offset 0.
		if (fstatSync(fd).isFile()) {
			closeSync(fd);
			fd = undefined;
			fd = openSync(path, constants.O_WRONLY | constants.O_NOCTTY | constants.O_APPEND);
		}
		writeAll(fd, bytes);
	} catch (err) {
		throw new FileError(file, `cannot write: ${reason(err)}`, writeExitCode(err));
	} finally {
		if (fd !== undefined) closeSync(fd);
	}
}

/**
 * `mkdir -p`, one level at a time. Node's recursive mkdirSync loops for ever where mkdir answers ENOENT for a
 * parent that exists (/proc/x: procfs refuses creation with ENOENT); here each level is tried once, so a folder
 * that cannot be made fails at once with the reason.
 */
export function makeFolder(folder: string): void {
	const missing: string[] = [];
	let at = resolve(folder);
	try {
		for (;;) {
			let found: Stats | undefined;
			try {
				found = statSync(at);
			} catch (err) {
				// ENOTDIR: a level above is a regular file; going up finds it and says so.
				if (errnoCode(err) !== 'ENOENT' && errnoCode(err) !== 'ENOTDIR') throw err;
			}
			if (found !== undefined) {
				if (!found.isDirectory()) throw Object.assign(new Error(`ENOTDIR: ${at === resolve(folder) ? 'not a folder' : `${at} is not a folder`}`), { code: 'ENOTDIR' });
				break;
			}
			missing.push(at);
			const parent = dirname(at);
			if (parent === at) break;
			at = parent;
		}
		for (const level of missing.reverse()) {
			try {
				mkdirSync(level);
			} catch (err) {
				// Made meanwhile by another process (several pstudio runs into one folder): fine if it is a folder.
				if (errnoCode(err) !== 'EEXIST' || !statSync(level).isDirectory()) throw err;
			}
		}
	} catch (err) {
		throw new FileError(folder, `cannot create folder: ${reason(err)}`, writeExitCode(err));
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

/** A file written piece by piece (a package streamed out of a batch), whole or not at all, by writeAtomic's rules. */
export interface AtomicOutput {
	/** Appends bytes (to the temp file; in place for a device or FIFO). Throws a FileError. */
	write(bytes: Uint8Array): void;
	/** Closes, sets the mode as writeAtomic does and renames over the target. Throws a FileError. */
	commit(): void;
	/** Closes and removes the temp file: nothing of the output is left. Safe to call more than once. */
	abort(): void;
	/** Bytes written so far. */
	readonly size: number;
}

/**
 * Opens `file` for a write in pieces: a temp file beside the target (createTemp), renamed at commit(), removed at
 * abort(). Mode, owner, symlinks and devices as writeAtomic. Throws a FileError whose exitCode says path (2) or I/O (74).
 */
export function openAtomic(file: string, options: WriteOptions = {}): AtomicOutput {
	let target: Target;
	try {
		target = resolveTarget(file);
	} catch (err) {
		throw new FileError(file, `cannot write: ${reason(err)}`, writeExitCode(err));
	}
	let temp: { path: string; fd: number } | undefined;
	try {
		temp = target.inPlace ? { path: target.path, fd: openSync(target.path, constants.O_WRONLY | constants.O_NOCTTY) } : createTemp(target.path);
	} catch (err) {
		throw new FileError(file, `cannot write: ${reason(err)}`, writeExitCode(err));
	}
	const { path, fd } = temp;
	let open = true;
	let size = 0;
	const close = (): void => {
		if (!open) return;
		open = false;
		closeSync(fd);
	};
	const abort = (): void => {
		try {
			close();
		} catch {
			// Closing failed (EIO): the name is removed all the same.
		}
		if (target.inPlace) return;
		try {
			unlinkSync(path);
		} catch {
			// Already renamed or removed.
		}
	};
	return {
		write(bytes) {
			try {
				writeAll(fd, bytes);
				size += bytes.length;
			} catch (err) {
				abort();
				throw new FileError(file, `cannot write: ${reason(err)}`, writeExitCode(err));
			}
		},
		commit() {
			try {
				if (!target.inPlace) {
					const existing = target.existing;
					if (existing !== undefined) {
						if (process.getuid?.() === 0 && (existing.uid !== 0 || existing.gid !== 0)) fchownSync(fd, existing.uid, existing.gid);
						fchmodSync(fd, existing.mode & 0o777);
					} else {
						fchmodSync(fd, newFileMode(options));
					}
				}
				close();
				if (!target.inPlace) renameSync(path, target.path);
			} catch (err) {
				abort();
				throw new FileError(file, `cannot write: ${reason(err)}`, writeExitCode(err));
			}
		},
		abort,
		get size() {
			return size;
		}
	};
}
