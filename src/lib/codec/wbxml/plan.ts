// First encoder step: the tree checked and resolved against the language, once, whatever string table is chosen
// later. Everything here is independent of the table: tokens and their pages, the tag code pages (a shortest path,
// WAP-192 §5.8.1), the distinct value strings with the value tokens found in them, and the bytes that never change.
import type { XmlAttribute, XmlDocument, XmlElement } from '../xml/tree';
import { MAX_DEPTH } from './decode';
import { indexLanguage, startsFor, type LanguageIndex } from './language-index';
import { mbUint32Length } from './mb-u-int32';
import { isWellFormedText } from './text';
import { LITERAL } from './tokens';
import type { EncodeOptions, WbxmlLanguage, WbxmlVersion } from './types';
import { WbxmlError } from './types';
import type { ValueMatch } from './value-dp';

const SWITCH_COST = 2;
const WHITESPACE_ONLY = /^[ \t\r\n]*$/;

export interface StartOption {
	/** Page index, or -1 for LITERAL (stays on whatever page is current). */
	pageIndex: number;
	token: number;
	/** The part of the value the start token does not carry, as an index into `attributeSlots`. */
	slot: number;
}

export interface PlannedAttribute {
	name: string;
	options: StartOption[];
}

export type PlannedContent =
	| { kind: 'element'; element: PlannedElement }
	| { kind: 'text'; slot: number }
	| { kind: 'opaque'; bytes: Uint8Array };

export interface PlannedElement {
	name: string;
	/** Page index chosen for the tag, or -1 for LITERAL. */
	page: number;
	/** Token of the tag on `page`. */
	token: number;
	/** Token of the tag on each page holding it. */
	tokens: number[];
	attributes: PlannedAttribute[];
	content: PlannedContent[];
}

export interface EncodePlan {
	language: WbxmlLanguage;
	version: WbxmlVersion;
	pageNumbers: number[];
	/** Page index of code page 0, where both page registers start. */
	startPage: number;
	root: PlannedElement;
	/** Attributes in document order, as they are written. */
	attributes: PlannedAttribute[];
	/** Elements written as LITERAL, in document order. */
	literalElements: PlannedElement[];
	/** Distinct attribute-value remainders and text contents; plans are made once per distinct string. */
	attributeSlots: string[];
	textSlots: string[];
	/** Value tokens found in each attribute slot, sorted by position. */
	tokenMatches: ValueMatch[][];
	/** Text contents in document order, as slots (one per text node written). */
	textUses: number[];
	/** Strings that must be in the table whatever the policy: LITERAL names in document order, then the FPI of a
	 *  language without a public id (the order libwbxml adds them in, wbxml_encoder.c). */
	forced: string[];
	/** The strings libwbxml would consider for its table, in document order (string-table.ts). */
	libwbxmlPool: string[];
	/** Bytes that no table choice changes: version, public id (when numeric), charset, tag tokens and their page
	 *  switches, ENDs, OPAQUE. */
	fixedSize: number;
}

const unencodable = (message: string): WbxmlError => new WbxmlError('unencodable', -1, message);

export function makePlan(document: XmlDocument, language: WbxmlLanguage, options: EncodeOptions): EncodePlan {
	const version = options.version ?? 0x03;
	if (version !== 0x00 && version !== 0x01 && version !== 0x02 && version !== 0x03) {
		throw unencodable(`WBXML version ${String(version)} is not 1.0–1.3`);
	}
	const planner = new Planner(language, version, options);
	const root = planner.element(document.root, undefined);
	const { pageNumbers } = planner.index;
	const startPage = pageNumbers.indexOf(0);
	let fixedSize = planner.fixedSize + chooseTagPages(planner.elements, planner.elementPages, pageNumbers.length, startPage);
	fixedSize += 1; // version
	if (language.publicId !== undefined) fixedSize += mbUint32Length(language.publicId);
	if (version >= 0x01) fixedSize += 1; // UTF-8 = 106 = 0x6A

	const forced = [...new Set(planner.literalNames)];
	if (language.publicId === undefined && !forced.includes(language.fpi)) forced.push(language.fpi);
	return {
		language,
		version,
		pageNumbers,
		startPage,
		root,
		attributes: planner.attributes,
		literalElements: planner.elements.filter((e) => e.page < 0),
		attributeSlots: planner.attributeSlots,
		textSlots: planner.textSlots,
		tokenMatches: planner.tokenMatches,
		textUses: planner.textUses,
		forced,
		libwbxmlPool: planner.libwbxmlPool,
		fixedSize
	};
}

/** One walk over the tree. A class rather than closures: this runs per element and attribute. */
class Planner {
	readonly index: LanguageIndex;
	readonly literalNames: string[] = [];
	readonly attributeSlots: string[] = [];
	private readonly attributeSlotOf = new Map<string, number>();
	readonly textSlots: string[] = [];
	private readonly textSlotOf = new Map<string, number>();
	readonly textUses: number[] = [];
	readonly libwbxmlPool: string[] = [];
	readonly tokenMatches: ValueMatch[][] = [];
	readonly attributes: PlannedAttribute[] = [];
	/** Elements in document order, with the pages holding their tag (empty = LITERAL). */
	readonly elements: PlannedElement[] = [];
	readonly elementPages: number[][] = [];
	fixedSize = 0;
	/** The open elements, for messages. */
	private readonly trail: XmlElement[] = [];

	constructor(
		private readonly language: WbxmlLanguage,
		private readonly version: WbxmlVersion,
		private readonly options: EncodeOptions
	) {
		this.index = indexLanguage(language);
	}

	/** Where we are, for messages only: /root/child[n]/... (n counts same-named siblings). */
	private path(attribute?: string): string {
		const trail = this.trail;
		let path = '';
		for (let depth = 0; depth < trail.length; depth++) {
			const e = trail[depth];
			if (depth === 0) {
				path = `/${e.name}`;
				continue;
			}
			let n = 0;
			for (const sibling of trail[depth - 1].children) {
				if (sibling.kind === 'element' && sibling.name === e.name) n++;
				if (sibling === e) break;
			}
			path += `/${e.name}[${n}]`;
		}
		return attribute === undefined ? path : `${path}/@${attribute}`;
	}

	private needLiteral(what: string, attribute?: string): void {
		if (this.options.stringTable === false) {
			throw unencodable(`${what} at ${this.path(attribute)} has no token in ${this.language.name} and a LITERAL needs the string table`);
		}
	}

	private checkText(text: string, what: string, attribute?: string): void {
		if (!isWellFormedText(text)) throw unencodable(`${what} at ${this.path(attribute)} contains NUL or a lone surrogate`);
	}

	private attributeSlot(text: string): number {
		let found = this.attributeSlotOf.get(text);
		if (found === undefined) {
			found = this.attributeSlots.length;
			this.attributeSlots.push(text);
			this.attributeSlotOf.set(text, found);
			this.tokenMatches.push(findValueTokens(text, this.index));
		}
		return found;
	}

	private attribute(attribute: XmlAttribute): PlannedAttribute {
		const { name, value } = attribute;
		this.checkText(name, 'attribute name', name);
		this.checkText(value, 'attribute value', name);
		const options: StartOption[] = [];
		let prefixCarried = false;
		const starts = this.index.attributeStarts.get(name);
		if (starts !== undefined) {
			const found = startsFor(starts, value);
			prefixCarried = found.prefixCarried;
			for (const start of found.starts) {
				options.push({ pageIndex: start.pageIndex, token: start.token, slot: this.attributeSlot(start.prefix === '' ? value : value.slice(start.prefix.length)) });
			}
		}
		if (options.length === 0) {
			this.needLiteral(`attribute ${name}`, name);
			this.literalNames.push(name);
			options.push({ pageIndex: -1, token: LITERAL, slot: this.attributeSlot(value) });
		}
		// libwbxml (wbxml_strtbl_collect_strings) considers a whole value only when no start token carries part
		// of it and it contains no value token at all. Without a carried prefix, every option's slot is the whole value.
		if (!prefixCarried && this.tokenMatches[options[0].slot].length === 0) this.libwbxmlPool.push(value);
		const planned = { name, options };
		this.attributes.push(planned);
		return planned;
	}

	private text(content: PlannedContent[], text: string): void {
		let slot = this.textSlotOf.get(text);
		if (slot === undefined) {
			slot = this.textSlots.length;
			this.textSlots.push(text);
			this.textSlotOf.set(text, slot);
		}
		this.textUses.push(slot);
		content.push({ kind: 'text', slot });
		// libwbxml collects text nodes that are not whitespace only (its own whitespace test).
		if (!WHITESPACE_ONLY.test(text)) this.libwbxmlPool.push(text);
	}

	element(element: XmlElement, inherited: string | undefined): PlannedElement {
		const { index, language } = this;
		this.trail.push(element);
		if (this.trail.length > MAX_DEPTH) throw unencodable(`element at ${this.path()} is nested deeper than ${MAX_DEPTH}`);
		this.checkText(element.name, 'element name');
		let xmlns: string | undefined;
		for (const a of element.attributes) if (a.name === 'xmlns') xmlns = a.value;
		const namespace = xmlns ?? inherited;
		const found = index.tags.get(element.name);
		let pages: number[] = [];
		const tokens: number[] = [];
		if (found !== undefined) {
			for (const t of found) {
				pages.push(t.pageIndex);
				tokens[t.pageIndex] = t.token;
			}
			// A namespace picks the page when the tag exists on several (SyncML Format: MetInf page 1 vs DDF page 2).
			if (namespace !== undefined && pages.length > 1) {
				const inNamespace = pages.filter((i) => index.namespaces[i] === namespace);
				if (inNamespace.length > 0) pages = inNamespace;
			}
		}
		const planned: PlannedElement = { name: element.name, page: -1, token: LITERAL, tokens, attributes: [], content: [] };
		this.elements.push(planned);
		this.elementPages.push(pages);
		if (pages.length === 0) {
			this.needLiteral(`element <${element.name}>`);
			this.literalNames.push(element.name);
		}
		let xmlAttributes = element.attributes;
		if (xmlns !== undefined && index.hasNamespaces && pages.length > 0) {
			// xmlns is implied by the code page (and restored on decode); one that no page carries cannot be written.
			if (!pages.every((i) => index.namespaces[i] === xmlns)) {
				throw unencodable(`xmlns="${xmlns}" at ${this.path()} is not the namespace of a ${language.name} code page holding <${element.name}>`);
			}
			xmlAttributes = xmlAttributes.filter((a) => a.name !== 'xmlns');
		}
		for (const a of xmlAttributes) planned.attributes.push(this.attribute(a));
		// Tag token (or LITERAL token) and, per list, its END (WAP-192 §5.8.2).
		this.fixedSize += 1 + (planned.attributes.length > 0 ? 1 : 0);
		const content = planned.content;
		let pendingText: string | undefined;
		for (const child of element.children) {
			if (child.kind === 'element') {
				if (pendingText !== undefined) this.text(content, pendingText);
				pendingText = undefined;
				content.push({ kind: 'element', element: this.element(child, namespace) });
			} else if (child.kind === 'text') {
				if (child.text === '' || (!this.options.keepWhitespace && WHITESPACE_ONLY.test(child.text))) continue;
				this.checkText(child.text, 'text');
				pendingText = (pendingText ?? '') + child.text;
			} else {
				if (pendingText !== undefined) this.text(content, pendingText);
				pendingText = undefined;
				if (this.version === 0x00) throw unencodable(`OPAQUE data at ${this.path()} does not exist in WBXML 1.0`);
				content.push({ kind: 'opaque', bytes: child.bytes });
				this.fixedSize += 1 + mbUint32Length(child.bytes.length) + child.bytes.length;
			}
		}
		if (pendingText !== undefined) this.text(content, pendingText);
		if (content.length > 0) this.fixedSize += 1;
		this.trail.pop();
		return planned;
	}
}

/**
 * Tag pages: shortest path over the tokenized elements, state = current tag page, starting on page 0
 * (WAP-192 §5.8.1). Sets `page` and `token` of each element; returns the bytes spent on SWITCH_PAGE.
 */
function chooseTagPages(elements: PlannedElement[], pagesOf: number[][], P: number, start: number): number {
	const tokenized: number[] = [];
	for (let i = 0; i < elements.length; i++) if (pagesOf[i].length > 0) tokenized.push(i);
	let cost: number[] = [];
	let next: number[] = [];
	for (let p = 0; p < P; p++) {
		cost.push(p === start ? 0 : Infinity);
		next.push(Infinity);
	}
	const back = new Array<number>(tokenized.length * P).fill(-1);
	tokenized.forEach((i, k) => {
		for (let p = 0; p < P; p++) next[p] = Infinity;
		for (const p of pagesOf[i]) {
			for (let q = 0; q < P; q++) {
				const c = cost[q] + (q === p ? 0 : SWITCH_COST);
				if (c < next[p] || (c === next[p] && q === p)) {
					next[p] = c;
					back[k * P + p] = q;
				}
			}
		}
		const swap = cost;
		cost = next;
		next = swap;
	});
	let state = 0;
	for (let p = 1; p < P; p++) if (cost[p] < cost[state]) state = p;
	const switches = tokenized.length > 0 ? cost[state] : 0;
	for (let k = tokenized.length - 1; k >= 0; k--) {
		const e = elements[tokenized[k]];
		e.page = state;
		e.token = e.tokens[state];
		state = back[k * P + state];
	}
	return switches;
}

/** Every place a value token of any page occurs in `text`, sorted by position. */
function findValueTokens(text: string, index: LanguageIndex): ValueMatch[] {
	const matches: ValueMatch[] = [];
	// One native scan rules out most values; the loop below then finds every token, overlapping ones included.
	if (index.anyValueToken === undefined || !index.anyValueToken.test(text)) return matches;
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
