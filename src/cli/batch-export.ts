// `pstudio batch export`: the order through the template into one package (manufacturer, bureau or ota), written
// whole or not at all — a temp file beside --out (io.ts openAtomic), renamed once the last entry is in; an order
// refused at its end (a Quantity mismatch), a write error or Ctrl-C removes it. Ctrl-C (SIGINT, and SIGTERM) stops the
// pipeline through its AbortSignal: one line, exit 130 (143 for SIGTERM), nothing left behind. The passphrase is read
// from a file into a Secret and never printed.
import { dirname } from 'node:path';
import { BatchError, type ColumnKey, type ExportResult, type MapEntry, type RejectedRow } from '../lib/batch';
import { Secret } from '../lib/security';
import { UsageError } from './args';
import { loadMap, loadTemplate, openOrderFile, orderFailureLines, rejectionText, type LoadedTemplate, type OrderFile } from './batch-inputs';
import { COMMON_HELP, COMMON_OPTIONS, columnKeys, parseBatchArgs, requiredOption, stringOption, type Values } from './batch-options';
import { startProgress } from './batch-progress';
import { PACKAGE_KINDS, runPipeline, secretColumns, type PackageKindName } from './batch-pipeline';
import { readBatchSec, SIGNING_HELP, SIGNING_OPTIONS, type BatchSigning } from './batch-signing';
import { FileError, openAtomic, readKeyFile, type AtomicOutput } from './io';
import { displayName, PROGRAM } from './report';
import type { Streams } from './streams';

export const batchExportHelp = `Usage: pstudio batch export --template <T> --orders <F> --package <kind> --sec <method> --out <F.zip> [options]

Each good row of the order becomes its own documents (the template filled with the row's values, encoded as
WBXML, signed with the row's key) in one zip package; each bad row is set aside with its line, column and
reason (rejected.csv) and the good ones go on. The package is written whole or not at all: a temp file beside
--out, renamed at the end; an order refused as a whole, an error or Ctrl-C leaves nothing.

Options:
${COMMON_HELP}
  --package <kind>        manufacturer: <ICCID>.xml and .wbxml per device, manifest.csv, rejected.csv
                          bureau: per-card PKCS#15 provisioning files and a scriptor APDU script
                          ota: the SMS-SUBMIT PDUs per subscriber (msisdn,part,pdu)
${SIGNING_HELP}
  --include-secrets       put the order's secrets (ADM, PINs, Ki/OPc) where the package has a place for them;
                          the package is then AES-256 encrypted with --passphrase-file unless --clear-text
  --passphrase-file <P>   encrypt the package (AES-256) with the passphrase in P (one line; never printed)
  --clear-text            write secrets unencrypted, chosen explicitly: those of --include-secrets, or those
                          a template puts in every document (a secret column mapped to a placeholder)
  -o, --out <F.zip>       the package to write
  --json                  print a summary as JSON on stdout at the end
  -q, --quiet             no progress on stderr
  -h, --help              show this help

Progress goes to stderr: a bar (rows/s, ETA, rejected) on a terminal, a plain line every few seconds otherwise;
at the end the first 20 reasons rows were set aside, each as file:line: column: reason.
Exit status: 0 written, every row packaged; 1 written, some rows set aside (rejected.csv lists them);
2 bad usage or bad input, nothing written; 74 the package could not be written (disk full); 130 interrupted
(Ctrl-C), nothing written.
`;

const OPTIONS = {
	...COMMON_OPTIONS,
	...SIGNING_OPTIONS,
	package: { type: 'string' },
	'include-secrets': { type: 'boolean' },
	'passphrase-file': { type: 'string' },
	'clear-text': { type: 'boolean' },
	out: { type: 'string', short: 'o' },
	quiet: { type: 'boolean', short: 'q' }
} as const;

const COMMAND = 'batch export';
/** Set-aside reasons named on stderr at the end; the package's rejected.csv (manufacturer, ota) has every one. */
const SHOWN_REJECTIONS = 20;
const EX_INTERRUPTED = 130;

interface ExportChoice {
	template: string;
	orders: string;
	map: string | undefined;
	keys: ColumnKey[];
	kind: PackageKindName;
	signing: BatchSigning;
	out: string;
	includeSecrets: boolean;
	clearText: boolean;
	/** undefined: not encrypted. */
	passphrase: Secret | undefined;
}

function readChoice(values: Values, positionals: readonly string[]): ExportChoice {
	if (positionals.length > 0) throw new UsageError(`batch export takes no file names (found ${JSON.stringify(positionals[0])}): give --template, --orders and --out`, COMMAND);
	const template = requiredOption(values, 'template', COMMAND);
	const orders = requiredOption(values, 'orders', COMMAND);
	const kindText = requiredOption(values, 'package', COMMAND);
	const kind = PACKAGE_KINDS.find((k) => k === kindText.toLowerCase());
	if (kind === undefined) throw new UsageError(`--package must be manufacturer, bureau or ota; found ${JSON.stringify(kindText)}`, COMMAND);
	const signing = readBatchSec(values, COMMAND, true);
	const out = requiredOption(values, 'out', COMMAND);
	if (out === '-') throw new UsageError('a package is a file: give --out a file name, not -', COMMAND);
	const includeSecrets = values['include-secrets'] === true;
	const clearText = values['clear-text'] === true;
	const passphraseFile = stringOption(values, 'passphrase-file');
	if (clearText && passphraseFile !== undefined) throw new UsageError('give either --passphrase-file or --clear-text, not both', COMMAND);
	if (includeSecrets && kind === 'ota') throw new UsageError('the ota package has no place for secrets: drop --include-secrets', COMMAND);
	if (includeSecrets && orders === '-') throw new UsageError('--include-secrets reads the order\'s columns first: give --orders a file, not -', COMMAND);
	if (includeSecrets && !clearText && passphraseFile === undefined) {
		throw new UsageError('--include-secrets needs --passphrase-file <P> (AES-256) or, explicitly, --clear-text', COMMAND);
	}
	let passphrase: Secret | undefined;
	if (passphraseFile !== undefined) {
		try {
			passphrase = Secret.fromText('passphrase', readKeyFile(passphraseFile));
		} catch (err) {
			if (err instanceof FileError) throw new UsageError(`--passphrase-file ${displayName(passphraseFile)}: ${err.message}`, COMMAND);
			throw err;
		}
	}
	return { template, orders, map: stringOption(values, 'map'), keys: columnKeys(values, COMMAND), kind, signing, out, includeSecrets, clearText, passphrase };
}

export async function runBatchExport(argv: readonly string[], io: Streams): Promise<number> {
	const { values, positionals } = parseBatchArgs(argv, OPTIONS, COMMAND);
	if (values.help === true) {
		io.stdout(batchExportHelp);
		return 0;
	}
	const choice = readChoice(values, positionals);

	let loaded: LoadedTemplate;
	let entries: MapEntry[];
	let order: OrderFile;
	let output: AtomicOutput;
	let secrets: string[] | undefined;
	try {
		loaded = loadTemplate(choice.template);
		entries = loadMap(choice.map);
		if (choice.includeSecrets) {
			const header = openOrderFile(choice.orders);
			try {
				secrets = await secretColumns(header.stream, choice.keys);
			} finally {
				header.stream.destroy();
			}
		}
		order = openOrderFile(choice.orders);
	} catch (err) {
		const lines = orderFailureLines(choice.orders, err);
		if (lines === undefined) throw err;
		for (const line of lines) io.stderr(line);
		return 2;
	}
	try {
		// A package with secrets (asked for, or clear text chosen) is no more readable than its owner's (0600).
		output = openAtomic(choice.out, { secret: choice.includeSecrets || choice.clearText, from: choice.orders });
	} catch (err) {
		order.stream.destroy();
		if (!(err instanceof FileError)) throw err;
		io.stderr(`${PROGRAM}: ${displayName(err.file)}: ${err.message}\n`);
		return err.exitCode;
	}

	const controller = new AbortController();
	let signalName: 'SIGINT' | 'SIGTERM' | undefined;
	const onSignal = (name: 'SIGINT' | 'SIGTERM') => () => {
		signalName ??= name;
		controller.abort();
	};
	const onInt = onSignal('SIGINT');
	const onTerm = onSignal('SIGTERM');
	process.on('SIGINT', onInt);
	process.on('SIGTERM', onTerm);
	const progress = startProgress(io, order.size, { tty: process.stderr.isTTY === true, quiet: values.quiet === true });
	const started = performance.now();
	const shown: RejectedRow[] = [];
	let reasons = 0;
	let result: ExportResult;
	try {
		result = await runPipeline(
			{
				template: loaded.template,
				source: order.stream,
				entries,
				columnKeys: choice.keys,
				kind: choice.kind,
				signing: choice.signing,
				includeSecrets: choice.includeSecrets,
				passphrase: choice.passphrase,
				clearText: choice.clearText,
				spoolFolder: dirname(choice.out),
				signal: controller.signal,
				write: (bytes) => output.write(bytes),
				onProgress: (counts) => progress.update(counts),
				onSetAside: (rejected) => {
					reasons++;
					if (shown.length < SHOWN_REJECTIONS) shown.push(rejected);
				}
			},
			secrets
		);
		if (controller.signal.aborted) throw controller.signal.reason;
		output.commit();
	} catch (err) {
		output.abort();
		progress.stop();
		if (controller.signal.aborted) {
			io.stderr(`${PROGRAM}: interrupted: nothing written (${displayName(choice.out)} not created)\n`);
			return signalName === 'SIGTERM' ? 143 : EX_INTERRUPTED;
		}
		if (err instanceof FileError) {
			io.stderr(`${PROGRAM}: ${displayName(err.file)}: ${err.message}\n`);
			return err.exitCode;
		}
		const lines = err instanceof BatchError ? [batchErrorLine(err, choice)] : orderFailureLines(choice.orders, err);
		if (lines === undefined) throw err;
		for (const line of lines) io.stderr(line);
		return 2;
	} finally {
		process.off('SIGINT', onInt);
		process.off('SIGTERM', onTerm);
		order.stream.destroy();
	}
	progress.stop();
	for (const r of shown) io.stderr(`${PROGRAM}: ${rejectionText(choice.orders, r)}\n`);
	if (reasons > shown.length) {
		const where = choice.kind === 'bureau' ? "'pstudio batch plan --rows N' shows every one" : 'rejected.csv in the package lists every one';
		io.stderr(`${PROGRAM}: … ${reasons - shown.length} more reasons rows were set aside (${where})\n`);
	}
	const seconds = (performance.now() - started) / 1000;
	const { rows, good, rejected } = result;
	const rate = Math.round(rows / Math.max(seconds, 1e-3));
	if (values.json === true) {
		const summary = {
			out: displayName(choice.out),
			package: choice.kind,
			sec: choice.signing.sec ?? null,
			encrypted: choice.passphrase !== undefined,
			secrets: choice.includeSecrets,
			rows,
			good,
			rejected,
			entries: result.entries,
			bytes: output.size,
			seconds: Number(seconds.toFixed(3)),
			rowsPerSecond: rate
		};
		io.stdout(JSON.stringify(summary, null, 2) + '\n');
	} else {
		const list = choice.kind === 'bureau' ? 'shown above' : 'listed in rejected.csv';
		const aside = rejected > 0 ? `, ${rejected} set aside (${list})` : '';
		io.stdout(`${displayName(choice.out)}: ${choice.kind} package, ${rows} row${rows === 1 ? '' : 's'}: ${good} packaged${aside}${choice.passphrase !== undefined ? '; AES-256 encrypted' : ''}\n`);
	}
	return rejected > 0 ? 1 : 0;
}

/**
 * A refusal of the pipeline, one line. A mapping problem (it gives the first): `map.txt:3: …` for a map line, else
 * `template: …`; an option problem says which option of this command answers it.
 */
function batchErrorLine(err: BatchError, choice: ExportChoice): string {
	if (err.code === 'bad-mapping') {
		const m = /^map line (\d+): (.*)$/.exec(err.detail);
		if (m !== null && choice.map !== undefined) return `${PROGRAM}: ${displayName(choice.map)}:${m[1]}: ${m[2]}\n`;
		return `${PROGRAM}: ${displayName(choice.template)}: ${err.detail}\n`;
	}
	const detail = err.detail.replace(/give a passphrase to encrypt (it|the package), or choose clear text explicitly$/, 'give --passphrase-file <P> to encrypt $1, or --clear-text');
	return `${PROGRAM}: ${detail}\n`;
}
