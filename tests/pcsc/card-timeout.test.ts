// A card that stops answering in the middle of a command (pulled half out, broken, an applet that never returns):
// PC/SC waits as long as the reader does, which through vpcd is for ever, and `pstudio card read` used to hang with no
// word. Now the command is given up after --timeout seconds with one line naming the APDU, and the program ends
// once the card is taken out (the reader holds the command until then; Node cannot end a process whose PC/SC call
// still waits). The real launcher in a child process, through the real pcscd + vpcd, our simulator on vpcd slot 1
// answering three commands and then none.
import { spawn, type ChildProcessByStdio, type ChildProcessWithoutNullStreams } from 'node:child_process';
import type { Readable } from 'node:stream';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VpcdClient } from '../../src/lib/server/vpcd';
import { defaultCard, REPO_ROOT, run, startPcscd, type PcscdRun } from './harness';

const LAUNCHER = join(REPO_ROOT, 'bin', 'pstudio.js');
const READER = 'Virtual PCD 00 01';
const PORT = 35964;

let pcscd: PcscdRun | undefined;

beforeAll(async () => {
	pcscd = await startPcscd('pstudio-card-timeout-', { reuse: true });
});

afterAll(async () => {
	await pcscd?.stop();
});

/** Until `pstudio readers` shows a card (or none) in READER: pcscd polls vpcd. */
async function waitForReader(card: boolean): Promise<void> {
	const want = card ? `${READER}\tcard ATR` : `${READER}\tno card`;
	for (let i = 0; i < 60; i++) {
		const { stdout } = await run(process.execPath, [LAUNCHER, 'readers'], { timeout: 20_000 }).catch((e: { stdout?: string }) => ({ stdout: e.stdout ?? '' }));
		if (stdout.includes(want)) return;
		await new Promise((r) => setTimeout(r, 250));
	}
	throw new Error(`${READER} never showed ${card ? 'a card' : 'no card'}`);
}

/** A child's output as it comes, and its exit code once it ends. */
function watched(child: ChildProcessWithoutNullStreams | ChildProcessByStdio<null, Readable, Readable>) {
	const seen = { process: child, stdout: '', stderr: '', exited: new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code))) };
	child.stdout.on('data', (d: Buffer) => (seen.stdout += d.toString()));
	child.stderr.on('data', (d: Buffer) => (seen.stderr += d.toString()));
	return seen;
}

describe('a card that stops answering mid-command', () => {
	it('card read gives up the command after --timeout with one line naming the APDU, and ends when the card is taken out', async () => {
		const card = new VpcdClient(defaultCard(), { port: PORT, silentAfter: 3 });
		await card.start();
		try {
			await waitForReader(true);
			const child = watched(spawn(process.execPath, [LAUNCHER, 'card', 'read', '--reader', READER, '--timeout', '2'], { stdio: ['ignore', 'pipe', 'pipe'] }));
			const started = Date.now();
			while (!child.stderr.includes('\n') && Date.now() - started < 20_000) await new Promise((r) => setTimeout(r, 100));
			const waited = Date.now() - started;
			expect(child.stderr).toBe(
				`pstudio: ${READER}: SELECT PATH 00 A4 08 04 02: PC/SC reader "${READER}": no answer from the card within 2 s (taken out half-way, or not working): take it out of the reader\n`
			);
			// The 2 s, plus the program's start and the three commands answered first.
			expect(waited).toBeGreaterThanOrEqual(2000);
			expect(waited).toBeLessThan(15_000);
			expect(child.process.exitCode).toBe(null);
			// The card is taken out: vpcd answers pcscd with an error, the waiting PC/SC call returns, the program ends.
			await card.stop();
			expect(await child.exited).toBe(1);
			expect(child.stdout).toBe('');
		} finally {
			await card.stop();
		}
	}, 60_000);

	it('keeps the process\'s file reads going while two cards do not answer (libuv\'s 4 threads: one each, not two)', async () => {
		// Both vpcd slots, each with a card that answers one command. Before, the disconnect after a command given up
		// waited on PC/SC (2 s) and held a second thread: two such cards took all four, and the file read hung.
		const cards = [35963, 35964].map((port) => new VpcdClient(defaultCard(), { port, silentAfter: 1 }));
		for (const card of cards) await card.start();
		try {
			await waitForReader(true);
			const env = { ...process.env };
			delete env.UV_THREADPOOL_SIZE;
			const child = watched(spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'tests', 'pcsc', 'stuck-probe.ts'), 'Virtual PCD 00 00', READER], { stdio: ['ignore', 'pipe', 'pipe'], env, cwd: REPO_ROOT }));
			const started = Date.now();
			while (!child.stdout.includes('\n') && child.process.exitCode === null && Date.now() - started < 30_000) await new Promise((r) => setTimeout(r, 100));
			expect(child.stderr).toBe('');
			const probe = JSON.parse(child.stdout) as { disconnectMs: number[]; read: boolean; readMs: number };
			// The disconnects go out once the commands come back (the cards taken out), not now.
			expect(probe.disconnectMs.every((ms) => ms < 500)).toBe(true);
			expect(probe.read).toBe(true);
			expect(probe.readMs).toBeLessThan(1000);
			for (const card of cards) await card.stop();
			expect(await child.exited).toBe(0);
		} finally {
			for (const card of cards) await card.stop();
		}
	}, 60_000);

	it('leaves the reader working: a card put in afterwards is read', async () => {
		await waitForReader(false);
		const card = new VpcdClient(defaultCard(), { port: PORT });
		await card.start();
		try {
			await waitForReader(true);
			const { stdout } = await run(process.execPath, [LAUNCHER, 'card', 'info', '--reader', READER], { timeout: 30_000 });
			expect(stdout).toContain(`Reader: ${READER}\n`);
			expect(stdout).toContain('ICCID');
		} finally {
			await card.stop();
		}
	}, 60_000);
});
