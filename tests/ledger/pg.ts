// The throwaway PostgreSQL of the ledger tests: `npm test` starts it (scripts/pg/pg-up.sh) and exports
// PSTUDIO_PG_URL. Without it the PostgreSQL tests fail with the command to run, never skip: a ledger contract
// that silently ran on SQLite only would prove nothing about several stations.
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import type * as Pg from 'pg';

const require = createRequire(import.meta.url);

export function pgUrl(): string {
	const url = process.env.PSTUDIO_PG_URL;
	if (url === undefined || url === '') {
		throw new Error('PSTUDIO_PG_URL is not set: the ledger tests need a PostgreSQL. Start one with `D=$(mktemp -d); export PSTUDIO_PG_URL=$(bash scripts/pg/pg-up.sh $D)` (stop: bash scripts/pg/pg-down.sh $D); npm test does this itself');
	}
	return url;
}

/** A fresh schema name, so every test has its own empty ledger in the one database. */
export function freshSchema(prefix = 't'): string {
	return `${prefix}_${randomBytes(6).toString('hex')}`;
}

export function withSchema(url: string, schema: string): string {
	const u = new URL(url);
	u.searchParams.set('schema', schema);
	return u.toString();
}

/** A plain client for what the tests check beside the store (the server's clock, dropping schemas). */
export async function pgClient(url = pgUrl()): Promise<Pg.Client> {
	const pg = require('pg') as typeof Pg;
	const client = new pg.Client({ connectionString: url });
	await client.connect();
	return client;
}
