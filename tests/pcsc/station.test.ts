// `pstudio batch run` at a station of 4 readers (issue 12): a private pcscd with 4 vpcd readers
// (scripts/card/pcsc-private.sh, beside the shared pcscd, never touching it), the simulator's card feeder
// (src/lib/server/vpcd/run-feeder.ts) holding one stack of cards per slot, and the real CLI in a child process.
// Every card is read back through PC/SC at the end and compared with the row's document as the batch expansion
// makes it; the feeder counts completed writes per ICCID. Needs root (unshare) like the other card tests' pcscd.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { READERS, STATION_TEMPLATE, startFeeder, startPrivatePcscd, stationIccid, stationOrder, stopPrivatePcscd, type Feeder, type FeederOptions } from '../fixtures/station/station-kit';
import { expectedDocuments, finish, holdsExactly, readAllCards, report, seeded, station as spawnStation } from './station-checks';

// Ports of this file's private pcscd: away from the shared pcscd's 35963/35964, spread by PID so two runs differ.
const PORT = 37000 + (process.pid % 400) * 4;

let dir: string;

beforeAll(async () => {
	dir = mkdtempSync(join(tmpdir(), 'pstudio-station-'));
	process.env.PCSCLITE_CSOCK_NAME = await startPrivatePcscd(join(dir, 'pcscd'), PORT);
	writeFileSync(join(dir, 'template.xml'), STATION_TEMPLATE);
}, 30_000);

afterAll(async () => {
	await stopPrivatePcscd(join(dir, 'pcscd'));
	rmSync(dir, { recursive: true, force: true });
});

const feed = (name: string, orders: string, extra: string[] = []): Promise<Feeder> => startFeeder({ folder: dir, name, orders, port: PORT, extra } satisfies FeederOptions);
const station = (args: string[], env?: NodeJS.ProcessEnv) => spawnStation(dir, args, env);

describe('batch run on 4 readers with the card feeder', () => {
	it('writes every card of a 12-card order with its own row; the report lists every row verified', async () => {
		const orders = join(dir, 'run.csv');
		writeFileSync(orders, stationOrder(0, 12));
		const feeder = await feed('run', orders);
		try {
			const result = await finish(station(['--template', 'template.xml', '--orders', 'run.csv', '--ledger', 'run.sqlite', '--station', 'st1', '--card-handler', `feeder:${feeder.control}`]));
			expect(result.stdout).toBe('12 verified, 0 set aside, 0 left of 12 (ledger run.sqlite)\n');
			expect(result.code).toBe(0);
			// The same command again on the finished order ends at once: nothing to write, exit 0. (It hung once: the
			// PC/SC context closed before pcsclite had listed the readers kept the process alive.)
			const again = station(['--template', 'template.xml', '--orders', 'run.csv', '--ledger', 'run.sqlite', '--station', 'st1', '--card-handler', `feeder:${feeder.control}`, '--quiet']);
			const hung = setTimeout(() => again.kill('SIGKILL'), 20_000);
			const rerun = await finish(again);
			clearTimeout(hung);
			expect(rerun).toMatchObject({ code: 0, stdout: '12 verified, 0 set aside, 0 left of 12 (ledger run.sqlite)\n' });
			const state = await feeder.state();
			expect(state.cards.map((c) => c.completedWrites)).toEqual(new Array(12).fill(1));
			const expected = await expectedDocuments(orders);
			const cards = await readAllCards(feeder, 12);
			expect([...cards.keys()].sort()).toEqual([...expected.keys()].sort());
			for (const [iccid, bytes] of expected) expect(holdsExactly(cards.get(iccid), bytes), iccid).toBe(true);
			const rows = await report(dir, 'run.sqlite');
			expect(rows[0]).toEqual(['ICCID', 'station', 'reader', 'start', 'end', 'APDUs', 'outcome', 'status word']);
			expect(rows.slice(1).map((r) => r[0])).toEqual([...expected.keys()]);
			for (const r of rows.slice(1)) {
				expect(r[1]).toBe('st1');
				expect(READERS).toContain(r[2]);
				expect(r[3]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
				expect(Date.parse(r[4])).toBeGreaterThanOrEqual(Date.parse(r[3]));
				expect(Number(r[5])).toBeGreaterThan(0);
				expect(r.slice(6)).toEqual(['verified', '9000']);
			}
		} finally {
			await feeder.stop();
		}
	}, 180_000);

	it('says once that 4 readers share 2 PC/SC threads (UV_THREADPOOL_SIZE=2, node bin/pstudio.js) and writes every card all the same', async () => {
		const orders = join(dir, 'threads.csv');
		writeFileSync(orders, stationOrder(500, 4));
		const feeder = await feed('threads', orders);
		try {
			const result = await finish(station(['--template', 'template.xml', '--orders', 'threads.csv', '--ledger', 'threads.sqlite', '--card-handler', `feeder:${feeder.control}`, '--quiet'], { ...process.env, UV_THREADPOOL_SIZE: '2' }));
			expect(result.stdout).toBe('4 verified, 0 set aside, 0 left of 4 (ledger threads.sqlite)\n');
			expect(result.code).toBe(0);
			// The third reader to join is one past the two threads: 3 readers then (the fourth may not have joined yet).
			expect(result.stderr).toBe(
				'pstudio: 3 readers and 2 threads for PC/SC calls (UV_THREADPOOL_SIZE): at most 2 readers work at once; start it as npx pstudio (64 threads) or node bin/pstudio.js with UV_THREADPOOL_SIZE=7\n'
			);
		} finally {
			await feeder.stop();
		}
	}, 180_000);

	it('survives SIGKILL at 20 random points: every card holds its documents, none written twice, none skipped, the ledger agrees with the cards', async () => {
		const orders = join(dir, 'crash.csv');
		writeFileSync(orders, stationOrder(100, 24));
		// Cards at a real card's pace (25 ms a command): the kills land inside the card steps, not only between cards.
		const feeder = await feed('crash', orders, ['--command-ms', '25']);
		const args = ['--template', 'template.xml', '--orders', 'crash.csv', '--ledger', 'crash.sqlite', '--station', 'st1', '--card-handler', `feeder:${feeder.control}`, '--quiet'];
		try {
			let kills = 0;
			// Seeded (xorshift) so a failure can be replayed; each kill lands 0.4..3.4 s after the station started.
			const random = seeded(0x2545f491);
			while (kills < 20) {
				const child = station(args);
				const done = finish(child);
				await new Promise((r) => setTimeout(r, 400 + random() * 3000));
				if (child.exitCode !== null) break;
				child.kill('SIGKILL');
				await done;
				kills++;
			}
			const last = await finish(station(args));
			expect(kills).toBe(20);
			expect(last.stdout).toBe('24 verified, 0 set aside, 0 left of 24 (ledger crash.sqlite)\n');
			const state = await feeder.state();
			// At most one completed write a card; none when a kill fell between the ODF's UPDATE and EF.DIR's (the card
			// already held every file; reconcile marked it verified without writing again). Read back below.
			for (const c of state.cards) expect(c.completedWrites, c.iccid).toBeLessThanOrEqual(1);
			for (const c of state.cards) expect(c.updates, c.iccid).toBeGreaterThan(0);
			const expected = await expectedDocuments(orders);
			const cards = await readAllCards(feeder, 24);
			expect([...cards.keys()].sort()).toEqual([...expected.keys()].sort());
			for (const [iccid, bytes] of expected) expect(holdsExactly(cards.get(iccid), bytes), iccid).toBe(true);
			const rows = await report(dir, 'crash.sqlite');
			expect(rows.slice(1).map((r) => r[0])).toEqual([...expected.keys()]);
			for (const r of rows.slice(1)) expect(r[6].startsWith('verified')).toBe(true);
		} finally {
			await feeder.stop();
		}
	}, 400_000);

	it('sets a card with a wrong ADM1 aside after one VERIFY (9 of 10 tries left) and writes the rest', async () => {
		const orders = join(dir, 'adm.csv');
		writeFileSync(orders, stationOrder(200, 4));
		const wrong = stationIccid(202);
		const feeder = await feed('adm', orders, ['--wrong-adm', wrong]);
		try {
			const result = await finish(station(['--template', 'template.xml', '--orders', 'adm.csv', '--ledger', 'adm.sqlite', '--station', 'st1', '--card-handler', `feeder:${feeder.control}`]));
			expect(result.stdout).toBe('3 verified, 1 set aside, 0 left of 4 (ledger adm.sqlite)\n');
			expect(result.code).toBe(1);
			expect(result.stderr).toContain(`${wrong} set aside (authentication: not retried): VERIFY ADM1 00 20 00 0A 08 ****: 63C9`);
			expect(result.stderr).toContain('; 9 tries left');
			const state = await feeder.state();
			for (const c of state.cards) {
				expect(c.adm1Remaining, c.iccid).toBe(c.iccid === wrong ? 9 : 10);
				expect(c.completedWrites, c.iccid).toBe(c.iccid === wrong ? 0 : 1);
				expect(c.updates === 0, c.iccid).toBe(c.iccid === wrong);
			}
			const rows = await report(dir, 'adm.sqlite');
			const row = rows.find((r) => r[0] === wrong)!;
			expect(row.slice(6)).toEqual(['failed (authentication)', '63C9']);
			expect(rows.filter((r) => r[6] === 'verified')).toHaveLength(3);
		} finally {
			await feeder.stop();
		}
	}, 120_000);

	it('pauses on SIGTSTP (the next cards left untouched), resumes on SIGCONT, stops after the current cards on SIGINT (exit 130); the same command finishes', async () => {
		const orders = join(dir, 'signals.csv');
		writeFileSync(orders, stationOrder(400, 12));
		// 25 ms a command: a card takes ~2–3 s, so signals land while cards are under way.
		const feeder = await feed('signals', orders, ['--command-ms', '25']);
		const args = ['--template', 'template.xml', '--orders', 'signals.csv', '--ledger', 'signals.sqlite', '--station', 'st1', '--card-handler', `feeder:${feeder.control}`];
		try {
			const child = station(args);
			let stdout = '';
			let stderr = '';
			child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
			child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
			const exited = new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
			const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
			const until = async (what: string, test: () => boolean): Promise<void> => {
				for (const t = Date.now(); !test(); await sleep(50)) if (Date.now() - t > 30_000) throw new Error(`no ${what} after 30 s; stderr:\n${stderr}`);
			};
			const verifiedLines = (): number => stderr.split('\n').filter((l) => / verified \(/.test(l)).length;

			await until('first verified card', () => verifiedLines() > 0);
			child.kill('SIGTSTP');
			await until('pause', () => stderr.includes(`paused after the current cards (SIGCONT resumes: 'fg' or 'kill -CONT ${child.pid}')`));
			// Cards under way finish and go out; the cards the feeder puts in next are not touched while paused.
			await sleep(5000);
			const paused = await feeder.state();
			const inSlots = paused.cards.filter((c) => c.where === 'slot');
			expect(inSlots.length).toBeGreaterThan(0);
			for (const c of inSlots) expect(c.updates, `${c.iccid} while paused`).toBe(0);
			await sleep(2000);
			expect(await feeder.state()).toEqual(paused);

			child.kill('SIGCONT');
			await until('resume', () => stderr.includes('resumed'));
			const before = verifiedLines();
			await until('a card after resuming', () => verifiedLines() > before);
			child.kill('SIGINT');
			expect(await exited).toBe(130);
			expect(stderr).toContain('stopping after the current cards (Ctrl-C again to stop now)');
			const stopped = /^(\d+) verified, 0 set aside, (\d+) left of 12 \(ledger signals\.sqlite\)\n$/.exec(stdout);
			expect(stopped, stdout).not.toBeNull();
			expect(Number(stopped![2])).toBeGreaterThan(0);
			expect(Number(stopped![1]) + Number(stopped![2])).toBe(12);

			const rest = await finish(station([...args, '--quiet']));
			expect(rest).toMatchObject({ code: 0, stdout: '12 verified, 0 set aside, 0 left of 12 (ledger signals.sqlite)\n' });
			for (const c of (await feeder.state()).cards) expect(c.completedWrites, c.iccid).toBe(1);
		} finally {
			await feeder.stop();
		}
	}, 180_000);
});
