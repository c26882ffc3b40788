// `pstudio batch`: an order file and a template in, per-card documents out (issue 10). `plan` previews (nothing
// written), `export` writes the package. Each subcommand lives in its own file and is loaded on demand.
import { echoed } from '../lib/text';
import { UsageError } from './args';
import { PROGRAM } from './report';
import type { Streams } from './streams';

export const batchHelp = `Usage: pstudio batch plan --template <T> --orders <F> [--map <M>] [options]
       pstudio batch export --template <T> --orders <F> --package <kind> --sec <method> --out <F.zip> [options]
       pstudio batch run --template <T> --orders <F> [--ledger <L>] [--readers all|NAME…] [options]
       pstudio batch report --ledger <L> [-o <out.csv>]

An order (CSV, pySim CSV or a SIM vendor's .out file) and a template with \${NAME} placeholders: each good row
becomes its own documents, signed per row, in one package. Bad rows are set aside with their line, column
and reason; the good ones go on.

Subcommands:
  plan     the columns found, the mapping, the first rows with their findings, the counts; nothing written
  export   the package (manufacturer, bureau or ota), written whole or not at all
  run      the order written onto cards in the station's readers, recorded in a job ledger
  report   every row's outcome from the job ledger, as CSV

Run 'pstudio batch <subcommand> --help' for the options.
Exit status: 0 every row good; 1 some rows set aside (export: the package is written, rejected.csv lists
  them); 2 bad usage or bad input (the template, the map, an order refused as a whole): nothing written;
  74 the output could not be written; 130 interrupted (Ctrl-C): nothing written.
`;

type Subcommand = (argv: readonly string[], io: Streams) => Promise<number>;

const SUBCOMMANDS: Readonly<Record<string, () => Promise<Subcommand>>> = {
	plan: async () => (await import('./batch-plan')).runBatchPlan,
	export: async () => (await import('./batch-export')).runBatchExport,
	run: async () => (await import('./batch-run')).runBatchRun,
	report: async () => (await import('./batch-report')).runBatchReport
};

export async function runBatch(argv: readonly string[], io: Streams): Promise<number> {
	const [sub, ...rest] = argv;
	if (sub === '--help' || sub === '-h' || sub === 'help') {
		io.stdout(batchHelp);
		return 0;
	}
	if (sub === undefined) throw new UsageError('batch needs a subcommand: plan, export, run or report', 'batch');
	const load = Object.hasOwn(SUBCOMMANDS, sub) ? SUBCOMMANDS[sub] : undefined;
	if (!load) {
		io.stderr(`${PROGRAM}: batch: unknown subcommand ${echoed(sub)} (plan, export, run or report; try '${PROGRAM} batch --help')\n`);
		return 2;
	}
	return (await load())(rest, io);
}
