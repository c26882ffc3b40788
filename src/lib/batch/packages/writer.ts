// The package's zip, plain or encrypted. Plain: ZipStreamWriter (zip.ts), byte-identical from run to run. With a
// passphrase: @zip.js/zip.js with WinZip AES-256 (AE-2, `encryptionStrength: 3`) — each entry gets a random salt
// (WinZip AES: the salt must differ per file, or two files would share a key stream), so an encrypted package is
// not byte-identical from run to run; its files, their order, names, dates and decrypted bytes are. zip.js costs
// about a millisecond an entry (a key derivation and a chain of streams each), so an encrypted package is slow.
import { ZipWriter, type ZipWriterConstructorOptions } from '@zip.js/zip.js';
import type { Spool } from './spool';
import { checkPackagePath, ZipStreamWriter, type ByteSink } from './zip';

/** Files into one zip, in order. */
export interface PackageWriter {
	/** A whole file. */
	add(path: string, data: Uint8Array): Promise<void>;
	/** A piece of a file: consecutive appends to one path make one file (closed by another path or by close). */
	append(path: string, data: Uint8Array): Promise<void>;
	/** A file whose bytes come from a stream. */
	addStream(path: string, data: ReadableStream<Uint8Array>): Promise<void>;
	/** Writes the central directory: the sink has the whole package when this resolves. */
	close(): Promise<void>;
	readonly entries: number;
}

export interface PackageProtection {
	/** AES-256 with this passphrase (non-empty). */
	readonly passphrase: string;
}

/** MS-DOS date and time 1980-01-01 00:00:00, as zip.ts writes it: (date << 16) | time. */
const RAW_1980 = ((0 << 9) | (1 << 5) | 1) * 0x10000;

/** `directory`: where a plain package's central directory waits for the end (default: memory). */
export function packageWriter(sink: ByteSink, protection?: PackageProtection, options: { directory?: Spool } = {}): PackageWriter {
	if (protection === undefined) return new ZipStreamWriter(sink, options.directory === undefined ? {} : { directory: options.directory });
	if (protection.passphrase === '') throw new Error('an empty passphrase protects nothing');
	return new AesPackageWriter(sink, protection.passphrase);
}

class AesPackageWriter implements PackageWriter {
	readonly #zip: ZipWriter<unknown>;
	#entries = 0;
	#open: { path: string; writer: WritableStreamDefaultWriter<Uint8Array>; added: Promise<unknown> } | undefined;

	constructor(sink: ByteSink, passphrase: string) {
		const writable = new WritableStream<Uint8Array>({ write: (chunk) => sink.write(chunk) });
		const options: ZipWriterConstructorOptions = {
			password: passphrase,
			encryptionStrength: 3,
			// Stored like the plain packages: the files are small, and AES output does not compress anyway.
			level: 0,
			rawLastModDate: RAW_1980,
			extendedTimestamp: false,
			useWebWorkers: false,
			keepOrder: true
		};
		this.#zip = new ZipWriter(writable, options);
	}

	get entries(): number {
		return this.#entries;
	}

	async add(path: string, data: Uint8Array): Promise<void> {
		checkPackagePath(path);
		await this.#finishOpen();
		await this.#zip.add(path, new Blob([data as Uint8Array<ArrayBuffer>]).stream());
		this.#entries++;
	}

	async append(path: string, data: Uint8Array): Promise<void> {
		if (this.#open === undefined || this.#open.path !== path) {
			checkPackagePath(path);
			await this.#finishOpen();
			const pipe = new TransformStream<Uint8Array, Uint8Array>();
			const added = this.#zip.add(path, pipe.readable);
			// A failure is seen when the entry is finished; until then it must not be an unhandled rejection.
			added.catch(() => undefined);
			this.#open = { path, writer: pipe.writable.getWriter(), added };
		}
		await this.#open.writer.write(data.slice());
	}

	async addStream(path: string, data: ReadableStream<Uint8Array>): Promise<void> {
		checkPackagePath(path);
		await this.#finishOpen();
		await this.#zip.add(path, data);
		this.#entries++;
	}

	async close(): Promise<void> {
		await this.#finishOpen();
		await this.#zip.close();
	}

	async #finishOpen(): Promise<void> {
		const open = this.#open;
		if (open === undefined) return;
		this.#open = undefined;
		await open.writer.close();
		await open.added;
		this.#entries++;
	}
}
