// `pstudio batch report`: every row of the job ledger with its outcome, as CSV (issue 12; OMA DM requirements
// §6.1.2: each operation uniquely identified and logged with its outcome). Times in ISO 8601 UTC, the status word as
// 4 hex digits. Secrets are never in the ledger, so never in the report.
import { existsSync } from 'node:fs';
import { csvField } from '../lib/batch';
import { LedgerError, reportRecord, type LedgerStore } from '../lib/batch/ledger';
import { describeLedger, isPostgresUrl, openLedger } from '../lib/server/ledger';
import { echoed } from '../lib/text';
import { UsageError } from './args';
import { parseBatchArgs, requiredOption, stringOption } from './batch-options';
import { FileError, writeAtomic } from './io';
import { PROGRAM } from './report';
import type { Streams } from './streams';

const COMMAND = 'batch report';

/** The report's columns (issue 12), in this order. */
export const REPORT_HEADER = ['ICCID', 'station', 'reader', 'start', 'end', 'APDUs', 'outcome', 'status word'] as const;

export const batchReportHelp = `Usage: pstudio batch report --ledger <L> [-o <out.csv>]

Every row of the job ledger of 'pstudio batch run', in order, as CSV with the header
${REPORT_HEADER.join(',')}
(times ISO 8601 UTC; outcome pending, claimed, writing, verified, verified (reconciled), failed or
failed (authentication); the status word as 4 hex digits).

Options:
  --ledger <L>            the ledger: a SQLite file, or postgres://… as given to batch run
  -o, --out <file>        write the CSV into a file (default: stdout)
  -h, --help              show this help

Exit status: 0 the report is written; 2 bad usage, or no ledger there; 74 the output could not be written.
`;

const OPTIONS = {
	ledger: { type: 'string' },
	out: { type: 'string', short: 'o' },
	help: { type: 'boolean', short: 'h' }
} as const;

export async function runBatchReport(argv: readonly string[], io: Streams): Promise<number> {
	const { values, positionals } = parseBatchArgs(argv, OPTIONS, COMMAND);
	if (values.help === true) {
		io.stdout(batchReportHelp);
		return 0;
	}
	if (positionals.length > 0) throw new UsageError(`batch report takes no file names (found ${JSON.stringify(positionals[0])}): give --ledger`, COMMAND);
	const spec = requiredOption(values, 'ledger', COMMAND);
	const out = stringOption(values, 'out');
	if (out === '') throw new UsageError('--out is empty', COMMAND);
	// Opening a SQLite file creates it: a report of a ledger that is not there must not leave an empty one behind.
	if (!isPostgresUrl(spec) && !existsSync(spec)) {
		io.stderr(`${PROGRAM}: ${echoed(spec)}: no such ledger (batch run writes it)\n`);
		return 2;
	}
	let ledger: LedgerStore;
	const lines: string[] = [REPORT_HEADER.join(',') + '\n'];
	try {
		ledger = await openLedger(spec, spec);
	} catch (e) {
		if (e instanceof LedgerError) {
			io.stderr(`${PROGRAM}: ${echoed(describeLedger(spec, spec))}: ${e.message}\n`);
			return 2;
		}
		throw e;
	}
	try {
		if ((await ledger.order()) === undefined) {
			io.stderr(`${PROGRAM}: ${echoed(spec)}: the ledger holds no order yet\n`);
			return 2;
		}
		for await (const row of ledger.report()) {
			// reportRecord: row, ICCID, station, reader, start, end, APDUs, outcome, status word, reason.
			lines.push(reportRecord(row).slice(1, 1 + REPORT_HEADER.length).map(csvField).join(',') + '\n');
		}
	} catch (e) {
		if (e instanceof LedgerError) {
			io.stderr(`${PROGRAM}: ${echoed(describeLedger(spec, spec))}: ${e.message}\n`);
			return 2;
		}
		throw e;
	} finally {
		await ledger.close();
	}
	const csv = lines.join('');
	if (out === undefined) {
		io.stdout(csv);
		return 0;
	}
	try {
		writeAtomic(out, csv);
	} catch (e) {
		if (e instanceof FileError) {
			io.stderr(`${PROGRAM}: ${e.file}: ${e.message}\n`);
			return e.exitCode;
		}
		throw e;
	}
	return 0;
}
