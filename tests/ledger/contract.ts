// The ledger contract (issue 12), one suite run against every store: memory (batch/ledger), SQLite and PostgreSQL
// (server/ledger). Each store passes a factory giving a fresh, empty ledger and a clock the test can move; the
// expected values are the state machine's rules (src/lib/batch/ledger/index.ts), reasoned out beside each test.
import { describe, expect, it } from 'vitest';
import { LedgerError, refusalMessage, type ClaimResult, type Holder, type LedgerRow, type LedgerSeed, type LedgerStore } from '../../src/lib/batch/ledger/index';

export interface LedgerUnderTest {
	readonly store: LedgerStore;
	/** Moves the store's clock forward (memory, SQLite: the injected clock; PostgreSQL: an offset to now()). */
	advance(ms: number): void;
	/** The store's clock now, in ms (PostgreSQL: the server's now() plus the offset). */
	now(): Promise<number>;
	/** A second handle on the same ledger, as another station opens it (sharing the moved clock). */
	another(): Promise<LedgerStore>;
	dispose(): Promise<void>;
}

export type LedgerFactory = () => Promise<LedgerUnderTest>;

/** Luhn-valid 19-digit ICCIDs 89490000000000000NN + check digit (ITU-T E.118), computed by luhn() below. */
export function iccid(n: number): string {
	const payload = `894900000000${String(n).padStart(6, '0')}`;
	return payload + String(luhn(payload));
}

function luhn(payload: string): number {
	let sum = 0;
	for (let i = payload.length - 1, double = true; i >= 0; i--, double = !double) {
		let d = Number(payload[i]);
		if (double) {
			d *= 2;
			if (d > 9) d -= 9;
		}
		sum += d;
	}
	return (10 - (sum % 10)) % 10;
}

export function seeds(count: number): LedgerSeed[] {
	return Array.from({ length: count }, (_, i) => ({ iccid: iccid(i + 1), rowIndex: i + 1 }));
}

const A1: Holder = { station: 'station-a', reader: 'Reader 1' };
const A2: Holder = { station: 'station-a', reader: 'Reader 2' };
const B1: Holder = { station: 'station-b', reader: 'Reader 1' };
const ORDER = { identity: 'sha256-0f1e2d', name: 'orders.csv' };
const LEASE = 30_000;

async function caught(p: Promise<unknown>): Promise<LedgerError> {
	try {
		await p;
	} catch (e) {
		if (e instanceof LedgerError) return e;
		throw e;
	}
	throw new Error('expected a LedgerError');
}

function claimed(result: ClaimResult): { row: LedgerRow; reconcile: boolean } {
	if (!result.ok) throw new Error(`expected a claim, got ${refusalMessage(result.refusal)}`);
	return result;
}

async function collect(store: LedgerStore): Promise<LedgerRow[]> {
	const rows: LedgerRow[] = [];
	for await (const row of store.report()) rows.push(row);
	return rows;
}

export function ledgerContract(name: string, factory: LedgerFactory): void {
	async function withLedger(body: (t: LedgerUnderTest) => Promise<void>, rows = 4): Promise<void> {
		const t = await factory();
		try {
			if (rows > 0) await t.store.init(ORDER, seeds(rows));
			await body(t);
		} finally {
			await t.dispose();
		}
	}

	describe(`${name}: init`, () => {
		it('records every row pending, once; a second init of the same order keeps the rows state', async () => {
			const t = await factory();
			try {
				const first = await t.store.init(ORDER, seeds(3));
				expect(first).toEqual({ created: true, counts: { total: 3, pending: 3, claimed: 0, writing: 0, verified: 0, failed: 0 } });
				claimed(await t.store.claim(iccid(2), A1, LEASE));
				// The rows given again are not read: a resumed run keeps the claim.
				const again = await t.store.init(ORDER, seeds(3));
				expect(again).toEqual({ created: false, counts: { total: 3, pending: 2, claimed: 1, writing: 0, verified: 0, failed: 0 } });
				expect((await t.store.row(iccid(2)))?.state).toBe('claimed');
				expect(await t.store.order()).toEqual(ORDER);
			} finally {
				await t.dispose();
			}
		});

		it('refuses a second order in the same ledger, naming both', async () => {
			await withLedger(async (t) => {
				const e = await caught(t.store.init({ identity: 'sha256-aaaa', name: 'other.csv' }, seeds(2)));
				expect(e.code).toBe('other-order');
				expect(e.message).toBe('this ledger belongs to the order "orders.csv" (identity sha256-0f1e2d), not "other.csv" (identity sha256-aaaa): use another ledger for another order');
			});
		});

		it('refuses rows that name one ICCID twice, and leaves no half ledger behind', async () => {
			const t = await factory();
			try {
				const rows = [...seeds(3), { iccid: `${iccid(2)}F`, rowIndex: 4 }];
				const e = await caught(t.store.init(ORDER, rows));
				expect(e.code).toBe('duplicate-iccid');
				expect(e.message).toBe(`ICCID ${iccid(2)}: rows 2 and 4 have the same ICCID`);
				expect(await t.store.order()).toBeUndefined();
				expect((await caught(t.store.claim(iccid(1), A1, LEASE))).code).toBe('not-initialised');
				expect((await t.store.init(ORDER, seeds(3))).created).toBe(true);
			} finally {
				await t.dispose();
			}
		});

		it('reads rows from an async source, in batches larger than one statement', async () => {
			const t = await factory();
			try {
				async function* source(): AsyncIterable<LedgerSeed> {
					for (const s of seeds(12_001)) yield s;
				}
				expect((await t.store.init(ORDER, source())).counts.total).toBe(12_001);
				expect((await t.store.row(iccid(12_001)))?.rowIndex).toBe(12_001);
			} finally {
				await t.dispose();
			}
		});

		// A store may insert many rows per statement (SQLite: a hundred); a duplicate deep in such a statement, at row
		// 4,321 of 12,001, still names both rows and leaves no ledger behind.
		it('names both rows of an ICCID given twice far into a large order, and keeps nothing of it', async () => {
			const t = await factory();
			try {
				const rows = seeds(12_001);
				rows[4320] = { iccid: iccid(4_250), rowIndex: 4_321 };
				const e = await caught(t.store.init(ORDER, rows));
				expect(e.code).toBe('duplicate-iccid');
				expect(e.message).toBe(`ICCID ${iccid(4_250)}: rows 4250 and 4321 have the same ICCID`);
				expect(await t.store.order()).toBeUndefined();
				expect((await t.store.init(ORDER, seeds(12_001))).counts.total).toBe(12_001);
			} finally {
				await t.dispose();
			}
		});

		it('refuses an ICCID that is not 18 to 20 digits', async () => {
			const t = await factory();
			try {
				const e = await caught(t.store.init(ORDER, [{ iccid: '8949-0000', rowIndex: 1 }]));
				expect(e.code).toBe('bad-iccid');
				expect(e.message).toBe('an ICCID is 18 to 20 digits, optionally followed by F filler; found "8949-0000"');
			} finally {
				await t.dispose();
			}
		});
	});

	describe(`${name}: claim`, () => {
		it('gives a pending row to the reader that holds its card, with a lease from the store clock', async () => {
			await withLedger(async (t) => {
				const before = await t.now();
				const { row, reconcile } = claimed(await t.store.claim(iccid(3), A1, LEASE));
				const after = await t.now();
				expect(reconcile).toBe(false);
				expect(row).toMatchObject({ iccid: iccid(3), rowIndex: 3, state: 'claimed', station: 'station-a', reader: 'Reader 1', claims: 1 });
				expect(row.started).toBeGreaterThanOrEqual(before);
				expect(row.started).toBeLessThanOrEqual(after);
				expect(row.leaseUntil! - row.started!).toBe(LEASE);
				expect(await t.store.row(iccid(3))).toEqual(row);
			});
		});

		it('finds the row by the ICCID with its F filler (EF.ICCID, TS 102 221 §13.2)', async () => {
			await withLedger(async (t) => {
				expect(claimed(await t.store.claim(`${iccid(1)}F`, A1, LEASE)).row.iccid).toBe(iccid(1));
			});
		});

		it('refuses with the reason: not in the order, already verified, set aside, held by another reader', async () => {
			await withLedger(async (t) => {
				const unknown = await t.store.claim(iccid(99), A1, LEASE);
				expect(unknown).toEqual({ ok: false, refusal: { reason: 'unknown-iccid', iccid: iccid(99) } });
				expect(refusalMessage((unknown as { refusal: Parameters<typeof refusalMessage>[0] }).refusal)).toBe(`ICCID ${iccid(99)} is not in the order: card left untouched`);

				claimed(await t.store.claim(iccid(1), A1, LEASE));
				await t.store.markWriting(iccid(1), A1);
				await t.store.markVerified(iccid(1), A1, { apdus: 14, statusWord: 0x9000 });
				const done = await t.store.claim(iccid(1), B1, LEASE);
				if (done.ok) throw new Error('verified row claimed');
				expect(done.refusal.reason).toBe('already-verified');
				expect(refusalMessage(done.refusal)).toBe(`ICCID ${iccid(1)} (row 1) is already written and verified by station-a/Reader 1: card left untouched`);

				claimed(await t.store.claim(iccid(2), A1, LEASE));
				await t.store.markFailed(iccid(2), A1, { reason: 'wrong ADM', command: 'VERIFY ADM1 ****', statusWord: 0x63c2, apdus: 3, authFailure: { triesLeft: 2 } });
				const aside = await t.store.claim(iccid(2), A1, LEASE);
				if (aside.ok) throw new Error('failed row claimed');
				expect(aside.refusal.reason).toBe('failed');
				expect(refusalMessage(aside.refusal)).toBe(`ICCID ${iccid(2)} (row 2) was set aside: wrong ADM; card left untouched`);

				const held = claimed(await t.store.claim(iccid(3), A1, LEASE)).row;
				const other = await t.store.claim(iccid(3), B1, LEASE);
				expect(other).toEqual({ ok: false, refusal: { reason: 'claimed-by-other', iccid: iccid(3), station: 'station-a', reader: 'Reader 1', leaseUntil: held.leaseUntil } });
				// Another reader of the same station is another holder too: one card is in one reader.
				expect((await t.store.claim(iccid(3), A2, LEASE)).ok).toBe(false);
				// The holder itself may claim again (a restarted station, the card still in its reader): lease renewed.
				t.advance(1000);
				const again = claimed(await t.store.claim(iccid(3), A1, LEASE)).row;
				expect(again.claims).toBe(2);
				expect(again.leaseUntil! - held.leaseUntil!).toBeGreaterThanOrEqual(1000);
				// A refusal changed nothing.
				expect((await t.store.counts())).toEqual({ total: 4, pending: 1, claimed: 1, writing: 0, verified: 1, failed: 1 });
			});
		});

		it('claimNext hands out rows in order-row order, skipping held and finished rows, until none is left', async () => {
			await withLedger(async (t) => {
				claimed(await t.store.claim(iccid(1), B1, LEASE));
				const first = await t.store.claimNext(A1, LEASE);
				expect(first?.row.iccid).toBe(iccid(2));
				expect(first?.reconcile).toBe(false);
				expect((await t.store.claimNext(A2, LEASE))?.row.iccid).toBe(iccid(3));
				expect((await t.store.claimNext(A1, LEASE))?.row.iccid).toBe(iccid(4));
				expect(await t.store.claimNext(A1, LEASE)).toBeUndefined();
			});
		});
	});

	describe(`${name}: leases`, () => {
		it('a lease that ran out lets another station claim; the old holder can no longer write', async () => {
			await withLedger(async (t) => {
				claimed(await t.store.claim(iccid(1), A1, 10_000));
				t.advance(9_000);
				expect((await t.store.claim(iccid(1), B1, LEASE)).ok).toBe(false);
				t.advance(1_001);
				// Lease ran out, nobody took the row yet: a write must not start on it.
				const expired = await caught(t.store.markWriting(iccid(1), A1));
				expect(expired.code).toBe('lease-expired');
				expect(expired.message).toBe(`ICCID ${iccid(1)}: the lease of station-a/Reader 1 on row 1 ran out; claim the card again before writing`);
				const taken = claimed(await t.store.claim(iccid(1), B1, LEASE));
				expect(taken.row).toMatchObject({ state: 'claimed', station: 'station-b', reader: 'Reader 1', claims: 2 });
				const stale = await caught(t.store.markWriting(iccid(1), A1));
				expect(stale.code).toBe('not-holder');
				expect(stale.message).toBe(`ICCID ${iccid(1)}: station-a/Reader 1 does not hold row 1; it is claimed, held by station-b/Reader 1`);
				expect((await t.store.markWriting(iccid(1), B1)).state).toBe('writing');
			});
		});

		it('renewLease extends the live leases of one station only', async () => {
			await withLedger(async (t) => {
				const a = claimed(await t.store.claim(iccid(1), A1, 10_000)).row;
				claimed(await t.store.claim(iccid(2), A2, 10_000));
				claimed(await t.store.claim(iccid(3), B1, 10_000));
				await t.store.markWriting(iccid(2), A2);
				t.advance(9_000);
				expect(await t.store.renewLease('station-a', 10_000)).toBe(2);
				t.advance(2_000);
				// 11 s after the claims: station-a's rows are held (renewed at 9 s for 10 s), station-b's ran out.
				expect((await t.store.claim(iccid(1), B1, LEASE)).ok).toBe(false);
				expect((await t.store.claim(iccid(2), B1, LEASE)).ok).toBe(false);
				expect(claimed(await t.store.claim(iccid(3), A1, LEASE)).row.station).toBe('station-a');
				const renewed = await t.store.row(iccid(1));
				expect(renewed!.leaseUntil! - a.leaseUntil!).toBeGreaterThanOrEqual(9_000);
				// An expired lease is not renewed: its row may already be someone else's.
				t.advance(20_000);
				expect(await t.store.renewLease('station-a', 10_000)).toBe(1);
			});
		});

		it('a dead station’s rows are handed out again by claimNext when its lease ran out', async () => {
			await withLedger(async (t) => {
				claimed(await t.store.claimNext(A1, 5_000) as ClaimResult);
				claimed(await t.store.claimNext(A1, 5_000) as ClaimResult);
				await t.store.markWriting(iccid(2), A1);
				t.advance(5_001);
				// Pending rows come first, then the dead station's: the claimed one, then the one it was writing.
				expect((await t.store.claimNext(B1, LEASE))?.row.iccid).toBe(iccid(3));
				expect((await t.store.claimNext(B1, LEASE))?.row.iccid).toBe(iccid(4));
				const next = await t.store.claimNext(B1, LEASE);
				expect(next?.row).toMatchObject({ iccid: iccid(1), state: 'claimed', station: 'station-b', claims: 2 });
				expect(next?.reconcile).toBe(false);
				const partial = await t.store.claimNext(B1, LEASE);
				expect(partial?.row).toMatchObject({ iccid: iccid(2), state: 'writing', station: 'station-b' });
				expect(partial?.reconcile).toBe(true);
			});
		});
	});

	describe(`${name}: reconcile`, () => {
		it('a row left in writing is listed, and its next claim asks for the card to be read first', async () => {
			await withLedger(async (t) => {
				claimed(await t.store.claim(iccid(2), A1, 5_000));
				await t.store.markWriting(iccid(2), A1);
				claimed(await t.store.claim(iccid(4), B1, 5_000));
				await t.store.markWriting(iccid(4), B1);
				claimed(await t.store.claim(iccid(3), A1, 5_000));
				expect((await t.store.rowsInWriting()).map((r) => r.iccid)).toEqual([iccid(2), iccid(4)]);
				expect((await t.store.rowsInWriting('station-a')).map((r) => r.iccid)).toEqual([iccid(2)]);
				// station-a crashes; on restart it lets go of what its previous process held.
				expect(await t.store.releaseStation('station-a')).toBe(2);
				expect((await t.store.row(iccid(3)))?.state).toBe('pending');
				const back = claimed(await t.store.claim(iccid(2), A2, LEASE));
				expect(back.reconcile).toBe(true);
				expect(back.row).toMatchObject({ state: 'writing', station: 'station-a', reader: 'Reader 2', claims: 2 });
				// The card already held its documents: verified without a second write.
				const done = await t.store.markVerified(iccid(2), A2, { apdus: 6, statusWord: 0x9000, reconciled: true });
				expect(done).toMatchObject({ state: 'verified', reconciled: true, apdus: 6, statusWord: 0x9000 });
				expect(done.leaseUntil).toBeUndefined();
				expect((await t.store.rowsInWriting()).map((r) => r.iccid)).toEqual([iccid(4)]);
			});
		});

		it('releaseStation with readers lets go only of the rows held on those readers (another process of the name keeps its own)', async () => {
			await withLedger(async (t) => {
				claimed(await t.store.claim(iccid(1), A1, LEASE));
				claimed(await t.store.claim(iccid(2), A2, LEASE));
				await t.store.markWriting(iccid(2), A2);
				expect(await t.store.releaseStation('station-a', ['Reader 2'])).toBe(1);
				expect(await t.store.row(iccid(1))).toMatchObject({ state: 'claimed', station: 'station-a', reader: 'Reader 1' });
				const left = await t.store.row(iccid(2));
				expect(left).toMatchObject({ state: 'writing', station: 'station-a', reader: 'Reader 2' });
				expect(left?.leaseUntil).toBeUndefined();
				expect(await t.store.releaseStation('station-a', [])).toBe(0);
				expect(await t.store.releaseStation('station-a', ['Reader 9'])).toBe(0);
				expect(await t.store.releaseStation('station-a')).toBe(1);
				expect((await t.store.row(iccid(1)))?.state).toBe('pending');
			});
		});

		it('release: claimed goes back to pending, writing keeps writing without a holder', async () => {
			await withLedger(async (t) => {
				claimed(await t.store.claim(iccid(1), A1, LEASE));
				const back = await t.store.release(iccid(1), A1);
				expect(back).toEqual({ iccid: iccid(1), rowIndex: 1, state: 'pending', claims: 1 });
				claimed(await t.store.claim(iccid(2), A1, LEASE));
				await t.store.markWriting(iccid(2), A1);
				const left = await t.store.release(iccid(2), A1);
				expect(left).toMatchObject({ state: 'writing', station: 'station-a', reader: 'Reader 1' });
				expect(left.leaseUntil).toBeUndefined();
				const gone = await caught(t.store.markVerified(iccid(2), A1, { apdus: 1 }));
				expect(gone.code).toBe('not-holder');
				expect(gone.message).toBe(`ICCID ${iccid(2)}: station-a/Reader 1 does not hold row 2; it is writing, held by nobody (released)`);
				expect(claimed(await t.store.claim(iccid(2), B1, LEASE)).reconcile).toBe(true);
			});
		});
	});

	describe(`${name}: transitions`, () => {
		it('refuses the steps the state machine does not have, and changes nothing', async () => {
			await withLedger(async (t) => {
				const pending = await caught(t.store.markWriting(iccid(1), A1));
				expect(pending.code).toBe('illegal-transition');
				expect(pending.message).toBe(`ICCID ${iccid(1)}: cannot start writing a row that is pending (row 1)`);
				claimed(await t.store.claim(iccid(1), A1, LEASE));
				const unread = await caught(t.store.markVerified(iccid(1), A1, { apdus: 3 }));
				expect(unread.code).toBe('illegal-transition');
				expect(unread.message).toBe(`ICCID ${iccid(1)}: cannot mark verified a row that is claimed (row 1)`);
				await t.store.markWriting(iccid(1), A1);
				await t.store.markVerified(iccid(1), A1, { apdus: 3 });
				const steps = [() => t.store.markWriting(iccid(1), A1), () => t.store.markFailed(iccid(1), A1, { reason: 'x' }), () => t.store.release(iccid(1), A1), () => t.store.markVerified(iccid(1), A1, { apdus: 3 })];
				for (const step of steps) expect((await caught(step())).code).toBe('illegal-transition');
				expect((await caught(t.store.markWriting(iccid(77), A1))).code).toBe('unknown-iccid');
				expect((await caught(t.store.claim('12345', A1, LEASE))).code).toBe('bad-iccid');
				expect((await caught(t.store.claim(iccid(2), A1, 0))).code).toBe('bad-argument');
				expect((await caught(t.store.markVerified(iccid(1), A1, { apdus: -1 }))).code).toBe('illegal-transition');
				expect(await t.store.row(iccid(1))).toMatchObject({ state: 'verified', apdus: 3 });
			});
		});

		it('records a failure with its command, status word and the tries left; secrets have no field', async () => {
			await withLedger(async (t) => {
				claimed(await t.store.claim(iccid(4), B1, LEASE));
				const row = await t.store.markFailed(iccid(4), B1, { reason: 'VERIFY ADM1 refused', command: 'VERIFY ADM1 ****', statusWord: 0x63c2, apdus: 3, authFailure: { triesLeft: 2 } });
				expect(row).toEqual({ iccid: iccid(4), rowIndex: 4, state: 'failed', station: 'station-b', reader: 'Reader 1', started: row.started, ended: row.ended, apdus: 3, statusWord: 0x63c2, reason: 'VERIFY ADM1 refused', command: 'VERIFY ADM1 ****', authFailure: true, triesLeft: 2, claims: 1 });
				expect(row.ended).toBeGreaterThanOrEqual(row.started!);
				expect(await t.store.row(iccid(4))).toEqual(row);
			});
		});
	});

	describe(`${name}: report and counts`, () => {
		it('streams every row in order-row order with its outcome, whatever order init was given', async () => {
			const t = await factory();
			try {
				const shuffled = [seeds(5)[3], seeds(5)[0], seeds(5)[4], seeds(5)[2], seeds(5)[1]];
				await t.store.init(ORDER, shuffled);
				claimed(await t.store.claim(iccid(2), A1, LEASE));
				await t.store.markWriting(iccid(2), A1);
				await t.store.markVerified(iccid(2), A1, { apdus: 12, statusWord: 0x9000 });
				claimed(await t.store.claim(iccid(5), B1, LEASE));
				await t.store.markFailed(iccid(5), B1, { reason: 'file too small', statusWord: 0x6a84 });
				claimed(await t.store.claim(iccid(3), A2, LEASE));
				const rows = await collect(t.store);
				expect(rows.map((r) => [r.rowIndex, r.iccid, r.state, r.station ?? '', r.apdus ?? '', r.statusWord ?? ''])).toEqual([
					[1, iccid(1), 'pending', '', '', ''],
					[2, iccid(2), 'verified', 'station-a', 12, 0x9000],
					[3, iccid(3), 'claimed', 'station-a', '', ''],
					[4, iccid(4), 'pending', '', '', ''],
					[5, iccid(5), 'failed', 'station-b', '', 0x6a84]
				]);
				expect(await t.store.counts()).toEqual({ total: 5, pending: 2, claimed: 1, writing: 0, verified: 1, failed: 1 });
			} finally {
				await t.dispose();
			}
		});

		it('pages through a report larger than one page without losing or repeating a row', async () => {
			const t = await factory();
			try {
				await t.store.init(ORDER, seeds(5_003));
				let n = 0;
				let last = 0;
				for await (const row of t.store.report()) {
					expect(row.rowIndex).toBe(last + 1);
					last = row.rowIndex;
					n++;
				}
				expect(n).toBe(5_003);
			} finally {
				await t.dispose();
			}
		});

		it('sees the transitions another handle on the same ledger committed', async () => {
			await withLedger(async (t) => {
				const other = await t.another();
				claimed(await other.claim(iccid(1), B1, LEASE));
				expect((await t.store.claim(iccid(1), A1, LEASE)).ok).toBe(false);
				expect((await t.store.row(iccid(1)))?.station).toBe('station-b');
				if (other !== t.store) await other.close();
			});
		});

		it('a closed store refuses every call', async () => {
			const t = await factory();
			await t.store.init(ORDER, seeds(1));
			await t.store.close();
			await t.store.close();
			expect((await caught(t.store.claim(iccid(1), A1, LEASE))).code).toBe('closed');
			expect((await caught(t.store.counts())).code).toBe('closed');
			await t.dispose();
		});
	});
}
