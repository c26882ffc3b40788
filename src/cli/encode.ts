// `pstudio encode`: XML text → WBXML bytes, one file, stdin, many files or a folder.
import type { WbxmlVersion } from '../lib/codec/wbxml';
import { echoed } from '../lib/text';
import { parseArgs, UsageError } from './args';
import { encodeText, type EncodeSettings } from './encode-file';
import { encodeMany } from './encode-many';
import { EX_USAGE, exitCodeOf, isDirectory, readXmlInput, writeAtomic } from './io';
import { failureLine, isInputFailure } from './report';
import type { Streams } from './streams';

export const encodeHelp = `Usage: pstudio encode <in.xml|-> -o <out.wbxml> [options]
       pstudio encode <in.xml|folder>... --out-dir <dir> [options]

Encodes XML documents (language taken from the DOCTYPE, else the root element) as WBXML.
Outputs are written whole or not at all (temp file + rename).

Options:
  -o, --output <file>        output file for a single input ('-' = stdout)
  -d, --out-dir <dir>        output folder: each X.xml becomes <dir>/X.wbxml (created if missing);
                             a folder input means every *.xml directly inside it
  --wbxml-version <v>        1.1, 1.2 or 1.3 (default 1.3)
  --no-string-table          inline every string instead of using a string table
  -j, --jobs <n>             encoding threads for --out-dir (default: one per CPU from 400 files on)
  -h, --help                 show this help

Exit status: 0 all written, 2 bad usage or any input failed (the others are still written), 74 an output could
not be written (disk full, I/O error; the others are still written).
An output folder that cannot be made (--out-dir /proc/x) is bad usage: one line, exit 2, nothing written.
`;

const VERSIONS: Readonly<Record<string, WbxmlVersion>> = { '1.1': 0x01, '1.2': 0x02, '1.3': 0x03 };

export async function runEncode(argv: readonly string[], io: Streams): Promise<number> {
	const args = parseArgs(
		argv,
		[
			{ name: 'output', short: 'o', value: true },
			{ name: 'out-dir', short: 'd', value: true },
			{ name: 'wbxml-version', value: true },
			{ name: 'no-string-table', value: false },
			{ name: 'jobs', short: 'j', value: true },
			{ name: 'help', short: 'h', value: false }
		],
		'encode'
	);
	if (args.flags.has('help')) {
		io.stdout(encodeHelp);
		return 0;
	}
	const versionText = args.values.get('wbxml-version') ?? '1.3';
	// Own properties only: "constructor" or "__proto__" must not find Object.prototype's members.
	const version = Object.hasOwn(VERSIONS, versionText) ? VERSIONS[versionText] : undefined;
	if (version === undefined) throw new UsageError(`--wbxml-version must be 1.1, 1.2 or 1.3, not ${echoed(versionText)}`, 'encode');
	const settings: EncodeSettings = { version, stringTable: !args.flags.has('no-string-table') };
	const output = args.values.get('output');
	const outDir = args.values.get('out-dir');
	const inputs = args.positionals;

	if (inputs.length === 0) throw new UsageError('no input file given', 'encode');
	if (output !== undefined && outDir !== undefined) throw new UsageError('give either -o or --out-dir, not both', 'encode');

	if (outDir === undefined) {
		if (inputs.length > 1 || isDirectory(inputs[0])) throw new UsageError('several inputs or a folder need --out-dir', 'encode');
		// stdout is binary here: only when asked for explicitly with '-o -'.
		if (output === undefined) throw new UsageError('no output given: use -o <out.wbxml> (or -o - for stdout)', 'encode');
		return encodeOne(inputs[0], output, settings, io);
	}

	if (inputs.includes('-')) throw new UsageError("stdin ('-') cannot be used with --out-dir; use -o", 'encode');
	return encodeMany(inputs, outDir, settings, threadsOption(args.values.get('jobs')), io);
}

function threadsOption(text: string | undefined): number | undefined {
	if (text === undefined) return undefined;
	if (!/^[1-9][0-9]{0,2}$/.test(text)) throw new UsageError(`--jobs must be a whole number from 1 to 999, not ${JSON.stringify(text)}`, 'encode');
	return Number(text);
}

/** Reports a bad input (returns undefined); bugs propagate. */
function encodeFile(input: string, settings: EncodeSettings, io: Streams): Uint8Array | undefined {
	try {
		return encodeText(readXmlInput(input), settings);
	} catch (err) {
		if (!isInputFailure(err)) throw err;
		io.stderr(failureLine(input, err));
		return undefined;
	}
}

/** The exit status: 0 written, 2 bad input or an output path that cannot take a file, 74 an I/O error. */
function encodeOne(input: string, output: string, settings: EncodeSettings, io: Streams): number {
	const bytes = encodeFile(input, settings, io);
	if (!bytes) return EX_USAGE;
	if (output === '-') {
		io.stdout(bytes);
		return 0;
	}
	try {
		writeAtomic(output, bytes, { from: input });
		return 0;
	} catch (err) {
		if (!isInputFailure(err)) throw err;
		io.stderr(failureLine(output, err));
		return exitCodeOf(err);
	}
}
