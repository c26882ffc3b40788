// Small helpers over stored records, shared by the library and import/export.
import type { SealedValue } from './model';

/** The record with `sealed` set to the values, or without the member when there are none. */
export function withSealed<T extends { sealed?: SealedValue[] }>(record: T, sealed: readonly SealedValue[]): T {
	if (sealed.length > 0) record.sealed = [...sealed];
	else delete record.sealed;
	return record;
}

/** Two stored texts that are the same, secrets included (sealed values compared byte for byte). */
export function sameStoredText(a: { text: string; sealed?: SealedValue[] }, b: { text: string; sealed?: SealedValue[] }): boolean {
	if (a.text !== b.text) return false;
	const x = a.sealed ?? [];
	const y = b.sealed ?? [];
	return x.length === y.length && x.every((v, i) => v.path === y[i].path && equalBytes(v.iv, y[i].iv) && equalBytes(v.data, y[i].data));
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
	return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Ids in code unit order (as IndexedDB orders string keys). */
export function compareIds(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}
