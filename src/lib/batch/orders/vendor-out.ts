// SIM vendors' output files (".out", bureau-files.md §1; shapes of the public samples in ostelco-core's
// sim-administration and sim-inventory): sections introduced by banners of '*' lines (or a bare "OUTPUT VARIABLES"
// line); a header block of `Key : value` lines whose spellings vary by vendor (Customer/MNOID, Type/ProfileType,
// Batch/Batch No, Quantity/Quanitity) — every key is kept, unknown ones too; an input block opened by `var_In:` or
// `Var_In_List:`, either `Key: value` lines (Ser_nb, IMSI) or a `/` list of names and one line of values; then
// `var_out: ICCID/IMSI/…` naming the columns and one row per card, values separated by spaces (by commas in some
// files). The row count must equal Quantity: the parser checks that at the end.
import { MAX_ROW_CHARS, type FormatReader, type ReaderContext } from './context';
import { OrderError } from './error';

export interface VendorEntry {
	/** The key as written (`Batch No`, `Quanitity`). */
	readonly key: string;
	readonly value: string;
	readonly line: number;
}

/** The header and input blocks of a .out file. */
export interface VendorHeader {
	/** The header block in file order, every key kept as written. */
	readonly entries: readonly VendorEntry[];
	/** The input variables (first ICCID as Ser_nb or ICCID, first IMSI), as the vendor wrote them. */
	readonly inputVariables: readonly VendorEntry[];
	/** The fields most tools need, found under any of their known spellings. */
	readonly customer?: VendorEntry;
	readonly type?: VendorEntry;
	readonly batch?: VendorEntry;
	readonly quantity?: VendorEntry;
	readonly transportKey?: VendorEntry;
}

/** Known spellings, compared upper-case without spaces and underscores. */
const KNOWN_KEYS: Readonly<Record<'customer' | 'type' | 'batch' | 'quantity' | 'transportKey', readonly string[]>> = {
	customer: ['CUSTOMER', 'MNOID'],
	type: ['TYPE', 'PROFILETYPE'],
	batch: ['BATCH', 'BATCHNO'],
	// "Quanitity" is in a real vendor file (ostelco-core sim-inventory/…/Loltel12092018.out).
	quantity: ['QUANTITY', 'QUANITITY'],
	transportKey: ['TRANSPORTKEY']
};

type Section = 'none' | 'header' | 'input' | 'output' | 'other';

// A section title on a line of its own, without the '*' banner (ostelco-core sample-out-2.out: "OUTPUT VARIABLES").
const PLAIN_TITLES: ReadonlyMap<string, Section> = new Map([
	['HEADER DESCRIPTION', 'header'],
	['INPUT VARIABLES', 'input'],
	['INPUT VARIABLES DESCRIPTION', 'input'],
	['OUTPUT VARIABLES', 'output'],
	['OUTPUT VARIABLES DESCRIPTION', 'output']
]);

const VAR_LINE = /^(var_out|var_in|var_in_list)\s*:(.*)$/i;
const DECORATION = /^\*+$/;
const LF = 10;
const CR = 13;

/** Does this text look like the start of a .out file (its first non-blank line)? */
export function looksLikeVendorOut(firstLine: string): boolean {
	const t = firstLine.trim();
	return t.startsWith('*') || VAR_LINE.test(t);
}

function normalKey(key: string): string {
	return key.toUpperCase().replace(/[\s_]+/g, '');
}

export type RowSeparator = 'space' | 'comma';

export class VendorOutReader implements FormatReader {
	readonly #context: ReaderContext;
	#partial = '';
	#line = 0;
	#skipLF = false;
	#endsWithBreak = true;
	#section: Section = 'none';
	readonly #entries: VendorEntry[] = [];
	readonly #inputs: VendorEntry[] = [];
	/** Names of a `var_In: ICCID/IMSI` line, waiting for their line of values. */
	#inputNames: string[] | undefined;
	#inputNamesLine = 0;
	#varOutLine = 0;
	#columns = 0;
	#separator: RowSeparator | undefined;
	blankLines = 0;

	constructor(context: ReaderContext) {
		this.#context = context;
	}

	get lines(): number {
		return this.#endsWithBreak ? this.#line : this.#line + 1;
	}

	get separator(): RowSeparator | undefined {
		return this.#separator;
	}

	get varOutLine(): number {
		return this.#varOutLine;
	}

	/** The header and input blocks read so far (complete once var_out is read). */
	get header(): VendorHeader {
		const known: { -readonly [K in keyof typeof KNOWN_KEYS]?: VendorEntry } = {};
		for (const entry of this.#entries) {
			const key = normalKey(entry.key);
			for (const [field, spellings] of Object.entries(KNOWN_KEYS) as [keyof typeof KNOWN_KEYS, readonly string[]][]) {
				if (known[field] === undefined && spellings.includes(key)) known[field] = entry;
			}
		}
		return { entries: this.#entries, inputVariables: this.#inputs, ...known };
	}

	push(text: string): void {
		let start = 0;
		for (let i = 0; i < text.length; i++) {
			const c = text.charCodeAt(i);
			if (c !== LF && c !== CR) continue;
			if (this.#skipLF && c === LF && i === start && this.#partial === '') {
				this.#skipLF = false;
				start = i + 1;
				continue;
			}
			const line = this.#partial + text.slice(start, i);
			this.#partial = '';
			this.#skipLF = c === CR;
			start = i + 1;
			this.#take(line);
		}
		if (start < text.length) {
			this.#skipLF = false;
			this.#partial += text.slice(start);
			if (this.#partial.length > MAX_ROW_CHARS) {
				throw new OrderError('line-too-long', `a line longer than ${MAX_ROW_CHARS} characters: not a vendor output file`, this.#line + 1);
			}
		}
		if (text.length > 0) {
			const last = text.charCodeAt(text.length - 1);
			this.#endsWithBreak = last === LF || last === CR;
		}
	}

	end(): void {
		if (this.#partial !== '') {
			const line = this.#partial;
			this.#partial = '';
			this.#take(line);
		}
		if (this.#columns === 0) throw new OrderError('not-an-order', 'no var_out line naming the columns: not a vendor output file');
	}

	#take(raw: string): void {
		const line = ++this.#line;
		const t = raw.trim();
		if (t === '') {
			this.blankLines++;
			return;
		}
		if (DECORATION.test(t)) return;
		if (t.charCodeAt(0) === 42) {
			this.#enter(t.replace(/^\*+|\*+$/g, '').trim().toUpperCase(), line);
			return;
		}
		const plain = PLAIN_TITLES.get(t.toUpperCase());
		if (plain !== undefined) {
			this.#section = plain;
			return;
		}
		const variable = VAR_LINE.exec(t);
		if (variable !== null) {
			this.#variables(variable[1].toLowerCase(), variable[2].trim(), line);
			return;
		}
		switch (this.#section) {
			case 'none':
			case 'header':
				this.#keyValue(t, line, this.#entries, 'header');
				return;
			case 'input':
				if (this.#inputNames !== undefined) {
					this.#inputValues(t, line, this.#inputNames);
					this.#inputNames = undefined;
				} else this.#keyValue(t, line, this.#inputs, 'input');
				return;
			case 'output':
				this.#row(t, line);
				return;
			case 'other':
				return;
		}
	}

	#enter(title: string, line: number): void {
		if (title.includes('HEADER')) this.#section = 'header';
		else if (title.includes('INPUT')) this.#section = 'input';
		else if (title.includes('OUTPUT')) this.#section = 'output';
		else {
			this.#section = 'other';
			// The title is not repeated: whatever a line holds could be a key that lost its line break.
			this.#context.warn(line, 'a section other than HEADER, INPUT or OUTPUT; its lines are ignored');
		}
	}

	#variables(which: string, rest: string, line: number): void {
		if (which === 'var_out') {
			if (this.#columns > 0) throw new OrderError('bad-header', `a second var_out line (the first is on line ${this.#varOutLine})`, line);
			const names = rest.split('/').map((name) => name.trim());
			const empty = names.indexOf('');
			if (rest === '') throw new OrderError('bad-header', 'var_out names no columns', line);
			if (empty >= 0) throw new OrderError('bad-header', `var_out: column ${empty + 1} has no name`, line);
			this.#section = 'output';
			this.#varOutLine = line;
			this.#columns = names.length;
			this.#context.header(names, line);
			return;
		}
		this.#section = 'input';
		if (rest !== '') {
			this.#inputNames = rest.split('/').map((name) => name.trim());
			this.#inputNamesLine = line;
		}
	}

	#keyValue(t: string, line: number, into: VendorEntry[], block: string): void {
		// Split at the first colon: a value may hold one (a time), ostelco's parser refuses those lines.
		const colon = t.indexOf(':');
		if (colon <= 0) {
			this.#context.warn(line, `not a "Key : value" line in the ${block} block; ignored`);
			return;
		}
		into.push({ key: t.slice(0, colon).trim(), value: t.slice(colon + 1).trim(), line });
	}

	#inputValues(t: string, line: number, names: readonly string[]): void {
		const values = t.includes(',') ? t.split(',').map((v) => v.trim()) : t.split(/\s+/);
		if (values.length !== names.length) {
			this.#context.warn(line, `${values.length} input ${values.length === 1 ? 'value' : 'values'} for the ${names.length} names of line ${this.#inputNamesLine}`);
		}
		for (let i = 0; i < Math.min(values.length, names.length); i++) this.#inputs.push({ key: names[i], value: values[i], line });
	}

	#row(t: string, line: number): void {
		if (this.#columns === 0) throw new OrderError('bad-header', 'a data row before the var_out line that names the columns', line);
		// The first row decides how this file separates values; a later row that differs is set aside.
		this.#separator ??= t.includes(',') ? 'comma' : 'space';
		const fields = this.#separator === 'comma' ? t.split(',').map((v) => v.trim()) : t.split(/[ \t]+/);
		this.#context.row(fields, line, this.#hint);
	}

	readonly #hint = (fields: readonly string[]): string => {
		if (this.#separator === 'space' && fields.some((f) => f.includes(','))) return ' (this row holds commas; the file separates values by spaces)';
		if (this.#separator === 'comma' && fields.some((f) => /\s/.test(f))) return ' (this row separates values by spaces; the file by commas)';
		return '';
	};
}
