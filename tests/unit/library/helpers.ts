// Test helpers of the library tests: the two storage backends behind one face, databases built and read back
// through the raw IndexedDB API (not the library's code), a manual clock and timers, deterministic ids.
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { IDBFactory } from 'fake-indexeddb';
import {
	createMemoryDatabase,
	openIndexedDbStorage,
	openLibrary,
	openMemoryStorage,
	type Library,
	type LibraryOptions,
	type LibraryStorage,
	type MemoryDatabase,
	type MemorySnapshot,
	type Timers
} from '../../../src/lib/library';

/** One database, as every test sees it: connections to it (one per "tab"), and its stores read back raw. */
export interface TestDatabase {
	name: string;
	connect(now?: () => number): Promise<LibraryStorage>;
	/** Every store with every record, read without the library's code. */
	dump(): Promise<Record<string, unknown[]>>;
	/** The schema version and, per store, its key path and index names. */
	layout(): Promise<{ version: number; stores: Record<string, { keyPath: unknown; indexes: string[] }> }>;
	/** IndexedDB only: opens the database at a higher version, as a newer studio in another tab would. */
	bump?(version: number): Promise<void>;
}

export interface Backend {
	label: 'memory' | 'indexeddb';
	fresh(): TestDatabase;
	fromSnapshot(snapshot: MemorySnapshot): Promise<TestDatabase>;
}

let counter = 0;
/** A unique database name, so that BroadcastChannels of different tests never meet. */
export function uniqueName(): string {
	return `library-test-${process.pid}-${++counter}-${Math.random().toString(36).slice(2)}`;
}

function memoryDatabase(database: MemoryDatabase): TestDatabase {
	return {
		name: database.name,
		connect: (now) => openMemoryStorage(database, { now }),
		dump: async () => Object.fromEntries([...database.stores].map(([name, store]) => [name, [...store.records.values()].map((r) => structuredClone(r))])),
		layout: async () => ({
			version: database.version,
			stores: Object.fromEntries([...database.stores].map(([name, store]) => [name, { keyPath: store.layout.keyPath, indexes: store.layout.indexes.map((i) => i.name) }]))
		})
	};
}

function indexedDatabase(factory: IDBFactory, name: string): TestDatabase {
	return {
		name,
		connect: (now) => openIndexedDbStorage({ factory, name, now }),
		dump: () => dumpRawIndexedDb(factory, name),
		layout: () => rawLayout(factory, name),
		bump: (version) =>
			new Promise((resolve, reject) => {
				const request = factory.open(name, version);
				request.onsuccess = () => {
					request.result.close();
					resolve();
				};
				request.onerror = () => reject(request.error);
			})
	};
}

export const BACKENDS: Backend[] = [
	{
		label: 'memory',
		fresh: () => memoryDatabase(createMemoryDatabase(uniqueName())),
		fromSnapshot: async (snapshot) => memoryDatabase(createMemoryDatabase(uniqueName(), snapshot))
	},
	{
		label: 'indexeddb',
		fresh: () => indexedDatabase(new IDBFactory(), uniqueName()),
		fromSnapshot: async (snapshot) => {
			const factory = new IDBFactory();
			const name = uniqueName();
			await createRawIndexedDb(factory, name, snapshot);
			return indexedDatabase(factory, name);
		}
	}
];

function requestResult<T>(request: IDBRequest<T>): Promise<T> {
	return new Promise((resolve, reject) => {
		request.onsuccess = () => resolve(request.result);
		request.onerror = () => reject(request.error);
	});
}

/** Creates a database at `snapshot.version` with its stores, indexes and records, through the raw API. */
export function createRawIndexedDb(factory: IDBFactory, name: string, snapshot: MemorySnapshot): Promise<void> {
	return new Promise((resolve, reject) => {
		const request = factory.open(name, snapshot.version);
		request.onupgradeneeded = () => {
			const db = request.result;
			for (const [storeName, description] of Object.entries(snapshot.stores)) {
				const store = db.createObjectStore(storeName, { keyPath: description.keyPath });
				for (const index of description.indexes ?? []) store.createIndex(index.name, index.keyPath);
				for (const record of description.records) store.put(record);
			}
		};
		request.onsuccess = () => {
			request.result.close();
			resolve();
		};
		request.onerror = () => reject(request.error);
	});
}

/** The raw layout of a database: version, and per store its key path, index names and records. */
export async function rawLayout(factory: IDBFactory, name: string): Promise<{ version: number; stores: Record<string, { keyPath: unknown; indexes: string[] }> }> {
	const db = await requestResult(factory.open(name));
	const stores: Record<string, { keyPath: unknown; indexes: string[] }> = {};
	const names = [...db.objectStoreNames];
	if (names.length > 0) {
		const tx = db.transaction(names, 'readonly');
		for (const storeName of names) {
			const store = tx.objectStore(storeName);
			stores[storeName] = { keyPath: store.keyPath, indexes: [...store.indexNames] };
		}
	}
	const version = db.version;
	db.close();
	return { version, stores };
}

export async function dumpRawIndexedDb(factory: IDBFactory, name: string): Promise<Record<string, unknown[]>> {
	const db = await requestResult(factory.open(name));
	const names = [...db.objectStoreNames];
	const out: Record<string, unknown[]> = {};
	if (names.length > 0) {
		const tx = db.transaction(names, 'readonly');
		for (const storeName of names) out[storeName] = await requestResult(tx.objectStore(storeName).getAll());
	}
	db.close();
	return out;
}

export function v1Fixture(): MemorySnapshot {
	return JSON.parse(readFileSync(new URL('../../fixtures/library/v1-library.json', import.meta.url), 'utf8')) as MemorySnapshot;
}

/** A clock and timers the test moves by hand. */
export class ManualClock implements Timers {
	time: number;
	#next = 1;
	#queue: { at: number; id: number; callback: () => void }[] = [];

	constructor(start = Date.UTC(2025, 2, 1, 10, 0, 0)) {
		this.time = start;
	}

	readonly now = (): number => this.time;

	set(callback: () => void, ms: number): unknown {
		const id = this.#next++;
		this.#queue.push({ at: this.time + ms, id, callback });
		return id;
	}

	clear(handle: unknown): void {
		this.#queue = this.#queue.filter((t) => t.id !== handle);
	}

	/** Timers pending, as delays from now. */
	get pending(): number[] {
		return this.#queue.map((t) => t.at - this.time);
	}

	/** Moves time forward, running each timer that falls due (in order). */
	advance(ms: number): void {
		const end = this.time + ms;
		for (;;) {
			const due = this.#queue.filter((t) => t.at <= end).sort((a, b) => a.at - b.at || a.id - b.id)[0];
			if (due === undefined) break;
			this.#queue = this.#queue.filter((t) => t !== due);
			this.time = due.at;
			due.callback();
		}
		this.time = end;
	}
}

/** Ids `<prefix>1`, `<prefix>2`, … */
export function ids(prefix: string): () => string {
	let n = 0;
	return () => `${prefix}${++n}`;
}

/** A library on a connection to `database`, with a manual clock and ids `<prefix>N`. */
export async function tab(database: TestDatabase, clock: ManualClock, prefix: string, options: Partial<LibraryOptions> = {}): Promise<Library> {
	const storage = await database.connect(clock.now);
	return openLibrary({ storage, now: clock.now, newId: ids(prefix), timers: clock, ...options });
}

/** Resolves once every message posted so far on BroadcastChannels has been delivered and handled. */
export async function settle(): Promise<void> {
	for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 5));
}

/** Every string in a value, and every byte array as text (latin1) — to search a dump for a secret. */
export function everything(value: unknown): string {
	if (typeof value === 'string') return value;
	if (value instanceof Uint8Array) return `${Buffer.from(value).toString('latin1')}|${Buffer.from(value).toString('utf8')}`;
	if (Array.isArray(value)) return value.map(everything).join('\n');
	if (typeof value === 'object' && value !== null) return Object.entries(value).map(([k, v]) => `${k}:${everything(v)}`).join('\n');
	return String(value);
}
