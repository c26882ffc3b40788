// CSV orders (RFC 4180 as spreadsheets and Python's csv module write it, which pySim reads): the first non-blank
// row names the columns; values are separated by ',' ';' or tab, found from the header line unless given; a value
// in double quotes may hold the separator, line breaks and "" for a quote; line breaks are LF, CRLF or CR, mixed.
// Unquoted values are trimmed; a quote inside an unquoted value is kept as a character (as Python's csv does).
// The tokenizer is a state machine over text chunks: whatever the chunk boundaries, the same rows come out.
// Not csv-parse (7.0.3), which the tests use as the oracle instead (chunks.test.ts): its Node build calls the global
// Buffer when imported, which a Web Worker has not; its browser build brings a Buffer polyfill that reads about
// 20,000 rows/s of 13 columns (text chunks; plain Uint8Array chunks are refused by the polyfill's Buffer.concat),
// too slow for a 30,000 rows/s export; and with an LF header over CRLF rows it keeps '\r' in each last value and
// counts every row as two lines, where a user needs the line number their editor shows.
import { MAX_ROW_CHARS, MAX_VALUES, type FormatReader, type ReaderContext } from './context';
import { OrderError } from './error';

export type CsvDelimiter = ',' | ';' | '\t';
export const CSV_DELIMITERS: readonly CsvDelimiter[] = [',', ';', '\t'];

const LF = 10;
const CR = 13;
const SPACE = 32;
const TAB = 9;
const QUOTE = 34;

const RECORD_START = 0;
const FIELD_START = 1;
const UNQUOTED = 2;
const QUOTED = 3;
const QUOTE_IN_QUOTED = 4;
const AFTER_CLOSE = 5;
const BAD_AFTER_CLOSE = 6;

export function delimiterName(d: CsvDelimiter): string {
	return d === '\t' ? 'tab' : `'${d}'`;
}

/** The separator of a header line: the one of , ; tab found most often outside quotes (',' on a tie or none). */
export function detectDelimiter(line: string): CsvDelimiter {
	const counts = [0, 0, 0];
	let quoted = false;
	for (let i = 0; i < line.length; i++) {
		const c = line[i];
		if (c === '"') quoted = !quoted;
		else if (!quoted) {
			const k = CSV_DELIMITERS.indexOf(c as CsvDelimiter);
			if (k >= 0) counts[k]++;
		}
	}
	let best = 0;
	for (let k = 1; k < counts.length; k++) if (counts[k] > counts[best]) best = k;
	return CSV_DELIMITERS[best];
}

/** The first line of `text` holding more than whitespace, when a line break ends it; undefined until then. */
function firstContentLine(text: string): string | undefined {
	let pos = 0;
	for (;;) {
		let nl = pos;
		while (nl < text.length && text.charCodeAt(nl) !== LF && text.charCodeAt(nl) !== CR) nl++;
		if (nl >= text.length) return undefined;
		const line = text.slice(pos, nl);
		if (line.trim() !== '') return line;
		pos = nl + 1;
	}
}

export class CsvReader implements FormatReader {
	readonly #context: ReaderContext;
	#delimiter: CsvDelimiter | undefined;
	#code = 0;
	/** Text held until the header line is complete (to find the separator). */
	#head = '';
	#state = RECORD_START;
	#fields: string[] = [];
	/** The current value's text from earlier chunks. */
	#partial = '';
	#quotedAny = false;
	#problem: string | undefined;
	#recordLine = 0;
	#recordChars = 0;
	#quoteLine = 0;
	#quoteColumn = 0;
	#line = 1;
	#skipLF = false;
	#endsWithBreak = true;
	#headerDone = false;
	blankLines = 0;

	constructor(context: ReaderContext, delimiter?: CsvDelimiter) {
		this.#context = context;
		if (delimiter !== undefined) this.#setDelimiter(delimiter);
	}

	get delimiter(): CsvDelimiter | undefined {
		return this.#delimiter;
	}

	get lines(): number {
		return this.#endsWithBreak ? this.#line - 1 : this.#line;
	}

	push(text: string): void {
		if (text.length === 0) return;
		if (this.#delimiter === undefined) {
			this.#head += text;
			const line = firstContentLine(this.#head);
			if (line === undefined && this.#head.length <= MAX_ROW_CHARS) return;
			this.#setDelimiter(detectDelimiter(line ?? this.#head));
			text = this.#head;
			this.#head = '';
		}
		this.#scan(text);
	}

	end(): void {
		if (this.#delimiter === undefined) {
			const head = this.#head;
			this.#head = '';
			this.#setDelimiter(detectDelimiter(firstContentLine(head) ?? head.trim()));
			this.#scan(head);
		}
		switch (this.#state) {
			case RECORD_START:
				break;
			case FIELD_START:
				this.#pushField('');
				this.#endRecord();
				break;
			case UNQUOTED:
				this.#pushField(this.#partial.trim());
				this.#endRecord();
				break;
			case QUOTED:
				this.#problem ??= `the file ends inside the quoted value opened on line ${this.#quoteLine} in column ${this.#quoteColumn} (a truncated file?)`;
				this.#pushField(this.#partial);
				this.#endRecord();
				break;
			default:
				this.#pushField(this.#partial);
				this.#endRecord();
		}
		this.#state = RECORD_START;
		if (!this.#headerDone) throw new OrderError('not-an-order', 'no header row: the file holds no CSV row');
	}

	#setDelimiter(d: CsvDelimiter): void {
		this.#delimiter = d;
		this.#code = d.charCodeAt(0);
	}

	#scan(text: string): void {
		const d = this.#code;
		const n = text.length;
		let state = this.#state;
		let start = 0;
		for (let i = 0; i < n; i++) {
			const c = text.charCodeAt(i);
			if (state === RECORD_START) {
				if (this.#skipLF) {
					this.#skipLF = false;
					if (c === LF) continue;
				}
				if (c === LF || c === CR) {
					// A line with nothing on it.
					this.blankLines++;
					this.#newline(c);
					continue;
				}
				this.#recordLine = this.#line;
				this.#recordChars = 0;
				this.#fields = [];
				this.#quotedAny = false;
				this.#problem = undefined;
				state = FIELD_START;
			}
			if (++this.#recordChars > MAX_ROW_CHARS) {
				const detail =
					state === QUOTED
						? `the quoted value opened on line ${this.#quoteLine} in column ${this.#quoteColumn} runs past ${MAX_ROW_CHARS} characters: its closing quote is missing`
						: `a row longer than ${MAX_ROW_CHARS} characters: not a CSV order`;
				throw new OrderError('line-too-long', detail, this.#recordLine);
			}
			switch (state) {
				case FIELD_START:
					if (c === d) this.#pushField('');
					else if (c === LF || c === CR) {
						this.#pushField('');
						this.#endRecord();
						this.#newline(c);
						state = RECORD_START;
					} else if (c === SPACE || c === TAB) {
						// Space before a value: trimmed, or before its opening quote.
					} else if (c === QUOTE) {
						state = QUOTED;
						this.#quotedAny = true;
						this.#quoteLine = this.#line;
						this.#quoteColumn = this.#fields.length + 1;
						this.#partial = '';
						start = i + 1;
					} else {
						state = UNQUOTED;
						this.#partial = '';
						start = i;
					}
					break;
				case UNQUOTED:
					if (c === d) {
						this.#pushField((this.#partial + text.slice(start, i)).trim());
						state = FIELD_START;
					} else if (c === LF || c === CR) {
						this.#pushField((this.#partial + text.slice(start, i)).trim());
						this.#endRecord();
						this.#newline(c);
						state = RECORD_START;
					}
					break;
				case QUOTED:
					// Line breaks inside quotes belong to the value, and still count as lines of the file.
					if (c === QUOTE) {
						this.#partial += text.slice(start, i);
						state = QUOTE_IN_QUOTED;
					} else if (c === LF) {
						if (this.#skipLF) this.#skipLF = false;
						else this.#line++;
					} else if (c === CR) {
						this.#line++;
						this.#skipLF = true;
					} else this.#skipLF = false;
					break;
				case QUOTE_IN_QUOTED:
					this.#skipLF = false;
					if (c === QUOTE) {
						// "" inside quotes: one quote character.
						this.#partial += '"';
						start = i + 1;
						state = QUOTED;
					} else state = this.#afterClose(c, state);
					break;
				case AFTER_CLOSE:
				case BAD_AFTER_CLOSE:
					state = this.#afterClose(c, state);
					break;
			}
		}
		if (state === UNQUOTED || state === QUOTED) this.#partial += text.slice(start, n);
		this.#state = state;
		if (n > 0) {
			const last = text.charCodeAt(n - 1);
			this.#endsWithBreak = last === LF || last === CR;
		}
	}

	/** After a value's closing quote: the separator, a line break, or spaces; anything else is a quoting fault. */
	#afterClose(c: number, state: number): number {
		if (c === this.#code) {
		this.#pushField(this.#partial);
			return FIELD_START;
		}
		if (c === LF || c === CR) {
			this.#pushField(this.#partial);
			this.#endRecord();
			this.#newline(c);
			return RECORD_START;
		}
		if (state === BAD_AFTER_CLOSE) return state;
		if (c === SPACE || c === TAB) return AFTER_CLOSE;
		this.#problem ??= `text after the closing quote of the value in column ${this.#fields.length + 1}`;
		return BAD_AFTER_CLOSE;
	}

	#newline(c: number): void {
		this.#line++;
		if (c === CR) this.#skipLF = true;
	}

	#pushField(value: string): void {
		if (this.#fields.length >= MAX_VALUES) throw new OrderError('line-too-long', `more than ${MAX_VALUES} values in one row`, this.#recordLine);
		this.#fields.push(value);
	}

	#endRecord(): void {
		const fields = this.#fields;
		const line = this.#recordLine;
		if (this.#problem !== undefined) {
			if (!this.#headerDone) throw new OrderError('bad-header', `the header row cannot be read: ${this.#problem}`, line);
			this.#context.badRow(line, 'bad-quoting', this.#problem);
			return;
		}
		// A row of empty values (",,,", spaces) carries nothing: a spreadsheet's blank row.
		if (!this.#quotedAny && fields.every((f) => f === '')) {
			this.blankLines++;
			return;
		}
		if (!this.#headerDone) {
			this.#headerDone = true;
			this.#context.header(fields, line);
			return;
		}
		this.#context.row(fields, line, this.#hint);
	}

	readonly #hint = (fields: readonly string[]): string => {
		const own = this.#delimiter ?? ',';
		for (const other of CSV_DELIMITERS) {
			if (other !== own && fields.some((f) => f.includes(other))) return ` (this row holds ${delimiterName(other)}; the file's separator is ${delimiterName(own)})`;
		}
		return '';
	};
}
