// Second encoder step: for one string table, the cheapest choice of attribute pages and value pieces and the exact
// size it gives, without writing a byte. The string-table policy (string-table.ts) compares tables by this size and
// only the winner is written (emit.ts).
// Attribute pages and values: a shortest path over all attributes in document order, state = current attribute page
// (WAP-192 §5.8.1: the attribute page persists across elements), each value planned by value-dp.ts. Most values
// hold no value token and no table string; they are one inline string on the page they start on, and are handled
// without a plan object.
// Several tables are measured per document, so what does not depend on the table is worked out once (LayoutContext)
// and a measure allocates little: garbage collection was a large part of the encoder's time.
import { indexLanguage, type LanguageIndex } from './language-index';
import { mbUint32Length } from './mb-u-int32';
import { isPlannedValue, type EncodePlan } from './plan';
import { utf8Length } from './text';
import { planValue, type ValueMatch, type ValuePiece, type ValuePlan } from './value-dp';
import { tokenPlan } from './value-tokens';

const SWITCH_COST = 2;
const INLINE_OVERHEAD = 2; // STR_I + NUL
const NO_PIECES: readonly ValuePiece[] = [];

export interface Layout {
	table: readonly string[];
	/** Byte offset of each entry in the table (WAP-192 §5.7). */
	offsets: number[];
	tableLength: number;
	/** Exact length of the encoded document. */
	size: number;
	/** How many references each entry gets. */
	uses: number[];
	/** For attribute `a` of `plan.attributes`, the start option chosen: whether it is LITERAL (the name from the
	 *  table), its token, and the page the token is written on (the current page for LITERAL). */
	literal(a: number): boolean;
	startToken(a: number): number;
	startPage(a: number): number;
	/** The page the value of attribute `a` leaves current. */
	endPage(a: number): number;
	/** The value of attribute `a` when it is written as one inline string ('' when empty), else undefined: the
	 *  common case, which needs no list of pieces. */
	inlineValue(a: number): string | undefined;
	/** The pieces of the value of attribute `a`. */
	attributePieces(a: number): readonly ValuePiece[];
	/** Text `i` of `plan.textUses` when it is written as one inline string, else undefined. */
	inlineText(i: number): string | undefined;
	/** The pieces of text `i` of `plan.textUses`. */
	textPieces(i: number): readonly ValuePiece[];
}

interface Occurrences {
	/** Pairs (slot, position). */
	attribute: number[];
	text: number[];
}

/**
 * The last document's searches, for the next one when it differs from it in a few values: in the studio each
 * keystroke encodes a document that differs from the last in one value, and searching every table candidate through
 * all the values again was the largest single cost of an encoding (~5.5 of 13 ms at 5,000 lines). An occurrence list
 * is taken over with the values that changed searched again: the same lists as a search from scratch gives.
 */
let previous: { attributeSlots: readonly string[]; textSlots: readonly string[]; wholeText: boolean; occurrences: Map<string, Occurrences> } | undefined;

/** For the tests: forgets the last document's searches (the next encoding searches everything), and counts lists
 *  taken over since. Not part of the codec's public face. */
export const takeOverProbe = {
	takenOver: 0,
	forget(): void {
		previous = undefined;
	}
};

/** At most this many changed values for the last document's searches to be taken over (else: searched anew). */
const MAX_CHANGED_SLOTS = 16;

/** The slots of `now` that differ from `before`, ascending; undefined when the lists differ in length or in more than
 *  MAX_CHANGED_SLOTS slots. */
function changedSlots(before: readonly string[], now: readonly string[]): number[] | undefined {
	if (before.length !== now.length) return undefined;
	const changed: number[] = [];
	for (let i = 0; i < now.length; i++) {
		if (before[i] !== now[i] && changed.push(i) > MAX_CHANGED_SLOTS) return undefined;
	}
	return changed;
}

/** Occurrence pairs (slot, position) of an earlier search, those in `changed` slots replaced by `find(slot)`. */
function patchOccurrences(pairs: readonly number[], changed: readonly number[], find: (slot: number) => number[]): number[] {
	const out: number[] = [];
	let k = 0;
	for (const slot of changed) {
		for (; k < pairs.length && pairs[k] < slot; k += 2) out.push(pairs[k], pairs[k + 1]);
		while (k < pairs.length && pairs[k] === slot) k += 2;
		for (const x of find(slot)) out.push(x);
	}
	for (; k < pairs.length; k += 2) out.push(pairs[k], pairs[k + 1]);
	return out;
}

/** What findIn gives for one slot: (slot, position) pairs of `text` in it, overlapping ones included. */
function findInSlot(slots: readonly string[], slot: number, text: string, wholeOnly: boolean): number[] {
	const value = isPlannedValue(slots[slot]) ? slots[slot] : '';
	const found: number[] = [];
	if (text === '') return found;
	if (wholeOnly) return value === text ? [slot, 0] : found;
	for (let at = value.indexOf(text); at >= 0; at = value.indexOf(text, at + 1)) found.push(slot, at);
	return found;
}

/** What every table of one document shares: the plan and the memoised work that does not depend on the table. */
export class LayoutContext {
	readonly pageCount: number;
	/** Bytes of each attribute slot written as one inline string (0 when empty), or -1 when it holds a value token:
	 *  only those may end on another page than they start on. */
	readonly inlineCost: number[];
	/** Bytes of each text slot written as one inline string. */
	readonly textInlineCost: number[];
	/** The start options of every attribute, flattened for the shortest path: attribute `a` has options
	 *  `optionStart[a]` to `optionStart[a + 1] - 1`, each with its page index (-1 for LITERAL), token and value slot. */
	readonly optionStart: number[];
	readonly optionPage: number[];
	readonly optionToken: number[];
	readonly optionSlot: number[];
	private readonly index: LanguageIndex;
	/** Text content is referenced only whole (WbxmlLanguage.wholeTextStrings). */
	private readonly wholeText: boolean;
	private readonly occurrences = new Map<string, Occurrences>();
	/** The last document's searches and the slots where this one differs from it, when few (see `previous`). */
	private readonly inherited: { occurrences: Map<string, Occurrences>; attribute: number[]; text: number[] } | undefined;
	/** Plans of attribute slots that hold value tokens but no table string, by slot * pages + start page. */
	private readonly tokenPlans: (ValuePlan | undefined)[];
	/** Built on the first search: a document encoded without a table never searches. */
	private attributeHaystack: Haystack | undefined;
	private textHaystack: Haystack | undefined;

	constructor(readonly plan: EncodePlan) {
		this.pageCount = plan.pageNumbers.length;
		this.wholeText = plan.language.wholeTextStrings === true;
		this.index = indexLanguage(plan.language);
		const slots = plan.attributeSlots;
		// Arrays allocated at their final length: arrays grown by push leave several times their size as garbage,
		// and typed arrays cost more to create than these few entries are read.
		this.inlineCost = new Array<number>(slots.length);
		for (let slot = 0; slot < slots.length; slot++) this.inlineCost[slot] = plan.tokenMatches[slot].length > 0 ? -1 : inlineCostOf(slots[slot]);
		this.textInlineCost = plan.textSlots.map(inlineCostOf);
		const attributes = plan.attributes;
		this.optionStart = new Array<number>(attributes.length + 1);
		let optionCount = 0;
		for (let a = 0; a < attributes.length; a++) {
			this.optionStart[a] = optionCount;
			optionCount += attributes[a].starts.length;
		}
		this.optionStart[attributes.length] = optionCount;
		this.optionPage = new Array<number>(optionCount);
		this.optionToken = new Array<number>(optionCount);
		this.optionSlot = new Array<number>(optionCount);
		for (let a = 0, o = 0; a < attributes.length; a++) {
			const { starts, slots } = attributes[a];
			for (let k = 0; k < starts.length; k++, o++) {
				this.optionPage[o] = starts[k].pageIndex;
				this.optionToken[o] = starts[k].token;
				this.optionSlot[o] = slots[k];
			}
		}
		this.tokenPlans = new Array<ValuePlan | undefined>(slots.length * this.pageCount);
		if (previous !== undefined && previous.wholeText === this.wholeText) {
			const attribute = changedSlots(previous.attributeSlots, plan.attributeSlots);
			const text = attribute && changedSlots(previous.textSlots, plan.textSlots);
			if (attribute && text) this.inherited = { occurrences: previous.occurrences, attribute, text };
		}
		previous = { attributeSlots: plan.attributeSlots, textSlots: plan.textSlots, wholeText: this.wholeText, occurrences: this.occurrences };
	}

	/**
	 * Where `text` occurs in the document's value strings: anywhere in attribute values and text content (every
	 * occurrence, overlapping ones included), except in a language whose text content must be one string token
	 * (WbxmlLanguage.wholeTextStrings: SyncML, for wbxml2xml's sake; libwbxml's own encoder writes Data as OPAQUE, so
	 * it never meets this), where only the whole of a text content counts.
	 */
	occurrencesOf(text: string): Occurrences {
		let found = this.occurrences.get(text) ?? this.takeOver(text);
		if (found !== undefined) return found;
		this.attributeHaystack ??= haystack(this.plan.attributeSlots);
		this.textHaystack ??= haystack(this.plan.textSlots);
		found = { attribute: findIn(this.attributeHaystack, text, false), text: findIn(this.textHaystack, text, this.wholeText) };
		this.occurrences.set(text, found);
		return found;
	}

	/** The last document's occurrences of `text` with the changed slots searched again, if it was searched there. */
	private takeOver(text: string): Occurrences | undefined {
		const inherited = this.inherited;
		const old = inherited?.occurrences.get(text);
		if (inherited === undefined || old === undefined) return undefined;
		const { attributeSlots, textSlots } = this.plan;
		const found: Occurrences = {
			attribute: inherited.attribute.length === 0 ? old.attribute : patchOccurrences(old.attribute, inherited.attribute, (slot) => findInSlot(attributeSlots, slot, text, false)),
			text: inherited.text.length === 0 ? old.text : patchOccurrences(old.text, inherited.text, (slot) => findInSlot(textSlots, slot, text, this.wholeText))
		};
		this.occurrences.set(text, found);
		takeOverProbe.takenOver++;
		return found;
	}

	/**
	 * Finds the occurrences of many strings at once, when searching each through the whole haystack would cost more
	 * than one pass: strings x haystack grows with the square of a large document (thousands of table candidates in
	 * megabytes of values). Gives exactly what occurrencesOf gives, only sooner.
	 */
	prefetchOccurrences(texts: Iterable<string>, minWork = PREFETCH_WORK): void {
		const wanted: string[] = [];
		for (const text of texts) if (text !== '' && !this.occurrences.has(text) && this.takeOver(text) === undefined) wanted.push(text);
		this.attributeHaystack ??= haystack(this.plan.attributeSlots);
		this.textHaystack ??= haystack(this.plan.textSlots);
		const size = this.attributeHaystack.text.length + this.textHaystack.text.length;
		if (wanted.length * size < minWork) return;
		const matcher = new Matcher(wanted);
		const attribute = matcher.findIn(this.attributeHaystack, false);
		const text = matcher.findIn(this.textHaystack, this.wholeText);
		wanted.forEach((w, i) => this.occurrences.set(w, { attribute: attribute[i], text: text[i] }));
	}

	tokenPlan(slot: number, startPage: number): ValuePlan {
		const key = slot * this.pageCount + startPage;
		return (this.tokenPlans[key] ??= tokenPlan(this.index, this.plan.attributeSlots[slot], startPage));
	}
}

const inlineCostOf = (text: string): number => (text === '' ? 0 : utf8Length(text) + INLINE_OVERHEAD);

function inlinePieces(text: string): readonly ValuePiece[] {
	return text === '' ? NO_PIECES : [{ kind: 'inline', text }];
}

/** All value strings joined by NUL, which no WBXML string contains (checked when planning), so one search finds a
 *  string in all of them and no match spans two. */
interface Haystack {
	text: string;
	/** Where each slot starts in `text`. */
	starts: number[];
}

function haystack(slots: readonly string[]): Haystack {
	const starts = new Array<number>(slots.length);
	// Values too long to plan (plan.ts MAX_PLANNED_VALUE) are left out: nothing is referenced in them.
	const searched = slots.map((slot) => (isPlannedValue(slot) ? slot : ''));
	let at = 0;
	for (let i = 0; i < searched.length; i++) {
		starts[i] = at;
		at += searched[i].length + 1;
	}
	return { text: searched.join('\u0000'), starts };
}

function findIn(hay: Haystack, text: string, wholeOnly: boolean): number[] {
	const found: number[] = [];
	if (text === '') return found;
	let slot = 0;
	for (let at = hay.text.indexOf(text); at >= 0; at = hay.text.indexOf(text, at + 1)) {
		while (slot + 1 < hay.starts.length && hay.starts[slot + 1] <= at) slot++;
		const start = hay.starts[slot];
		const slotEnd = slot + 1 < hay.starts.length ? hay.starts[slot + 1] - 1 : hay.text.length;
		if (wholeOnly && (at !== start || at + text.length !== slotEnd)) continue;
		found.push(slot, at - start);
	}
	return found;
}

/** Below this many string x haystack characters, one indexOf search per string is cheaper than building a Matcher. */
const PREFETCH_WORK = 1 << 26;

/**
 * Aho–Corasick (Aho & Corasick 1975) over UTF-16 code units: every occurrence of every pattern, overlapping ones
 * included, in one pass over the haystack. Per pattern the occurrences come in text order, as findIn gives them.
 */
class Matcher {
	/** The trie's edges, node * 0x10000 + code unit -> child: one map rather than one per node, which took about
	 *  150 bytes per node (a node per character of every pattern). */
	private readonly edges = new Map<number, number>();
	/** Pattern ending at each node, or -1. */
	private readonly pattern: number[] = [-1];
	private readonly fail: number[] = [0];
	/** The nearest node on the failure chain that ends a pattern, or -1. */
	private readonly output: number[] = [-1];

	constructor(private readonly patterns: readonly string[]) {
		const children: number[][] = [[]];
		const labels: number[] = [0];
		patterns.forEach((p, index) => {
			let node = 0;
			for (let i = 0; i < p.length; i++) {
				const c = p.charCodeAt(i);
				let child = this.edges.get(node * 0x10000 + c);
				if (child === undefined) {
					child = this.pattern.length;
					this.pattern.push(-1);
					this.fail.push(0);
					this.output.push(-1);
					children.push([]);
					labels.push(c);
					this.edges.set(node * 0x10000 + c, child);
					children[node].push(child);
				}
				node = child;
			}
			this.pattern[node] = index;
		});
		// Breadth first: a node's failure link is found from its parent's.
		const queue: number[] = [...children[0]];
		for (let q = 0; q < queue.length; q++) {
			const node = queue[q];
			for (const child of children[node]) {
				const c = labels[child];
				let f = this.fail[node];
				while (f !== 0 && !this.edges.has(f * 0x10000 + c)) f = this.fail[f];
				const target = this.edges.get(f * 0x10000 + c);
				this.fail[child] = target !== undefined && target !== child ? target : 0;
				const failed = this.fail[child];
				this.output[child] = this.pattern[failed] >= 0 ? failed : this.output[failed];
				queue.push(child);
			}
			children[node] = [];
		}
	}

	/** Pairs (slot, position) per pattern, as findIn would give each. */
	findIn(hay: Haystack, wholeOnly: boolean): number[][] {
		const found = this.patterns.map((): number[] => []);
		const text = hay.text;
		let node = 0;
		let slot = 0;
		for (let i = 0; i < text.length; i++) {
			const c = text.charCodeAt(i);
			let child = this.edges.get(node * 0x10000 + c);
			while (child === undefined && node !== 0) {
				node = this.fail[node];
				child = this.edges.get(node * 0x10000 + c);
			}
			node = child ?? 0;
			// No pattern holds NUL, so no occurrence spans two values: the slot of character i is the slot of all.
			while (slot + 1 < hay.starts.length && hay.starts[slot + 1] <= i) slot++;
			for (let hit = this.pattern[node] >= 0 ? node : this.output[node]; hit >= 0; hit = this.output[hit]) {
				const index = this.pattern[hit];
				const at = i + 1 - this.patterns[index].length;
				const start = hay.starts[slot];
				if (wholeOnly) {
					const slotEnd = slot + 1 < hay.starts.length ? hay.starts[slot + 1] - 1 : text.length;
					if (at !== start || i + 1 !== slotEnd) continue;
				}
				found[index].push(slot, at - start);
			}
		}
		return found;
	}
}

const byPosition = (a: ValueMatch, b: ValueMatch): number => a.at - b.at;

/** Sorts in place (stable); most lists hold one reference, and sort allocates even for those. */
function sortByPosition(matches: ValueMatch[]): ValueMatch[] {
	return matches.length > 1 ? matches.sort(byPosition) : matches;
}

// Scratch space of the attribute shortest path, shared by every measure (the codec is synchronous): the costs per
// page, the back pointers (state before, option taken) and the cost of each value that ends where it starts.
let scratchCost = new Float64Array(16);
let scratchNext = new Float64Array(16);
let scratchFrom = new Int32Array(1024);
let scratchOption = new Int32Array(1024);
let scratchSlotCost = new Int32Array(256);

/** `pause` (EncodeOptions.pause) is called every few thousand attributes of the walk. */
export function measure(context: LayoutContext, table: readonly string[], pause?: () => void): Layout {
	return new MeasuredLayout(context, table, pause);
}

/** One table measured. A class rather than closures: several tables are measured per document. */
class MeasuredLayout implements Layout {
	readonly offsets: number[];
	readonly tableLength: number;
	readonly size: number;
	readonly uses: number[];
	private readonly plan: EncodePlan;
	/** Per attribute: the option chosen (an index into the context's option lists), and the page its value ends on. */
	private readonly chosen: number[];
	private readonly endPages: number[];
	/** Table references possible in each value string; undefined for a slot (or all slots) without any. */
	private readonly attributeRefs: (ValueMatch[] | undefined)[] | undefined;
	private readonly textRefs: (ValueMatch[] | undefined)[] | undefined;
	/** Plans of slots with table references and value tokens, by slot * pages + start page. */
	private plans: (ValuePlan | undefined)[] | undefined;
	/** Plans of slots with table references and no value token: made on one page, they end where they start. */
	private onePagePlans: (ValuePlan | undefined)[] | undefined;
	private textPlans: (ValuePlan | undefined)[] | undefined;
	private entryOf: Map<string, number> | undefined;

	constructor(
		private readonly context: LayoutContext,
		readonly table: readonly string[],
		pause?: () => void
	) {
		const plan = context.plan;
		this.plan = plan;
		const P = context.pageCount;
		const offsets = new Array<number>(table.length);
		this.offsets = offsets;
		let tableLength = 0;
		for (let i = 0; i < table.length; i++) {
			offsets[i] = tableLength;
			tableLength += utf8Length(table[i]) + 1;
		}
		this.tableLength = tableLength;

		let attributeRefs: (ValueMatch[] | undefined)[] | undefined;
		let textRefs: (ValueMatch[] | undefined)[] | undefined;
		for (let entry = 0; entry < table.length; entry++) {
			const text = table[entry];
			const occurrences = context.occurrencesOf(text);
			const cost = 1 + mbUint32Length(offsets[entry]);
			if (occurrences.attribute.length > 0) {
				attributeRefs ??= new Array<ValueMatch[] | undefined>(plan.attributeSlots.length);
				addReferences(attributeRefs, occurrences.attribute, text, entry, cost);
			}
			if (occurrences.text.length > 0) {
				textRefs ??= new Array<ValueMatch[] | undefined>(plan.textSlots.length);
				addReferences(textRefs, occurrences.text, text, entry, cost);
			}
		}
		this.attributeRefs = attributeRefs;
		this.textRefs = textRefs;

		let size = plan.fixedSize + mbUint32Length(tableLength) + tableLength;
		const uses = new Array<number>(table.length).fill(0);
		this.uses = uses;
		for (const e of plan.literalElements) {
			const entry = this.nameEntry(e.name);
			size += mbUint32Length(offsets[entry]);
			uses[entry]++;
		}
		if (plan.language.publicId === undefined) {
			const entry = this.nameEntry(plan.language.fpi);
			size += 1 + mbUint32Length(offsets[entry]); // public id 0x00, then the FPI's offset (WAP-192 §5.5)
			uses[entry]++;
		}

		// Attribute pages and values.
		const attributes = plan.attributes;
		const A = attributes.length;
		if (scratchFrom.length < A * P) {
			scratchFrom = new Int32Array(A * P * 2);
			scratchOption = new Int32Array(A * P * 2);
		}
		if (scratchCost.length < P) {
			scratchCost = new Float64Array(P * 2);
			scratchNext = new Float64Array(P * 2);
		}
		const backFrom = scratchFrom;
		const backOption = scratchOption;
		const { optionStart, optionPage, optionSlot, inlineCost } = context;
		// Bytes of each value without value tokens, which ends on the page it starts on; -1 for the others.
		if (scratchSlotCost.length < inlineCost.length) scratchSlotCost = new Int32Array(inlineCost.length * 2);
		const slotCost = scratchSlotCost;
		for (let slot = 0; slot < inlineCost.length; slot++) {
			const refs = attributeRefs === undefined ? undefined : attributeRefs[slot];
			slotCost[slot] = refs === undefined || inlineCost[slot] < 0 ? inlineCost[slot] : this.onePagePlan(slot, refs).cost[0];
		}
		let cost = scratchCost;
		let next = scratchNext;
		for (let p = 0; p < P; p++) cost[p] = p === plan.startPage ? 0 : Infinity;
		for (let a = 0; a < A; a++) {
			if (pause !== undefined && (a & 2047) === 2047) pause();
			for (let p = 0; p < P; p++) next[p] = Infinity;
			const firstOption = optionStart[a];
			const endOption = optionStart[a + 1];
			// LITERAL: the token and the name's offset in the table (WAP-192 §5.8.3), found once per attribute.
			let literalCost = -1;
			for (let q = 0; q < P; q++) {
				if (cost[q] === Infinity) continue;
				for (let o = firstOption; o < endOption; o++) {
					const slot = optionSlot[o];
					let startPage = optionPage[o];
					let startCost = 1;
					if (startPage < 0) {
						startPage = q;
						if (literalCost < 0) literalCost = 1 + mbUint32Length(offsets[this.nameEntry(attributes[a].name)]);
						startCost = literalCost;
					}
					const base = cost[q] + (startPage === q ? 0 : SWITCH_COST) + startCost;
					const flat = slotCost[slot];
					if (flat >= 0) {
						const c = base + flat;
						if (c < next[startPage]) {
							next[startPage] = c;
							backFrom[a * P + startPage] = q;
							backOption[a * P + startPage] = o;
						}
						continue;
					}
					const value = this.tokenValuePlan(slot, startPage).cost;
					for (let e = 0; e < P; e++) {
						const c = base + value[e];
						if (c < next[e]) {
							next[e] = c;
							backFrom[a * P + e] = q;
							backOption[a * P + e] = o;
						}
					}
				}
			}
			const swap = cost;
			cost = next;
			next = swap;
		}
		// Walk back: the option and end page of every attribute (its start page follows from them).
		const chosen = new Array<number>(A);
		const endPages = new Array<number>(A);
		let state = plan.startPage;
		if (A > 0) {
			for (let p = 0; p < P; p++) if (cost[p] < cost[state]) state = p;
			size += cost[state];
		}
		for (let a = A - 1; a >= 0; a--) {
			chosen[a] = backOption[a * P + state];
			endPages[a] = state;
			state = backFrom[a * P + state];
		}
		this.chosen = chosen;
		this.endPages = endPages;

		const textUses = plan.textUses;
		for (let i = 0; i < textUses.length; i++) {
			const slot = textUses[i];
			const refs = textRefs === undefined ? undefined : textRefs[slot];
			size += refs === undefined ? context.textInlineCost[slot] : this.textPlan(slot, refs).cost[0];
		}
		this.size = size;

		// References per entry (string-table.ts drops the entries referenced fewer than twice).
		for (let a = 0; a < A; a++) {
			const o = chosen[a];
			if (optionPage[o] < 0) uses[this.nameEntry(attributes[a].name)]++;
			if (attributeRefs !== undefined && attributeRefs[optionSlot[o]] !== undefined) countUses(this.attributePieces(a), uses);
		}
		if (textRefs !== undefined) {
			for (let i = 0; i < textUses.length; i++) if (textRefs[textUses[i]] !== undefined) countUses(this.textPieces(i), uses);
		}
	}

	literal(a: number): boolean {
		return this.context.optionPage[this.chosen[a]] < 0;
	}

	startToken(a: number): number {
		return this.context.optionToken[this.chosen[a]];
	}

	startPage(a: number): number {
		const page = this.context.optionPage[this.chosen[a]];
		// LITERAL stays on the page the previous value left current.
		if (page >= 0) return page;
		return a === 0 ? this.plan.startPage : this.endPages[a - 1];
	}

	endPage(a: number): number {
		return this.endPages[a];
	}

	inlineValue(a: number): string | undefined {
		const slot = this.context.optionSlot[this.chosen[a]];
		if (this.context.inlineCost[slot] < 0 || (this.attributeRefs !== undefined && this.attributeRefs[slot] !== undefined)) return undefined;
		return this.plan.attributeSlots[slot];
	}

	attributePieces(a: number): readonly ValuePiece[] {
		const slot = this.context.optionSlot[this.chosen[a]];
		if (this.context.inlineCost[slot] < 0) return this.tokenValuePlan(slot, this.startPage(a)).pieces(this.endPages[a]);
		const refs = this.attributeRefs === undefined ? undefined : this.attributeRefs[slot];
		return refs === undefined ? inlinePieces(this.plan.attributeSlots[slot]) : this.onePagePlan(slot, refs).pieces(0);
	}

	inlineText(i: number): string | undefined {
		const slot = this.plan.textUses[i];
		return this.textRefs !== undefined && this.textRefs[slot] !== undefined ? undefined : this.plan.textSlots[slot];
	}

	textPieces(i: number): readonly ValuePiece[] {
		const slot = this.plan.textUses[i];
		const refs = this.textRefs === undefined ? undefined : this.textRefs[slot];
		return refs === undefined ? inlinePieces(this.plan.textSlots[slot]) : this.textPlan(slot, refs).pieces(0);
	}

	private nameEntry(name: string): number {
		if (this.entryOf === undefined) {
			this.entryOf = new Map<string, number>();
			for (let i = 0; i < this.table.length; i++) this.entryOf.set(this.table[i], i);
		}
		const entry = this.entryOf.get(name);
		if (entry === undefined) throw new Error(`internal: "${name}" must be in the string table`);
		return entry;
	}

	/** A slot with table references and no value token: planned once on one page, whatever page it starts on. */
	private onePagePlan(slot: number, refs: ValueMatch[]): ValuePlan {
		this.onePagePlans ??= new Array<ValuePlan | undefined>(this.plan.attributeSlots.length);
		const bytes = this.context.inlineCost[slot] - INLINE_OVERHEAD; // a slot with references is not empty
		return (this.onePagePlans[slot] ??= planValue(this.plan.attributeSlots[slot], 0, 1, sortByPosition(refs), bytes));
	}

	/** A slot with value tokens, with the table references it may also use. */
	private tokenValuePlan(slot: number, startPage: number): ValuePlan {
		const refs = this.attributeRefs === undefined ? undefined : this.attributeRefs[slot];
		if (refs === undefined) return this.context.tokenPlan(slot, startPage);
		const P = this.context.pageCount;
		this.plans ??= new Array<ValuePlan | undefined>(this.plan.attributeSlots.length * P);
		const key = slot * P + startPage;
		return (this.plans[key] ??= planValue(this.plan.attributeSlots[slot], startPage, P, [...this.plan.tokenMatches[slot], ...refs].sort(byPosition)));
	}

	private textPlan(slot: number, refs: ValueMatch[]): ValuePlan {
		this.textPlans ??= new Array<ValuePlan | undefined>(this.plan.textSlots.length);
		const bytes = this.context.textInlineCost[slot] - INLINE_OVERHEAD;
		return (this.textPlans[slot] ??= planValue(this.plan.textSlots[slot], 0, 1, sortByPosition(refs), bytes));
	}
}

function addReferences(into: (ValueMatch[] | undefined)[], pairs: readonly number[], text: string, entry: number, cost: number): void {
	for (let k = 0; k < pairs.length; k += 2) {
		const at = pairs[k + 1];
		const match: ValueMatch = { at, end: at + text.length, pageIndex: -1, code: entry, cost };
		const list = into[pairs[k]];
		// Most slots get one reference: a literal of one, not an empty list grown by push.
		if (list === undefined) into[pairs[k]] = [match];
		else list.push(match);
	}
}

function countUses(pieces: readonly ValuePiece[], uses: number[]): void {
	for (const piece of pieces) if (piece.kind === 'table') uses[piece.entry]++;
}
