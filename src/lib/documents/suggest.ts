// "Did you mean ...?" for a value outside a closed list (enumerations, characteristic types, parm names). A value
// that differs from one of the list only in case is said to be that one, with the reason (the lists are
// case-sensitive: ProvCont §7.3 tokenizes only the exact spelling). Otherwise the closest values by edit distance
// (insertions, deletions, substitutions and swaps of two neighbours, case ignored), or those containing the value
// (BEARER "GPRS" → GSM-GPRS), at most three.

export interface SuggestionStyle {
	/** What the list holds, for the case note: "values" (default), "element names", ... */
	noun?: string;
	/** How a candidate is written in the hint, e.g. as an element `<chr>`. */
	show?: (candidate: string) => string;
}

/** The hint to append to a message, without leading punctuation, or undefined when nothing is close. */
export function suggestion(value: string, candidates: readonly string[], style: SuggestionStyle = {}): string | undefined {
	const show = style.show ?? ((candidate: string) => candidate);
	const folded = value.toLowerCase();
	const sameButCase = candidates.find((candidate) => candidate.toLowerCase() === folded);
	if (sameButCase !== undefined) return `${style.noun ?? 'values'} are case-sensitive: did you mean ${show(sameButCase)}?`;
	const close = closest(folded, candidates).map(show);
	if (close.length === 0) return undefined;
	const list = close.length === 1 ? close[0] : `${close.slice(0, -1).join(', ')} or ${close[close.length - 1]}`;
	return `did you mean ${list}?`;
}

/** Candidates near `folded` (already lower-cased), nearest first, ties in list order; at most 3. */
function closest(folded: string, candidates: readonly string[]): string[] {
	// Long inputs are no typos of short list values; the check also bounds the work.
	if (folded.length === 0 || folded.length > 64) return [];
	const scored: { candidate: string; distance: number; order: number }[] = [];
	candidates.forEach((candidate, order) => {
		const other = candidate.toLowerCase();
		const distance = editDistance(folded, other);
		const typo = distance <= Math.max(1, Math.floor(Math.max(folded.length, other.length) / 3));
		const shorter = folded.length < other.length ? folded : other;
		const part = shorter.length >= 3 && (other.includes(folded) || folded.includes(other));
		if (typo || part) scored.push({ candidate, distance, order });
	});
	if (scored.length === 0) return [];
	scored.sort((a, b) => a.distance - b.distance || a.order - b.order);
	// Only those about as close as the closest: "GPRS" is GSM-GPRS (4 edits) rather than ANSI-136-GPRS (9).
	const best = scored[0].distance;
	return scored.filter((s) => s.distance <= best + 2).slice(0, 3).map((s) => s.candidate);
}

/** Optimal string alignment distance: Levenshtein plus the swap of two adjacent characters as one edit. */
export function editDistance(a: string, b: string): number {
	const rows = a.length + 1;
	const cols = b.length + 1;
	const d: number[] = new Array<number>(rows * cols);
	for (let i = 0; i < rows; i++) d[i * cols] = i;
	for (let j = 0; j < cols; j++) d[j] = j;
	for (let i = 1; i < rows; i++) {
		for (let j = 1; j < cols; j++) {
			const cost = a[i - 1] === b[j - 1] ? 0 : 1;
			let best = Math.min(d[(i - 1) * cols + j] + 1, d[i * cols + j - 1] + 1, d[(i - 1) * cols + j - 1] + cost);
			if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[(i - 2) * cols + j - 2] + 1);
			d[i * cols + j] = best;
		}
	}
	return d[rows * cols - 1];
}
