// The cheapest way to write one string as a WBXML value: a mix of inline strings (STR_I), string-table references
// (STR_T) and, in attribute values, attribute-value tokens of any code page (WAP-192 §5.8.4.2: a value is the
// concatenation of value tokens, strings and entities; SWITCH_PAGE may appear between them). A shortest path over
// positions x current attribute page x "inside an inline run", so e.g. PROV page-1 "HTTP-DIGEST,BASIC" becomes
// 91 93 90 92 and "Partner network 01" with "Partner" and "network" in the table becomes
// 83 00 03 " " 00 83 08 03 " 01" 00. The callers find the matches (value tokens: value-tokens.ts, table strings:
// layout.ts); this file only chooses.
import { utf8Length, utf8LengthOf } from './text';

export type ValuePiece =
	| { kind: 'inline'; text: string }
	| { kind: 'table'; entry: number }
	| { kind: 'token'; pageIndex: number; token: number };

/** One place where a value token or a table string occurs in the text. */
export interface ValueMatch {
	at: number;
	end: number;
	/** Page index (into the language's page list) of a value token; -1 for a string-table reference. */
	pageIndex: number;
	/** The token byte, or the table entry index. */
	code: number;
	/** Bytes written for it, SWITCH_PAGE excluded: 1 for a token, 1 + mb_u_int32 length of the offset for STR_T. */
	cost: number;
}

export interface ValuePlan {
	/** Bytes for each end page index (Infinity when the value cannot end on that page). */
	readonly cost: readonly number[];
	/** Read only: plans are shared (value-tokens.ts keeps them across documents). */
	pieces(endPageIndex: number): readonly ValuePiece[];
}

const SWITCH_COST = 2;
const INLINE_OVERHEAD = 2; // STR_I token + NUL terminator

/** A value written as one inline string (or nothing when empty): the plan when nothing matches. */
class InlinePlan implements ValuePlan {
	readonly cost: number[];
	constructor(
		private readonly text: string,
		startPage: number,
		pageCount: number
	) {
		const own = text === '' ? 0 : utf8Length(text) + INLINE_OVERHEAD;
		this.cost = new Array<number>(pageCount);
		for (let p = 0; p < pageCount; p++) this.cost[p] = p === startPage ? own : Infinity;
	}

	pieces(): readonly ValuePiece[] {
		return this.text === '' ? [] : [{ kind: 'inline', text: this.text }];
	}
}

/**
 * Plans `text` starting on attribute page index `startPage` of `pageCount` pages; `matches` must be sorted by `at`.
 * Text content passes table matches only and one page. `bytes` is the UTF-8 length of `text` when the caller has it.
 */
export function planValue(text: string, startPage: number, pageCount: number, matches: readonly ValueMatch[], bytes?: number): ValuePlan {
	const n = text.length;
	if (n === 0 || matches.length === 0) return new InlinePlan(text, startPage, pageCount);
	// Table references and inline strings never change the page: plan on one page, then place it.
	if (pageCount > 1 && matches.every((m) => m.pageIndex < 0)) return onStartPage(planValue(text, 0, 1, matches, bytes), startPage, pageCount);
	if (pageCount === 1 && matches.length === 1 && matches[0].end > matches[0].at) return new OneReferencePlan(text, matches[0], bytes ?? utf8Length(text));
	return new ShortestPlan(text, startPage, pageCount, matches);
}

/**
 * One table reference (on one page, so no value token) and inline text: the most common plan once a table exists.
 * The shortest path below has only two candidates then, so they are compared directly. An inline run only ends
 * where a reference does, so the paths are the whole text inline (L + 2 bytes) and the reference with the text
 * before and after it inline, each as one run (+2 when not empty). On equal cost ShortestPlan keeps the reference:
 * when nothing follows it, it prefers the run-closed end state; otherwise the reference reaches the character after
 * it before the inline run does, and only a strictly cheaper path replaces it.
 */
class OneReferencePlan implements ValuePlan {
	readonly cost: number[];
	private readonly chosen: ValuePiece[];

	constructor(text: string, match: ValueMatch, bytes: number) {
		// ASCII (nearly always): a byte per code unit, no need to count.
		const ascii = bytes === text.length;
		const before = match.at === 0 ? 0 : (ascii ? match.at : utf8LengthOf(text, 0, match.at)) + INLINE_OVERHEAD;
		const after = match.end === text.length ? 0 : (ascii ? text.length - match.end : utf8LengthOf(text, match.end, text.length)) + INLINE_OVERHEAD;
		const referenced = before + match.cost + after;
		const inline = bytes + INLINE_OVERHEAD;
		if (referenced <= inline) {
			this.cost = [referenced];
			const reference: ValuePiece = { kind: 'table', entry: match.code };
			if (before > 0 && after > 0) {
				this.chosen = [{ kind: 'inline', text: text.slice(0, match.at) }, reference, { kind: 'inline', text: text.slice(match.end) }];
			} else if (before > 0) this.chosen = [{ kind: 'inline', text: text.slice(0, match.at) }, reference];
			else if (after > 0) this.chosen = [reference, { kind: 'inline', text: text.slice(match.end) }];
			else this.chosen = [reference];
		} else {
			this.cost = [inline];
			this.chosen = [{ kind: 'inline', text }];
		}
	}

	pieces(): readonly ValuePiece[] {
		return this.chosen;
	}
}

/** A plan made for one page (no value tokens), placed on `startPage` of `pageCount`: it ends where it starts. One
 *  such plan serves every start page, so callers that try several plan it once. */
function onStartPage(onePage: ValuePlan, startPage: number, pageCount: number): ValuePlan {
	return pageCount === 1 ? onePage : new OnePagePlan(onePage, startPage, pageCount);
}

class OnePagePlan implements ValuePlan {
	readonly cost: number[];
	constructor(
		private readonly plan: ValuePlan,
		private readonly startPage: number,
		pageCount: number
	) {
		this.cost = new Array<number>(pageCount);
		for (let p = 0; p < pageCount; p++) this.cost[p] = p === startPage ? plan.cost[0] : Infinity;
	}

	pieces(endPage: number): readonly ValuePiece[] {
		return endPage === this.startPage ? this.plan.pieces(0) : [];
	}
}

// The shortest-path tables are scratch space shared by every plan (the codec is synchronous): allocating typed
// arrays per value dominated the encoder's time. Each plan keeps only its end costs and its pieces per end page.
let scratchCost = new Float64Array(256);
let scratchPrev = new Int32Array(256);
let scratchVia = new Int32Array(256);

class ShortestPlan implements ValuePlan {
	readonly cost: number[];
	private readonly piecesByEnd: ValuePiece[][];

	constructor(text: string, startPage: number, P: number, matches: readonly ValueMatch[]) {
		const n = text.length;
		// State (i, p, run) at index (i * P + p) * 2 + run; run = 1 while an inline string is open.
		const states = (n + 1) * P * 2;
		if (scratchCost.length < states) {
			const size = Math.max(states, scratchCost.length * 2);
			scratchCost = new Float64Array(size);
			scratchPrev = new Int32Array(size);
			scratchVia = new Int32Array(size);
		}
		const cost = scratchCost;
		const prev = scratchPrev;
		// What led to the state: -1 = one character inline, otherwise the index of the match used.
		const via = scratchVia;
		cost.fill(Infinity, 0, states);
		cost[startPage * 2] = 0;
		let m = 0;
		for (let i = 0; i < n; i++) {
			const c = text.charCodeAt(i);
			const width = c >= 0xd800 && c <= 0xdbff && i + 1 < n ? 2 : 1;
			const bytes = width === 2 ? 4 : c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
			while (m < matches.length && matches[m].at < i) m++;
			let mEnd = m;
			while (mEnd < matches.length && matches[mEnd].at === i) mEnd++;
			const base0 = i * P * 2;
			for (let p = 0; p < P; p++) {
				for (let run = 0; run < 2; run++) {
					const from = base0 + p * 2 + run;
					const base = cost[from];
					if (base === Infinity) continue;
					const charTo = ((i + width) * P + p) * 2 + 1;
					const charCost = base + bytes + (run ? 0 : INLINE_OVERHEAD);
					if (charCost < cost[charTo]) {
						cost[charTo] = charCost;
						prev[charTo] = from;
						via[charTo] = -1;
					}
					for (let k = m; k < mEnd; k++) {
						const match = matches[k];
						const toPage = match.pageIndex < 0 ? p : match.pageIndex;
						const to = (match.end * P + toPage) * 2;
						const step = base + match.cost + (toPage === p ? 0 : SWITCH_COST);
						if (step < cost[to]) {
							cost[to] = step;
							prev[to] = from;
							via[to] = k;
						}
					}
				}
			}
			m = mEnd;
		}
		this.cost = new Array<number>(P);
		this.piecesByEnd = new Array<ValuePiece[]>(P);
		const start = startPage * 2;
		for (let endPage = 0; endPage < P; endPage++) {
			const a = (n * P + endPage) * 2;
			this.cost[endPage] = Math.min(cost[a], cost[a + 1]);
			if (this.cost[endPage] === Infinity) {
				this.piecesByEnd[endPage] = [];
				continue;
			}
			const end = cost[a] <= cost[a + 1] ? a : a + 1;
			// The path is walked back twice, to count the pieces and then to fill a list of that length.
			const pieces = new Array<ValuePiece>(countPieces(end, start, prev, via));
			let at = pieces.length;
			let runEnd = -1;
			for (let state = end; state !== start; state = prev[state]) {
				const i = Math.floor(state / (2 * P));
				const used = via[state];
				if (used < 0) {
					if (runEnd < 0) runEnd = i;
				} else {
					if (runEnd >= 0) {
						pieces[--at] = { kind: 'inline', text: text.slice(i, runEnd) };
						runEnd = -1;
					}
					const match = matches[used];
					pieces[--at] = match.pageIndex < 0 ? { kind: 'table', entry: match.code } : { kind: 'token', pageIndex: match.pageIndex, token: match.code };
				}
			}
			if (runEnd >= 0) pieces[--at] = { kind: 'inline', text: text.slice(0, runEnd) };
			this.piecesByEnd[endPage] = pieces;
		}
	}

	pieces(endPage: number): readonly ValuePiece[] {
		return this.piecesByEnd[endPage];
	}
}

/** Pieces on the path from `end` back to `start`: one per match used, one per run of inline characters. */
function countPieces(end: number, start: number, prev: Int32Array, via: Int32Array): number {
	let count = 0;
	let inRun = false;
	for (let state = end; state !== start; state = prev[state]) {
		if (via[state] < 0) inRun = true;
		else {
			if (inRun) count++;
			inRun = false;
			count++;
		}
	}
	return inRun ? count + 1 : count;
}
