// The ledger contract on the SQLite store: a fresh file per test in a scratch folder, a clock the test moves.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LedgerError } from '../../src/lib/batch/ledger/index';
import { SqliteLedgerStore, openLedger } from '../../src/lib/server/ledger/index';
import { ledgerContract, seeds } from './contract';

const dir = mkdtempSync(join(tmpdir(), 'pstudio-ledger-sqlite-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;

ledgerContract('SQLite', async () => {
	let now = Date.UTC(2026, 11, 5, 1, 0, 0);
	const clock = (): number => now;
	const path = join(dir, `ledger-${++files}.sqlite`);
	const store = SqliteLedgerStore.open(path, { clock });
	const others: SqliteLedgerStore[] = [];
	return {
		store,
		advance: (ms) => {
			now += ms;
		},
		now: async () => now,
		another: async () => {
			const other = SqliteLedgerStore.open(path, { clock });
			others.push(other);
			return other;
		},
		dispose: async () => {
			await store.close();
			for (const o of others) await o.close();
		}
	};
});

describe('SQLite: the file', () => {
	it('is in WAL mode with synchronous=FULL, so a resolved transition survives a power cut', async () => {
		const path = join(dir, 'pragmas.sqlite');
		const store = SqliteLedgerStore.open(path);
		// SQLite's PRAGMA synchronous values: 0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA.
		expect(store.durability).toEqual({ journalMode: 'wal', synchronous: 2 });
		await store.close();
		// The journal mode is the file's: another connection sees WAL too.
		const { default: Database } = await import('better-sqlite3');
		const db = new Database(path, { readonly: true });
		expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
		db.close();
	});

	it('opens next to the order by default, a path or a postgres URL when --ledger says so', async () => {
		const order = join(dir, 'orders.csv');
		const store = await openLedger(undefined, order);
		expect(store.where).toBe(`${order}.ledger.sqlite`);
		await store.init({ identity: 'x' }, seeds(1));
		await store.close();
		const named = await openLedger(join(dir, 'named.sqlite'), order);
		expect(named.where).toBe(join(dir, 'named.sqlite'));
		await named.close();
		const e = await openLedger('mysql://db/x', order).catch((x: unknown) => x);
		expect(e).toBeInstanceOf(LedgerError);
		expect((e as LedgerError).message).toBe('--ledger takes a file path or a postgres:// URL; found a mysql:// URL');
	});

	it('refuses a file that is not a ledger, and a folder that does not exist, in one line', async () => {
		const other = join(dir, 'other.sqlite');
		const { default: Database } = await import('better-sqlite3');
		const db = new Database(other);
		db.exec('CREATE TABLE contacts (name TEXT)');
		db.close();
		expect(() => SqliteLedgerStore.open(other)).toThrow(new LedgerError('storage', `${other} is an SQLite file of another program, not a pstudio ledger`));
		const text = join(dir, 'text.sqlite');
		const { writeFileSync } = await import('node:fs');
		writeFileSync(text, 'ICCID,IMSI\n'.repeat(200));
		expect(() => SqliteLedgerStore.open(text)).toThrow(new LedgerError('storage', `cannot open the ledger ${text}: not an SQLite file`));
		const missing = join(dir, 'no-such-folder', 'l.sqlite');
		expect(() => SqliteLedgerStore.open(missing)).toThrow(new LedgerError('storage', `cannot open the ledger ${missing}: Cannot open database because the directory does not exist`));
	});
});
