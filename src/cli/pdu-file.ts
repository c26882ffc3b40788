// Reads the PDU lines of `pstudio ota --decode`'s input a chunk at a time, so that a line longer than any SMS PDU is
// refused when it is seen, not after the whole file is in memory (issue 8 §5: a 50 MB line took 2.4 GB).
import { closeSync, openSync, readSync } from 'node:fs';
import { PduLineReader, type PduLine } from '../lib/ota';
import { FileError } from './io';

const CHUNK = 64 * 1024;

/** The PDU lines of a file, or of stdin for '-'. OtaError for a line too long; FileError when it cannot be read. */
export function readPduLines(file: string): PduLine[] {
	let fd: number;
	try {
		fd = file === '-' ? 0 : openSync(file, 'r');
	} catch (err) {
		throw new FileError(file, `cannot read: ${why(err)}`);
	}
	const reader = new PduLineReader();
	const utf8 = new TextDecoder('utf-8', { fatal: true });
	const buffer = new Uint8Array(CHUNK);
	try {
		for (;;) {
			let count: number;
			try {
				count = readSync(fd, buffer, 0, CHUNK, null);
			} catch (err) {
				throw new FileError(file, `cannot read: ${why(err)}`);
			}
			let text: string;
			try {
				text = utf8.decode(buffer.subarray(0, count), { stream: count > 0 });
			} catch {
				throw new FileError(file, 'not valid UTF-8 text');
			}
			reader.push(text);
			if (count === 0) return reader.end();
		}
	} finally {
		if (file !== '-') closeSync(fd);
	}
}

/** Node's "ENOENT: no such file or directory, open 'x'" → "no such file or directory". */
function why(err: unknown): string {
	if (!(err instanceof Error)) return String(err);
	return /^[A-Z]+: ([^,]+)/.exec(err.message)?.[1] ?? err.message;
}
