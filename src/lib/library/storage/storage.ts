// The storage the library runs on: a few named stores of records with a key path, read and written in
// transactions. Two implementations pass the same contract tests: IndexedDB through `idb` (the browser's own
// store, the default) and memory (tests, and the fallback when a browser offers no IndexedDB, e.g. some private
// modes — then nothing survives the tab, and `persistent` says so).
import type { DocumentRecord, DraftRecord, MetaRecord, VersionRecord } from '../model';

export interface StoreRecords {
	documents: DocumentRecord;
	drafts: DraftRecord;
	versions: VersionRecord;
	meta: MetaRecord;
}

export type StoreName = keyof StoreRecords;

/** The indexes of each store (schema.ts creates them): versions are listed by their document. */
export interface StoreIndexes {
	versions: 'documentId';
}

export type IndexedStore = keyof StoreIndexes;

export type TransactionMode = 'readonly' | 'readwrite';

/**
 * One transaction: all its writes are applied together, or none when `work` throws. `work` may await only the
 * operations of its transaction (IndexedDB commits a transaction as soon as it has nothing pending): crypto and
 * other I/O happen before or after.
 */
export interface StorageTransaction {
	get<S extends StoreName>(store: S, key: string): Promise<StoreRecords[S] | undefined>;
	/** Every record, in key order. */
	getAll<S extends StoreName>(store: S): Promise<StoreRecords[S][]>;
	/** The records whose index key equals `key`, in primary key order. */
	getAllByIndex<S extends IndexedStore>(store: S, index: StoreIndexes[S], key: string): Promise<StoreRecords[S][]>;
	put<S extends StoreName>(store: S, record: StoreRecords[S]): Promise<void>;
	delete(store: StoreName, key: string): Promise<void>;
}

export interface LibraryStorage {
	readonly kind: 'memory' | 'indexeddb';
	/** The database name: libraries with the same name (and storage) are one library, in every tab. */
	readonly name: string;
	/** Whether the records outlive the page (false for memory). */
	readonly persistent: boolean;
	/** What opening did to an older database (schema.ts), if it had to upgrade one. */
	readonly upgrade: UpgradeReport | undefined;
	run<T>(stores: readonly StoreName[], mode: TransactionMode, work: (tx: StorageTransaction) => Promise<T>): Promise<T>;
	/** Called when another connection needs this one closed (a newer schema opening in another tab). */
	onClosedByUpgrade(listener: () => void): void;
	close(): void;
}

/** The result of upgrading a database written by an older release. */
export interface UpgradeReport {
	from: number;
	to: number;
	/** Secret values found in clear in the old records and removed (they must be entered again). */
	secretsRemoved: { documentId: string; documentName: string; in: 'draft' | number; name: string; path: string; line: number; column: number }[];
	/** Versions whose document no longer existed, dropped. */
	orphanVersionsDropped: number;
}
