// The order's rows at the station, packed: a bureau's order of 10 million rows must fit a station's memory, and as
// objects (an OrderRow with its strings and a Secret per key column) each row cost about 1.3 KB of heap — 1 million
// rows took 1.36 GB. Here a row is its values' bytes in large blocks plus three numbers, about 100 bytes for a
// five-column order, and the rows are found by ICCID through an open-addressing table of row numbers (4 bytes a
// slot) instead of a Map of strings. A row is turned back into an OrderRow only when its card is in a reader.
// The secrets are in these blocks in clear, as they were in the Secret objects: memory only, never written out.
import { Secret } from '../../security/secret';
import type { OrderRow, OrderValue } from '../orders/index';

/** Bytes per block; a record longer than this gets a block of its own. */
const BLOCK = 1 << 22;
const UNDEFINED = 0;
const TEXT = 1;
const SECRET = 2;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** FNV-1a over the key's UTF-16 code units (ICCIDs are ASCII digits). */
function hashOf(key: string): number {
	let h = 0x811c9dc5;
	for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
	return h >>> 0;
}

function grown<T extends Uint32Array>(array: T, make: (n: number) => T): T {
	const next = make(array.length * 2);
	next.set(array);
	return next;
}

export class RowStore {
	#blocks: Uint8Array[] = [];
	#used = BLOCK;
	#count = 0;
	// Per row (by number, 0-based): where its record is, its line and its position in the order.
	#block = new Uint32Array(1024);
	#at = new Uint32Array(1024);
	#line = new Uint32Array(1024);
	#row = new Uint32Array(1024);
	/** The key's hash, kept so that growing the table reads no key again. */
	#hash = new Uint32Array(1024);
	/** Row number + 1 per slot, 0 for an empty slot; its length is a power of two, at least twice the rows. */
	#slots = new Int32Array(2048);
	/** The labels of the secrets met (a Secret's label, per column mostly), by index. */
	#labels: string[] = [];
	#scratch = new Uint8Array(256);
	#scratchLength = 0;

	get size(): number {
		return this.#count;
	}

	/** The row number of `key`, or -1. */
	find(key: string): number {
		const mask = this.#slots.length - 1;
		for (let slot = hashOf(key) & mask; ; slot = (slot + 1) & mask) {
			const entry = this.#slots[slot];
			if (entry === 0) return -1;
			if (this.#keyIs(entry - 1, key)) return entry - 1;
		}
	}

	/** The line of row number `n`. */
	line(n: number): number {
		return this.#line[n];
	}

	/** Stores `row` under `key` (ASCII, 1 to 127 characters: an ICCID); the caller has checked that the key is not
	 *  there yet (find). */
	add(key: string, row: OrderRow): void {
		if (!/^[\x00-\x7f]{1,127}$/.test(key)) throw new Error(`internal: a row key is 1 to 127 ASCII characters; found ${key.length}`);
		if (row.line > 0xffffffff || row.row > 0xffffffff) throw new Error('internal: an order of more than 2^32 lines');
		this.#scratchLength = 0;
		this.#text(key);
		this.#varint(row.values.length);
		for (const value of row.values) {
			if (value === undefined) this.#byte(UNDEFINED);
			else if (typeof value === 'string') {
				this.#byte(TEXT);
				this.#text(value);
			} else {
				this.#byte(SECRET);
				let label = this.#labels.indexOf(value.label);
				if (label < 0) label = this.#labels.push(value.label) - 1;
				this.#varint(label);
				this.#bytes(value.reveal());
			}
		}
		const n = this.#count;
		if (n === this.#line.length) {
			this.#block = grown(this.#block, (k) => new Uint32Array(k));
			this.#at = grown(this.#at, (k) => new Uint32Array(k));
			this.#line = grown(this.#line, (k) => new Uint32Array(k));
			this.#row = grown(this.#row, (k) => new Uint32Array(k));
			this.#hash = grown(this.#hash, (k) => new Uint32Array(k));
		}
		const length = this.#scratchLength;
		if (this.#used + length > BLOCK || this.#blocks.length === 0) {
			this.#blocks.push(new Uint8Array(Math.max(BLOCK, length)));
			this.#used = 0;
		}
		const block = this.#blocks.length - 1;
		this.#blocks[block].set(this.#scratch.subarray(0, length), this.#used);
		this.#scratch.fill(0, 0, length);
		this.#block[n] = block;
		this.#at[n] = this.#used;
		this.#used += length;
		this.#line[n] = row.line;
		this.#row[n] = row.row;
		this.#hash[n] = hashOf(key);
		this.#count = n + 1;
		if (this.#count * 2 > this.#slots.length) this.#rehash();
		else this.#place(n);
	}

	/** Row number `n` as the order reader gave it. */
	row(n: number): OrderRow {
		const reader = this.#reader(n);
		reader.text();
		const count = reader.varint();
		const values: (OrderValue | undefined)[] = [];
		for (let k = 0; k < count; k++) {
			const tag = reader.byte();
			if (tag === UNDEFINED) values.push(undefined);
			else if (tag === TEXT) values.push(reader.text());
			else {
				const label = this.#labels[reader.varint()];
				const bytes = reader.bytes();
				values.push(new Secret(label, bytes));
				bytes.fill(0);
			}
		}
		return { line: this.#line[n], row: this.#row[n], values };
	}

	/** The key and order position of every row, in the order they were added. */
	*keys(): Iterable<{ key: string; rowIndex: number }> {
		for (let n = 0; n < this.#count; n++) yield { key: this.#reader(n).text(), rowIndex: this.#row[n] };
	}

	#reader(n: number) {
		const block = this.#blocks[this.#block[n]];
		let at = this.#at[n];
		const varint = (): number => {
			let value = 0;
			let scale = 1;
			for (;;) {
				const b = block[at++];
				value += (b & 0x7f) * scale;
				if (b < 0x80) return value;
				scale *= 128;
			}
		};
		const bytes = (): Uint8Array => {
			const length = varint();
			const out = block.slice(at, at + length);
			at += length;
			return out;
		};
		return {
			byte: (): number => block[at++],
			varint,
			bytes,
			text: (): string => {
				const length = varint();
				const bytes = block.subarray(at, at + length);
				at += length;
				if (length > 64) return decoder.decode(bytes);
				let out = '';
				for (let i = 0; i < length; i++) {
					if (bytes[i] >= 0x80) return decoder.decode(bytes);
					out += String.fromCharCode(bytes[i]);
				}
				return out;
			}
		};
	}

	#keyIs(n: number, key: string): boolean {
		const block = this.#blocks[this.#block[n]];
		let at = this.#at[n];
		// Keys are written first, as a varint length (one byte: keys are short) and their UTF-8 bytes.
		const length = block[at++];
		if (length !== key.length) return false;
		for (let i = 0; i < length; i++) if (block[at + i] !== key.charCodeAt(i)) return false;
		return true;
	}

	#place(n: number): void {
		const mask = this.#slots.length - 1;
		let slot = this.#hash[n] & mask;
		while (this.#slots[slot] !== 0) slot = (slot + 1) & mask;
		this.#slots[slot] = n + 1;
	}

	#rehash(): void {
		this.#slots = new Int32Array(this.#slots.length * 2);
		for (let n = 0; n < this.#count; n++) this.#place(n);
	}

	#room(extra: number): void {
		if (this.#scratchLength + extra <= this.#scratch.length) return;
		const next = new Uint8Array(Math.max(this.#scratch.length * 2, this.#scratchLength + extra));
		next.set(this.#scratch.subarray(0, this.#scratchLength));
		this.#scratch.fill(0);
		this.#scratch = next;
	}

	#byte(b: number): void {
		this.#room(1);
		this.#scratch[this.#scratchLength++] = b;
	}

	#varint(value: number): void {
		while (value >= 0x80) {
			this.#byte((value % 128) | 0x80);
			value = Math.floor(value / 128);
		}
		this.#byte(value);
	}

	#bytes(bytes: Uint8Array): void {
		this.#varint(bytes.length);
		this.#room(bytes.length);
		this.#scratch.set(bytes, this.#scratchLength);
		this.#scratchLength += bytes.length;
		bytes.fill(0);
	}

	#text(text: string): void {
		// Order values are ASCII but for names and labels: written here without TextEncoder's copy (a third of the
		// time a row took to store).
		const length = text.length;
		let ascii = true;
		for (let i = 0; i < length && ascii; i++) ascii = text.charCodeAt(i) < 0x80;
		if (!ascii) return this.#bytes(encoder.encode(text));
		this.#varint(length);
		this.#room(length);
		const out = this.#scratch;
		let at = this.#scratchLength;
		for (let i = 0; i < length; i++) out[at++] = text.charCodeAt(i);
		this.#scratchLength = at;
	}
}
