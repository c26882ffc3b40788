// Command dispatch and the exit-code contract: 0 ok, 1 validation errors found (not authentic, card refused),
// 2 bad usage or bad input, 70 a bug, 74 an output could not be written (io.ts EX_IOERR).
import { echoed } from '../lib/text';
import { UsageError } from './args';
import { PROGRAM } from './report';
import type { Streams } from './streams';

export const mainHelp = `Usage: pstudio <command> [options]

Provisioning Studio, headless: OMA Client Provisioning documents and WBXML.

Commands:
  encode     XML → WBXML (one file, stdin, many files or a folder)
  decode     WBXML → XML on stdout
  validate   check wap-provisioningdocs, print findings file:line:col severity rule message
  sign       bootstrap MAC (SEC NETWPIN/USERPIN/USERNETWPIN) or USERPINMAC PIN of a document
  verify     check a WBXML document's bootstrap MAC: authentic or not
  ota        a document as SMS-SUBMIT PDUs (WSP push over SMS), or --decode such PDUs
  dm-bootstrap  a DM account as a CP w7 document or a SyncML DM bootstrap message
  ddf-check  check a DM tree (JSON) against a DDF, print findings
  diff       DM commands (Add/Replace/Delete) that turn one DM tree into another
  readers    PC/SC readers, card present or not, ATR
  card       card info | write | read | trace: OMA provisioning files on a SIM/UICC (PKCS#15)
  sim        run the simulated SIM/UICC attached to pcscd (vpcd) until Ctrl-C
  batch      plan | export | run | report: an order and a template → per-card documents in a package or on cards

Run 'pstudio <command> --help' for the options of a command.
Exit status: 0 ok; 1 validation errors found (verify/ota: not authentic; card: the card refused);
  2 bad usage or bad input, also an output path that cannot take a file (no such folder, permission denied);
  70 internal error (a bug: please report); 74 an output could not be written (disk full, I/O error), stdout
  included. A closed pipe (| head) ends quietly.
Outputs (-o, --out-dir, --save, --trace) are written whole or not at all: a temp file beside the target, then
rename; a device or FIFO is written in place, a symlink's target is replaced. A replaced file keeps its mode;
a new file is no more readable than its input, and 0600 when it holds secrets (dm-bootstrap, diff --syncml,
sim --save).
`;

type Command = (argv: readonly string[], io: Streams) => number | Promise<number>;

// Loaded on demand: a command pays only for the libraries it uses (validate never loads the WBXML codec).
const COMMANDS: Readonly<Record<string, () => Promise<Command>>> = {
	encode: async () => (await import('./encode')).runEncode,
	decode: async () => (await import('./decode')).runDecode,
	validate: async () => (await import('./validate')).runValidate,
	sign: async () => (await import('./sign')).runSign,
	verify: async () => (await import('./verify')).runVerify,
	ota: async () => (await import('./ota')).runOta,
	'dm-bootstrap': async () => (await import('./dm-bootstrap')).runDmBootstrap,
	'ddf-check': async () => (await import('./ddf-check')).runDdfCheck,
	diff: async () => (await import('./diff')).runDiff,
	readers: async () => (await import('./readers')).runReaders,
	card: async () => (await import('./card')).runCard,
	sim: async () => (await import('./sim')).runSim,
	batch: async () => (await import('./batch')).runBatch
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
	// Own properties only: `pstudio constructor` must not call Object.prototype.constructor.
	const load = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
	if (!load) {
		io.stderr(`${PROGRAM}: unknown command ${echoed(command)} (try '${PROGRAM} --help')\n`);
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
