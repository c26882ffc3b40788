// `pstudio verify`: is a received WBXML document authentic under its SEC method (OMA-WAP-ProvBoot §5)?
import { BootstrapError, SEC } from '../lib/security';
import { notAuthenticReason } from './authenticity';
import { parseArgs, UsageError } from './args';
import { readSecChoice, SEC_OPTION_SPECS, SEC_OPTIONS_HELP } from './bootstrap-options';
import { isUserFailure, userFailureLine } from './cli-failure';
import { readSignedDocument } from './signed-document';
import type { Streams } from './streams';

export const verifyHelp = `Usage: pstudio verify <in.wbxml|-> --sec <method> [--imsi <digits>] [--pin <digits>] --mac <hex>

Checks the bootstrap MAC of a WBXML document as it was sent (OMA-WAP-ProvBoot section 5) and prints
"authentic", or "not authentic: <reason>". For USERPINMAC, --pin is the whole PIN the user typed (K+m) and
--mac is not used.

Options:
${SEC_OPTIONS_HELP}
  --mac <hex>             the MAC parameter as received, 40 hex digits (either case)
  -h, --help              show this help

Exit status: 0 authentic, 1 not authentic, 2 bad usage or bad input.
`;

export async function runVerify(argv: readonly string[], io: Streams): Promise<number> {
	const args = parseArgs(argv, [...SEC_OPTION_SPECS, { name: 'mac', value: true }, { name: 'help', short: 'h', value: false }], 'verify');
	if (args.flags.has('help')) {
		io.stdout(verifyHelp);
		return 0;
	}
	if (args.positionals.length !== 1) throw new UsageError('verify takes exactly one input file', 'verify');
	const choice = readSecChoice(args, 'verify', { required: true });
	if (!choice) throw new UsageError('no --sec given', 'verify');
	const mac = args.values.get('mac');
	if (choice.sec === SEC.USERPINMAC) {
		if (mac !== undefined) throw new UsageError('--sec USERPINMAC is checked with the PIN alone: drop --mac', 'verify');
	} else if (mac === undefined) {
		throw new UsageError('no --mac given', 'verify');
	}
	const input = args.positionals[0];
	let bytes: Uint8Array;
	try {
		bytes = readSignedDocument(input, { wbxmlOnly: true }).bytes;
	} catch (err) {
		if (!isUserFailure(err)) throw err;
		io.stderr(userFailureLine(input, err));
		return 2;
	}
	let reason: string | undefined;
	try {
		reason = await notAuthenticReason(bytes, choice, mac);
	} catch (err) {
		if (err instanceof BootstrapError) throw new UsageError(err.message, 'verify');
		throw err;
	}
	if (reason !== undefined) {
		io.stdout(`not authentic: ${reason}\n`);
		return 1;
	}
	io.stdout('authentic\n');
	return 0;
}
