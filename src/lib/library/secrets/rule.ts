// The secret rule, applied to every text before it reaches storage (drafts, versions, imports, the v1 upgrade)
// and undone, as far as the session allows, when a text is read:
// - the stored text always has the placeholder where a secret value was (so search, compare and export never see
//   a value, whatever the setting);
// - with "keep secrets" on and the passphrase entered, each value is sealed (seal.ts) beside the text;
// - otherwise the value is not stored at all, and the caller gets its field (name, path, line:column) to say
//   which values must be entered again.
import type { SealedValue, SecretField } from '../model';
import { findSecretSpans, holdsPlaceholder, lineColumns, replaceSpans, type SecretSpan } from './scan';
import { openText, sealText, valueAad } from './seal';

export interface ProtectedText {
	/** The text to store. */
	text: string;
	/** Values sealed now (key given). */
	sealed: SealedValue[];
	/** Values not stored (no key): their fields, positions in the text given. */
	keptOut: SecretField[];
	/** Paths of fields that already held the placeholder: sealed values stored earlier for them stay valid. */
	placeholderPaths: string[];
}

export function fieldsOf(text: string, spans: readonly SecretSpan[]): SecretField[] {
	const positions = lineColumns(
		text,
		spans.map((s) => s.start)
	);
	return spans.map((span, i) => ({ name: span.name, path: span.path, line: positions[i].line, column: positions[i].column }));
}

export async function protectText(text: string, documentId: string, key: CryptoKey | undefined): Promise<ProtectedText> {
	const spans = findSecretSpans(text);
	if (spans.length === 0) return { text, sealed: [], keptOut: [], placeholderPaths: [] };
	const values = spans.filter((span) => !holdsPlaceholder(text, span));
	const placeholderPaths = spans.filter((span) => holdsPlaceholder(text, span)).map((span) => span.path);
	const stored = replaceSpans(text, spans);
	if (key === undefined) return { text: stored, sealed: [], keptOut: fieldsOf(text, values), placeholderPaths };
	const sealed = await Promise.all(
		values.map(async (span) => ({ path: span.path, ...(await sealText(key, text.slice(span.start, span.end), valueAad(documentId, span.path))) }))
	);
	return { text: stored, sealed, keptOut: [], placeholderPaths };
}

/** Synchronous keep-out (no key): what the v1 upgrade applies inside its transaction. */
export function keepOut(text: string): { text: string; keptOut: SecretField[] } {
	const spans = findSecretSpans(text);
	if (spans.length === 0) return { text, keptOut: [] };
	const values = spans.filter((span) => !holdsPlaceholder(text, span));
	return { text: replaceSpans(text, spans), keptOut: fieldsOf(text, values) };
}

/**
 * The sealed values to store with a new text: those sealed now, plus earlier ones whose field still holds the
 * placeholder (the text was edited while locked, or the value was not touched). Earlier values whose field now
 * holds a new value, or no longer exists, are dropped: a stale password never comes back.
 */
export function carrySealed(fresh: readonly SealedValue[], previous: readonly SealedValue[] | undefined, placeholderPaths: readonly string[]): SealedValue[] {
	const out = [...fresh];
	if (previous === undefined || previous.length === 0) return out;
	const wanted = new Map<string, number>();
	for (const path of placeholderPaths) wanted.set(path, (wanted.get(path) ?? 0) + 1);
	for (const value of previous) {
		const left = wanted.get(value.path) ?? 0;
		if (left > 0) {
			out.push(value);
			wanted.set(value.path, left - 1);
		}
	}
	return out;
}

export interface RevealedText {
	text: string;
	/** Secret fields still holding the placeholder: the user must enter them again (positions in `text`). */
	missingSecrets: SecretField[];
	/** Sealed values exist but the passphrase was not entered in this session. */
	locked: boolean;
}

/** The stored text with every sealed value the key opens put back. */
export async function revealText(stored: string, sealed: readonly SealedValue[] | undefined, documentId: string, key: CryptoKey | undefined): Promise<RevealedText> {
	const spans = findSecretSpans(stored);
	if (spans.length === 0) return { text: stored, missingSecrets: [], locked: false };
	const hasSealed = sealed !== undefined && sealed.length > 0;
	let text = stored;
	if (hasSealed && key !== undefined) {
		const byPath = new Map<string, string[]>();
		for (const value of sealed) {
			const plain = await openText(key, value, valueAad(documentId, value.path));
			if (plain === undefined) continue;
			const queue = byPath.get(value.path) ?? [];
			queue.push(plain);
			byPath.set(value.path, queue);
		}
		const values = spans.map((span) => (holdsPlaceholder(stored, span) ? byPath.get(span.path)?.shift() : undefined));
		text = replaceSpans(stored, spans, spans.map((span, i) => values[i] ?? stored.slice(span.start, span.end)));
	}
	const missing = text === stored ? spans.filter((span) => holdsPlaceholder(stored, span)) : findSecretSpans(text).filter((span) => holdsPlaceholder(text, span));
	return { text, missingSecrets: fieldsOf(text, missing), locked: hasSealed && key === undefined };
}
