// The ledger in one SQLite file (better-sqlite3), the embedded default: `<order>.ledger.sqlite` next to the order.
//
// Durability (issue 12: every transition committed before the next card step): journal_mode=WAL with
// synchronous=FULL. In WAL mode NORMAL syncs only at checkpoints, so a power cut may lose the last commits; losing
// a `writing` mark would let a half-written card's row look merely claimed and be written again without reconcile,
// and losing `verified` would write a complete card a second time. FULL syncs the WAL at every commit (one fsync a
// transition; bench/ledger-bench.ts measures it against the card's time).
//
// Concurrency: each transition is one BEGIN IMMEDIATE transaction (the write lock taken before the row is read),
// reads the row, applies model.ts's transition() and writes it back: the same rules as the memory store, by the
// same code. Two processes on one file serialise on the lock; busy_timeout makes the second wait, not fail.
import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';
import {
	LedgerError,
	checkLease,
	checkOrder,
	claimRow,
	claimableByAnyone,
	emptyCounts,
	ledgerIccid,
	otherOrder,
	pendingRow,
	transition,
	type ClaimResult,
	type FailureRecord,
	type Holder,
	type LedgerCounts,
	type LedgerEvent,
	type LedgerInit,
	type LedgerOrder,
	type LedgerRow,
	type LedgerSeed,
	type LedgerStore,
	type VerifiedResult
} from '../../batch/ledger/index';
import { ROW_COLUMNS, fromSql, rowValues, type SqlRow } from './rows';

const require = createRequire(import.meta.url);

/** PRAGMA application_id of a ledger file ('PSLG'), so another program's SQLite file is never taken for one. */
const APPLICATION_ID = 0x50534c47;
const SCHEMA_VERSION = 1;
/** Rows a report page reads at once (the connection cannot run other statements while a cursor is open). */
const REPORT_PAGE = 2000;
/** Rows inserted per statement execution batch while init() reads an async source. */
const INIT_BATCH = 5000;
/** Rows per INSERT statement in init(): one statement run per row was most of a new ledger's time (1M rows in ICCID
 *  order 1.5–1.9x faster a hundred at a time: bench/ledger-init-bench.ts). 200 parameters, far under SQLite's limit. */
const ROWS_PER_INSERT = 100;
/** init()'s page cache (KiB, SQLite's negative cache_size): an order whose ICCIDs are not in file order inserts
 *  into the ICCID index all over it; 2 MB, the default, re-read pages (1M shuffled rows, measured alone: 5.7 s, 4.5 s
 *  with 64 MB). */
const INIT_CACHE_KIB = 65536;

export interface SqliteLedgerOptions {
	/** Milliseconds since 1970; default Date.now. Tests pass a clock they move to expire leases. */
	readonly clock?: () => number;
	/** How long a transition waits for another process's write lock on the same file (default 15 s). */
	readonly busyTimeoutMs?: number;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS ledger_order (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	identity TEXT NOT NULL,
	name TEXT,
	created INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS ledger_rows (
	row_index INTEGER PRIMARY KEY,
	iccid TEXT NOT NULL UNIQUE,
	state TEXT NOT NULL CHECK (state IN ('pending', 'claimed', 'writing', 'verified', 'failed')),
	station TEXT,
	reader TEXT,
	lease_until INTEGER,
	started INTEGER,
	ended INTEGER,
	apdus INTEGER,
	status_word INTEGER,
	reason TEXT,
	command TEXT,
	auth_failure INTEGER,
	tries_left INTEGER,
	reconciled INTEGER,
	claims INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS ledger_rows_state ON ledger_rows (state, row_index);
-- Rows per state, kept by a trigger in the transaction of every transition: counts() after each card must not
-- scan a million-row order (~100 ms, blocking the station's event loop, as measured at 1M rows).
CREATE TABLE IF NOT EXISTS ledger_counts (state TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;
CREATE TRIGGER IF NOT EXISTS ledger_rows_counted AFTER UPDATE OF state ON ledger_rows WHEN OLD.state <> NEW.state
BEGIN
	UPDATE ledger_counts SET n = n - 1 WHERE state = OLD.state;
	UPDATE ledger_counts SET n = n + 1 WHERE state = NEW.state;
END;
`;

/** The counts of an order's rows, written once when init() has inserted them (the trigger keeps them after). */
const FILL_COUNTS = `INSERT OR REPLACE INTO ledger_counts (state, n)
	SELECT s.state, (SELECT count(*) FROM ledger_rows r WHERE r.state = s.state)
	FROM (SELECT 'pending' AS state UNION ALL SELECT 'claimed' UNION ALL SELECT 'writing' UNION ALL SELECT 'verified' UNION ALL SELECT 'failed') s`;

function message(e: unknown): string {
	return e instanceof Error ? e.message : String(e);
}

export class SqliteLedgerStore implements LedgerStore {
	readonly where: string;
	/** The durability settings the connection runs with, as SQLite reports them (journal mode, synchronous 2 = FULL). */
	readonly durability: { readonly journalMode: string; readonly synchronous: number };
	readonly #db: BetterSqlite3.Database;
	readonly #clock: () => number;
	#closed = false;
	#initialised = false;
	/** init() reads its rows asynchronously inside one transaction: other calls wait for it. */
	#initialising: Promise<unknown> = Promise.resolve();
	readonly #get: BetterSqlite3.Statement<[string], SqlRow>;
	readonly #put: BetterSqlite3.Statement<unknown[]>;
	readonly #nextPending: BetterSqlite3.Statement<[], SqlRow>;
	readonly #nextExpired: BetterSqlite3.Statement<[number], SqlRow>;
	readonly #held: BetterSqlite3.Statement<[string], SqlRow>;
	readonly #writing: BetterSqlite3.Statement<[], SqlRow>;
	readonly #page: BetterSqlite3.Statement<[number, number], SqlRow>;
	readonly #order: BetterSqlite3.Statement<[], { identity: string; name: string | null }>;

	private constructor(path: string, db: BetterSqlite3.Database, options: SqliteLedgerOptions) {
		this.where = path;
		this.#db = db;
		this.#clock = options.clock ?? Date.now;
		this.durability = { journalMode: String(db.pragma('journal_mode', { simple: true })), synchronous: Number(db.pragma('synchronous', { simple: true })) };
		const cols = ROW_COLUMNS.join(', ');
		this.#get = db.prepare(`SELECT ${cols} FROM ledger_rows WHERE iccid = ?`);
		this.#put = db.prepare(`UPDATE ledger_rows SET ${ROW_COLUMNS.map((c) => `${c} = ?`).join(', ')} WHERE row_index = ?`);
		this.#nextPending = db.prepare(`SELECT ${cols} FROM ledger_rows WHERE state = 'pending' ORDER BY row_index LIMIT 1`);
		this.#nextExpired = db.prepare(`SELECT ${cols} FROM ledger_rows WHERE state IN ('claimed', 'writing') AND (lease_until IS NULL OR lease_until <= ?) ORDER BY row_index LIMIT 1`);
		this.#held = db.prepare(`SELECT ${cols} FROM ledger_rows WHERE state IN ('claimed', 'writing') AND station = ? AND lease_until IS NOT NULL ORDER BY row_index`);
		this.#writing = db.prepare(`SELECT ${cols} FROM ledger_rows WHERE state = 'writing' ORDER BY row_index`);
		this.#page = db.prepare(`SELECT ${cols} FROM ledger_rows WHERE row_index > ? ORDER BY row_index LIMIT ?`);
		this.#order = db.prepare('SELECT identity, name FROM ledger_order WHERE id = 1');
	}

	/** Opens (creating when missing) the ledger file. Throws LedgerError `storage` naming the path and why. */
	static open(path: string, options: SqliteLedgerOptions = {}): SqliteLedgerStore {
		let Database: typeof BetterSqlite3;
		try {
			Database = require('better-sqlite3') as typeof BetterSqlite3;
		} catch (e) {
			throw new LedgerError('storage', `the SQLite ledger needs the better-sqlite3 module, which did not load (${message(e)}); run npm ci`);
		}
		let db: BetterSqlite3.Database | undefined;
		try {
			db = new Database(path, { timeout: options.busyTimeoutMs ?? 15_000 });
			const id = db.pragma('application_id', { simple: true }) as number;
			const tables = db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'ledger_%'").get() as { n: number };
			if ((id !== 0 && id !== APPLICATION_ID) || (id === 0 && tables.n > 0)) throw new LedgerError('storage', `${path} is an SQLite file of another program, not a pstudio ledger`);
			const version = db.pragma('user_version', { simple: true }) as number;
			if (version > SCHEMA_VERSION) throw new LedgerError('storage', `${path} is a ledger of a newer pstudio (schema ${version}; this one reads ${SCHEMA_VERSION})`);
			db.pragma('journal_mode = WAL');
			db.pragma('synchronous = FULL');
			db.transaction(() => {
				db!.exec(SCHEMA);
				// A ledger written before the counts table existed: count its rows once.
				const counted = db!.prepare('SELECT count(*) AS n FROM ledger_counts').get() as { n: number };
				if (counted.n === 0 && db!.prepare('SELECT 1 FROM ledger_order').get() !== undefined) db!.exec(FILL_COUNTS);
				db!.pragma(`application_id = ${APPLICATION_ID}`);
				db!.pragma(`user_version = ${SCHEMA_VERSION}`);
			}).immediate();
			return new SqliteLedgerStore(path, db, options);
		} catch (e) {
			db?.close();
			if (e instanceof LedgerError) throw e;
			const why = message(e);
			throw new LedgerError('storage', `cannot open the ledger ${path}: ${/file is not a database/i.test(why) ? 'not an SQLite file' : why}`);
		}
	}

	async init(order: LedgerOrder, rows: Iterable<LedgerSeed> | AsyncIterable<LedgerSeed>): Promise<LedgerInit> {
		const run = this.#initialising.then(() => this.#init(order, rows));
		this.#initialising = run.catch(() => undefined);
		return run;
	}

	async #init(order: LedgerOrder, rows: Iterable<LedgerSeed> | AsyncIterable<LedgerSeed>): Promise<LedgerInit> {
		this.#open();
		checkOrder(order);
		const db = this.#db;
		// One transaction for the order and all its rows: a crash half-way leaves no ledger, never half of one.
		this.#sql(() => db.exec('BEGIN IMMEDIATE'));
		let done = false;
		const cache = db.pragma('cache_size', { simple: true }) as number;
		db.pragma(`cache_size = -${INIT_CACHE_KIB}`);
		try {
			const held = this.#order.get();
			if (held !== undefined) {
				const mine: LedgerOrder = held.name === null ? { identity: held.identity } : { identity: held.identity, name: held.name };
				if (held.identity !== order.identity) throw otherOrder(mine, order);
				this.#sql(() => db.exec('COMMIT'));
				done = true;
				return { created: false, counts: await this.counts() };
			}
			this.#sql(() => db.prepare('INSERT INTO ledger_order (id, identity, name, created) VALUES (1, ?, ?, ?)').run(order.identity, order.name ?? null, this.#clock()));
			const insert = db.prepare('INSERT INTO ledger_rows (row_index, iccid, state, claims) VALUES (?, ?, ?, 0)');
			const insertMany = db.prepare(`INSERT INTO ledger_rows (row_index, iccid, state, claims) VALUES ${Array(ROWS_PER_INSERT).fill("(?, ?, 'pending', 0)").join(', ')}`);
			const values: (string | number)[] = new Array<string | number>(2 * ROWS_PER_INSERT);
			/** One row at a time: the rows of a refused many-row INSERT (SQLite undid that statement alone) say which one. */
			const insertEach = (rows: readonly LedgerRow[]): void => {
				for (const row of rows) {
					try {
						insert.run(row.rowIndex, row.iccid, 'pending');
					} catch (e) {
						throw this.#insertError(e, row);
					}
				}
			};
			let batch: LedgerRow[] = [];
			const flush = (): void => {
				let at = 0;
				for (; at + ROWS_PER_INSERT <= batch.length; at += ROWS_PER_INSERT) {
					for (let i = 0; i < ROWS_PER_INSERT; i++) {
						values[2 * i] = batch[at + i].rowIndex;
						values[2 * i + 1] = batch[at + i].iccid;
					}
					try {
						insertMany.run(values);
					} catch {
						insertEach(batch.slice(at, at + ROWS_PER_INSERT));
					}
				}
				insertEach(batch.slice(at));
				batch = [];
			};
			for await (const seed of rows) {
				batch.push(pendingRow(seed));
				if (batch.length >= INIT_BATCH) flush();
			}
			flush();
			this.#sql(() => db.exec(FILL_COUNTS));
			this.#sql(() => db.exec('COMMIT'));
			done = true;
			return { created: true, counts: await this.counts() };
		} finally {
			if (!done && db.inTransaction) db.exec('ROLLBACK');
			db.pragma(`cache_size = ${cache}`);
		}
	}

	#insertError(e: unknown, row: LedgerRow): LedgerError {
		const why = message(e);
		if (/UNIQUE constraint failed: ledger_rows\.iccid/.test(why)) {
			const first = this.#get.get(row.iccid);
			return new LedgerError('duplicate-iccid', `rows ${first === undefined ? '?' : String(first.row_index)} and ${row.rowIndex} have the same ICCID`, row.iccid);
		}
		if (/UNIQUE constraint failed: ledger_rows\.row_index|PRIMARY KEY/.test(why)) return new LedgerError('bad-argument', `row index ${row.rowIndex} is given twice`, row.iccid);
		return new LedgerError('storage', `${this.where}: ${why}`, row.iccid);
	}

	async order(): Promise<LedgerOrder | undefined> {
		await this.#initialising;
		this.#open();
		const held = this.#sql(() => this.#order.get());
		if (held === undefined) return undefined;
		return held.name === null ? { identity: held.identity } : { identity: held.identity, name: held.name };
	}

	async claim(iccid: string, holder: Holder, leaseMs: number): Promise<ClaimResult> {
		await this.#ready();
		const key = ledgerIccid(iccid);
		checkLease(leaseMs);
		return this.#write(() => {
			const found = this.#get.get(key);
			const result = claimRow(found === undefined ? undefined : fromSql(found), key, holder, leaseMs, this.#clock());
			if (result.ok) this.#store(result.row);
			return result;
		});
	}

	async claimNext(holder: Holder, leaseMs: number): Promise<Extract<ClaimResult, { ok: true }> | undefined> {
		await this.#ready();
		checkLease(leaseMs);
		return this.#write(() => {
			const now = this.#clock();
			const found = this.#nextPending.get() ?? this.#nextExpired.get(now);
			if (found === undefined) return undefined;
			const row = fromSql(found);
			if (!claimableByAnyone(row, now)) return undefined;
			const result = claimRow(row, row.iccid, holder, leaseMs, now);
			if (!result.ok) return undefined;
			this.#store(result.row);
			return result;
		});
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
		await this.#ready();
		return this.#write(() => {
			const now = this.#clock();
			let n = 0;
			for (const found of this.#held.all(station)) {
				const row = fromSql(found);
				if (readers !== undefined && !readers.includes(row.reader ?? '')) continue;
				this.#store(transition(row, { kind: 'release', holder: { station, reader: row.reader ?? '' } }, now));
				n++;
			}
			return n;
		});
	}

	async renewLease(station: string, leaseMs: number): Promise<number> {
		await this.#ready();
		checkLease(leaseMs);
		return this.#write(() => {
			const now = this.#clock();
			let n = 0;
			for (const found of this.#held.all(station)) {
				const row = fromSql(found);
				if (row.leaseUntil === undefined || row.leaseUntil <= now) continue;
				this.#store(transition(row, { kind: 'renew', holder: { station, reader: row.reader ?? '' }, leaseMs }, now));
				n++;
			}
			return n;
		});
	}

	async row(iccid: string): Promise<LedgerRow | undefined> {
		await this.#ready();
		const found = this.#sql(() => this.#get.get(ledgerIccid(iccid)));
		return found === undefined ? undefined : fromSql(found);
	}

	async rowsInWriting(station?: string): Promise<LedgerRow[]> {
		await this.#ready();
		const rows = this.#sql(() => this.#writing.all()).map(fromSql);
		return station === undefined ? rows : rows.filter((r) => r.station === station);
	}

	async counts(): Promise<LedgerCounts> {
		this.#open();
		const counts = emptyCounts();
		for (const { state, n } of this.#sql(() => this.#db.prepare('SELECT state, n FROM ledger_counts').all() as { state: keyof LedgerCounts; n: number }[])) {
			counts[state] = n;
			counts.total += n;
		}
		return counts;
	}

	async *report(): AsyncIterable<LedgerRow> {
		await this.#ready();
		let after = 0;
		for (;;) {
			this.#open();
			const page = this.#sql(() => this.#page.all(after, REPORT_PAGE));
			for (const r of page) yield fromSql(r);
			if (page.length < REPORT_PAGE) return;
			after = Number(page[page.length - 1].row_index);
		}
	}

	async close(): Promise<void> {
		if (this.#closed) return;
		await this.#initialising;
		this.#closed = true;
		this.#db.close();
	}

	async #apply(iccid: string, event: LedgerEvent): Promise<LedgerRow> {
		await this.#ready();
		const key = ledgerIccid(iccid);
		return this.#write(() => {
			const found = this.#get.get(key);
			if (found === undefined) throw new LedgerError('unknown-iccid', 'the ledger has no row for this ICCID', key);
			const next = transition(fromSql(found), event, this.#clock());
			this.#store(next);
			return next;
		});
	}

	#store(row: LedgerRow): void {
		this.#put.run(...rowValues(row), row.rowIndex);
	}

	/** One IMMEDIATE transaction: committed (WAL synced) when it returns; rolled back when `body` throws. */
	#write<T>(body: () => T): T {
		this.#open();
		return this.#sql(() => this.#db.transaction(body).immediate());
	}

	/** SQLite's own errors (busy, disk full, I/O) as LedgerError `storage` naming the file; ours pass through. */
	#sql<T>(body: () => T): T {
		try {
			return body();
		} catch (e) {
			if (e instanceof LedgerError) throw e;
			throw new LedgerError('storage', `ledger ${this.where}: ${message(e)}`);
		}
	}

	async #ready(): Promise<void> {
		await this.#initialising;
		this.#open();
		// Once a ledger has its order it keeps it (nothing deletes it): asked once, not at every transition.
		if (this.#initialised) return;
		if (this.#sql(() => this.#order.get()) === undefined) throw new LedgerError('not-initialised', 'the ledger has no order yet: init() it with the order rows first');
		this.#initialised = true;
	}

	#open(): void {
		if (this.#closed) throw new LedgerError('closed', `the ledger ${this.where} was closed`);
	}
}
