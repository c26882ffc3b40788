// The three stores against each other on random histories (fast-check): the same claims, steps, releases, renewals
// and clock moves, by three holders on four rows, must give the same answers — the same claim or refusal reason, the
// same error code, the same rows — on memory (the reference), SQLite and PostgreSQL. The contract suite checks
// chosen cases; this finds the orders of events nobody wrote down.
// Times: memory and SQLite share one exact clock, so their rows are compared whole. PostgreSQL's clock is the
// server's now() plus the test offset, a few ms apart from it, so its rows are compared without times; clock moves
// of 7 s against leases of 10 s keep every lease decision at least 3 s from its boundary.
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as Pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { LedgerError, MemoryLedgerStore, type Holder, type LedgerRow, type LedgerStore } from '../../src/lib/batch/ledger/index';
import { PostgresLedgerStore, SqliteLedgerStore } from '../../src/lib/server/ledger/index';
import { seeds } from './contract';
import { freshSchema, pgClient, pgUrl, withSchema } from './pg';

const HOLDERS: Holder[] = [
	{ station: 'a', reader: 'r1' },
	{ station: 'a', reader: 'r2' },
	{ station: 'b', reader: 'r1' }
];
const ROWS = seeds(4);
const LEASE = 10_000;
const STEP = 7_000;

type Op =
	| { op: 'claim'; row: number; who: number }
	| { op: 'claimNext'; who: number }
	| { op: 'writing' | 'verified' | 'reconciled' | 'failed' | 'release'; row: number; who: number }
	| { op: 'releaseStation' | 'renew'; who: number }
	| { op: 'advance' };

const row = fc.integer({ min: 0, max: ROWS.length - 1 });
const who = fc.integer({ min: 0, max: HOLDERS.length - 1 });
const opArb: fc.Arbitrary<Op> = fc.oneof(
	{ arbitrary: fc.record({ op: fc.constant('claim' as const), row, who }), weight: 4 },
	{ arbitrary: fc.record({ op: fc.constant('claimNext' as const), who }), weight: 2 },
	{ arbitrary: fc.record({ op: fc.constantFrom('writing' as const, 'verified' as const, 'reconciled' as const, 'failed' as const, 'release' as const), row, who }), weight: 6 },
	{ arbitrary: fc.record({ op: fc.constantFrom('releaseStation' as const, 'renew' as const), who }), weight: 1 },
	{ arbitrary: fc.record({ op: fc.constant('advance' as const) }), weight: 2 }
);

async function apply(store: LedgerStore, op: Op, advance: () => void): Promise<unknown> {
	try {
		switch (op.op) {
			case 'advance':
				advance();
				return 'moved';
			case 'claim': {
				const r = await store.claim(ROWS[op.row].iccid, HOLDERS[op.who], LEASE);
				return r.ok ? { ok: r.row, reconcile: r.reconcile } : { refused: r.refusal.reason, who: 'station' in r.refusal ? `${r.refusal.station}/${r.refusal.reader}` : '' };
			}
			case 'claimNext': {
				const r = await store.claimNext(HOLDERS[op.who], LEASE);
				return r === undefined ? 'none' : { ok: r.row, reconcile: r.reconcile };
			}
			case 'writing':
				return await store.markWriting(ROWS[op.row].iccid, HOLDERS[op.who]);
			case 'verified':
				return await store.markVerified(ROWS[op.row].iccid, HOLDERS[op.who], { apdus: 9, statusWord: 0x9000 });
			case 'reconciled':
				return await store.markVerified(ROWS[op.row].iccid, HOLDERS[op.who], { apdus: 4, reconciled: true });
			case 'failed':
				return await store.markFailed(ROWS[op.row].iccid, HOLDERS[op.who], { reason: 'SW 6A84', command: 'UPDATE BINARY 00 D6 00 00 FF', statusWord: 0x6a84, apdus: 5 });
			case 'release':
				return await store.release(ROWS[op.row].iccid, HOLDERS[op.who]);
			case 'releaseStation':
				return { released: await store.releaseStation(HOLDERS[op.who].station) };
			case 'renew':
				return { renewed: await store.renewLease(HOLDERS[op.who].station, LEASE) };
		}
	} catch (e) {
		if (e instanceof LedgerError) return { error: e.code };
		throw e;
	}
}

async function rows(store: LedgerStore): Promise<LedgerRow[]> {
	const out: LedgerRow[] = [];
	for await (const r of store.report()) out.push(r);
	return out;
}

/** Answers and rows without their times (for PostgreSQL, whose clock is the server's). */
function timeless(value: unknown): unknown {
	return JSON.parse(JSON.stringify(value, (k, v: unknown) => (k === 'leaseUntil' || k === 'started' || k === 'ended' ? undefined : v)));
}

const dir = mkdtempSync(join(tmpdir(), 'pstudio-ledger-diff-'));
let files = 0;
let admin: Pg.Client | undefined;
const schemas: string[] = [];
afterAll(async () => {
	rmSync(dir, { recursive: true, force: true });
	if (admin !== undefined) {
		for (const s of schemas) await admin.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`);
		await admin.end();
	}
});

describe('random histories give the same answers on every store', () => {
	it('memory and SQLite: the same answers and rows, times included (200 histories of up to 40 steps)', async () => {
		await fc.assert(
			fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 40 }), async (ops) => {
				let now = Date.UTC(2026, 11, 5);
				const memory = new MemoryLedgerStore({ clock: () => now });
				const sqlite = SqliteLedgerStore.open(join(dir, `d-${++files}.sqlite`), { clock: () => now });
				try {
					await memory.init({ identity: 'diff' }, ROWS);
					await sqlite.init({ identity: 'diff' }, ROWS);
					for (const op of ops) {
						const expected = await apply(memory, op, () => (now += STEP));
						// The clock moved once for both: SQLite's advance is a no-op.
						const found = await apply(sqlite, op, () => undefined);
						expect({ op, found }).toEqual({ op, found: expected });
					}
					expect(await rows(sqlite)).toEqual(await rows(memory));
					expect(await sqlite.counts()).toEqual(await memory.counts());
				} finally {
					await memory.close();
					await sqlite.close();
				}
			}),
			{ numRuns: 200 }
		);
	});

	it('memory and PostgreSQL: the same answers and rows, times aside (25 histories of up to 30 steps)', async () => {
		admin = await pgClient(pgUrl());
		await fc.assert(
			fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 30 }), async (ops) => {
				let now = Date.UTC(2026, 11, 5);
				let offset = 0;
				const schema = freshSchema('diff');
				schemas.push(schema);
				const memory = new MemoryLedgerStore({ clock: () => now });
				const pg = await PostgresLedgerStore.open(withSchema(pgUrl(), schema), { clockOffsetMs: () => offset, maxConnections: 1 });
				try {
					await memory.init({ identity: 'diff' }, ROWS);
					await pg.init({ identity: 'diff' }, ROWS);
					for (const op of ops) {
						const expected = await apply(memory, op, () => (now += STEP));
						const found = await apply(pg, op, () => (offset += STEP));
						expect(timeless({ op, found })).toEqual(timeless({ op, found: expected }));
					}
					expect(timeless(await rows(pg))).toEqual(timeless(await rows(memory)));
					expect(await pg.counts()).toEqual(await memory.counts());
				} finally {
					await memory.close();
					await pg.close();
				}
			}),
			{ numRuns: 25 }
		);
	});
});
