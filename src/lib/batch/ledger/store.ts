// The storage contract every ledger store keeps (memory here; SQLite and PostgreSQL in server/ledger). Async so that
// the embedded and the networked store share it. Every method that changes a row has committed the change (to the
// file's WAL, to the database) before its promise resolves: a station that crashes after a resolved call finds the
// transition in the ledger when it restarts.
import type { ClaimResult, FailureRecord, Holder, LedgerCounts, LedgerOrder, LedgerRow, LedgerSeed, VerifiedResult } from './model';

/** The answer of init(). */
export interface LedgerInit {
	/** False when the ledger already held this order: its state was kept (a resumed run). */
	readonly created: boolean;
	readonly counts: LedgerCounts;
}

export interface LedgerStore {
	/** Where the ledger is, for messages: a file path, or postgres host:port/database (never a password). */
	readonly where: string;

	/**
	 * Records the order and its rows, all or nothing, once. Again with the same identity: keeps every row's state
	 * (the rows given are not read again). With another identity: LedgerError `other-order`. Rows naming one ICCID
	 * twice: `duplicate-iccid`; a bad ICCID: `bad-iccid`.
	 */
	init(order: LedgerOrder, rows: Iterable<LedgerSeed> | AsyncIterable<LedgerSeed>): Promise<LedgerInit>;
	/** The order the ledger belongs to, or undefined before init(). */
	order(): Promise<LedgerOrder | undefined>;

	/** The row of the card a reader identified (model.ts claimRow). The ICCID is normalised with ledgerIccid. */
	claim(iccid: string, holder: Holder, leaseMs: number): Promise<ClaimResult>;
	/**
	 * The first row (in order-row order) nobody holds: pending, or claimed/writing under a lease that ran out
	 * (PostgreSQL: FOR UPDATE SKIP LOCKED, so stations never wait on each other). Undefined when none is left.
	 */
	claimNext(holder: Holder, leaseMs: number): Promise<Extract<ClaimResult, { ok: true }> | undefined>;

	/** claimed → writing; needs the holder's live lease. */
	markWriting(iccid: string, holder: Holder): Promise<LedgerRow>;
	/** writing → verified (claimed → verified when result.reconciled). The end time is the store's clock. */
	markVerified(iccid: string, holder: Holder, result: VerifiedResult): Promise<LedgerRow>;
	/** claimed/writing → failed, with its reason, command and status word. */
	markFailed(iccid: string, holder: Holder, failure: FailureRecord): Promise<LedgerRow>;
	/** Let the row go: claimed → pending; writing stays writing without holder (its next claim reconciles). */
	release(iccid: string, holder: Holder): Promise<LedgerRow>;
	/**
	 * Releases every row a station holds (its previous process died); returns how many. With `readers`, only the rows
	 * held on those readers: two processes of one station name on one machine, each on its own readers, must not
	 * let go of each other's cards when one of them restarts.
	 */
	releaseStation(station: string, readers?: readonly string[]): Promise<number>;
	/** Extends the lease of every row the station holds under a live lease to now + leaseMs; returns how many. */
	renewLease(station: string, leaseMs: number): Promise<number>;

	/** One row by ICCID, or undefined. */
	row(iccid: string): Promise<LedgerRow | undefined>;
	/** Rows left in `writing` (of one station, or all), in order-row order: the cards to read before any write. */
	rowsInWriting(station?: string): Promise<LedgerRow[]>;
	counts(): Promise<LedgerCounts>;
	/** Every row in order-row order, streamed (an order has up to millions of rows). */
	report(): AsyncIterable<LedgerRow>;
	/** Closes the file or the connection pool; later calls fail with `closed`. Idempotent. */
	close(): Promise<void>;
}
