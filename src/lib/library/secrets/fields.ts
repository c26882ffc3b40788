// For pages: the secret fields of a text as the editor holds it — those with a value, and those still holding the
// placeholder (to be entered again; a document with one must not be signed, sent or written to a card as is).
import { escapeAttribute } from '../../codec/xml';
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
		missing: fieldsOf(text, missingSpans(text, spans))
	};
}

/** The spans still holding the placeholder, in text order. */
function missingSpans(text: string, spans: readonly SecretSpan[] = findSecretSpans(text)): SecretSpan[] {
	return spans.filter((span) => holdsPlaceholder(text, span));
}

/** A value as the place of `span` needs it written: a JSON string, or XML escaped for an attribute value in either
 *  quote (the codec's attribute escaping, and ' too), which is as valid in element content (a placeholder is never
 *  inside a CDATA section: the whole section was the value it replaced). */
function written(span: SecretSpan, value: string): string {
	return span.json ? JSON.stringify(value) : escapeAttribute(value).replaceAll("'", '&apos;');
}

/**
 * The text with its missing secrets (secretFieldsOf(text).missing, in that order) filled in with `values`: for a
 * document whose secrets this browser does not keep, written to a card from the values a user types for the write
 * alone (never stored). A value not given (undefined) leaves its placeholder.
 */
export function fillSecrets(text: string, values: readonly (string | undefined)[]): string {
	const missing = missingSpans(text);
	return replaceSpans(
		text,
		missing,
		missing.map((span, i) => (values[i] === undefined ? undefined : written(span, values[i]!)))
	);
}
