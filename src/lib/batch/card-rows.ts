// One good order row → its signed documents, or the reasons it is set aside. Shared by the plan (preview, counts)
// and the export, so that both set aside exactly the same rows: the template's expansion (mapped values, checked
// with the validator's rules), then the signature with the chosen SEC method — NETWPIN keyed by the row's IMSI,
// USERPIN by its PIN column, USERNETWPIN by both (ProvBoot §5; security/bootstrap/key.ts).
import type { Template, RowFinding } from '../documents/template/index';
import { BootstrapError, Secret, SEC, sign, type HmacSha1, type SecMethod } from '../security/index';
import { echoed } from '../text/index';
import { BatchError } from './error';
import type { ColumnMapping } from './mapping';
import { columnKey, type OrderColumn, type OrderHeader, type OrderRejection, type OrderRow, type OrderValue } from './orders/index';
import type { ExportedDocument, ExportedRow, RejectedRow, RowSecret } from './packages/kind';

/** How rows are signed. */
export interface SigningOptions {
	/** NETWPIN, USERPIN or USERNETWPIN; absent: unsigned documents (no MAC). */
	readonly sec?: SecMethod;
	/** The column of the user PIN (USERPIN, USERNETWPIN); default the order's first PIN column (PIN1, PIN, …). */
	readonly pinColumn?: string;
	/** The HMAC-SHA1 to sign with (default: the library's; the CLI passes node:crypto's, see security/bootstrap/sign.ts). */
	readonly hmac?: HmacSha1;
	/** Identity columns every row must have a value in (a package names files by ICCID, OTA sends to the MSISDN). */
	readonly require?: readonly ('iccid' | 'imsi' | 'msisdn')[];
}

/** The order columns a package names rows by, found by their kind (orders/columns.ts). */
export interface IdentityColumns {
	readonly iccid?: OrderColumn;
	/** The first IMSI column (IMSI; IMSI2… are a multi-IMSI card's others). */
	readonly imsi?: OrderColumn;
	readonly msisdn?: OrderColumn;
	readonly pin?: OrderColumn;
}

export function identityColumns(header: OrderHeader, pinColumn?: string): IdentityColumns {
	const find = (test: (c: OrderColumn) => boolean): OrderColumn | undefined => header.columns.find(test);
	let pin: OrderColumn | undefined;
	if (pinColumn !== undefined) {
		pin = header.byKey.get(columnKey(pinColumn));
		if (pin === undefined) throw new BatchError('bad-option', `the PIN column ${echoed(pinColumn)} is not in the order (its columns: ${header.columns.map((c) => c.name).join(', ')})`);
	} else pin = find((c) => c.kind === 'pin');
	return {
		iccid: find((c) => c.kind === 'iccid'),
		imsi: find((c) => c.kind === 'imsi' && c.key === 'IMSI') ?? find((c) => c.kind === 'imsi'),
		msisdn: find((c) => c.kind === 'msisdn'),
		pin
	};
}

/** A row's outcome: packaged, or set aside with one record per reason. */
export type CardRowResult = { ok: true; row: ExportedRow } | { ok: false; rejected: RejectedRow[]; findings: readonly RowFinding[] };

/** The order reader's rejection as a package records it. */
export function fromOrderRejection(r: OrderRejection): RejectedRow {
	const out: { -readonly [K in keyof RejectedRow]: RejectedRow[K] } = { row: r.row, line: r.line, reason: r.reason, code: r.code };
	if (r.column !== undefined) out.column = r.column.name;
	return out;
}

function text(value: OrderValue | undefined): string | undefined {
	if (value === undefined) return undefined;
	return typeof value === 'string' ? value : value.revealText();
}

/** Rows of one order through one template and one signing choice. */
export class CardRows {
	readonly #template: Template;
	readonly #header: OrderHeader;
	readonly #mapping: ColumnMapping;
	readonly #sec: SecMethod | undefined;
	readonly #identity: IdentityColumns;
	readonly #secretColumns: readonly OrderColumn[];
	readonly #required: readonly OrderColumn[];
	readonly #hmac: HmacSha1 | undefined;

	/** Throws BatchError `bad-mapping` when the mapping has findings, `bad-option` for a signing choice that cannot work. */
	constructor(template: Template, header: OrderHeader, mapping: ColumnMapping, signing: SigningOptions = {}) {
		if (!mapping.ok) throw new BatchError('bad-mapping', mapping.findings[0].message);
		this.#template = template;
		this.#header = header;
		this.#mapping = mapping;
		this.#identity = identityColumns(header, signing.pinColumn);
		this.#secretColumns = header.columns.filter((c) => c.secret);
		const sec = signing.sec;
		if (sec !== undefined) {
			if (!Object.hasOwn(SEC, sec)) throw new BatchError('bad-option', `SEC must be NETWPIN, USERPIN or USERNETWPIN; found ${echoed(sec)}`);
			// USERPINMAC makes a PIN per document that the user must be told (ProvBoot §5.3): not a batch signature.
			if (sec === 'USERPINMAC') throw new BatchError('bad-option', 'SEC=USERPINMAC gives every card a PIN to type; a batch signs with NETWPIN, USERPIN or USERNETWPIN');
			const names = header.columns.map((c) => c.name).join(', ');
			if ((sec === 'NETWPIN' || sec === 'USERNETWPIN') && this.#identity.imsi === undefined) throw new BatchError('bad-option', `SEC=${sec} needs each row's IMSI; the order has no IMSI column (its columns: ${names})`);
			if ((sec === 'USERPIN' || sec === 'USERNETWPIN') && this.#identity.pin === undefined) throw new BatchError('bad-option', `SEC=${sec} needs each row's PIN; the order has no PIN column (its columns: ${names}); name one with the PIN column option`);
		}
		this.#sec = sec;
		this.#hmac = signing.hmac;
		this.#required = (signing.require ?? []).map((kind) => {
			const column = this.#identity[kind];
			if (column === undefined) throw new BatchError('bad-option', `the package needs each row's ${kind.toUpperCase()}; the order has no ${kind.toUpperCase()} column (its columns: ${header.columns.map((c) => c.name).join(', ')})`);
			return column;
		});
	}

	get identity(): IdentityColumns {
		return this.#identity;
	}

	async process(row: OrderRow): Promise<CardRowResult> {
		for (const column of this.#required) {
			if (row.values[column.number - 1] === undefined) {
				return { ok: false, rejected: [{ row: row.row, line: row.line, column: column.name, reason: `no ${column.key}: the package needs it on every row (the cell is empty)`, code: 'value-empty' }], findings: [] };
			}
		}
		const result = this.#template.expand(this.#mapping.values(row), this.#mapping.columnNames);
		if (!result.ok) {
			const rejected = result.findings.filter((f) => f.severity === 'error').map((f) => this.#fromFinding(row, f));
			return { ok: false, rejected, findings: result.findings };
		}
		const values = row.values;
		const at = (column: OrderColumn | undefined): OrderValue | undefined => (column === undefined ? undefined : values[column.number - 1]);
		const iccid = text(at(this.#identity.iccid));
		const imsi = text(at(this.#identity.imsi));
		const msisdn = text(at(this.#identity.msisdn));
		let mac: string | undefined;
		if (this.#sec !== undefined) {
			const pinValue = at(this.#identity.pin);
			const pin = pinValue === undefined ? undefined : typeof pinValue === 'string' ? Secret.fromText(this.#identity.pin!.name, pinValue) : pinValue;
			try {
				mac = (await sign(result.wbxml, { sec: SEC[this.#sec], imsi, pin, ...(this.#hmac === undefined ? {} : { hmac: this.#hmac }) })).mac;
			} catch (error) {
				if (!(error instanceof BootstrapError)) throw error;
				// A missing or malformed key input is the IMSI's or the PIN's cell: say which column (never the value).
				const column = error.code.includes('imsi') ? this.#identity.imsi : this.#identity.pin;
				const rejected: RejectedRow = { row: row.row, line: row.line, reason: error.message, code: error.code, ...(column === undefined ? {} : { column: column.name }) };
				return { ok: false, rejected: [rejected], findings: result.findings };
			}
		}
		const language = this.#template.language;
		// Called through the result: a template's xml() may be a method that needs its object.
		const xml = (): string => result.xml();
		const document: ExportedDocument = mac === undefined ? { wbxml: result.wbxml, xml, language } : { wbxml: result.wbxml, xml, language, mac };
		const secrets: RowSecret[] = [];
		for (const column of this.#secretColumns) {
			const value = values[column.number - 1];
			if (value instanceof Secret) secrets.push({ column: column.name, value });
		}
		const header = this.#header;
		const exported: ExportedRow = {
			row: row.row,
			line: row.line,
			iccid: iccid ?? '',
			...(imsi === undefined ? {} : { imsi }),
			...(msisdn === undefined ? {} : { msisdn }),
			documents: [document],
			...(this.#sec === undefined ? {} : { sec: this.#sec, mac }),
			secrets,
			findings: result.findings,
			value(name: string): OrderValue | undefined {
				const column = header.byKey.get(columnKey(name));
				return column === undefined ? undefined : values[column.number - 1];
			}
		};
		return { ok: true, row: exported };
	}

	#fromFinding(row: OrderRow, f: RowFinding): RejectedRow {
		const out: { -readonly [K in keyof RejectedRow]: RejectedRow[K] } = { row: row.row, line: row.line, reason: f.message, code: f.rule };
		if (f.orderColumn !== undefined) out.column = f.orderColumn;
		else if (f.placeholder !== undefined) out.column = `\${${f.placeholder}}`;
		return out;
	}
}
