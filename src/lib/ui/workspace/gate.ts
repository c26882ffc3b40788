// Whether a document may leave the studio (issue 9 Build 5): it is not signed, sent as OTA PDUs or written to a card
// while it has an error finding or a secret value still to be entered again. Warnings are shown and do not block.
// The answer carries the one line the blocked button shows, so the user knows what to fix.
import type { DocumentKind, SecretField } from '../../library';
import type { Finding } from '../../documents/provcont';
import { placeholderRegExp } from '../../documents/template';

export type GatedAction = 'sign' | 'send' | 'write';

const VERB: Record<GatedAction, string> = { sign: 'signed', send: 'sent', write: 'written to a card' };

export interface GateInput {
	/** The open document's kind; undefined when no document is open. */
	kind: DocumentKind | undefined;
	/** Findings of the text as it is now; undefined while they are being computed. */
	findings: readonly Finding[] | undefined;
	/** Secret fields whose values are missing (secretFieldsOf(text).missing). */
	missingSecrets: readonly SecretField[];
	/** The text that would leave: a template's `${NAME}` placeholders are filled per card by the batch, not sent as is. */
	text?: string;
}

/** The first `${NAME}` of `text` with its line, or undefined. */
function firstPlaceholder(text: string): { name: string; line: number } | undefined {
	const m = placeholderRegExp().exec(text);
	if (m === null) return undefined;
	let line = 1;
	for (let i = text.indexOf('\n'); i >= 0 && i < m.index; i = text.indexOf('\n', i + 1)) line++;
	return { name: m[0], line };
}

export type Gate = { allowed: true; warnings: number } | { allowed: false; reason: string };

/** "AAUTHSECRET (line 12)", "AAUTHSECRET (line 12) and 2 more". */
export function fieldList(fields: readonly SecretField[]): string {
	const first = fields[0];
	if (first === undefined) return '';
	const head = `${first.name} (line ${first.line})`;
	return fields.length === 1 ? head : `${head} and ${fields.length - 1} more`;
}

export function gate(input: GateInput, action: GatedAction): Gate {
	if (input.kind === undefined) return { allowed: false, reason: 'No document is open: open one in the library.' };
	if (input.kind !== 'cp') return { allowed: false, reason: `Only a CP document can be ${VERB[action]}: the open document is a ${input.kind === 'dm-account' ? 'DM account' : 'DM tree'}.` };
	if (input.findings === undefined) return { allowed: false, reason: 'Checking the document…' };
	const errors = input.findings.filter((f) => f.severity === 'error');
	if (errors.length > 0) {
		const first = errors[0];
		const more = errors.length === 1 ? '' : ` (and ${errors.length - 1} more error${errors.length === 2 ? '' : 's'})`;
		return { allowed: false, reason: `Not ${VERB[action]}: line ${first.line}:${first.column}: ${first.message}${more}. Fix the errors first.` };
	}
	const placeholder = input.text === undefined ? undefined : firstPlaceholder(input.text);
	if (placeholder !== undefined) {
		return { allowed: false, reason: `Not ${VERB[action]}: ${placeholder.name} (line ${placeholder.line}) is a placeholder: this is a template, filled per card by the Batch page or \`pstudio batch\`.` };
	}
	if (input.missingSecrets.length > 0) {
		return { allowed: false, reason: `Not ${VERB[action]}: enter ${fieldList(input.missingSecrets)} again (not kept in this browser).` };
	}
	return { allowed: true, warnings: input.findings.filter((f) => f.severity === 'warning').length };
}
