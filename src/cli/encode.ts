// `pstudio encode`: XML text → WBXML bytes, one file, stdin, many files or a folder.
import { basename, extname, join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { encodeWbxml, languageForDocument, type WbxmlVersion } from '../lib/codec/wbxml';
import { parseXml } from '../lib/codec/xml';
import { parseArgs, UsageError } from './args';
import { FileError, isDirectory, readTextInput, writeAtomic, writeAtomicAsync, xmlFilesIn } from './io';
import { failureLine, InputError, isInputFailure } from './report';
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
  -h, --help                 show this help

Exit status: 0 all written, 2 bad usage or any input failed (the others are still written).
`;

const VERSIONS: Readonly<Record<string, WbxmlVersion>> = { '1.1': 0x01, '1.2': 0x02, '1.3': 0x03 };

interface EncodeSettings {
	version: WbxmlVersion;
	stringTable: boolean;
}

/** Encodes one XML text fully in memory; throws the library's located error for bad input. */
function encodeText(text: string, settings: EncodeSettings): Uint8Array {
	const document = parseXml(text);
	const language = languageForDocument(document);
	if (!language) {
		const at = document.root.position;
		const where = at && 'line' in at ? at : { line: 1, column: 1 };
		throw new InputError(
			`no WBXML language known for root element <${document.root.name}>${document.publicId ? ` (DOCTYPE "${document.publicId}")` : ''}`,
			where.line,
			where.column
		);
	}
	return encodeWbxml(document, language, { version: settings.version, stringTable: settings.stringTable });
}

function outputNameFor(input: string): string {
	const base = basename(input);
	const ext = extname(base);
	return (ext.toLowerCase() === '.xml' ? base.slice(0, -ext.length) : base) + '.wbxml';
}

export async function runEncode(argv: readonly string[], io: Streams): Promise<number> {
	const args = parseArgs(
		argv,
		[
			{ name: 'output', short: 'o', value: true },
			{ name: 'out-dir', short: 'd', value: true },
			{ name: 'wbxml-version', value: true },
			{ name: 'no-string-table', value: false },
			{ name: 'help', short: 'h', value: false }
		],
		'encode'
	);
	if (args.flags.has('help')) {
		io.stdout(encodeHelp);
		return 0;
	}
	const versionText = args.values.get('wbxml-version') ?? '1.3';
	const version = VERSIONS[versionText];
	if (version === undefined) throw new UsageError(`--wbxml-version must be 1.1, 1.2 or 1.3, not ${JSON.stringify(versionText)}`, 'encode');
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
		return encodeOne(inputs[0], output, settings, io) ? 0 : 2;
	}

	if (inputs.includes('-')) throw new UsageError("stdin ('-') cannot be used with --out-dir; use -o", 'encode');
	return encodeMany(inputs, outDir, settings, io);
}

/** Reports a bad input (returns undefined); bugs propagate. */
function encodeFile(input: string, settings: EncodeSettings, io: Streams): Uint8Array | undefined {
	try {
		return encodeText(readTextInput(input), settings);
	} catch (err) {
		if (!isInputFailure(err)) throw err;
		io.stderr(failureLine(input, err));
		return undefined;
	}
}

function encodeOne(input: string, output: string, settings: EncodeSettings, io: Streams): boolean {
	const bytes = encodeFile(input, settings, io);
	if (!bytes) return false;
	if (output === '-') {
		io.stdout(bytes);
		return true;
	}
	try {
		writeAtomic(output, bytes);
		return true;
	} catch (err) {
		if (!isInputFailure(err)) throw err;
		io.stderr(failureLine(output, err));
		return false;
	}
}

/** How many output files may be in flight at once: enough to hide create latency, few enough to bound memory. */
const WRITES_IN_FLIGHT = 16;

async function encodeMany(inputs: readonly string[], outDir: string, settings: EncodeSettings, io: Streams): Promise<number> {
	let failed = 0;
	const files: string[] = [];
	for (const input of inputs) {
		if (isDirectory(input)) {
			try {
				files.push(...xmlFilesIn(input));
			} catch (err) {
				if (!isInputFailure(err)) throw err;
				io.stderr(failureLine(input, err));
				failed++;
			}
		} else files.push(input);
	}
	try {
		mkdirSync(outDir, { recursive: true });
	} catch (err) {
		io.stderr(failureLine(outDir, new FileError(outDir, `cannot create folder: ${err instanceof Error ? err.message : String(err)}`)));
		return 2;
	}
	// Two inputs with the same base name would silently overwrite each other's output.
	const taken = new Map<string, string>();
	const writing = new Set<Promise<void>>();
	for (const input of files) {
		const name = outputNameFor(input);
		const first = taken.get(name);
		if (first !== undefined) {
			io.stderr(failureLine(input, new FileError(input, `output ${name} is already written from ${first}`)));
			failed++;
			continue;
		}
		taken.set(name, input);
		const bytes = encodeFile(input, settings, io);
		if (!bytes) {
			failed++;
			continue;
		}
		const write: Promise<void> = writeAtomicAsync(join(outDir, name), bytes)
			.catch((err: unknown) => {
				io.stderr(failureLine(input, err));
				failed++;
			})
			.finally(() => writing.delete(write));
		writing.add(write);
		if (writing.size >= WRITES_IN_FLIGHT) await Promise.race(writing);
	}
	await Promise.all(writing);
	return failed > 0 ? 2 : 0;
}
