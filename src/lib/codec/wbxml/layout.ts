// Second encoder step: for one string table, the cheapest choice of attribute pages and value pieces and the exact
// size it gives, without writing a byte. The string-table policy (string-table.ts) compares tables by this size and
// only the winner is written (emit.ts).
// Attribute pages and values: a shortest path over all attributes in document order, state = current attribute page
// (WAP-192 §5.8.1: the attribute page persists across elements), each value planned by value-dp.ts. Most values
// hold no value token and no table string; they are one inline string on the page they start on, and are handled
// without a plan object.
import { mbUint32Length } from './mb-u-int32';
import type { EncodePlan, StartOption } from './plan';
import { utf8Length } from './text';
import { inlinePlan, onStartPage, planValue, type ValueMatch, type ValuePiece, type ValuePlan } from './value-dp';

const SWITCH_COST = 2;
const INLINE_OVERHEAD = 2; // STR_I + NUL

export interface AttributeChoice {
	option: StartOption;
	startPage: number;
	endPage: number;
	pieces: ValuePiece[];
}

export interface Layout {
	table: readonly string[];
	/** Byte offset of each entry in the table (WAP-192 §5.7). */
	offsets: number[];
	tableLength: number;
	/** Exact length of the encoded document. */
	size: number;
	/** How many references each entry gets. */
	uses: number[];
	/** The choice for attribute `a` of `plan.attributes`. */
	choice(a: number): AttributeChoice;
	/** The pieces of text `i` of `plan.textUses`. */
	textPieces(i: number): ValuePiece[];
}

interface Occurrences {
	/** Pairs (slot, position). */
	attribute: number[];
	text: number[];
}

/** What every table of one document shares: the plan and the memoised work that does not depend on the table. */
export class LayoutContext {
	private readonly occurrences = new Map<string, Occurrences>();
	/** Plans of attribute slots that hold value tokens but no table string, by slot * pages + start page. */
	private readonly tokenPlans: (ValuePlan | undefined)[];
	/** Bytes of each attribute slot written as one inline string (0 when empty). */
	readonly inlineCost: number[];
	private readonly attributeHaystack: Haystack;
	private readonly textHaystack: Haystack;

	constructor(readonly plan: EncodePlan) {
		this.tokenPlans = new Array<ValuePlan | undefined>(plan.attributeSlots.length * plan.pageNumbers.length);
		this.inlineCost = plan.attributeSlots.map((s) => (s === '' ? 0 : utf8Length(s) + INLINE_OVERHEAD));
		this.attributeHaystack = haystack(plan.attributeSlots);
		this.textHaystack = haystack(plan.textSlots);
	}

	/**
	 * Where `text` occurs in the document's value strings: anywhere in attribute values (every occurrence,
	 * overlapping ones included), but only as the whole of a text content. Content text is written as one STR_I or
	 * one STR_T: several string tokens are valid (WAP-192 §5.8.4.2), but wbxml2xml (libwbxml 0.11.8) turns a
	 * SyncML <Data> made of them into nested CDATA sections and drops </Data> (libwbxml's own encoder writes Data
	 * as OPAQUE, so it never meets this).
	 */
	occurrencesOf(text: string): Occurrences {
		let found = this.occurrences.get(text);
		if (found !== undefined) return found;
		found = { attribute: findIn(this.attributeHaystack, text, false), text: findIn(this.textHaystack, text, true) };
		this.occurrences.set(text, found);
		return found;
	}

	tokenPlan(slot: number, startPage: number): ValuePlan {
		const P = this.plan.pageNumbers.length;
		const key = slot * P + startPage;
		let found = this.tokenPlans[key];
		if (found === undefined) {
			found = planValue(this.plan.attributeSlots[slot], startPage, P, this.plan.tokenMatches[slot]);
			this.tokenPlans[key] = found;
		}
		return found;
	}
}

/** All value strings joined by NUL, which no WBXML string contains (checked when planning), so one search finds a
 *  string in all of them and no match spans two. */
interface Haystack {
	text: string;
	/** Where each slot starts in `text`. */
	starts: number[];
}

function haystack(slots: readonly string[]): Haystack {
	const starts: number[] = [];
	let at = 0;
	for (const s of slots) {
		starts.push(at);
		at += s.length + 1;
	}
	return { text: slots.join('\u0000'), starts };
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

const byPosition = (a: ValueMatch, b: ValueMatch): number => a.at - b.at;

// Back pointers of the attribute shortest path: scratch shared by every measure (the codec is synchronous), since
// allocating typed arrays per table was a large part of the encoder's time.
let scratchFrom = new Int32Array(1024);
let scratchOption = new Int32Array(1024);

export function measure(context: LayoutContext, table: readonly string[]): Layout {
	const { plan, inlineCost } = context;
	const P = plan.pageNumbers.length;
	const offsets: number[] = [];
	const entryOf = new Map<string, number>();
	let tableLength = 0;
	for (let i = 0; i < table.length; i++) {
		offsets.push(tableLength);
		entryOf.set(table[i], i);
		tableLength += utf8Length(table[i]) + 1;
	}

	// Table references possible in each value string.
	const attributeRefs = new Array<ValueMatch[] | undefined>(plan.attributeSlots.length);
	const textRefs = new Array<ValueMatch[] | undefined>(plan.textSlots.length);
	for (let entry = 0; entry < table.length; entry++) {
		const text = table[entry];
		const occurrences = context.occurrencesOf(text);
		const cost = 1 + mbUint32Length(offsets[entry]);
		addReferences(attributeRefs, occurrences.attribute, text, entry, cost);
		addReferences(textRefs, occurrences.text, text, entry, cost);
	}
	const attributeMatches = (slot: number): ValueMatch[] => [...plan.tokenMatches[slot], ...(attributeRefs[slot] ?? [])].sort(byPosition);
	// Plans of slots that are more than one inline string, by slot * P + start page.
	const plans = new Array<ValuePlan | undefined>(plan.attributeSlots.length * P);
	// Slots with table references and no value token: planned once on one page, whatever page they start on.
	const onePagePlans = new Array<ValuePlan | undefined>(plan.attributeSlots.length);
	const attributePlan = (slot: number, startPage: number): ValuePlan => {
		const key = slot * P + startPage;
		let found = plans[key];
		if (found === undefined) {
			const refs = attributeRefs[slot];
			if (refs !== undefined && plan.tokenMatches[slot].length === 0) {
				const onePage = (onePagePlans[slot] ??= planValue(plan.attributeSlots[slot], 0, 1, refs.sort(byPosition)));
				found = onStartPage(onePage, startPage, P);
			} else if (refs !== undefined) found = planValue(plan.attributeSlots[slot], startPage, P, attributeMatches(slot));
			else if (plan.tokenMatches[slot].length > 0) found = context.tokenPlan(slot, startPage);
			else found = inlinePlan(plan.attributeSlots[slot], startPage, P);
			plans[key] = found;
		}
		return found;
	};
	const textPlans = new Array<ValuePlan | undefined>(plan.textSlots.length);
	const textPlan = (slot: number): ValuePlan => {
		let found = textPlans[slot];
		if (found === undefined) {
			const refs = textRefs[slot];
			const text = plan.textSlots[slot];
			found = refs === undefined ? inlinePlan(text, 0, 1) : planValue(text, 0, 1, refs.sort(byPosition));
			textPlans[slot] = found;
		}
		return found;
	};

	let size = plan.fixedSize + mbUint32Length(tableLength) + tableLength;
	const uses = new Array<number>(table.length).fill(0);
	const nameEntry = (name: string): number => {
		const entry = entryOf.get(name);
		if (entry === undefined) throw new Error(`internal: "${name}" must be in the string table`);
		return entry;
	};
	for (const e of plan.literalElements) {
		const entry = nameEntry(e.name);
		size += mbUint32Length(offsets[entry]);
		uses[entry]++;
	}
	if (plan.language.publicId === undefined) {
		const entry = nameEntry(plan.language.fpi);
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
	const backFrom = scratchFrom;
	const backOption = scratchOption;
	const tokenMatches = plan.tokenMatches;
	let cost: number[] = [];
	let next: number[] = [];
	for (let p = 0; p < P; p++) {
		cost.push(p === plan.startPage ? 0 : Infinity);
		next.push(Infinity);
	}
	for (let a = 0; a < A; a++) {
		for (let p = 0; p < P; p++) next[p] = Infinity;
		const options = attributes[a].options;
		for (let q = 0; q < P; q++) {
			if (cost[q] === Infinity) continue;
			for (let o = 0; o < options.length; o++) {
				const option = options[o];
				const literal = option.pageIndex < 0;
				const startPage = literal ? q : option.pageIndex;
				const startCost = literal ? 1 + mbUint32Length(offsets[nameEntry(attributes[a].name)]) : 1;
				const base = cost[q] + (startPage === q ? 0 : SWITCH_COST) + startCost;
				if (attributeRefs[option.slot] === undefined && tokenMatches[option.slot].length === 0) {
					// One inline string: ends on the page it starts on.
					const c = base + inlineCost[option.slot];
					if (c < next[startPage]) {
						next[startPage] = c;
						backFrom[a * P + startPage] = q;
						backOption[a * P + startPage] = o;
					}
					continue;
				}
				const value = attributePlan(option.slot, startPage).cost;
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
	// Walk back: the option, start page and end page of every attribute.
	const chosenOption = new Array<number>(A);
	const chosenStart = new Array<number>(A);
	const chosenEnd = new Array<number>(A);
	let state = plan.startPage;
	if (A > 0) {
		for (let p = 0; p < P; p++) if (cost[p] < cost[state]) state = p;
		size += cost[state];
	}
	for (let a = A - 1; a >= 0; a--) {
		const from = backFrom[a * P + state];
		const o = backOption[a * P + state];
		const option = attributes[a].options[o];
		chosenOption[a] = o;
		chosenStart[a] = option.pageIndex < 0 ? from : option.pageIndex;
		chosenEnd[a] = state;
		state = from;
	}
	const texts = plan.textUses.map((slot) => textPlan(slot));
	for (const t of texts) size += t.cost[0];

	// References per entry (string-table.ts drops the entries referenced fewer than twice).
	for (let a = 0; a < A; a++) {
		const option = attributes[a].options[chosenOption[a]];
		if (option.pageIndex < 0) uses[nameEntry(attributes[a].name)]++;
		if (attributeRefs[option.slot] !== undefined) countUses(attributePlan(option.slot, chosenStart[a]).pieces(chosenEnd[a]), uses);
	}
	texts.forEach((t, i) => {
		if (textRefs[plan.textUses[i]] !== undefined) countUses(t.pieces(0), uses);
	});

	return {
		table,
		offsets,
		tableLength,
		size,
		uses,
		choice(a: number): AttributeChoice {
			const option = attributes[a].options[chosenOption[a]];
			const pieces = attributeRefs[option.slot] === undefined && plan.tokenMatches[option.slot].length === 0
				? inlinePlan(plan.attributeSlots[option.slot], chosenStart[a], P).pieces(chosenStart[a])
				: attributePlan(option.slot, chosenStart[a]).pieces(chosenEnd[a]);
			return { option, startPage: chosenStart[a], endPage: chosenEnd[a], pieces };
		},
		textPieces: (i: number): ValuePiece[] => texts[i].pieces(0)
	};
}

function addReferences(into: (ValueMatch[] | undefined)[], pairs: readonly number[], text: string, entry: number, cost: number): void {
	for (let k = 0; k < pairs.length; k += 2) {
		const at = pairs[k + 1];
		(into[pairs[k]] ??= []).push({ at, end: at + text.length, pageIndex: -1, code: entry, cost });
	}
}

function countUses(pieces: readonly ValuePiece[], uses: number[]): void {
	for (const piece of pieces) if (piece.kind === 'table') uses[piece.entry]++;
}
