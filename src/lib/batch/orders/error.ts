// The one error type of order files (STYLE.md): a stable code, where (the physical line of the file a user finds in
// an editor, and the column by number and name), and one line saying what was expected and what was found. A
// message never repeats a secret's value nor an IMSI (the NETWPIN key): it names position, length or count.

/** An order the reader refuses as a whole (OrderError), or a row it sets aside (OrderRejection). */
export type OrderErrorCode =
	// --- the order as a whole ---
	/** Empty, binary, or no header / no var_out line: not an order file. */
	| 'not-an-order'
	/** The header row or the .out header blocks cannot be read: duplicate column names, two var_out lines. */
	| 'bad-header'
	/** A row longer than the reader holds (constant memory): a binary file, or a quote never closed. */
	| 'line-too-long'
	/** .out: Quantity is not a number. */
	| 'bad-quantity'
	/** .out: the number of data rows differs from Quantity. */
	| 'quantity-mismatch'
	/** pySim --column-key: malformed, a key length AES does not take, or a column the order does not have. */
	| 'bad-column-key'
	/** A reader option that cannot be used (a delimiter that is not , ; or tab). */
	| 'bad-option'
	// --- one row, set aside ---
	/** More or fewer values than the header names columns. */
	| 'field-count'
	/** CSV quoting: text after a closing quote, or the file ends inside a quoted value. */
	| 'bad-quoting'
	/** A value that breaks its column's rule (ICCID Luhn digit, PIN length, hex length, …). */
	| 'bad-value'
	/** The row's ICCID appears on an earlier row of the order. */
	| 'duplicate-iccid'
	/** The row's IMSI appears on an earlier row of the order. */
	| 'duplicate-imsi'
	/** An encrypted column's value is not whole AES blocks of hex. */
	| 'bad-ciphertext';

/** A column as a message names it: its 1-based position and its name as written in the file. */
export interface OrderColumnRef {
	readonly number: number;
	readonly name: string;
}

/** `line 12, column 3 (PIN1)`; either part may be missing. */
export function describePlace(line: number | undefined, column: OrderColumnRef | undefined): string {
	const parts: string[] = [];
	if (line !== undefined) parts.push(`line ${line}`);
	if (column !== undefined) parts.push(`column ${column.number} (${column.name})`);
	return parts.join(', ');
}

export class OrderError extends Error {
	override readonly name = 'OrderError';
	constructor(
		readonly code: OrderErrorCode,
		/** What was expected and what was found, without the place. */
		readonly detail: string,
		/** Physical line of the file (1-based), when the error has one. */
		readonly line?: number,
		readonly column?: OrderColumnRef
	) {
		const place = describePlace(line, column);
		super(place === '' ? detail : `${place}: ${detail}`);
	}
}

/** A row set aside: one record per reason (a row with a bad PIN and a bad KI has two). */
export interface OrderRejection {
	readonly code: OrderErrorCode;
	/** Physical line where the row starts (a quoted value may carry the row over several lines). */
	readonly line: number;
	/** The row's position among the order's data rows (1-based): what .out Quantity counts. */
	readonly row: number;
	/** The column at fault; absent when the row as a whole is (wrong number of values, quoting). */
	readonly column?: OrderColumnRef;
	/** For duplicates: the line of the row that had the value first (that row went on). */
	readonly firstLine?: number;
	/** The reason, without the place. */
	readonly reason: string;
	/** `line 12, column 3 (PIN1): 3 digits; a PIN has 4 to 8 (TS 102 221 §9.5.1)` — one line. */
	readonly message: string;
}

export function rejection(code: OrderErrorCode, line: number, row: number, column: OrderColumnRef | undefined, reason: string, firstLine?: number): OrderRejection {
	const place = describePlace(line, column);
	const out: { -readonly [K in keyof OrderRejection]: OrderRejection[K] } = { code, line, row, reason, message: `${place}: ${reason}` };
	if (column !== undefined) out.column = column;
	if (firstLine !== undefined) out.firstLine = firstLine;
	return out;
}
