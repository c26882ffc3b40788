// A Spool (the lines of manifest.csv and rejected.csv, written at the package's end) kept in a file of the origin
// private file system rather than in memory: a 1-million-row manifest is ~150 MB, which must not sit in the
// worker. Written through a sync access handle (dedicated workers only) in 64 KiB pieces, read back as the File's
// stream once the package closes, then removed.
import type { Spool } from '../../batch';

const PIECE = 1 << 16;

/** FileSystemSyncAccessHandle: in TypeScript's webworker lib, not in the DOM lib this project compiles with. */
interface SyncAccessHandle {
	write(bytes: Uint8Array, options: { at: number }): number;
	truncate(size: number): void;
	flush(): void;
	close(): void;
}

interface SyncFileHandle {
	createSyncAccessHandle(): Promise<SyncAccessHandle>;
}

export class OpfsSpool implements Spool {
	readonly #encoder = new TextEncoder();
	readonly #folder: FileSystemDirectoryHandle;
	readonly #name: string;
	readonly #handle: FileSystemFileHandle;
	readonly #access: SyncAccessHandle;
	#text = '';
	#at = 0;

	private constructor(folder: FileSystemDirectoryHandle, name: string, handle: FileSystemFileHandle, access: SyncAccessHandle) {
		this.#folder = folder;
		this.#name = name;
		this.#handle = handle;
		this.#access = access;
	}

	static async create(folder: FileSystemDirectoryHandle, name: string): Promise<OpfsSpool> {
		const handle = await folder.getFileHandle(name, { create: true });
		const access = await (handle as unknown as SyncFileHandle).createSyncAccessHandle();
		access.truncate(0);
		return new OpfsSpool(folder, name, handle, access);
	}

	get size(): number {
		return this.#at + this.#text.length;
	}

	/** Text (closing files) or bytes (the zip's central directory), kept in the order appended. */
	append(data: string | Uint8Array): void {
		if (typeof data !== 'string') {
			this.#seal();
			this.#at += this.#access.write(data, { at: this.#at });
			return;
		}
		this.#text += data;
		if (this.#text.length >= PIECE) this.#seal();
	}

	#seal(): void {
		if (this.#text === '') return;
		const bytes = this.#encoder.encode(this.#text);
		this.#at += this.#access.write(bytes, { at: this.#at });
		this.#text = '';
	}

	stream(): ReadableStream<Uint8Array> {
		this.#seal();
		this.#access.flush();
		this.#access.close();
		let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
		return new ReadableStream<Uint8Array>({
			pull: async (controller) => {
				reader ??= ((await this.#handle.getFile()).stream() as ReadableStream<Uint8Array>).getReader();
				const { done, value } = await reader.read();
				if (done) {
					controller.close();
					await this.remove();
				} else controller.enqueue(value);
			}
		});
	}

	/** Closes and removes the file (after it was read, or when the run stops). */
	async remove(): Promise<void> {
		try {
			this.#access.close();
		} catch {
			// Already closed by stream().
		}
		await this.#folder.removeEntry(this.#name).catch(() => undefined);
	}
}
