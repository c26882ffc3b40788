// The placeholder syntax of templates, in one place. A template value (a CP attribute value, a DM account field) is
// literal text with placeholders:
//   ${NAME}   a placeholder: NAME is a letter or _, then letters, digits or _ ([A-Za-z_][A-Za-z0-9_]*), case-sensitive;
//   $$        a literal $ (so $${NAME} is the literal text ${NAME}, and $$${NAME} is a $ before the placeholder);
//   $x        any other $ is itself ("US$5" needs no escape).
// Placeholders and literal text mix freely in a text value (`${MCC}${MNC}.example`); where a typed value belongs
// (a port, a BEARER) the placeholder must be the whole value (slots.ts). A `${` that does not make a placeholder
// (`${}`, `${1X}`, `${NAME` without `}`) is a finding at its `$`, never literal text: a typo must not reach a card.
// The syntax is read in the value as XML or JSON gave it, so `&#36;{X}` in XML is a placeholder as `${X}` is.

import { escapedUnprintable } from '../../text';

/** A placeholder name (the text between `${` and `}`). */
export const PLACEHOLDER_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * `${NAME}` where it stands in a text (group 1: the name): a new global expression each call, since a shared one
 * keeps its lastIndex between callers. Used to mark and find placeholders, not to check them (parseTemplateValue).
 */
export function placeholderRegExp(): RegExp {
	return /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;
}

/** Names longer than this are refused: a column name, not a paragraph. */
export const MAX_NAME_LENGTH = 64;

/** A placeholder in a value: its name and where its `$` is (a UTF-16 index into the value). */
export interface PlaceholderUse {
	name: string;
	at: number;
	/** Characters from `$` to `}` inclusive. */
	length: number;
}

/** Literal text (escapes resolved) or a placeholder. */
export type TemplatePart = string | PlaceholderUse;

/** A `${` that makes no placeholder: where its `$` is, and why. */
export interface SyntaxProblem {
	at: number;
	message: string;
}

export interface ParsedValue {
	/** Literal runs and placeholders in order; adjacent literal text is one string; never an empty string. */
	parts: TemplatePart[];
	problems: SyntaxProblem[];
}

const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;

/** Whether `value` may hold template syntax at all (most values hold no `$`). */
export function mayHoldPlaceholders(value: string): boolean {
	return value.includes('$');
}

/** Reads the template syntax of one value. */
export function parseTemplateValue(value: string): ParsedValue {
	const parts: TemplatePart[] = [];
	const problems: SyntaxProblem[] = [];
	let literal = '';
	let i = 0;
	while (i < value.length) {
		const dollar = value.indexOf('$', i);
		if (dollar < 0) {
			literal += value.slice(i);
			break;
		}
		literal += value.slice(i, dollar);
		const next = value.charCodeAt(dollar + 1);
		if (next === 0x24) {
			// $$: a literal $.
			literal += '$';
			i = dollar + 2;
			continue;
		}
		if (next !== 0x7b) {
			literal += '$';
			i = dollar + 1;
			continue;
		}
		const close = value.indexOf('}', dollar + 2);
		const inside = close < 0 ? value.slice(dollar + 2) : value.slice(dollar + 2, close);
		const problem = nameProblem(inside, close >= 0);
		if (problem !== undefined) {
			problems.push({ at: dollar, message: problem });
			// Read on after the bad placeholder (or after `${` when it is not closed), to find the next problem too.
			i = close < 0 ? dollar + 2 : close + 1;
			continue;
		}
		if (literal !== '') parts.push(literal);
		literal = '';
		parts.push({ name: inside, at: dollar, length: close + 1 - dollar });
		i = close + 1;
	}
	if (literal !== '') parts.push(literal);
	return { parts, problems };
}

const FIX = 'write ${NAME} (NAME: a letter or _, then letters, digits or _), or $${ for a literal ${';

function nameProblem(inside: string, closed: boolean): string | undefined {
	if (!closed) {
		// Show what follows up to a space or quote, so the reader finds it, not the rest of the value.
		const shown = /^[^\s"'<>]{0,20}/.exec(inside)?.[0] ?? '';
		return `placeholder \${${escapedUnprintable(shown)}${shown.length < inside.length ? '…' : ''} has no closing }: ${FIX}`;
	}
	if (inside === '') return `empty placeholder \${}: ${FIX}`;
	if (inside.length > MAX_NAME_LENGTH) return `placeholder name of ${inside.length} characters, at most ${MAX_NAME_LENGTH}: ${FIX}`;
	if (!NAME_START.test(inside[0])) return `placeholder name ${escapedUnprintable(JSON.stringify(inside))} starts with ${escapedUnprintable(JSON.stringify(inside[0]))}: ${FIX}`;
	for (const c of inside) {
		if (!NAME_CHAR.test(c)) return `placeholder name ${escapedUnprintable(JSON.stringify(inside))} holds ${escapedUnprintable(JSON.stringify(c))}: ${FIX}`;
	}
	return undefined;
}

/** The literal text of parts without placeholders (escapes resolved); undefined when a placeholder is among them. */
export function literalOf(parts: readonly TemplatePart[]): string | undefined {
	let out = '';
	for (const part of parts) {
		if (typeof part !== 'string') return undefined;
		out += part;
	}
	return out;
}

/** The value with `values` in place of the placeholders (escapes resolved). */
export function fillParts(parts: readonly TemplatePart[], valueOf: (name: string) => string): string {
	let out = '';
	for (const part of parts) out += typeof part === 'string' ? part : valueOf(part.name);
	return out;
}
