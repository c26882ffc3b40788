// String-table policy (WAP-192 §5.7 leaves it to the encoder). Several tables are measured (layout.ts, no bytes
// written) and the smallest document wins:
// - only what must be there: LITERAL names, the FPI of a language without a public id;
// - exactly libwbxml's table (below), so that for the same tree we are never larger than xml2wbxml: every value is
//   planned optimally for a given table, and libwbxml's greedy use of its table is one of the plans considered;
// - ours (savingStrings below): repeated whole values, words and shared heads/tails chosen by estimated saving,
//   then re-measured without the entries referenced fewer than twice. Dropping such an entry never makes the
//   document longer: the table loses its bytes + NUL (L + 1), the one value that used it writes those L bytes
//   inline at worst as a separate STR_I (L + 2 instead of a reference of 2 or more), and later offsets only shrink.
//
// libwbxml 0.11.8 (src/wbxml_encoder.c, wbxml_strtbl_initialize and the functions it calls):
// 1. collect, in document order (element, its attributes, then its children), every text node that is not only
//    whitespace and every attribute value such that no attribute-start token carries a prefix of it and it contains
//    no attribute-value token of the language; only strings longer than 3 bytes (WBXML_ENCODER_STRING_TABLE_MIN);
// 2. distinct strings seen more than once go into the table, in order of first occurrence;
// 3. the distinct strings seen once are split into words at C isspace() (space, \t, \n, \v, \f, \r); words longer
//    than 3 bytes seen more than once (counting every occurrence) are appended, in order of first occurrence, unless
//    already in the table;
// 4. while encoding, LITERAL names are appended when first met, and the FPI last (wbxml_fill_header).
import { LayoutContext, measure, type Layout } from './layout';
import type { EncodePlan } from './plan';
import type { ValueMatch } from './value-dp';
import { utf8Length } from './text';

/** libwbxml's WBXML_ENCODER_STRING_TABLE_MIN: only strings longer than this many bytes are considered. */
const LIBWBXML_MIN_LENGTH = 3;
const MAX_PRUNE_ROUNDS = 6;
const WHITESPACE = /[ \t\n\v\f\r]+/;
const HAS_WHITESPACE = /[ \t\n\v\f\r]/;

export function chooseLayout(plan: EncodePlan, useTable: boolean): Layout {
	const context = new LayoutContext(plan);
	if (!useTable) return measure(context, plan.forced);
	const measured = new Set<string>();
	let best: Layout | undefined;
	/** Measures `table` unless an identical one was measured already. */
	const tryTable = (table: string[]): Layout | undefined => {
		const key = table.join('\u0000');
		if (measured.has(key)) return undefined;
		measured.add(key);
		const layout = measure(context, table);
		if (best === undefined || layout.size < best.size) best = layout;
		return layout;
	};

	const libwbxml = libwbxmlStrings(plan.libwbxmlPool);
	if (libwbxml.length > 0) tryTable([...libwbxml, ...plan.forced.filter((s) => !libwbxml.includes(s))]);

	// Ours: the estimated best, then without the entries it referenced fewer than twice (see above).
	let table = [...plan.forced, ...savingStrings(plan, context, libwbxml).filter((s) => !plan.forced.includes(s))];
	for (let round = 0; round < MAX_PRUNE_ROUNDS; round++) {
		const layout = tryTable(table);
		if (layout === undefined) break;
		const kept = table.filter((_, entry) => entry < plan.forced.length || layout.uses[entry] >= 2);
		if (kept.length === table.length) break;
		table = kept;
	}
	tryTable(plan.forced);
	if (best === undefined) throw new Error('internal: no string table measured');
	return best;
}

function firstOccurrenceCounts(strings: Iterable<string>): Map<string, number> {
	const counts = new Map<string, number>();
	for (const s of strings) counts.set(s, (counts.get(s) ?? 0) + 1);
	return counts;
}

const words = (s: string): string[] => s.split(WHITESPACE).filter((w) => w !== '');

/** libwbxml's table for the collected strings (steps 1–3 above; LITERAL names and the FPI are added by the caller). */
export function libwbxmlStrings(pool: readonly string[]): string[] {
	const counts = firstOccurrenceCounts(pool.filter((s) => utf8Length(s) > LIBWBXML_MIN_LENGTH));
	const table: string[] = [];
	const once: string[] = [];
	for (const [s, n] of counts) (n > 1 ? table : once).push(s);
	const wordCounts = new Map<string, number>();
	for (const s of once) {
		if (!HAS_WHITESPACE.test(s)) wordCounts.set(s, (wordCounts.get(s) ?? 0) + 1);
		else for (const w of words(s)) wordCounts.set(w, (wordCounts.get(w) ?? 0) + 1);
	}
	for (const [w, n] of wordCounts) {
		if (n > 1 && utf8Length(w) > LIBWBXML_MIN_LENGTH && !table.includes(w)) table.push(w);
	}
	return table;
}

interface Candidate {
	text: string;
	bytes: number;
	occurrences: { attribute: number[]; text: number[] };
	/** Estimated saving with the candidates chosen so far. */
	saving: number;
}

/** What the estimate needs about the values: how often each is written, what is covered, where tokens are. */
interface Coverage {
	attributeUses: number[];
	textUses: number[];
	/** Covered ranges per slot, as pairs [start, end). */
	attribute: number[][];
	text: number[][];
}

/**
 * Our table: strings that occur at least twice (whole values, words, and the heads and tails that neighbouring
 * values share up to a separator such as "." or "/", plus libwbxml's choice), chosen greedily by estimated saving.
 * A reference (STR_T + 1-byte offset) replaces the bytes it covers; the inline string around it disappears (whole
 * value, or between references), shrinks (at one end) or is split in two (in the middle, +2 for STR_I + NUL); the
 * table costs the bytes + NUL once. Value tokens win where they overlap. The estimate only orders the work: every
 * table is measured exactly afterwards.
 */
function savingStrings(plan: EncodePlan, context: LayoutContext, extra: readonly string[]): string[] {
	// How many values each distinct string is; an attribute's other options are counted too (estimate).
	const attributeUses = new Array<number>(plan.attributeSlots.length).fill(0);
	for (const a of plan.attributes) {
		const options = a.options;
		attributeUses[options[0].slot]++;
		for (let o = 1; o < options.length; o++) if (options[o].slot !== options[0].slot) attributeUses[options[o].slot]++;
	}
	const textUses = new Array<number>(plan.textSlots.length).fill(0);
	for (const slot of plan.textUses) textUses[slot]++;

	const names = new Set<string>(extra);
	const wordCounts = new Map<string, number>();
	const long: string[] = [];
	const consider = (s: string, uses: number): void => {
		if (uses === 0 || s.length < 2) return;
		if (uses > 1) names.add(s);
		if (HAS_WHITESPACE.test(s)) for (const w of words(s)) if (w !== s && w.length >= 2) wordCounts.set(w, (wordCounts.get(w) ?? 0) + uses);
		if (s.length >= MIN_SHARED_LENGTH) long.push(s);
	};
	plan.attributeSlots.forEach((s, slot) => consider(s, attributeUses[slot]));
	plan.textSlots.forEach((s, slot) => consider(s, textUses[slot]));
	for (const [w, n] of wordCounts) if (n > 1) names.add(w);
	sharedEnds(long, names);

	const coverage: Coverage = {
		attributeUses,
		textUses,
		attribute: plan.attributeSlots.map(() => []),
		text: plan.textSlots.map(() => [])
	};
	const candidates: Candidate[] = [];
	for (const text of names) {
		const c: Candidate = { text, bytes: utf8Length(text), occurrences: context.occurrencesOf(text), saving: 0 };
		c.saving = estimate(c, plan, coverage, false);
		if (c.saving > 0) candidates.push(c);
	}
	// Lazy greedy: savings only fall as ranges get covered, so a re-estimated best that is still best is taken.
	const chosen: string[] = [];
	for (;;) {
		let best = -1;
		for (let i = 0; i < candidates.length; i++) if (best < 0 || candidates[i].saving > candidates[best].saving) best = i;
		if (best < 0 || candidates[best].saving <= 0) break;
		const c = candidates[best];
		const now = estimate(c, plan, coverage, false);
		if (now < c.saving) {
			c.saving = now;
			continue;
		}
		estimate(c, plan, coverage, true);
		chosen.push(c.text);
		candidates.splice(best, 1);
	}
	return chosen;
}

/** Values shorter than this are not searched for shared heads and tails. */
const MIN_SHARED_LENGTH = 8;
const MIN_SHARED_PART = 4;

/**
 * Adds to `into` the heads and tails that values share with their neighbours in sorted order (by text, and by text
 * read backwards), cut at a separator: "apn01.partner.example" and "apn02.partner.example" share ".partner.example",
 * "http://h.example/a" and "http://h.example/b" share "http://h.example/".
 */
function sharedEnds(values: string[], into: Set<string>): void {
	if (values.length < 2) return;
	const forward = [...values].sort();
	for (let i = 1; i < forward.length; i++) {
		const a = forward[i - 1];
		const b = forward[i];
		let common = 0;
		while (common < a.length && common < b.length && a.charCodeAt(common) === b.charCodeAt(common)) common++;
		let cut = -1;
		for (let k = common - 1; k >= MIN_SHARED_PART - 1; k--) {
			if (isSeparator(a.charCodeAt(k))) {
				cut = k + 1;
				break;
			}
		}
		if (cut > 0) into.add(a.slice(0, cut));
	}
	// Sorted by text read backwards: the code units reversed, sorted by the native comparison (code unit by code
	// unit, a prefix first), which is much faster than a comparator function. Equal keys are equal values.
	const reversedOf = new Map<string, string>();
	const backward = values.map((v) => {
		const reversed = reverseUnits(v);
		reversedOf.set(reversed, v);
		return reversed;
	});
	backward.sort();
	for (let i = 1; i < backward.length; i++) {
		const ra = backward[i - 1];
		const rb = backward[i];
		let common = 0;
		while (common < ra.length && common < rb.length && ra.charCodeAt(common) === rb.charCodeAt(common)) common++;
		for (let k = common - 1; k >= MIN_SHARED_PART - 1; k--) {
			// ra[k] is a[a.length - 1 - k]: the tail from there on.
			if (isSeparator(ra.charCodeAt(k))) {
				const a = reversedOf.get(ra) as string;
				into.add(a.slice(a.length - 1 - k));
				break;
			}
		}
	}
}

function reverseUnits(text: string): string {
	let out = '';
	for (let i = text.length - 1; i >= 0; i--) out += text[i];
	return out;
}

/** The separators a shared head or tail is cut at: space . / : @ ? & = , ; */
function isSeparator(code: number): boolean {
	return code === 0x20 || code === 0x2e || code === 0x2f || code === 0x3a || code === 0x40 || code === 0x3f || code === 0x26 || code === 0x3d || code === 0x2c || code === 0x3b;
}

/** The estimated saving of `c` given what is covered; with `select`, its counted occurrences become covered. */
function estimate(c: Candidate, plan: EncodePlan, coverage: Coverage, select: boolean): number {
	let saving = -(c.bytes + 1);
	saving += walkOccurrences(c, c.occurrences.attribute, plan.attributeSlots, coverage.attributeUses, coverage.attribute, plan.tokenMatches, select);
	saving += walkOccurrences(c, c.occurrences.text, plan.textSlots, coverage.textUses, coverage.text, undefined, select);
	return saving;
}

function walkOccurrences(
	c: Candidate,
	pairs: readonly number[],
	slots: readonly string[],
	uses: readonly number[],
	covered: number[][],
	tokens: readonly (readonly ValueMatch[])[] | undefined,
	select: boolean
): number {
	const length = c.text.length;
	let saving = 0;
	let lastSlot = -1;
	let lastEnd = 0;
	for (let k = 0; k < pairs.length; k += 2) {
		const slot = pairs[k];
		const at = pairs[k + 1];
		const end = at + length;
		if (uses[slot] === 0 || (slot === lastSlot && at < lastEnd)) continue;
		const ranges = covered[slot];
		let overlaps = false;
		let leftEdge = at === 0;
		let rightEdge = end === slots[slot].length;
		for (let r = 0; r < ranges.length; r += 2) {
			if (ranges[r] < end && at < ranges[r + 1]) overlaps = true;
			if (ranges[r + 1] === at) leftEdge = true;
			if (ranges[r] === end) rightEdge = true;
		}
		if (!overlaps && tokens !== undefined) for (const t of tokens[slot]) if (t.at < end && at < t.end) overlaps = true;
		if (overlaps) continue;
		lastSlot = slot;
		lastEnd = end;
		const runChange = leftEdge && rightEdge ? 2 : leftEdge || rightEdge ? 0 : -2;
		saving += uses[slot] * (c.bytes - 2 + runChange);
		if (select) ranges.push(at, end);
	}
	return saving;
}
