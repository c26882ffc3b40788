// Every transition is committed before its promise resolves (issue 12 Build 1): a station process is SIGKILLed at a
// random moment, again and again, on SQLite and on PostgreSQL. Every step it had reported done (after the call
// resolved) must be in the ledger after the kill; the one in flight may or may not be. Restarted each time, the
// stations finish the order: every row verified, and a row left in writing by a kill comes back as a reconcile.
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as Pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import type { LedgerState, LedgerStore } from '../../src/lib/batch/ledger/index';
import { PostgresLedgerStore, SqliteLedgerStore } from '../../src/lib/server/ledger/index';
import { seeds } from './contract';
import type { KilledJob, KilledMessage } from './killed-station';
import { freshSchema, pgClient, pgUrl, withSchema } from './pg';

const ROWS = 60;
const KILLS = 8;
const ORDER: Record<LedgerState, number> = { pending: 0, claimed: 1, writing: 2, verified: 3, failed: 3 };

const dir = mkdtempSync(join(tmpdir(), 'pstudio-ledger-kill-'));
let admin: Pg.Client | undefined;
const schemas: string[] = [];
afterAll(async () => {
	rmSync(dir, { recursive: true, force: true });
	if (admin !== undefined) {
		for (const s of schemas) await admin.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`);
		await admin.end();
	}
});

/** Runs the station until it has reported `killAfter` steps, then SIGKILLs it; or until it finishes. */
function runStation(job: KilledJob, killAfter: number): Promise<{ steps: Map<string, number>; finished: boolean }> {
	const steps = new Map<string, number>();
	const child = fork(join(import.meta.dirname, 'killed-station.ts'), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
	let count = 0;
	let finished = false;
	return new Promise((resolve, reject) => {
		child.on('message', (m: KilledMessage) => {
			if (m.kind === 'error') reject(new Error(m.message));
			else if (m.kind === 'finished') finished = true;
			else {
				steps.set(m.iccid, Math.max(steps.get(m.iccid) ?? 0, ORDER[m.step]));
				if (++count === killAfter) child.kill('SIGKILL');
			}
		});
		child.on('exit', () => resolve({ steps, finished }));
		child.send(job);
	});
}

async function killRepeatedly(store: LedgerStore, job: KilledJob): Promise<void> {
	// Fixed kill points spread over the run (3 steps a row): early, mid-row and late.
	const points = Array.from({ length: KILLS }, (_, k) => 5 + ((k * 37) % 19));
	let finished = false;
	let kills = 0;
	for (const point of [...points, Number.MAX_SAFE_INTEGER]) {
		const run = await runStation(job, point);
		if (!run.finished) kills++;
		// Every reported step is in the ledger: the row is at least as far as the station said.
		for (const [iccid, step] of run.steps) {
			const row = await store.row(iccid);
			expect({ iccid, at: ORDER[row!.state] >= step }).toEqual({ iccid, at: true });
		}
		if (run.finished) {
			finished = true;
			break;
		}
	}
	expect(kills).toBe(KILLS);
	expect(finished).toBe(true);
	expect(await store.counts()).toEqual({ total: ROWS, pending: 0, claimed: 0, writing: 0, verified: ROWS, failed: 0 });
}

describe('a station killed with SIGKILL again and again', () => {
	it(`SQLite: every reported transition survives ${KILLS} kills, and the order ends verified`, async () => {
		const path = join(dir, 'killed.sqlite');
		const store = SqliteLedgerStore.open(path);
		await store.init({ identity: 'kill' }, seeds(ROWS));
		try {
			await killRepeatedly(store, { store: 'sqlite', where: path, station: 'station-k' });
		} finally {
			await store.close();
		}
	});

	it(`PostgreSQL: every reported transition survives ${KILLS} kills, and the order ends verified`, async () => {
		admin = await pgClient(pgUrl());
		const schema = freshSchema('kill');
		schemas.push(schema);
		const url = withSchema(pgUrl(), schema);
		const store = await PostgresLedgerStore.open(url);
		await store.init({ identity: 'kill' }, seeds(ROWS));
		try {
			await killRepeatedly(store, { store: 'postgres', where: url, station: 'station-k' });
		} finally {
			await store.close();
		}
	});
});
