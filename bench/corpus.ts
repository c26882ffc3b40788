// The benchmark workload: the CP corpus of tests/fixtures/prov cycled to any number of documents, each made distinct
// by changing one value, so no implementation can profit from identical inputs.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const CORPUS_DIR = join(import.meta.dirname, '../tests/fixtures/prov');

export function corpusTexts(): string[] {
	return readdirSync(CORPUS_DIR)
		.filter((name) => name.endsWith('.xml'))
		.sort()
		.map((name) => readFileSync(join(CORPUS_DIR, name), 'utf8'));
}

// The first value holding a lower-case letter or a digit is free text (a name, an address, an id), never a
// tokenized enumeration, so appending "-<n>" changes the document without changing how it tokenizes.
const FREE_TEXT_VALUE = /value="([^"]*[a-z0-9][^"]*)"/;

export function variant(text: string, n: number | string): string {
	return text.replace(FREE_TEXT_VALUE, (_, value: string) => `value="${value}-${n}"`);
}

/** `count` documents: corpus[i % corpus.length] with its first free-text value suffixed by i. */
export function workload(count: number): string[] {
	const base = corpusTexts();
	return Array.from({ length: count }, (_, i) => variant(base[i % base.length], i));
}

/** Length-prefixed records (4-byte little-endian length, then the bytes), the format bench/c/wbxml_bench.c reads. */
export function toBundle(records: readonly Uint8Array[]): Uint8Array {
	const total = records.reduce((sum, r) => sum + 4 + r.length, 0);
	const out = new Uint8Array(total);
	const view = new DataView(out.buffer);
	let at = 0;
	for (const record of records) {
		view.setUint32(at, record.length, true);
		out.set(record, at + 4);
		at += 4 + record.length;
	}
	return out;
}

export function fromBundle(bytes: Uint8Array): Uint8Array[] {
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const records: Uint8Array[] = [];
	let at = 0;
	while (at + 4 <= bytes.length) {
		const length = view.getUint32(at, true);
		if (at + 4 + length > bytes.length) throw new Error(`bundle record at ${at} runs past the end`);
		records.push(bytes.subarray(at + 4, at + 4 + length));
		at += 4 + length;
	}
	return records;
}
