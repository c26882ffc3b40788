// Reverse lookups over a language's tables (name -> tokens), built once per language for the encoder.
import type { WbxmlLanguage } from './types';
import type { Matcher } from './value-dp';

export interface LanguageIndex {
	/** Page numbers, always including 0 where both page registers start (WAP-192 §5.8.1). */
	pageNumbers: number[];
	hasNamespaces: boolean;
	namespaces: (string | undefined)[];
	tags: Map<string, { pageIndex: number; token: number }[]>;
	attributeStarts: Map<string, { pageIndex: number; token: number; prefix: string }[]>;
	valueMatchers: Matcher[];
}

const cache = new WeakMap<WbxmlLanguage, LanguageIndex>();

export function indexLanguage(language: WbxmlLanguage): LanguageIndex {
	const cached = cache.get(language);
	if (cached) return cached;
	const pageNumbers = [...new Set([0, ...Object.keys(language.pages).map(Number)])].sort((a, b) => a - b);
	const tags = new Map<string, { pageIndex: number; token: number }[]>();
	const attributeStarts = new Map<string, { pageIndex: number; token: number; prefix: string }[]>();
	const valueMatchers: Matcher[] = [];
	const namespaces = pageNumbers.map((p) => language.pages[p]?.namespace);
	pageNumbers.forEach((p, pageIndex) => {
		const page = language.pages[p];
		for (const [key, name] of Object.entries(page?.tags ?? {})) {
			const list = tags.get(name) ?? [];
			list.push({ pageIndex, token: Number(key) });
			tags.set(name, list);
		}
		for (const [key, start] of Object.entries(page?.attributeStarts ?? {})) {
			const list = attributeStarts.get(start.name) ?? [];
			list.push({ pageIndex, token: Number(key), prefix: start.prefix });
			attributeStarts.set(start.name, list);
		}
		for (const [key, text] of Object.entries(page?.attributeValues ?? {})) {
			valueMatchers.push({ text, kind: 'token', pageIndex, token: Number(key), entry: -1, offset: 0 });
		}
	});
	const index: LanguageIndex = {
		pageNumbers,
		hasNamespaces: namespaces.some((n) => n !== undefined),
		namespaces,
		tags,
		attributeStarts,
		valueMatchers
	};
	cache.set(language, index);
	return index;
}
