// Options every `pstudio card …` operation shares: the reader, PIN1 / ADM1 from the command line or a file, the
// PKCS#15 profile, and where the APDU trace goes. A bad value is a UsageError that never repeats it, a file that
// cannot be read or written a FileError: both exit 2, and both before the first APDU.
import type { Pkcs15Profile } from '../lib/card/pkcs15';
import { admFromCommandLine, pin1FromDigits, profileNamed, RequestError, SecretInputError, type KeyOptions } from '../lib/server/card-service';
import type { Secret } from '../lib/security/secret';
import { UsageError, type OptionSpec, type ParsedArgs } from './args';
import { readKeyFile } from './io';
import { checkWritable } from './writable';

export const KEY_OPTIONS: readonly OptionSpec[] = [
	{ name: 'reader', short: 'r', value: true },
	{ name: 'pin1', value: true },
	{ name: 'pin1-file', value: true },
	{ name: 'profile', value: true },
	{ name: 'force-last-retry', value: false },
	{ name: 'trace', value: true },
	{ name: 'help', short: 'h', value: false }
];

export const KEY_HELP = `  -r, --reader <name>        PC/SC reader (default: the first reader with a card)
  --pin1 <digits>            PIN1, 4..8 digits (the simulator's test PIN1 is 0000)
  --pin1-file <file>         PIN1 read from a file (keeps it out of the process list)
  --profile <id>             PKCS#15 profile: oma-provsc (default, DF 7F50) or oma-provsc-5015
  --force-last-retry         present a key even with one try left (may block it)
  --trace <file>             write the APDU trace (secrets redacted) into a file
  -h, --help                 show this help`;

/**
 * A key from --NAME or --NAME-file. A key file follows io.ts readKeyFile, the one rule for every key file (one key
 * on one line, surrounding whitespace dropped); one that cannot be read is a FileError (`<file>: cannot read: …`,
 * exit 2). A key that does not parse is named by its file, never repeated.
 */
function secretFrom<T>(args: ParsedArgs, name: string, command: string, parse: (text: string) => T): T | undefined {
	const inline = args.values.get(name);
	const file = args.values.get(`${name}-file`);
	if (inline !== undefined && file !== undefined) throw new UsageError(`give --${name} or --${name}-file, not both`, command);
	const text = inline ?? (file !== undefined ? readKeyFile(file) : undefined);
	if (text === undefined) return undefined;
	try {
		return parse(text);
	} catch (e) {
		if (e instanceof SecretInputError) throw new UsageError(file !== undefined ? `${file}: ${e.message}` : e.message, command);
		throw e;
	}
}

export function keyOptions(args: ParsedArgs, command: string): KeyOptions {
	const out: KeyOptions = {};
	const pin1 = secretFrom(args, 'pin1', command, pin1FromDigits);
	if (pin1) out.pin1 = pin1;
	if (args.flags.has('force-last-retry')) out.force = true;
	return out;
}

export function admOption(args: ParsedArgs, command: string): Secret {
	const hex = args.values.get('adm-hex');
	if (hex !== undefined && (args.values.has('adm') || args.values.has('adm-file'))) throw new UsageError('give one of --adm, --adm-hex, --adm-file', command);
	const adm = hex !== undefined ? admFromCommandLineOrUsage(hex, command) : secretFrom(args, 'adm', command, (t) => admFromCommandLine(t));
	if (!adm) throw new UsageError('writing needs the ADM1 key: --adm <8 digits|16 hex>, --adm-hex <16 hex> or --adm-file <file>', command);
	return adm;
}

function admFromCommandLineOrUsage(text: string, command: string): Secret {
	try {
		return admFromCommandLine(text, 'adm-hex');
	} catch (e) {
		if (e instanceof SecretInputError) throw new UsageError(e.message, command);
		throw e;
	}
}

/** The ADM options of every command that writes. */
export const ADM_OPTIONS: readonly OptionSpec[] = [
	{ name: 'adm', value: true },
	{ name: 'adm-hex', value: true },
	{ name: 'adm-file', value: true }
];

export const ADM_HELP = `  --adm <key>                ADM1 key: 8 decimal digits sent as ASCII (pySim --adm: 88888888 → 3838383838383838)
                             or 16 hex digits as they are (3838383838383838, the simulator's TEST key)
  --adm-hex <hex>            ADM1 key as exactly 16 hex digits (pySim --adm-hex)
  --adm-file <file>          ADM1 key read from a file (either --adm spelling; keeps it out of the process list)`;

/** The --trace file, checked writable now: an APDU trace that cannot be saved must fail before the card is touched. */
export function traceOption(args: ParsedArgs): string | undefined {
	const file = args.values.get('trace');
	if (file !== undefined) checkWritable(file);
	return file;
}

export function profileOption(args: ParsedArgs, command: string): Pkcs15Profile {
	try {
		return profileNamed(args.values.get('profile'));
	} catch (e) {
		if (e instanceof RequestError) throw new UsageError(e.message, command);
		throw e;
	}
}
