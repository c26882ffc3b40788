// Attribute-value tokens in a value string (WAP-192 §5.8.4.2) and the value's plans from each start page when no
// table string is used. Both depend only on the language and the string, and the values of a batch (types, bearers,
// address types, auth methods) recur in nearly every document: they are remembered per language, across documents.
// The memo is dropped whenever it fills, which bounds it whatever the input.
import type { LanguageIndex } from './language-index';
import { planValue, type ValueMatch, type ValuePlan } from './value-dp';

const MEMO_LIMIT = 4096;
const NO_MATCHES: readonly ValueMatch[] = [];

export interface ValueMemo {
	matches: readonly ValueMatch[];
	/** Plan by start page index, made on first use. */
	plans: (ValuePlan | undefined)[];
}

/** Every place a value token of any page occurs in `text`, sorted by position (shared: read only). */
export function valueTokens(index: LanguageIndex, text: string): readonly ValueMatch[] {
	// One native scan rules out most values, which are then not looked up: a lookup in a memo filled with the
	// values of many documents costs more than the scan.
	if (index.anyValueToken === undefined || !index.anyValueToken.test(text)) return NO_MATCHES;
	return memoOf(index, text).matches;
}

/** The plan of `text` from attribute page index `startPage` with value tokens and inline strings only. */
export function tokenPlan(index: LanguageIndex, text: string, startPage: number): ValuePlan {
	const memo = memoOf(index, text);
	return (memo.plans[startPage] ??= planValue(text, startPage, index.pageNumbers.length, memo.matches));
}

function memoOf(index: LanguageIndex, text: string): ValueMemo {
	let memo = index.valueMemo.get(text);
	if (memo === undefined) {
		if (index.valueMemo.size >= MEMO_LIMIT) index.valueMemo.clear();
		memo = { matches: findValueTokens(text, index), plans: [] };
		index.valueMemo.set(text, memo);
	}
	return memo;
}

/** Every token at every position, overlapping ones included, sorted by position. */
function findValueTokens(text: string, index: LanguageIndex): readonly ValueMatch[] {
	const matches: ValueMatch[] = [];
	for (let at = 0; at < text.length; at++) {
		const c = text.charCodeAt(at);
		const candidates = c < 128 ? index.asciiValueTokens[c] : index.otherValueTokens.get(c);
		if (candidates === undefined) continue;
		for (const t of candidates) {
			if (text.startsWith(t.text, at)) matches.push({ at, end: at + t.text.length, pageIndex: t.pageIndex, code: t.token, cost: 1 });
		}
	}
	return matches;
}
