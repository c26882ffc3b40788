// Search over names, tags and draft texts, served from memory: an inverted index of words (runs of letters and
// digits, lower-cased) → documents, built when the library opens and kept up to date on every write, and a
// sorted array of the distinct words for prefix lookups by binary search.
//
// A query is split on white space into terms; a document matches when every term occurs, case-insensitively, in
// its name, one of its tags or its draft text at the start of a word ("exam" finds "internet.example.com",
// "ample" does not). A term of letters and digits only is answered by the index alone (the words that start with
// it); a term with punctuation ("example.com", "TO-NAPID", "<parm") takes the documents that hold all its words
// from the index and confirms each with a regular expression over its texts. Versions are history: not searched.
//
// Cost: the words of the documents read at open are indexed on demand — at the first search, or ahead of it in
// slices (prepare(), for an idle callback) — once, linear in the library's text. A write does not index at once
// either: the document's entry takes the new text and waits, and the next search (or prepare) swaps its old words
// for the new ones. Autosave writes the open document once a second while someone types, and the words of a
// 20,000-line text take ~50 ms: done at each write, that was a dropped frame a second, for searches that come
// rarely. A search costs the words matching the term's prefix plus the size of the answer, not the size of the
// library (bench/library-bench.ts measures it against a linear scan of every text).

export type SearchField = 'name' | 'tags' | 'content';

export interface SearchMatch {
	id: string;
	/** Where the terms were found: name and tags are looked at first, the text only for terms found in neither. */
	fields: SearchField[];
	/** For a content match: the first matching line (1-based) and its text, trimmed to about 120 characters. */
	line?: number;
	snippet?: string;
}

interface Entry {
	handle: number;
	id: string;
	lowerName: string;
	lowerTags: string[];
	text: string;
	/** The words posted for it; undefined until first indexed. While it waits (in #pending) they may be a former text's. */
	words: string[] | undefined;
}

interface Term {
	/** Lower-cased. */
	term: string;
	words: string[];
	/** The index alone answers it (one word, no punctuation). */
	exact: boolean;
	/** Finds the term in an original (not lower-cased) text, at a word start when it starts with a letter or digit. */
	pattern: RegExp;
}

const NAME = 1;
const TAGS = 2;
const CONTENT = 4;

export class SearchIndex {
	#entries = new Map<string, Entry>();
	#byHandle: (Entry | undefined)[] = [];
	#freeHandles: number[] = [];
	/** word → handles of the documents holding it (no duplicates; order of posting). */
	#postings = new Map<string, number[]>();
	#sorted: string[] = [];
	#sortedStale = false;
	/** Entries not indexed yet, in the order they came. */
	#pending = new Set<Entry>();

	get size(): number {
		return this.#entries.size;
	}

	/** How many documents wait to be indexed (0: searches start at once). */
	get pending(): number {
		return this.#pending.size;
	}

	/**
	 * Adds or replaces the document's entry. A changed entry waits to be indexed again (at the next search or
	 * prepare); a new one is indexed now, unless `later` (a library being opened).
	 */
	set(id: string, name: string, tags: readonly string[], text: string, later = false): void {
		const lowerName = name.toLowerCase();
		const lowerTags = tags.map((t) => t.toLowerCase());
		const old = this.#entries.get(id);
		if (old !== undefined) {
			if (old.lowerName === lowerName && old.text === text && sameList(old.lowerTags, lowerTags)) return;
			Object.assign(old, { lowerName, lowerTags, text });
			if (old.words !== undefined) this.#pending.add(old);
			return;
		}
		if (later) {
			const handle = this.#freeHandles.pop() ?? this.#byHandle.length;
			const entry: Entry = { handle, id, lowerName, lowerTags, text, words: undefined };
			this.#entries.set(id, entry);
			this.#byHandle[handle] = entry;
			this.#pending.add(entry);
			return;
		}
		const words = wordsOf(`${lowerName}\n${lowerTags.join('\n')}\n${text.toLowerCase()}`);
		const handle = this.#freeHandles.pop() ?? this.#byHandle.length;
		const entry: Entry = { handle, id, lowerName, lowerTags, text, words };
		this.#entries.set(id, entry);
		this.#byHandle[handle] = entry;
		for (const word of words) this.#post(word, handle);
	}

	/**
	 * Indexes waiting entries while `timeLeft()` is above zero (an idle callback's deadline.timeRemaining), or all
	 * of them; true when none is left waiting.
	 */
	prepare(timeLeft: () => number = () => Number.POSITIVE_INFINITY): boolean {
		if (this.#pending.size === 0) return true;
		// Many new words at once: sorted once at the next search instead of one insertion at a time.
		if (this.#pending.size > 64) this.#sortedStale = true;
		for (const entry of this.#pending) {
			if (timeLeft() <= 0) return false;
			this.#pending.delete(entry);
			const words = wordsOf(`${entry.lowerName}\n${entry.lowerTags.join('\n')}\n${entry.text.toLowerCase()}`);
			const posted = entry.words;
			entry.words = words;
			if (posted === undefined) {
				for (const word of words) this.#post(word, entry.handle);
				continue;
			}
			// Indexed before with another text: only the words that came or went change their lists.
			const keep = new Set(words);
			for (const word of posted) if (!keep.has(word)) this.#unpost(word, entry.handle);
			const had = new Set(posted);
			for (const word of words) if (!had.has(word)) this.#post(word, entry.handle);
		}
		return true;
	}

	/** The text indexed for a document. */
	textOf(id: string): string | undefined {
		return this.#entries.get(id)?.text;
	}

	remove(id: string): void {
		const entry = this.#entries.get(id);
		if (entry === undefined) return;
		this.#pending.delete(entry);
		for (const word of entry.words ?? []) this.#unpost(word, entry.handle);
		this.#entries.delete(id);
		this.#byHandle[entry.handle] = undefined;
		this.#freeHandles.push(entry.handle);
	}

	/** Every matching document (unordered) with the fields that matched. */
	search(query: string, accept: (id: string) => boolean = () => true): SearchMatch[] {
		const terms = termsOf(query);
		if (terms.length === 0) return [];
		this.prepare();
		// Each word of each term is one constraint: a whole word, except a term's last word, a prefix ("example.co"
		// is in "example.com"). A document is a candidate when it meets them all: counted per document, a constraint
		// counting once however many of its words the document holds.
		const constraints = terms.flatMap((term) => term.words.map((word, i) => ({ word, prefix: i === term.words.length - 1 })));
		const out: SearchMatch[] = [];
		const visit = (entry: Entry | undefined): void => {
			if (entry === undefined || !accept(entry.id)) return;
			const fields = fieldsMatched(entry, terms);
			if (fields !== 0) out.push({ id: entry.id, fields: fieldList(fields) });
		};
		if (constraints.length === 0) {
			for (const entry of this.#entries.values()) visit(entry);
			return out;
		}
		const size = this.#byHandle.length;
		const counts = new Uint16Array(size);
		const last = new Int32Array(size).fill(-1);
		constraints.forEach((constraint, c) => {
			for (const list of this.#lists(constraint.word, constraint.prefix)) {
				for (const handle of list) {
					if (last[handle] === c) continue;
					last[handle] = c;
					counts[handle]++;
				}
			}
		});
		const all = constraints.length;
		for (let handle = 0; handle < size; handle++) if (counts[handle] === all) visit(this.#byHandle[handle]);
		return out;
	}

	/** Adds the first matching line of the content to a match (done for the matches shown, not all). */
	snippet(match: SearchMatch, query: string): SearchMatch {
		const entry = this.#entries.get(match.id);
		if (entry === undefined || !match.fields.includes('content')) return match;
		let best = -1;
		for (const term of termsOf(query)) {
			const at = entry.text.search(term.pattern);
			if (at >= 0 && (best < 0 || at < best)) best = at;
		}
		if (best < 0) return match;
		const start = entry.text.lastIndexOf('\n', best) + 1;
		let line = 1;
		for (let i = entry.text.indexOf('\n'); i >= 0 && i < start; i = entry.text.indexOf('\n', i + 1)) line++;
		const end = entry.text.indexOf('\n', best);
		const text = entry.text.slice(start, end < 0 ? entry.text.length : end).trim();
		return { ...match, line, snippet: text.length > 120 ? `${text.slice(0, 119)}…` : text };
	}

	/** The posting lists of a word, or of every word starting with it. */
	#lists(word: string, prefix: boolean): number[][] {
		if (!prefix) {
			const list = this.#postings.get(word);
			return list === undefined ? [] : [list];
		}
		const sorted = this.#sortedWords();
		const out: number[][] = [];
		for (let i = lowerBound(sorted, word); i < sorted.length && sorted[i].startsWith(word); i++) out.push(this.#postings.get(sorted[i]) ?? []);
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
		let list = this.#postings.get(word);
		if (list === undefined) {
			this.#postings.set(word, (list = []));
			if (!this.#sortedStale) this.#sorted.splice(lowerBound(this.#sorted, word), 0, word);
		}
		list.push(handle);
	}

	#unpost(word: string, handle: number): void {
		const list = this.#postings.get(word);
		if (list === undefined) return;
		const at = list.indexOf(handle);
		if (at < 0) return;
		list[at] = list[list.length - 1];
		list.pop();
		if (list.length > 0) return;
		this.#postings.delete(word);
		if (this.#sortedStale) return;
		const where = lowerBound(this.#sorted, word);
		if (this.#sorted[where] === word) this.#sorted.splice(where, 1);
	}
}

function termsOf(query: string): Term[] {
	return query
		.toLowerCase()
		.split(/\s+/)
		.filter((t) => t !== '')
		.map((term) => {
			const words = wordsIn(term);
			const atWordStart = isWordChar(term.charCodeAt(0), term[0]);
			const escaped = term.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
			return { term, words, exact: words.length === 1 && words[0] === term, pattern: new RegExp(atWordStart ? `(?<![\\p{L}\\p{N}])${escaped}` : escaped, 'iu') };
		});
}

/** Bit set of the fields where every term is found somewhere (NAME, TAGS, CONTENT), or 0: no match. */
function fieldsMatched(entry: Entry, terms: readonly Term[]): number {
	let fields = 0;
	for (const term of terms) {
		let found = 0;
		if (indexAtWordStart(entry.lowerName, term.term) >= 0) found |= NAME;
		for (const tag of entry.lowerTags) if (indexAtWordStart(tag, term.term) >= 0) found |= TAGS;
		if (found === 0) {
			// Not in the name or a tag: a one-word term the index found is in the text; any other is looked for.
			if (term.exact || term.pattern.test(entry.text)) found = CONTENT;
			else return 0;
		}
		fields |= found;
	}
	return fields;
}

function fieldList(fields: number): SearchField[] {
	const out: SearchField[] = [];
	if (fields & NAME) out.push('name');
	if (fields & TAGS) out.push('tags');
	if (fields & CONTENT) out.push('content');
	return out;
}

/** The first index where `term` occurs at a word start (a term starting with punctuation: anywhere), or -1. */
export function indexAtWordStart(haystack: string, term: string): number {
	const anywhere = !isWordChar(term.charCodeAt(0), term[0]);
	for (let at = haystack.indexOf(term); at >= 0; at = haystack.indexOf(term, at + 1)) {
		if (anywhere || at === 0 || !isWordChar(haystack.charCodeAt(at - 1), haystack[at - 1])) return at;
	}
	return -1;
}

const NON_ASCII_WORD = /[\p{L}\p{N}]/u;

function isWordChar(code: number, char: string | undefined): boolean {
	if (code < 0x80) return (code >= 0x30 && code <= 0x39) || (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a);
	return char !== undefined && NON_ASCII_WORD.test(char);
}

/** The distinct words of a lower-cased text. */
function wordsOf(lower: string): string[] {
	return [...new Set(wordsIn(lower))];
}

function wordsIn(lower: string): string[] {
	// Plain ASCII (nearly every CP document) takes the fast expression; anything else the Unicode one.
	return (/[^\x00-\x7f]/.test(lower) ? lower.match(/[\p{L}\p{N}]+/gu) : lower.match(/[a-z0-9]+/g)) ?? [];
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

function sameList(a: readonly string[], b: readonly string[]): boolean {
	return a.length === b.length && a.every((item, i) => item === b[i]);
}
