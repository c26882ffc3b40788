// First encoder step: the tree checked and resolved against the language, once, whatever string table is chosen
// later. Everything here is independent of the table: tokens and their pages, the tag code pages (a shortest path,
// WAP-192 §5.8.1), the distinct value strings with the value tokens found in them, and the bytes that never change.
import type { XmlAttribute, XmlDocument, XmlElement } from '../xml/tree';
import { MAX_DEPTH } from './decode';
import { indexLanguage, startsFor, tagPagesIn, type AttributeStartEntry, type LanguageIndex } from './language-index';
import { mbUint32Length } from './mb-u-int32';
import { isWellFormedText } from './text';
import { LITERAL } from './tokens';
import type { EncodeOptions, WbxmlLanguage, WbxmlVersion } from './types';
import { WbxmlError } from './types';
import type { ValueMatch } from './value-dp';
import { valueTokens } from './value-tokens';

const SWITCH_COST = 2;
const WHITESPACE_ONLY = /^[ \t\r\n]*$/;

/**
 * Values longer than this (UTF-16 code units) are written as one inline string: no value token and no string-table
 * reference is searched in them (WAP-192 §5.8.4 leaves the choice to the encoder). Finding the shortest mix costs
 * memory per character (value-dp.ts), which a 15 MB value full of tokens ("AAA…", PROV's AUTH-ENTITY value AAA at
 * every position) turned into 190 bytes per character; real CP and DM values are under a few KiB.
 */
export const MAX_PLANNED_VALUE = 1 << 16;

/** A value the planner searches for tokens and table strings (see MAX_PLANNED_VALUE). */
export const isPlannedValue = (text: string): boolean => text.length <= MAX_PLANNED_VALUE;
// Shared empty lists, and lists allocated at their final length where it is known: a list grown by push from empty
// starts with room for 17, and these per-element and per-attribute lists were most of the encoder's garbage.
const NO_PAGES: readonly number[] = [];
const NO_TOKENS: readonly number[] = [];
const NO_MATCHES: readonly ValueMatch[] = [];
const NO_CONTENT: readonly PlannedContent[] = [];

/** An attribute-start token to try: its page index, or -1 for LITERAL (stays on whatever page is current). */
export interface StartOption {
	pageIndex: number;
	token: number;
}

/** LITERAL and the name's offset in the string table, for a name without a start token (WAP-192 §5.8.3). */
const LITERAL_START: readonly StartOption[] = [{ pageIndex: -1, token: LITERAL }];

export interface PlannedAttribute {
	name: string;
	/** The start tokens worth trying (lists shared between attributes: read only)... */
	starts: readonly StartOption[];
	/** ...and for each, the slot of what it leaves of the value (an index into `attributeSlots`). Slots rather than
	 *  one object per option: those were the largest part of the encoder's garbage. */
	slots: readonly number[];
}

export type PlannedContent = PlannedElement | { kind: 'text'; slot: number } | { kind: 'opaque'; bytes: Uint8Array };

export interface PlannedElement {
	kind: 'element';
	name: string;
	/** Page index chosen for the tag, or -1 for LITERAL. */
	page: number;
	/** Token of the tag on `page`. */
	token: number;
	/** Token of the tag on each page holding it (shared by the elements of one name: read only). */
	tokens: readonly number[];
	/** How many attributes it has: the next ones of `EncodePlan.attributes`, which lists them in document order. */
	attributeCount: number;
	content: readonly PlannedContent[];
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
	tokenMatches: (readonly ValueMatch[])[];
	/** Text contents in document order, as slots (one per text node written). */
	textUses: number[];
	/** Strings that must be in the table whatever the policy: LITERAL names in document order, then the FPI of a
	 *  language without a public id (the order libwbxml adds them in, wbxml_encoder.c). */
	forced: string[];
	/** The strings libwbxml would consider for its table, in document order (string-table.ts); empty when the
	 *  string table is off. */
	libwbxmlPool: string[];
	/** Bytes that no table choice changes: version, public id (when numeric), charset, tag tokens and their page
	 *  switches, ENDs, OPAQUE. */
	fixedSize: number;
}

/** options.pause is called every PAUSE_EVERY + 1 elements (a power of two less one: a mask). */
const PAUSE_EVERY = 511;

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
	/** Without a string table, libwbxml's candidates are not needed. */
	private readonly collectPool: boolean;
	readonly tokenMatches: (readonly ValueMatch[])[] = [];
	readonly attributes: PlannedAttribute[] = [];
	/** Elements in document order, with the pages holding their tag (empty = LITERAL). */
	readonly elements: PlannedElement[] = [];
	readonly elementPages: (readonly number[])[] = [];
	fixedSize = 0;
	/** The open elements, for messages. */
	private readonly trail: XmlElement[] = [];
	/** The content of the open elements, each element's above its parent's, so that each list is copied out at its
	 *  final length when the element closes. */
	private readonly contentStack: PlannedContent[] = [];
	private contentTop = 0;
	private lastBlank = '';
	/** Elements walked, for options.pause. */
	private walked = 0;

	constructor(
		private readonly language: WbxmlLanguage,
		private readonly version: WbxmlVersion,
		private readonly options: EncodeOptions
	) {
		this.index = indexLanguage(language);
		this.collectPool = options.stringTable !== false;
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

	/** Whitespace only. The indentation between siblings repeats, so the last blank text is compared first: cheaper
	 *  than the regular expression, which runs for every element with children. */
	private isBlank(text: string): boolean {
		if (text === this.lastBlank) return true;
		if (!WHITESPACE_ONLY.test(text)) return false;
		this.lastBlank = text;
		return true;
	}

	private checkText(text: string, what: string, attribute?: string): void {
		if (!isWellFormedText(text)) throw unencodable(`${what} at ${this.path(attribute)} contains NUL or a lone surrogate`);
	}

	/**
	 * The slot of `text`: a whole value of attribute `attribute`, or what a start token's prefix leaves of one. A new
	 * slot is checked here, by one scan for the two things that most values hold neither of: NUL or a surrogate, and
	 * a value token. Every value is checked so, once: it is a slot, or a prefix (well-formed) and a slot.
	 */
	private attributeSlot(text: string, attribute: string): number {
		let found = this.attributeSlotOf.get(text);
		if (found === undefined) {
			let matches = NO_MATCHES;
			if (this.index.suspectOrValueToken.test(text)) {
				this.checkText(text, 'attribute value', attribute);
				if (isPlannedValue(text)) matches = valueTokens(this.index, text);
			}
			found = this.attributeSlots.length;
			this.attributeSlots.push(text);
			this.attributeSlotOf.set(text, found);
			this.tokenMatches.push(matches);
		}
		return found;
	}

	/** The slot of what each start token leaves of `value`. */
	private startSlots(starts: readonly AttributeStartEntry[], name: string, value: string): number[] {
		const slots = new Array<number>(starts.length);
		// Tokens that carry no prefix (often one per page) all leave the whole value: one slot lookup for them.
		let wholeSlot = -1;
		for (let i = 0; i < starts.length; i++) {
			const prefix = starts[i].prefix;
			if (prefix !== '') slots[i] = this.attributeSlot(value.slice(prefix.length), name);
			else {
				if (wholeSlot < 0) wholeSlot = this.attributeSlot(value, name);
				slots[i] = wholeSlot;
			}
		}
		return slots;
	}

	private attribute(attribute: XmlAttribute): void {
		const { name, value } = attribute;
		const starts = this.index.attributeStarts.get(name);
		// A name with start tokens is the language's own, well-formed; only others need the check.
		if (starts === undefined) this.checkText(name, 'attribute name', name);
		// The value is checked with its slots (attributeSlot), unless a prefix could leave a lone surrogate.
		if (!this.index.prefixesWellFormed) this.checkText(value, 'attribute value', name);
		let planned: PlannedAttribute;
		let prefixCarried = false;
		const found = starts === undefined ? undefined : startsFor(starts, value);
		if (found !== undefined && found.starts.length > 0) {
			prefixCarried = found.prefixCarried;
			planned = { name, starts: found.starts, slots: this.startSlots(found.starts, name, value) };
		} else {
			if (found !== undefined) prefixCarried = found.prefixCarried;
			// The value's slot (and so its check) first: a malformed value is reported before a missing table.
			const slot = this.attributeSlot(value, name);
			this.needLiteral(`attribute ${name}`, name);
			this.literalNames.push(name);
			planned = { name, starts: LITERAL_START, slots: [slot] };
		}
		// libwbxml (wbxml_strtbl_collect_strings) considers a whole value only when no start token carries part
		// of it and it contains no value token at all. Without a carried prefix, every option's slot is the whole value.
		if (this.collectPool && !prefixCarried && this.tokenMatches[planned.slots[0]].length === 0 && isPlannedValue(value)) this.libwbxmlPool.push(value);
		this.attributes.push(planned);
	}

	private addContent(content: PlannedContent): void {
		this.contentStack[this.contentTop++] = content;
	}

	private text(text: string): PlannedContent {
		let slot = this.textSlotOf.get(text);
		if (slot === undefined) {
			slot = this.textSlots.length;
			this.textSlots.push(text);
			this.textSlotOf.set(text, slot);
		}
		this.textUses.push(slot);
		// libwbxml collects text nodes that are not whitespace only (its own whitespace test).
		if (this.collectPool && isPlannedValue(text) && !WHITESPACE_ONLY.test(text)) this.libwbxmlPool.push(text);
		return { kind: 'text', slot };
	}

	element(element: XmlElement, inherited: string | undefined): PlannedElement {
		const { index, language } = this;
		if (this.options.pause !== undefined && (++this.walked & PAUSE_EVERY) === 0) this.options.pause();
		this.trail.push(element);
		if (this.trail.length > MAX_DEPTH) throw unencodable(`element at ${this.path()} is nested deeper than ${MAX_DEPTH}`);
		const tag = index.tags.get(element.name);
		// A name with a tag token is the language's own, well-formed; only others need the check.
		if (tag === undefined) this.checkText(element.name, 'element name');
		let xmlns: string | undefined;
		const elementAttributes = element.attributes;
		for (let i = 0; i < elementAttributes.length; i++) if (elementAttributes[i].name === 'xmlns') xmlns = elementAttributes[i].value;
		const namespace = xmlns ?? inherited;
		// A namespace picks the page when the tag exists on several (SyncML Format: MetInf page 1 vs DDF page 2).
		const pages = tag === undefined ? NO_PAGES : index.hasNamespaces ? tagPagesIn(tag, namespace, index.namespaces) : tag.pages;
		const tokens = tag === undefined ? NO_TOKENS : tag.tokens;
		const planned: PlannedElement = { kind: 'element', name: element.name, page: -1, token: LITERAL, tokens, attributeCount: 0, content: NO_CONTENT };
		this.elements.push(planned);
		this.elementPages.push(pages);
		if (pages.length === 0) {
			this.needLiteral(`element <${element.name}>`);
			this.literalNames.push(element.name);
		}
		let xmlAttributes = element.attributes;
		// Below the root an element of a foreign namespace is written LITERAL (tagPagesIn); a root in one is a
		// document of another language.
		if (tag !== undefined && pages.length === 0 && this.trail.length === 1) {
			throw unencodable(`xmlns="${namespace ?? ''}" at ${this.path()} is not the namespace of a ${language.name} code page holding <${element.name}>`);
		}
		if (xmlns !== undefined && index.hasNamespaces && pages.length > 0) {
			// xmlns is implied by the code page (and restored on decode); one that no page carries cannot be written.
			if (!pages.every((i) => index.namespaces[i] === xmlns)) {
				throw unencodable(`xmlns="${xmlns}" at ${this.path()} is not the namespace of a ${language.name} code page holding <${element.name}>`);
			}
			xmlAttributes = xmlAttributes.filter((a) => a.name !== 'xmlns');
		}
		for (let i = 0; i < xmlAttributes.length; i++) this.attribute(xmlAttributes[i]);
		planned.attributeCount = xmlAttributes.length;
		// Tag token (or LITERAL token) and, per list, its END (WAP-192 §5.8.2).
		this.fixedSize += 1 + (planned.attributeCount > 0 ? 1 : 0);
		const base = this.contentTop;
		let pendingText: string | undefined;
		const children = element.children;
		for (let i = 0; i < children.length; i++) {
			const child = children[i];
			if (child.kind === 'element') {
				if (pendingText !== undefined) this.addContent(this.text(pendingText));
				pendingText = undefined;
				this.addContent(this.element(child, namespace));
			} else if (child.kind === 'text') {
				if (child.text === '' || (!this.options.keepWhitespace && this.isBlank(child.text))) continue;
				this.checkText(child.text, 'text');
				pendingText = (pendingText ?? '') + child.text;
			} else {
				if (pendingText !== undefined) this.addContent(this.text(pendingText));
				pendingText = undefined;
				if (this.version === 0x00) throw unencodable(`OPAQUE data at ${this.path()} does not exist in WBXML 1.0`);
				this.addContent({ kind: 'opaque', bytes: child.bytes });
				this.fixedSize += 1 + mbUint32Length(child.bytes.length) + child.bytes.length;
			}
		}
		if (pendingText !== undefined) this.addContent(this.text(pendingText));
		if (this.contentTop > base) {
			planned.content = this.contentStack.slice(base, this.contentTop);
			this.contentTop = base;
			this.fixedSize += 1;
		}
		this.trail.pop();
		return planned;
	}
}

/**
 * Tag pages: shortest path over the tokenized elements, state = current tag page, starting on page 0
 * (WAP-192 §5.8.1). Sets `page` and `token` of each element; returns the bytes spent on SWITCH_PAGE.
 */
function chooseTagPages(elements: PlannedElement[], pagesOf: readonly (readonly number[])[], P: number, start: number): number {
	let count = 0;
	for (let i = 0; i < elements.length; i++) if (pagesOf[i].length > 0) count++;
	const tokenized = new Array<number>(count);
	for (let i = 0, k = 0; i < elements.length; i++) if (pagesOf[i].length > 0) tokenized[k++] = i;
	let cost = new Array<number>(P);
	let next = new Array<number>(P);
	for (let p = 0; p < P; p++) cost[p] = p === start ? 0 : Infinity;
	const back = new Array<number>(count * P);
	for (let k = 0; k < count; k++) {
		for (let p = 0; p < P; p++) {
			next[p] = Infinity;
			back[k * P + p] = -1;
		}
		const pages = pagesOf[tokenized[k]];
		for (let j = 0; j < pages.length; j++) {
			const p = pages[j];
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
	}
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
