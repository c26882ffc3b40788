// Where a generated document goes: stdout when no -o (or -o -), else written whole to the file (temp + rename).
// Returns the exit code: 0, or 2 with one stderr line when the file cannot be written.
import { isUserFailure, userFailureLine } from './cli-failure';
import { writeAtomic } from './io';
import type { Streams } from './streams';

export function emitDocument(output: string | undefined, data: Uint8Array | string, io: Streams): number {
	if (output === undefined || output === '-') {
		io.stdout(data);
		return 0;
	}
	try {
		writeAtomic(output, data);
	} catch (err) {
		if (!isUserFailure(err)) throw err;
		io.stderr(userFailureLine(output, err));
		return 2;
	}
	return 0;
}
