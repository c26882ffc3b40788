// For pages: the secret fields of a text as the editor holds it — those with a value, and those still holding the
// placeholder (to be entered again; a document with one must not be signed, sent or written to a card as is).
import type { SecretField } from '../model';
import { fieldsOf } from './rule';
import { findSecretSpans, holdsPlaceholder } from './scan';

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
