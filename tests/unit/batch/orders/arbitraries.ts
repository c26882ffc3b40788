// Generated orders for property and fuzz tests: CSV (any separator, quoting, line breaks, BOM, blank lines) and
// vendor .out files (banner styles, header spellings, var_In forms, space or comma rows), from values that pass or
// break their column's rule, in clear or in on-card forms. Used by chunks.test.ts and tests/fuzz/orders.test.ts.
import fc from 'fast-check';

/** The payload with its Luhn digit (from the right, every second digit doubled, 9 off a double over 9). */
export function withLuhn(payload: string): string {
	let sum = 0;
	for (let k = payload.length - 1, double = true; k >= 0; k--, double = !double) {
		let d = Number(payload[k]) * (double ? 2 : 1);
		if (d > 9) d -= 9;
		sum += d;
	}
	return `${payload}${(10 - (sum % 10)) % 10}`;
}

// Built from random bytes: far cheaper per case than stringMatching, which matters at 100,000 fuzz cases.
const HEX = '0123456789ABCDEFabcdef';
export const digits = (min: number, max: number) => fc.uint8Array({ minLength: min, maxLength: max }).map((b) => Array.from(b, (x) => String.fromCharCode(48 + (x % 10))).join(''));
export const hex = (n: number) => fc.uint8Array({ minLength: n, maxLength: n }).map((b) => Array.from(b, (x) => HEX[x % HEX.length]).join(''));

/** Nibble-swapped, F-filled to 20 nibbles (EF.ICCID). */
function efIccid(iccid: string): string {
	const padded = iccid.padEnd(20, 'F');
	let out = '';
	for (let i = 0; i < 20; i += 2) out += padded[i + 1] + padded[i];
	return out;
}

// A few ICCIDs shared by rows so that duplicates occur.
const iccid = fc.oneof(
	{ weight: 6, arbitrary: digits(17, 19).map(withLuhn) },
	{ weight: 2, arbitrary: fc.constantFrom('8949010000000000016', '8949010000000000024') },
	{ weight: 1, arbitrary: digits(18, 18).map(withLuhn).map((v) => `${v}F`) },
	{ weight: 1, arbitrary: digits(18, 18).map((p) => efIccid(`89${withLuhn(p).slice(2)}`)) },
	{ weight: 2, arbitrary: digits(0, 22) }
);
const imsi = fc.oneof({ weight: 6, arbitrary: digits(15, 15) }, { weight: 1, arbitrary: fc.constant('262010000000002') }, { weight: 2, arbitrary: digits(0, 17) });
const pin = fc.oneof({ weight: 4, arbitrary: digits(4, 8) }, { weight: 1, arbitrary: fc.constant('31323334FFFFFFFF') }, { weight: 1, arbitrary: fc.string({ maxLength: 9 }) });
const puk = fc.oneof({ weight: 4, arbitrary: digits(8, 8) }, { weight: 1, arbitrary: digits(0, 10) });
const adm = fc.oneof({ weight: 3, arbitrary: digits(8, 8) }, { weight: 2, arbitrary: hex(16) }, { weight: 1, arbitrary: fc.string({ maxLength: 17 }) });
const key = fc.oneof({ weight: 4, arbitrary: hex(32) }, { weight: 1, arbitrary: hex(48) }, { weight: 1, arbitrary: fc.uint8Array({ maxLength: 40 }).map((b) => Array.from(b, (x) => '0123456789ABCDEFG'[x % 17]).join('')) });
const acc = fc.oneof({ weight: 4, arbitrary: hex(4) }, { weight: 1, arbitrary: hex(3) });
const msisdn = fc.oneof({ weight: 4, arbitrary: digits(8, 15).map((d) => `+${d}`) }, { weight: 1, arbitrary: fc.string({ maxLength: 17 }) });
/** Free text with everything that makes CSV hard: separators, quotes, line breaks, non-ASCII (multi-byte UTF-8). */
const text = fc.array(fc.constantFrom('a', 'b', 'z', ' ', ',', ';', '\t', '"', '\r', '\n', 'ü', '€', '😀'), { maxLength: 12 }).map((chars) => chars.join(''));

export const COLUMNS = {
	ICCID: iccid,
	IMSI: imsi,
	MSISDN: msisdn,
	PIN1: pin,
	PUK1: puk,
	ADM1: adm,
	KI: key,
	OPC: key,
	KIC1: key,
	ACC: acc,
	notes: text
} as const;

export type ColumnName = keyof typeof COLUMNS;
const NAMES = Object.keys(COLUMNS) as ColumnName[];

/** A header: some of the known columns in some order (ICCID first most of the time), names in any case. */
const header = fc
	.shuffledSubarray(NAMES, { minLength: 1 })
	.chain((names) => fc.tuple(fc.constant(names), fc.array(fc.boolean(), { minLength: names.length, maxLength: names.length })))
	.map(([names, lower]) => names.map((n, i) => ({ name: n, written: lower[i] ? n.toLowerCase() : n })));

function rowOf(names: readonly { name: ColumnName }[]): fc.Arbitrary<string[]> {
	return fc.tuple(...names.map((n) => COLUMNS[n.name] as fc.Arbitrary<string>));
}

export interface CsvShape {
	readonly text: string;
	readonly rows: number;
}

function csvField(value: string, delimiter: string, quoteAnyway: boolean): string {
	const needs = value.includes(delimiter) || value.includes('"') || value.includes('\n') || value.includes('\r') || value !== value.trim();
	return needs || quoteAnyway ? `"${value.replace(/"/g, '""')}"` : value;
}

/** A CSV order: header, rows (some with a value missing or one too many), blank lines, any line break, maybe a BOM. */
export const csvOrder: fc.Arbitrary<CsvShape> = header.chain((names) =>
	fc
		.record({
			delimiter: fc.constantFrom(',', ';', '\t'),
			bom: fc.boolean(),
			rows: fc.array(fc.tuple(rowOf(names), fc.constantFrom('\n', '\r\n', '\r'), fc.nat(20), fc.boolean()), { maxLength: 8 }),
			headerBreak: fc.constantFrom('\n', '\r\n'),
			finalBreak: fc.boolean()
		})
		.map(({ delimiter, bom, rows, headerBreak, finalBreak }) => {
			let out = (bom ? '\uFEFF' : '') + names.map((n) => csvField(n.written, delimiter, false)).join(delimiter) + headerBreak;
			rows.forEach(([values, eol, shape, quote], i) => {
				let fields = values.map((v) => csvField(v, delimiter, quote));
				if (shape === 0) fields = fields.slice(0, -1);
				else if (shape === 1) fields = [...fields, 'extra'];
				else if (shape === 2) out += eol;
				out += fields.join(delimiter) + (i < rows.length - 1 || finalBreak ? eol : '');
			});
			return { text: out, rows: rows.length };
		})
);

/** A vendor .out file: banners in either style, header keys in their spellings, var_In in either form, rows. */
export const outOrder: fc.Arbitrary<CsvShape> = header.chain((names) =>
	fc
		.record({
			boxed: fc.boolean(),
			crlf: fc.boolean(),
			quantityKey: fc.constantFrom('Quantity', 'Quanitity', 'QUANTITY'),
			quantityDelta: fc.constantFrom(0, 0, 0, 1, -1),
			customerKey: fc.constantFrom('Customer', 'MNOID'),
			inputList: fc.boolean(),
			comma: fc.boolean(),
			plainOutputTitle: fc.boolean(),
			rows: fc.array(fc.tuple(rowOf(names.filter((n) => n.name !== 'notes')), fc.nat(12)), { maxLength: 8 })
		})
		.map((o) => {
			const columns = names.filter((n) => n.name !== 'notes');
			const eol = o.crlf ? '\r\n' : '\n';
			const stars = '*'.repeat(39);
			const banner = (title: string) => (o.boxed ? [stars, `*          ${title}`, stars] : [`*${title}`, stars]);
			const lines = [
				...banner('HEADER DESCRIPTION'),
				`${o.customerKey}        : ExampleTel`,
				`${o.quantityKey}        : ${Math.max(0, o.rows.length + o.quantityDelta)}`,
				'Transport_key   : 1',
				...banner('INPUT VARIABLES DESCRIPTION'),
				...(o.inputList ? ['var_In: ICCID/IMSI', '8949010000000000016,262010000000002'] : ['Var_In_List:', 'Ser_nb: 8949010000000000016', 'IMSI: 262010000000002']),
				...(o.plainOutputTitle ? ['', 'OUTPUT VARIABLES'] : banner('OUTPUT VARIABLES DESCRIPTION')),
				`var_out: ${columns.map((c) => c.written).join('/')}`
			];
			for (const [values, shape] of o.rows) {
				// Values that hold the row separator would split differently: the generator keeps them out.
				let fields = values.map((v) => v.replace(/[\s,]/g, '') || '0');
				if (shape === 0) fields = fields.slice(0, -1);
				if (shape === 1) lines.push('');
				lines.push(fields.join(o.comma ? ',' : ' '));
			}
			return { text: lines.join(eol) + eol, rows: o.rows.length };
		})
);
