// The storage in memory: a MemoryDatabase holds the stores (the "database", shared by every connection to it, as
// one IndexedDB database is shared by tabs), openMemoryStorage gives a connection. Transactions run one at a
// time, see their own writes, and commit together or not at all; records are structured-cloned in and out, as
// IndexedDB does, so a caller never holds a stored object. A database can start from a snapshot in an older
// schema (a fixture): opening upgrades it through the same code as IndexedDB (schema.ts).
import { LibraryError } from '../error';
import { SCHEMA_VERSION, upgradeSchema, type IndexLayout, type SchemaUpgrade, type StoreLayout } from './schema';
import type { LibraryStorage, StorageTransaction, StoreName, TransactionMode, UpgradeReport } from './storage';

/** A database described as data: its version and, per store, its key path, indexes and records. */
export interface MemorySnapshot {
	version: number;
	stores: Record<string, { keyPath: string; indexes?: readonly IndexLayout[]; records: readonly unknown[] }>;
}

interface MemoryStore {
	layout: StoreLayout;
	records: Map<string, unknown>;
}

export class MemoryDatabase {
	version = 0;
	stores = new Map<string, MemoryStore>();
	#queue: Promise<unknown> = Promise.resolve();
	readonly connections = new Set<MemoryStorage>();

	constructor(readonly name: string, snapshot?: MemorySnapshot) {
		if (snapshot === undefined) return;
		this.version = snapshot.version;
		for (const [store, description] of Object.entries(snapshot.stores)) {
			const records = new Map<string, unknown>();
			for (const record of description.records) records.set(keyOf(record, description.keyPath), structuredClone(record));
			this.stores.set(store, { layout: { keyPath: description.keyPath, indexes: description.indexes ?? [] }, records });
		}
	}

	/** Runs `work` alone: after every transaction queued before it, before every one queued after. */
	exclusive<T>(work: () => Promise<T>): Promise<T> {
		const result = this.#queue.then(work);
		this.#queue = result.catch(() => undefined);
		return result;
	}
}

export function createMemoryDatabase(name = 'provisioning-studio-library', snapshot?: MemorySnapshot): MemoryDatabase {
	return new MemoryDatabase(name, snapshot);
}

/** A connection to the database, upgraded to the current schema first. */
export async function openMemoryStorage(database: MemoryDatabase, options: { now?: () => number } = {}): Promise<LibraryStorage> {
	if (database.version > SCHEMA_VERSION) {
		throw new LibraryError('newer-schema', `this library was written by a newer studio (schema version ${database.version}; this studio reads up to ${SCHEMA_VERSION}): reload the page`);
	}
	const upgrade = await database.exclusive(async () => {
		if (database.version === SCHEMA_VERSION) return undefined;
		// Upgrade a copy and swap it in at the end: a failed upgrade leaves the database as it was.
		const copy = new Map([...database.stores].map(([name, store]) => [name, { layout: store.layout, records: new Map(store.records) }]));
		let report: UpgradeReport | undefined;
		try {
			report = await upgradeSchema(memoryUpgrade(copy), database.version, (options.now ?? Date.now)());
		} catch (error) {
			throw new LibraryError('storage', `the library could not be opened: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
		}
		database.stores = copy;
		database.version = SCHEMA_VERSION;
		for (const connection of database.connections) connection.closedByUpgrade();
		return report;
	});
	const storage = new MemoryStorage(database, upgrade);
	database.connections.add(storage);
	return storage;
}

function memoryUpgrade(stores: Map<string, MemoryStore>): SchemaUpgrade {
	const store = (name: string): MemoryStore => {
		const found = stores.get(name);
		if (found === undefined) throw new DOMException(`no object store named ${name}`, 'NotFoundError');
		return found;
	};
	return {
		storeNames: () => [...stores.keys()],
		createStore: (name, layout) => void stores.set(name, { layout: { keyPath: layout.keyPath, indexes: [...layout.indexes] }, records: new Map() }),
		deleteStore: (name) => void stores.delete(name),
		createIndex: (name, index) => {
			const s = store(name);
			s.layout = { ...s.layout, indexes: [...s.layout.indexes, index] };
		},
		deleteIndex: (name, index) => {
			const s = store(name);
			s.layout = { ...s.layout, indexes: s.layout.indexes.filter((i) => i.name !== index) };
		},
		indexNames: (name) => store(name).layout.indexes.map((i) => i.name),
		getAll: async (name) => sortedValues(store(name).records).map((r) => structuredClone(r)),
		put: async (name, record) => {
			const s = store(name);
			s.records.set(keyOf(record, s.layout.keyPath), structuredClone(record));
		},
		delete: async (name, key) => void store(name).records.delete(key)
	};
}

const DELETED = Symbol('deleted');

export class MemoryStorage implements LibraryStorage {
	readonly kind = 'memory';
	readonly persistent = false;
	#closed = false;
	#onClosedByUpgrade: (() => void)[] = [];

	constructor(
		readonly database: MemoryDatabase,
		readonly upgrade: UpgradeReport | undefined
	) {}

	get name(): string {
		return this.database.name;
	}

	run<T>(stores: readonly StoreName[], mode: TransactionMode, work: (tx: StorageTransaction) => Promise<T>): Promise<T> {
		if (this.#closed) return Promise.reject(new LibraryError('closed', 'the library is closed'));
		const database = this.database;
		return database.exclusive(async () => {
			const staged = new Map<string, Map<string, unknown>>();
			const scope = new Set<string>(stores);
			const storeOf = (name: string): MemoryStore => {
				const store = database.stores.get(name);
				// IndexedDB throws NotFoundError for a store outside the transaction's scope: so does memory, so
				// that a missing store name fails in the memory tests too.
				if (!scope.has(name) || store === undefined) throw new DOMException(`store ${name} is not in this transaction`, 'NotFoundError');
				return store;
			};
			const read = (name: string): Map<string, unknown> => {
				const base = storeOf(name).records;
				const writes = staged.get(name);
				if (writes === undefined || writes.size === 0) return base;
				const merged = new Map(base);
				for (const [key, value] of writes) {
					if (value === DELETED) merged.delete(key);
					else merged.set(key, value);
				}
				return merged;
			};
			const write = (name: string, key: string, value: unknown): void => {
				storeOf(name);
				if (mode !== 'readwrite') throw new DOMException('the transaction is read-only', 'ReadOnlyError');
				let writes = staged.get(name);
				if (writes === undefined) staged.set(name, (writes = new Map()));
				writes.set(key, value);
			};
			const tx: StorageTransaction = {
				get: async (name, key) => {
					const writes = staged.get(name);
					const value = writes?.has(key) ? writes.get(key) : storeOf(name).records.get(key);
					return value === DELETED || value === undefined ? undefined : structuredClone(value as never);
				},
				getAll: async (name) => sortedValues(read(name)).map((value) => structuredClone(value as never)),
				getAllByIndex: async (name, index, key) => {
					const layout = storeOf(name).layout.indexes.find((i) => i.name === index);
					if (layout === undefined) throw new DOMException(`no index ${index} on ${name}`, 'NotFoundError');
					return sortedValues(read(name))
						.filter((value) => (value as Record<string, unknown>)[layout.keyPath] === key)
						.map((value) => structuredClone(value as never));
				},
				put: async (name, record) => write(name, keyOf(record, storeOf(name).layout.keyPath), structuredClone(record)),
				delete: async (name, key) => write(name, key, DELETED)
			};
			const result = await work(tx);
			for (const [name, writes] of staged) {
				const records = storeOf(name).records;
				for (const [key, value] of writes) {
					if (value === DELETED) records.delete(key);
					else records.set(key, value);
				}
			}
			return result;
		});
	}

	onClosedByUpgrade(listener: () => void): void {
		this.#onClosedByUpgrade.push(listener);
	}

	/** Another connection upgraded the database: this one, opened on the older layout, is closed. */
	closedByUpgrade(): void {
		if (this.#closed) return;
		this.close();
		for (const listener of this.#onClosedByUpgrade) listener();
	}

	close(): void {
		this.#closed = true;
		this.database.connections.delete(this);
	}
}

function keyOf(record: unknown, keyPath: string): string {
	const key = typeof record === 'object' && record !== null ? (record as Record<string, unknown>)[keyPath] : undefined;
	if (typeof key !== 'string') throw new DOMException(`the record has no string key at ${keyPath}`, 'DataError');
	return key;
}

/** Values in key order (IndexedDB orders string keys by code unit, as `<` does). */
function sortedValues(records: Map<string, unknown>): unknown[] {
	return [...records.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).map((key) => records.get(key));
}
