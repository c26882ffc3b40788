// What every card test sets up around itself, in one place: a scratch folder with pcscd (scripts/card/pcsc-up.sh,
// unless PSTUDIO_PCSCD=running says the test command already started one), our simulator on a vpcd slot, and a
// PC/SC context that has seen the card. Each piece undoes only what it did itself.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { defaultProfile, loadProfile, UiccSimulator } from '../../src/lib/card/simulator';
import { PcscContext } from '../../src/lib/server/pcsc';
import { VpcdClient } from '../../src/lib/server/vpcd';

export const run = promisify(execFile);
export const REPO_ROOT = join(import.meta.dirname, '..', '..');

export interface PcscdRun {
	/** The test's scratch folder; pcscd.log is here when this run started pcscd. */
	readonly dir: string;
	/** Stops pcscd if this run started it, then removes the folder. */
	stop(): Promise<void>;
}

/**
 * Makes a scratch folder under the OS temp dir and starts pcscd with its log there, unless PSTUDIO_PCSCD=running.
 * `reuse` passes --reuse: a pcscd someone else started is used and left running (pcsc-up.sh then writes no PID file,
 * so pcsc-down.sh stops nothing).
 */
export async function startPcscd(prefix: string, options: { reuse?: boolean } = {}): Promise<PcscdRun> {
	const dir = mkdtempSync(join(tmpdir(), prefix));
	let started = false;
	if (process.env.PSTUDIO_PCSCD !== 'running') {
		try {
			await run('bash', [join(REPO_ROOT, 'scripts/card/pcsc-up.sh'), dir, ...(options.reuse ? ['--reuse'] : [])]);
		} catch (e) {
			rmSync(dir, { recursive: true, force: true });
			throw e;
		}
		started = true;
	}
	return {
		dir,
		async stop() {
			if (started) await run('bash', [join(REPO_ROOT, 'scripts/card/pcsc-down.sh'), dir]);
			started = false;
			rmSync(dir, { recursive: true, force: true });
		}
	};
}

/** A UICC simulator with the default profile (sysmoUSIM-SJS1 ATR, ADM1 3838383838383838, PIN1 "0000"). */
export function defaultCard(): UiccSimulator {
	return new UiccSimulator(loadProfile(defaultProfile()));
}

/**
 * Attaches `card` to vpcd on `port` (slot 0 = TCP 35963 = "Virtual PCD 00 00", slot 1 = 35964 = "Virtual PCD 00 01");
 * resolves once vpcd has the connection. `log` receives the client's own log lines.
 */
export async function attachSimulator(port: number, card: UiccSimulator = defaultCard(), log?: (line: string) => void): Promise<VpcdClient> {
	const client = new VpcdClient(card, log ? { port, log } : { port });
	await client.start();
	return client;
}

/** A PC/SC context that lists both vpcd readers and sees a card in `reader` (pcscd polls vpcd, so this waits). */
export async function openPcsc(reader: string): Promise<PcscContext> {
	const pcsc = PcscContext.open();
	try {
		await pcsc.listReaders(2);
		await pcsc.waitForCard(reader, 5000);
	} catch (e) {
		pcsc.close();
		throw e;
	}
	return pcsc;
}
