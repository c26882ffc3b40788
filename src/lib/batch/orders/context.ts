// What a format reader (CSV, vendor .out) hands on to the order parser, and the limits that keep memory constant.
import type { OrderErrorCode } from './error';

/** The longest row the readers hold (characters, a quoted value's line breaks included). */
export const MAX_ROW_CHARS = 1 << 20;
/** The most values a row may have. */
export const MAX_VALUES = 4096;

export interface ReaderContext {
	/** The column names (CSV header row, .out var_out line) and the line they are on. Throws OrderError. */
	header(names: readonly string[], line: number): void;
	/** One data row's values; `hint` explains a wrong value count (another separator than the file's). */
	row(fields: readonly string[], line: number, hint?: (fields: readonly string[]) => string): void;
	/** A data row that could not be split into values (CSV quoting), set aside as a whole. */
	badRow(line: number, code: OrderErrorCode, reason: string): void;
	/** Something worth saying that refuses nothing (a header line without a colon, an unknown section). */
	warn(line: number | undefined, message: string): void;
}

/** What a format reader does with decoded text. */
export interface FormatReader {
	push(text: string): void;
	end(): void;
	/** Physical lines read so far (a last line without a line break counts once text is on it). */
	readonly lines: number;
	/** Lines that held nothing (blank, or only separators). */
	readonly blankLines: number;
}
