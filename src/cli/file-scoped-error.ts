// Commands that read several inputs (a tree and a DDF, two trees) must say which one a failure is about:
// the error is wrapped with its file while it travels up to the command, which reports it on one line.

export class FileScopedError extends Error {
	override readonly name = 'FileScopedError';
	constructor(
		readonly file: string,
		readonly error: unknown
	) {
		super(error instanceof Error ? error.message : String(error));
	}
}

/** Runs a read of `file`, tagging whatever it throws with the file. */
export function inFile<T>(file: string, read: () => T): T {
	try {
		return read();
	} catch (err) {
		throw new FileScopedError(file, err);
	}
}
