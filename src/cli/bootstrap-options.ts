// The SEC / IMSI / PIN options shared by `sign`, `verify` and `ota` (OMA-WAP-ProvBoot §5, bootstrap-security.md §1).
// The PIN becomes a Secret as soon as it is read; --pin-file keeps it off the command line (and out of `ps`).
import { readFileSync } from 'node:fs';
import { BootstrapError, checkImsi, Secret, SEC, secName, type SecValue } from '../lib/security';
import { UsageError, type OptionSpec, type ParsedArgs } from './args';

export const SEC_OPTION_SPECS: readonly OptionSpec[] = [
	{ name: 'sec', value: true },
	{ name: 'imsi', value: true },
	{ name: 'pin', value: true },
	{ name: 'pin-file', value: true }
];

export const SEC_OPTIONS_HELP = `  --sec <method>          NETWPIN, USERPIN, USERNETWPIN or USERPINMAC (or the SEC number 0-3)
  --imsi <digits>         the subscriber's IMSI, 6-15 digits (NETWPIN, USERNETWPIN)
  --pin <digits>          the user PIN (USERPIN, USERNETWPIN); for USERPINMAC see the command
  --pin-file <file>       read the PIN from the first line of a file instead ('-' = stdin)`;

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

function readPin(args: ParsedArgs, command: string): Secret | undefined {
	const given = args.values.get('pin');
	const file = args.values.get('pin-file');
	if (given !== undefined && file !== undefined) throw new UsageError('give either --pin or --pin-file, not both', command);
	if (given !== undefined) return Secret.fromText('PIN', given);
	if (file === undefined) return undefined;
	let text: string;
	try {
		text = readFileSync(file === '-' ? 0 : file, 'utf8');
	} catch (err) {
		const reason = err instanceof Error ? err.message.replace(/^[A-Z]+: ([^,]+).*$/s, '$1') : String(err);
		throw new UsageError(`--pin-file ${file}: cannot read: ${reason}`, command);
	}
	// Only the first line: a file written with `echo` ends in a newline that is not part of the PIN.
	return Secret.fromText('PIN', text.split(/\r?\n/, 1)[0]);
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
		try {
			checkImsi(imsi);
		} catch (err) {
			if (err instanceof BootstrapError) throw new UsageError(`--imsi: ${err.message}`, command);
			throw err;
		}
		choice.imsi = imsi;
	} else if (imsi !== undefined) {
		throw new UsageError(`${named} does not use an IMSI`, command);
	}
	if (sec === SEC.NETWPIN) {
		if (pin !== undefined) throw new UsageError(`${named} does not use a PIN`, command);
	} else {
		if (pin === undefined) throw new UsageError(`${named} needs --pin or --pin-file`, command);
		if (pin.length === 0) throw new UsageError('the PIN is empty', command);
		choice.pin = pin;
	}
	return choice;
}

/** NETWPIN for 0 and so on: the name the messages use. */
export function methodName(sec: SecValue): string {
	return secName(sec) ?? String(sec);
}
