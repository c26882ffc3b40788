// Search over names, tags and draft texts, served from memory: an inverted index of words (runs of letters and
// digits, lower-cased) → documents, built when the library opens and kept up to date on every write, and a
// sorted array of the distinct words for prefix lookups by binary search.
//
// A query is split on white space into terms; a document matches when every term occurs, case-insensitively, in
// its name, one of its tags or its draft text at the start of a word ("exam" finds "internet.example.com",
// "ample" does not). A term of letters and digits only is answered by the index alone (the words that start with
// it); a term with punctuation ("example.com", "TO-NAPID", "<parm") takes the documents that hold all its words
// from the index and confirms each by looking for the term in its texts. Versions are history: not searched.
//
// Cost: open tokenises every draft once (linear in the library's text); a search costs the words matching the
// term's prefix plus the size of the answer, not the size of the library (bench/library-bench.ts measures it
// against a linear scan of every text).

export type SearchField = 'name' | 'tags' | 'content';

export interface SearchMatch {
	id: string;
	fields: SearchField[];
	/** For a content match: the first matching line (1-based) and its text, trimmed to about 120 characters. */
	line?: number;
	snippet?: string;
}

interface Entry {
	handle: number;
	id: string;
	name: string;
	tags: readonly string[];
	text: string;
	words: string[];
}

export class SearchIndex {
	#entries = new Map<string, Entry>();
	#byHandle: (Entry | undefined)[] = [];
	#freeHandles: number[] = [];
	#postings = new Map<string, Set<number>>();
	#sorted: string[] = [];
	#sortedStale = false;

	get size(): number {
		return this.#entries.size;
	}

	/** Adds or replaces the document's entry. */
	set(id: string, name: string, tags: readonly string[], text: string): void {
		const old = this.#entries.get(id);
		const words = wordsOf(name, tags, text);
		if (old !== undefined) {
			const keep = new Set(words);
			for (const word of old.words) if (!keep.has(word)) this.#unpost(word, old.handle);
			const had = new Set(old.words);
			for (const word of words) if (!had.has(word)) this.#post(word, old.handle);
			old.name = name;
			old.tags = tags;
			old.text = text;
			old.words = words;
			return;
		}
		const handle = this.#freeHandles.pop() ?? this.#byHandle.length;
		const entry: Entry = { handle, id, name, tags, text, words };
		this.#entries.set(id, entry);
		this.#byHandle[handle] = entry;
		for (const word of words) this.#post(word, handle);
	}

	/** The text indexed for a document. */
	textOf(id: string): string | undefined {
		return this.#entries.get(id)?.text;
	}

	remove(id: string): void {
		const entry = this.#entries.get(id);
		if (entry === undefined) return;
		for (const word of entry.words) this.#unpost(word, entry.handle);
		this.#entries.delete(id);
		this.#byHandle[entry.handle] = undefined;
		this.#freeHandles.push(entry.handle);
	}

	/** The ids of every matching document (unordered), with the fields that matched. */
	search(query: string, accept: (id: string) => boolean = () => true): SearchMatch[] {
		const terms = query.toLowerCase().split(/\s+/).filter((t) => t !== '');
		if (terms.length === 0) return [];
		let candidates: Set<number> | undefined;
		const confirm: string[] = [];
		for (const term of terms.map((t) => ({ term: t, words: wordRuns(t) })).sort((a, b) => b.term.length - a.term.length)) {
			const found = this.#candidates(term.words);
			if (found !== undefined) candidates = candidates === undefined ? found : intersect(candidates, found);
			if (term.words.length !== 1 || term.words[0] !== term.term) confirm.push(term.term);
			if (candidates !== undefined && candidates.size === 0) return [];
		}
		const out: SearchMatch[] = [];
		const pool = candidates ?? new Set([...this.#entries.values()].map((e) => e.handle));
		for (const handle of pool) {
			const entry = this.#byHandle[handle];
			if (entry === undefined || !accept(entry.id)) continue;
			const fields = fieldsMatched(entry, terms, confirm);
			if (fields !== undefined) out.push({ id: entry.id, fields });
		}
		return out;
	}

	/** Adds the first matching line of the content to a match (done for the matches shown, not all). */
	snippet(match: SearchMatch, query: string): SearchMatch {
		const entry = this.#entries.get(match.id);
		if (entry === undefined || !match.fields.includes('content')) return match;
		const lower = entry.text.toLowerCase();
		let best = -1;
		for (const term of query.toLowerCase().split(/\s+/).filter((t) => t !== '')) {
			const at = indexAtWordStart(lower, term);
			if (at >= 0 && (best < 0 || at < best)) best = at;
		}
		if (best < 0) return match;
		let line = 1;
		for (let i = lower.indexOf('\n'); i >= 0 && i < best; i = lower.indexOf('\n', i + 1)) line++;
		const text = entry.text.split('\n')[line - 1]?.trim() ?? '';
		return { ...match, line, snippet: text.length > 120 ? `${text.slice(0, 119)}…` : text };
	}

	/** Documents whose words could make the term (exact for a term of one word), or undefined: every document. */
	#candidates(words: readonly string[]): Set<number> | undefined {
		if (words.length === 0) return undefined;
		let out: Set<number> | undefined;
		words.forEach((word, i) => {
			// A word of the term meets a word boundary of the text on both sides, except the last, which may go on
			// ("example.co" is in "example.com"): whole words, then a prefix.
			const set = i === words.length - 1 ? this.#prefixed(word) : (this.#postings.get(word) ?? new Set<number>());
			out = out === undefined ? set : intersect(out, set);
		});
		return out;
	}

	#prefixed(prefix: string): Set<number> {
		const sorted = this.#sortedWords();
		const out = new Set<number>();
		for (let i = lowerBound(sorted, prefix); i < sorted.length && sorted[i].startsWith(prefix); i++) {
			for (const handle of this.#postings.get(sorted[i]) ?? []) out.add(handle);
		}
		return out;
	}

	#sortedWords(): string[] {
		if (this.#sortedStale) {
			this.#sorted = [...this.#postings.keys()].sort();
			this.#sortedStale = false;
		}
		return this.#sorted;
	}

	#post(word: string, handle: number): void {
		let set = this.#postings.get(word);
		if (set === undefined) {
			this.#postings.set(word, (set = new Set()));
			this.#insertSorted(word);
		}
		set.add(handle);
	}

	#unpost(word: string, handle: number): void {
		const set = this.#postings.get(word);
		if (set === undefined) return;
		set.delete(handle);
		if (set.size > 0) return;
		this.#postings.delete(word);
		if (this.#sortedStale) return;
		const at = lowerBound(this.#sorted, word);
		if (this.#sorted[at] === word) this.#sorted.splice(at, 1);
	}

	#insertSorted(word: string): void {
		// During a bulk load the words are sorted once, at the first search, instead of one insertion at a time.
		if (this.#sortedStale) return;
		this.#sorted.splice(lowerBound(this.#sorted, word), 0, word);
	}

	/** Marks the start of a bulk load: words are sorted once afterwards, not one insertion at a time. */
	beginBulk(): void {
		this.#sortedStale = true;
	}
}

function fieldsMatched(entry: Entry, terms: readonly string[], confirm: readonly string[]): SearchField[] | undefined {
	const name = entry.name.toLowerCase();
	const tags = entry.tags.map((t) => t.toLowerCase());
	let inName = false;
	let inTags = false;
	let inContent = false;
	let lowerText: string | undefined;
	for (const term of terms) {
		const n = indexAtWordStart(name, term) >= 0;
		const t = tags.some((tag) => indexAtWordStart(tag, term) >= 0);
		let c = false;
		if (!n && !t) {
			if (confirm.includes(term)) {
				lowerText ??= entry.text.toLowerCase();
				c = indexAtWordStart(lowerText, term) >= 0;
				if (!c) return undefined;
			} else {
				// A one-word term found by the index and not in the name or tags: it is in the text.
				c = true;
			}
		}
		inName ||= n;
		inTags ||= t;
		inContent ||= c;
	}
	const fields: SearchField[] = [];
	if (inName) fields.push('name');
	if (inTags) fields.push('tags');
	if (inContent) fields.push('content');
	return fields;
}

/** The first index where `term` occurs at a word start (a term starting with punctuation: anywhere), or -1. */
export function indexAtWordStart(haystack: string, term: string): number {
	const anywhere = !startsWithWordChar(term);
	for (let at = haystack.indexOf(term); at >= 0; at = haystack.indexOf(term, at + 1)) {
		if (anywhere || at === 0 || !isWordChar(haystack.charCodeAt(at - 1), haystack[at - 1])) return at;
	}
	return -1;
}

function startsWithWordChar(term: string): boolean {
	return term.length > 0 && isWordChar(term.charCodeAt(0), term[0]);
}

const NON_ASCII_WORD = /[\p{L}\p{N}]/u;

function isWordChar(code: number, char: string): boolean {
	if (code < 0x80) return (code >= 0x30 && code <= 0x39) || (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a);
	return NON_ASCII_WORD.test(char);
}

/** The distinct words of a lower-cased text, in order of first appearance. */
function wordRuns(lower: string): string[] {
	const out: string[] = [];
	let start = -1;
	for (let i = 0; i <= lower.length; i++) {
		const code = i < lower.length ? lower.charCodeAt(i) : 0x20;
		const word = i < lower.length && (code < 0x80 ? (code >= 0x30 && code <= 0x39) || (code >= 0x61 && code <= 0x7a) : isWordChar(code, lower[i]));
		if (word) {
			if (start < 0) start = i;
		} else if (start >= 0) {
			out.push(lower.slice(start, i));
			start = -1;
		}
	}
	return out;
}

function wordsOf(name: string, tags: readonly string[], text: string): string[] {
	const words = new Set<string>();
	for (const part of [name, ...tags, text]) for (const word of wordRuns(part.toLowerCase())) words.add(word);
	return [...words];
}

function intersect(a: Set<number>, b: Set<number>): Set<number> {
	const [small, large] = a.size <= b.size ? [a, b] : [b, a];
	const out = new Set<number>();
	for (const x of small) if (large.has(x)) out.add(x);
	return out;
}

function lowerBound(sorted: readonly string[], word: string): number {
	let lo = 0;
	let hi = sorted.length;
	while (lo < hi) {
		const mid = (lo + hi) >>> 1;
		if (sorted[mid] < word) lo = mid + 1;
		else hi = mid;
	}
	return lo;
}
