// A streaming ZIP writer for packages of many small files (APPNOTE.TXT 6.3.10), written for speed and sameness:
// every file is stored (method 0, the fixed "compression level" of a package), dated 1980-01-01 00:00 (the
// earliest MS-DOS date, §4.4.6), with no extra field but ZIP64's (§4.5.3) where a size, an offset or the entry
// count needs it — so the same files in the same order give the same bytes, on any platform.
//
// Why not @zip.js/zip.js for these: it builds a chain of WHATWG streams per entry, which in Node 20 costs about
// 1-3 ms an entry (measured: 300-1,300 entries/s for 800-byte files, any option), where an order of a million rows
// makes two million entries. zip.js is used for what it does that this does not: AES encryption (zip.ts'
// neighbour aes-zip.ts), where every entry pays a key derivation anyway.
//
// Memory: the bytes written are handed to the sink in pieces of about 256 KiB; what stays is the central
// directory (§4.3.12), one record per entry (about 46 bytes + the name), which a ZIP must write at its end: kept in
// memory, or in the Spool given (spool.ts) in pieces of 1 MiB.

import type { Spool } from './spool';

/** Where the package's bytes go, in order. */
export interface ByteSink {
	write(bytes: Uint8Array): void | Promise<void>;
}

const FLUSH_AT = 1 << 18;
const MAX_32 = 0xffffffff;
const MAX_16 = 0xffff;
/** MS-DOS date of 1980-01-01 (§4.4.6: year-1980 << 9 | month << 5 | day) and time 00:00:00. */
const DOS_DATE = (0 << 9) | (1 << 5) | 1;
const DOS_TIME = 0;
/** §4.4.4 general purpose bit 3: sizes and CRC in a data descriptor after the data. */
const FLAG_DESCRIPTOR = 1 << 3;
/** §4.4.4 bit 11: the name is UTF-8. */
const FLAG_UTF8 = 1 << 11;

// Slicing-by-8 tables (Intel's method, as zlib's crc32.c): eight bytes a step instead of one.
const CRC_TABLES = (() => {
	const tables = new Uint32Array(8 * 256);
	for (let n = 0; n < 256; n++) {
		let c = n;
		for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
		tables[n] = c >>> 0;
	}
	for (let n = 0; n < 256; n++) {
		let c = tables[n];
		for (let t = 1; t < 8; t++) {
			c = tables[c & 0xff] ^ (c >>> 8);
			tables[t * 256 + n] = c >>> 0;
		}
	}
	return tables;
})();

/** CRC-32 (§4.4.7: ISO 3309 / ITU-T V.42 polynomial), continued from `crc` (0 to start). */
export function crc32(bytes: Uint8Array, crc = 0): number {
	const t = CRC_TABLES;
	let c = ~crc >>> 0;
	let i = 0;
	const end8 = bytes.length - (bytes.length % 8);
	for (; i < end8; i += 8) {
		const lo = (c ^ (bytes[i] | (bytes[i + 1] << 8) | (bytes[i + 2] << 16) | (bytes[i + 3] << 24))) >>> 0;
		c =
			t[1792 + (lo & 0xff)] ^
			t[1536 + ((lo >>> 8) & 0xff)] ^
			t[1280 + ((lo >>> 16) & 0xff)] ^
			t[1024 + (lo >>> 24)] ^
			t[768 + bytes[i + 4]] ^
			t[512 + bytes[i + 5]] ^
			t[256 + bytes[i + 6]] ^
			t[bytes[i + 7]];
	}
	for (; i < bytes.length; i++) c = t[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
	return ~c >>> 0;
}

/** Little-endian byte writer into a growing buffer. */
class Bytes {
	buffer: Uint8Array;
	length = 0;
	constructor(capacity: number) {
		this.buffer = new Uint8Array(capacity);
	}
	reserve(n: number): void {
		if (this.length + n <= this.buffer.length) return;
		let size = this.buffer.length * 2;
		while (size < this.length + n) size *= 2;
		const next = new Uint8Array(size);
		next.set(this.buffer.subarray(0, this.length));
		this.buffer = next;
	}
	u16(v: number): void {
		this.reserve(2);
		this.buffer[this.length++] = v & 0xff;
		this.buffer[this.length++] = (v >>> 8) & 0xff;
	}
	u32(v: number): void {
		this.reserve(4);
		this.buffer[this.length++] = v & 0xff;
		this.buffer[this.length++] = (v >>> 8) & 0xff;
		this.buffer[this.length++] = (v >>> 16) & 0xff;
		this.buffer[this.length++] = (v >>> 24) & 0xff;
	}
	u64(v: number): void {
		this.u32(v % 0x100000000);
		this.u32(Math.floor(v / 0x100000000));
	}
	bytes(b: Uint8Array): void {
		this.reserve(b.length);
		this.buffer.set(b, this.length);
		this.length += b.length;
	}
}

const encoder = new TextEncoder();

/**
 * A path a package may hold (kind.ts: `/`-separated, relative, no `..`), checked by both writers before any byte of
 * the entry. APPNOTE 4.4.17.1: no drive or device letter, no leading slash, forward slashes only (a `\` is a
 * separator to Windows unzippers: `..\x` climbs out as `../x` does). A NUL ends the name for C tools and a
 * control character hides in a listing. Any of these is a bug of the kind, not a row's: the ICCIDs files are
 * named after are checked digits (orders/values.ts) and the kinds check them again.
 */
export function checkPackagePath(path: string): void {
	const bad =
		path === '' ||
		path.startsWith('/') ||
		/^[A-Za-z]:/.test(path) ||
		/[\\\u0000-\u001f\u007f]/.test(path) ||
		path.split('/').some((segment) => segment === '..' || segment === '.' || segment === '');
	if (bad) throw new Error(`a package path is relative, '/'-separated, without '.', '..', '\\', a drive or a control character: ${JSON.stringify(path)}`);
}

/** The name's bytes; printable ASCII (every ICCID) is copied as it is, anything else is UTF-8 with bit 11 set. */
function encodeName(path: string): { name: Uint8Array; utf8: boolean } {
	const name = new Uint8Array(path.length);
	for (let i = 0; i < path.length; i++) {
		const c = path.charCodeAt(i);
		if (c < 0x20 || c > 0x7e) return { name: encoder.encode(path), utf8: true };
		name[i] = c;
	}
	return { name, utf8: false };
}

/** One file's central directory facts. */
interface EntryFacts {
	name: Uint8Array;
	utf8: boolean;
	crc: number;
	size: number;
	offset: number;
	descriptor: boolean;
}

/**
 * Writes a ZIP file entry by entry. `add` writes a whole file; `append` writes a file in pieces (the pieces of
 * consecutive appends to one path are one file, closed by the next add/append of another path or by close).
 */
export class ZipStreamWriter {
	readonly #sink: ByteSink;
	#out = new Bytes(FLUSH_AT + 1024);
	/** Central directory records so far, in pieces of about 1 MiB (the current one is #centralPart). */
	readonly #central: Spool | Uint8Array[];
	#centralPart = new Bytes(1 << 16);
	#centralSize = 0;
	#offset = 0;
	#entries = 0;
	#open: { facts: EntryFacts; path: string } | undefined;
	#closed = false;
	readonly #paths = new Set<string>();
	readonly #checkPaths: boolean;

	/**
	 * `checkPaths`: refuse a path written twice (keeps every path in memory: for tests and small packages).
	 * `directory`: where the central directory waits for the end (default: memory).
	 */
	constructor(sink: ByteSink, options: { checkPaths?: boolean; directory?: Spool } = {}) {
		this.#sink = sink;
		this.#central = options.directory ?? [];
		this.#checkPaths = options.checkPaths ?? false;
	}

	/** Entries written so far. */
	get entries(): number {
		return this.#entries;
	}

	/** Bytes written so far (what the sink has been given or will be on the next flush). */
	get size(): number {
		return this.#offset;
	}

	async add(path: string, data: Uint8Array): Promise<void> {
		await this.#finishOpen();
		const facts = this.#start(path, false);
		facts.crc = crc32(data);
		facts.size = data.length;
		const big = data.length >= MAX_32 || facts.offset >= MAX_32;
		this.#localHeader(facts, big);
		this.#write(data);
		this.#record(facts);
		if (this.#centralPart.length >= 1 << 20) await this.#sealCentral();
		if (this.#out.length >= FLUSH_AT) await this.#flush();
	}

	/** Writes `data` as the continuation of the file at `path` (started if another file is open or none is). */
	async append(path: string, data: Uint8Array): Promise<void> {
		if (this.#open === undefined || this.#open.path !== path) {
			await this.#finishOpen();
			const facts = this.#start(path, true);
			// The sizes are not known yet: ZIP64 local extra with zero sizes, 8-byte sizes in the descriptor (§4.3.9.2).
			this.#localHeader(facts, true);
			this.#open = { facts, path };
		}
		const facts = this.#open.facts;
		facts.crc = crc32(data, facts.crc);
		facts.size += data.length;
		this.#write(data);
		if (this.#out.length >= FLUSH_AT) await this.#flush();
	}

	/** Writes a file whose bytes come from a stream, as appends. */
	async addStream(path: string, data: ReadableStream<Uint8Array>): Promise<void> {
		await this.#finishOpen();
		const reader = data.getReader();
		let any = false;
		for (;;) {
			const { done, value } = await reader.read();
			if (done) break;
			any = true;
			await this.append(path, value);
		}
		if (!any) await this.add(path, new Uint8Array(0));
		await this.#finishOpen();
	}

	/** Writes the central directory and the end records; the sink has every byte when this resolves. */
	async close(): Promise<void> {
		if (this.#closed) throw new Error('the zip is closed');
		await this.#finishOpen();
		this.#closed = true;
		const start = this.#offset;
		await this.#sealCentral();
		const central = this.#central;
		if (Array.isArray(central)) {
			for (const part of central.splice(0)) {
				this.#write(part);
				if (this.#out.length >= FLUSH_AT) await this.#flush();
			}
		} else {
			const reader = central.stream().getReader();
			for (;;) {
				const { done, value } = await reader.read();
				if (done) break;
				this.#write(value);
				if (this.#out.length >= FLUSH_AT) await this.#flush();
			}
		}
		const size = this.#centralSize;
		const end = this.#offset;
		const out = this.#out;
		// §4.3.14-15: ZIP64 end records when a count or an offset does not fit the classic record.
		const zip64 = this.#entries >= MAX_16 || size >= MAX_32 || start >= MAX_32;
		if (zip64) {
			out.u32(0x06064b50);
			out.u64(44);
			out.u16(45);
			out.u16(45);
			out.u32(0);
			out.u32(0);
			out.u64(this.#entries);
			out.u64(this.#entries);
			out.u64(size);
			out.u64(start);
			out.u32(0x07064b50);
			out.u32(0);
			out.u64(end);
			out.u32(1);
		}
		out.u32(0x06054b50);
		out.u16(0);
		out.u16(0);
		out.u16(zip64 ? MAX_16 : this.#entries);
		out.u16(zip64 ? MAX_16 : this.#entries);
		out.u32(zip64 && size >= MAX_32 ? MAX_32 : size);
		out.u32(zip64 ? MAX_32 : start);
		out.u16(0);
		await this.#flush();
	}

	#start(path: string, descriptor: boolean): EntryFacts {
		if (this.#closed) throw new Error('the zip is closed');
		checkPackagePath(path);
		if (this.#checkPaths) {
			if (this.#paths.has(path)) throw new Error(`${path} is written twice`);
			this.#paths.add(path);
		}
		const { name, utf8 } = encodeName(path);
		if (name.length > MAX_16) throw new Error(`a path of ${name.length} bytes; a ZIP name holds at most ${MAX_16}`);
		return { name, utf8, crc: 0, size: 0, offset: this.#offset, descriptor };
	}

	#localHeader(facts: EntryFacts, zip64: boolean): void {
		const out = this.#out;
		const before = out.length;
		out.u32(0x04034b50);
		out.u16(zip64 ? 45 : 20);
		out.u16((facts.utf8 ? FLAG_UTF8 : 0) | (facts.descriptor ? FLAG_DESCRIPTOR : 0));
		out.u16(0);
		out.u16(DOS_TIME);
		out.u16(DOS_DATE);
		out.u32(facts.descriptor ? 0 : facts.crc);
		out.u32(zip64 ? MAX_32 : facts.size);
		out.u32(zip64 ? MAX_32 : facts.size);
		out.u16(facts.name.length);
		out.u16(zip64 ? 20 : 0);
		out.bytes(facts.name);
		if (zip64) {
			out.u16(0x0001);
			out.u16(16);
			out.u64(facts.descriptor ? 0 : facts.size);
			out.u64(facts.descriptor ? 0 : facts.size);
		}
		this.#offset += out.length - before;
	}

	async #finishOpen(): Promise<void> {
		const open = this.#open;
		if (open === undefined) return;
		this.#open = undefined;
		const out = this.#out;
		const before = out.length;
		// §4.3.9: the descriptor, with its signature, and 8-byte sizes since the local header has the ZIP64 extra.
		out.u32(0x08074b50);
		out.u32(open.facts.crc);
		out.u64(open.facts.size);
		out.u64(open.facts.size);
		this.#offset += out.length - before;
		this.#record(open.facts);
		if (this.#centralPart.length >= 1 << 20) await this.#sealCentral();
		if (out.length >= FLUSH_AT) await this.#flush();
	}

	#record(facts: EntryFacts): void {
		const c = this.#centralPart;
		const before = c.length;
		const bigSize = facts.size >= MAX_32;
		const bigOffset = facts.offset >= MAX_32;
		const extra = (bigSize ? 16 : 0) + (bigOffset ? 8 : 0);
		const zip64 = extra > 0 || facts.descriptor;
		c.u32(0x02014b50);
		// Made by MS-DOS (host 0) with the version needed: no Unix permissions, the same on every platform.
		c.u16(zip64 ? 45 : 20);
		c.u16(zip64 ? 45 : 20);
		c.u16((facts.utf8 ? FLAG_UTF8 : 0) | (facts.descriptor ? FLAG_DESCRIPTOR : 0));
		c.u16(0);
		c.u16(DOS_TIME);
		c.u16(DOS_DATE);
		c.u32(facts.crc);
		c.u32(bigSize ? MAX_32 : facts.size);
		c.u32(bigSize ? MAX_32 : facts.size);
		c.u16(facts.name.length);
		c.u16(extra === 0 ? 0 : extra + 4);
		c.u16(0);
		c.u16(0);
		c.u16(0);
		c.u32(0);
		c.u32(bigOffset ? MAX_32 : facts.offset);
		c.bytes(facts.name);
		if (extra > 0) {
			c.u16(0x0001);
			c.u16(extra);
			if (bigSize) {
				c.u64(facts.size);
				c.u64(facts.size);
			}
			if (bigOffset) c.u64(facts.offset);
		}
		this.#centralSize += c.length - before;
		this.#entries++;
	}

	/** Moves the current piece of the central directory to its store once it is large (or at the end). */
	async #sealCentral(): Promise<void> {
		const c = this.#centralPart;
		if (c.length === 0) return;
		const piece = c.buffer.slice(0, c.length);
		c.length = 0;
		if (Array.isArray(this.#central)) this.#central.push(piece);
		else await this.#central.append(piece);
	}

	#write(data: Uint8Array): void {
		this.#offset += data.length;
		if (data.length < FLUSH_AT) {
			this.#out.bytes(data);
			return;
		}
		// A large piece goes out as it is, after the bytes buffered before it.
		this.#queueBuffer();
		this.#queue.push(data);
	}

	/** Pieces ready for the sink, in order; the buffer's bytes come after them. */
	#queue: Uint8Array[] = [];

	#queueBuffer(): void {
		if (this.#out.length === 0) return;
		this.#queue.push(this.#out.buffer.slice(0, this.#out.length));
		this.#out.length = 0;
	}

	async #flush(): Promise<void> {
		this.#queueBuffer();
		const pieces = this.#queue;
		this.#queue = [];
		for (const piece of pieces) await this.#sink.write(piece);
	}
}
