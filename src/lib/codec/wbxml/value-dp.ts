// The cheapest way to write one string as a WBXML value: a mix of inline strings (STR_I), string-table references
// (STR_T) and, in attribute values, attribute-value tokens of any code page (WAP-192 §5.8.4.2: a value is the
// concatenation of value tokens, strings and entities; SWITCH_PAGE may appear between them). A shortest-path over
// positions x current attribute page x "inside an inline run", so e.g. PROV page-1 "HTTP-DIGEST,BASIC" becomes
// 91 93 90 92 and a value containing a table string becomes STR_T + STR_I pieces when that is shorter.
import { mbUint32Length } from './mb-u-int32';
import { utf8Length } from './text';

export type ValuePiece =
	| { kind: 'inline'; text: string }
	| { kind: 'table'; entry: number }
	| { kind: 'token'; page: number; token: number };

/** A string the DP may use: a value token (with its page) or a string-table entry (with its reference cost). */
export interface Matcher {
	text: string;
	kind: 'token' | 'table';
	/** Page index (into the page list) for tokens. */
	pageIndex: number;
	token: number;
	entry: number;
	offset: number;
}

export interface ValuePlan {
	/** Cost in bytes for each end page index (Infinity when the value cannot end on that page). */
	cost: number[];
	pieces(endPageIndex: number): ValuePiece[];
}

const SWITCH_COST = 2;
const INLINE_OVERHEAD = 2; // STR_I token + NUL terminator

interface Match {
	index: number;
	matcher: Matcher;
}

/**
 * Plans `text` starting on attribute page index `startPage` of `pageCount` pages; `pageNumbers` maps page indices
 * to the code page numbers written in SWITCH_PAGE.
 */
export function planValue(text: string, startPage: number, pageCount: number, pageNumbers: readonly number[], matchers: readonly Matcher[]): ValuePlan {
	const n = text.length;
	if (n === 0) {
		const cost = new Array<number>(pageCount).fill(Infinity);
		cost[startPage] = 0;
		return { cost, pieces: () => [] };
	}
	const byPosition = new Map<number, Match[]>();
	matchers.forEach((matcher, index) => {
		if (matcher.text.length === 0) return;
		for (let at = text.indexOf(matcher.text); at >= 0; at = text.indexOf(matcher.text, at + 1)) {
			let list = byPosition.get(at);
			if (!list) byPosition.set(at, (list = []));
			list.push({ index, matcher });
		}
	});
	if (byPosition.size === 0) {
		const cost = new Array<number>(pageCount).fill(Infinity);
		cost[startPage] = utf8Length(text) + INLINE_OVERHEAD;
		return { cost, pieces: () => [{ kind: 'inline', text }] };
	}

	const P = pageCount;
	const states = (n + 1) * P * 2;
	const cost = new Float64Array(states).fill(Infinity);
	const prev = new Int32Array(states).fill(-1);
	// What led to the state: -1 = one character inline, otherwise the index of the matcher used.
	const via = new Int32Array(states).fill(-1);
	const id = (i: number, p: number, run: number): number => (i * P + p) * 2 + run;

	cost[id(0, startPage, 0)] = 0;
	for (let i = 0; i < n; i++) {
		const c = text.charCodeAt(i);
		const width = c >= 0xd800 && c <= 0xdbff && i + 1 < n ? 2 : 1;
		const bytes = width === 2 ? 4 : c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
		const matches = byPosition.get(i);
		for (let p = 0; p < P; p++) {
			for (let run = 0; run < 2; run++) {
				const from = id(i, p, run);
				const base = cost[from];
				if (base === Infinity) continue;
				const charTo = id(i + width, p, 1);
				const charCost = base + bytes + (run ? 0 : INLINE_OVERHEAD);
				if (charCost < cost[charTo]) {
					cost[charTo] = charCost;
					prev[charTo] = from;
					via[charTo] = -1;
				}
				if (!matches) continue;
				for (const { matcher, index } of matches) {
					const end = i + matcher.text.length;
					let to: number;
					let step: number;
					if (matcher.kind === 'token') {
						to = id(end, matcher.pageIndex, 0);
						step = 1 + (matcher.pageIndex === p ? 0 : SWITCH_COST);
					} else {
						to = id(end, p, 0);
						step = 1 + mbUint32Length(matcher.offset);
					}
					if (base + step < cost[to]) {
						cost[to] = base + step;
						prev[to] = from;
						via[to] = index;
					}
				}
			}
		}
	}

	const endCost: number[] = [];
	for (let p = 0; p < P; p++) endCost.push(Math.min(cost[id(n, p, 0)], cost[id(n, p, 1)]));

	return {
		cost: endCost,
		pieces(endPage: number): ValuePiece[] {
			const a = id(n, endPage, 0);
			const b = id(n, endPage, 1);
			let state = cost[a] <= cost[b] ? a : b;
			const reversed: ValuePiece[] = [];
			let runEnd = -1;
			while (state !== id(0, startPage, 0)) {
				const before = prev[state];
				const i = Math.floor(state / (2 * P));
				const used = via[state];
				if (used < 0) {
					if (runEnd < 0) runEnd = i;
				} else {
					if (runEnd >= 0) {
						reversed.push({ kind: 'inline', text: text.slice(i, runEnd) });
						runEnd = -1;
					}
					const m = matchers[used];
					reversed.push(
						m.kind === 'token' ? { kind: 'token', page: pageNumbers[m.pageIndex], token: m.token } : { kind: 'table', entry: m.entry }
					);
				}
				state = before;
			}
			if (runEnd >= 0) reversed.push({ kind: 'inline', text: text.slice(0, runEnd) });
			return reversed.reverse();
		}
	};
}
