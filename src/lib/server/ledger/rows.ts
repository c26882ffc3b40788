// Ledger rows as SQL columns, shared by the SQLite and PostgreSQL stores: one column per LedgerRow field, NULL for
// an absent one. Times are milliseconds since 1970 (INTEGER / BIGINT): one representation in both databases.
import type { LedgerRow, LedgerState } from '../../batch/ledger/index';

/** Column list in the order rowValues() gives them. */
export const ROW_COLUMNS = ['iccid', 'row_index', 'state', 'station', 'reader', 'lease_until', 'started', 'ended', 'apdus', 'status_word', 'reason', 'command', 'auth_failure', 'tries_left', 'reconciled', 'claims'] as const;

export type SqlValue = string | number | null;

/** A row as the database gives it back (pg gives BIGINT as text, SQLite booleans as 0/1). */
export type SqlRow = Record<(typeof ROW_COLUMNS)[number], unknown>;

export function rowValues(row: LedgerRow): SqlValue[] {
	return [
		row.iccid,
		row.rowIndex,
		row.state,
		row.station ?? null,
		row.reader ?? null,
		row.leaseUntil ?? null,
		row.started ?? null,
		row.ended ?? null,
		row.apdus ?? null,
		row.statusWord ?? null,
		row.reason ?? null,
		row.command ?? null,
		row.authFailure === true ? 1 : null,
		row.triesLeft ?? null,
		row.reconciled === true ? 1 : null,
		row.claims
	];
}

function num(v: unknown): number | undefined {
	if (v === null || v === undefined) return undefined;
	return typeof v === 'number' ? v : Number(v);
}

function str(v: unknown): string | undefined {
	return v === null || v === undefined ? undefined : String(v);
}

function flag(v: unknown): boolean | undefined {
	return v === null || v === undefined || v === 0 || v === false ? undefined : true;
}

export function fromSql(r: SqlRow): LedgerRow {
	const out: { -readonly [K in keyof LedgerRow]: LedgerRow[K] } = { iccid: String(r.iccid), rowIndex: num(r.row_index)!, state: String(r.state) as LedgerState, claims: num(r.claims) ?? 0 };
	const set = <K extends keyof LedgerRow>(key: K, value: LedgerRow[K] | undefined): void => {
		if (value !== undefined) out[key] = value;
	};
	set('station', str(r.station));
	set('reader', str(r.reader));
	set('leaseUntil', num(r.lease_until));
	set('started', num(r.started));
	set('ended', num(r.ended));
	set('apdus', num(r.apdus));
	set('statusWord', num(r.status_word));
	set('reason', str(r.reason));
	set('command', str(r.command));
	set('authFailure', flag(r.auth_failure));
	set('triesLeft', num(r.tries_left));
	set('reconciled', flag(r.reconciled));
	return out;
}
