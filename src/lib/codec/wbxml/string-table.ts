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
import { isPlannedValue, type EncodePlan } from './plan';
import type { ValueMatch } from './value-dp';
import { utf8Length } from './text';

/** libwbxml's WBXML_ENCODER_STRING_TABLE_MIN: only strings longer than this many bytes are considered. */
const LIBWBXML_MIN_LENGTH = 3;
const MAX_PRUNE_ROUNDS = 6;
// Regular expressions rather than loops over charCodeAt: the values are mostly slices of the parsed document in
// several string representations, where a native scan is several times faster than a loop here.
const WHITESPACE = /[ \t\n\v\f\r]+/;
const HAS_WHITESPACE = /[ \t\n\v\f\r]/;
const HAS_SEPARATOR = /[ ./:@?&=,;]/;
const HAS_WHITESPACE_OR_SEPARATOR = /[ \t\n\v\f\r./:@?&=,;]/;

/** `pause` (EncodeOptions.pause) is called between the steps and before each table is measured. */
export function chooseLayout(plan: EncodePlan, useTable: boolean, pause?: () => void): Layout {
	const context = new LayoutContext(plan);
	if (!useTable) return measure(context, plan.forced);
	// A handful per document: a list is cheaper than a set.
	const measured: string[] = [];
	let best: Layout | undefined;
	/** Measures `table` unless an identical one was measured already. */
	const tryTable = (table: string[]): Layout | undefined => {
		const key = table.join('\u0000');
		if (measured.includes(key)) return undefined;
		measured.push(key);
		pause?.();
		const layout = measure(context, table, pause);
		if (best === undefined || layout.size < best.size) best = layout;
		return layout;
	};

	pause?.();
	const libwbxml = libwbxmlStrings(plan.libwbxmlPool, pause);
	pause?.();
	context.prefetchOccurrences([...libwbxml, ...plan.forced]);
	if (libwbxml.length > 0) tryTable([...libwbxml, ...plan.forced.filter((s) => !libwbxml.includes(s))]);

	// Ours: the estimated best, then without the entries it referenced fewer than twice (see above).
	pause?.();
	let table = [...plan.forced, ...savingStrings(plan, context, libwbxml, pause).filter((s) => !plan.forced.includes(s))];
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

/** libwbxml's table for the collected strings (steps 1–3 above; LITERAL names and the FPI are added by the caller). */
export function libwbxmlStrings(pool: readonly string[], pause?: () => void): string[] {
	const counts = new Map<string, number>();
	for (let i = 0; i < pool.length; i++) {
		if (pause !== undefined && (i & 4095) === 4095) pause();
		const s = pool[i];
		if (longerThanMinimum(s)) counts.set(s, (counts.get(s) ?? 0) + 1);
	}
	pause?.();
	const table: string[] = [];
	const inTable = new Set<string>();
	const wordCounts = new Map<string, number>();
	let seen = 0;
	for (const [s, n] of counts) {
		if (pause !== undefined && (++seen & 4095) === 0) pause();
		if (n > 1) {
			table.push(s);
			inTable.add(s);
		}
		else if (!HAS_WHITESPACE.test(s)) wordCounts.set(s, (wordCounts.get(s) ?? 0) + 1);
		else for (const w of words(s)) wordCounts.set(w, (wordCounts.get(w) ?? 0) + 1);
	}
	pause?.();
	for (const [w, n] of wordCounts) {
		if (n > 1 && longerThanMinimum(w) && !inTable.has(w)) table.push(w);
	}
	return table;
}

/** More than LIBWBXML_MIN_LENGTH bytes: at least as many bytes as code units, so only short strings are measured. */
function longerThanMinimum(s: string): boolean {
	return s.length > LIBWBXML_MIN_LENGTH || utf8Length(s) > LIBWBXML_MIN_LENGTH;
}

/** The words of `s`: the runs between C isspace() characters (space, \t, \n, \v, \f, \r), where libwbxml splits. */
const words = (s: string): string[] => s.split(WHITESPACE).filter((w) => w !== '');

interface Candidate {
	text: string;
	bytes: number;
	occurrences: { attribute: number[]; text: number[] };
	/** Estimated saving with the candidates chosen so far. */
	saving: number;
	/** Position among the candidates: the first of equal savings is taken. */
	order: number;
}

/** What the estimate needs about the values: how often each is written, what is covered, where tokens are. */
interface Coverage {
	attributeUses: number[];
	textUses: number[];
	/** Covered ranges per slot, as pairs [start, end); undefined while none is. */
	attribute: (number[] | undefined)[];
	text: (number[] | undefined)[];
}

/**
 * Our table: strings that occur at least twice (whole values, words, and the heads and tails that neighbouring
 * values share up to a separator such as "." or "/", plus libwbxml's choice), chosen greedily by estimated saving.
 * A reference (STR_T + 1-byte offset) replaces the bytes it covers; the inline string around it disappears (whole
 * value, or between references), shrinks (at one end) or is split in two (in the middle, +2 for STR_I + NUL); the
 * table costs the bytes + NUL once. Value tokens win where they overlap. The estimate only orders the work: every
 * table is measured exactly afterwards.
 */
function savingStrings(plan: EncodePlan, context: LayoutContext, extra: readonly string[], pause?: () => void): string[] {
	// How many values each distinct string is; an attribute's other options are counted too (estimate).
	const attributeUses = new Array<number>(plan.attributeSlots.length).fill(0);
	const { optionStart, optionSlot } = context;
	for (let a = 0; a < plan.attributes.length; a++) {
		const first = optionStart[a];
		attributeUses[optionSlot[first]]++;
		for (let o = first + 1; o < optionStart[a + 1]; o++) if (optionSlot[o] !== optionSlot[first]) attributeUses[optionSlot[o]]++;
	}
	const textUses = new Array<number>(plan.textSlots.length).fill(0);
	for (const slot of plan.textUses) textUses[slot]++;

	const names = new Set<string>(extra);
	const wordCounts = new Map<string, number>();
	const long: string[] = [];
	consider(plan.attributeSlots, attributeUses, names, wordCounts, long);
	consider(plan.textSlots, textUses, names, wordCounts, long);
	for (const [w, n] of wordCounts) if (n > 1) names.add(w);
	pause?.();
	sharedEnds(long, names);
	pause?.();

	const coverage: Coverage = {
		attributeUses,
		textUses,
		attribute: new Array<number[] | undefined>(plan.attributeSlots.length),
		text: new Array<number[] | undefined>(plan.textSlots.length)
	};
	context.prefetchOccurrences(names);
	pause?.();
	const candidates = new CandidateHeap();
	let estimated = 0;
	for (const text of names) {
		if (pause !== undefined && (++estimated & 1023) === 0) pause();
		const c: Candidate = { text, bytes: utf8Length(text), occurrences: context.occurrencesOf(text), saving: 0, order: 0 };
		c.saving = estimate(c, plan, coverage, false);
		if (c.saving > 0) candidates.push(c);
	}
	// Lazy greedy: savings only fall as ranges get covered, so a re-estimated best that is still best is taken. The
	// best is the largest saving, the first found among equals; a heap finds it without a scan of all candidates.
	const chosen: string[] = [];
	for (;;) {
		if (pause !== undefined && (++estimated & 1023) === 0) pause();
		const c = candidates.pop();
		if (c === undefined || c.saving <= 0) break;
		const now = estimate(c, plan, coverage, false);
		if (now < c.saving) {
			c.saving = now;
			candidates.reinsert(c);
			continue;
		}
		estimate(c, plan, coverage, true);
		chosen.push(c.text);
	}
	return chosen;
}

/** Candidates by saving, largest first; among equal savings, the one pushed first. */
class CandidateHeap {
	private readonly items: Candidate[] = [];
	private pushed = 0;

	push(c: Candidate): void {
		c.order = this.pushed++;
		this.reinsert(c);
	}

	/** Puts back a candidate popped before, keeping its place among equals. */
	reinsert(c: Candidate): void {
		const items = this.items;
		items.push(c);
		let i = items.length - 1;
		while (i > 0) {
			const parent = (i - 1) >> 1;
			if (!before(items[i], items[parent])) break;
			[items[i], items[parent]] = [items[parent], items[i]];
			i = parent;
		}
	}

	pop(): Candidate | undefined {
		const items = this.items;
		if (items.length === 0) return undefined;
		const top = items[0];
		const last = items.pop() as Candidate;
		if (items.length > 0) {
			items[0] = last;
			let i = 0;
			for (;;) {
				const left = 2 * i + 1;
				const right = left + 1;
				let best = i;
				if (left < items.length && before(items[left], items[best])) best = left;
				if (right < items.length && before(items[right], items[best])) best = right;
				if (best === i) break;
				[items[i], items[best]] = [items[best], items[i]];
				i = best;
			}
		}
		return top;
	}
}

const before = (a: Candidate, b: Candidate): boolean => a.saving > b.saving || (a.saving === b.saving && a.order < b.order);

/** Values shorter than this are not searched for shared heads and tails. */
const MIN_SHARED_LENGTH = 8;
const MIN_SHARED_PART = 4;

/** The candidate names found in the distinct values `slots`, each written `uses[slot]` times: repeated values, the
 *  words of values with whitespace (counted over all values), and the values `sharedEnds` may cut. */
function consider(slots: readonly string[], uses: readonly number[], names: Set<string>, wordCounts: Map<string, number>, long: string[]): void {
	for (let slot = 0; slot < slots.length; slot++) {
		const s = slots[slot];
		const n = uses[slot];
		if (n === 0 || s.length < 2 || !isPlannedValue(s)) continue;
		if (n > 1) names.add(s);
		// Most values hold neither whitespace (no words) nor a separator (nothing for sharedEnds): one scan for both.
		if (!HAS_WHITESPACE_OR_SEPARATOR.test(s)) continue;
		if (HAS_WHITESPACE.test(s)) for (const w of words(s)) if (w !== s && w.length >= 2) wordCounts.set(w, (wordCounts.get(w) ?? 0) + n);
		if (s.length >= MIN_SHARED_LENGTH) long.push(s);
	}
}

/**
 * Adds to `into` the heads and tails that values share with their neighbours in sorted order (by text, and by text
 * read backwards), cut at a separator: "apn01.partner.example" and "apn02.partner.example" share ".partner.example",
 * "http://h.example/a" and "http://h.example/b" share "http://h.example/".
 */
function sharedEnds(values: readonly string[], into: Set<string>): void {
	// What neighbours share is what any two values share: if x < y < z, x and z share the part that y shares with
	// both. So a value with no separator where a head (or tail) could be cut adds nothing itself, and leaving it
	// out of the sort changes neither what is added nor in which order; most values are such names and numbers.
	const heads: string[] = [];
	const tails: string[] = [];
	for (const v of values) {
		if (!HAS_SEPARATOR.test(v)) continue;
		let first = -1;
		let last = -1;
		for (let i = 0; i < v.length; i++) {
			if (!isSeparator(v.charCodeAt(i))) continue;
			if (first < 0) first = i;
			last = i;
		}
		// A head ends after a separator at index MIN_SHARED_PART - 1 or later; a tail starts at one at least
		// MIN_SHARED_PART code units from the end.
		if (last >= MIN_SHARED_PART - 1) heads.push(v);
		if (first >= 0 && first <= v.length - MIN_SHARED_PART) tails.push(v);
	}
	if (heads.length > 1) {
		sortShort(heads, byText);
		for (let i = 1; i < heads.length; i++) {
			const a = heads[i - 1];
			const b = heads[i];
			let common = 0;
			while (common < a.length && common < b.length && a.charCodeAt(common) === b.charCodeAt(common)) common++;
			for (let k = common - 1; k >= MIN_SHARED_PART - 1; k--) {
				if (isSeparator(a.charCodeAt(k))) {
					into.add(a.slice(0, k + 1));
					break;
				}
			}
		}
	}
	if (tails.length > 1) {
		// Sorted by text read backwards (code unit by code unit from the end, a shorter tail first). Comparing in
		// place is faster than sorting reversed copies natively: building the copies cost more than the sort.
		sortShort(tails, byTail);
		for (let i = 1; i < tails.length; i++) {
			const a = tails[i - 1];
			const b = tails[i];
			let common = 0;
			while (common < a.length && common < b.length && a.charCodeAt(a.length - 1 - common) === b.charCodeAt(b.length - 1 - common)) common++;
			for (let k = common - 1; k >= MIN_SHARED_PART - 1; k--) {
				// a's tail of k + 1 code units.
				if (isSeparator(a.charCodeAt(a.length - 1 - k))) {
					into.add(a.slice(a.length - 1 - k));
					break;
				}
			}
		}
	}
}

/** Sorts a short list in place, stably: an insertion sort, where Array.prototype.sort allocates work space on every
 *  call (a document has a handful of such values; a long list still goes to the native sort). */
function sortShort(list: string[], compare: (a: string, b: string) => number): void {
	if (list.length > 16) {
		list.sort(compare);
		return;
	}
	for (let i = 1; i < list.length; i++) {
		const item = list[i];
		let j = i - 1;
		for (; j >= 0 && compare(list[j], item) > 0; j--) list[j + 1] = list[j];
		list[j + 1] = item;
	}
}

/** Code unit order, as Array.prototype.sort without a comparator. */
const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function byTail(a: string, b: string): number {
	let i = a.length - 1;
	let j = b.length - 1;
	for (; i >= 0 && j >= 0; i--, j--) {
		const d = a.charCodeAt(i) - b.charCodeAt(j);
		if (d !== 0) return d;
	}
	return i - j;
}

/** The separators a shared head or tail is cut at: space . / : @ ? & = , ; */
const SEPARATORS = new Uint8Array(128);
for (const c of ' ./:@?&=,;') SEPARATORS[c.charCodeAt(0)] = 1;

function isSeparator(code: number): boolean {
	return code < 128 && SEPARATORS[code] === 1;
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
	covered: (number[] | undefined)[],
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
		if (ranges !== undefined) {
			for (let r = 0; r < ranges.length; r += 2) {
				if (ranges[r] < end && at < ranges[r + 1]) overlaps = true;
				if (ranges[r + 1] === at) leftEdge = true;
				if (ranges[r] === end) rightEdge = true;
			}
		}
		if (!overlaps && tokens !== undefined) for (const t of tokens[slot]) if (t.at < end && at < t.end) overlaps = true;
		if (overlaps) continue;
		lastSlot = slot;
		lastEnd = end;
		const runChange = leftEdge && rightEdge ? 2 : leftEdge || rightEdge ? 0 : -2;
		saving += uses[slot] * (c.bytes - 2 + runChange);
		if (select) {
			if (ranges === undefined) covered[slot] = [at, end];
			else ranges.push(at, end);
		}
	}
	return saving;
}
