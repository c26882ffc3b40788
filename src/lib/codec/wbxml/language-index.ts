// Reverse lookups over a language's tables (name -> tokens), built once per language for the encoder.
import { isWellFormedText } from './text';
import type { WbxmlLanguage } from './types';
import type { ValueMemo } from './value-tokens';

export interface LanguageIndex {
	/** Page numbers, always including 0 where both page registers start (WAP-192 §5.8.1). */
	pageNumbers: number[];
	hasNamespaces: boolean;
	namespaces: (string | undefined)[];
	tags: Map<string, TagIndex>;
	attributeStarts: Map<string, AttributeStartIndex>;
	/** Attribute-value tokens of every page, by the UTF-16 code unit they start with (WAP-192 §5.8.4.2): an array
	 *  for ASCII (every table here), a map for the rest. */
	asciiValueTokens: (ValueToken[] | undefined)[];
	otherValueTokens: Map<number, ValueToken[]>;
	/** Matches a string that contains any attribute-value token; undefined when the language has none. */
	anyValueToken: RegExp | undefined;
	/** Matches a string that contains NUL, a surrogate or any attribute-value token: one scan rules out both for most
	 *  attribute values. */
	suspectOrValueToken: RegExp;
	/** Every attribute-start prefix is well-formed text, so a value is well-formed when what a prefix leaves of it is. */
	prefixesWellFormed: boolean;
	/** Value tokens and token plans by value string (value-tokens.ts). */
	valueMemo: Map<string, ValueMemo>;
}

/** The tokens of one tag name, shared (read-only) by every element of that name. */
export interface TagIndex {
	/** Page indexes holding the tag, in page order. */
	pages: readonly number[];
	/** Token of the tag by page index (holes for pages without it). */
	tokens: readonly number[];
	/** `pages` narrowed to the pages of a namespace, when any is (SyncML Format: MetInf page 1 vs DDF page 2). */
	inNamespace: Map<string, readonly number[]>;
}

/**
 * The pages of `tag` to choose from for an element in `namespace` (in a language with namespaces): those of that
 * namespace. A namespace of the language that has no page holding the tag (a MetInf <Format> left in SyncML's
 * namespace, as xml2wbxml accepts it) falls back to every page holding it, as libwbxml finds tags by name; a
 * namespace that is none of the language's own (DevInf's inside SyncML) never borrows another's tokens: no page,
 * so the element is written LITERAL.
 */
export function tagPagesIn(tag: TagIndex, namespace: string | undefined, namespaces: readonly (string | undefined)[]): readonly number[] {
	if (namespace === undefined) return tag.pages;
	if (tag.pages.length === 1 && namespaces[tag.pages[0]] === namespace) return tag.pages;
	const known = tag.inNamespace.get(namespace);
	if (known !== undefined) return known;
	// Kept only for the namespaces of the language's own pages, so that documents cannot grow the index.
	if (!namespaces.includes(namespace)) return NO_PAGES;
	const narrowed = tag.pages.filter((i) => namespaces[i] === namespace);
	const pages = narrowed.length === 0 ? tag.pages : narrowed;
	tag.inNamespace.set(namespace, pages);
	return pages;
}

const NO_PAGES: readonly number[] = [];

export interface AttributeStartEntry {
	pageIndex: number;
	token: number;
	prefix: string;
	/** Position in page-then-token order, so that options keep one stable order whatever index found them. */
	order: number;
}

/** The attribute-start tokens of one attribute name: PROV has ~100 for `name`, so they are found by first character. */
export interface AttributeStartIndex {
	/** Tokens that carry no value prefix. */
	plain: AttributeStartEntry[];
	byFirstChar: Map<number, AttributeStartEntry[]>;
	/** `startsFor` answers for values that equal a prefix: bounded by the table, and most values in practice. */
	exact: Map<string, StartsFor>;
	/** The answer for values that no prefix begins (free text, most of the rest): the plain tokens. */
	plainOnly: StartsFor;
}

export interface StartsFor {
	/** The start tokens worth planning for the value, in page-then-token order. */
	starts: AttributeStartEntry[];
	/** True when a start token carries a non-empty prefix of the value. */
	prefixCarried: boolean;
}

/**
 * The start tokens of an attribute whose prefix begins `value`. A start token carrying the whole value costs 1 byte
 * and ends on its page; any other start on that page costs at least 2 (start + a non-empty value) to end there, or
 * 4 to end elsewhere, where the exact token plus one SWITCH_PAGE gets for 3: those are left out.
 */
export function startsFor(index: AttributeStartIndex, value: string): StartsFor {
	// No prefix begins with the value's first character (every value of most attributes): no lookup needed.
	const candidates = value === '' ? undefined : index.byFirstChar.get(value.charCodeAt(0));
	if (candidates === undefined) return index.plainOnly;
	const cached = index.exact.get(value);
	if (cached !== undefined) return cached;
	let prefixed: AttributeStartEntry[] | undefined;
	for (const start of candidates) if (value.startsWith(start.prefix)) (prefixed ??= []).push(start);
	if (prefixed === undefined) return index.plainOnly;
	const exactPages: number[] = [];
	for (const start of prefixed) if (start.prefix.length === value.length) exactPages.push(start.pageIndex);
	// Both lists are in page-then-token order already: merge them.
	const starts: AttributeStartEntry[] = [];
	let i = 0;
	let j = 0;
	const plain = index.plain;
	while (i < plain.length || j < prefixed.length) {
		const takePlain = j >= prefixed.length || (i < plain.length && plain[i].order < prefixed[j].order);
		const start = takePlain ? plain[i++] : prefixed[j++];
		if (start.prefix.length !== value.length && exactPages.includes(start.pageIndex)) continue;
		starts.push(start);
	}
	const result = { starts, prefixCarried: prefixed.length > 0 };
	if (exactPages.length > 0) index.exact.set(value, result);
	return result;
}

export interface ValueToken {
	text: string;
	pageIndex: number;
	token: number;
}

const cache = new WeakMap<WbxmlLanguage, LanguageIndex>();

export function indexLanguage(language: WbxmlLanguage): LanguageIndex {
	const cached = cache.get(language);
	if (cached) return cached;
	const pageNumbers = [...new Set([0, ...Object.keys(language.pages).map(Number)])].sort((a, b) => a - b);
	const tags = new Map<string, { pages: number[]; tokens: number[]; inNamespace: Map<string, readonly number[]> }>();
	const attributeStarts = new Map<string, AttributeStartIndex>();
	const asciiValueTokens = new Array<ValueToken[] | undefined>(128).fill(undefined);
	const otherValueTokens = new Map<number, ValueToken[]>();
	let order = 0;
	const valueTexts: string[] = [];
	let prefixesWellFormed = true;
	const namespaces = pageNumbers.map((p) => language.pages[p]?.namespace);
	pageNumbers.forEach((p, pageIndex) => {
		const page = language.pages[p];
		for (const [key, name] of Object.entries(page?.tags ?? {})) {
			let tag = tags.get(name);
			if (tag === undefined) tags.set(name, (tag = { pages: [], tokens: [], inNamespace: new Map() }));
			tag.pages.push(pageIndex);
			tag.tokens[pageIndex] = Number(key);
		}
		for (const [key, start] of Object.entries(page?.attributeStarts ?? {})) {
			let starts = attributeStarts.get(start.name);
			if (starts === undefined) {
				const plain: AttributeStartEntry[] = [];
				starts = { plain, byFirstChar: new Map(), exact: new Map(), plainOnly: { starts: plain, prefixCarried: false } };
				attributeStarts.set(start.name, starts);
			}
			const entry = { pageIndex, token: Number(key), prefix: start.prefix, order: order++ };
			if (!isWellFormedText(start.prefix)) prefixesWellFormed = false;
			if (start.prefix === '') starts.plain.push(entry);
			else {
				const first = start.prefix.charCodeAt(0);
				const list = starts.byFirstChar.get(first) ?? [];
				list.push(entry);
				starts.byFirstChar.set(first, list);
			}
		}
		for (const [key, text] of Object.entries(page?.attributeValues ?? {})) {
			if (text === '') continue;
			const first = text.charCodeAt(0);
			const list = (first < 128 ? asciiValueTokens[first] : otherValueTokens.get(first)) ?? [];
			list.push({ text, pageIndex, token: Number(key) });
			valueTexts.push(text);
			if (first < 128) asciiValueTokens[first] = list;
			else otherValueTokens.set(first, list);
		}
	});
	const index: LanguageIndex = {
		pageNumbers,
		hasNamespaces: namespaces.some((n) => n !== undefined),
		namespaces,
		tags,
		attributeStarts,
		asciiValueTokens,
		otherValueTokens,
		anyValueToken: valueTexts.length === 0 ? undefined : new RegExp(valueTexts.map(escapeRegExp).join('|')),
		suspectOrValueToken: new RegExp(['[\\u0000\\ud800-\\udfff]', ...valueTexts.map(escapeRegExp)].join('|')),
		prefixesWellFormed,
		valueMemo: new Map()
	};
	cache.set(language, index);
	return index;
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
