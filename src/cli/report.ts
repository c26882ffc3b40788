// How a failure reads on stderr: one line, `pstudio: <where>: <what>`, where <where> is file:line:col for text
// inputs (XmlError, ProvDocError) and the file name for WBXML (whose message already starts "WBXML offset 0x..").
import { WbxmlError } from '../lib/codec/wbxml/types';
import { FileError } from './io';

export const PROGRAM = 'pstudio';

function hasLineColumn(err: unknown): err is Error & { line: number; column: number } {
	if (!(err instanceof Error)) return false;
	const located = err as Error & { line?: unknown; column?: unknown };
	return typeof located.line === 'number' && typeof located.column === 'number';
}

/** `in.xml:3:17: unclosed tag <parm>` — the location once, even if the library already put it in the message. */
export function describeFailure(file: string, err: unknown): string {
	if (err instanceof FileError) return `${displayName(err.file)}: ${err.message}`;
	if (err instanceof WbxmlError) return `${file}: ${err.message}`;
	if (hasLineColumn(err)) {
		// XmlError keeps the bare reason apart; others may repeat the location at the front of the message.
		const reason = (err as Error & { reason?: unknown }).reason;
		const message = typeof reason === 'string' ? reason : err.message.replace(/^(line \d+,? column \d+|\d+:\d+):?\s*/i, '');
		return `${file}:${err.line}:${err.column}: ${message}`;
	}
	if (err instanceof Error) return `${file}: ${err.message}`;
	return `${file}: ${String(err)}`;
}

/** How an input is named in messages: '-' reads better as <stdin>. */
export function displayName(file: string): string {
	return file === '-' ? '<stdin>' : file;
}

export function failureLine(file: string, err: unknown): string {
	return `${PROGRAM}: ${describeFailure(displayName(file), err)}\n`;
}

/** Whether an error is about the input (exit 2, one line) rather than a bug in pstudio (rethrown, stack shown). */
export function isInputFailure(err: unknown): boolean {
	if (err instanceof FileError || err instanceof WbxmlError || hasLineColumn(err)) return true;
	if (!(err instanceof Error)) return false;
	// XmlError / ProvDocError are matched by their located shape above; these names cover located-less variants.
	return err.name === 'XmlError' || err.name === 'ProvDocError' || err.name === 'InputError';
}

/** A problem with one input that has no library error type (e.g. no WBXML language for its root). */
export class InputError extends Error {
	override readonly name = 'InputError';
	constructor(
		message: string,
		readonly line?: number,
		readonly column?: number
	) {
		super(message);
	}
}
