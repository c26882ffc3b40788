// An order file sent to the station in pieces (the Batch page's "Write cards at this station"): a bureau's order of
// a million cards is over 100 MB and one of ten million over 1 GB, more than one request body should be (the server
// takes at most 512 KiB a request, adapter-node's own limit too) and more than a browser holds in one string. The page
// sends ORDER_PIECE bytes at a time, each at the offset the server has reached; the server appends them to a file in
// the station folder (mode 0600: an order holds ADM1 and Ki) and takes the SHA-256 on the way, which names the order's
// ledger once the last byte is in — the same identity `pstudio batch run` gives that file. The file lives only until
// the start has read it (`release`): the run holds the rows, the ledger their outcomes, and an order sent again finds
// its ledger by content. Earlier versions kept every order sent; those copies are swept like stale pieces.
import { createHash, randomBytes, type Hash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readdirSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { RequestError } from '../card-service/http';
import { ORDER_MAX_BYTES } from '../../ui/batch/station-wire';

/** The largest piece a request carries (under the 512 KiB request limit, with room to spare). */
export const ORDER_PIECE = 256 * 1024;
/** Uploads open at once; a new one past this drops the one least recently written to. */
const OPEN_UPLOADS = 2;
/** An upload nobody wrote to for this long is dropped (its file removed) when the next one begins. */
const IDLE_MS = 15 * 60 * 1000;
/** A piece file of an upload (this process's or a stopped one's). */
const PIECE_FILE = /^upload-[0-9a-f]{32}\.part$/;
/** An order an earlier version kept whole after its start (orderPath's form), not one of its ledger's files. */
const KEPT_ORDER = /^[0-9a-f]{16}-[A-Za-z0-9._-]{1,80}$/;
const LEDGER_FILE = /\.ledger\.sqlite(-wal|-shm|-journal)?$/;

interface Upload {
	readonly id: string;
	readonly name: string;
	readonly size: number;
	readonly path: string;
	readonly fd: number;
	readonly hash: Hash;
	received: number;
	touched: number;
}

/** A whole order on the disk: its file, its SHA-256 (hex) and the name the user gave it. */
export interface ReceivedOrder {
	readonly path: string;
	readonly identity: string;
	readonly name: string;
	readonly size: number;
}

/** A user's file name as a file name of ours: letters, digits, '.', '_' and '-' only, 80 at most. */
export function safeName(name: string): string {
	return name.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 80) || 'order';
}

/** The order's name in the station folder, which its ledger's file name extends (defaultLedgerPath): named after its
 *  content, so the same order sent again finds the same ledger. */
export function orderPath(dir: string, identity: string, name: string): string {
	return join(dir, `${identity.slice(0, 16)}-${safeName(name)}`);
}

/** The station folder refused a file (full, read-only, gone): 507 naming it and the system's error code. */
export function storageError(dir: string, e: unknown): RequestError {
	const code = e instanceof Error && 'code' in e ? String(e.code) : 'write failed';
	return new RequestError(`the station folder ${dir} cannot take the order (${code})`, 507);
}

export class OrderUploads {
	readonly #uploads = new Map<string, Upload>();
	/** Files of uploads taken and not yet released: a start is reading them. */
	readonly #taken = new Set<string>();

	constructor(
		private readonly dir: () => string,
		private readonly now: () => number = Date.now
	) {}

	/** Starts an upload of `size` bytes named `name` (the file's name, for the ledger and the report). */
	begin(name: string, size: number): { id: string; piece: number } {
		if (name === '' || name.length > 255 || /[\u0000-\u001f\u007f]/.test(name)) throw new RequestError('name must be the order file\'s name: 1 to 255 printable characters');
		if (!Number.isSafeInteger(size) || size < 1) throw new RequestError('size must be the order file\'s size in bytes, a whole number from 1');
		if (size > ORDER_MAX_BYTES) throw new RequestError(`the order is ${size} bytes: the station takes orders of at most ${ORDER_MAX_BYTES} bytes`, 413);
		this.#expire();
		while (this.#uploads.size >= OPEN_UPLOADS) {
			const oldest = [...this.#uploads.values()].sort((a, b) => a.touched - b.touched)[0];
			this.#drop(oldest);
		}
		const dir = this.dir();
		const id = randomBytes(16).toString('hex');
		const path = join(dir, `upload-${id}.part`);
		let fd: number;
		try {
			mkdirSync(dir, { recursive: true, mode: 0o700 });
			fd = openSync(path, 'wx', 0o600);
		} catch (e) {
			throw storageError(dir, e);
		}
		this.#uploads.set(id, { id, name, size, path, fd, hash: createHash('sha256'), received: 0, touched: this.now() });
		return { id, piece: ORDER_PIECE };
	}

	/** Appends `bytes` at `offset`, which must be where the upload stands (a piece sent twice or out of order is refused). */
	append(id: string, offset: number, bytes: Uint8Array): { received: number; size: number } {
		const upload = this.#get(id);
		if (offset !== upload.received) throw new RequestError(`offset ${offset}: the upload has ${upload.received} bytes; send the piece that starts there`, 409);
		if (bytes.length === 0) throw new RequestError('the piece is empty');
		if (upload.received + bytes.length > upload.size) throw new RequestError(`the piece ends at byte ${upload.received + bytes.length}, past the ${upload.size} bytes the upload began with`);
		try {
			for (let at = 0; at < bytes.length; ) at += writeSync(upload.fd, bytes, at, bytes.length - at);
		} catch (e) {
			this.#drop(upload);
			throw storageError(this.dir(), e);
		}
		upload.hash.update(bytes);
		upload.received += bytes.length;
		upload.touched = this.now();
		return { received: upload.received, size: upload.size };
	}

	/** The whole order, once every byte is in: the upload ends and its file is the order's until `release`. Each
	 *  upload keeps its own file: the same order sent twice at once is two files, each read by its own start. */
	take(id: string): ReceivedOrder {
		const upload = this.#get(id);
		if (upload.received !== upload.size) throw new RequestError(`the order is not all there: ${upload.received} of ${upload.size} bytes received`, 409);
		this.#uploads.delete(id);
		closeSync(upload.fd);
		this.#taken.add(upload.path);
		return { path: upload.path, identity: upload.hash.digest('hex'), name: upload.name, size: upload.size };
	}

	/** The start has read `order` (or given up on it): its file goes. */
	release(order: ReceivedOrder): void {
		this.#taken.delete(order.path);
		rmSync(order.path, { force: true });
		this.#expire();
	}

	#get(id: string): Upload {
		const upload = /^[0-9a-f]{32}$/.test(id) ? this.#uploads.get(id) : undefined;
		if (upload === undefined) throw new RequestError('no such upload (it finished, was dropped after 15 minutes without a piece, or another began): send the order again', 404);
		return upload;
	}

	#expire(): void {
		const now = this.now();
		for (const upload of [...this.#uploads.values()]) if (now - upload.touched > IDLE_MS) this.#drop(upload);
		// Pieces of uploads this process does not know (a server stopped half-way through one, or before its start had
		// read it) and the orders earlier versions kept, idle as long.
		let names: string[] = [];
		try {
			names = readdirSync(this.dir());
		} catch {
			return;
		}
		const mine = new Set([...this.#uploads.values()].map((u) => u.path));
		for (const name of names) {
			if (!PIECE_FILE.test(name) && !(KEPT_ORDER.test(name) && !LEDGER_FILE.test(name))) continue;
			const path = join(this.dir(), name);
			try {
				if (!mine.has(path) && !this.#taken.has(path) && now - statSync(path).mtimeMs > IDLE_MS) rmSync(path, { force: true });
			} catch {
				// gone meanwhile
			}
		}
	}

	#drop(upload: Upload): void {
		this.#uploads.delete(upload.id);
		try {
			closeSync(upload.fd);
		} catch {
			// already closed
		}
		rmSync(upload.path, { force: true });
	}
}
