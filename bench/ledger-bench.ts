// The job ledger's overhead per card (issue 12, Performance: under 5% of the card time on SQLite). Per card a
// station makes three committed transitions: claim (the inserted card's ICCID), markWriting, markVerified. Timed
// here alone, per card, on:
//   - SQLite: a ledger file on the disk (`--dir`, default bench/out; not tmpfs: the fsync of synchronous=FULL at
//     every commit is the cost being measured), WAL mode, as `pstudio batch run` opens it;
//   - PostgreSQL, when PSTUDIO_PG_URL is set (bench/run.sh starts a throwaway cluster with scripts/pg/pg-up.sh):
//     three transactions over TCP to 127.0.0.1, the server fsyncing its WAL at each commit;
//   - memory, the floor (no storage at all).
// Against: the card time, `--card-ms` (default 2000: bench/card-bench.ts's full flow, ~40 APDUs at ~45–50 ms per
// APDU through pcscd + vpcd, ORACLES.md §2.2) — pass the batch bench's own figure to compare with that run.
//   npx tsx bench/ledger-bench.ts [--cards 2000] [--card-ms 2000] [--dir bench/out]
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { MemoryLedgerStore, type LedgerSeed, type LedgerStore } from '../src/lib/batch/ledger/index';
import { PostgresLedgerStore, SqliteLedgerStore } from '../src/lib/server/ledger/index';
import { luhnDigit } from '../src/lib/batch';
import { option } from './options';

const CARDS = Number(option('--cards', '2000'));
const CARD_MS = Number(option('--card-ms', '2000'));
const DIR = option('--dir', join(import.meta.dirname, 'out'));
const TARGET = 0.05;

function iccid(n: number): string {
	const payload = `894900000000${String(n).padStart(6, '0')}`;
	return payload + String(luhnDigit(payload));
}

const seeds: LedgerSeed[] = Array.from({ length: CARDS }, (_, i) => ({ iccid: iccid(i + 1), rowIndex: i + 1 }));

function quantile(sorted: readonly number[], q: number): number {
	return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

async function measure(name: string, store: LedgerStore): Promise<void> {
	const t0 = performance.now();
	await store.init({ identity: `bench-${CARDS}` }, seeds);
	const initMs = performance.now() - t0;
	const holder = { station: 'bench', reader: 'Reader 0' };
	const perCard: number[] = [];
	const steps = { claim: 0, writing: 0, verified: 0 };
	for (const seed of seeds) {
		const a = performance.now();
		const claimed = await store.claim(seed.iccid, holder, 60_000);
		const b = performance.now();
		if (!claimed.ok) throw new Error(`${name}: ${seed.iccid} refused`);
		await store.markWriting(seed.iccid, holder);
		const c = performance.now();
		await store.markVerified(seed.iccid, holder, { apdus: 40, statusWord: 0x9000 });
		const d = performance.now();
		steps.claim += b - a;
		steps.writing += c - b;
		steps.verified += d - c;
		perCard.push(d - a);
	}
	const counts = await store.counts();
	if (counts.verified !== CARDS) throw new Error(`${name}: ${counts.verified} of ${CARDS} rows verified`);
	await store.close();
	const sorted = [...perCard].sort((x, y) => x - y);
	const mean = perCard.reduce((s, x) => s + x, 0) / perCard.length;
	const share = mean / CARD_MS;
	const f = (x: number): string => x.toFixed(3).padStart(8);
	console.log(
		`${name.padEnd(11)} init ${initMs.toFixed(0).padStart(5)} ms | per card: mean ${f(mean)} ms, median ${f(quantile(sorted, 0.5))}, p95 ${f(quantile(sorted, 0.95))}, max ${f(sorted[sorted.length - 1])} | claim ${f(steps.claim / CARDS)} writing ${f(steps.writing / CARDS)} verified ${f(steps.verified / CARDS)} | ${(share * 100).toFixed(3)}% of a ${CARD_MS} ms card ${share < TARGET ? '(target < 5%: met)' : '(target < 5%: NOT met)'}`
	);
}

mkdirSync(DIR, { recursive: true });
const scratch = mkdtempSync(join(DIR, 'ledger-bench-'));
console.log(`== ledger: ${CARDS} cards, 3 committed transitions each (claim, writing, verified); card time ${CARD_MS} ms`);
try {
	await measure('memory', new MemoryLedgerStore());
	await measure('SQLite', SqliteLedgerStore.open(join(scratch, 'orders.csv.ledger.sqlite')));
	const url = process.env.PSTUDIO_PG_URL;
	if (url !== undefined && url !== '') {
		const u = new URL(url);
		u.searchParams.set('schema', `bench_${process.pid}`);
		const store = await PostgresLedgerStore.open(u.toString());
		try {
			await measure('PostgreSQL', store);
		} finally {
			const { default: pg } = await import('pg');
			const admin = new pg.Client({ connectionString: url });
			await admin.connect();
			await admin.query(`DROP SCHEMA IF EXISTS "bench_${process.pid}" CASCADE`);
			await admin.end();
		}
	} else {
		console.log('PostgreSQL  not measured: PSTUDIO_PG_URL is not set (bench/run.sh ledger starts a throwaway cluster)');
	}
} finally {
	rmSync(scratch, { recursive: true, force: true });
}
