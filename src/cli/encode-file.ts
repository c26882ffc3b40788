// One input file → one WBXML output file: the unit of work of `pstudio encode`, in this thread or in a worker.
import { encodeWbxml, languageForDocument, type WbxmlVersion } from '../lib/codec/wbxml';
import { parseXml } from '../lib/codec/xml';
import { EX_USAGE, exitCodeOf, readXmlInput, writeAtomic } from './io';
import { failureLine, InputError, isInputFailure } from './report';

export interface EncodeSettings {
	version: WbxmlVersion;
	stringTable: boolean;
}

/** Encodes one XML text fully in memory; throws the library's located error for bad input. */
export function encodeText(text: string, settings: EncodeSettings): Uint8Array {
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

/** Why one job failed: its stderr line and the exit status it asks for (2 bad input or path, 74 I/O error). */
export interface EncodeFailure {
	line: string;
	exitCode: number;
}

/** Reads, encodes and writes (whole or not at all); a bad input or a failed write gives its failure, bugs throw. */
export function encodeToFile(input: string, output: string, settings: EncodeSettings): EncodeFailure | undefined {
	let bytes: Uint8Array;
	try {
		bytes = encodeText(readXmlInput(input), settings);
	} catch (err) {
		if (!isInputFailure(err)) throw err;
		return { line: failureLine(input, err), exitCode: EX_USAGE };
	}
	try {
		writeAtomic(output, bytes, { from: input });
		return undefined;
	} catch (err) {
		if (!isInputFailure(err)) throw err;
		return { line: failureLine(output, err), exitCode: exitCodeOf(err) };
	}
}
