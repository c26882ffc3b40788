// One input file → one WBXML output file: the unit of work of `pstudio encode`, in this thread or in a worker.
import { encodeWbxml, languageForDocument, type WbxmlVersion } from '../lib/codec/wbxml';
import { parseXml } from '../lib/codec/xml';
import { readTextInput, writeAtomic } from './io';
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

/** Reads, encodes and writes (whole or not at all); a bad input or a failed write gives its stderr line, bugs throw. */
export function encodeToFile(input: string, output: string, settings: EncodeSettings): string | undefined {
	let bytes: Uint8Array;
	try {
		bytes = encodeText(readTextInput(input), settings);
	} catch (err) {
		if (!isInputFailure(err)) throw err;
		return failureLine(input, err);
	}
	try {
		writeAtomic(output, bytes);
		return undefined;
	} catch (err) {
		if (!isInputFailure(err)) throw err;
		return failureLine(output, err);
	}
}
