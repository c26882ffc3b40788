// From one row's raw values (strings, as the CSV or .out reader split them) to an OrderRow, or to the reasons it is
// set aside: the column checks, MCC/MNC against the IMSI, duplicate ICCID/IMSI. Shared by both formats.
import { Secret } from '../../security';
import type { OrderColumn } from './columns';
import { KeyIndex, iccidKey, imsiKey } from './duplicates';
import { rejection, type OrderErrorCode, type OrderRejection } from './error';
import { Bad, checkValue, encryptedLengths, firstNonHex, hexToBytes, type OrderValue, type ValueForm } from './values';

/** One good row. Values are in column order (`values[column.number - 1]`); an empty cell is undefined. */
export interface OrderRow {
	/** Physical line where the row starts. */
	readonly line: number;
	/** Position among the order's data rows, 1-based (good and set-aside rows both count). */
	readonly row: number;
	readonly values: readonly (OrderValue | undefined)[];
}

/** How often a column's values were found in each form, and where first: what the reader assumed, per column. */
export interface FormCount {
	readonly form: ValueForm;
	readonly count: number;
	readonly firstLine: number;
}

interface FormTally {
	readonly form: ValueForm;
	count: number;
	readonly firstLine: number;
}

/** An encrypted cell of a good row, waiting for its column key (WebCrypto is asynchronous). */
export interface PendingCell {
	readonly values: (OrderValue | undefined)[];
	readonly index: number;
	readonly column: OrderColumn;
	readonly ciphertext: Uint8Array;
}

/** What TextDecoder gives for bytes that are not UTF-8 (and what a value holding it has lost). */
export const NOT_DECODED = '\ufffd';
export const NOT_UTF8 = 'is not UTF-8 (a byte of another encoding, e.g. Windows-1252 "ANSI": save the file as UTF-8)';

export interface RowSink {
	readonly rows: OrderRow[];
	readonly rejections: OrderRejection[];
	readonly pending: PendingCell[];
}

export class RowBuilder {
	readonly #columns: readonly OrderColumn[];
	readonly #forms: Map<ValueForm, FormTally>[];
	readonly #iccid: number;
	readonly #imsi: number;
	readonly #mcc: number;
	readonly #mnc: number;
	readonly #iccids = new KeyIndex();
	readonly #imsis = new KeyIndex();
	/** Rows seen (good and set aside), rows set aside. */
	rows = 0;
	rejectedRows = 0;

	constructor(columns: readonly OrderColumn[]) {
		this.#columns = columns;
		this.#forms = columns.map(() => new Map());
		// Duplicates and the MCC/MNC cross-check look at the first ICCID and the first IMSI column (IMSI2… are the
		// extra IMSIs of a multi-IMSI card).
		const find = (test: (c: OrderColumn) => boolean): number => columns.findIndex((c) => c.checked && !c.encrypted && test(c));
		this.#iccid = find((c) => c.kind === 'iccid');
		this.#imsi = find((c) => c.kind === 'imsi' && c.key === 'IMSI');
		this.#mcc = find((c) => c.kind === 'mcc');
		this.#mnc = find((c) => c.kind === 'mnc');
	}

	/** Forms found so far per column, in column order (a copy: the tallies go on). */
	forms(): FormCount[][] {
		return this.#forms.map((m) => [...m.values()].map((f) => ({ form: f.form, count: f.count, firstLine: f.firstLine })));
	}

	/**
	 * One row: its values as split from the file (already trimmed where the format trims). `hint` explains a wrong
	 * value count (a separator that differs from the file's).
	 */
	add(fields: readonly string[], line: number, sink: RowSink, hint?: (fields: readonly string[]) => string): void {
		const row = ++this.rows;
		const columns = this.#columns;
		let count = fields.length;
		// Trailing empty values past the last column (a spreadsheet's trailing separators) are not values.
		while (count > columns.length && fields[count - 1] === '') count--;
		if (count !== columns.length) {
			const what = count < columns.length ? 'fewer' : 'more';
			const extra = hint === undefined ? '' : hint(fields);
			sink.rejections.push(rejection('field-count', line, row, undefined, `${count} ${count === 1 ? 'value' : 'values'}, ${what} than the ${columns.length} columns the header names${extra}`));
			this.rejectedRows++;
			return;
		}
		const before = sink.rejections.length;
		// Filled, not sparse: map and forEach visit an empty cell as undefined.
		const values: (OrderValue | undefined)[] = new Array<OrderValue | undefined>(columns.length).fill(undefined);
		let pending: PendingCell[] | undefined;
		for (let i = 0; i < columns.length; i++) {
			const text = fields[i];
			if (text === '') continue;
			const column = columns[i];
			// A byte the decoder could not read is gone from the value: a name with an accent in a Windows-1252 file
			// would reach the documents changed, so the row is set aside instead.
			const notUtf8 = text.indexOf(NOT_DECODED);
			if (notUtf8 >= 0) {
				sink.rejections.push(rejection('bad-value', line, row, column, `character ${notUtf8 + 1} ${NOT_UTF8}`));
				continue;
			}
			if (column.encrypted) {
				const ciphertext = this.#ciphertext(column, text, line, row, sink);
				if (ciphertext !== undefined) (pending ??= []).push({ values, index: i, column, ciphertext });
				continue;
			}
			if (!column.checked) {
				values[i] = column.secret ? Secret.fromText(column.key, text) : text;
				this.#count(i, 'text', line);
				continue;
			}
			const checked = checkValue(column.kind, column.key, text);
			if (checked instanceof Bad) {
				sink.rejections.push(rejection('bad-value', line, row, column, checked.reason));
				continue;
			}
			values[i] = checked.value;
			this.#count(i, checked.form, line);
		}
		this.#crossCheck(values, line, row, sink);
		this.#duplicates(values, line, row, sink);
		if (sink.rejections.length > before) {
			this.rejectedRows++;
			return;
		}
		sink.rows.push({ line, row, values });
		if (pending !== undefined) for (const cell of pending) sink.pending.push(cell);
	}

	/** A row the format reader could not split into values (CSV quoting): set aside as a whole. */
	setAside(line: number, code: OrderErrorCode, reason: string, sink: RowSink): void {
		const row = ++this.rows;
		this.rejectedRows++;
		sink.rejections.push(rejection(code, line, row, undefined, reason));
	}

	#count(index: number, form: ValueForm, line: number): void {
		const forms = this.#forms[index];
		const seen = forms.get(form);
		if (seen === undefined) forms.set(form, { form, count: 1, firstLine: line });
		else seen.count++;
	}

	/** Checks an encrypted value as ciphertext: whole AES blocks of hex, of a length the clear value may have. */
	#ciphertext(column: OrderColumn, text: string, line: number, row: number, sink: RowSink): Uint8Array | undefined {
		const reject = (reason: string): undefined => {
			sink.rejections.push(rejection('bad-ciphertext', line, row, column, `${reason} (the column is decrypted with its --column-key: AES-CBC, no padding)`));
			return undefined;
		};
		const bad = firstNonHex(text);
		if (bad >= 0) return reject(`character ${bad + 1} is not a hex digit`);
		if (text.length % 32 !== 0) return reject(`${text.length} hex digits, not whole 16-byte AES blocks`);
		const lengths = encryptedLengths(column.kind) ?? [];
		if (lengths.length > 0 && !lengths.includes(text.length)) return reject(`${text.length} hex digits; ${column.key} is ${lengths.join(', ').replace(/, (\d+)$/, ' or $1')} hex digits`);
		this.#count(column.number - 1, 'decrypted', line);
		return hexToBytes(text);
	}

	// ITU-T E.212: the IMSI begins with the MCC, then the MNC.
	#crossCheck(values: readonly (OrderValue | undefined)[], line: number, row: number, sink: RowSink): void {
		if (this.#imsi < 0 || this.#mcc < 0) return;
		const imsi = values[this.#imsi];
		const mcc = values[this.#mcc];
		if (typeof imsi !== 'string' || typeof mcc !== 'string') return;
		const column = this.#columns[this.#mcc];
		if (!imsi.startsWith(mcc)) {
			sink.rejections.push(rejection('bad-value', line, row, column, `the IMSI does not begin with this MCC (ITU-T E.212)`));
			return;
		}
		const mnc = this.#mnc < 0 ? undefined : values[this.#mnc];
		if (typeof mnc === 'string' && !imsi.startsWith(mnc, mcc.length)) {
			sink.rejections.push(rejection('bad-value', line, row, this.#columns[this.#mnc], `the IMSI does not continue with this MNC after its MCC (ITU-T E.212)`));
		}
	}

	// A value seen twice is kept on the row that had it first; the later row is set aside naming that row.
	// Values are recorded even when their row is set aside for another reason, so fixing that reason later does not
	// turn one ICCID into two cards.
	#duplicates(values: readonly (OrderValue | undefined)[], line: number, row: number, sink: RowSink): void {
		if (this.#iccid >= 0) {
			const iccid = values[this.#iccid];
			if (typeof iccid === 'string') {
				const [high, low] = iccidKey(iccid);
				const first = this.#iccids.firstLineOrAdd(high, low, line);
				if (first !== 0) sink.rejections.push(rejection('duplicate-iccid', line, row, this.#columns[this.#iccid], `the same ICCID as line ${first}, which has it first`, first));
			}
		}
		if (this.#imsi >= 0) {
			const imsi = values[this.#imsi];
			if (typeof imsi === 'string') {
				const [high, low] = imsiKey(imsi);
				const first = this.#imsis.firstLineOrAdd(high, low, line);
				if (first !== 0) sink.rejections.push(rejection('duplicate-imsi', line, row, this.#columns[this.#imsi], `the same IMSI as line ${first}, which has it first`, first));
			}
		}
	}
}
