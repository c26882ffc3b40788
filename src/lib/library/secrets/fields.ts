// For pages: the secret fields of a text as the editor holds it — those with a value, and those still holding the
// placeholder (to be entered again; a document with one must not be signed, sent or written to a card as is).
import type { SecretField } from '../model';
import { fieldsOf } from './rule';
import { findSecretSpans, holdsPlaceholder, replaceSpans, type SecretSpan } from './scan';

export function secretFieldsOf(text: string): { values: SecretField[]; missing: SecretField[] } {
	const spans = findSecretSpans(text);
	return {
		values: fieldsOf(
			text,
			spans.filter((span) => !holdsPlaceholder(text, span))
		),
		missing: fieldsOf(
			text,
			spans.filter((span) => holdsPlaceholder(text, span))
		)
	};
}

const XML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** A value as the place of `span` needs it written: a JSON string, or XML text escaped for an attribute value or
 *  element content alike (a placeholder is never inside a CDATA section: the whole section was the value it replaced). */
function written(span: SecretSpan, value: string): string {
	return span.json ? JSON.stringify(value) : value.replace(/[&<>"']/g, (c) => XML_ESCAPES[c]);
}

/**
 * The text with its missing secrets (secretFieldsOf(text).missing, in that order) filled in with `values`: for a
 * document whose secrets this browser does not keep, written to a card from the values a user types for the write
 * alone (never stored). A value not given (undefined) leaves its placeholder.
 */
export function fillSecrets(text: string, values: readonly (string | undefined)[]): string {
	const missing = findSecretSpans(text).filter((span) => holdsPlaceholder(text, span));
	return replaceSpans(
		text,
		missing,
		missing.map((span, i) => (values[i] === undefined ? undefined : written(span, values[i]!)))
	);
}
