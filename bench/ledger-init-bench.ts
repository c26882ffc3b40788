// A new SQLite ledger's fill (issue 12's station: `pstudio batch run` fills one row per card of the order before the
// first card, a 10-million-row order included), SqliteLedgerStore.init() against the previous version's statements
// in the same run: one INSERT run per row in one transaction, at SQLite's default page cache — that workload exactly,
// on a ledger file with the same schema (the store creates it, then the rows go in through better-sqlite3 directly).
// Two orders of `--rows` rows each: ICCIDs in file order (a bureau's usual order) and shuffled (an order sorted by
// something else: the ICCID index then takes rows all over it). A fresh file each time, on the disk (`--dir`).
//   npx tsx bench/ledger-init-bench.ts [--rows 1000000] [--dir bench/out]
import Database from 'better-sqlite3';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pendingRow, type LedgerSeed } from '../src/lib/batch/ledger/index';
import { SqliteLedgerStore } from '../src/lib/server/ledger/index';
import { luhnDigit } from '../src/lib/batch';
import { option } from './options';

const ROWS = Number(option('--rows', '1000000'));
const DIR = option('--dir', join(import.meta.dirname, 'out'));

/** 19-digit ICCIDs 8949… with a Luhn check digit (ITU-T E.118), numbered n. */
function iccid(n: number): string {
	const payload = `8949${String(n).padStart(14, '0')}`;
	return payload + String(luhnDigit(payload));
}

/** Row i's ICCID number: i, or a fixed permutation of 1..ROWS (a multiplier coprime with ROWS). */
function numbering(shuffled: boolean): (i: number) => number {
	if (!shuffled) return (i) => i;
	let step = 7_919;
	while (gcd(step, ROWS) !== 1) step++;
	return (i) => ((i * step) % ROWS) + 1;
}

function gcd(a: number, b: number): number {
	return b === 0 ? a : gcd(b, a % b);
}

function* seeds(shuffled: boolean): Generator<LedgerSeed> {
	const n = numbering(shuffled);
	for (let i = 1; i <= ROWS; i++) yield { iccid: iccid(n(i)), rowIndex: i };
}

async function ours(path: string, shuffled: boolean): Promise<number> {
	const store = SqliteLedgerStore.open(path);
	const t0 = performance.now();
	await store.init({ identity: 'bench', name: 'order.csv' }, seeds(shuffled));
	const ms = performance.now() - t0;
	await store.close();
	return ms;
}

/** The previous version's fill: the same transaction, row checks and counts, one statement run per row, the default cache. */
async function previous(path: string, shuffled: boolean): Promise<number> {
	await SqliteLedgerStore.open(path).close();
	const db = new Database(path);
	db.pragma('journal_mode = WAL');
	db.pragma('synchronous = FULL');
	const t0 = performance.now();
	db.exec('BEGIN IMMEDIATE');
	db.prepare('INSERT INTO ledger_order (id, identity, name, created) VALUES (1, ?, ?, ?)').run('bench', 'order.csv', Date.now());
	const insert = db.prepare('INSERT INTO ledger_rows (row_index, iccid, state, claims) VALUES (?, ?, ?, 0)');
	for (const seed of seeds(shuffled)) {
		const row = pendingRow(seed);
		insert.run(row.rowIndex, row.iccid, 'pending');
	}
	db.exec(`INSERT OR REPLACE INTO ledger_counts (state, n)
		SELECT s.state, (SELECT count(*) FROM ledger_rows r WHERE r.state = s.state)
		FROM (SELECT 'pending' AS state UNION ALL SELECT 'claimed' UNION ALL SELECT 'writing' UNION ALL SELECT 'verified' UNION ALL SELECT 'failed') s`);
	db.exec('COMMIT');
	const ms = performance.now() - t0;
	db.close();
	return ms;
}

mkdirSync(DIR, { recursive: true });
const dir = mkdtempSync(join(DIR, 'ledger-init-'));
try {
	console.log(`ledger init: ${ROWS.toLocaleString('en')} rows into a new SQLite ledger (WAL, synchronous=FULL, one transaction), in ${dir}`);
	let file = 0;
	for (const shuffled of [false, true]) {
		const before = await previous(join(dir, `${file++}.sqlite`), shuffled);
		const now = await ours(join(dir, `${file++}.sqlite`), shuffled);
		const per = (ms: number) => `${((ms * 1000) / ROWS).toFixed(2)} µs/row`;
		console.log(
			`  ICCIDs ${shuffled ? 'shuffled   ' : 'in order   '}  init() ${(now / 1000).toFixed(2)} s (${per(now)})  previous, a statement per row ${(before / 1000).toFixed(2)} s (${per(before)})  ${(before / now).toFixed(2)}x`
		);
	}
} finally {
	rmSync(dir, { recursive: true, force: true });
}
