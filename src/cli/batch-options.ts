// The options `batch plan` and `batch export` share, read through node:util parseArgs (STYLE.md): the template, the
// order, the map file and pySim column keys. A mistake in them is a UsageError (one line, exit 2); a column key is
// never repeated in a message (parseColumnKey names the field and the position only).
import { parseArgs as parseNodeArgs, type ParseArgsConfig } from 'node:util';
import { OrderError, parseColumnKey, type ColumnKey } from '../lib/batch';
import { UsageError } from './args';

type Options = NonNullable<ParseArgsConfig['options']>;

export const COMMON_OPTIONS = {
	template: { type: 'string' },
	orders: { type: 'string' },
	map: { type: 'string' },
	'column-key': { type: 'string', multiple: true },
	json: { type: 'boolean' },
	help: { type: 'boolean', short: 'h' }
} as const satisfies Options;

export const COMMON_HELP = `  --template <file>       the template: a CP document (XML) or a DM account (XML or JSON) with \${NAME}
                          placeholders
  --orders <file>         the order: CSV (pySim's column names too) or a SIM vendor's .out file
  --map <file>            which column fills which placeholder, one PLACEHOLDER=COLUMN a line (or a JSON
                          object); without it a placeholder takes the column of its own name (any case)
  --column-key <F:HEX>    pySim transport key of an encrypted column or group (AES-CBC), repeatable`;

/** The values parseArgs gives for a config: strings, booleans, or lists for `multiple`. */
export type Values = Record<string, string | boolean | (string | boolean)[] | undefined>;

/**
 * node:util parseArgs, its errors turned into the CLI's UsageError with a message in the house form
 * (`unknown option --x`, `option --out needs a value`) instead of Node's multi-sentence text.
 */
export function parseBatchArgs(argv: readonly string[], options: Options, command: string): { values: Values; positionals: string[] } {
	try {
		const { values, positionals } = parseNodeArgs({ args: [...argv], options, strict: true, allowPositionals: true });
		return { values: values as Values, positionals };
	} catch (err) {
		const code = (err as { code?: unknown }).code;
		const message = err instanceof Error ? err.message : String(err);
		const option = /'(-[^' ]*)/.exec(message)?.[1];
		if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw new UsageError(`unknown option ${option ?? ''}`.trimEnd(), command);
		if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
			throw new UsageError(/argument missing/.test(message) ? `option ${option ?? ''} needs a value` : `option ${option ?? ''} takes no value`, command);
		}
		if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') throw new UsageError(message, command);
		throw err;
	}
}

export function stringOption(values: Values, name: string): string | undefined {
	const value = values[name];
	if (Array.isArray(value)) return value.length === 0 ? undefined : String(value[value.length - 1]);
	return typeof value === 'string' ? value : undefined;
}

export function requiredOption(values: Values, name: string, command: string): string {
	const value = stringOption(values, name);
	if (value === undefined) throw new UsageError(`no --${name} given`, command);
	if (value === '') throw new UsageError(`--${name} is empty`, command);
	return value;
}

export function listOption(values: Values, name: string): string[] {
	const value = values[name];
	if (value === undefined) return [];
	return (Array.isArray(value) ? value : [value]).map(String);
}

/** The --column-key values; a malformed one is bad usage, named by its field (the key never repeated). */
export function columnKeys(values: Values, command: string): ColumnKey[] {
	return listOption(values, 'column-key').map((text) => {
		try {
			return parseColumnKey(text);
		} catch (err) {
			if (err instanceof OrderError) throw new UsageError(err.message, command);
			throw err;
		}
	});
}

/** A whole number from 1 to `max`, or bad usage naming the option. */
export function countOption(values: Values, name: string, fallback: number, max: number, command: string): number {
	const text = stringOption(values, name);
	if (text === undefined) return fallback;
	if (!/^[1-9][0-9]*$/.test(text) || Number(text) > max) throw new UsageError(`--${name} must be a whole number from 1 to ${max}, not ${JSON.stringify(text)}`, command);
	return Number(text);
}
