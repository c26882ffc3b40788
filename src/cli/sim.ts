// `pstudio sim`: the simulated UICC in the foreground, attached to a running pcscd through the vpcd driver, so every
// PC/SC client on the machine sees a card in "Virtual PCD 00 00" (port 35963) or "Virtual PCD 00 01" (35964).
// Until SIGINT/SIGTERM; then the card is removed and, with --save, its state (files, retry counters) is written.
import { CardError } from '../lib/card';
import { defaultProfile, loadProfile, parseProfileText, saveProfile, UiccSimulator } from '../lib/card/simulator';
import { VpcdClient } from '../lib/server/vpcd';
import { parseArgs, UsageError } from './args';
import { exitCodeOf, readTextInput, writeAtomic } from './io';
import { failureLine, isInputFailure, PROGRAM } from './report';
import type { Streams } from './streams';
import { checkWritable } from './writable';

export const simHelp = `Usage: pstudio sim [--profile card.json] [--vpcd-port 35963] [--save card.json]

Runs the simulated SIM/UICC until Ctrl-C, attached to pcscd's vpcd reader (Debian vsmartcard-vpcd):
port 35963 is reader "Virtual PCD 00 00", 35964 is "Virtual PCD 00 01". pcscd must be running.
The default profile has empty PKCS#15 provisioning files; its TEST keys are ADM1 3838383838383838, PIN1 0000.

Options:
  --profile <file>     card profile JSON (format pstudio-sim-profile/1; --save writes one)
  --vpcd-port <port>   vpcd slot port (default 35963)
  --save <file>        on exit, save the card state (what was written, retry counters) as a profile
  -h, --help           show this help

Every file is checked before the card is attached: a --profile that does not load or a --save file that cannot be
written ends in one line, exit 2.

Exit status: 0 stopped by a signal, 2 bad usage, a profile that does not load or a --save file that cannot be
written, 74 the state could not be saved at exit (disk full, I/O error).
`;

/** vpcd slot n listens on 35963 + n (ORACLES.md §2.1: DEVICENAME /dev/null:0x8C7B → 35963, 35964). */
function readerOfPort(port: number): string {
	const slot = port - 35963;
	return slot >= 0 && slot < 100 ? `Virtual PCD 00 ${String(slot).padStart(2, '0')}` : `the vpcd reader on port ${port}`;
}

export async function runSim(argv: readonly string[], io: Streams): Promise<number> {
	const args = parseArgs(
		argv,
		[
			{ name: 'profile', value: true },
			{ name: 'vpcd-port', value: true },
			{ name: 'save', value: true },
			{ name: 'help', short: 'h', value: false }
		],
		'sim'
	);
	if (args.flags.has('help')) {
		io.stdout(simHelp);
		return 0;
	}
	if (args.positionals.length > 0) throw new UsageError('sim takes no arguments', 'sim');
	const portText = args.values.get('vpcd-port') ?? '35963';
	const port = Number(portText);
	if (!/^\d+$/.test(portText) || port < 1 || port > 65535) throw new UsageError(`--vpcd-port must be 1..65535, not ${JSON.stringify(portText)}`, 'sim');
	const profileFile = args.values.get('profile');
	let card: UiccSimulator;
	try {
		card = new UiccSimulator(profileFile ? parseProfileText(readTextInput(profileFile)) : loadProfile(defaultProfile()));
	} catch (e) {
		if (!(e instanceof CardError) && !isInputFailure(e)) throw e;
		io.stderr(failureLine(profileFile ?? 'default profile', e));
		return 2;
	}
	const save = args.values.get('save');
	if (save !== undefined) {
		// Checked now, not at Ctrl-C: a state that cannot be saved must not be found out after the session it records.
		try {
			checkWritable(save);
		} catch (e) {
			if (!isInputFailure(e)) throw e;
			io.stderr(failureLine(save, e));
			return 2;
		}
	}
	const client = new VpcdClient(card, { port, log: (line) => io.stderr(`${PROGRAM} sim: ${line}\n`) });
	io.stderr(`${PROGRAM} sim: connecting to vpcd on 127.0.0.1:${port} (pcscd must be running)\n`);

	const stopped = new Promise<string>((resolve) => {
		process.once('SIGINT', () => resolve('SIGINT'));
		process.once('SIGTERM', () => resolve('SIGTERM'));
	});
	const first = await Promise.race([client.start().then(() => 'connected'), stopped]);
	if (first === 'connected') io.stdout(`card inserted in ${readerOfPort(port)} (vpcd port ${port}); Ctrl-C to remove it\n`);
	const signal = await stopped;
	await client.stop();
	if (save !== undefined) {
		try {
			// The profile holds the card's keys (ADM1, PIN1 values): a new file is 0600.
			writeAtomic(save, JSON.stringify(saveProfile(card.state), null, '\t') + '\n', { secret: true });
		} catch (e) {
			if (!isInputFailure(e)) throw e;
			io.stderr(failureLine(save, e));
			return exitCodeOf(e);
		}
		io.stderr(`${PROGRAM} sim: card state saved to ${save}\n`);
	}
	io.stderr(`${PROGRAM} sim: ${signal}: card removed\n`);
	return 0;
}
