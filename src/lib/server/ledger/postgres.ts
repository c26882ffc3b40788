// The ledger in PostgreSQL (`--ledger postgres://…`): several stations on one order. The claim of an inserted card
// is one statement (UPDATE … WHERE iccid = $1 AND <claimable> RETURNING …), claimNext takes the first free row with
// SELECT … FOR UPDATE SKIP LOCKED, so stations never wait on each other's rows. Leases are measured with the
// database's now(), never a station's clock: stations whose clocks disagree still agree on who holds a row.
// The other transitions read the row FOR UPDATE, apply model.ts's transition() with the database's time and write it
// back in one transaction, so the rules are the memory and SQLite stores' own. Commits are durable as the server's
// synchronous_commit (on by default) makes them.
import { createRequire } from 'node:module';
import type * as Pg from 'pg';
import {
	LedgerError,
	checkLease,
	checkOrder,
	claimRow,
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

const REPORT_PAGE = 5000;
const INIT_BATCH = 5000;
/** A claim that lost a race to a row that then became claimable is tried again this many times. */
const CLAIM_RETRIES = 20;

export interface PostgresLedgerOptions {
	/**
	 * Test only: milliseconds added to the database's now(), so a contract test expires a lease without waiting (the
	 * clock is still the server's, moved for every statement of this store alike). Default 0.
	 */
	readonly clockOffsetMs?: () => number;
	/** Connections in the pool (a station's readers transition in parallel); default 8. */
	readonly maxConnections?: number;
	/** Connect timeout; default 10 s. */
	readonly connectTimeoutMs?: number;
}

function message(e: unknown): string {
	return e instanceof Error ? e.message : String(e);
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** The parts of a postgres:// URL a message may show: user, host, port, database, schema; never the password. */
export interface PostgresPlace {
	readonly connectionString: string;
	readonly where: string;
	readonly schema: string;
}

/**
 * Reads `postgres://user[:password]@host[:port]/database[?schema=name&host=/socket/dir&sslmode=…]`. The optional
 * `schema` parameter (default `public`) lets one database hold the ledgers of several orders. Throws LedgerError
 * `bad-argument` naming what is wrong, never echoing the password.
 */
export function parsePostgresUrl(text: string): PostgresPlace {
	let url: URL;
	try {
		url = new URL(text);
	} catch {
		throw new LedgerError('bad-argument', 'the ledger URL is not a URL; expected postgres://user@host:port/database');
	}
	if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') throw new LedgerError('bad-argument', `the ledger URL must begin postgres:// or postgresql://; found ${url.protocol}//`);
	const schema = url.searchParams.get('schema') ?? 'public';
	if (!SCHEMA_NAME.test(schema)) throw new LedgerError('bad-argument', `the ledger URL's schema must be lower-case letters, digits and _ (at most 63); found ${JSON.stringify(schema.slice(0, 70))}`);
	url.searchParams.delete('schema');
	const socket = url.searchParams.get('host');
	const host = socket ?? (url.hostname === '' ? 'localhost' : decodeURIComponent(url.hostname));
	const port = url.port === '' ? '5432' : url.port;
	const user = url.username === '' ? '' : `${decodeURIComponent(url.username)}@`;
	const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
	const where = `postgres://${user}${host}:${port}/${database}${schema === 'public' ? '' : ` (schema ${schema})`}`;
	return { connectionString: url.toString(), where, schema };
}

/** A connection or server error as one line: where, and why (pg's messages never hold the password). */
function pgError(where: string, e: unknown): LedgerError {
	if (e instanceof LedgerError) return e;
	const code = typeof e === 'object' && e !== null && 'code' in e ? String((e as { code: unknown }).code) : '';
	let why = message(e);
	if (code === 'ECONNREFUSED') why = 'connection refused (is PostgreSQL running there?)';
	else if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') why = 'host not found';
	else if (code === 'ETIMEDOUT' || /timeout/i.test(why)) why = `no answer in time (${why})`;
	else if (code === 'ENOENT') why = 'no server socket there (is PostgreSQL running?)';
	else if (code === '28P01' || code === '28000') why = `authentication refused: ${why}`;
	else if (code === '3D000') why = `no such database: ${why}`;
	// An AggregateError (IPv4 and IPv6 both refused) has an empty message: its first cause says why.
	else if (why === '' && e instanceof AggregateError && e.errors.length > 0) return pgError(where, e.errors[0]);
	return new LedgerError('storage', `ledger ${where}: ${why.split('\n')[0]}`);
}

export class PostgresLedgerStore implements LedgerStore {
	readonly where: string;
	readonly #pool: Pg.Pool;
	readonly #rows: string;
	readonly #orderTable: string;
	readonly #counts: string;
	readonly #offset: () => number;
	#closed = false;
	#initialised = false;

	private constructor(place: PostgresPlace, pool: Pg.Pool, options: PostgresLedgerOptions) {
		this.where = place.where;
		this.#pool = pool;
		this.#rows = `"${place.schema}".pstudio_ledger_rows`;
		this.#orderTable = `"${place.schema}".pstudio_ledger_order`;
		this.#counts = `"${place.schema}".pstudio_ledger_counts`;
		this.#offset = options.clockOffsetMs ?? (() => 0);
	}

	/** Connects and creates the schema when missing. Throws LedgerError `storage`: host:port/database and why. */
	static async open(url: string, options: PostgresLedgerOptions = {}): Promise<PostgresLedgerStore> {
		const place = parsePostgresUrl(url);
		let pg: typeof Pg;
		try {
			pg = require('pg') as typeof Pg;
		} catch (e) {
			throw new LedgerError('storage', `the PostgreSQL ledger needs the pg module, which did not load (${message(e)}); run npm ci`);
		}
		const pool = new pg.Pool({ connectionString: place.connectionString, max: options.maxConnections ?? 8, connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000, application_name: 'pstudio-ledger' });
		// An idle connection the server drops must not crash the station: the next query reports it.
		pool.on('error', () => undefined);
		const store = new PostgresLedgerStore(place, pool, options);
		try {
			await store.#createSchema(place.schema);
		} catch (e) {
			await pool.end().catch(() => undefined);
			throw pgError(place.where, e);
		}
		return store;
	}

	async #createSchema(schema: string): Promise<void> {
		// Two stations starting together: CREATE … IF NOT EXISTS can still collide in the catalogue, so the creation
		// is serialised by an advisory lock of this transaction.
		await this.#tx(async (c) => {
			await c.query("SELECT pg_advisory_xact_lock(hashtext('pstudio_ledger_schema'))");
			await c.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
			await c.query(`CREATE TABLE IF NOT EXISTS ${this.#orderTable} (id integer PRIMARY KEY CHECK (id = 1), identity text NOT NULL, name text, created bigint NOT NULL)`);
			await c.query(`CREATE TABLE IF NOT EXISTS ${this.#rows} (
				row_index bigint PRIMARY KEY,
				iccid text NOT NULL UNIQUE,
				state text NOT NULL CHECK (state IN ('pending', 'claimed', 'writing', 'verified', 'failed')),
				station text, reader text, lease_until bigint, started bigint, ended bigint, apdus bigint, status_word integer,
				reason text, command text, auth_failure smallint, tries_left integer, reconciled smallint,
				claims integer NOT NULL DEFAULT 0)`);
			await c.query(`CREATE INDEX IF NOT EXISTS pstudio_ledger_rows_state ON ${this.#rows} (state, row_index)`);
			// Rows per state, kept by a trigger in the transaction of every transition, so counts() after each card
			// does not scan a million-row order (~200 ms at 1M rows). The two count rows a transition changes are
			// locked in one fixed order (ORDER BY state): two stations' transitions never deadlock on them.
			await c.query(`CREATE TABLE IF NOT EXISTS ${this.#counts} (state text PRIMARY KEY, n bigint NOT NULL)`);
			await c.query(`CREATE OR REPLACE FUNCTION "${schema}".pstudio_ledger_count() RETURNS trigger LANGUAGE plpgsql AS $$
				BEGIN
					PERFORM 1 FROM ${this.#counts} WHERE state IN (OLD.state, NEW.state) ORDER BY state FOR UPDATE;
					UPDATE ${this.#counts} SET n = n + CASE WHEN state = NEW.state THEN 1 ELSE -1 END WHERE state IN (OLD.state, NEW.state);
					RETURN NULL;
				END $$`);
			await c.query(`CREATE OR REPLACE TRIGGER pstudio_ledger_counted AFTER UPDATE OF state ON ${this.#rows} FOR EACH ROW WHEN (OLD.state IS DISTINCT FROM NEW.state) EXECUTE FUNCTION "${schema}".pstudio_ledger_count()`);
			// A ledger written before the counts table existed: count its rows once.
			const counted = await c.query(`SELECT 1 FROM ${this.#counts} LIMIT 1`);
			const ordered = await c.query(`SELECT 1 FROM ${this.#orderTable} LIMIT 1`);
			if (counted.rows.length === 0 && ordered.rows.length > 0) await c.query(this.#fillCounts());
		});
	}

	/** Counts the rows once per state (after init's inserts; the trigger keeps the counts from then on). */
	#fillCounts(): string {
		return `INSERT INTO ${this.#counts} (state, n) SELECT s, (SELECT count(*) FROM ${this.#rows} WHERE state = s) FROM unnest(ARRAY['pending', 'claimed', 'writing', 'verified', 'failed']) AS t(s) ON CONFLICT (state) DO UPDATE SET n = EXCLUDED.n`;
	}

	/** The database's clock in milliseconds, as an SQL expression (now() is the transaction's start). */
	#now(): string {
		const offset = this.#offset();
		if (!Number.isSafeInteger(offset)) throw new LedgerError('bad-argument', `a clock offset is whole milliseconds; found ${offset}`);
		return `(floor(extract(epoch from now()) * 1000)::bigint + ${offset})`;
	}

	async init(order: LedgerOrder, rows: Iterable<LedgerSeed> | AsyncIterable<LedgerSeed>): Promise<LedgerInit> {
		this.#open();
		checkOrder(order);
		const result = await this.#tx(async (c) => {
			// Stations initialising the same ledger at once: one inserts, the others then find the order.
			await c.query(`SELECT pg_advisory_xact_lock(hashtext('pstudio_ledger_init:' || $1))`, [this.#rows]);
			const held = await c.query<{ identity: string; name: string | null }>(`SELECT identity, name FROM ${this.#orderTable} WHERE id = 1`);
			if (held.rows.length > 0) {
				const h = held.rows[0];
				if (h.identity !== order.identity) throw otherOrder(h.name === null ? { identity: h.identity } : { identity: h.identity, name: h.name }, order);
				return false;
			}
			await c.query(`INSERT INTO ${this.#orderTable} (id, identity, name, created) VALUES (1, $1, $2, ${this.#now()})`, [order.identity, order.name ?? null]);
			let batch: LedgerRow[] = [];
			const flush = async (): Promise<void> => {
				if (batch.length === 0) return;
				await c.query('SAVEPOINT batch');
				try {
					await c.query(`INSERT INTO ${this.#rows} (row_index, iccid, state, claims) SELECT i, c, 'pending', 0 FROM unnest($1::bigint[], $2::text[]) AS t(i, c)`, [batch.map((r) => r.rowIndex), batch.map((r) => r.iccid)]);
				} catch (e) {
					await c.query('ROLLBACK TO SAVEPOINT batch');
					throw await this.#insertError(c, e, batch);
				}
				batch = [];
			};
			for await (const seed of rows) {
				batch.push(pendingRow(seed));
				if (batch.length >= INIT_BATCH) await flush();
			}
			await flush();
			await c.query(this.#fillCounts());
			return true;
		});
		this.#initialised = true;
		return { created: result, counts: await this.counts() };
	}

	async #insertError(c: Pg.PoolClient, e: unknown, batch: readonly LedgerRow[]): Promise<LedgerError> {
		const constraint = typeof e === 'object' && e !== null && 'constraint' in e ? String((e as { constraint: unknown }).constraint) : '';
		const detail = typeof e === 'object' && e !== null && 'detail' in e ? String((e as { detail: unknown }).detail) : '';
		const key = /=\((\d+)\)/.exec(detail)?.[1];
		if (key !== undefined && constraint.endsWith('iccid_key')) {
			const earlier = await c.query<{ row_index: string }>(`SELECT row_index FROM ${this.#rows} WHERE iccid = $1`, [key]);
			const inBatch = batch.filter((r) => r.iccid === key).map((r) => r.rowIndex);
			const indexes = [...earlier.rows.map((r) => Number(r.row_index)), ...inBatch].slice(0, 2);
			return new LedgerError('duplicate-iccid', `rows ${indexes.join(' and ')} have the same ICCID`, key);
		}
		if (key !== undefined && constraint.endsWith('pkey')) return new LedgerError('bad-argument', `row index ${key} is given twice`);
		return pgError(this.where, e);
	}

	async order(): Promise<LedgerOrder | undefined> {
		this.#open();
		const held = await this.#query<{ identity: string; name: string | null }>(`SELECT identity, name FROM ${this.#orderTable} WHERE id = 1`);
		if (held.length === 0) return undefined;
		const h = held[0];
		return h.name === null ? { identity: h.identity } : { identity: h.identity, name: h.name };
	}

	async claim(iccid: string, holder: Holder, leaseMs: number): Promise<ClaimResult> {
		await this.#ready();
		const key = ledgerIccid(iccid);
		checkLease(leaseMs);
		const now = this.#now();
		for (let attempt = 0; attempt < CLAIM_RETRIES; attempt++) {
			// One statement: under READ COMMITTED a concurrent claim of the same row makes this one re-check the WHERE on
			// the committed row (PostgreSQL docs §13.2.1), so exactly one of two readers gets it.
			const claimed = await this.#query<SqlRow>(
				`UPDATE ${this.#rows} SET ${CLAIM_SET(now, '$2', '$3', '$4')} WHERE iccid = $1 AND (state = 'pending' OR (state IN ('claimed', 'writing') AND (lease_until IS NULL OR lease_until <= ${now} OR (station = $2 AND reader = $3)))) RETURNING ${ROW_COLUMNS.join(', ')}`,
				[key, holder.station, holder.reader, leaseMs]
			);
			if (claimed.length > 0) {
				const row = fromSql(claimed[0]);
				return { ok: true, row, reconcile: row.state === 'writing' };
			}
			// Not claimed: read why (the same rule, model.ts, on the row as it is now).
			const found = await this.#query<SqlRow & { now: string }>(`SELECT ${ROW_COLUMNS.join(', ')}, ${now} AS now FROM ${this.#rows} WHERE iccid = $1`, [key]);
			const row = found.length === 0 ? undefined : fromSql(found[0]);
			const result = claimRow(row, key, holder, leaseMs, found.length === 0 ? 0 : Number(found[0].now));
			if (!result.ok) return result;
			// Claimable by now (the holder released it meanwhile): try the statement again.
		}
		throw new LedgerError('storage', `ledger ${this.where}: the claim lost ${CLAIM_RETRIES} races in a row`, key);
	}

	async claimNext(holder: Holder, leaseMs: number): Promise<Extract<ClaimResult, { ok: true }> | undefined> {
		await this.#ready();
		checkLease(leaseMs);
		const now = this.#now();
		// Pending rows first (the (state, row_index) index finds the first at once), then rows whose lease ran out.
		const conditions = [`state = 'pending'`, `state IN ('claimed', 'writing') AND (lease_until IS NULL OR lease_until <= ${now})`];
		for (let attempt = 0; attempt < CLAIM_RETRIES; attempt++) {
			for (const condition of conditions) {
				// The row is locked by the CTE until this statement commits: no other station can take it in between.
				const claimed = await this.#query<SqlRow>(
					`WITH next AS (SELECT row_index FROM ${this.#rows} WHERE ${condition} ORDER BY row_index LIMIT 1 FOR UPDATE SKIP LOCKED)
					 UPDATE ${this.#rows} r SET ${CLAIM_SET(now, '$1', '$2', '$3')} FROM next WHERE r.row_index = next.row_index
					 RETURNING ${ROW_COLUMNS.map((c) => `r.${c}`).join(', ')}`,
					[holder.station, holder.reader, leaseMs]
				);
				if (claimed.length > 0) {
					const row = fromSql(claimed[0]);
					return { ok: true, row, reconcile: row.state === 'writing' };
				}
			}
			// Nothing taken: none left, or every free row was locked by another station's claim at that moment.
			const left = await this.#query<{ n: string }>(`SELECT count(*) AS n FROM (SELECT 1 FROM ${this.#rows} WHERE (${conditions[0]}) OR (${conditions[1]}) LIMIT 1) t`);
			if (Number(left[0].n) === 0) return undefined;
			// Another station's claim holds the last free rows for the length of one statement: wait a moment.
			await new Promise((resolve) => setTimeout(resolve, 5 * (attempt + 1)));
		}
		// Rows are left but each attempt found them locked: say so rather than answer "none left".
		throw new LedgerError('storage', `ledger ${this.where}: rows are left but every claim attempt found them locked by other stations (${CLAIM_RETRIES} tries)`);
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
		return this.#each(station, false, (row, now) => transition(row, { kind: 'release', holder: { station, reader: row.reader ?? '' } }, now), readers);
	}

	async renewLease(station: string, leaseMs: number): Promise<number> {
		await this.#ready();
		checkLease(leaseMs);
		return this.#each(station, true, (row, now) => transition(row, { kind: 'renew', holder: { station, reader: row.reader ?? '' }, leaseMs }, now));
	}

	/** Applies `step` to every row the station holds (only live leases when `live`; only on `readers` when given), in one transaction. */
	async #each(station: string, live: boolean, step: (row: LedgerRow, now: number) => LedgerRow, readers?: readonly string[]): Promise<number> {
		const now = this.#now();
		return this.#tx(async (c) => {
			const held = await c.query<SqlRow & { now: string }>(
				`SELECT ${ROW_COLUMNS.join(', ')}, ${now} AS now FROM ${this.#rows} WHERE state IN ('claimed', 'writing') AND station = $1 AND lease_until IS NOT NULL${live ? ` AND lease_until > ${now}` : ''}${readers === undefined ? '' : ' AND reader = ANY($2::text[])'} ORDER BY row_index FOR UPDATE`,
				readers === undefined ? [station] : [station, [...readers]]
			);
			for (const found of held.rows) await this.#put(c, step(fromSql(found), Number(found.now)));
			return held.rows.length;
		});
	}

	async row(iccid: string): Promise<LedgerRow | undefined> {
		await this.#ready();
		const found = await this.#query<SqlRow>(`SELECT ${ROW_COLUMNS.join(', ')} FROM ${this.#rows} WHERE iccid = $1`, [ledgerIccid(iccid)]);
		return found.length === 0 ? undefined : fromSql(found[0]);
	}

	async rowsInWriting(station?: string): Promise<LedgerRow[]> {
		await this.#ready();
		const found = await this.#query<SqlRow>(`SELECT ${ROW_COLUMNS.join(', ')} FROM ${this.#rows} WHERE state = 'writing'${station === undefined ? '' : ' AND station = $1'} ORDER BY row_index`, station === undefined ? [] : [station]);
		return found.map(fromSql);
	}

	async counts(): Promise<LedgerCounts> {
		this.#open();
		const counts = emptyCounts();
		for (const { state, n } of await this.#query<{ state: keyof LedgerCounts; n: string }>(`SELECT state, n FROM ${this.#counts}`)) {
			counts[state] = Number(n);
			counts.total += Number(n);
		}
		return counts;
	}

	async *report(): AsyncIterable<LedgerRow> {
		await this.#ready();
		let after = 0;
		for (;;) {
			this.#open();
			const page = await this.#query<SqlRow>(`SELECT ${ROW_COLUMNS.join(', ')} FROM ${this.#rows} WHERE row_index > $1 ORDER BY row_index LIMIT ${REPORT_PAGE}`, [after]);
			for (const r of page) yield fromSql(r);
			if (page.length < REPORT_PAGE) return;
			after = Number(page[page.length - 1].row_index);
		}
	}

	async close(): Promise<void> {
		if (this.#closed) return;
		this.#closed = true;
		await this.#pool.end();
	}

	async #apply(iccid: string, event: LedgerEvent): Promise<LedgerRow> {
		await this.#ready();
		const key = ledgerIccid(iccid);
		const now = this.#now();
		return this.#tx(async (c) => {
			const found = await c.query<SqlRow & { now: string }>(`SELECT ${ROW_COLUMNS.join(', ')}, ${now} AS now FROM ${this.#rows} WHERE iccid = $1 FOR UPDATE`, [key]);
			if (found.rows.length === 0) throw new LedgerError('unknown-iccid', 'the ledger has no row for this ICCID', key);
			const next = transition(fromSql(found.rows[0]), event, Number(found.rows[0].now));
			await this.#put(c, next);
			return next;
		});
	}

	async #put(c: Pg.PoolClient, row: LedgerRow): Promise<void> {
		const values = rowValues(row);
		await c.query(`UPDATE ${this.#rows} SET ${ROW_COLUMNS.map((col, i) => `${col} = $${i + 1}`).join(', ')} WHERE row_index = $${values.length + 1}`, [...values, row.rowIndex]);
	}

	async #query<R extends object>(sql: string, values: unknown[] = []): Promise<R[]> {
		try {
			return (await this.#pool.query<R & Pg.QueryResultRow>(sql, values)).rows;
		} catch (e) {
			throw pgError(this.where, e);
		}
	}

	/** One transaction on one connection: committed before it resolves, rolled back when `body` throws. */
	async #tx<T>(body: (c: Pg.PoolClient) => Promise<T>): Promise<T> {
		let c: Pg.PoolClient;
		try {
			c = await this.#pool.connect();
		} catch (e) {
			throw pgError(this.where, e);
		}
		let broken = false;
		try {
			await c.query('BEGIN');
			const result = await body(c);
			await c.query('COMMIT');
			return result;
		} catch (e) {
			try {
				await c.query('ROLLBACK');
			} catch {
				broken = true;
			}
			throw pgError(this.where, e);
		} finally {
			c.release(broken);
		}
	}

	async #ready(): Promise<void> {
		this.#open();
		if (this.#initialised) return;
		if ((await this.order()) === undefined) throw new LedgerError('not-initialised', 'the ledger has no order yet: init() it with the order rows first');
		this.#initialised = true;
	}

	#open(): void {
		if (this.#closed) throw new LedgerError('closed', `the ledger ${this.where} was closed`);
	}
}

/** The SET of a claim (parameters: station, reader, lease ms): a writing row stays writing (its claimer reconciles). */
function CLAIM_SET(now: string, station: string, reader: string, lease: string): string {
	return `state = CASE WHEN state = 'writing' THEN 'writing' ELSE 'claimed' END, station = ${station}::text, reader = ${reader}::text, lease_until = ${now} + ${lease}::bigint, started = ${now},
		ended = NULL, apdus = NULL, status_word = NULL, reason = NULL, command = NULL, auth_failure = NULL, tries_left = NULL, reconciled = NULL, claims = claims + 1`;
}
