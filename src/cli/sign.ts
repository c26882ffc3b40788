// `pstudio sign`: the bootstrap MAC of a CP (or DM bootstrap) document, OMA-WAP-ProvBoot §5.
import { BootstrapError, SEC, sign } from '../lib/security';
import { parseArgs, UsageError } from './args';
import { readSecChoice, SEC_OPTION_SPECS, SEC_OPTIONS_HELP, methodName } from './bootstrap-options';
import { isUserFailure, userFailureLine } from './cli-failure';
import { exitCodeOf, writeAtomic } from './io';
import { readSignedDocument } from './signed-document';
import type { Streams } from './streams';

export const signHelp = `Usage: pstudio sign <in.xml|in.wbxml|-> --sec <method> [--imsi <digits>] [--pin <digits>] [-o <out.wbxml>]

Computes the bootstrap MAC, HMAC-SHA1 over the WBXML document (OMA-WAP-ProvBoot section 5), and prints it as
40 uppercase hex digits. An XML input is encoded as WBXML first; -o writes those bytes, which are the ones
the MAC is valid for. For USERPINMAC, --pin gives the key digits K and the command prints the whole PIN K+m
that the user types on the phone instead of the MAC.

Options:
${SEC_OPTIONS_HELP}
  -o, --output <file>     write the signed WBXML document (whole or not at all)
  --json                  print {"sec", "mac", "bytes"} (and "pin" for USERPINMAC) as JSON
  -h, --help              show this help

Exit status: 0 signed, 2 bad usage or bad input, 74 the output could not be written.
`;

export async function runSign(argv: readonly string[], io: Streams): Promise<number> {
	const args = parseArgs(
		argv,
		[...SEC_OPTION_SPECS, { name: 'output', short: 'o', value: true }, { name: 'json', value: false }, { name: 'help', short: 'h', value: false }],
		'sign'
	);
	if (args.flags.has('help')) {
		io.stdout(signHelp);
		return 0;
	}
	if (args.positionals.length !== 1) throw new UsageError('sign takes exactly one input file', 'sign');
	const choice = readSecChoice(args, 'sign', { required: true });
	if (!choice) throw new UsageError('no --sec given', 'sign');
	const input = args.positionals[0];
	const output = args.values.get('output');
	if (output === '-') throw new UsageError('stdout carries the MAC: give -o a file name', 'sign');

	let document;
	try {
		document = readSignedDocument(input);
	} catch (err) {
		if (!isUserFailure(err)) throw err;
		io.stderr(userFailureLine(input, err));
		return 2;
	}
	let signature;
	try {
		signature = await sign(document.bytes, choice);
	} catch (err) {
		// Every BootstrapError here is about the option values (e.g. USERPINMAC key digits that are not digits).
		if (err instanceof BootstrapError) throw new UsageError(err.message, 'sign');
		throw err;
	}
	if (output !== undefined) {
		try {
			// The signed document holds no key (the MAC travels in the push header beside it), but may hold what its
			// input held: no more readable than the input.
			writeAtomic(output, document.bytes, { from: input });
		} catch (err) {
			if (!isUserFailure(err)) throw err;
			io.stderr(userFailureLine(output, err));
			return exitCodeOf(err);
		}
	}
	// USERPINMAC: printing the PIN is the point of the command (the operator gives it to the user out of band).
	const pin = choice.sec === SEC.USERPINMAC ? signature.userPin?.revealText() : undefined;
	if (args.flags.has('json')) {
		const result: Record<string, string | number> = { sec: methodName(signature.sec), mac: signature.mac, bytes: document.bytes.length };
		if (pin !== undefined) result.pin = pin;
		io.stdout(JSON.stringify(result, null, 2) + '\n');
	} else {
		io.stdout(`${pin ?? signature.mac}\n`);
	}
	return 0;
}
