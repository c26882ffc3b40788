// The ledger contract on PostgreSQL (a throwaway cluster, tests/ledger/pg.ts): a schema per test, leases measured
// with the server's now(). Moving the clock: a test-only offset the store adds to now() in every statement
// (PostgresLedgerOptions.clockOffsetMs) — the contract's lease tests wait up to 20 s of ledger time, which real
// waiting would make slow and, on a loaded 2-core CI machine, flaky. One test below waits for real (a 1 s lease)
// to show that the server's own clock expires leases.
import { afterAll, describe, expect, it } from 'vitest';
import type * as Pg from 'pg';
import { LedgerError } from '../../src/lib/batch/ledger/index';
import { PostgresLedgerStore, parsePostgresUrl } from '../../src/lib/server/ledger/index';
import { iccid, ledgerContract, seeds } from './contract';
import { freshSchema, pgClient, pgUrl, withSchema } from './pg';

let admin: Pg.Client | undefined;
const schemas: string[] = [];

/** Connected on first use, inside a test: without PSTUDIO_PG_URL every test fails with the command to run (a
 * failing beforeAll would mark them skipped instead). */
async function adminClient(): Promise<Pg.Client> {
	admin ??= await pgClient();
	return admin;
}

afterAll(async () => {
	if (admin === undefined) return;
	for (const s of schemas) await admin.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`);
	await admin.end();
});

ledgerContract('PostgreSQL', async () => {
	const client = await adminClient();
	const schema = freshSchema();
	schemas.push(schema);
	let offset = 0;
	const url = withSchema(pgUrl(), schema);
	const options = { clockOffsetMs: () => offset, maxConnections: 2 };
	const store = await PostgresLedgerStore.open(url, options);
	const others: PostgresLedgerStore[] = [];
	return {
		store,
		advance: (ms) => {
			offset += ms;
		},
		now: async () => Number((await client.query<{ now: string }>('SELECT floor(extract(epoch from now()) * 1000)::bigint AS now')).rows[0].now) + offset,
		another: async () => {
			const other = await PostgresLedgerStore.open(url, options);
			others.push(other);
			return other;
		},
		dispose: async () => {
			await store.close();
			for (const o of others) await o.close();
		}
	};
});

describe('PostgreSQL: the server', () => {
	it('expires a lease by the server clock: a 1 s lease, waited for for real', async () => {
		const schema = freshSchema();
		schemas.push(schema);
		const store = await PostgresLedgerStore.open(withSchema(pgUrl(), schema));
		try {
			await store.init({ identity: 'real-time' }, seeds(1));
			expect((await store.claim(iccid(1), { station: 'a', reader: 'r' }, 1_000)).ok).toBe(true);
			expect((await store.claim(iccid(1), { station: 'b', reader: 'r' }, 1_000)).ok).toBe(false);
			await new Promise((r) => setTimeout(r, 1_200));
			const taken = await store.claim(iccid(1), { station: 'b', reader: 'r' }, 1_000);
			expect(taken.ok && taken.row.station).toBe('b');
		} finally {
			await store.close();
		}
	});

	it('says where and why a connection failed, in one line, never with the password', async () => {
		const u = new URL(pgUrl());
		// A port nothing listens on: the throwaway cluster's port + 1 is free unless another test took it; 1 is never.
		const url = `postgres://pstudio:s3cr3t-pw@127.0.0.1:1/pstudio`;
		const e = await PostgresLedgerStore.open(url, { connectTimeoutMs: 3_000 }).catch((x: unknown) => x);
		expect(e).toBeInstanceOf(LedgerError);
		expect((e as LedgerError).message).toBe('ledger postgres://pstudio@127.0.0.1:1/pstudio: connection refused (is PostgreSQL running there?)');
		expect((e as LedgerError).message).not.toContain('s3cr3t');
		const nodb = `postgres://pstudio:s3cr3t-pw@${u.host}/no_such_db`;
		const e2 = await PostgresLedgerStore.open(nodb).catch((x: unknown) => x);
		expect((e2 as LedgerError).message).toBe(`ledger postgres://pstudio@${u.host}/no_such_db: no such database: database "no_such_db" does not exist`);
	});

	it('reads the ledger URL: schema, socket folder, and refuses what it cannot use', () => {
		expect(parsePostgresUrl('postgres://ops:pw@db.example:6432/perso?schema=order_42')).toEqual({ connectionString: 'postgres://ops:pw@db.example:6432/perso', where: 'postgres://ops@db.example:6432/perso (schema order_42)', schema: 'order_42' });
		expect(parsePostgresUrl('postgresql:///perso?host=/run/postgresql').where).toBe('postgres:///run/postgresql:5432/perso');
		expect(() => parsePostgresUrl('postgres://h/db?schema=Robert%27)%3B')).toThrow(new LedgerError('bad-argument', 'the ledger URL\'s schema must be lower-case letters, digits and _ (at most 63); found "Robert\');"'));
	});

	it('two stations initialising one order at once: one creates it, the other resumes it', async () => {
		const schema = freshSchema();
		schemas.push(schema);
		const url = withSchema(pgUrl(), schema);
		const [a, b] = await Promise.all([PostgresLedgerStore.open(url), PostgresLedgerStore.open(url)]);
		try {
			const results = await Promise.all([a.init({ identity: 'same' }, seeds(3000)), b.init({ identity: 'same' }, seeds(3000))]);
			expect(results.map((r) => r.created).sort()).toEqual([false, true]);
			expect(results.map((r) => r.counts.total)).toEqual([3000, 3000]);
		} finally {
			await a.close();
			await b.close();
		}
	});
});
