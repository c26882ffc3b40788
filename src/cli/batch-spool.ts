// The closing files of a package (manifest.csv, rejected.csv: one line per row) and its zip's central directory kept on disk instead of in memory,
// so that an export's memory stays flat at any order size (packages/spool.ts says why). The file is created in the
// package's own folder and unlinked at once: it lives only as an open descriptor, so nothing of it — a secrets.csv
// spool included — can be left behind by a crash, a Ctrl-C or a kill -9, and no other process can open it.
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, readSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Spool } from '../lib/batch';

const PIECE = 1 << 16;

export class FileSpool implements Spool {
	readonly #fd: number;
	#text = '';
	#size = 0;
	#closed = false;
	readonly #encoder = new TextEncoder();

	constructor(folder: string) {
		const path = join(folder, `.pstudio-spool-${randomBytes(12).toString('hex')}.tmp`);
		this.#fd = openSync(path, 'wx+', 0o600);
		unlinkSync(path);
	}

	get size(): number {
		return this.#size + this.#text.length;
	}

	/** Text (closing files) or bytes (the zip's central directory), kept in the order appended. */
	append(data: string | Uint8Array): void {
		if (typeof data !== 'string') {
			this.#seal();
			this.#write(data);
			return;
		}
		this.#text += data;
		if (this.#text.length >= PIECE) this.#seal();
	}

	#seal(): void {
		if (this.#text === '') return;
		this.#write(this.#encoder.encode(this.#text));
		this.#text = '';
	}

	#write(bytes: Uint8Array): void {
		let done = 0;
		while (done < bytes.length) done += writeSync(this.#fd, bytes, done, bytes.length - done, this.#size + done);
		this.#size += bytes.length;
	}

	stream(): ReadableStream<Uint8Array> {
		this.#seal();
		const end = this.#size;
		let at = 0;
		return new ReadableStream<Uint8Array>({
			pull: (controller) => {
				if (at >= end) {
					controller.close();
					this.close();
					return;
				}
				const buffer = new Uint8Array(Math.min(PIECE, end - at));
				const n = readSync(this.#fd, buffer, 0, buffer.length, at);
				if (n === 0) throw new Error('spool file shorter than written');
				at += n;
				controller.enqueue(buffer.subarray(0, n));
			}
		});
	}

	/** Releases the descriptor (the file is already unlinked). Safe to call more than once. */
	close(): void {
		if (this.#closed) return;
		this.#closed = true;
		closeSync(this.#fd);
	}
}
