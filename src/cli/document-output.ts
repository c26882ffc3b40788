// Where a generated document goes: stdout when no -o (or -o -), else written whole to the file (temp + rename).
// Returns the exit code: 0, or with one stderr line 2 (the path cannot take a file) or 74 (I/O error).
import { isUserFailure, userFailureLine } from './cli-failure';
import { exitCodeOf, writeAtomic, type WriteOptions } from './io';
import type { Streams } from './streams';

export function emitDocument(output: string | undefined, data: Uint8Array | string, io: Streams, options: WriteOptions = {}): number {
	if (output === undefined || output === '-') {
		io.stdout(data);
		return 0;
	}
	try {
		writeAtomic(output, data, options);
	} catch (err) {
		if (!isUserFailure(err)) throw err;
		io.stderr(userFailureLine(output, err));
		return exitCodeOf(err);
	}
	return 0;
}
