// Runs libwbxml's command-line tools (Debian libwbxml2-utils, ORACLES.md §1) many at a time, so the oracle test
// over the whole corpus stays well under a minute on two cores.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { cpus } from 'node:os';

export type WbxmlVersionFlag = '1.1' | '1.2' | '1.3';

interface ToolResult {
	code: number;
	stdout: string;
	stderr: string;
}

function run(command: string, args: readonly string[]): Promise<ToolResult> {
	return new Promise((resolve) => {
		execFile(command, args, { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
			const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
			resolve({ code, stdout, stderr });
		});
	});
}

/** Runs `tasks` with at most `limit` in flight; results keep the order of the tasks. */
export async function inParallel<T>(tasks: readonly (() => Promise<T>)[], limit = Math.max(2, cpus().length * 2)): Promise<T[]> {
	const results = new Array<T>(tasks.length);
	let next = 0;
	async function worker(): Promise<void> {
		while (next < tasks.length) {
			const index = next++;
			results[index] = await tasks[index]();
		}
	}
	await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
	return results;
}

/**
 * xml2wbxml of one file. Quirk (ORACLES.md §1): a missing input still exits 0 with "Failed to open ..." on stderr,
 * so success is judged by the output file existing and being non-empty, not by the exit code alone.
 */
export async function xml2wbxml(
	input: string,
	output: string,
	options: { version: WbxmlVersionFlag; stringTable: boolean }
): Promise<Uint8Array> {
	rmSync(output, { force: true });
	const args = ['-v', options.version, ...(options.stringTable ? [] : ['-n']), '-o', output, input];
	const result = await run('xml2wbxml', args);
	if (result.code !== 0 || !existsSync(output) || statSync(output).size === 0) {
		throw new Error(`xml2wbxml ${args.join(' ')} failed (rc=${result.code}): ${result.stderr.trim()}`);
	}
	return new Uint8Array(readFileSync(output));
}

/** wbxml2xml in compact mode (-m 0) of one file, as UTF-8 text. */
export async function wbxml2xml(input: string, output: string): Promise<string> {
	rmSync(output, { force: true });
	const args = ['-m', '0', '-o', output, input];
	const result = await run('wbxml2xml', args);
	if (result.code !== 0 || !existsSync(output)) {
		throw new Error(`wbxml2xml ${args.join(' ')} failed (rc=${result.code}): ${result.stderr.trim()}`);
	}
	return readFileSync(output, 'utf8');
}
