// The synchronous core of the order reader: text or bytes in, in chunks cut anywhere; rows, rejections and, at the
// end, the summary out. It decodes (UTF-8, or UTF-16 after its BOM), finds the format from the first non-blank
// line, hands the text to the CSV or .out reader and each row's values to the RowBuilder. Memory stays constant
// whatever the order's size: it holds one row at a time, the rows of the current chunk until taken, and the
// duplicate index (duplicates.ts). Order-level faults throw OrderError; after one, every call throws it again.
import { makeColumn, type OrderColumn } from './columns';
import { MAX_ROW_CHARS, type FormatReader, type ReaderContext } from './context';
import { CsvReader, type CsvDelimiter, CSV_DELIMITERS } from './csv';
import { OrderError, type OrderErrorCode, type OrderRejection } from './error';
import { NOT_DECODED, NOT_UTF8, RowBuilder, type FormCount, type OrderRow, type PendingCell, type RowSink } from './rows';
import { looksLikeVendorOut, VendorOutReader, type RowSeparator, type VendorHeader } from './vendor-out';

export type OrderFormat = 'csv' | 'out';
export type OrderEncoding = 'utf-8' | 'utf-16le' | 'utf-16be';

export interface OrderParserOptions {
	/** 'csv' or 'out' (a vendor output file); found from the first non-blank line when absent. */
	readonly format?: OrderFormat;
	/** CSV separator; found from the header line when absent. */
	readonly delimiter?: CsvDelimiter;
	/** Columns (any case) whose values are kept as written, unchecked: a vendor column whose rule differs. */
	readonly unchecked?: readonly string[];
}

/** What the order is: known once its header row (CSV) or var_out line (.out) is read. */
export interface OrderHeader {
	readonly format: OrderFormat;
	readonly encoding: OrderEncoding;
	/** The file began with a byte order mark (dropped). */
	readonly bom: boolean;
	/** Line of the header row (CSV) or of var_out (.out). */
	readonly line: number;
	readonly columns: readonly OrderColumn[];
	/** Columns by upper-case name. */
	readonly byKey: ReadonlyMap<string, OrderColumn>;
	/** CSV: the separator used. */
	readonly delimiter?: CsvDelimiter;
	/** .out: the header and input blocks. */
	readonly vendor?: VendorHeader;
}

/** Rows and rejections completed by the text given so far, in file order each. */
export interface OrderBatch {
	readonly rows: readonly OrderRow[];
	readonly rejections: readonly OrderRejection[];
	/** Input read so far: bytes (or characters, for text input); for progress against a file's size. */
	readonly consumed: number;
}

export interface OrderWarning {
	readonly line?: number;
	readonly message: string;
}

export interface OrderSummary {
	readonly header: OrderHeader;
	/** Physical lines in the file. */
	readonly lines: number;
	/** Lines that held nothing (blank, or only separators). */
	readonly blankLines: number;
	/** Data rows: good and set aside (what .out Quantity counts). */
	readonly rows: number;
	readonly accepted: number;
	readonly rejectedRows: number;
	/** Rejection records (a row may have several). */
	readonly rejections: number;
	/** Per column (in column order): the forms its values were found in, with counts and the first line of each. */
	readonly forms: readonly (readonly FormCount[])[];
	/** At most MAX_WARNINGS; `warningsDropped` counts the rest. */
	readonly warnings: readonly OrderWarning[];
	readonly warningsDropped: number;
	/** .out: how the rows separate values. */
	readonly separator?: RowSeparator;
	readonly consumed: number;
}

export const MAX_WARNINGS = 100;

// Controls (C0, DEL, C1), line and paragraph separators, bidi overrides: a name holding one would move a terminal's
// cursor or reorder the text of every message that names the column (a binary file, or UTF-16 read as bytes).
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

/** Why a column name cannot be one (its position and code point, never the name), or undefined. */
function unfitCharacter(name: string): string | undefined {
	const notUtf8 = name.indexOf(NOT_DECODED);
	if (notUtf8 >= 0) return `character ${notUtf8 + 1} ${NOT_UTF8}`;
	const control = UNPRINTABLE.exec(name);
	if (control === null) return undefined;
	return `character ${control.index + 1} is U+${control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}, a control character`;
}

/** Hooks of the asynchronous layer (order.ts): column keys. */
export interface CoreHooks {
	/** Is this column (upper-case name) encrypted? */
	readonly encrypted: (key: string) => boolean;
	/** Called once with the columns; throws OrderError when the keys do not fit them. */
	readonly columns: (columns: readonly OrderColumn[]) => void;
}

const NO_HOOKS: CoreHooks = { encrypted: () => false, columns: () => undefined };

/** The parser with what only the asynchronous layer needs (cells waiting for decryption). */
export class OrderCore {
	readonly #options: OrderParserOptions;
	readonly #hooks: CoreHooks;
	readonly #unchecked: ReadonlySet<string>;
	#failure: OrderError | undefined;
	#ended = false;
	// decoding
	#sniff: Uint8Array | undefined = new Uint8Array(0);
	#decoder: TextDecoder | undefined;
	#encoding: OrderEncoding = 'utf-8';
	#bom = false;
	#firstText = true;
	#consumed = 0;
	// format
	#held = '';
	#reader: FormatReader | undefined;
	#csv: CsvReader | undefined;
	#out: VendorOutReader | undefined;
	// rows
	#header: OrderHeader | undefined;
	#builder: RowBuilder | undefined;
	#sink: { rows: OrderRow[]; rejections: OrderRejection[]; pending: PendingCell[] } = { rows: [], rejections: [], pending: [] };
	#accepted = 0;
	#rejections = 0;
	readonly #warnings: OrderWarning[] = [];
	#warningsDropped = 0;
	#summary: OrderSummary | undefined;

	constructor(options: OrderParserOptions = {}, hooks: CoreHooks = NO_HOOKS) {
		this.#options = options;
		this.#hooks = hooks;
		if (options.delimiter !== undefined && !CSV_DELIMITERS.includes(options.delimiter)) {
			throw new OrderError('bad-option', `the CSV separator must be ',', ';' or tab, not ${JSON.stringify(options.delimiter)}`);
		}
		if (options.format !== undefined && options.format !== 'csv' && options.format !== 'out') {
			throw new OrderError('bad-option', `the order format must be csv or out, not ${JSON.stringify(options.format)}`);
		}
		this.#unchecked = new Set((options.unchecked ?? []).map((name) => name.trim().toUpperCase()));
	}

	/** Known once the header row (CSV) or var_out line (.out) has been read. */
	get header(): OrderHeader | undefined {
		return this.#header;
	}

	get consumed(): number {
		return this.#consumed;
	}

	push(chunk: string | Uint8Array): void {
		this.#guard(() => {
			if (this.#ended) throw new OrderError('bad-option', 'text given after the end of the order');
			if (typeof chunk === 'string') {
				this.#consumed += chunk.length;
				this.#flushDecoder();
				this.#text(chunk);
			} else {
				this.#consumed += chunk.length;
				this.#bytes(chunk);
			}
		});
	}

	end(): void {
		this.#guard(() => {
			if (this.#ended) return;
			this.#ended = true;
			this.#flushDecoder();
			this.#startReader(true);
			this.#reader?.end();
			this.#summary = this.#makeSummary();
			this.#checkQuantity();
			this.#checkRows();
		});
	}

	/** The rows and rejections completed since the last take, with the cells that wait for their column key. */
	takeWithPending(): OrderBatch & { readonly pending: readonly PendingCell[] } {
		const sink = this.#sink;
		this.#sink = { rows: [], rejections: [], pending: [] };
		this.#accepted += sink.rows.length;
		this.#rejections += sink.rejections.length;
		return { rows: sink.rows, rejections: sink.rejections, pending: sink.pending, consumed: this.#consumed };
	}

	/** After end() (even one that refused the order): counts, forms, warnings. */
	get summary(): OrderSummary | undefined {
		return this.#summary;
	}

	/** A summary of what was read so far (for an order refused part way). */
	partialSummary(): OrderSummary | undefined {
		return this.#summary ?? (this.#header === undefined ? undefined : this.#makeSummary());
	}

	#guard(action: () => void): void {
		if (this.#failure !== undefined) throw this.#failure;
		try {
			action();
		} catch (e) {
			if (e instanceof OrderError) this.#failure = e;
			throw e;
		}
	}

	// --- decoding -------------------------------------------------------------------------------------------

	#bytes(chunk: Uint8Array): void {
		if (this.#sniff !== undefined) {
			// The byte order mark decides the encoding; wait for three bytes (or the end) to see it.
			const joined = new Uint8Array(this.#sniff.length + chunk.length);
			joined.set(this.#sniff);
			joined.set(chunk, this.#sniff.length);
			if (joined.length < 3) {
				this.#sniff = joined;
				return;
			}
			this.#sniff = undefined;
			this.#openDecoder(joined);
			chunk = joined;
		}
		this.#decoder ??= new TextDecoder(this.#encoding);
		this.#text(this.#decoder.decode(chunk, { stream: true }));
	}

	#openDecoder(first: Uint8Array): void {
		if (first[0] === 0xef && first[1] === 0xbb && first[2] === 0xbf) {
			this.#bom = true;
		} else if (first[0] === 0xff && first[1] === 0xfe) {
			this.#bom = true;
			this.#encoding = 'utf-16le';
		} else if (first[0] === 0xfe && first[1] === 0xff) {
			this.#bom = true;
			this.#encoding = 'utf-16be';
		} else if (first.length >= 2 && first[0] !== 0 && first[1] === 0) {
			// No BOM, but an order begins with a column name or a banner in ASCII: a NUL as its second byte is the
			// high byte of UTF-16 LE (a tool that saved "Unicode text" without the BOM), never UTF-8 text.
			this.#encoding = 'utf-16le';
		} else if (first.length >= 2 && first[0] === 0 && first[1] !== 0) {
			this.#encoding = 'utf-16be';
		}
		// TextDecoder drops the BOM of its own encoding (ignoreBOM false).
		this.#decoder = new TextDecoder(this.#encoding);
		this.#firstText = false;
	}

	#flushDecoder(): void {
		if (this.#sniff !== undefined && this.#sniff.length > 0) {
			const rest = this.#sniff;
			this.#sniff = undefined;
			this.#openDecoder(rest);
			this.#text(this.#decoder!.decode(rest, { stream: true }));
		}
		if (this.#decoder !== undefined) {
			const rest = this.#decoder.decode();
			if (rest !== '') this.#text(rest);
		}
	}

	#text(text: string): void {
		if (text.length === 0) return;
		if (this.#firstText) {
			this.#firstText = false;
			this.#sniff = undefined;
			if (text.charCodeAt(0) === 0xfeff) {
				this.#bom = true;
				text = text.slice(1);
			}
		}
		if (this.#reader === undefined) {
			this.#held += text;
			this.#startReader(false);
			return;
		}
		this.#reader.push(text);
	}

	// --- format ---------------------------------------------------------------------------------------------

	/** Picks the reader once the first non-blank line is complete (or at the end), and gives it the held text. */
	#startReader(atEnd: boolean): void {
		if (this.#reader !== undefined) return;
		let format = this.#options.format;
		if (format === undefined) {
			const first = /^[ \t\r\n]*([^\r\n]*)(\r|\n|$)/.exec(this.#held);
			const complete = first !== null && (first[2] !== '' || atEnd);
			if (!complete && this.#held.length <= MAX_ROW_CHARS) return;
			format = looksLikeVendorOut(first?.[1] ?? this.#held) ? 'out' : 'csv';
		}
		const context = this.#context();
		if (format === 'out') this.#reader = this.#out = new VendorOutReader(context);
		else this.#reader = this.#csv = new CsvReader(context, this.#options.delimiter);
		const held = this.#held;
		this.#held = '';
		this.#reader.push(held);
	}

	#context(): ReaderContext {
		return {
			header: (names, line) => this.#onHeader(names, line),
			row: (fields, line, hint) => this.#builder!.add(fields, line, this.#sink as RowSink, hint),
			badRow: (line: number, code: OrderErrorCode, reason: string) => this.#builder!.setAside(line, code, reason, this.#sink as RowSink),
			warn: (line, message) => this.#warn(line, message)
		};
	}

	#warn(line: number | undefined, message: string): void {
		if (this.#warnings.length >= MAX_WARNINGS) this.#warningsDropped++;
		else this.#warnings.push(line === undefined ? { message } : { line, message: `line ${line}: ${message}` });
	}

	#onHeader(names: readonly string[], line: number): void {
		const seen = new Map<string, number>();
		const columns: OrderColumn[] = [];
		names.forEach((name, i) => {
			const unfit = unfitCharacter(name);
			if (unfit !== undefined) throw new OrderError('bad-header', `column ${i + 1}'s name: ${unfit}; a column name is printable text`, line);
			// Names are quoted back in messages; a name that looks like a value (a headerless file's first row: an
			// ICCID, a PIN, a key) must not be, and such a file has no header to map anyway.
			if (/\d{4,}|[0-9A-Fa-f]{8,}/.test(name)) {
				throw new OrderError('bad-header', `column ${i + 1}'s name looks like a value (4 digits or 8 hex digits in a row): the first row holds data, not column names (an order needs a header row)`, line);
			}
			const column = makeColumn(i + 1, name, this.#hooks.encrypted(name.trim().toUpperCase()), this.#unchecked);
			if (column.key !== '') {
				const first = seen.get(column.key);
				if (first !== undefined) {
					throw new OrderError('bad-header', `columns ${first} and ${i + 1} are both named ${column.key} (names are compared without case, as pySim does)`, line);
				}
				seen.set(column.key, i + 1);
			}
			columns.push(column);
		});
		this.#hooks.columns(columns);
		const byKey = new Map<string, OrderColumn>();
		for (const column of columns) if (column.key !== '') byKey.set(column.key, column);
		const header: { -readonly [K in keyof OrderHeader]: OrderHeader[K] } = {
			format: this.#out !== undefined ? 'out' : 'csv',
			encoding: this.#encoding,
			bom: this.#bom,
			line,
			columns,
			byKey
		};
		if (this.#csv?.delimiter !== undefined) header.delimiter = this.#csv.delimiter;
		if (this.#out !== undefined) {
			header.vendor = this.#out.header;
			const quantity = header.vendor.quantity;
			if (quantity !== undefined && !/^\d+$/.test(quantity.value)) {
				throw new OrderError('bad-quantity', `${quantity.key} is ${quantity.value === '' ? 'empty' : 'not a whole number of cards'}`, quantity.line);
			}
			if (quantity === undefined) this.#warn(undefined, 'no Quantity in the header block: the number of rows cannot be checked');
		}
		this.#header = header;
		this.#builder = new RowBuilder(columns);
	}

	// Column names and not one row: a cut export or the wrong file (a vendor input file, a template of the order).
	// Taken as an order of 0 cards, an export wrote an empty package and said so with exit 0, which a factory line
	// reads as done.
	#checkRows(): void {
		if (this.#header === undefined || this.#builder === undefined || this.#builder.rows > 0) return;
		throw new OrderError('not-an-order', 'no data rows: the file ends after its column names', this.#header.line);
	}

	// A vendor's Quantity is its own count of the cards it made: a file with more or fewer rows is incomplete or
	// mixed up, and a bureau must not take part of it (ostelco-core's parser refuses such a file too). The rows
	// already handed out stay what they were, but the order as a whole is refused: an export writes nothing.
	#checkQuantity(): void {
		const quantity = this.#header?.vendor?.quantity;
		if (quantity === undefined || this.#builder === undefined) return;
		const expected = Number(quantity.value);
		const found = this.#builder.rows;
		if (expected === found) return;
		const input = found === 0 ? ' (a vendor input file, which names the columns it wants back but has no rows?)' : '';
		throw new OrderError('quantity-mismatch', `${quantity.key} says ${expected} cards; the file has ${found} data ${found === 1 ? 'row' : 'rows'}${input}`, quantity.line);
	}

	#makeSummary(): OrderSummary {
		const header = this.#header!;
		const builder = this.#builder!;
		const reader = this.#reader!;
		const pendingRows = this.#sink.rows.length;
		const summary: { -readonly [K in keyof OrderSummary]: OrderSummary[K] } = {
			header,
			lines: reader.lines,
			blankLines: reader.blankLines,
			rows: builder.rows,
			accepted: this.#accepted + pendingRows,
			rejectedRows: builder.rejectedRows,
			rejections: this.#rejections + this.#sink.rejections.length,
			forms: builder.forms(),
			warnings: this.#warnings,
			warningsDropped: this.#warningsDropped,
			consumed: this.#consumed
		};
		if (this.#out?.separator !== undefined) summary.separator = this.#out.separator;
		return summary;
	}
}

/**
 * The synchronous order parser: push text or bytes in chunks cut anywhere, take the rows and rejections they
 * completed, end, read the summary. It knows no column keys (decryption is asynchronous): use openOrder for those.
 */
export class OrderParser {
	readonly #core: OrderCore;

	constructor(options: OrderParserOptions = {}) {
		this.#core = new OrderCore(options);
	}

	get header(): OrderHeader | undefined {
		return this.#core.header;
	}

	/** Feeds a chunk; throws OrderError when the order as a whole is refused (take() still gives what came before). */
	push(chunk: string | Uint8Array): void {
		this.#core.push(chunk);
	}

	/**
	 * Ends the input: the last row, and the Quantity check of a .out file. Throws OrderError when the order is
	 * refused; take() still gives the rows and rejections read before.
	 */
	end(): void {
		this.#core.end();
	}

	/** The rows and rejections completed since the last take. */
	take(): OrderBatch {
		const { rows, rejections, consumed } = this.#core.takeWithPending();
		return { rows, rejections, consumed };
	}

	get summary(): OrderSummary | undefined {
		return this.#core.summary;
	}
}
