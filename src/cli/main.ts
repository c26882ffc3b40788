// Entry point of `pstudio` (run through tsx: bin/pstudio.js or `npm run cli -- <args>`).
import { PROGRAM } from './report';
import { runCli } from './run';
import { processStreams } from './streams';

// A bug in pstudio must not look like exit 1 ("validation errors found"): sysexits' EX_SOFTWARE, with the stack.
const EX_SOFTWARE = 70;

// `pstudio decode x.wbxml | head`: the reader going away is not an error of ours; stop quietly, like cat does.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
	if (err.code !== 'EPIPE') throw err;
	process.exit(process.exitCode ?? 0);
});

try {
	// exitCode instead of process.exit(): a large decode piped to `head` or a file must be flushed first.
	process.exitCode = await runCli(process.argv.slice(2), processStreams);
} catch (err) {
	process.stderr.write(`${PROGRAM}: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
	process.exitCode = EX_SOFTWARE;
}
