// The document open last, remembered across reloads as its id alone (never its text, never a secret) in the
// browser's localStorage, under one key of the studio's.
export const LAST_DOCUMENT_KEY = 'provisioning-studio:last-document';

/** What the page gives: window.localStorage, or nothing (server rendering, storage refused). */
export interface KeyValueStore {
	getItem(key: string): string | null;
	setItem(key: string, value: string): void;
	removeItem(key: string): void;
}

// Library ids are UUIDs or imported ids (transfer.ts: 1–64 of A–Z a–z 0–9 _ -); anything else is not ours.
const ID = /^[A-Za-z0-9_-]{1,64}$/;

export function readLastDocument(store: KeyValueStore | undefined): string | undefined {
	try {
		const id = store?.getItem(LAST_DOCUMENT_KEY) ?? null;
		return id !== null && ID.test(id) ? id : undefined;
	} catch {
		return undefined;
	}
}

export function rememberLastDocument(store: KeyValueStore | undefined, id: string | undefined): void {
	try {
		if (id === undefined) store?.removeItem(LAST_DOCUMENT_KEY);
		else store?.setItem(LAST_DOCUMENT_KEY, id);
	} catch {
		// Storage refused (private mode, quota): the next start opens the most recent document instead.
	}
}
