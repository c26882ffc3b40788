// Go to definition and rename for the ids a CP document defines and names (client-provisioning.md §5): a NAPDEF's
// NAPID named by TO-NAPID (PXPHYSICAL, APPLICATION, ACCESS), a PXLOGICAL's PROXY-ID named by TO-PROXY, an
// APPLICATION's APPREF named by TO-APPREF. Which parm defines and which names what is the schema's `defines` and
// `ref` (schema.ts), as the validator's ref-* rules read them. Pure: text and offset in, ranges and edits out.
import type { RefTarget } from '../../documents/provcont/rules/schema';
import { collectSymbols, symbolAt, type CpSymbol } from './cp-context';
import { escapeAttributeValue } from './xml-scan';

export interface Range {
	from: number;
	to: number;
}

/**
 * Where the id under the cursor is defined: the value of the defining parm (the first one when it is defined twice,
 * as the validator's duplicate-* rules take the first as the definition). Undefined when the cursor is on no
 * reference or the id is not defined.
 */
export function definitionAt(text: string, offset: number): (Range & { symbol: CpSymbol }) | undefined {
	const symbols = collectSymbols(text);
	const here = symbolAt(symbols, offset);
	if (here === undefined) return undefined;
	const definition = symbols.find((s) => s.role === 'definition' && s.target === here.target && s.value === here.value);
	if (definition === undefined) return undefined;
	return { from: definition.attribute.valueFrom, to: definition.attribute.valueTo, symbol: definition };
}

/** The definitions and references of the id under the cursor, in document order. */
export function occurrencesAt(text: string, offset: number): CpSymbol[] {
	const symbols = collectSymbols(text);
	const here = symbolAt(symbols, offset);
	if (here === undefined) return [];
	return symbols.filter((s) => s.target === here.target && s.value === here.value);
}

export interface Rename {
	target: RefTarget;
	/** The id as it is now. */
	from: string;
	to: string;
	/** Non-overlapping edits in document order: each replaces one value between its quotes. */
	changes: { from: number; to: number; insert: string }[];
}

export type RenameResult = { ok: true; rename: Rename } | { ok: false; reason: string };

/** What renaming the id under the cursor to `newName` changes: its definitions and every reference to it. */
export function renameAt(text: string, offset: number, newName: string): RenameResult {
	const symbols = collectSymbols(text);
	const here = symbolAt(symbols, offset);
	if (here === undefined) return { ok: false, reason: 'the cursor is not on a NAPID, PROXY-ID or APPREF, nor on a reference to one' };
	if (newName === '') return { ok: false, reason: `a ${here.target} cannot be empty` };
	if (newName === here.value) return { ok: false, reason: `the ${here.target} is already "${newName}"` };
	// Renaming onto an id already defined would merge two definitions (the validator's duplicate-* rules).
	if (symbols.some((s) => s.role === 'definition' && s.target === here.target && s.value === newName)) {
		return { ok: false, reason: `${here.target} "${newName}" is already defined in this document` };
	}
	const changes = symbols
		.filter((s) => s.target === here.target && s.value === here.value)
		.map((s) => ({ from: s.attribute.valueFrom, to: s.attribute.valueTo, insert: escapeAttributeValue(newName, s.attribute.quote === "'" ? "'" : '"') }));
	// A parm that both defines and names (none in the schema today) would appear twice: keep each range once.
	const unique = changes.filter((c, i) => i === 0 || c.from !== changes[i - 1].from);
	return { ok: true, rename: { target: here.target, from: here.value, to: newName, changes: unique } };
}
