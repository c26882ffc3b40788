// The ledger's state machine, pure (src/lib/batch/ledger/model.ts): the table of legal steps reasoned from issue
// 12's states (pending → claimed → writing → verified | failed), the ICCID key, and the report's cells.
import { describe, expect, it } from 'vitest';
import { LedgerError, REPORT_COLUMNS, claimRow, ledgerIccid, refusalMessage, reportRecord, transition, type Holder, type LedgerEvent, type LedgerRow, type LedgerState } from '../../../src/lib/batch/ledger/index';

const T0 = Date.UTC(2026, 11, 5, 1, 0, 0);
const H: Holder = { station: 'bench-1', reader: 'Reader 0' };
const OTHER: Holder = { station: 'bench-2', reader: 'Reader 0' };
const ICCID = '8949000000000000018';

function row(state: LedgerState, extra: Partial<LedgerRow> = {}): LedgerRow {
	const held = state === 'claimed' || state === 'writing';
	return { iccid: ICCID, rowIndex: 7, state, claims: held ? 1 : 0, ...(held ? { station: H.station, reader: H.reader, leaseUntil: T0 + 10_000, started: T0 } : {}), ...extra };
}

function code(f: () => unknown): string {
	try {
		f();
	} catch (e) {
		if (e instanceof LedgerError) return e.code;
		throw e;
	}
	return 'ok';
}

describe('the ICCID key (TS 102 221 §13.2 F filler; the order reader already gives digits)', () => {
	it('strips the F filler, upper or lower case, and keeps 18 to 20 digits', () => {
		expect(ledgerIccid('8949000000000000018')).toBe('8949000000000000018');
		expect(ledgerIccid('8949000000000000018F')).toBe('8949000000000000018');
		expect(ledgerIccid('894900000000000001ff')).toBe('894900000000000001');
		expect(ledgerIccid('89490000000000000183')).toBe('89490000000000000183');
	});

	it('refuses what is not an ICCID, showing at most 24 characters of it', () => {
		expect(code(() => ledgerIccid('89490000000000001'))).toBe('bad-iccid');
		expect(code(() => ledgerIccid('894900000000000001234'))).toBe('bad-iccid');
		expect(code(() => ledgerIccid('98940000000000000081'.replace('1', 'A')))).toBe('bad-iccid');
		expect(() => ledgerIccid('x'.repeat(40))).toThrow(`an ICCID is 18 to 20 digits, optionally followed by F filler; found "${'x'.repeat(24)}…"`);
	});
});

describe('transitions (issue 12 Build 1): the whole table', () => {
	const events: Record<string, LedgerEvent> = {
		writing: { kind: 'writing', holder: H },
		verified: { kind: 'verified', holder: H, result: { apdus: 9, statusWord: 0x9000 } },
		reconciled: { kind: 'verified', holder: H, result: { apdus: 4, reconciled: true } },
		failed: { kind: 'failed', holder: H, failure: { reason: 'x' } },
		release: { kind: 'release', holder: H },
		renew: { kind: 'renew', holder: H, leaseMs: 5_000 }
	};
	// Rows: the state; columns: the step by the holder under a live lease. Reasoning: only claimed and writing rows
	// are worked on; verified/failed are final; pending has no holder; claimed → verified only when the card was
	// read without writing (reconciled); writing → writing is the holder starting its write again after a reconcile.
	const table: Record<LedgerState, Record<string, string>> = {
		pending: { writing: 'illegal-transition', verified: 'illegal-transition', reconciled: 'illegal-transition', failed: 'illegal-transition', release: 'illegal-transition', renew: 'illegal-transition' },
		claimed: { writing: 'writing', verified: 'illegal-transition', reconciled: 'verified', failed: 'failed', release: 'pending', renew: 'claimed' },
		writing: { writing: 'writing', verified: 'verified', reconciled: 'verified', failed: 'failed', release: 'writing', renew: 'writing' },
		verified: { writing: 'illegal-transition', verified: 'illegal-transition', reconciled: 'illegal-transition', failed: 'illegal-transition', release: 'illegal-transition', renew: 'illegal-transition' },
		failed: { writing: 'illegal-transition', verified: 'illegal-transition', reconciled: 'illegal-transition', failed: 'illegal-transition', release: 'illegal-transition', renew: 'illegal-transition' }
	};
	for (const [state, expected] of Object.entries(table) as [LedgerState, Record<string, string>][]) {
		it(`from ${state}`, () => {
			const found: Record<string, string> = {};
			for (const [name, event] of Object.entries(events)) {
				try {
					found[name] = transition(row(state), event, T0 + 1).state;
				} catch (e) {
					if (!(e instanceof LedgerError)) throw e;
					found[name] = e.code;
				}
			}
			expect(found).toEqual(expected);
		});
	}

	it('needs the holder, and a live lease to start writing or renew (not to finish or let go)', () => {
		const claimed = row('claimed');
		expect(code(() => transition(claimed, { kind: 'writing', holder: OTHER }, T0 + 1))).toBe('not-holder');
		expect(code(() => transition(claimed, { kind: 'writing', holder: { station: H.station, reader: 'Reader 1' } }, T0 + 1))).toBe('not-holder');
		const late = T0 + 10_000; // leaseUntil is exclusive: at T0 + 10 000 the lease has run out.
		expect(code(() => transition(claimed, { kind: 'writing', holder: H }, late))).toBe('lease-expired');
		expect(code(() => transition(claimed, { kind: 'renew', holder: H, leaseMs: 1 }, late))).toBe('lease-expired');
		expect(transition(row('writing'), { kind: 'verified', holder: H, result: { apdus: 3 } }, late).state).toBe('verified');
		expect(transition(claimed, { kind: 'release', holder: H }, late).state).toBe('pending');
	});

	it('a finished row keeps who finished it and when, and drops the lease', () => {
		const done = transition(row('writing'), { kind: 'verified', holder: H, result: { apdus: 12, statusWord: 0x9000 } }, T0 + 2_500);
		expect(done).toEqual({ iccid: ICCID, rowIndex: 7, state: 'verified', station: 'bench-1', reader: 'Reader 0', started: T0, ended: T0 + 2_500, apdus: 12, statusWord: 0x9000, claims: 1 });
	});

	it('refuses counts and status words that cannot be', () => {
		expect(code(() => transition(row('writing'), { kind: 'verified', holder: H, result: { apdus: 1.5 } }, T0))).toBe('bad-argument');
		expect(code(() => transition(row('writing'), { kind: 'failed', holder: H, failure: { reason: 'x', statusWord: 0x10000 } }, T0))).toBe('bad-argument');
		expect(code(() => claimRow(row('pending'), ICCID, H, 0, T0))).toBe('bad-argument');
		expect(code(() => claimRow(row('pending'), ICCID, H, 86_400_001, T0))).toBe('bad-argument');
	});
});

describe('claims', () => {
	it('claims a pending row until now + lease; refuses a live lease of another holder with who and until when', () => {
		const got = claimRow(row('pending'), ICCID, H, 30_000, T0);
		expect(got).toEqual({ ok: true, reconcile: false, row: { iccid: ICCID, rowIndex: 7, state: 'claimed', station: 'bench-1', reader: 'Reader 0', leaseUntil: T0 + 30_000, started: T0, claims: 1 } });
		const refused = claimRow(row('writing'), ICCID, OTHER, 30_000, T0 + 9_999);
		if (refused.ok) throw new Error('claimed a held row');
		expect(refusalMessage(refused.refusal)).toBe('ICCID 8949000000000000018 is being written by bench-1/Reader 0 (lease until 2026-12-05T01:00:10.000Z): card left untouched');
		const taken = claimRow(row('writing'), ICCID, OTHER, 30_000, T0 + 10_000);
		expect(taken.ok && taken.reconcile).toBe(true);
	});
});

describe('the report (OMA DM requirements §6.1.2: each operation identified and logged with its outcome)', () => {
	it('gives the row, ICCID, station, reader, ISO times, APDUs, outcome, status word in hex, and the reason', () => {
		expect(REPORT_COLUMNS).toEqual(['row', 'ICCID', 'station', 'reader', 'start', 'end', 'APDUs', 'outcome', 'status word', 'reason']);
		const failed: LedgerRow = { ...row('failed'), station: 'bench-1', reader: 'Reader 0', started: T0, ended: T0 + 1_250, apdus: 3, statusWord: 0x63c2, reason: 'VERIFY ADM1 refused', command: 'VERIFY ADM1 ****', authFailure: true, triesLeft: 2, claims: 1 };
		expect(reportRecord(failed)).toEqual(['7', ICCID, 'bench-1', 'Reader 0', '2026-12-05T01:00:00.000Z', '2026-12-05T01:00:01.250Z', '3', 'failed (authentication)', '63C2', 'VERIFY ADM1 refused (VERIFY ADM1 ****); 2 tries left']);
		const reconciled: LedgerRow = { ...row('verified'), station: 'bench-2', reader: 'Reader 3', started: T0, ended: T0 + 400, apdus: 6, statusWord: 0x9000, reconciled: true, claims: 2 };
		expect(reportRecord(reconciled)).toEqual(['7', ICCID, 'bench-2', 'Reader 3', '2026-12-05T01:00:00.000Z', '2026-12-05T01:00:00.400Z', '6', 'verified (reconciled)', '9000', '']);
		expect(reportRecord(row('pending'))).toEqual(['7', ICCID, '', '', '', '', '', 'pending', '', '']);
	});
});
