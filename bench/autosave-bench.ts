// Autosave on the page's thread (issue 9, "the main thread is never blocked"): what one draft write of the open
// document costs the thread that types, in Node over the in-memory store (the same library code a page runs; the
// browser's IndexedDB adds its own structured clone, the same before and after). While someone types, the library
// writes the draft once a second; whatever it does on the page's thread then is a frame that cannot be drawn.
//   write   session.saveDraft(text) + flush(): the secret rule over the text (kept out or sealed), the storage
//           transaction, the search index — vs the floor: the same draft record put through the same store.
//   search  the first search after the writes (the index catches up there since the writes leave it to it).
// Documents: bench/studio-docs.ts at 5,000 and 20,000 lines (the studio bench's), one NAPDEF NAME changed per write.
// Run it in another tree with the same file to compare versions: the figures are per write, the ratio to the floor.
//   npx tsx --expose-gc bench/autosave-bench.ts [--sizes 5000,20000] [--writes 30]
import { performance } from 'node:perf_hooks';
import { createMemoryDatabase, openLibrary, openMemoryStorage } from '../src/lib/library';
import { option } from './options';
import { studioDocument } from './studio-docs';

const SIZES = option('--sizes', '5000,20000').split(',').map(Number);
const WRITES = Number(option('--writes', '30'));

const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[sorted.length >> 1];
}

async function measure(lines: number): Promise<void> {
	const base = studioDocument(lines);
	const storage = await openMemoryStorage(createMemoryDatabase(`autosave-bench-${lines}`));
	const library = await openLibrary({ storage, channel: false });
	const created = await library.create({ name: 'bench', kind: 'cp', text: base });
	const session = await library.openDocument(created.document.id);
	const at = base.indexOf('Access point', base.length >> 1);
	const texts = Array.from({ length: WRITES + 3 }, (_, i) => `${base.slice(0, at)}Access point ${'x'.repeat(i + 1)}${base.slice(at + 'Access point'.length)}`);
	const writes: number[] = [];
	for (let i = 0; i < texts.length; i++) {
		gc();
		const t0 = performance.now();
		void session.saveDraft(texts[i]);
		await session.flush();
		if (i >= 3) writes.push(performance.now() - t0);
	}
	const t0 = performance.now();
	const found = library.search('access').total;
	const search = performance.now() - t0;
	if (found !== 1) throw new Error(`search found ${found} documents, not 1`);

	// The floor: the same record put through the same store, nothing else.
	const floors: number[] = [];
	for (let i = 0; i < WRITES; i++) {
		gc();
		const t1 = performance.now();
		await storage.run(['drafts'], 'readwrite', (tx) => tx.put('drafts', { documentId: 'floor', text: texts[i], revision: i + 1, updated: 0 }));
		floors.push(performance.now() - t1);
	}
	await library.close();
	const w = median(writes);
	const f = median(floors);
	console.log(
		`${String(lines).padStart(6)} lines  write median ${w.toFixed(2)} ms (max ${Math.max(...writes).toFixed(2)})  floor ${f.toFixed(2)} ms  ratio ${(w / f).toFixed(1)}x  first search after ${search.toFixed(1)} ms  [${WRITES} writes]`
	);
}

console.log(`autosave bench: one draft write of the open document, ${WRITES} writes a size, in-memory store`);
for (const lines of SIZES) await measure(lines);
