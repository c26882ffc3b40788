// Document library (issue 9, Performance: "Library with 10,000 documents: open, search and import times"), in Node
// over fake-indexeddb — the same library code a page runs over the browser's IndexedDB; Chromium figures come
// from the page bench. Each figure has a peer measured in the same run on the same data, so it reads as a ratio:
//   import  library.importLibrary(file): parse + check the whole file, the secret rule on every text, one
//           transaction — vs the floor: JSON.parse of the same file and a raw IndexedDB put of the same records.
//   open    openLibrary on the filled database until the list is ready: read every document and draft — vs the
//           floor: raw getAll of the two stores.
//   index   the first search, which indexes every draft (or prepareSearch() in idle time before it) — vs what
//           the linear scan below needs first: every text lower-cased once.
//   search  library.search(q, { limit: 50 }) (inverted index, search.ts) — vs a linear scan of every name, tag and
//           draft text (lower-cased in memory) with the same word-start rule and the same ranking (name, then tags,
//           then text; recent first); both must give the same total and the same 50 documents in the same order.
//   export  library.exportLibrary() — vs raw getAll of the three stores + JSON.stringify.
// Workload: BENCH_LIBRARY_DOCS (default 10,000) CP documents from bench/corpus.ts (the tests/fixtures/prov corpus,
// each made distinct), two tags each (20 operators × 7 batches), one version each.
//   npx tsx --expose-gc bench/library-bench.ts [--docs 10000] [--runs 3] [--search-runs 20]
import 'fake-indexeddb/auto';
import { performance } from 'node:perf_hooks';
import { IDBFactory } from 'fake-indexeddb';
import { openIndexedDbStorage, openLibrary, type Library } from '../src/lib/library';
import { indexAtWordStart } from '../src/lib/library/search';
import { workload } from './corpus';
import { option } from './options';

const DOCS = Number(option('--docs', '10000'));
const RUNS = Number(option('--runs', '3'));
const SEARCH_RUNS = Number(option('--search-runs', '20'));
const T0 = Date.UTC(2025, 2, 1, 10, 0, 0);
const QUERIES = ['napdef', 'internet', 'w7', 'operator-7', 'apn-1234', 'example.com', 'to-napid', 'proxy http', 'zzz-nothing'];

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)];
}

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
	const start = performance.now();
	const value = await work();
	return { ms: performance.now() - start, value };
}

function exportFile(count: number): string {
	const texts = workload(count);
	const iso = (i: number): string => new Date(T0 + i * 1000).toISOString();
	const documents = texts.map((text, i) => ({
		id: `doc-${i}`,
		name: `${/name="NAME" value="([^"]*)"/.exec(text)?.[1]?.trim() || 'Document'} ${i}`,
		kind: 'cp',
		tags: [`operator-${i % 20}`, `batch-${i % 7}`],
		created: iso(i),
		updated: iso(i),
		draft: text,
		versions: [{ id: `ver-${i}`, number: 1, message: 'first', origin: 'save', created: iso(i), text: text.replace('version="1.0"', 'version="1.1"') }]
	}));
	return JSON.stringify({ format: 'provisioning-studio-library', version: 1, exported: iso(count), secrets: 'omitted', documents });
}

function request<T>(r: IDBRequest<T>): Promise<T> {
	return new Promise((resolve, reject) => {
		r.onsuccess = () => resolve(r.result);
		r.onerror = () => reject(r.error);
	});
}

function done(tx: IDBTransaction): Promise<void> {
	return new Promise((resolve, reject) => {
		tx.oncomplete = () => resolve();
		tx.onerror = () => reject(tx.error);
		tx.onabort = () => reject(tx.error);
	});
}

/** The floor of an import: parse the file and put its records raw, in one transaction, nothing checked. */
async function rawImport(factory: IDBFactory, name: string, file: string): Promise<void> {
	(await openIndexedDbStorage({ factory, name })).close();
	const db = await request(factory.open(name));
	const parsed = JSON.parse(file) as { documents: { id: string; name: string; kind: string; tags: string[]; created: string; updated: string; draft: string; versions: { id: string; number: number; message: string; origin: string; created: string; text: string }[] }[] };
	const tx = db.transaction(['documents', 'drafts', 'versions'], 'readwrite');
	for (const d of parsed.documents) {
		const created = Date.parse(d.created);
		const updated = Date.parse(d.updated);
		tx.objectStore('documents').put({ id: d.id, name: d.name, kind: d.kind, tags: d.tags, created, updated, revision: 1, nameRevision: 1, versionCount: d.versions.length, lastVersion: d.versions.length });
		tx.objectStore('drafts').put({ documentId: d.id, text: d.draft, revision: 1, updated });
		for (const v of d.versions) tx.objectStore('versions').put({ id: v.id, documentId: d.id, number: v.number, message: v.message, origin: v.origin, created: Date.parse(v.created), text: v.text });
	}
	await done(tx);
	db.close();
}

async function rawRead(factory: IDBFactory, name: string, stores: string[]): Promise<unknown[][]> {
	const db = await request(factory.open(name));
	const tx = db.transaction(stores, 'readonly');
	const out = await Promise.all(stores.map((store) => request(tx.objectStore(store).getAll())));
	db.close();
	return out;
}

/** The peer of search: every name, tag and text lower-cased once, then each scanned for every term, then ranked. */
class LinearScan {
	#docs: { id: string; name: string; tags: string[]; text: string; updated: number }[];
	constructor(docs: { id: string; name: string; tags: readonly string[]; text: string; updated: number }[]) {
		this.#docs = docs.map((d) => ({ id: d.id, name: d.name.toLowerCase(), tags: d.tags.map((t) => t.toLowerCase()), text: d.text.toLowerCase(), updated: d.updated }));
	}
	search(query: string, limit: number): { total: number; top: string[] } {
		const terms = query.toLowerCase().split(/\s+/).filter((t) => t !== '');
		const hits: { id: string; rank: number; updated: number }[] = [];
		for (const d of this.#docs) {
			let name = false;
			let tags = false;
			let ok = true;
			for (const t of terms) {
				const n = indexAtWordStart(d.name, t) >= 0;
				const g = d.tags.some((tag) => indexAtWordStart(tag, t) >= 0);
				if (!n && !g && indexAtWordStart(d.text, t) < 0) {
					ok = false;
					break;
				}
				name ||= n;
				tags ||= g;
			}
			if (ok) hits.push({ id: d.id, rank: name ? 0 : tags ? 1 : 2, updated: d.updated });
		}
		hits.sort((a, b) => a.rank - b.rank || b.updated - a.updated || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
		return { total: hits.length, top: hits.slice(0, limit).map((h) => h.id) };
	}
}

const ms = (value: number): string => `${value.toFixed(value < 10 ? 2 : 0)} ms`;
const ratio = (a: number, b: number): string => `${(a / b).toFixed(a / b < 10 ? 2 : 0)}x`;

async function main(): Promise<void> {
	const file = exportFile(DOCS);
	console.log(`library bench: ${DOCS} CP documents (${(file.length / 1048576).toFixed(1)} MiB export file, one version each), fake-indexeddb in Node ${process.version}; median of ${RUNS} runs`);

	const imports: number[] = [];
	const raws: number[] = [];
	const opens: number[] = [];
	const firstSearches: number[] = [];
	const lowercases: number[] = [];
	const reads: number[] = [];
	const exports: number[] = [];
	const rawExports: number[] = [];
	let library: Library | undefined;
	let keptOut = 0;
	for (let run = 0; run < RUNS; run++) {
		const factory = new IDBFactory();
		raws.push((await timed(() => rawImport(new IDBFactory(), 'raw', file))).ms);
		const empty = await openLibrary({ storage: await openIndexedDbStorage({ factory, name: 'bench' }), channel: false });
		const imported = await timed(() => empty.importLibrary(file));
		if (imported.value.added !== DOCS) throw new Error(`imported ${imported.value.added} documents, expected ${DOCS}`);
		keptOut = imported.value.keptOut.length;
		imports.push(imported.ms);
		await empty.close();
		reads.push((await timed(() => rawRead(factory, 'bench', ['documents', 'drafts']))).ms);
		library?.storage.close();
		const opened = await timed(async () => openLibrary({ storage: await openIndexedDbStorage({ factory, name: 'bench' }), channel: false }));
		opens.push(opened.ms);
		library = opened.value;
		if (library.list().length !== DOCS) throw new Error(`opened ${library.list().length} documents, expected ${DOCS}`);
		const open = library;
		firstSearches.push((await timed(async () => open.search('napdef'))).ms);
		const [, drafts] = (await rawRead(factory, 'bench', ['documents', 'drafts'])) as [unknown[], { text: string }[]];
		lowercases.push((await timed(async () => drafts.map((d) => d.text.toLowerCase()))).ms);
		exports.push((await timed(() => open.exportLibrary())).ms);
		rawExports.push((await timed(async () => JSON.stringify(await rawRead(factory, 'bench', ['documents', 'drafts', 'versions'])))).ms);
	}
	if (library === undefined) return;
	console.log(`  import   ${ms(median(imports))}  vs raw parse + put ${ms(median(raws))}  = ${ratio(median(imports), median(raws))} (secret rule kept ${keptOut} values out)`);
	console.log(`  open     ${ms(median(opens))}  vs raw getAll documents + drafts ${ms(median(reads))}  = ${ratio(median(opens), median(reads))} (the list is ready)`);
	console.log(`  index    ${ms(median(firstSearches))} (first search)  vs lower-casing every text ${ms(median(lowercases))}  = ${ratio(median(firstSearches), median(lowercases))}`);
	console.log(`  export   ${ms(median(exports))}  vs raw getAll + JSON.stringify ${ms(median(rawExports))}  = ${ratio(median(exports), median(rawExports))}`);

	// What the open library holds (records, texts, search index), with fake-indexeddb's copy of the database.
	const collect = (globalThis as { gc?: () => void }).gc;
	collect?.();
	const heap = process.memoryUsage().heapUsed;
	const docs = await Promise.all(library.list().map(async (d) => ({ id: d.id, name: d.name, tags: d.tags, updated: d.updated, text: (await library.readDraft(d.id)).text })));
	const scan = new LinearScan(docs);
	for (const query of QUERIES) {
		const ours: number[] = [];
		const peer: number[] = [];
		let total = 0;
		let top: string[] = [];
		let found = { total: 0, top: [] as string[] };
		for (let i = 0; i < SEARCH_RUNS; i++) {
			const start = performance.now();
			const result = library.search(query, { limit: 50 });
			ours.push(performance.now() - start);
			total = result.total;
			top = result.hits.map((h) => h.document.id);
			const startScan = performance.now();
			found = scan.search(query, 50);
			peer.push(performance.now() - startScan);
		}
		if (total !== found.total || top.join() !== found.top.join()) throw new Error(`search "${query}": the index gave ${total} hits, the linear scan ${found.total}, or another first 50`);
		const speed = median(peer) / median(ours);
		console.log(`  search ${JSON.stringify(query).padEnd(14)} ${String(total).padStart(6)} hits  ${ms(median(ours)).padStart(9)}  vs linear scan ${ms(median(peer)).padStart(9)}  = ${speed.toFixed(speed < 10 ? 1 : 0)}x faster`);
	}
	if (collect !== undefined) console.log(`  heap used after gc with the library open and indexed: ${(heap / 1048576).toFixed(0)} MiB (its records, texts and index, and fake-indexeddb's copy of the database)`);
	await library.close();
}

await main();
