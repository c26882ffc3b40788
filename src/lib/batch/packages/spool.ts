// What grows with the order in an export: the files of one line per row written at the end of a package
// (manifest.csv, rejected.csv: about 150 bytes a manifest line) and the zip's central directory (about 70 bytes a
// file). Both wait in a Spool until the package closes. MemorySpool keeps them as bytes in 64 KiB pieces; a caller
// that must stay flat at any size gives the export spools of its own backed by a file (Node: src/cli) or OPFS
// (browser) — the library itself touches no file system.

/** Lines kept for a closing file. */
export interface Spool {
	/** Text is kept as UTF-8. */
	append(data: string | Uint8Array): void | Promise<void>;
	/** The bytes appended, once; the spool is empty afterwards. */
	stream(): ReadableStream<Uint8Array>;
	/** Bytes appended so far. */
	readonly size: number;
}

const PIECE = 1 << 16;

export class MemorySpool implements Spool {
	readonly #pieces: Uint8Array[] = [];
	#text = '';
	#size = 0;
	readonly #encoder = new TextEncoder();

	get size(): number {
		return this.#size + this.#text.length;
	}

	append(data: string | Uint8Array): void {
		if (typeof data !== 'string') {
			this.#seal();
			this.#pieces.push(data.slice());
			this.#size += data.length;
			return;
		}
		this.#text += data;
		if (this.#text.length >= PIECE) this.#seal();
	}

	#seal(): void {
		if (this.#text === '') return;
		const bytes = this.#encoder.encode(this.#text);
		this.#pieces.push(bytes);
		this.#size += bytes.length;
		this.#text = '';
	}

	stream(): ReadableStream<Uint8Array> {
		this.#seal();
		const pieces = this.#pieces.splice(0);
		this.#size = 0;
		return new ReadableStream<Uint8Array>({
			pull(controller) {
				const next = pieces.shift();
				if (next === undefined) controller.close();
				else controller.enqueue(next);
			}
		});
	}
}

/*
 * Formula injection (OWASP "CSV Injection", CWE-1236): Excel, LibreOffice Calc and Google Sheets run a cell that
 * starts with = + - or @ (TAB and CR too, which they skip before one) as a formula, quoted or not — RFC 4180
 * quoting protects nothing there, and =HYPERLINK(…) or a DDE call in a column name of an order would run on the
 * machine of whoever opens rejected.csv. Such a cell is written with a leading ' (the "this is text" mark OWASP
 * recommends) and quoted. Two choices keep values exact where it matters:
 *  - + or - followed by digits only (an E.164 MSISDN +4917…, a negative number) is left as it is: a spreadsheet
 *    reads it as a number and calls nothing; pdus.csv's msisdn column must stay the number an SMS goes to.
 *  - a value that itself starts with ' gets one more, so the rule can be undone exactly: a program reading our CSVs
 *    drops one leading ' from a field that starts with one.
 * What we write ourselves (ICCIDs, IMSIs, hex, our messages) never starts with these: only text from the order
 * (its column names in rejected.csv, an unchecked vendor secret in secrets.csv) can be changed.
 */
const FORMULA_START = /^[=+\-@\t\r\n\0']|^\s+[=+\-@]/;
const NUMBER = /^[+-][0-9]+(\.[0-9]+)?$/;

/**
 * A CSV field: quoted when it holds a comma, a quote or a line break (RFC 4180 §2.6-2.7, csv-parse reads it back
 * exactly), and neutralised when a spreadsheet would run it as a formula (see above).
 */
export function csvField(value: string): string {
	if (FORMULA_START.test(value) && !NUMBER.test(value)) return `"'${value.replace(/"/g, '""')}"`;
	return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** One CSV record: every field through csvField, comma-separated, LF-terminated. */
export function csvRecord(fields: readonly string[]): string {
	let out = '';
	for (let i = 0; i < fields.length; i++) out += (i > 0 ? ',' : '') + csvField(fields[i]);
	return out + '\n';
}
