// What grows with the order in an export: the files of one line per row written at the end of a package
// (manifest.csv, rejected.csv: about 150 bytes a manifest line) and the zip's central directory (about 70 bytes a
// file). Both wait in a Spool until the package closes. MemorySpool keeps them as bytes in 64 KiB pieces; a caller
// that must stay flat at any size gives the export spools of its own backed by a file (Node: src/cli) or OPFS
// (browser) — the library itself touches no file system.

/** Lines kept for a closing file. */
export interface Spool {
	/** Text is kept as UTF-8. */
	append(data: string | Uint8Array): void | Promise<void>;
	/** The bytes appended, once; the spool is empty afterwards. */
	stream(): ReadableStream<Uint8Array>;
	/** Bytes appended so far. */
	readonly size: number;
}

const PIECE = 1 << 16;

export class MemorySpool implements Spool {
	readonly #pieces: Uint8Array[] = [];
	#text = '';
	#size = 0;
	readonly #encoder = new TextEncoder();

	get size(): number {
		return this.#size + this.#text.length;
	}

	append(data: string | Uint8Array): void {
		if (typeof data !== 'string') {
			this.#seal();
			this.#pieces.push(data.slice());
			this.#size += data.length;
			return;
		}
		this.#text += data;
		if (this.#text.length >= PIECE) this.#seal();
	}

	#seal(): void {
		if (this.#text === '') return;
		const bytes = this.#encoder.encode(this.#text);
		this.#pieces.push(bytes);
		this.#size += bytes.length;
		this.#text = '';
	}

	stream(): ReadableStream<Uint8Array> {
		this.#seal();
		const pieces = this.#pieces.splice(0);
		this.#size = 0;
		return new ReadableStream<Uint8Array>({
			pull(controller) {
				const next = pieces.shift();
				if (next === undefined) controller.close();
				else controller.enqueue(next);
			}
		});
	}
}

/** A CSV field (RFC 4180 §2.6-2.7): quoted when it holds a comma, a quote or a line break. */
export function csvField(value: string): string {
	return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
