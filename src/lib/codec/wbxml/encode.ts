// Generic WBXML encoder (WAP-192 §5): the language tables say what exists, this file picks the shortest bytes.
// - Tags and attribute starts may exist on several code pages; SWITCH_PAGE costs 2 bytes, so the page of every tag and
//   attribute is chosen by a shortest path over the whole document (tag and attribute pages are independent, §5.8.1).
// - Attribute values: cheapest mix of value tokens, table references and inline strings (value-dp.ts).
// - String table: several candidate tables are tried (none, libwbxml's choice, a savings-driven choice) and the
//   smallest output wins, so we are never larger than libwbxml's policy for the same tree.
import type { XmlAttribute, XmlDocument, XmlElement } from '../xml/tree';
import { MAX_DEPTH } from './decode';
import { indexLanguage } from './language-index';
import { mbUint32Length, writeMbUint32 } from './mb-u-int32';
import { chooseStringTables } from './string-table';
import { encodeUtf8, isWellFormedText, utf8Length } from './text';
import { CHARSET_UTF8, END, LITERAL, OPAQUE, STR_I, STR_T, SWITCH_PAGE, TAG_ATTRIBUTES, TAG_CONTENT } from './tokens';
import type { EncodeOptions, WbxmlLanguage, WbxmlVersion } from './types';
import { WbxmlError } from './types';
import { planValue, type Matcher, type ValuePiece, type ValuePlan } from './value-dp';

const SWITCH_COST = 2;

interface StartOption {
	/** Page index, or -1 for LITERAL (stays on whatever page is current). */
	pageIndex: number;
	token: number;
	rest: string;
}

interface PlannedAttribute {
	name: string;
	value: string;
	options: StartOption[];
}

type PlannedContent = { kind: 'element'; element: PlannedElement } | { kind: 'text'; text: string } | { kind: 'opaque'; bytes: Uint8Array };

interface PlannedElement {
	name: string;
	/** Page indices holding the tag; empty = LITERAL. */
	pages: number[];
	tokens: number[];
	attributes: PlannedAttribute[];
	content: PlannedContent[];
}

/** What every candidate encoding shares: the tree checked and resolved against the language. */
export interface EncodePlan {
	language: WbxmlLanguage;
	version: WbxmlVersion;
	pageNumbers: number[];
	root: PlannedElement;
	/** Strings that must be in the table whatever the policy: LITERAL names, and the FPI without a numeric id. */
	forced: string[];
	/** Attribute values and text in document order, for the table policy. */
	attributeValues: string[];
	texts: string[];
	valueMatchers: Matcher[];
}

const unencodable = (message: string): WbxmlError => new WbxmlError('unencodable', -1, message);

export function encodeWbxml(document: XmlDocument, language: WbxmlLanguage, options: EncodeOptions = {}): Uint8Array {
	const plan = makePlan(document, language, options);
	let best: Uint8Array | undefined;
	for (const table of chooseStringTables(plan, options.stringTable !== false, (t) => emit(plan, t))) {
		if (best === undefined || table.bytes.length < best.length) best = table.bytes;
	}
	if (best === undefined) throw unencodable('no encoding found');
	return best;
}

// ---- planning: check the tree against the language ---------------------------------------------------------

function makePlan(document: XmlDocument, language: WbxmlLanguage, options: EncodeOptions): EncodePlan {
	const version = options.version ?? 0x03;
	if (![0x00, 0x01, 0x02, 0x03].includes(version)) throw unencodable(`WBXML version ${version} is not 1.0–1.3`);
	const useTable = options.stringTable !== false;
	const index = indexLanguage(language);
	const { pageNumbers, hasNamespaces, namespaces } = index;
	const forced: string[] = [];
	const attributeValues: string[] = [];
	const texts: string[] = [];
	if (language.publicId === undefined) forced.push(language.fpi);

	const needLiteral = (what: string, path: string): void => {
		if (!useTable) throw unencodable(`${what} at ${path} has no token in ${language.name} and a LITERAL needs the string table`);
	};
	const checkText = (text: string, what: string, path: string): void => {
		if (!isWellFormedText(text)) throw unencodable(`${what} at ${path} contains NUL or a lone surrogate`);
	};

	const planElement = (element: XmlElement, path: string, inherited: string | undefined, depth: number): PlannedElement => {
		if (depth >= MAX_DEPTH) throw unencodable(`element at ${path} is nested deeper than ${MAX_DEPTH}`);
		checkText(element.name, 'element name', path);
		const xmlns = element.attributes.find((a) => a.name === 'xmlns')?.value;
		const namespace = xmlns ?? inherited;
		const found = index.tags.get(element.name) ?? [];
		let pages = found.map((t) => t.pageIndex);
		const tokens: number[] = [];
		for (const t of found) tokens[t.pageIndex] = t.token;
		// A namespace picks the page when the tag exists on several (SyncML Format: MetInf page 1 vs DDF page 2).
		const inNamespace = pages.filter((i) => namespaces[i] === namespace);
		if (namespace !== undefined && inNamespace.length > 0) pages = inNamespace;
		if (pages.length === 0) {
			needLiteral(`element <${element.name}>`, path);
			forced.push(element.name);
		}
		let attributes = element.attributes;
		if (xmlns !== undefined && hasNamespaces && pages.length > 0) {
			// xmlns is implied by the code page (and restored on decode); one that no page carries cannot be written.
			if (!pages.every((i) => namespaces[i] === xmlns)) {
				throw unencodable(`xmlns="${xmlns}" at ${path} is not the namespace of a ${language.name} code page holding <${element.name}>`);
			}
			attributes = attributes.filter((a) => a.name !== 'xmlns');
		}
		const plannedAttributes = attributes.map((a) => planAttribute(a, `${path}/@${a.name}`));
		const content: PlannedContent[] = [];
		const seen = new Map<string, number>();
		for (const child of element.children) {
			if (child.kind === 'element') {
				const n = (seen.get(child.name) ?? 0) + 1;
				seen.set(child.name, n);
				content.push({ kind: 'element', element: planElement(child, `${path}/${child.name}[${n}]`, namespace, depth + 1) });
			} else if (child.kind === 'text') {
				if (child.text === '' || (!options.keepWhitespace && /^[ \t\r\n]*$/.test(child.text))) continue;
				checkText(child.text, 'text', path);
				texts.push(child.text);
				const last = content[content.length - 1];
				if (last !== undefined && last.kind === 'text') last.text += child.text;
				else content.push({ kind: 'text', text: child.text });
			} else {
				if (version === 0x00) throw unencodable(`OPAQUE data at ${path} does not exist in WBXML 1.0`);
				content.push({ kind: 'opaque', bytes: child.bytes });
			}
		}
		return { name: element.name, pages, tokens, attributes: plannedAttributes, content };
	};

	const planAttribute = (attribute: XmlAttribute, path: string): PlannedAttribute => {
		checkText(attribute.name, 'attribute name', path);
		checkText(attribute.value, 'attribute value', path);
		const options: StartOption[] = [];
		for (const start of index.attributeStarts.get(attribute.name) ?? []) {
			if (attribute.value.startsWith(start.prefix)) {
				options.push({ pageIndex: start.pageIndex, token: start.token, rest: attribute.value.slice(start.prefix.length) });
			}
		}
		if (options.length === 0) {
			needLiteral(`attribute ${attribute.name}`, path);
			forced.push(attribute.name);
			options.push({ pageIndex: -1, token: LITERAL, rest: attribute.value });
		}
		for (const o of options) if (o.rest !== '') attributeValues.push(o.rest);
		return { name: attribute.name, value: attribute.value, options };
	};

	const root = planElement(document.root, `/${document.root.name}`, undefined, 0);

	const valueMatchers = index.valueMatchers;
	return { language, version, pageNumbers, root, forced: [...new Set(forced)], attributeValues, texts, valueMatchers };
}

// ---- emission with one string table --------------------------------------------------------------------------

interface Encoded {
	bytes: Uint8Array;
	/** How many references each table entry got. */
	uses: number[];
}

/** Encodes the plan with `table` as string table (entries in order, each NUL-terminated). */
export function emit(plan: EncodePlan, table: readonly string[]): Encoded {
	const { language, pageNumbers } = plan;
	const P = pageNumbers.length;
	const offsets: number[] = [];
	const entryIndex = new Map<string, number>();
	let tableLength = 0;
	table.forEach((s, i) => {
		offsets.push(tableLength);
		entryIndex.set(s, i);
		tableLength += utf8Length(s) + 1;
	});
	const tableMatchers: Matcher[] = table.map((text, entry) => ({ text, kind: 'table', pageIndex: 0, token: 0, entry, offset: offsets[entry] }));
	const attributeMatchers = [...plan.valueMatchers, ...tableMatchers];
	const refCost = (entry: number): number => 1 + mbUint32Length(offsets[entry]);

	const valueCache = new Map<string, ValuePlan>();
	const valuePlan = (text: string, startPage: number): ValuePlan => {
		const key = `${startPage}\u0000${text}`;
		let found = valueCache.get(key);
		if (!found) valueCache.set(key, (found = planValue(text, startPage, P, pageNumbers, attributeMatchers)));
		return found;
	};

	// Document order of elements and attributes, as they will be written.
	const elements: PlannedElement[] = [];
	const attributes: PlannedAttribute[] = [];
	const walk = (e: PlannedElement): void => {
		elements.push(e);
		attributes.push(...e.attributes);
		for (const c of e.content) if (c.kind === 'element') walk(c.element);
	};
	walk(plan.root);

	// Tag pages: shortest path, state = current tag page, starting on page 0 (WAP-192 §5.8.1).
	const tagPage = new Map<PlannedElement, number>();
	{
		const start = pageNumbers.indexOf(0);
		let cost = new Array<number>(P).fill(Infinity);
		cost[start] = 0;
		const back: Int32Array[] = [];
		const tokenized = elements.filter((e) => e.pages.length > 0);
		for (const e of tokenized) {
			const next = new Array<number>(P).fill(Infinity);
			const from = new Int32Array(P).fill(-1);
			for (const p of e.pages) {
				for (let q = 0; q < P; q++) {
					const c = cost[q] + (q === p ? 0 : SWITCH_COST) + 1;
					if (c < next[p] || (c === next[p] && q === p)) {
						next[p] = c;
						from[p] = q;
					}
				}
			}
			back.push(from);
			cost = next;
		}
		let state = argmin(cost);
		for (let i = tokenized.length - 1; i >= 0; i--) {
			tagPage.set(tokenized[i], state);
			state = back[i][state];
		}
	}

	// Attribute pages and value pieces: shortest path over all attributes, state = current attribute page.
	interface AttributeChoice {
		option: StartOption;
		startPage: number;
		endPage: number;
		value: ValuePlan;
	}
	const attributeChoice = new Map<PlannedAttribute, AttributeChoice>();
	{
		const start = pageNumbers.indexOf(0);
		let cost = new Array<number>(P).fill(Infinity);
		cost[start] = 0;
		const back: { from: number; choice: AttributeChoice }[][] = [];
		for (const a of attributes) {
			const next = new Array<number>(P).fill(Infinity);
			const choices: { from: number; choice: AttributeChoice }[] = [];
			for (let q = 0; q < P; q++) {
				if (cost[q] === Infinity) continue;
				for (const option of a.options) {
					const literal = option.pageIndex < 0;
					const startPage = literal ? q : option.pageIndex;
					const startCost = literal ? refCost(entryIndex.get(a.name) ?? 0) : 1;
					const base = cost[q] + (startPage === q ? 0 : SWITCH_COST) + startCost;
					const value = valuePlan(option.rest, startPage);
					for (let e = 0; e < P; e++) {
						const c = base + value.cost[e];
						if (c < next[e]) {
							next[e] = c;
							choices[e] = { from: q, choice: { option, startPage, endPage: e, value } };
						}
					}
				}
			}
			back.push(choices);
			cost = next;
		}
		let state = argmin(cost);
		for (let i = attributes.length - 1; i >= 0; i--) {
			const step = back[i][state];
			attributeChoice.set(attributes[i], step.choice);
			state = step.from;
		}
	}

	// Bytes.
	const uses = new Array<number>(table.length).fill(0);
	const out: number[] = [];
	out.push(plan.version);
	if (language.publicId !== undefined) writeMbUint32(language.publicId, out);
	else {
		const fpi = entryIndex.get(language.fpi);
		if (fpi === undefined) throw unencodable(`the FPI of ${language.name} must be in the string table`);
		out.push(0x00);
		writeMbUint32(offsets[fpi], out);
		uses[fpi]++;
	}
	if (plan.version >= 0x01) writeMbUint32(CHARSET_UTF8, out);
	writeMbUint32(tableLength, out);
	for (const s of table) {
		pushAll(out, encodeUtf8(s));
		out.push(0);
	}

	let currentTagPage = pageNumbers.indexOf(0);
	let currentAttrPage = currentTagPage;
	const writeInline = (text: string): void => {
		out.push(STR_I);
		pushAll(out, encodeUtf8(text));
		out.push(0);
	};
	const writePieces = (pieces: ValuePiece[]): void => {
		for (const piece of pieces) {
			if (piece.kind === 'inline') writeInline(piece.text);
			else if (piece.kind === 'table') {
				out.push(STR_T);
				writeMbUint32(offsets[piece.entry], out);
				uses[piece.entry]++;
			} else {
				const index = pageNumbers.indexOf(piece.page);
				if (index !== currentAttrPage) {
					out.push(SWITCH_PAGE, piece.page);
					currentAttrPage = index;
				}
				out.push(piece.token);
			}
		}
	};
	const literalName = (name: string): void => {
		const entry = entryIndex.get(name);
		if (entry === undefined) throw unencodable(`LITERAL name "${name}" is not in the string table`);
		writeMbUint32(offsets[entry], out);
		uses[entry]++;
	};

	const writeElement = (e: PlannedElement): void => {
		const flags = (e.attributes.length > 0 ? TAG_ATTRIBUTES : 0) | (e.content.length > 0 ? TAG_CONTENT : 0);
		const page = tagPage.get(e);
		if (page === undefined) {
			out.push(LITERAL | flags);
			literalName(e.name);
		} else {
			if (page !== currentTagPage) {
				out.push(SWITCH_PAGE, pageNumbers[page]);
				currentTagPage = page;
			}
			out.push(e.tokens[page] | flags);
		}
		if (e.attributes.length > 0) {
			for (const a of e.attributes) {
				const choice = attributeChoice.get(a);
				if (!choice) throw unencodable(`internal: attribute ${a.name} has no plan`);
				if (choice.option.pageIndex < 0) {
					out.push(LITERAL);
					literalName(a.name);
				} else {
					if (choice.startPage !== currentAttrPage) {
						out.push(SWITCH_PAGE, pageNumbers[choice.startPage]);
						currentAttrPage = choice.startPage;
					}
					out.push(choice.option.token);
				}
				writePieces(choice.value.pieces(choice.endPage));
				currentAttrPage = choice.endPage;
			}
			out.push(END);
		}
		if (e.content.length > 0) {
			for (const c of e.content) {
				if (c.kind === 'element') writeElement(c.element);
				else if (c.kind === 'text') writePieces(planValue(c.text, 0, 1, [0], tableMatchers).pieces(0));
				else {
					out.push(OPAQUE);
					writeMbUint32(c.bytes.length, out);
					pushAll(out, c.bytes);
				}
			}
			out.push(END);
		}
	};
	writeElement(plan.root);
	return { bytes: Uint8Array.from(out), uses };
}

function argmin(values: number[]): number {
	let best = 0;
	for (let i = 1; i < values.length; i++) if (values[i] < values[best]) best = i;
	return best;
}

function pushAll(out: number[], bytes: Uint8Array): void {
	for (let i = 0; i < bytes.length; i++) out.push(bytes[i]);
}

