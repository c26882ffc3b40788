// `pstudio card info|write|read` and `pstudio card trace <op>` (the same operation with its APDU trace printed).
// Exit: 0 done, 1 the card or reader refused (the message names the APDU and the status word) or the document
// --only names is absent, 2 bad usage/input, 74 an output that could not be written (io.ts).
import type { TraceEntry } from '../lib/card';
import {
	cardDocumentFromXml,
	CardDocumentError,
	checkCardDocument,
	DocumentInputError,
	encodeDocumentXml,
	errorJson,
	identify,
	isOperationFailure,
	looksLikeWbxml,
	onCard,
	readDocuments,
	writeDocuments,
	type CardDocumentName,
	type Outcome
} from '../lib/server/card-service';
import type { ReadResult } from '../lib/server/card-service';
import type { ProvisionDocuments } from '../lib/card/provisioning';
import type { CardSession } from '../lib/card';
import type { Pkcs15Profile } from '../lib/card/pkcs15';
import { COMMAND_TIMEOUT_MS } from '../lib/server/pcsc';
import { echoed } from '../lib/text';
import { parseArgs, UsageError, type ParsedArgs } from './args';
import { pickReader, withPcsc } from './card-pcsc';
import { ADM_HELP, ADM_OPTIONS, admOption, KEY_HELP, KEY_OPTIONS, keyOptions, profileOption, traceOption } from './card-options';
import { documentsText, identityText, reportText, traceText } from './card-output';
import { emitRead, READ_HELP, READ_OPTIONS, readOutputOption, type ReadOutput } from './card-read';
import { exitCodeOf, FileError, readInput, writeAtomic } from './io';
import { failureLine, InputError, isInputFailure, PROGRAM } from './report';
import type { Streams } from './streams';

export const cardHelp = `Usage: pstudio card info  [options]
       pstudio card write <bootstrap.xml|.wbxml> [--config1 F] [--config2 F] --adm KEY|--adm-hex HEX|--adm-file F [options]
       pstudio card read  [--xml] [--only <document> [-o <file|->] | --out-dir <dir>] [options]
       pstudio card trace info|write|read ...   the same, with the APDU trace (secrets redacted) printed

info    ATR, ICCID and IMSI (the IMSI usually needs --pin1)
write   encodes XML documents as WBXML (PROV), writes them into the card's PKCS#15 provisioning files
        (Bootstrap, Config1, Config2), reads every file back and prints a per-file report
read    finds the provisioning documents (EF.DIR → DF PKCS#15 → ODF → DODF) and prints them (hex, or XML);
        with --only, -o or --out-dir only the documents go to stdout or files, everything else to stderr:
          pstudio card read --only Bootstrap --xml > bootstrap.xml
          pstudio card read --only Config1 -o config1.wbxml
          pstudio card read --out-dir docs/          (docs/bootstrap.wbxml, docs/config1.wbxml, …)

Options:
${ADM_HELP}
  --config1 <file>           Config1 document (.xml or .wbxml)
  --config2 <file>           Config2 document (.xml or .wbxml)
  --raw                      write: the bytes as they are; without it each document must decode (PROV, or a
                             SyncML DM bootstrap) with no validation error before anything is sent
${READ_HELP}
  --timeout <seconds>        how long the card may take to answer one command (default ${COMMAND_TIMEOUT_MS / 1000}); past it the
                             command fails with the APDU it was given, and the program ends once the card is
                             taken out (the reader holds the command until then)
${KEY_HELP}

Every option and every file an option names (key files, --trace, -o, --out-dir) is checked before the first APDU.

Exit status: 0 done, 1 the card or reader refused (message names the APDU and status word) or the document
--only names is not on the card, 2 bad usage or input, 74 an output could not be written (disk full, I/O error).
`;

const OPERATIONS = ['info', 'write', 'read'] as const;
type Operation = (typeof OPERATIONS)[number];

/** What an operation prints on success, and whether it counts as success (a write that did not verify does not). */
interface Printed {
	text: string;
	ok: boolean;
	/** card read: what was found, for the script forms (--only, -o, --out-dir). */
	read?: ReadResult;
}

export async function runCard(argv: readonly string[], io: Streams): Promise<number> {
	let [op, ...rest] = argv;
	let printTrace = false;
	if (op === 'trace') {
		printTrace = true;
		[op, ...rest] = rest;
	}
	if (op === undefined || op === '--help' || op === '-h' || op === 'help') {
		if (op === undefined) {
			io.stderr(cardHelp);
			return 2;
		}
		io.stdout(cardHelp);
		return 0;
	}
	if (!(OPERATIONS as readonly string[]).includes(op)) throw new UsageError(`unknown card operation ${JSON.stringify(op)} (info, write, read, trace)`, 'card');
	const args = parseArgs(
		rest,
		[
			...KEY_OPTIONS,
			...ADM_OPTIONS,
			{ name: 'config1', value: true },
			{ name: 'config2', value: true },
			{ name: 'raw', value: false },
			{ name: 'timeout', value: true },
			...READ_OPTIONS
		],
		'card'
	);
	if (args.flags.has('help')) {
		io.stdout(cardHelp);
		return 0;
	}
	try {
		return await runOperation(op as Operation, args, printTrace, io);
	} catch (e) {
		// A key file that cannot be read, a trace or read output that cannot be written: runOperation checks them
		// all before the first APDU, so this is one line, exit 2, and the card untouched.
		if (!(e instanceof FileError)) throw e;
		io.stderr(failureLine(e.file, e));
		return exitCodeOf(e);
	}
}

/**
 * A document file: WBXML when it starts with a WBXML version byte, else XML text encoded here; checked as a card
 * document (card-service checkCardDocument: decodes, no validation error) unless --raw.
 */
function loadDocument(file: string, name: CardDocumentName, raw: boolean): Uint8Array {
	try {
		return loadDocumentBytes(file, name, raw);
	} catch (e) {
		if (e instanceof CardDocumentError) throw new InputError(`${e.message} (nothing was written; --raw writes the bytes as they are)`);
		throw e;
	}
}

function loadDocumentBytes(file: string, name: CardDocumentName, raw: boolean): Uint8Array {
	const bytes = readInput(file);
	if (looksLikeWbxml(bytes)) {
		if (!raw) checkCardDocument(name, bytes);
		return bytes;
	}
	let text: string;
	try {
		text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
	} catch {
		throw new InputError(`${file}: neither WBXML nor UTF-8 XML text`);
	}
	try {
		return raw ? encodeDocumentXml(text) : cardDocumentFromXml(name, text);
	} catch (e) {
		if (e instanceof DocumentInputError) throw new InputError(e.message, 1, 1);
		throw e;
	}
}

function documentsOf(args: ParsedArgs, io: Streams): ProvisionDocuments | undefined {
	if (args.positionals.length !== 1) throw new UsageError('card write takes exactly one bootstrap document', 'card');
	const files: [keyof ProvisionDocuments, string | undefined][] = [
		['bootstrap', args.positionals[0]],
		['config1', args.values.get('config1')],
		['config2', args.values.get('config2')]
	];
	const docs: Partial<ProvisionDocuments> = {};
	for (const [kind, file] of files) {
		if (file === undefined) continue;
		try {
			docs[kind] = loadDocument(file, kind, args.flags.has('raw'));
		} catch (e) {
			if (!isInputFailure(e)) throw e;
			io.stderr(failureLine(file, e));
			return undefined;
		}
	}
	return docs as ProvisionDocuments;
}

async function runOperation(op: Operation, args: ParsedArgs, printTrace: boolean, io: Streams): Promise<number> {
	// Every argument, and every file an option names, is checked before pcscd is touched: a typo must not cost a
	// PIN try, and a trace or document that cannot be saved must not be found out after the card operation ran.
	const keys = keyOptions(args, 'card');
	const profile = profileOption(args, 'card');
	let readOutput: ReadOutput | undefined;
	if (op === 'read') readOutput = readOutputOption(args, profile);
	else if (['only', 'output', 'out-dir'].some((o) => args.values.has(o))) {
		throw new UsageError(`--only, -o and --out-dir are for card read, not card ${op}`, 'card');
	}
	const traceFile = traceOption(args);
	const timeoutMs = timeoutOption(args.values.get('timeout'));
	let job: (session: CardSession) => Promise<Printed>;
	if (op === 'write') {
		const adm = admOption(args, 'card');
		const documents = documentsOf(args, io);
		if (!documents) return 2;
		const raw = args.flags.has('raw');
		job = async (s) => {
			const report = await writeDocuments(s, { ...keys, adm, documents, profile, ...(raw ? { raw } : {}) });
			return { text: identityText(report.identity) + reportText(report), ok: report.verified };
		};
	} else {
		if (args.positionals.length > 0) throw new UsageError(`card ${op} takes no file arguments`, 'card');
		if (args.values.has('adm') || args.values.has('adm-hex') || args.values.has('adm-file')) throw new UsageError(`card ${op} does not use the ADM key`, 'card');
		if (args.flags.has('raw')) throw new UsageError(`--raw is for card write, not card ${op}`, 'card');
		const asXml = args.flags.has('xml');
		job =
			op === 'info'
				? async (s) => ({ text: identityText(await identify(s, keys)), ok: true })
				: async (s) => {
						const r = await readDocuments(s, profile, keys);
						return { text: identityText(r.identity) + documentsText(r.documents, asXml), ok: true, read: r };
					};
	}
	let reader = '';
	let outcome: Outcome<Printed>;
	try {
		outcome = await withPcsc(async (pcsc) => {
			reader = await pickReader(pcsc, args.values.get('reader'));
			// Exclusive while writing: no other PC/SC client may interleave APDUs with ours.
			return onCard(pcsc, reader, { exclusive: op === 'write', ...(timeoutMs === undefined ? {} : { commandTimeoutMs: timeoutMs }) }, job);
		});
	} catch (e) {
		if (!isOperationFailure(e)) throw e;
		outcome = { ok: false, error: e, trace: [] };
	}
	const status = finish(outcome, reader, printTrace, readOutput, profile, io);
	return Math.max(status, saveTrace(traceFile, outcome.trace, io));
}

/** --timeout: whole seconds, 1 to 3600, in milliseconds; undefined for the default (pcsc COMMAND_TIMEOUT_MS). */
function timeoutOption(text: string | undefined): number | undefined {
	if (text === undefined) return undefined;
	if (!/^[1-9][0-9]{0,3}$/.test(text) || Number(text) > 3600) throw new UsageError(`--timeout must be a whole number of seconds from 1 to 3600; found ${echoed(text)}`, 'card');
	return Number(text) * 1000;
}

/** Writes the --trace file (checked writable before the operation): 0, or its FileError's exit status after one line. */
function saveTrace(traceFile: string | undefined, trace: readonly TraceEntry[], io: Streams): number {
	if (traceFile === undefined) return 0;
	try {
		writeAtomic(traceFile, traceText(trace));
		return 0;
	} catch (e) {
		if (!(e instanceof FileError)) throw e;
		io.stderr(failureLine(traceFile, e));
		return exitCodeOf(e);
	}
}

function finish(outcome: Outcome<Printed>, reader: string, printTrace: boolean, readOutput: ReadOutput | undefined, profile: Pkcs15Profile, io: Streams): number {
	const trace: readonly TraceEntry[] = outcome.trace;
	// In the script forms of card read stdout carries the documents alone: the trace goes to stderr.
	const traceTo = (text: string): void => (readOutput ? io.stderr(text) : io.stdout(text));
	if (printTrace && trace.length > 0) traceTo(`APDU trace (${trace.length} exchanges, secrets redacted):\n${traceText(trace)}\n`);
	if (!outcome.ok) {
		if (!isOperationFailure(outcome.error)) throw outcome.error;
		io.stderr(`${PROGRAM}: ${reader ? `${reader}: ` : ''}${errorJson(outcome.error).message}\n`);
		return 1;
	}
	if (readOutput && outcome.value.read) return emitRead(readOutput, reader, outcome.value.read, profile, io);
	io.stdout(`Reader: ${reader}\n${outcome.value.text}`);
	return outcome.value.ok ? 0 : 1;
}
