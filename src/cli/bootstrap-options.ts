// The SEC / IMSI / PIN options shared by `sign`, `verify` and `ota` (OMA-WAP-ProvBoot §5, bootstrap-security.md §1).
// The PIN becomes a Secret as soon as it is read; --pin-file keeps it off the command line (and out of `ps`).
// Neither the IMSI (the NETWPIN key) nor the PIN is ever repeated in a message: what is wrong is said by position.
import { firstNonDigit, imsiProblem, Secret, SEC, secName, type SecValue } from '../lib/security';
import { UsageError, type OptionSpec, type ParsedArgs } from './args';
import { FileError, readKeyFile } from './io';

export const SEC_OPTION_SPECS: readonly OptionSpec[] = [
	{ name: 'sec', value: true },
	{ name: 'imsi', value: true },
	{ name: 'pin', value: true },
	{ name: 'pin-file', value: true }
];

export const SEC_OPTIONS_HELP = `  --sec <method>          NETWPIN, USERPIN, USERNETWPIN or USERPINMAC (or the SEC number 0-3)
  --imsi <digits>         the subscriber's IMSI, 6-15 digits (NETWPIN, USERNETWPIN)
  --pin <digits>          the user PIN, decimal digits (USERPIN, USERNETWPIN); for USERPINMAC see the command
  --pin-file <file>       read the PIN from a file instead ('-' = stdin): the PIN alone on one line; blanks
                          and the line end around it are not part of it (the rule of every key file)`;

export interface SecChoice {
	sec: SecValue;
	imsi?: string;
	pin?: Secret;
}

/** `NETWPIN`, `netwpin` or `0` → 0. */
export function parseSec(text: string, command: string): SecValue {
	const byName = (SEC as Record<string, SecValue>)[text.toUpperCase()];
	if (byName !== undefined) return byName;
	if (/^[0-3]$/.test(text)) return Number(text) as SecValue;
	throw new UsageError(`--sec must be NETWPIN, USERPIN, USERNETWPIN or USERPINMAC; found ${JSON.stringify(text)}`, command);
}

/**
 * --pin or --pin-file (io.ts readKeyFile: the one rule of every key file), checked to be decimal digits (see
 * requireUserPin in lib/security/bootstrap/key.ts; the USERPINMAC PIN is digits too, §3). Empty --pin is refused.
 */
function readPin(args: ParsedArgs, command: string): Secret | undefined {
	const given = args.values.get('pin');
	const file = args.values.get('pin-file');
	if (given !== undefined && file !== undefined) throw new UsageError('give either --pin or --pin-file, not both', command);
	let text: string;
	let option: string;
	if (given !== undefined) {
		text = given;
		option = '--pin';
	} else if (file !== undefined) {
		option = `--pin-file ${file}`;
		try {
			text = readKeyFile(file);
		} catch (err) {
			if (err instanceof FileError) throw new UsageError(`${option}: ${err.message}`, command);
			throw err;
		}
	} else {
		return undefined;
	}
	if (text === '') throw new UsageError('the PIN is empty', command);
	const bad = firstNonDigit(text);
	if (bad > 0) throw new UsageError(`${option}: character ${bad} is not a decimal digit (a PIN is decimal digits)`, command);
	return Secret.fromText('PIN', text);
}

/**
 * Reads --sec/--imsi/--pin/--pin-file and checks that the method has what it needs, so that a missing or
 * malformed IMSI or PIN is bad usage (exit 2) before any file is read. `required` is false for `ota`, which may push unsigned.
 */
export function readSecChoice(args: ParsedArgs, command: string, options: { required: boolean }): SecChoice | undefined {
	const secText = args.values.get('sec');
	if (secText === undefined) {
		if (options.required) throw new UsageError('no --sec given', command);
		for (const name of ['imsi', 'pin', 'pin-file']) {
			if (args.values.has(name)) throw new UsageError(`--${name} needs --sec`, command);
		}
		return undefined;
	}
	return keysFor(parseSec(secText, command), args, command);
}

/**
 * The --imsi/--pin/--pin-file that `sec` needs, checked: a missing or malformed IMSI or PIN, or one the method
 * does not use, is bad usage. `ota --decode` calls this with the SEC read from the push, and names it so.
 */
export function keysFor(sec: SecValue, args: ParsedArgs, command: string, named = `--sec ${methodName(sec)}`): SecChoice {
	const choice: SecChoice = { sec };
	const imsi = args.values.get('imsi');
	const pin = readPin(args, command);
	const needsImsi = sec === SEC.NETWPIN || sec === SEC.USERNETWPIN;
	if (needsImsi) {
		if (imsi === undefined) throw new UsageError(`${named} needs --imsi`, command);
		const problem = imsiProblem(imsi);
		if (problem !== undefined) throw new UsageError(`--imsi: ${problem}`, command);
		choice.imsi = imsi;
	} else if (imsi !== undefined) {
		throw new UsageError(`${named} does not use an IMSI`, command);
	}
	if (sec === SEC.NETWPIN) {
		if (pin !== undefined) throw new UsageError(`${named} does not use a PIN`, command);
	} else {
		if (pin === undefined) throw new UsageError(`${named} needs --pin or --pin-file`, command);
		choice.pin = pin;
	}
	return choice;
}

/** NETWPIN for 0 and so on: the name the messages use. */
export function methodName(sec: SecValue): string {
	return secName(sec) ?? String(sec);
}
