// `pstudio validate`: reads wap-provisioningdocs and prints the rule findings, like a linter.
import { parseProvDoc, validateProvDoc, type Finding } from '../lib/documents/provcont';
import { parseArgs, UsageError } from './args';
import { readXmlInput } from './io';
import { displayName, failureLine, isInputFailure } from './report';
import type { Streams } from './streams';

export const validateHelp = `Usage: pstudio validate <in.xml|->... [options]

Checks OMA Client Provisioning documents (wap-provisioningdoc) against the ProvCont rules.
Prints one finding per line: file:line:col severity rule message

Options:
  --json       print a JSON array of findings, each with its file
  -h, --help   show this help

Exit status: 0 no error-severity finding, 1 at least one error finding, 2 bad usage or unreadable input.
`;

export interface FileFinding extends Finding {
	file: string;
}

export function runValidate(argv: readonly string[], io: Streams): number {
	const args = parseArgs(
		argv,
		[
			{ name: 'json', value: false },
			{ name: 'help', short: 'h', value: false }
		],
		'validate'
	);
	if (args.flags.has('help')) {
		io.stdout(validateHelp);
		return 0;
	}
	if (args.positionals.length === 0) throw new UsageError('no input file given', 'validate');
	const all: FileFinding[] = [];
	let unreadable = false;
	for (const file of args.positionals) {
		try {
			const findings = validateProvDoc(parseProvDoc(readXmlInput(file)));
			// Reading order, like a compiler: by line, then column (the sort is stable for ties).
			const ordered = [...findings].sort((a, b) => a.line - b.line || a.column - b.column);
			for (const f of ordered) all.push({ file: displayName(file), rule: f.rule, severity: f.severity, message: f.message, line: f.line, column: f.column });
		} catch (err) {
			if (!isInputFailure(err)) throw err;
			io.stderr(failureLine(file, err));
			unreadable = true;
		}
	}
	if (args.flags.has('json')) io.stdout(JSON.stringify(all, null, 2) + '\n');
	else for (const f of all) io.stdout(`${f.file}:${f.line}:${f.column} ${f.severity} ${f.rule} ${f.message}\n`);
	if (unreadable) return 2;
	return all.some((f) => f.severity === 'error') ? 1 : 0;
}
