// `pstudio ddf-check`: a DM tree instance checked against DDFs (OMA-TS-DM_TND-V1_2 §8.5): unknown node,
// missing mandatory node, occurrence, value format. Prints findings like a linter, one per line.
import { parseDmTree, validateTree, type DdfSchema } from '../lib/documents/ddf';
import { parseArgs, UsageError } from './args';
import { isUserFailure, userFailureLine } from './cli-failure';
import { DDF_OPTION_HELP, readDdfOption } from './ddf-option';
import { FileScopedError } from './file-scoped-error';
import { readTextInput } from './io';
import { hideSecretLeaves } from './secret-leaves';
import type { Streams } from './streams';

export const ddfCheckHelp = `Usage: pstudio ddf-check <tree.json|-> --ddf <ddf> [--json]

Checks a DM tree instance against a DDF. The tree is one JSON object of URI -> value (null for interior
nodes; ancestors may be left out), e.g. {"./DMAcc/x/AppID": "w7", "./DMAcc/x/ServerID": "dm.example.com"}.
Prints one finding per line: <node URI> <severity> <rule> <message>, ordered by node.
Rules: unknown-node, missing-node, occurrence, value-format. Values of write-only chr nodes (AAuthSecret)
are never quoted. A URI deeper than 32 segments, longer than 2048 characters or with a segment longer than 64
is refused (the DevDetail/URI MaxDepth, MaxTotLen and MaxSegLen an Android DM client states).

Options:
${DDF_OPTION_HELP}
  --json                  print a JSON array of findings
  -h, --help              show this help

Exit status: 0 no error finding, 1 at least one error finding, 2 bad usage or unreadable tree or DDF.
`;

export function runDdfCheck(argv: readonly string[], io: Streams): number {
	const args = parseArgs(
		argv,
		[
			{ name: 'ddf', value: true },
			{ name: 'json', value: false },
			{ name: 'help', short: 'h', value: false }
		],
		'ddf-check'
	);
	if (args.flags.has('help')) {
		io.stdout(ddfCheckHelp);
		return 0;
	}
	if (args.positionals.length !== 1) throw new UsageError('ddf-check takes exactly one tree file', 'ddf-check');
	const input = args.positionals[0];
	let schemas: DdfSchema[];
	let findings;
	try {
		schemas = readDdfOption(args.values.get('ddf'), 'ddf-check', (line) => io.stderr(line));
		const tree = hideSecretLeaves(parseDmTree(readTextInput(input)), schemas);
		findings = validateTree(tree, schemas);
	} catch (err) {
		const scoped = err instanceof FileScopedError ? err : new FileScopedError(input, err);
		if (!isUserFailure(scoped.error)) throw scoped.error;
		io.stderr(userFailureLine(scoped.file, scoped.error));
		return 2;
	}
	if (args.flags.has('json')) io.stdout(JSON.stringify(findings, null, 2) + '\n');
	else io.stdout(findings.map((f) => `${f.uri} ${f.severity} ${f.rule} ${f.message}\n`).join(''));
	return findings.some((f) => f.severity === 'error') ? 1 : 0;
}
