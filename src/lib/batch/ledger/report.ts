// A ledger row as the report shows it (issue 12: ICCID, station, reader, start, end, APDUs, outcome, status word;
// OMA DM requirements §6.1.2: each operation uniquely identified and logged with its outcome). Times as ISO 8601
// UTC, the status word as 4 hex digits. The CSV writing itself is the caller's (one place quotes CSV).
import type { LedgerRow } from './model';

export const REPORT_COLUMNS = ['row', 'ICCID', 'station', 'reader', 'start', 'end', 'APDUs', 'outcome', 'status word', 'reason'] as const;

/** The outcome word: the state, `verified` rows read back without a second write say `verified (reconciled)`. */
export function outcomeOf(row: LedgerRow): string {
	if (row.state === 'verified' && row.reconciled === true) return 'verified (reconciled)';
	if (row.state === 'failed' && row.authFailure === true) return 'failed (authentication)';
	return row.state;
}

function time(ms: number | undefined): string {
	return ms === undefined ? '' : new Date(ms).toISOString();
}

/** The report's cells for one row, in REPORT_COLUMNS order. */
export function reportRecord(row: LedgerRow): string[] {
	let reason = row.reason ?? '';
	if (row.command !== undefined) reason = reason === '' ? row.command : `${reason} (${row.command})`;
	if (row.triesLeft !== undefined) reason += `${reason === '' ? '' : '; '}${row.triesLeft} ${row.triesLeft === 1 ? 'try' : 'tries'} left`;
	return [
		String(row.rowIndex),
		row.iccid,
		row.station ?? '',
		row.reader ?? '',
		time(row.started),
		time(row.ended),
		row.apdus === undefined ? '' : String(row.apdus),
		outcomeOf(row),
		row.statusWord === undefined ? '' : row.statusWord.toString(16).toUpperCase().padStart(4, '0'),
		reason
	];
}
