// The ledger's rows and its state machine, pure: every store (memory, SQLite, PostgreSQL) applies these rules, the
// memory and SQLite stores by calling transition()/claimRow() inside one transaction, PostgreSQL by the same
// conditions written as SQL (server/ledger/postgres.ts), and the one contract suite checks that all three agree.
import { LedgerError } from './error';

/** Where a row stands. Secrets (ADM, PINs, keys) have no field here at all: the ledger never holds one. */
export type LedgerState =
	/** Nobody works on the card yet. */
	| 'pending'
	/** A reader of a station identified the card and holds the row under a lease; nothing written yet. */
	| 'claimed'
	/** The write may have begun: the card may be partly written until read back (reconcile). */
	| 'writing'
	/** The card holds the row's documents, read back and compared. Final. */
	| 'verified'
	/** Set aside with its reason, APDU and status word. Final: never retried by itself (a wrong ADM locks cards). */
	| 'failed';

export const LEDGER_STATES: readonly LedgerState[] = ['pending', 'claimed', 'writing', 'verified', 'failed'];

/** Who works on a row: a station (one process on one machine) and one of its readers (PC/SC reader name). */
export interface Holder {
	readonly station: string;
	readonly reader: string;
}

/** What a station reports when a card is read back equal to its row. */
export interface VerifiedResult {
	/** APDUs sent for this card (write and read-back; the read alone when reconciled). */
	readonly apdus: number;
	/** The last status word (normally 0x9000). */
	readonly statusWord?: number;
	/** True when the card already held its documents and was not written again (reconcile after a crash). */
	readonly reconciled?: boolean;
}

/** Why a card was set aside. */
export interface FailureRecord {
	/** One line for the operator, without secrets. */
	readonly reason: string;
	/** The command as a trace prints it, data of VERIFY redacted: `VERIFY ADM1 ****`, `UPDATE BINARY 00 D6 00 00 FF`. */
	readonly command?: string;
	/** The status word the card answered (0x6982). */
	readonly statusWord?: number;
	/** APDUs sent for this card before it was set aside. */
	readonly apdus?: number;
	/** A failed VERIFY of the ADM or a PIN: never retried automatically; the tries the card has left, when known. */
	readonly authFailure?: { readonly triesLeft?: number };
}

/** One order row as the ledger records it. Times are milliseconds since 1970 (UTC) of the store's clock. */
export interface LedgerRow {
	/** The ICCID as digits (ledgerIccid). */
	readonly iccid: string;
	/** The order row's number (1-based data row, OrderRow.row): the report's order. */
	readonly rowIndex: number;
	readonly state: LedgerState;
	/** The station and reader that hold the row (claimed, writing) or that finished it (verified, failed). */
	readonly station?: string;
	readonly reader?: string;
	/** End of the holder's lease; absent when nobody holds the row (pending, verified, failed, released writing). */
	readonly leaseUntil?: number;
	/** When the card was last claimed. */
	readonly started?: number;
	/** When the row became verified or failed. */
	readonly ended?: number;
	readonly apdus?: number;
	readonly statusWord?: number;
	/** Failed: the reason; command and authentication details as given. */
	readonly reason?: string;
	readonly command?: string;
	readonly authFailure?: boolean;
	readonly triesLeft?: number;
	/** Verified by reading the card after an interrupted write, without writing it again. */
	readonly reconciled?: boolean;
	/** How many times the row was claimed (a second claim follows a crash, a released card, a reader taken out). */
	readonly claims: number;
}

/** The order a ledger belongs to. */
export interface LedgerOrder {
	/** Stable identity of the order's content (e.g. SHA-256 of the file, hex): the same file again resumes. */
	readonly identity: string;
	/** For messages and the report: the order file's name. */
	readonly name?: string;
}

/** One row given to init(). */
export interface LedgerSeed {
	readonly iccid: string;
	readonly rowIndex: number;
}

export interface LedgerCounts {
	readonly total: number;
	readonly pending: number;
	readonly claimed: number;
	readonly writing: number;
	readonly verified: number;
	readonly failed: number;
}

/** Why a card is not given to the reader that found it. */
export type ClaimRefusal =
	| { readonly reason: 'unknown-iccid'; readonly iccid: string }
	| { readonly reason: 'already-verified'; readonly iccid: string; readonly row: LedgerRow }
	| { readonly reason: 'failed'; readonly iccid: string; readonly row: LedgerRow }
	| { readonly reason: 'claimed-by-other'; readonly iccid: string; readonly station: string; readonly reader: string; readonly leaseUntil: number };

/**
 * A claim's answer. `reconcile` is true when the row was left in `writing` (a crash, a released card): the card may
 * be partly written, so it must be read and compared with the row's expected bytes before anything is written.
 */
export type ClaimResult = { readonly ok: true; readonly row: LedgerRow; readonly reconcile: boolean } | { readonly ok: false; readonly refusal: ClaimRefusal };

/** One line for the operator: why the card was refused and left untouched. */
export function refusalMessage(refusal: ClaimRefusal): string {
	switch (refusal.reason) {
		case 'unknown-iccid':
			return `ICCID ${refusal.iccid} is not in the order: card left untouched`;
		case 'already-verified':
			return `ICCID ${refusal.iccid} (row ${refusal.row.rowIndex}) is already written and verified${refusal.row.station === undefined ? '' : ` by ${refusal.row.station}/${refusal.row.reader ?? '?'}`}: card left untouched`;
		case 'failed':
			return `ICCID ${refusal.iccid} (row ${refusal.row.rowIndex}) was set aside: ${refusal.row.reason ?? 'failed'}; card left untouched`;
		case 'claimed-by-other':
			return `ICCID ${refusal.iccid} is being written by ${refusal.station}/${refusal.reader} (lease until ${new Date(refusal.leaseUntil).toISOString()}): card left untouched`;
	}
}

const ICCID_DIGITS = /^[0-9]{18,20}$/;

/**
 * The ledger's key for an ICCID: its digits, the F filler of EF.ICCID's 20 nibbles stripped (TS 102 221 §13.2). The
 * order reader gives ICCIDs as digits already (orders/values.ts checks the Luhn digit and reads the nibble-swapped
 * form); card/provisioning decodeIccid gives the card's as digits. Throws LedgerError `bad-iccid`.
 */
export function ledgerIccid(text: string): string {
	let end = text.length;
	while (end > 0 && (text.charCodeAt(end - 1) | 0x20) === 0x66) end--;
	const digits = text.slice(0, end);
	if (!ICCID_DIGITS.test(digits)) {
		const shown = text.length > 24 ? `${text.slice(0, 24)}…` : text;
		throw new LedgerError('bad-iccid', `an ICCID is 18 to 20 digits, optionally followed by F filler; found ${JSON.stringify(shown)}`);
	}
	return digits;
}

/** Lease lengths: a positive whole number of milliseconds, at most a day (a longer one is a typo). */
export function checkLease(leaseMs: number): number {
	if (!Number.isInteger(leaseMs) || leaseMs <= 0 || leaseMs > 86_400_000) throw new LedgerError('bad-argument', `a lease is 1 ms to 1 day, in whole milliseconds; found ${leaseMs}`);
	return leaseMs;
}

/** A fresh row of init(). */
export function pendingRow(seed: LedgerSeed): LedgerRow {
	if (!Number.isSafeInteger(seed.rowIndex) || seed.rowIndex < 1) throw new LedgerError('bad-argument', `a row index is a whole number from 1; found ${seed.rowIndex}`, seed.iccid);
	return { iccid: ledgerIccid(seed.iccid), rowIndex: seed.rowIndex, state: 'pending', claims: 0 };
}

function held(row: LedgerRow, now: number): boolean {
	return (row.state === 'claimed' || row.state === 'writing') && row.leaseUntil !== undefined && row.leaseUntil > now;
}

function isHolder(row: LedgerRow, holder: Holder): boolean {
	return row.station === holder.station && row.reader === holder.reader;
}

/**
 * A claim of the row by the reader that holds its card. Given: a pending row; a claimed or writing row whose lease
 * has run out or was released (its holder died, or let go); a row the same station and reader hold already (a
 * station restarted with the card still in the reader). A writing row stays `writing` under its new holder and the
 * answer says `reconcile`. Refused: verified, failed, or held by another (station, reader) under a live lease.
 */
export function claimRow(row: LedgerRow | undefined, iccid: string, holder: Holder, leaseMs: number, now: number): ClaimResult {
	if (row === undefined) return { ok: false, refusal: { reason: 'unknown-iccid', iccid } };
	switch (row.state) {
		case 'verified':
			return { ok: false, refusal: { reason: 'already-verified', iccid: row.iccid, row } };
		case 'failed':
			return { ok: false, refusal: { reason: 'failed', iccid: row.iccid, row } };
		case 'claimed':
		case 'writing':
			if (held(row, now) && !isHolder(row, holder)) {
				return { ok: false, refusal: { reason: 'claimed-by-other', iccid: row.iccid, station: row.station ?? '', reader: row.reader ?? '', leaseUntil: row.leaseUntil ?? now } };
			}
			break;
		case 'pending':
			break;
	}
	const reconcile = row.state === 'writing';
	const claimed: LedgerRow = {
		iccid: row.iccid,
		rowIndex: row.rowIndex,
		state: reconcile ? 'writing' : 'claimed',
		station: holder.station,
		reader: holder.reader,
		leaseUntil: now + checkLease(leaseMs),
		started: now,
		claims: row.claims + 1
	};
	return { ok: true, row: claimed, reconcile };
}

/** Whether claimNext() may hand the row out: pending, or claimed/writing under a lease that ran out. */
export function claimableByAnyone(row: LedgerRow, now: number): boolean {
	return row.state === 'pending' || ((row.state === 'claimed' || row.state === 'writing') && !held(row, now));
}

/** The steps after a claim, each by the row's holder. */
export type LedgerEvent =
	/** The write is about to begin (claimed → writing); needs a live lease: a write never starts on an expired one. */
	| { readonly kind: 'writing'; readonly holder: Holder }
	/** Read back equal (writing → verified; claimed → verified only when reconciled, i.e. read without writing). */
	| { readonly kind: 'verified'; readonly holder: Holder; readonly result: VerifiedResult }
	/** Set aside (claimed or writing → failed). */
	| { readonly kind: 'failed'; readonly holder: Holder; readonly failure: FailureRecord }
	/** Let go: claimed → pending; writing stays writing without a holder, so the next claim reconciles. */
	| { readonly kind: 'release'; readonly holder: Holder }
	/** A longer lease for a row the holder still works on. */
	| { readonly kind: 'renew'; readonly holder: Holder; readonly leaseMs: number };

function illegal(row: LedgerRow, event: LedgerEvent['kind']): LedgerError {
	const step = event === 'writing' ? 'start writing' : event === 'verified' ? 'mark verified' : event === 'failed' ? 'mark failed' : event === 'release' ? 'release' : 'renew the lease of';
	return new LedgerError('illegal-transition', `cannot ${step} a row that is ${row.state} (row ${row.rowIndex})`, row.iccid);
}

/**
 * The row after one step, or LedgerError: `illegal-transition` for a step the state does not have, `not-holder`
 * when another station or reader holds (or finished) the row, `lease-expired` for `writing` or `renew` after the
 * lease ran out. Verified, failed and release do not need a live lease, only that nobody else took the row since.
 */
export function transition(row: LedgerRow, event: LedgerEvent, now: number): LedgerRow {
	const active = row.state === 'claimed' || row.state === 'writing';
	if (!active) throw illegal(row, event.kind);
	// A released row (no lease) has no holder, even if it still names who wrote last: its next claim reconciles.
	if (row.leaseUntil === undefined || !isHolder(row, event.holder)) {
		const by = row.leaseUntil === undefined ? 'nobody (released)' : `${row.station ?? '?'}/${row.reader ?? '?'}`;
		throw new LedgerError('not-holder', `${event.holder.station}/${event.holder.reader} does not hold row ${row.rowIndex}; it is ${row.state}, held by ${by}`, row.iccid);
	}
	const live = row.leaseUntil !== undefined && row.leaseUntil > now;
	switch (event.kind) {
		case 'writing':
			if (!live) throw new LedgerError('lease-expired', `the lease of ${event.holder.station}/${event.holder.reader} on row ${row.rowIndex} ran out; claim the card again before writing`, row.iccid);
			return { ...row, state: 'writing' };
		case 'renew':
			if (!live) throw new LedgerError('lease-expired', `the lease of ${event.holder.station}/${event.holder.reader} on row ${row.rowIndex} ran out; claim the card again`, row.iccid);
			return { ...row, leaseUntil: now + checkLease(event.leaseMs) };
		case 'verified': {
			if (row.state === 'claimed' && event.result.reconciled !== true) throw illegal(row, event.kind);
			checkCount(event.result.apdus, 'APDU count', row.iccid);
			const out: Mutable<LedgerRow> = { ...finished(row), state: 'verified', ended: now, apdus: event.result.apdus };
			if (event.result.statusWord !== undefined) out.statusWord = checkStatusWord(event.result.statusWord, row.iccid);
			if (event.result.reconciled === true) out.reconciled = true;
			return out;
		}
		case 'failed': {
			const f = event.failure;
			const out: Mutable<LedgerRow> = { ...finished(row), state: 'failed', ended: now, reason: f.reason };
			if (f.apdus !== undefined) out.apdus = checkCount(f.apdus, 'APDU count', row.iccid);
			if (f.statusWord !== undefined) out.statusWord = checkStatusWord(f.statusWord, row.iccid);
			if (f.command !== undefined) out.command = f.command;
			if (f.authFailure !== undefined) {
				out.authFailure = true;
				if (f.authFailure.triesLeft !== undefined) out.triesLeft = checkCount(f.authFailure.triesLeft, 'tries left', row.iccid);
			}
			return out;
		}
		case 'release': {
			const out: Mutable<LedgerRow> = { ...row };
			delete out.leaseUntil;
			if (row.state === 'claimed') {
				// Nothing was written: the row is as if never claimed, apart from the count.
				delete out.station;
				delete out.reader;
				delete out.started;
				out.state = 'pending';
			}
			return out;
		}
	}
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The row without its lease and without a previous outcome's fields: the holder stays as who finished it. */
function finished(row: LedgerRow): LedgerRow {
	const out: Mutable<LedgerRow> = { iccid: row.iccid, rowIndex: row.rowIndex, state: row.state, claims: row.claims };
	if (row.station !== undefined) out.station = row.station;
	if (row.reader !== undefined) out.reader = row.reader;
	if (row.started !== undefined) out.started = row.started;
	return out;
}

function checkCount(n: number, what: string, iccid: string): number {
	if (!Number.isSafeInteger(n) || n < 0) throw new LedgerError('bad-argument', `${what} is a whole number from 0; found ${n}`, iccid);
	return n;
}

function checkStatusWord(sw: number, iccid: string): number {
	if (!Number.isInteger(sw) || sw < 0 || sw > 0xffff) throw new LedgerError('bad-argument', `a status word is 0000 to FFFF; found ${sw}`, iccid);
	return sw;
}

/** Counts with every state present. */
export function emptyCounts(): Mutable<LedgerCounts> {
	return { total: 0, pending: 0, claimed: 0, writing: 0, verified: 0, failed: 0 };
}
