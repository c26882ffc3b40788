// `pstudio diff`: the DM commands that turn one configuration into another (the seed's use case 5.2.1),
// values compared in their canonical form for the node's DFFormat, so `TRUE` vs `true` or `0080` vs `80`
// give no command. Prints the ordered Add / Replace / Delete list, or the SyncML DM package that carries it.
import { diff, parseDmTree, type DdfSchema, type DmCommand, type DmValue } from '../lib/documents/ddf';
import { dmPackageWbxml, dmPackageXml } from '../lib/documents/dm';
import { Secret } from '../lib/security';
import { parseArgs, UsageError } from './args';
import { isUserFailure, userFailureLine } from './cli-failure';
import { DDF_OPTION_HELP, readDdfOption } from './ddf-option';
import { FileScopedError, inFile } from './file-scoped-error';
import { emitDocument } from './document-output';
import { readTextInput } from './io';
import { hideSecretLeaves } from './secret-leaves';
import type { Streams } from './streams';

export const diffHelp = `Usage: pstudio diff <current.json> <wanted.json> --ddf <ddf> [--syncml --device <id> --server <uri>] [--wbxml -o <out>]

Compares two DM tree instances (JSON objects of URI -> value, as for ddf-check) and prints the shortest
ordered list of commands that turns the current tree into the wanted one: Deletes (deepest first), then
Adds (parents first), then Replaces, one per line: <op> <URI> [<format> <value as JSON>].
Values are compared in their canonical form for the node's DFFormat. Secret values (write-only chr nodes
such as AAuthSecret) print as ****.

Options:
${DDF_OPTION_HELP}
  --syncml                print the SyncML DM 1.2 package instead of the list (it carries the secret values)
  --device <id>           --syncml: SyncHdr Target/LocURI, the device (e.g. IMEI:490154203237518), required
  --server <uri>          --syncml: SyncHdr Source/LocURI, the DM server, required
  --session-id <id>       --syncml: SessionID (default 1)
  --msg-id <id>           --syncml: MsgID (default 1)
  --wbxml                 the package as WBXML (SyncML 1.2 tables); needs -o
  -o, --output <file>     write into a file (whole or not at all) instead of stdout; '-' = stdout
  -h, --help              show this help

Exit status: 0 compared (also when there are commands), 2 bad usage or unreadable tree or DDF, 74 the output
could not be written.
`;

/** One line of the listing; a Secret prints as its redacted form, other values as JSON strings. */
export function commandLine(command: DmCommand): string {
	if (command.op === 'Delete') return `Delete ${command.uri}`;
	const value = command.value === undefined ? '' : ` ${command.value instanceof Secret ? command.value.toString() : JSON.stringify(command.value)}`;
	return `${command.op} ${command.uri} ${command.format}${value}`;
}

export function runDiff(argv: readonly string[], io: Streams): number {
	const args = parseArgs(
		argv,
		[
			{ name: 'ddf', value: true },
			{ name: 'syncml', value: false },
			{ name: 'device', value: true },
			{ name: 'server', value: true },
			{ name: 'session-id', value: true },
			{ name: 'msg-id', value: true },
			{ name: 'wbxml', value: false },
			{ name: 'output', short: 'o', value: true },
			{ name: 'help', short: 'h', value: false }
		],
		'diff'
	);
	if (args.flags.has('help')) {
		io.stdout(diffHelp);
		return 0;
	}
	const usage = (message: string): UsageError => new UsageError(message, 'diff');
	if (args.positionals.length !== 2) throw usage('diff takes two tree files: current and wanted');
	const wbxml = args.flags.has('wbxml');
	const syncml = args.flags.has('syncml') || wbxml;
	const output = args.values.get('output');
	if (wbxml && output === undefined) throw usage('--wbxml needs -o <file> (or -o - for stdout)');
	const device = args.values.get('device');
	const server = args.values.get('server');
	if (syncml) {
		if (device === undefined) throw usage('--syncml needs --device (the SyncHdr Target, e.g. IMEI:490154203237518)');
		if (server === undefined) throw usage('--syncml needs --server (the SyncHdr Source, the DM server URI)');
	} else {
		for (const name of ['device', 'server', 'session-id', 'msg-id']) if (args.values.has(name)) throw usage(`--${name} is for --syncml`);
	}

	const [currentFile, wantedFile] = args.positionals;
	if (currentFile === '-' && wantedFile === '-') throw usage('only one of the trees can be read from stdin');
	let commands: DmCommand[];
	try {
		const schemas = readDdfOption(args.values.get('ddf'), 'diff', (line) => io.stderr(line));
		const current = readTree(currentFile, schemas);
		const wanted = readTree(wantedFile, schemas);
		commands = diff(current, wanted, schemas);
	} catch (err) {
		if (!(err instanceof FileScopedError) || !isUserFailure(err.error)) throw err instanceof FileScopedError ? err.error : err;
		io.stderr(userFailureLine(err.file, err.error));
		return 2;
	}

	let data: string | Uint8Array;
	if (syncml) {
		const header = { sessionId: args.values.get('session-id') ?? '1', msgId: args.values.get('msg-id') ?? '1', target: device ?? '', source: server ?? '' };
		data = wbxml ? dmPackageWbxml(commands, header) : dmPackageXml(commands, header);
	} else {
		data = commands.map((c) => commandLine(c) + '\n').join('');
	}
	// The SyncML package carries the secret values (AAuthSecret): a new file is 0600. The listing shows them as ****.
	return emitDocument(output, data, io, { secret: syncml });
}

function readTree(file: string, schemas: readonly DdfSchema[]): Map<string, DmValue> {
	return inFile(file, () => hideSecretLeaves(parseDmTree(readTextInput(file)), schemas));
}
