// A small argv parser: the CLI has three commands with a handful of flags each, not worth a dependency.

export interface OptionSpec {
	/** Long name without dashes, e.g. 'out-dir'. */
	name: string;
	/** One-letter alias without the dash, e.g. 'o'. */
	short?: string;
	/** true: the option takes a value (`--out x`, `--out=x`, `-o x`); false: a boolean flag. */
	value: boolean;
}

export interface ParsedArgs {
	positionals: string[];
	/** Last value given for each valued option. */
	values: Map<string, string>;
	flags: Set<string>;
}

/** A mistake in how the command was called: reported as one line, exit code 2. */
export class UsageError extends Error {
	override readonly name = 'UsageError';
	constructor(
		message: string,
		/** The command whose --help to point at, or undefined for the top level. */
		readonly command?: string
	) {
		super(message);
	}
}

export function parseArgs(argv: readonly string[], specs: readonly OptionSpec[], command: string): ParsedArgs {
	const parsed: ParsedArgs = { positionals: [], values: new Map(), flags: new Set() };
	const byLong = new Map(specs.map((s) => [s.name, s]));
	const byShort = new Map(specs.filter((s) => s.short).map((s) => [s.short as string, s]));
	let onlyPositionals = false;
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		// '-' alone is the stdin/stdout placeholder, a positional like any file name.
		if (onlyPositionals || arg === '-' || !arg.startsWith('-')) {
			parsed.positionals.push(arg);
			continue;
		}
		if (arg === '--') {
			onlyPositionals = true;
			continue;
		}
		let spec: OptionSpec | undefined;
		let inline: string | undefined;
		if (arg.startsWith('--')) {
			const eq = arg.indexOf('=');
			const name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
			inline = eq >= 0 ? arg.slice(eq + 1) : undefined;
			spec = byLong.get(name);
		} else if (arg.length === 2) {
			spec = byShort.get(arg[1]);
		} else {
			// '-ofile' form: value glued to the short option.
			spec = byShort.get(arg[1]);
			if (spec?.value) inline = arg.slice(2);
			else spec = undefined;
		}
		if (!spec) throw new UsageError(`unknown option ${arg}`, command);
		if (!spec.value) {
			if (inline !== undefined) throw new UsageError(`option --${spec.name} takes no value`, command);
			parsed.flags.add(spec.name);
			continue;
		}
		if (inline === undefined) {
			if (i + 1 >= argv.length) throw new UsageError(`option ${arg} needs a value`, command);
			inline = argv[++i];
		}
		parsed.values.set(spec.name, inline);
	}
	return parsed;
}
