// The order's rows at the station: each card's row found by its ICCID, expanded and signed exactly as `batch export`
// does (card-rows.ts CardRows: the template's expansion, the chosen SEC method), with the row's ADM1 (its ADM column,
// else the key given for the whole order). The documents are made when the card is in the reader, not before: an
// order of many rows keeps only its rows in memory, packed (row-store.ts): 10 million rows fit a station.
import type { Secret } from '../../security/secret';
import type { CardRows } from '../card-rows';
import { ledgerIccid, LedgerError, type LedgerSeed } from '../ledger/index';
import type { Order, OrderColumn, OrderHeader, OrderRow, OrderValue } from '../orders/index';
import type { RowLookup, RowSource } from './card-steps';
import { RowStore } from './row-store';

export interface OrderRowsOptions {
	/** ADM1 for rows without an ADM column value (one key for the whole order). */
	readonly adm?: Secret;
	readonly pin1?: Secret;
}

/** The order's ADM column: ADM1, ADM, PIN_ADM or PIN_ADM_HEX (orders/columns.ts kinds adm, adm-hex). */
export function admColumn(header: OrderHeader): OrderColumn | undefined {
	return header.columns.find((c) => c.kind === 'adm' || c.kind === 'adm-hex');
}

function text(value: OrderValue | undefined): string | undefined {
	if (value === undefined) return undefined;
	return typeof value === 'string' ? value : value.revealText();
}

export class OrderRowSource implements RowSource {
	readonly #rows = new RowStore();
	readonly #cardRows: CardRows;
	readonly #adm: OrderColumn | undefined;
	readonly #iccid: OrderColumn | undefined;
	readonly #options: OrderRowsOptions;
	/** Rows are given one by one with add() as the order is read (readOrderRows). */
	constructor(header: OrderHeader, cardRows: CardRows, options: OrderRowsOptions = {}) {
		this.#cardRows = cardRows;
		this.#options = options;
		this.#adm = admColumn(header);
		this.#iccid = cardRows.identity.iccid;
	}

	/** Takes one row of the order; a row without a usable ICCID, or with one an earlier row has, is returned (line and
	 *  why) and not taken. */
	add(row: OrderRow): { line: number; reason: string } | undefined {
		const column = this.#iccid;
		const value = column === undefined ? undefined : text(row.values[column.number - 1]);
		let miss: { line: number; reason: string } | undefined;
		if (value === undefined) miss = { line: row.line, reason: 'no ICCID: the row cannot be matched to a card' };
		else {
			try {
				const key = ledgerIccid(value);
				const earlier = this.#rows.find(key);
				if (earlier >= 0) miss = { line: row.line, reason: `ICCID ${key} is also on line ${this.#rows.line(earlier)}` };
				else this.#rows.add(key, row);
			} catch (e) {
				if (!(e instanceof LedgerError)) throw e;
				miss = { line: row.line, reason: e.detail };
			}
		}
		return miss;
	}

	/** What the ledger is initialised with: one row per card, in order. */
	*seeds(): Iterable<LedgerSeed> {
		for (const { key, rowIndex } of this.#rows.keys()) yield { iccid: key, rowIndex };
	}

	get size(): number {
		return this.#rows.size;
	}

	async lookup(iccid: string): Promise<RowLookup> {
		const n = this.#rows.find(iccid);
		if (n < 0) return { ok: false, reason: `ICCID ${iccid} is not in the order` };
		const row = this.#rows.row(n);
		const result = await this.#cardRows.process(row);
		if (!result.ok) {
			const first = result.rejected[0];
			return { ok: false, reason: `row on line ${row.line} is set aside: ${first.column === undefined ? '' : `${first.column}: `}${first.reason}` };
		}
		const bootstrap = result.row.documents[0]?.wbxml;
		if (bootstrap === undefined) return { ok: false, reason: `row on line ${row.line} has no document` };
		const value = this.#adm === undefined ? undefined : row.values[this.#adm.number - 1];
		const adm = value !== undefined && typeof value !== 'string' ? value : this.#options.adm;
		if (adm === undefined) return { ok: false, reason: `row on line ${row.line} has no ADM1 (no ${this.#adm?.name ?? 'ADM1'} value and no key for the order)` };
		return { ok: true, write: { documents: { bootstrap }, adm, ...(this.#options.pin1 === undefined ? {} : { pin1: this.#options.pin1 }) } };
	}
}

/** A row of the order that is not written: its line and why. */
export interface SetAsideRow {
	readonly line: number;
	readonly reason: string;
}

/**
 * Reads every row of `order` into `rows`, in file order, as `pstudio batch run` and the Batch page's station do: each
 * row set aside — refused by the order reader, or without a usable ICCID — goes to `setAside`; `afterBatch` runs after
 * each batch read (a progress line, a stop).
 */
export async function readOrderRows(order: Order, rows: OrderRowSource, setAside: (row: SetAsideRow) => void, afterBatch?: () => void): Promise<void> {
	for await (const batch of order.batches()) {
		// A batch gives the reader's refusals apart from its rows: both are in line order, merged here.
		const refused = batch.rejections.map((r) => ({ line: r.line, reason: `${r.column === undefined ? '' : `${r.column.name}: `}${r.reason}` }));
		let next = 0;
		for (const row of batch.rows) {
			const miss = rows.add(row);
			if (miss === undefined) continue;
			while (next < refused.length && refused[next].line < miss.line) setAside(refused[next++]);
			setAside(miss);
		}
		while (next < refused.length) setAside(refused[next++]);
		afterBatch?.();
	}
}
