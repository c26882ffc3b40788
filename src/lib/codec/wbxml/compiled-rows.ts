// Rows of a compiled document that the encoder cannot tell apart (compiled.ts). Once a row has been planned,
// measured and written the ordinary way, a later row whose values have the same lengths, and whose characters
// change nothing the encoder looks at, is the same bytes with its own characters in the same places.
//
// What the string-table policy and the layout (string-table.ts, layout.ts, value-dp.ts) look at in the values:
// - lengths (UTF-16 and UTF-8): the same per value (a row shape is per list of lengths; values are ASCII);
// - the characters tested for (white space, the separators of shared heads and tails, value tokens, attribute-start
//   prefixes): values hold no white space or separator (so words and cuts fall where the template's own text puts
//   them), and a varying attribute value gets no prefix start token and holds no value token (checked per row);
// - which strings are equal (slots, libwbxml's counts, words, the candidate set): every string compared that holds
//   value characters is checked per row against the template's constant strings and the other such strings;
// - the order of the values cut into heads and tails, and where the cuts fall: checked per row;
// - where each candidate name occurs in the values: an occurrence other than the learnt row's must begin to differ
//   from the name somewhere, and there two adjacent characters (a bigram) of the value and of the name are equal as
//   text at different symbolic places (a placeholder's k-th character, or a constant). So the names are searched
//   again only where such a bigram appears in the row: a value bigram equal to a constant bigram of a name, two
//   value bigrams of different places equal, or a name's value bigram equal to a constant bigram of the document.
// Everything else the policy and the layout compute is arithmetic on those observations, so it is the learnt row's.
// A row that fails a check is planned the ordinary way (whose bytes are always encodeWbxml's); a shape is learnt
// only from a row that passes the checks itself, and its bytes are the ordinary encoder's for that row.
import { emit } from './emit';
import type { Layout } from './layout';
import type { AttributeStartIndex } from './language-index';
import { startsFor } from './language-index';
import { isPlannedValue, type EncodePlan } from './plan';
import { libwbxmlStrings } from './string-table';
import type { ValuePiece } from './value-dp';

/** A value made of literal text and parameters (compiled.ts ParametrizedText). */
export type SymbolicText = readonly (string | number)[];

export interface RowShapeInput {
	parameterCount: number;
	/** Attribute values in the planner's order (plan.attributes): constant text, or what a varying one is made of. */
	attributes: readonly (string | SymbolicText)[];
	/** Each attribute's start-token index (undefined: always LITERAL). */
	attributeStarts: readonly (AttributeStartIndex | undefined)[];
	/** Text runs in document order (plan.textUses), as the planner joins them (blank nodes left out). */
	runs: readonly (string | SymbolicText)[];
	/** LITERAL names and the FPI: in every table, searched for in the values. */
	forced: readonly string[];
	/** Whether the planner finds a value token in a value, or refuses it (compiled.ts #matchesOf). */
	hasValueToken(text: string): boolean;
	/** The texts of the language's attribute-value tokens. */
	valueTokens: readonly string[];
}

/** Value characters nothing in the encoder tests for: printable ASCII but white space and the shared-end separators. */
const FRESH = new Uint8Array(128);
for (let c = 0x21; c < 0x7f; c++) FRESH[c] = 1;
for (const c of ' ./:@?&=,;') FRESH[c.charCodeAt(0)] = 0;
/** string-table.ts: shared heads and tails (MIN_SHARED_LENGTH, MIN_SHARED_PART, the separators). */
const MIN_SHARED_LENGTH = 8;
const MIN_SHARED_PART = 4;
const SEPARATOR = new Uint8Array(128);
for (const c of ' ./:@?&=,;') SEPARATOR[c.charCodeAt(0)] = 1;
const isSeparator = (c: number): boolean => c < 128 && SEPARATOR[c] === 1;
/** libwbxml's and string-table.ts's white space (C isspace). */
const isSpace = (c: number): boolean => c === 0x20 || (c >= 0x09 && c <= 0x0d);
/** Lists of lengths kept per document, and shapes per list (values whose order or equalities differ): when full, a
 *  new shape replaces the least used. A row that fits no shape is learnt from, but after a row that taught nothing
 *  the next tries wait for twice as many misses (up to MAX_BACKOFF): learning costs some ordinary encodings. */
const MAX_SIGNATURES = 64;
const MAX_SHAPES = 8;
const MAX_BACKOFF = 1024;
const ASCII_PAIRS = 128 * 128;

/** A varying string of a row: attribute values first, then runs (index into #varying). */
interface Varying {
	symbolic: SymbolicText;
	starts: AttributeStartIndex | undefined;
	attribute: boolean;
	/** Its index among the layout's attributes or texts. */
	index: number;
}

/** A part of a row's varying string v, [from, to). */
interface Piece {
	v: number;
	from: number;
	to: number;
}

/** A string of the sorted head or tail lists: constant, or varying string v. */
type Ref = string | number;

interface Shape {
	/** Rows it answered. */
	hits: number;
	/** Placeholders whose value is part of the shape (it equals a constant string of the template there). */
	pins: { parameter: number; value: string }[];
	/** This shape's constant bigrams and strings: the template's, and those of its pinned values. */
	constantBigrams: Set<number>;
	constantStrings: Set<string>;
	bytes: Uint8Array;
	/** Output offset of each value character, and which (index into the row's values, concatenated). */
	positions: Int32Array;
	sources: Int32Array;
	/** Strings compared for equality that hold value characters and have the length of some constant string. */
	compared: Piece[];
	/** Pairs of them of one length with different symbolic keys: never equal in a row of the shape. */
	unequal: [Piece, Piece][];
	/** Consecutive strings of the sorted head and tail lists: their order, and where their common part is cut. */
	order: { a: Ref; b: Ref; tail: boolean; sign: number; cut: number }[];
	/** The value-touching bigrams, one per symbolic place: atoms (>= 0 a constant code unit, < 0 value character ~g). */
	left: Int32Array;
	right: Int32Array;
	/** Candidate names: constant text, or a piece of a varying string; where each occurs in the varying strings. */
	names: { text: string | undefined; piece: Piece | undefined; expected: Int32Array[]; places: number[] }[];
	/** Names by the constant bigrams they hold. */
	namesByBigram: Map<number, number[]>;
	/** The same as flags over ASCII pairs (a * 128 + b): a name's constant bigram, a constant bigram, a value token's. */
	nameBigram: Uint8Array;
	constantBigram: Uint8Array;
	tokenBigram: Uint8Array;
}

export class RowShapes {
	/** Encodings answered from a shape. */
	hits = 0;
	readonly #input: RowShapeInput;
	readonly #varying: Varying[] = [];
	/** Bigrams of constant text in the value strings and the forced strings (a * 65536 + b). */
	readonly #constantBigrams = new Set<number>();
	/** The constant value strings joined by NUL (never in a value), where no name with value characters may occur. */
	#constantHaystack = '';
	readonly #shapes = new Map<string, { shapes: Shape[]; misses: number; nextTry: number; backoff: number }>();
	readonly #enabled: boolean;
	// Per-row scratch.
	#flat = new Uint16Array(64);
	readonly #texts: string[] = [];
	/** Per ASCII pair: the row (generation) it was last seen in, at which place; the rows it was seen twice in. */
	readonly #seenIn = new Int32Array(ASCII_PAIRS);
	readonly #placeAt = new Int32Array(ASCII_PAIRS);
	readonly #twiceIn = new Int32Array(ASCII_PAIRS);
	#generation = 0;
	#codes = new Int32Array(64);
	readonly #recheck = new Set<number>();
	readonly #haystackChecks = new Set<number>();

	constructor(input: RowShapeInput) {
		this.#input = input;
		input.attributes.forEach((a, index) => typeof a !== 'string' && this.#varying.push({ symbolic: a, starts: input.attributeStarts[index], attribute: true, index }));
		input.runs.forEach((r, index) => typeof r !== 'string' && this.#varying.push({ symbolic: r, starts: undefined, attribute: false, index }));
		// Constant characters next to each other, across the literal parts of a value too (a value between two parts
		// is never empty on the shaped path, so it always separates them).
		for (const text of [...input.attributes, ...input.runs, ...input.forced]) {
			let previous = -1;
			for (const p of typeof text === 'string' ? [text] : text) {
				if (typeof p === 'number') {
					previous = -1;
					continue;
				}
				for (let k = 0; k < p.length; k++) {
					const c = p.charCodeAt(k);
					if (previous >= 0) this.#constantBigrams.add(previous * 65536 + c);
					previous = c;
				}
			}
		}
		// A one-character forced string has no bigram to be found by.
		this.#enabled = this.#varying.length > 0 && input.forced.every((f) => f.length >= 2);
	}

	/** The row's bytes from a learnt shape, or undefined when it has none or the row is not one of its rows. */
	encode(args: readonly string[]): Uint8Array | undefined {
		if (!this.#enabled) return undefined;
		const known = this.#shapes.get(signature(args));
		if (known === undefined) return undefined;
		const shapes = known.shapes;
		let shape: Shape | undefined;
		for (let i = 0; i < shapes.length; i++) {
			if (!this.#fits(args, shapes[i])) continue;
			shape = shapes[i];
			shape.hits++;
			// The most used first.
			if (i > 0 && shapes[i - 1].hits < shape.hits) [shapes[i - 1], shapes[i]] = [shape, shapes[i - 1]];
			break;
		}
		if (shape === undefined) return undefined;
		const out = shape.bytes.slice();
		const { positions, sources } = shape;
		const flat = this.#flat;
		for (let i = 0; i < positions.length; i++) out[positions[i]] = flat[sources[i]];
		this.hits++;
		return out;
	}

	/** Learns the shape of a row encoded the ordinary way (its plan, layout and bytes), when the row qualifies. */
	learn(args: readonly string[], plan: EncodePlan, layout: Layout, bytes: Uint8Array): void {
		if (!this.#enabled) return;
		const key = signature(args);
		let known = this.#shapes.get(key);
		if (known === undefined) {
			if (this.#shapes.size >= MAX_SIGNATURES) return;
			known = { shapes: [], misses: 0, nextTry: 0, backoff: 1 };
			this.#shapes.set(key, known);
		}
		if (known.misses++ < known.nextTry) return;
		const shape = this.#shape(args, plan, layout, bytes);
		if (shape === undefined) {
			known.nextTry = known.misses + known.backoff;
			known.backoff = Math.min(known.backoff * 2, MAX_BACKOFF);
			return;
		}
		known.backoff = 1;
		known.nextTry = known.misses;
		const shapes = known.shapes;
		if (shapes.length < MAX_SHAPES) shapes.push(shape);
		else shapes[shapes.length - 1] = shape;
	}

	/** Reads the row's values into #flat; false when one is empty or holds a character the encoder may notice (pinned
	 *  values are constants of the shape: they are compared whole instead). */
	#readValues(args: readonly string[], pins: Shape['pins']): boolean {
		for (const pin of pins) if (args[pin.parameter] !== pin.value) return false;
		let total = 0;
		for (const a of args) total += a.length;
		if (this.#flat.length < total) this.#flat = new Uint16Array(total * 2);
		const flat = this.#flat;
		let g = 0;
		for (let p = 0; p < args.length; p++) {
			const a = args[p];
			if (a.length === 0) return false;
			if (pins.length > 0 && pins.some((pin) => pin.parameter === p)) {
				g += a.length;
				continue;
			}
			for (let k = 0; k < a.length; k++) {
				const c = a.charCodeAt(k);
				if (c >= 128 || FRESH[c] === 0) return false;
				flat[g++] = c;
			}
		}
		return true;
	}

	#piece(p: Piece): string {
		const text = this.#texts[p.v];
		return p.from === 0 && p.to === text.length ? text : text.slice(p.from, p.to);
	}

	#ref(r: Ref): string {
		return typeof r === 'string' ? r : this.#texts[r];
	}

	/** The per-row checks (see the top of the file). */
	#fits(args: readonly string[], shape: Shape): boolean {
		if (!this.#readValues(args, shape.pins)) return false;
		const varying = this.#varying;
		const texts = this.#texts;
		for (let v = 0; v < varying.length; v++) {
			const { symbolic, starts, attribute } = varying[v];
			const text = fill(symbolic, args);
			texts[v] = text;
			if (attribute && starts !== undefined && startsFor(starts, text).prefixCarried) return false;
		}
		return this.#unequal(shape, texts) && this.#ordered(shape) && this.#bigramsFit(shape);
	}

	/** No compared string with values equals a constant one, or another of a different symbolic key. */
	#unequal(shape: Shape, texts: readonly string[]): boolean {
		const constantStrings = shape.constantStrings;
		for (const piece of shape.compared) if (constantStrings.has(this.#piece(piece))) return false;
		for (const [x, y] of shape.unequal) if (samePieces(texts, x, y)) return false;
		return true;
	}
	/** The head and tail lists sort as the learnt row's did, and neighbours share the same cut part. */
	#ordered(shape: Shape): boolean {
		for (const { a, b, tail, sign, cut } of shape.order) {
			const x = this.#ref(a);
			const y = this.#ref(b);
			if (Math.sign(tail ? byTail(x, y) : byText(x, y)) !== sign || (tail ? tailCut(x, y) : headCut(x, y)) !== cut) return false;
		}
		return true;
	}
	/** The value bigrams (see the top of the file), then the names they make suspect searched again. */
	#bigramsFit(shape: Shape): boolean {
		const varying = this.#varying;
		const texts = this.#texts;
		// Bigrams of the values: which names must be searched for again, whether a value token may have appeared.
		const { left, right, names, namesByBigram, nameBigram, constantBigram, tokenBigram } = shape;
		const flat = this.#flat;
		const recheck = this.#recheck;
		recheck.clear();
		if (this.#codes.length < left.length) this.#codes = new Int32Array(left.length * 2);
		const codes = this.#codes;
		const generation = ++this.#generation;
		const seenIn = this.#seenIn;
		const placeAt = this.#placeAt;
		const twiceIn = this.#twiceIn;
		let tokens = false;
		for (let i = 0; i < left.length; i++) {
			const a = left[i];
			const b = right[i];
			const x = a >= 0 ? a : flat[~a];
			const y = b >= 0 ? b : flat[~b];
			// A constant beyond ASCII next to a value: the names with this place are searched again, and the tokens.
			if (x >= 128 || y >= 128) {
				codes[i] = -1;
				tokens = true;
				const holders = namesByBigram.get(x * 65536 + y);
				if (holders !== undefined) for (const n of holders) recheck.add(n);
				continue;
			}
			const code = x * 128 + y;
			codes[i] = code;
			if (seenIn[code] !== generation) {
				seenIn[code] = generation;
				placeAt[code] = i;
			} else if (placeAt[code] !== i) twiceIn[code] = generation;
			if (nameBigram[code] === 1) {
				const holders = namesByBigram.get(x * 65536 + y);
				if (holders !== undefined) for (const n of holders) recheck.add(n);
			}
			if (tokenBigram[code] === 1) tokens = true;
		}
		if (tokens) {
			for (let v = 0; v < varying.length; v++) if (varying[v].attribute && this.#input.hasValueToken(texts[v])) return false;
		}
		// A name with values found in a constant string would have only constant bigrams: searched for there only then.
		const haystack = this.#haystackChecks;
		haystack.clear();
		for (let n = 0; n < names.length; n++) {
			const places = names[n].places;
			let suspect = false;
			let allConstant = places.length > 0;
			for (let k = 0; k < places.length; k++) {
				const code = codes[places[k]];
				const constant = code < 0 || constantBigram[code] === 1;
				if (!constant) allConstant = false;
				if (constant || twiceIn[code] === generation) suspect = true;
			}
			if (suspect) recheck.add(n);
			if (allConstant) haystack.add(n);
		}
		for (const n of recheck) {
			const name = names[n];
			const text = name.piece === undefined ? (name.text as string) : this.#piece(name.piece);
			for (let v = 0; v < varying.length; v++) if (!sameOccurrences(texts[v], text, name.expected[v])) return false;
			if (haystack.has(n) && this.#constantHaystack.includes(text)) return false;
		}
		return true;
	}

	/** The shape of a row encoded the ordinary way, or undefined when the row does not qualify. */
	#shape(args: readonly string[], plan: EncodePlan, layout: Layout, bytes: Uint8Array): Shape | undefined {
		// A value equal to a constant string where it stands is pinned (its slot, its counts are the constant's): the
		// shape is then that of the rows with that value there.
		const pins: Shape['pins'] = [];
		for (let round = 0; round < 4; round++) {
			const built = this.#shapeWith(args, plan, layout, bytes, pins);
			if (built === undefined || !('pin' in built)) return built;
			const more = built.pin.filter((p) => !pins.some((pin) => pin.parameter === p));
			if (more.length === 0) return undefined;
			for (const p of more) pins.push({ parameter: p, value: args[p] });
		}
		return undefined;
	}

	#shapeWith(args: readonly string[], plan: EncodePlan, layout: Layout, bytes: Uint8Array, pins: Shape['pins']): Shape | { pin: number[] } | undefined {
		if (!this.#readValues(args, pins)) return undefined;
		const varying = this.#varying;
		const base: number[] = [];
		let total = 0;
		for (const a of args) {
			base.push(total);
			total += a.length;
		}
		const texts = varying.map((v) => fill(v.symbolic, args));
		const pinned = new Set(pins.map((p) => p.parameter));
		const atoms = varying.map((v) => atomsOf(v.symbolic, base, args, pinned));
		const varyingAt = new Map<string, number>();
		varying.forEach((v, i) => varyingAt.set((v.attribute ? 'a' : 't') + v.index, i));

		// Slots as the planner shares them: a varying string shares its slot only with its symbolic equals, and is
		// written whole (no start token carries a prefix of it) with no value token.
		const symbolicKey = (v: number, from: number, to: number): string => atoms[v].slice(from, to).join(',');
		// Owners of each slot: '' for a constant, else the symbolic key. A varying string sharing a constant's slot has
		// its values pinned; two varying strings of different keys in one slot are a coincidence not to learn from.
		const attributeOwner = new Map<number, string>();
		const textOwner = new Map<number, string>();
		const sharers = new Map<string, number[]>();
		const own = (owners: Map<number, string>, slot: number, owner: string, v: number | undefined, kind: string): boolean => {
			const known = owners.get(slot);
			if (v !== undefined) {
				const list = sharers.get(kind + slot) ?? [];
				list.push(v);
				sharers.set(kind + slot, list);
			}
			if (known === undefined || known === owner) {
				owners.set(slot, owner);
				return true;
			}
			if (known !== '' && owner !== '') return false;
			owners.set(slot, '');
			return true;
		};
		for (let i = 0; i < plan.attributes.length; i++) {
			const v = varyingAt.get('a' + i);
			const owner = v === undefined ? '' : symbolicKey(v, 0, texts[v].length);
			for (const slot of plan.attributes[i].slots) {
				if (v !== undefined && (plan.attributeSlots[slot] !== texts[v] || plan.tokenMatches[slot].length > 0)) return undefined;
				if (!own(attributeOwner, slot, owner, v, 'a')) return undefined;
			}
		}
		for (let i = 0; i < plan.textUses.length; i++) {
			const v = varyingAt.get('t' + i);
			const owner = v === undefined ? '' : symbolicKey(v, 0, texts[v].length);
			const slot = plan.textUses[i];
			if (v !== undefined && plan.textSlots[slot] !== texts[v]) return undefined;
			if (!own(textOwner, slot, owner, v, 't')) return undefined;
		}
		const pin: number[] = [];
		for (const [key, list] of sharers) {
			const owner = (key[0] === 'a' ? attributeOwner : textOwner).get(Number(key.slice(1)));
			if (owner !== '') continue;
			for (const v of list) for (const p of varying[v].symbolic) if (typeof p === 'number' && !pinned.has(p) && !pin.includes(p)) pin.push(p);
		}
		if (pin.length > 0) return { pin };

		// Constant strings compared for equality, and where names must not occur.
		const constants: string[] = [...this.#input.forced];
		for (const [slot, owner] of attributeOwner) if (owner === '') constants.push(plan.attributeSlots[slot]);
		for (const [slot, owner] of textOwner) if (owner === '') constants.push(plan.textSlots[slot]);
		for (const s of [...this.#input.attributes, ...this.#input.runs]) if (typeof s === 'string') constants.push(s);
		// The template's own constant strings (the same for every shape), then a pinned varying string's text.
		const haystack = constants.join('\u0000');
		for (let v = 0; v < varying.length; v++) if (atoms[v].every((x) => x >= 0)) constants.push(texts[v]);
		const constantStrings = new Set<string>();
		for (const s of constants) {
			constantStrings.add(s);
			for (const w of s.split(/[ \t\n\v\f\r]+/)) if (w !== '') constantStrings.add(w);
		}

		// Strings compared that hold value characters: the varying strings and their words.
		const compared: { piece: Piece; key: string }[] = [];
		const addCompared = (v: number, from: number, to: number): void => {
			for (let k = from; k < to; k++) {
				if (atoms[v][k] < 0) {
					compared.push({ piece: { v, from, to }, key: symbolicKey(v, from, to) });
					return;
				}
			}
			// All constant (pinned values): compared with the value strings like the template's own.
			constantStrings.add(texts[v].slice(from, to));
		};
		for (let v = 0; v < varying.length; v++) {
			const a = atoms[v];
			addCompared(v, 0, a.length);
			let start = -1;
			for (let k = 0; k <= a.length; k++) {
				const space = k === a.length || (a[k] >= 0 && isSpace(a[k]));
				if (!space && start < 0) start = k;
				else if (space && start >= 0) {
					if (start > 0 || k < a.length) addCompared(v, start, k);
					start = -1;
				}
			}
		}

		// The candidate names, a superset of string-table.ts's: libwbxml's, the forced ones, slot strings written more
		// than once, words found more than once, the cuts of the sorted heads and tails.
		const nameTexts = new Set<string>([...libwbxmlStrings(plan.libwbxmlPool), ...this.#input.forced]);
		const attributeUses = new Array<number>(plan.attributeSlots.length).fill(0);
		for (const a of plan.attributes) {
			attributeUses[a.slots[0]]++;
			for (let o = 1; o < a.slots.length; o++) if (a.slots[o] !== a.slots[0]) attributeUses[a.slots[o]]++;
		}
		const textUses = new Array<number>(plan.textSlots.length).fill(0);
		for (const slot of plan.textUses) textUses[slot]++;
		const wordCounts = new Map<string, number>();
		const words = (slots: readonly string[], uses: readonly number[]): void => {
			slots.forEach((s, slot) => {
				if (uses[slot] > 1 && s.length >= 2) nameTexts.add(s);
				for (const w of s.split(/[ \t\n\v\f\r]+/)) if (w !== s && w.length >= 2) wordCounts.set(w, (wordCounts.get(w) ?? 0) + uses[slot]);
			});
		};
		words(plan.attributeSlots, attributeUses);
		words(plan.textSlots, textUses);
		for (const [w, n] of wordCounts) if (n > 1) nameTexts.add(w);

		// The values cut into shared heads and tails (string-table.ts consider, sharedEnds), in their sorted order.
		const refs = new Map<string, Ref>();
		for (const s of plan.attributeSlots) refs.set('a' + s, s);
		for (const s of plan.textSlots) refs.set('t' + s, s);
		varying.forEach((v, i) => refs.set((v.attribute ? 'a' : 't') + texts[i], i));
		const heads: { ref: Ref; text: string }[] = [];
		const tails: { ref: Ref; text: string }[] = [];
		for (const [key, ref] of refs) {
			const text = key.slice(1);
			if (text.length < MIN_SHARED_LENGTH || !isPlannedValue(text)) continue;
			let first = -1;
			let last = -1;
			for (let k = 0; k < text.length; k++) {
				if (!isSeparator(text.charCodeAt(k))) continue;
				if (first < 0) first = k;
				last = k;
			}
			if (last >= MIN_SHARED_PART - 1) heads.push({ ref, text });
			if (first >= 0 && first <= text.length - MIN_SHARED_PART) tails.push({ ref, text });
		}
		heads.sort((x, y) => byText(x.text, y.text));
		tails.sort((x, y) => byTail(x.text, y.text));
		const order: Shape['order'] = [];
		const cutCompared = (ref: Ref, from: number, to: number): void => {
			if (typeof ref === 'number') addCompared(ref, from, to);
		};
		for (let k = 1; k < heads.length; k++) {
			const a = heads[k - 1];
			const b = heads[k];
			const cut = headCut(a.text, b.text);
			order.push({ a: a.ref, b: b.ref, tail: false, sign: Math.sign(byText(a.text, b.text)), cut });
			if (cut >= 0) {
				nameTexts.add(a.text.slice(0, cut + 1));
				cutCompared(a.ref, 0, cut + 1);
			}
		}
		for (let k = 1; k < tails.length; k++) {
			const a = tails[k - 1];
			const b = tails[k];
			const cut = tailCut(a.text, b.text);
			order.push({ a: a.ref, b: b.ref, tail: true, sign: Math.sign(byTail(a.text, b.text)), cut });
			if (cut >= 0) {
				nameTexts.add(a.text.slice(a.text.length - 1 - cut));
				cutCompared(a.ref, a.text.length - 1 - cut, a.text.length);
			}
		}

		// The value-touching bigrams, once per symbolic place.
		const left: number[] = [];
		const right: number[] = [];
		const placeIndex = new Map<string, number>();
		for (const a of atoms) {
			for (let k = 0; k + 1 < a.length; k++) {
				if (a[k] >= 0 && a[k + 1] >= 0) continue;
				const place = `${a[k]},${a[k + 1]}`;
				if (placeIndex.has(place)) continue;
				placeIndex.set(place, left.length);
				left.push(a[k]);
				right.push(a[k + 1]);
			}
		}

		// Each name: its symbolic text (the same at every occurrence in a varying string, else the row is not one to
		// learn from), where it occurs, the places of its value bigrams and its constant bigrams.
		const names: Shape['names'] = [];
		const namesByBigram = new Map<number, number[]>();
		for (const text of nameTexts) {
			if (text.length < 2) return undefined;
			let piece: Piece | undefined;
			let key: string | undefined;
			const expected: Int32Array[] = [];
			for (let v = 0; v < varying.length; v++) {
				expected.push(Int32Array.from(occurrences(texts[v], text)));
				for (let at = texts[v].indexOf(text); at >= 0; at = texts[v].indexOf(text, at + 1)) {
					const k = symbolicKey(v, at, at + text.length);
					if (key !== undefined && k !== key) return undefined;
					key = k;
					if (piece === undefined && atoms[v].slice(at, at + text.length).some((x) => x < 0)) piece = { v, from: at, to: at + text.length };
				}
			}
			const symbolic = piece === undefined ? [...text].map((c) => c.charCodeAt(0)) : atoms[piece.v].slice(piece.from, piece.to);
			const places: number[] = [];
			const n = names.length;
			for (let k = 0; k + 1 < symbolic.length; k++) {
				const a = symbolic[k];
				const b = symbolic[k + 1];
				if (a >= 0 && b >= 0) {
					const code = a * 65536 + b;
					const holders = namesByBigram.get(code);
					if (holders === undefined) namesByBigram.set(code, [n]);
					else if (holders[holders.length - 1] !== n) holders.push(n);
				} else places.push(placeIndex.get(`${a},${b}`) as number);
			}
			names.push({ text: piece === undefined ? text : undefined, piece, expected, places });
		}

		// A constant name is compared with the others too (the candidate set is a set).
		for (const name of names) if (name.text !== undefined) constantStrings.add(name.text);
		// A compared string with values equal to a constant one: its values are pinned.
		for (const { piece } of compared) {
			if (!constantStrings.has(texts[piece.v].slice(piece.from, piece.to))) continue;
			const pin: number[] = [];
			for (let k = piece.from; k < piece.to; k++) {
				const a = atoms[piece.v][k];
				if (a >= 0) continue;
				const p = parameterOf(~a, base);
				if (!pin.includes(p)) pin.push(p);
			}
			return { pin };
		}
		// The constant bigrams of this shape: the template's, and those its pinned values make.
		const constantBigrams = new Set(this.#constantBigrams);
		for (const a of atoms) for (let k = 0; k + 1 < a.length; k++) if (a[k] >= 0 && a[k + 1] >= 0) constantBigrams.add(a[k] * 65536 + a[k + 1]);
		this.#constantHaystack = haystack;
		// Only what can differ is checked per row: a compared string against the constant ones of its length, two of
		// one length and different keys against each other, the order of two strings of which one holds values.
		const constantLengths = new Set<number>();
		for (const c of constantStrings) constantLengths.add(c.length);
		const unequal: [Piece, Piece][] = [];
		for (let i = 0; i < compared.length; i++) {
			for (let j = i + 1; j < compared.length; j++) {
				const x = compared[i];
				const y = compared[j];
				if (x.piece.to - x.piece.from === y.piece.to - y.piece.from && x.key !== y.key) unequal.push([x.piece, y.piece]);
			}
		}
		const refAtoms = (ref: Ref): readonly number[] => (typeof ref === 'number' ? atoms[ref] : [...ref].map((c) => c.charCodeAt(0)));
		const flags = (codes: Iterable<number>): Uint8Array => {
			const out = new Uint8Array(ASCII_PAIRS);
			for (const code of codes) {
				const a = Math.floor(code / 65536);
				const b = code % 65536;
				if (a < 128 && b < 128) out[a * 128 + b] = 1;
			}
			return out;
		};
		const tokenCodes: number[] = [];
		for (const t of this.#input.valueTokens) for (let k = 0; k + 1 < t.length; k++) tokenCodes.push(t.charCodeAt(k) * 65536 + t.charCodeAt(k + 1));
		const checks: Omit<Shape, 'bytes' | 'positions' | 'sources'> = {
			hits: 0,
			pins: [...pins],
			constantBigrams,
			constantStrings,
			compared: compared.filter((c) => constantLengths.has(c.piece.to - c.piece.from)).map((c) => c.piece),
			unequal,
			order: order.filter((o) => !decided(refAtoms(o.a), refAtoms(o.b), o.tail)),
			left: Int32Array.from(left),
			right: Int32Array.from(right),
			names,
			namesByBigram,
			nameBigram: flags(namesByBigram.keys()),
			constantBigram: flags(constantBigrams),
			// A one-character token a value may hold has no bigram: then every row's values are searched for tokens.
			tokenBigram: this.#input.valueTokens.some((t) => t.length === 1 && t.charCodeAt(0) < 128 && FRESH[t.charCodeAt(0)] === 1) ? new Uint8Array(ASCII_PAIRS).fill(1) : flags(tokenCodes)
		};
		// The row that teaches the shape passes its checks (no name of it searched again finds a surprise).
		if (!this.#fits(args, { ...checks, bytes, positions: new Int32Array(0), sources: new Int32Array(0) })) return undefined;
		for (const name of names) {
			if (name.piece !== undefined && this.#constantHaystack.includes(this.#piece(name.piece))) return undefined;
		}
		const mapped = this.#valuePositions(plan, layout, bytes, texts, atoms, total);
		if (mapped === undefined) return undefined;
		return { ...checks, bytes, positions: mapped.positions, sources: mapped.sources };
	}

	/**
	 * Where each value character lands in the bytes: the layout written again by emit.ts with the value characters
	 * replaced by marks ('C', then one bit of their index per writing as 'A' or 'B'). One byte each (ASCII), so every
	 * other byte stays where it was; undefined when anything does not line up.
	 */
	#valuePositions(plan: EncodePlan, layout: Layout, bytes: Uint8Array, texts: readonly string[], atoms: readonly number[][], total: number): { positions: Int32Array; sources: Int32Array } | undefined {
		const attributeAtoms = new Map<number, number[]>();
		const runAtoms = new Map<number, number[]>();
		this.#varying.forEach((v, i) => (v.attribute ? attributeAtoms : runAtoms).set(v.index, atoms[i]));
		// A table entry found in a varying string is that part of it (any occurrence: the row passed its checks).
		const tableAtoms = layout.table.map((entry): number[] | undefined => {
			for (let v = 0; v < texts.length; v++) {
				const at = texts[v].indexOf(entry);
				if (at >= 0) return atoms[v].slice(at, at + entry.length);
			}
			return undefined;
		});
		const mark = (list: readonly number[], from: number, to: number, bit: number): string => {
			let out = '';
			for (let k = from; k < to; k++) {
				const a = list[k];
				out += a >= 0 ? String.fromCharCode(a) : bit < 0 ? 'C' : ((~a >> bit) & 1) === 1 ? 'B' : 'A';
			}
			return out;
		};
		let broken = false;
		const pieces = (list: readonly ValuePiece[], symbolic: readonly number[], bit: number): readonly ValuePiece[] => {
			const out: ValuePiece[] = [];
			let at = 0;
			for (const piece of list) {
				if (piece.kind === 'inline') {
					out.push({ kind: 'inline', text: mark(symbolic, at, at + piece.text.length, bit) });
					at += piece.text.length;
				} else if (piece.kind === 'table') {
					out.push(piece);
					at += layout.table[piece.entry].length;
				} else broken = true;
			}
			if (at !== symbolic.length) broken = true;
			return out;
		};
		const writeWith = (bit: number): Uint8Array | undefined => {
			broken = false;
			const marked: Layout = {
				table: layout.table.map((entry, i) => {
					const list = tableAtoms[i];
					return list === undefined ? entry : mark(list, 0, list.length, bit);
				}),
				offsets: layout.offsets,
				tableLength: layout.tableLength,
				size: layout.size,
				uses: layout.uses,
				literal: (a) => layout.literal(a),
				startToken: (a) => layout.startToken(a),
				startPage: (a) => layout.startPage(a),
				endPage: (a) => layout.endPage(a),
				inlineValue: (a) => {
					const list = attributeAtoms.get(a);
					const inline = layout.inlineValue(a);
					return list === undefined || inline === undefined ? inline : mark(list, 0, list.length, bit);
				},
				attributePieces: (a) => {
					const list = attributeAtoms.get(a);
					return list === undefined ? layout.attributePieces(a) : pieces(layout.attributePieces(a), list, bit);
				},
				inlineText: (i) => {
					const list = runAtoms.get(i);
					const inline = layout.inlineText(i);
					return list === undefined || inline === undefined ? inline : mark(list, 0, list.length, bit);
				},
				textPieces: (i) => {
					const list = runAtoms.get(i);
					return list === undefined ? layout.textPieces(i) : pieces(layout.textPieces(i), list, bit);
				}
			};
			try {
				const written = emit(plan, marked);
				return broken || written.length !== bytes.length ? undefined : written;
			} catch {
				return undefined;
			}
		};
		const plain = writeWith(-1);
		if (plain === undefined) return undefined;
		let bits = 1;
		while (1 << bits < total) bits++;
		const marks: Uint8Array[] = [];
		for (let bit = 0; bit < bits; bit++) {
			const written = writeWith(bit);
			if (written === undefined) return undefined;
			marks.push(written);
		}
		const positions: number[] = [];
		const sources: number[] = [];
		const flat = this.#flat;
		for (let j = 0; j < bytes.length; j++) {
			if (marks.every((m) => m[j] === plain[j])) {
				if (plain[j] !== bytes[j]) return undefined;
				continue;
			}
			if (plain[j] !== 0x43) return undefined;
			let g = 0;
			for (let bit = 0; bit < bits; bit++) {
				const m = marks[bit][j];
				if (m !== 0x41 && m !== 0x42) return undefined;
				if (m === 0x42) g |= 1 << bit;
			}
			if (g >= total || bytes[j] !== flat[g]) return undefined;
			positions.push(j);
			sources.push(g);
		}
		return { positions: Int32Array.from(positions), sources: Int32Array.from(sources) };
	}
}

/** The lengths of a row's values: rows of one list of lengths share a shape. */
function signature(args: readonly string[]): string {
	let key = '';
	for (const a of args) key += a.length + ',';
	return key;
}

/** The atoms of a symbolic text for a row: code units, and ~g for the row's value character g. */
function atomsOf(text: SymbolicText, base: readonly number[], args: readonly string[], pinned: ReadonlySet<number>): number[] {
	const atoms: number[] = [];
	for (const p of text) {
		if (typeof p === 'number' && !pinned.has(p)) {
			for (let k = 0; k < args[p].length; k++) atoms.push(~(base[p] + k));
			continue;
		}
		const constant = typeof p === 'string' ? p : args[p];
		for (let k = 0; k < constant.length; k++) atoms.push(constant.charCodeAt(k));
	}
	return atoms;
}

function fill(parts: SymbolicText, args: readonly string[]): string {
	if (parts.length === 1) {
		const only = parts[0];
		return typeof only === 'string' ? only : args[only];
	}
	let out = '';
	for (const part of parts) out += typeof part === 'string' ? part : args[part];
	return out;
}

/**
 * Whether the order of two strings and the part they share are decided by constants: reading from the start (heads)
 * or the end (tails), they differ, or one ends, before either holds a value character. Such a pair is the same in
 * every row and is not checked per row.
 */
function decided(a: readonly number[], b: readonly number[], tail: boolean): boolean {
	const n = Math.min(a.length, b.length);
	for (let i = 0; i < n; i++) {
		const x = tail ? a[a.length - 1 - i] : a[i];
		const y = tail ? b[b.length - 1 - i] : b[i];
		if (x < 0 || y < 0) return false;
		if (x !== y) return true;
	}
	return true;
}

/** Whether two pieces of the row's varying strings (of one length) are the same text. */
function samePieces(texts: readonly string[], x: Piece, y: Piece): boolean {
	const a = texts[x.v];
	const b = texts[y.v];
	for (let i = x.from, j = y.from; i < x.to; i++, j++) if (a.charCodeAt(i) !== b.charCodeAt(j)) return false;
	return true;
}

/** Every position of `name` in `text` (overlapping ones too). */
function occurrences(text: string, name: string): number[] {
	const out: number[] = [];
	for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + 1)) out.push(at);
	return out;
}

/** Whether `name` occurs in `text` exactly at `expected`. */
function sameOccurrences(text: string, name: string, expected: Int32Array): boolean {
	let k = 0;
	for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + 1)) if (k >= expected.length || expected[k++] !== at) return false;
	return k === expected.length;
}

/** The parameter whose value holds character g of the row's values. */
function parameterOf(g: number, base: readonly number[]): number {
	let p = 0;
	while (p + 1 < base.length && base[p + 1] <= g) p++;
	return p;
}

/** string-table.ts byText: code unit order. */
const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** string-table.ts byTail: the text read backwards, a shorter tail first. */
function byTail(a: string, b: string): number {
	let i = a.length - 1;
	let j = b.length - 1;
	for (; i >= 0 && j >= 0; i--, j--) {
		const d = a.charCodeAt(i) - b.charCodeAt(j);
		if (d !== 0) return d;
	}
	return i - j;
}

/** string-table.ts sharedEnds: where the head two neighbours share is cut (its last index in `a`), or -1. */
function headCut(a: string, b: string): number {
	let common = 0;
	while (common < a.length && common < b.length && a.charCodeAt(common) === b.charCodeAt(common)) common++;
	for (let k = common - 1; k >= MIN_SHARED_PART - 1; k--) if (isSeparator(a.charCodeAt(k))) return k;
	return -1;
}

/** string-table.ts sharedEnds: the tail two neighbours share, as k (a's last k + 1 code units), or -1. */
function tailCut(a: string, b: string): number {
	let common = 0;
	while (common < a.length && common < b.length && a.charCodeAt(a.length - 1 - common) === b.charCodeAt(b.length - 1 - common)) common++;
	for (let k = common - 1; k >= MIN_SHARED_PART - 1; k--) if (isSeparator(a.charCodeAt(a.length - 1 - k))) return k;
	return -1;
}
