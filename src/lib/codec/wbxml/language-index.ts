// Reverse lookups over a language's tables (name -> tokens), built once per language for the encoder.
import type { WbxmlLanguage } from './types';

export interface LanguageIndex {
	/** Page numbers, always including 0 where both page registers start (WAP-192 §5.8.1). */
	pageNumbers: number[];
	hasNamespaces: boolean;
	namespaces: (string | undefined)[];
	tags: Map<string, { pageIndex: number; token: number }[]>;
	attributeStarts: Map<string, AttributeStartIndex>;
	/** Attribute-value tokens of every page, by the UTF-16 code unit they start with (WAP-192 §5.8.4.2): an array
	 *  for ASCII (every table here), a map for the rest. */
	asciiValueTokens: (ValueToken[] | undefined)[];
	otherValueTokens: Map<number, ValueToken[]>;
	/** Matches a string that contains any attribute-value token; undefined when the language has none. */
	anyValueToken: RegExp | undefined;
}

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
	const cached = index.exact.get(value);
	if (cached !== undefined) return cached;
	const prefixed: AttributeStartEntry[] = [];
	const candidates = value === '' ? undefined : index.byFirstChar.get(value.charCodeAt(0));
	if (candidates !== undefined) for (const start of candidates) if (value.startsWith(start.prefix)) prefixed.push(start);
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
	const tags = new Map<string, { pageIndex: number; token: number }[]>();
	const attributeStarts = new Map<string, AttributeStartIndex>();
	const asciiValueTokens = new Array<ValueToken[] | undefined>(128).fill(undefined);
	const otherValueTokens = new Map<number, ValueToken[]>();
	let order = 0;
	const valueTexts: string[] = [];
	const namespaces = pageNumbers.map((p) => language.pages[p]?.namespace);
	pageNumbers.forEach((p, pageIndex) => {
		const page = language.pages[p];
		for (const [key, name] of Object.entries(page?.tags ?? {})) {
			const list = tags.get(name) ?? [];
			list.push({ pageIndex, token: Number(key) });
			tags.set(name, list);
		}
		for (const [key, start] of Object.entries(page?.attributeStarts ?? {})) {
			let starts = attributeStarts.get(start.name);
			if (starts === undefined) attributeStarts.set(start.name, (starts = { plain: [], byFirstChar: new Map(), exact: new Map() }));
			const entry = { pageIndex, token: Number(key), prefix: start.prefix, order: order++ };
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
		anyValueToken: valueTexts.length === 0 ? undefined : new RegExp(valueTexts.map(escapeRegExp).join('|'))
	};
	cache.set(language, index);
	return index;
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
