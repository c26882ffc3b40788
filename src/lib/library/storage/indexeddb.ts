// The storage in the browser: one IndexedDB database per library (through `idb`, which turns requests into
// promises). Opening it at SCHEMA_VERSION runs the upgrade (schema.ts) inside IndexedDB's versionchange
// transaction, so an upgrade is all or nothing; a database of a newer schema is refused. When another tab opens
// a newer schema, this connection is closed (IndexedDB's versionchange event) and the library tells its page.
import { wrap, type IDBPDatabase, type IDBPTransaction } from 'idb';
import { LibraryError } from '../error';
import { SCHEMA_VERSION, upgradeSchema, type SchemaUpgrade } from './schema';
import type { LibraryStorage, StorageTransaction, StoreName, TransactionMode, UpgradeReport } from './storage';

export const DEFAULT_LIBRARY_NAME = 'provisioning-studio-library';

export interface IndexedDbOptions {
	/** Database name; DEFAULT_LIBRARY_NAME by default. */
	name?: string;
	/** The IndexedDB factory: globalThis.indexedDB by default (fake-indexeddb's in tests). */
	factory?: IDBFactory;
	now?: () => number;
}

export async function openIndexedDbStorage(options: IndexedDbOptions = {}): Promise<LibraryStorage> {
	const name = options.name ?? DEFAULT_LIBRARY_NAME;
	const factory = options.factory ?? (globalThis as { indexedDB?: IDBFactory }).indexedDB;
	if (factory === undefined) throw new LibraryError('storage', 'this browser offers no IndexedDB: the library cannot be kept');
	let request: IDBOpenDBRequest;
	try {
		request = factory.open(name, SCHEMA_VERSION);
	} catch (error) {
		throw new LibraryError('storage', `the browser refused to open the library: ${describe(error)}`);
	}
	let report: UpgradeReport | undefined;
	let upgradeFailure: unknown;
	request.addEventListener('upgradeneeded', (event) => {
		const db = wrap(request.result) as IDBPDatabase<unknown>;
		const tx = wrap(request.transaction as IDBTransaction) as unknown as IDBPTransaction<unknown, string[], 'versionchange'>;
		// A failed upgrade aborts: the open request reports it; this promise must not report it a second time.
		tx.done.catch(() => undefined);
		upgradeSchema(idbUpgrade(db, tx), event.oldVersion, (options.now ?? Date.now)()).then(
			(result) => (report = result),
			(error: unknown) => {
				upgradeFailure = error;
				try {
					tx.abort();
				} catch {
					// Already finished: the open request reports the failure.
				}
			}
		);
	});
	let db: IDBPDatabase<unknown>;
	try {
		db = (await wrap(request)) as IDBPDatabase<unknown>;
	} catch (error) {
		if (error instanceof DOMException && error.name === 'VersionError') {
			throw new LibraryError('newer-schema', `this library was written by a newer studio (this studio reads schema version ${SCHEMA_VERSION}): reload the page`);
		}
		const cause = upgradeFailure ?? error;
		throw new LibraryError('storage', `the library could not be opened: ${describe(cause)}`);
	}
	return new IndexedDbStorage(name, db, report);
}

function idbUpgrade(db: IDBPDatabase<unknown>, tx: IDBPTransaction<unknown, string[], 'versionchange'>): SchemaUpgrade {
	return {
		storeNames: () => [...db.objectStoreNames],
		createStore: (name, layout) => {
			const store = db.createObjectStore(name, { keyPath: layout.keyPath });
			for (const index of layout.indexes) store.createIndex(index.name, index.keyPath);
		},
		deleteStore: (name) => db.deleteObjectStore(name),
		createIndex: (store, index) => void tx.objectStore(store).createIndex(index.name, index.keyPath),
		deleteIndex: (store, name) => tx.objectStore(store).deleteIndex(name),
		indexNames: (store) => [...tx.objectStore(store).indexNames],
		getAll: (store) => tx.objectStore(store).getAll(),
		put: async (store, record) => void (await tx.objectStore(store).put(record)),
		delete: async (store, key) => void (await tx.objectStore(store).delete(key))
	};
}

class IndexedDbStorage implements LibraryStorage {
	readonly kind = 'indexeddb';
	readonly persistent = true;
	#closed = false;
	#onClosedByUpgrade: (() => void)[] = [];

	constructor(
		readonly name: string,
		readonly db: IDBPDatabase<unknown>,
		readonly upgrade: UpgradeReport | undefined
	) {
		// Another tab opens a newer schema: let it (close), and tell the library so it tells the page.
		db.addEventListener('versionchange', () => {
			this.close();
			for (const listener of this.#onClosedByUpgrade) listener();
		});
	}

	async run<T>(stores: readonly StoreName[], mode: TransactionMode, work: (tx: StorageTransaction) => Promise<T>): Promise<T> {
		if (this.#closed) throw new LibraryError('closed', 'the library is closed');
		// Typed as read-write: a read-only transaction that writes fails in IndexedDB (ReadOnlyError), as in memory.
		const tx = this.db.transaction([...stores], mode) as unknown as IDBPTransaction<unknown, string[], 'readwrite'>;
		const done = tx.done;
		done.catch(() => undefined);
		const transaction: StorageTransaction = {
			get: (store, key) => tx.objectStore(store).get(key),
			getAll: (store) => tx.objectStore(store).getAll(),
			getAllByIndex: (store, index, key) => tx.objectStore(store).index(index).getAll(key),
			put: async (store, record) => void (await tx.objectStore(store).put(record)),
			delete: async (store, key) => void (await tx.objectStore(store).delete(key))
		} as StorageTransaction;
		try {
			const result = await work(transaction);
			await done;
			return result;
		} catch (error) {
			try {
				tx.abort();
			} catch {
				// Already committed or aborted.
			}
			throw error;
		}
	}

	onClosedByUpgrade(listener: () => void): void {
		this.#onClosedByUpgrade.push(listener);
	}

	close(): void {
		if (this.#closed) return;
		this.#closed = true;
		this.db.close();
	}
}

function describe(error: unknown): string {
	if (error instanceof LibraryError) return error.message;
	if (error instanceof DOMException || error instanceof Error) return `${error.name}: ${error.message}`;
	return String(error);
}
