// The ledger in memory: the contract's reference store, for unit tests and demos. Each call applies model.ts to a
// copy and swaps it in, so a call that throws leaves the ledger as it was (as a rolled-back transaction would).
import { LedgerError } from './error';
import { claimableByAnyone, claimRow, emptyCounts, ledgerIccid, pendingRow, transition, type ClaimResult, type FailureRecord, type Holder, type LedgerCounts, type LedgerEvent, type LedgerOrder, type LedgerRow, type LedgerSeed, type VerifiedResult } from './model';
import type { LedgerInit, LedgerStore } from './store';

export interface MemoryLedgerOptions {
	/** Milliseconds since 1970; default Date.now. Tests pass a clock they move to expire leases. */
	readonly clock?: () => number;
}

export class MemoryLedgerStore implements LedgerStore {
	readonly where = 'memory';
	readonly #clock: () => number;
	#order: LedgerOrder | undefined;
	#rows = new Map<string, LedgerRow>();
	/** ICCIDs in order-row order. */
	#sequence: string[] = [];
	#closed = false;

	constructor(options: MemoryLedgerOptions = {}) {
		this.#clock = options.clock ?? Date.now;
	}

	async init(order: LedgerOrder, rows: Iterable<LedgerSeed> | AsyncIterable<LedgerSeed>): Promise<LedgerInit> {
		this.#open();
		if (this.#order !== undefined) {
			if (this.#order.identity !== order.identity) throw otherOrder(this.#order, order);
			return { created: false, counts: await this.counts() };
		}
		checkOrder(order);
		const map = new Map<string, LedgerRow>();
		const indexes = new Set<number>();
		for await (const seed of rows) {
			const row = pendingRow(seed);
			if (map.has(row.iccid)) throw new LedgerError('duplicate-iccid', `rows ${map.get(row.iccid)!.rowIndex} and ${row.rowIndex} have the same ICCID`, row.iccid);
			if (indexes.has(row.rowIndex)) throw new LedgerError('bad-argument', `row index ${row.rowIndex} is given twice`, row.iccid);
			indexes.add(row.rowIndex);
			map.set(row.iccid, row);
		}
		// A second init() that raced this one while rows were read (an async source) must not win twice.
		if (this.#order !== undefined) return this.init(order, []);
		this.#rows = map;
		this.#sequence = [...map.values()].sort((a, b) => a.rowIndex - b.rowIndex).map((r) => r.iccid);
		this.#order = { ...order };
		return { created: true, counts: await this.counts() };
	}

	async order(): Promise<LedgerOrder | undefined> {
		this.#open();
		return this.#order;
	}

	async claim(iccid: string, holder: Holder, leaseMs: number): Promise<ClaimResult> {
		this.#ready();
		const key = ledgerIccid(iccid);
		const result = claimRow(this.#rows.get(key), key, holder, leaseMs, this.#clock());
		if (result.ok) this.#rows.set(key, result.row);
		return result;
	}

	async claimNext(holder: Holder, leaseMs: number): Promise<Extract<ClaimResult, { ok: true }> | undefined> {
		this.#ready();
		const now = this.#clock();
		// Pending rows first, then rows whose lease ran out (as the SQL stores' two queries).
		for (const pass of [(r: LedgerRow) => r.state === 'pending', (r: LedgerRow) => claimableByAnyone(r, now)]) {
			for (const iccid of this.#sequence) {
				const row = this.#rows.get(iccid)!;
				if (!pass(row)) continue;
				const result = claimRow(row, iccid, holder, leaseMs, now);
				if (result.ok) {
					this.#rows.set(iccid, result.row);
					return result;
				}
			}
		}
		return undefined;
	}

	markWriting(iccid: string, holder: Holder): Promise<LedgerRow> {
		return this.#apply(iccid, { kind: 'writing', holder });
	}

	markVerified(iccid: string, holder: Holder, result: VerifiedResult): Promise<LedgerRow> {
		return this.#apply(iccid, { kind: 'verified', holder, result });
	}

	markFailed(iccid: string, holder: Holder, failure: FailureRecord): Promise<LedgerRow> {
		return this.#apply(iccid, { kind: 'failed', holder, failure });
	}

	release(iccid: string, holder: Holder): Promise<LedgerRow> {
		return this.#apply(iccid, { kind: 'release', holder });
	}

	async releaseStation(station: string, readers?: readonly string[]): Promise<number> {
		this.#ready();
		let n = 0;
		const now = this.#clock();
		for (const [iccid, row] of this.#rows) {
			if (readers !== undefined && !readers.includes(row.reader ?? '')) continue;
			if ((row.state === 'claimed' || row.state === 'writing') && row.station === station && row.leaseUntil !== undefined) {
				this.#rows.set(iccid, transition(row, { kind: 'release', holder: { station, reader: row.reader ?? '' } }, now));
				n++;
			}
		}
		return n;
	}

	async renewLease(station: string, leaseMs: number): Promise<number> {
		this.#ready();
		let n = 0;
		const now = this.#clock();
		const next = new Map(this.#rows);
		for (const [iccid, row] of this.#rows) {
			if ((row.state === 'claimed' || row.state === 'writing') && row.station === station && row.leaseUntil !== undefined && row.leaseUntil > now) {
				next.set(iccid, transition(row, { kind: 'renew', holder: { station, reader: row.reader ?? '' }, leaseMs }, now));
				n++;
			}
		}
		this.#rows = next;
		return n;
	}

	async row(iccid: string): Promise<LedgerRow | undefined> {
		this.#ready();
		return this.#rows.get(ledgerIccid(iccid));
	}

	async rowsInWriting(station?: string): Promise<LedgerRow[]> {
		this.#ready();
		const out: LedgerRow[] = [];
		for (const iccid of this.#sequence) {
			const row = this.#rows.get(iccid)!;
			if (row.state === 'writing' && (station === undefined || row.station === station)) out.push(row);
		}
		return out;
	}

	async counts(): Promise<LedgerCounts> {
		this.#open();
		const counts = emptyCounts();
		for (const row of this.#rows.values()) {
			counts.total++;
			counts[row.state]++;
		}
		return counts;
	}

	async *report(): AsyncIterable<LedgerRow> {
		this.#ready();
		// Order-row order is fixed at init; a row changed while the report is read shows its state at its turn.
		for (const iccid of this.#sequence) yield this.#rows.get(iccid)!;
	}

	async close(): Promise<void> {
		this.#closed = true;
	}

	async #apply(iccid: string, event: LedgerEvent): Promise<LedgerRow> {
		this.#ready();
		const key = ledgerIccid(iccid);
		const row = this.#rows.get(key);
		if (row === undefined) throw new LedgerError('unknown-iccid', 'the ledger has no row for this ICCID', key);
		const next = transition(row, event, this.#clock());
		this.#rows.set(key, next);
		return next;
	}

	#open(): void {
		if (this.#closed) throw new LedgerError('closed', 'the ledger was closed');
	}

	#ready(): void {
		this.#open();
		if (this.#order === undefined) throw new LedgerError('not-initialised', 'the ledger has no order yet: init() it with the order rows first');
	}
}

/** The refusal of a ledger that belongs to another order. */
export function otherOrder(held: LedgerOrder, asked: LedgerOrder): LedgerError {
	const name = (o: LedgerOrder): string => (o.name === undefined ? `identity ${o.identity.slice(0, 16)}` : `${JSON.stringify(o.name)} (identity ${o.identity.slice(0, 16)})`);
	return new LedgerError('other-order', `this ledger belongs to the order ${name(held)}, not ${name(asked)}: use another ledger for another order`);
}

/** An order identity: 1 to 200 printable ASCII characters (a hash in hex, a name). */
export function checkOrder(order: LedgerOrder): void {
	if (!/^[\x21-\x7e]{1,200}$/.test(order.identity)) throw new LedgerError('bad-argument', 'an order identity is 1 to 200 printable ASCII characters without spaces (e.g. the SHA-256 of the order file in hex)');
	if (order.name !== undefined && order.name.length > 1000) throw new LedgerError('bad-argument', 'an order name is at most 1000 characters');
}
