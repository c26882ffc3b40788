// The storage a page opens: IndexedDB when the browser gives it, else memory (nothing survives the tab;
// `persistent` is false so the page can say so). A database of a newer studio is not replaced by memory: that
// error goes to the page ('newer-schema', reload).
import { LibraryError } from '../error';
import { openIndexedDbStorage, DEFAULT_LIBRARY_NAME, type IndexedDbOptions } from './indexeddb';
import { createMemoryDatabase, openMemoryStorage } from './memory';
import type { LibraryStorage } from './storage';

export async function openDefaultStorage(options: IndexedDbOptions = {}): Promise<LibraryStorage> {
	try {
		return await openIndexedDbStorage(options);
	} catch (error) {
		if (error instanceof LibraryError && error.code === 'newer-schema') throw error;
		return openMemoryStorage(createMemoryDatabase(options.name ?? DEFAULT_LIBRARY_NAME), { now: options.now });
	}
}
