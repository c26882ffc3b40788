// Two stations in two OS processes race for the rows of one ledger, on SQLite (one file) and on PostgreSQL (one
// database): a few thousand claims each, by ICCID (the inserted card) and by claimNext (SKIP LOCKED). Every row must
// be claimed by exactly one of them, exactly once (issue 12: "two processes claiming concurrently never get the
// same row"); the ledger's own claim counter must say 1 for every row.
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { LedgerStore } from '../../src/lib/batch/ledger/index';
import { PostgresLedgerStore, SqliteLedgerStore } from '../../src/lib/server/ledger/index';
import type { ClaimerJob, ClaimerMessage } from './claimer';
import { seeds } from './contract';
import { freshSchema, pgClient, pgUrl, withSchema } from './pg';

const ROWS = 2_000;
const dir = mkdtempSync(join(tmpdir(), 'pstudio-ledger-race-'));
const schemas: string[] = [];
afterAll(async () => {
	rmSync(dir, { recursive: true, force: true });
	if (schemas.length > 0) {
		const admin = await pgClient();
		for (const s of schemas) await admin.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`);
		await admin.end();
	}
});

/** A seeded shuffle (mulberry32), so a failure replays with the same orders. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
	const out = [...items];
	let s = seed >>> 0;
	const next = (): number => {
		s = (s + 0x6d2b79f5) >>> 0;
		let t = s;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	for (let i = out.length - 1; i > 0; i--) {
		const j = Math.floor(next() * (i + 1));
		[out[i], out[j]] = [out[j], out[i]];
	}
	return out;
}

interface Outcome {
	readonly claimed: string[];
	readonly refused: number;
	/** When the process began and ended its claims (Date.now, one machine's clock). */
	readonly from: number;
	readonly to: number;
}

function start(job: ClaimerJob): { child: ChildProcess; ready: Promise<void>; done: Promise<Outcome> } {
	const child = fork(join(import.meta.dirname, 'claimer.ts'), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
	let onReady: () => void = () => undefined;
	const ready = new Promise<void>((resolve) => {
		onReady = resolve;
	});
	const done = new Promise<Outcome>((resolve, reject) => {
		child.on('message', (m: ClaimerMessage) => {
			if (m.kind === 'ready') onReady();
			else if (m.kind === 'done') resolve(m);
			else reject(new Error(`${job.station}: ${m.message}`));
		});
		child.on('exit', (code) => reject(new Error(`${job.station} exited with ${code} before it finished`)));
	});
	child.send(job);
	return { child, ready, done };
}

async function race(store: LedgerStore, job: Omit<ClaimerJob, 'station' | 'iccids'>, iccids: readonly string[]): Promise<{ a: Outcome; b: Outcome }> {
	const a = start({ ...job, station: 'station-a', iccids: shuffled(iccids, 1) });
	const b = start({ ...job, station: 'station-b', iccids: shuffled(iccids, 2) });
	await Promise.all([a.ready, b.ready]);
	// Both are connected and waiting: "go" to both at once, so their claims overlap.
	a.child.send('go');
	b.child.send('go');
	const [ra, rb] = await Promise.all([a.done, b.done]);
	// Every row claimed by exactly one process, once.
	const perIccid = new Map<string, number>();
	for (const iccid of [...ra.claimed, ...rb.claimed]) perIccid.set(iccid, (perIccid.get(iccid) ?? 0) + 1);
	const twice = [...perIccid].filter(([, n]) => n > 1);
	expect(twice).toEqual([]);
	expect(perIccid.size).toBe(iccids.length);
	// Both really raced: their claim loops ran at the same time. (Not that each got a share: SQLite's busy handler
	// sleeps, so a process claiming back to back can starve the other on one file; real stations pause for cards.)
	expect(ra.from).toBeLessThan(rb.to);
	expect(rb.from).toBeLessThan(ra.to);
	// The ledger agrees: every row verified, claimed once, by the station that says it claimed it.
	const by = new Map<string, string>([...ra.claimed.map((i) => [i, 'station-a'] as const), ...rb.claimed.map((i) => [i, 'station-b'] as const)]);
	let rows = 0;
	for await (const row of store.report()) {
		rows++;
		expect(row.state).toBe('verified');
		expect(row.claims).toBe(1);
		expect(row.station).toBe(by.get(row.iccid));
	}
	expect(rows).toBe(iccids.length);
	// The per-state counts the stores keep with every transition agree with the rows.
	expect(await store.counts()).toEqual({ total: iccids.length, pending: 0, claimed: 0, writing: 0, verified: iccids.length, failed: 0 });
	return { a: ra, b: rb };
}

const ICCIDS = seeds(ROWS).map((s) => s.iccid);

describe('two processes claiming one SQLite ledger', () => {
	for (const mode of ['claim', 'next'] as const) {
		it(`never get the same row (${ROWS} rows, ${mode === 'claim' ? 'claim by ICCID, each process trying all' : 'claimNext'})`, async () => {
			const path = join(dir, `race-${mode}.sqlite`);
			const store = SqliteLedgerStore.open(path);
			await store.init({ identity: `race-${mode}` }, seeds(ROWS));
			try {
				const { a, b } = await race(store, { store: 'sqlite', where: path, mode }, ICCIDS);
				if (mode === 'claim') expect(a.refused + b.refused).toBe(ROWS);
			} finally {
				await store.close();
			}
		});
	}
});

describe('two processes claiming one PostgreSQL ledger', () => {
	for (const mode of ['claim', 'next'] as const) {
		it(`never get the same row (${ROWS} rows, ${mode === 'claim' ? 'claim by ICCID in one UPDATE, each process trying all' : 'claimNext with SKIP LOCKED'})`, async () => {
			const schema = freshSchema('race');
			schemas.push(schema);
			const url = withSchema(pgUrl(), schema);
			const store = await PostgresLedgerStore.open(url);
			await store.init({ identity: `race-${mode}` }, seeds(ROWS));
			try {
				const { a, b } = await race(store, { store: 'postgres', where: url, mode }, ICCIDS);
				if (mode === 'claim') expect(a.refused + b.refused).toBe(ROWS);
				// PostgreSQL's row locks let both in: each took a share of the rows.
				expect(Math.min(a.claimed.length, b.claimed.length)).toBeGreaterThan(ROWS / 20);
			} finally {
				await store.close();
			}
		});
	}
});
