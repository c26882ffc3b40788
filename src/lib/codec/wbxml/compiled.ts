// A document encoded many times with different values in the same places (a template filled per row of an order):
// compiled once, each encoding costs the values' share of the work, and every encoding is byte for byte what
// encodeWbxml gives for the same document filled in (the property test in tests/unit/template says so).
// What never changes is planned once (plan.ts on a stand-in document): the tags, their code pages (WAP-192 §5.8.1),
// the bytes no string table changes, the start tokens and value tokens of the constant values. Per encoding only
// the varying values are planned — start tokens (§5.8.3), value tokens (§5.8.4.2), the distinct-string slots in
// document order exactly as the planner numbers them — then the string table and layout are chosen by the same
// code as any document (string-table.ts, layout.ts) and written (emit.ts).
// A filled-in document whose structure would differ from the stand-in's (a text that becomes white space only and
// is dropped, a value that makes an attribute LITERAL, a value the planner refuses) is encoded the ordinary way, so
// the bytes and the errors are always encodeWbxml's.
// Choosing the string table was most of a row's time (string-table.ts measures several tables per document): a row
// whose values the encoder cannot tell from an earlier row's (same lengths, nothing in them that the policy notices:
// compiled-rows.ts says what and why) is that row's bytes with its own characters, and skips planning altogether.
import type { XmlAttribute, XmlDocument, XmlElement, XmlNode, XmlText } from '../xml/tree';
import { embedDocuments } from './embedded';
import { emit } from './emit';
import { encodeWbxml } from './encode';
import { indexLanguage, startsFor, type AttributeStartEntry, type LanguageIndex } from './language-index';
import { isPlannedValue, makePlan, type EncodePlan, type PlannedAttribute, type PlannedContent, type PlannedElement, type StartOption } from './plan';
import { RowShapes, type SymbolicText } from './compiled-rows';
import { chooseLayout } from './string-table';
import { isWellFormedText } from './text';
import { LITERAL } from './tokens';
import type { EncodeOptions, WbxmlLanguage } from './types';
import type { ValueMatch } from './value-dp';
import { valueTokens } from './value-tokens';

/** A value made of literal text and parameters: a number is the index of an argument of each encoding. */
export type ParametrizedText = readonly (string | number)[];

/** A document some of whose attribute values and text nodes vary: which ones, and what each is made of. */
export interface ParametrizedDocument {
	document: XmlDocument;
	attributes: ReadonlyMap<XmlAttribute, ParametrizedText>;
	texts: ReadonlyMap<XmlText, ParametrizedText>;
	/** How many arguments an encoding takes. */
	parameterCount: number;
}

const NO_MATCHES: readonly ValueMatch[] = [];
const WHITESPACE_ONLY = /^[ \t\r\n]*$/;
/** The stand-in argument the structure is planned with: one printable character, never blank, no value token. */
const STAND_IN = '\u0001';

/** An attribute in the order the planner lists them (plan.attributes). */
interface AttributeEntry {
	name: string;
	/** The constant value, or undefined when it varies. */
	value: string | undefined;
	parts: ParametrizedText | undefined;
	/** The attribute-start index of the name (undefined: no start token, always LITERAL). */
	starts: ReturnType<LanguageIndex['attributeStarts']['get']>;
	/** Constant attributes: the strings the planner makes slots of, in the order it does, and each option's one. */
	slotTexts: readonly string[];
	slotOf: readonly number[];
	options: readonly StartOption[];
	prefixCarried: boolean;
	/** Whether the stand-in made it LITERAL: a filled-in value must too. */
	literal: boolean;
}

/** A run of text nodes the planner joins into one text (between two elements or OPAQUEs). */
interface TextRun {
	nodes: readonly (string | ParametrizedText)[];
}

/** What the planner does, in its order: an attribute (index into the attribute entries) or a text run (~index). */
type Step = number;

/** The parts of a plan that no filling changes. */
type FixedPlan = Omit<EncodePlan, 'attributes' | 'attributeSlots' | 'tokenMatches' | 'textSlots' | 'textUses' | 'libwbxmlPool'>;

export class CompiledWbxml {
	readonly #input: ParametrizedDocument;
	readonly #language: WbxmlLanguage;
	readonly #options: EncodeOptions;
	readonly #index: LanguageIndex;
	/** Undefined when every encoding goes the ordinary way (a document with embedded documents, a varying xmlns). */
	readonly #fixed: FixedPlan | undefined;
	readonly #attributes: AttributeEntry[] = [];
	readonly #runs: TextRun[] = [];
	readonly #steps: Step[] = [];
	/** Value tokens of the constant slot strings, found once. */
	readonly #constantMatches = new Map<string, readonly ValueMatch[]>();
	readonly #collectPool: boolean;
	/** Rows that differ from an encoded one only in their values' characters (compiled-rows.ts). */
	#shapes: RowShapes | undefined;

	constructor(input: ParametrizedDocument, language: WbxmlLanguage, options: EncodeOptions = {}) {
		this.#input = input;
		this.#language = language;
		this.#options = options;
		this.#index = indexLanguage(language);
		this.#collectPool = options.stringTable !== false;
		const standIn = this.document(new Array<string>(input.parameterCount).fill(STAND_IN));
		// The stand-in is planned (and so checked) like any document: what it refuses, every filling refuses.
		const plan = makePlan(embedDocuments(standIn, language, options, encodeWbxml), language, options);
		// A varying xmlns may change a code page or make an element a document of another language (embedded.ts).
		const varyingNamespace = [...input.attributes.keys()].some((a) => a.name === 'xmlns' || a.name.startsWith('xmlns:'));
		if (varyingNamespace || embedDocuments(standIn, language, options, encodeWbxml) !== standIn || !this.#walk(input.document.root, plan.root, plan)) {
			this.#fixed = undefined;
			return;
		}
		this.#fixed = {
			language: plan.language,
			version: plan.version,
			pageNumbers: plan.pageNumbers,
			startPage: plan.startPage,
			root: plan.root,
			literalElements: plan.literalElements,
			forced: plan.forced,
			fixedSize: plan.fixedSize
		};
		this.#shapes = this.#rowShapes(plan.forced);
	}

	/** The document filled in with `args`. */
	document(args: readonly string[]): XmlDocument {
		this.#checkArity(args);
		const { attributes, texts } = this.#input;
		const copy = (element: XmlElement): XmlElement => ({
			kind: 'element',
			name: element.name,
			attributes: element.attributes.map((a) => {
				const parts = attributes.get(a);
				return parts === undefined ? { name: a.name, value: a.value } : { name: a.name, value: fill(parts, args) };
			}),
			children: element.children.map((c): XmlNode => {
				if (c.kind === 'element') return copy(c);
				if (c.kind === 'text') {
					const parts = texts.get(c);
					return { kind: 'text', text: parts === undefined ? c.text : fill(parts, args) };
				}
				return { kind: 'opaque', bytes: c.bytes };
			})
		});
		const { document } = this.#input;
		const out: XmlDocument = { root: copy(document.root) };
		if (document.publicId !== undefined) out.publicId = document.publicId;
		if (document.systemId !== undefined) out.systemId = document.systemId;
		return out;
	}

	/** Exactly encodeWbxml(this.document(args), language, options). */
	encode(args: readonly string[]): Uint8Array {
		this.#checkArity(args);
		if (this.#fixed === undefined) return encodeWbxml(this.document(args), this.#language, this.#options);
		const shapes = this.#shapes;
		const fast = shapes?.encode(args);
		if (fast !== undefined) return fast;
		const plan = this.#plan(args);
		if (plan === undefined) return encodeWbxml(this.document(args), this.#language, this.#options);
		const layout = chooseLayout(plan, this.#options.stringTable !== false);
		const bytes = emit(plan, layout);
		shapes?.learn(args, plan, layout, bytes);
		return bytes;
	}

	/** How many encodings took a learnt row shape (compiled-rows.ts) rather than planning the document. */
	get shapedEncodings(): number {
		return this.#shapes?.hits ?? 0;
	}

	/**
	 * What compiled-rows.ts needs about the document: its value strings as the planner forms them (attribute values
	 * in its order, text runs), which vary, and the strings every table holds.
	 */
	#rowShapes(forced: readonly string[]): RowShapes | undefined {
		if (this.#input.parameterCount === 0) return undefined;
		const keep = (text: string): boolean => text !== '' && (this.#options.keepWhitespace === true || !WHITESPACE_ONLY.test(text));
		const attributes: (string | SymbolicText)[] = this.#attributes.map((entry) => (entry.parts === undefined ? (entry.value as string) : entry.parts));
		const runs: (string | SymbolicText)[] = [];
		// In document order, as the planner writes texts (plan.textUses).
		for (const run of this.#runs) {
			const parts: (string | number)[] = [];
			let varying = false;
			for (const node of run.nodes) {
				if (typeof node === 'string') {
					if (keep(node)) parts.push(node);
					continue;
				}
				if (!node.some((p) => typeof p === 'number')) {
					const text = node.join('');
					if (keep(text)) parts.push(text);
					continue;
				}
				varying = true;
				parts.push(...node);
			}
			runs.push(varying ? parts : parts.join(''));
		}
		return new RowShapes({
			parameterCount: this.#input.parameterCount,
			attributes,
			attributeStarts: this.#attributes.map((entry) => entry.starts),
			runs,
			forced,
			hasValueToken: (text) => this.#index.suspectOrValueToken.test(text) && (this.#matchesOf(text)?.length ?? 1) > 0,
			valueTokens: [...this.#index.asciiValueTokens, ...this.#index.otherValueTokens.values()].flatMap((list) => (list ?? []).map((t) => t.text))
		});
	}

	/** Whether encodings take the compiled path (false: every one is an ordinary encodeWbxml). */
	get compiled(): boolean {
		return this.#fixed !== undefined;
	}

	#checkArity(args: readonly string[]): void {
		if (args.length !== this.#input.parameterCount) throw new RangeError(`expected ${this.#input.parameterCount} arguments, got ${args.length}`);
	}

	/**
	 * Walks the template and the stand-in's plan side by side and records, in the planner's order, its attributes
	 * and its text runs. False when the two do not line up (they always should; then nothing is compiled).
	 */
	#walk(element: XmlElement, planned: PlannedElement, plan: EncodePlan): boolean {
		const { attributes, texts } = this.#input;
		let list = element.attributes;
		// The planner drops xmlns where the code page implies it (plan.ts).
		if (planned.attributeCount !== list.length) {
			list = list.filter((a) => a.name !== 'xmlns');
			if (planned.attributeCount !== list.length) return false;
		}
		for (const a of list) {
			const at = this.#attributes.length;
			const expected = plan.attributes[at];
			if (expected === undefined || expected.name !== a.name) return false;
			this.#attributes.push(this.#attributeEntry(a, attributes.get(a), expected));
			this.#steps.push(at);
		}
		let content = 0;
		let run: (string | ParametrizedText)[] | undefined;
		const flush = (): boolean => {
			if (run === undefined) return true;
			const kept = run;
			run = undefined;
			// A run the stand-in has no text for is white space only, and so in every filling: a varying node would
			// have been the (never blank) stand-in. A run planned as text must stay text in every filling (#plan).
			const next = planned.content[content];
			if (next === undefined || next.kind !== 'text') return kept.every((node) => typeof node === 'string');
			content++;
			this.#steps.push(~this.#runs.length);
			this.#runs.push({ nodes: kept });
			return true;
		};
		for (const child of element.children) {
			if (child.kind === 'text') {
				(run ??= []).push(texts.get(child) ?? child.text);
				continue;
			}
			if (!flush()) return false;
			const next: PlannedContent | undefined = planned.content[content++];
			if (next === undefined || next.kind !== child.kind) return false;
			if (child.kind === 'element' && next.kind === 'element' && !this.#walk(child, next, plan)) return false;
		}
		return flush() && content === planned.content.length;
	}

	#attributeEntry(a: XmlAttribute, parts: ParametrizedText | undefined, planned: PlannedAttribute): AttributeEntry {
		const starts = this.#index.attributeStarts.get(a.name);
		const literal = planned.starts.length === 1 && planned.starts[0].pageIndex < 0 && planned.starts[0].token === LITERAL;
		const entry: AttributeEntry = { name: a.name, value: parts === undefined ? a.value : undefined, parts, starts, slotTexts: [], slotOf: [], options: planned.starts, prefixCarried: false, literal };
		if (parts !== undefined) return entry;
		// A constant value: the slot strings the planner asks for, in its order (Planner.attribute, startSlots).
		const found = starts === undefined ? undefined : startsFor(starts, a.value);
		if (found !== undefined) entry.prefixCarried = found.prefixCarried;
		const slotTexts: string[] = [];
		const slotOf: number[] = [];
		if (literal) {
			slotOf.push(0);
			slotTexts.push(a.value);
		} else {
			let whole = -1;
			for (const start of planned.starts as readonly AttributeStartEntry[]) {
				if (start.prefix !== '') {
					slotOf.push(slotTexts.length);
					slotTexts.push(a.value.slice(start.prefix.length));
				} else {
					if (whole < 0) {
						whole = slotTexts.length;
						slotTexts.push(a.value);
					}
					slotOf.push(whole);
				}
			}
		}
		for (const text of slotTexts) this.#constantMatches.set(text, this.#matchesOf(text) ?? NO_MATCHES);
		entry.slotTexts = slotTexts;
		entry.slotOf = slotOf;
		return entry;
	}

	/** The value tokens of a slot string as the planner finds them; undefined when the planner refuses the string. */
	#matchesOf(text: string): readonly ValueMatch[] | undefined {
		if (!this.#index.suspectOrValueToken.test(text)) return NO_MATCHES;
		if (!isWellFormedText(text)) return undefined;
		return isPlannedValue(text) ? valueTokens(this.#index, text) : NO_MATCHES;
	}

	/** The plan of the filled-in document, as makePlan makes it; undefined when it must be encoded the ordinary way. */
	#plan(args: readonly string[]): EncodePlan | undefined {
		const fixed = this.#fixed as FixedPlan;
		const index = this.#index;
		const attributeSlots: string[] = [];
		const tokenMatches: (readonly ValueMatch[])[] = [];
		const slotOf = new Map<string, number>();
		const textSlots: string[] = [];
		const textSlotOf = new Map<string, number>();
		const textUses: number[] = [];
		const pool: string[] = [];
		const attributes = new Array<PlannedAttribute>(this.#attributes.length);
		const collectPool = this.#collectPool;
		const constantMatches = this.#constantMatches;
		let refused = false;
		const slot = (text: string): number => {
			let found = slotOf.get(text);
			if (found === undefined) {
				let matches = constantMatches.get(text);
				if (matches === undefined) {
					matches = this.#matchesOf(text);
					if (matches === undefined) {
						refused = true;
						matches = NO_MATCHES;
					}
				}
				found = attributeSlots.length;
				attributeSlots.push(text);
				slotOf.set(text, found);
				tokenMatches.push(matches);
			}
			return found;
		};
		for (const step of this.#steps) {
			if (step < 0) {
				const run = this.#runs[~step];
				let text: string | undefined;
				for (const node of run.nodes) {
					const part = typeof node === 'string' ? node : fill(node, args);
					if (part === '' || (!this.#options.keepWhitespace && WHITESPACE_ONLY.test(part))) continue;
					if (!isWellFormedText(part)) return undefined;
					text = (text ?? '') + part;
				}
				if (text === undefined) return undefined;
				let found = textSlotOf.get(text);
				if (found === undefined) {
					found = textSlots.length;
					textSlots.push(text);
					textSlotOf.set(text, found);
				}
				textUses.push(found);
				if (collectPool && isPlannedValue(text) && !WHITESPACE_ONLY.test(text)) pool.push(text);
				continue;
			}
			const entry = this.#attributes[step];
			let planned: PlannedAttribute;
			let prefixCarried = entry.prefixCarried;
			let value: string;
			if (entry.parts === undefined) {
				value = entry.value as string;
				const texts = entry.slotTexts;
				const slots = new Array<number>(entry.slotOf.length);
				if (texts.length === 1) {
					const only = slot(texts[0]);
					for (let k = 0; k < slots.length; k++) slots[k] = only;
				} else {
					const made = texts.map(slot);
					for (let k = 0; k < slots.length; k++) slots[k] = made[entry.slotOf[k]];
				}
				planned = { name: entry.name, starts: entry.options, slots };
			} else {
				value = fill(entry.parts, args);
				if (!index.prefixesWellFormed && !isWellFormedText(value)) return undefined;
				const found = entry.starts === undefined ? undefined : startsFor(entry.starts, value);
				if (found !== undefined) prefixCarried = found.prefixCarried;
				const literal = found === undefined || found.starts.length === 0;
				if (literal !== entry.literal) return undefined;
				if (literal) planned = { name: entry.name, starts: entry.options, slots: [slot(value)] };
				else {
					const starts = (found as { starts: readonly AttributeStartEntry[] }).starts;
					const slots = new Array<number>(starts.length);
					let whole = -1;
					for (let k = 0; k < starts.length; k++) {
						const prefix = starts[k].prefix;
						if (prefix !== '') slots[k] = slot(value.slice(prefix.length));
						else {
							if (whole < 0) whole = slot(value);
							slots[k] = whole;
						}
					}
					planned = { name: entry.name, starts, slots };
				}
			}
			if (refused) return undefined;
			if (collectPool && !prefixCarried && tokenMatches[planned.slots[0]].length === 0 && isPlannedValue(value)) pool.push(value);
			attributes[step] = planned;
		}
		return { ...fixed, attributes, attributeSlots, tokenMatches, textSlots, textUses, libwbxmlPool: pool };
	}
}

function fill(parts: ParametrizedText, args: readonly string[]): string {
	if (parts.length === 1) {
		const only = parts[0];
		return typeof only === 'string' ? only : args[only];
	}
	let out = '';
	for (const part of parts) out += typeof part === 'string' ? part : args[part];
	return out;
}

/** Compiles `input` for `language`: see CompiledWbxml. Throws WbxmlError when no filling can be encoded. */
export function compileWbxml(input: ParametrizedDocument, language: WbxmlLanguage, options: EncodeOptions = {}): CompiledWbxml {
	return new CompiledWbxml(input, language, options);
}
