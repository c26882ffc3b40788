// `pstudio readers`: every PC/SC reader, whether a card is in it, and the card's ATR.
import { toHex } from '../lib/codec/hex';
import { errorJson, isOperationFailure } from '../lib/server/card-service';
import { parseArgs, UsageError } from './args';
import { settledReaders, withPcsc } from './card-pcsc';
import { PROGRAM } from './report';
import type { Streams } from './streams';

export const readersHelp = `Usage: pstudio readers

Lists the PC/SC readers (through pcscd), one a line: name, then "card ATR <hex>" or "no card".

Exit status: 0 listed (possibly none), 1 pcscd not reachable.
`;

export async function runReaders(argv: readonly string[], io: Streams): Promise<number> {
	const args = parseArgs(argv, [{ name: 'help', short: 'h', value: false }], 'readers');
	if (args.flags.has('help')) {
		io.stdout(readersHelp);
		return 0;
	}
	if (args.positionals.length > 0) throw new UsageError('readers takes no arguments', 'readers');
	try {
		const states = await withPcsc((pcsc) => settledReaders(pcsc));
		if (states.length === 0) io.stdout('no readers\n');
		for (const s of states) io.stdout(`${s.name}\t${s.present ? `card ATR ${s.atr ? toHex(s.atr) : '(none)'}` : 'no card'}\n`);
		return 0;
	} catch (e) {
		if (!isOperationFailure(e)) throw e;
		io.stderr(`${PROGRAM}: ${errorJson(e).message}\n`);
		return 1;
	}
}
