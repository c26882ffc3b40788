// The station card tests' checks (issue 12): `pstudio batch run` in a child process, and what the cards hold at the
// end — every card back in the feeder, read through PC/SC and compared with the row's document as the batch
// expansion makes it. Shared by station.test.ts (SQLite, one station) and station-postgres.test.ts (two stations).
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CardRows, mapColumns, readWholeOrder } from '../../src/lib/batch';
import { CardSession } from '../../src/lib/card';
import { PROFILES } from '../../src/lib/card/pkcs15';
import { readProvisioning } from '../../src/lib/card/provisioning';
import { compileCpTemplate } from '../../src/lib/documents/template';
import { PcscContext } from '../../src/lib/server/pcsc';
import { feederRequest } from '../../src/lib/server/vpcd';
import { READERS, REPO, STATION_TEMPLATE, type Feeder } from '../fixtures/station/station-kit';

const run = promisify(execFile);
export const CLI = join(REPO, 'bin', 'pstudio.js');

export function station(folder: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): ChildProcess {
	return spawn(process.execPath, [CLI, 'batch', 'run', ...args], { cwd: folder, stdio: ['ignore', 'pipe', 'pipe'], env });
}

export interface Ended {
	code: number | null;
	stdout: string;
	stderr: string;
}

export async function finish(child: ChildProcess): Promise<Ended> {
	let stdout = '';
	let stderr = '';
	child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
	child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
	// A child that could not be started (ENOMEM, EAGAIN) emits 'error' and never 'exit': fail with why, do not hang.
	const code =
		child.exitCode ??
		(await new Promise<number | null>((resolve, reject) => {
			child.once('exit', (c) => resolve(c));
			child.once('error', (e) => reject(new Error(`pstudio batch run could not be started: ${e.message}`)));
		}));
	return { code, stdout, stderr };
}

/** `pstudio batch report` as rows of fields (the test orders hold no comma or quote). */
export async function report(folder: string, ledger: string): Promise<string[][]> {
	const { stdout } = await run(process.execPath, [CLI, 'batch', 'report', '--ledger', ledger], { cwd: folder });
	return stdout
		.trimEnd()
		.split('\n')
		.map((l) => l.split(','));
}

/** Seeded xorshift32 in [0, 1): a failing kill schedule can be replayed. */
export function seeded(seed: number): () => number {
	let s = seed;
	return () => {
		s ^= s << 13;
		s ^= s >>> 17;
		s ^= s << 5;
		return (s >>> 0) / 0x100000000;
	};
}

/** What each row's EF.Bootstrap must hold: the batch expansion of the template for that row (unsigned). */
export async function expectedDocuments(orders: string): Promise<Map<string, Uint8Array>> {
	const compiled = compileCpTemplate(STATION_TEMPLATE);
	if (!compiled.ok) throw new Error('template');
	const order = await readWholeOrder(readFileSync(orders, 'utf8'));
	const rows = new CardRows(compiled.template, order.header, mapColumns(compiled.template.placeholders, order.header, []));
	const out = new Map<string, Uint8Array>();
	for (const row of order.rows) {
		const r = await rows.process(row);
		if (!r.ok) throw new Error('row');
		out.set(r.row.iccid, r.row.documents[0].wbxml);
	}
	return out;
}

/** Every card back in the feeder, then read through PC/SC four at a time: ICCID → the Bootstrap bytes found. */
export async function readAllCards(feeder: Feeder, count: number): Promise<Map<string, Uint8Array | undefined>> {
	await feederRequest(feeder.control, 'restack');
	const found = new Map<string, Uint8Array | undefined>();
	const pcsc = PcscContext.open();
	try {
		await pcsc.listReaders(4, 5000);
		while (found.size < count) {
			const before = found.size;
			// The four slots change cards together (each eject waits out the feeder's gap): one gap a round, not four.
			const ejects: Promise<string>[] = [];
			for (const reader of READERS) {
				try {
					await pcsc.waitForCard(reader, 3000);
				} catch {
					continue;
				}
				const card = await pcsc.connect(reader, { exclusive: true });
				try {
					const contents = await readProvisioning(new CardSession(card), PROFILES['oma-provsc']);
					const doc = contents.discovery.documents.find((d) => d.kinds.includes('bootstrap'));
					found.set(contents.identity.iccid!, doc?.bytes);
				} catch {
					found.set(`unreadable in ${reader} #${found.size}`, undefined);
				} finally {
					await card.disconnect('reset');
				}
				ejects.push(feederRequest(feeder.control, `eject ${reader}`));
			}
			await Promise.all(ejects);
			if (found.size === before) break;
		}
	} finally {
		pcsc.close();
	}
	return found;
}

/** The document followed by FF to the end of the EF, as the write pads it. */
export function holdsExactly(found: Uint8Array | undefined, expected: Uint8Array): boolean {
	if (found === undefined || found.length < expected.length) return false;
	for (let i = 0; i < expected.length; i++) if (found[i] !== expected[i]) return false;
	for (let i = expected.length; i < found.length; i++) if (found[i] !== 0xff) return false;
	return true;
}
