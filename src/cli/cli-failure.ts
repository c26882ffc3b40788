// One stderr line for the errors of the bootstrap/DM/DDF libraries, in the `pstudio: <where>: <what>` form of
// report.ts. Those errors carry their own location shapes (JSON path, byte offset, line/column in DdfLocation),
// which report.ts does not know; everything else goes through report.ts unchanged.
import { HexError } from '../lib/codec/hex';
import { DdfError } from '../lib/documents/ddf';
import { DmError } from '../lib/documents/dm';
import { OtaError } from '../lib/ota';
import { BootstrapError } from '../lib/security';
import { displayName, failureLine, isInputFailure, PROGRAM } from './report';

/** `file:line:col: reason` for text locations, `file: <location>: reason` for the others. */
function located(file: string, location: { line: number; column: number } | { jsonPath: string } | { offset: number } | undefined, reason: string): string {
	if (location === undefined) return `${file}: ${reason}`;
	if ('line' in location) return `${file}:${location.line}:${location.column}: ${reason}`;
	if ('jsonPath' in location) return `${file}: ${location.jsonPath}: ${reason}`;
	return `${file}: WBXML offset 0x${location.offset.toString(16).toUpperCase()}: ${reason}`;
}

/** Whether an error is about what the user gave (exit 2, one line) rather than a bug (rethrown). */
export function isUserFailure(err: unknown): boolean {
	return (
		err instanceof BootstrapError ||
		err instanceof OtaError ||
		err instanceof DmError ||
		err instanceof DdfError ||
		err instanceof HexError ||
		isInputFailure(err)
	);
}

/** The one stderr line (with its newline) for a user failure about `file`. */
export function userFailureLine(file: string, err: unknown): string {
	const name = displayName(file);
	if (err instanceof DdfError || err instanceof DmError) return `${PROGRAM}: ${located(name, err.location, err.reason)}\n`;
	if (err instanceof BootstrapError || err instanceof OtaError || err instanceof HexError) return `${PROGRAM}: ${name}: ${err.message}\n`;
	return failureLine(file, err);
}
