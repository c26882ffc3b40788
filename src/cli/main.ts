// Entry point of `pstudio`: compiled to dist/cli by bin/build-cli.js and run by bin/pstudio.js, or run from
// source with `npm run cli -- <args>` (tsx).
import { EX_IOERR, reason } from './io';
import { PROGRAM } from './report';
import { runCli } from './run';
import { processStreams } from './streams';

// A bug in pstudio must not look like exit 1 ("validation errors found"): sysexits' EX_SOFTWARE, with the stack.
const EX_SOFTWARE = 70;

/**
 * stdout/stderr failing. A reader that went away (`pstudio decode x.wbxml | head`, EPIPE) is not an error of
 * ours: stop quietly, like cat does. Anything else (`> /dev/full`: ENOSPC, EIO) is an I/O error: one line on
 * stderr, written directly to fd 2 (the stream may be the one that failed), and EX_IOERR.
 */
function onStreamError(stream: string) {
	return (err: NodeJS.ErrnoException): void => {
		if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
		if (stream === 'stdout') {
			try {
				process.stderr.write(`${PROGRAM}: ${stream}: cannot write: ${reason(err)}\n`);
			} catch {
				// stderr is gone too: the exit status is all that is left to say it.
			}
		}
		process.exit(EX_IOERR);
	};
}
process.stdout.on('error', onStreamError('stdout'));
process.stderr.on('error', onStreamError('stderr'));

try {
	process.exitCode = await runCli(process.argv.slice(2), processStreams);
} catch (err) {
	process.stderr.write(`${PROGRAM}: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
	process.exitCode = EX_SOFTWARE;
}
// The command is over: exit once what it wrote is flushed (a large decode piped to `head` or a file must be).
// Not left to the event loop: pcsclite's reader threads can keep it alive after every reader was closed (a race in
// its CardReader::Close, src/lib/server/pcsc/context.ts), and a finished `batch run` must not hang.
const flushed = (stream: NodeJS.WriteStream): Promise<void> => new Promise((r) => (stream.writableLength === 0 ? r() : stream.write('', () => r())));
await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
// One turn of the loop more: a failed write (`> /dev/full`) reports its error event there, and onStreamError exits.
await new Promise((r) => setImmediate(r));
process.exit(process.exitCode);
