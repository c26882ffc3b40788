// Command dispatch and the exit-code contract: 0 ok, 1 validation errors found, 2 bad usage or bad input.
import { UsageError } from './args';
import { PROGRAM } from './report';
import type { Streams } from './streams';

export const mainHelp = `Usage: pstudio <command> [options]

Provisioning Studio, headless: OMA Client Provisioning documents and WBXML.

Commands:
  encode     XML → WBXML (one file, stdin, many files or a folder)
  decode     WBXML → XML on stdout
  validate   check wap-provisioningdocs, print findings file:line:col severity rule message

Run 'pstudio <command> --help' for the options of a command.
Exit status: 0 ok, 1 validation errors found, 2 bad usage or bad input, 70 internal error (a bug: please report).
`;

type Command = (argv: readonly string[], io: Streams) => number | Promise<number>;

// Loaded on demand: a command pays only for the libraries it uses (validate never loads the WBXML codec).
const COMMANDS: Readonly<Record<string, () => Promise<Command>>> = {
	encode: async () => (await import('./encode')).runEncode,
	decode: async () => (await import('./decode')).runDecode,
	validate: async () => (await import('./validate')).runValidate
};

export async function runCli(argv: readonly string[], io: Streams): Promise<number> {
	const [command, ...rest] = argv;
	if (command === undefined) {
		io.stderr(mainHelp);
		return 2;
	}
	if (command === '--help' || command === '-h' || command === 'help') {
		io.stdout(mainHelp);
		return 0;
	}
	const load = COMMANDS[command];
	if (!load) {
		io.stderr(`${PROGRAM}: unknown command ${JSON.stringify(command)} (try '${PROGRAM} --help')\n`);
		return 2;
	}
	try {
		return await (await load())(rest, io);
	} catch (err) {
		if (!(err instanceof UsageError)) throw err;
		io.stderr(`${PROGRAM}: ${err.message} (try '${PROGRAM} ${err.command ?? ''}${err.command ? ' ' : ''}--help')\n`);
		return 2;
	}
}
