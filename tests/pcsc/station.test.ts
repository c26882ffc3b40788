// `pstudio batch run` at a station of 4 readers (issue 12): a private pcscd with 4 vpcd readers
// (scripts/card/pcsc-private.sh, beside the shared pcscd, never touching it), the simulator's card feeder
// (src/lib/server/vpcd/run-feeder.ts) holding one stack of cards per slot, and the real CLI in a child process.
// Every card is read back through PC/SC at the end and compared with the row's document as the batch expansion
// makes it; the feeder counts completed writes per ICCID. Needs root (unshare) like the other card tests' pcscd.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CardRows, mapColumns, readWholeOrder } from '../../src/lib/batch';
import { CardSession } from '../../src/lib/card';
import { PROFILES } from '../../src/lib/card/pkcs15';
import { readProvisioning } from '../../src/lib/card/provisioning';
import { compileCpTemplate } from '../../src/lib/documents/template';
import { PcscContext } from '../../src/lib/server/pcsc';
import { feederRequest, type FeederState } from '../../src/lib/server/vpcd';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'bin', 'pstudio.js');
const READERS = ['Virtual PCD 00 00', 'Virtual PCD 00 01', 'Virtual PCD B 00 00', 'Virtual PCD B 00 01'];
// Ports of this file's private pcscd: away from the shared pcscd's 35963/35964, spread by PID so two runs differ.
const PORT = 37000 + (process.pid % 400) * 4;

const TEMPLATE = `<?xml version="1.0"?>
<!DOCTYPE wap-provisioningdoc PUBLIC "-//WAPFORUM//DTD PROV 1.0//EN" "http://www.wapforum.org/DTD/prov.dtd">
<wap-provisioningdoc version="1.0">
  <characteristic type="NAPDEF">
    <parm name="NAPID" value="NAP1"/>
    <parm name="BEARER" value="GSM-GPRS"/>
    <parm name="NAME" value="Card \${ICCID}"/>
    <parm name="NAP-ADDRESS" value="internet.example.com"/>
    <parm name="NAP-ADDRTYPE" value="APN"/>
  </characteristic>
</wap-provisioningdoc>
`;

/** Luhn check digit appended (ITU-T E.118 ICCIDs), as bench/batch-bench.ts generates its orders. */
function withLuhn(payload: string): string {
	let sum = 0;
	for (let k = payload.length - 1, double = true; k >= 0; k--, double = !double) {
		let d = (payload.charCodeAt(k) - 48) * (double ? 2 : 1);
		if (d > 9) d -= 9;
		sum += d;
	}
	return `${payload}${(10 - (sum % 10)) % 10}`;
}

/** ICCID,IMSI,ADM1 — ranges as real orders are; each card its own ADM1 (8 digits, sent as ASCII). */
function orderText(first: number, rows: number): string {
	let text = 'ICCID,IMSI,ADM1\n';
	for (let i = first; i < first + rows; i++) text += `${withLuhn(`894901${String(i).padStart(12, '0')}`)},262011${String(i).padStart(9, '0')},${String(20000000 + i)}\n`;
	return text;
}

let dir: string;
let socket: string;

beforeAll(async () => {
	dir = mkdtempSync(join(tmpdir(), 'pstudio-station-'));
	const { stdout } = await run('bash', [join(ROOT, 'scripts/card/pcsc-private.sh'), join(dir, 'pcscd'), String(PORT)]);
	socket = stdout.trim();
	process.env.PCSCLITE_CSOCK_NAME = socket;
	writeFileSync(join(dir, 'template.xml'), TEMPLATE);
}, 30_000);

afterAll(async () => {
	await run('bash', [join(ROOT, 'scripts/card/pcsc-down.sh'), join(dir, 'pcscd')]).catch(() => undefined);
	rmSync(dir, { recursive: true, force: true });
});

interface Feeder {
	process: ChildProcess;
	control: string;
	state(): Promise<FeederState>;
	stop(): Promise<void>;
}

async function startFeeder(name: string, orders: string, extra: string[] = []): Promise<Feeder> {
	const control = join(dir, `${name}.sock`);
	const child = spawn(
		process.execPath,
		['--import', 'tsx', join(ROOT, 'src/lib/server/vpcd/run-feeder.ts'), '--order', orders, '--control', control, ...READERS.flatMap((r, i) => ['--slot', `${r}=${PORT + i}`]), ...extra],
		{ cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] }
	);
	await new Promise<void>((resolve, reject) => {
		let out = '';
		child.stdout!.on('data', (d: Buffer) => {
			out += d.toString();
			if (out.includes('ready')) resolve();
		});
		child.once('exit', (code) => reject(new Error(`feeder exited ${code}`)));
	});
	return {
		process: child,
		control,
		state: async () => JSON.parse(await feederRequest(control, 'state')) as FeederState,
		stop: async () => {
			child.kill('SIGTERM');
			if (child.exitCode === null) await new Promise((r) => child.once('exit', r));
		}
	};
}

function station(args: string[]): ChildProcess {
	return spawn(process.execPath, [CLI, 'batch', 'run', ...args], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
}

async function finish(child: ChildProcess): Promise<{ code: number | null; stdout: string; stderr: string }> {
	let stdout = '';
	let stderr = '';
	child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
	child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
	const code = child.exitCode ?? (await new Promise<number | null>((r) => child.once('exit', (c) => r(c))));
	return { code, stdout, stderr };
}

/** What each row's EF.Bootstrap must hold: the batch expansion of the template for that row (unsigned). */
async function expectedDocuments(orders: string): Promise<Map<string, Uint8Array>> {
	const compiled = compileCpTemplate(TEMPLATE);
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
async function readAllCards(feeder: Feeder, count: number): Promise<Map<string, Uint8Array | undefined>> {
	await feederRequest(feeder.control, 'restack');
	const found = new Map<string, Uint8Array | undefined>();
	const pcsc = PcscContext.open();
	try {
		await pcsc.listReaders(4, 5000);
		while (found.size < count) {
			const before = found.size;
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
				await feederRequest(feeder.control, `eject ${reader}`);
			}
			if (found.size === before) break;
		}
	} finally {
		pcsc.close();
	}
	return found;
}

/** The document followed by FF to the end of the EF, as the write pads it. */
function holdsExactly(found: Uint8Array | undefined, expected: Uint8Array): boolean {
	if (found === undefined || found.length < expected.length) return false;
	for (let i = 0; i < expected.length; i++) if (found[i] !== expected[i]) return false;
	for (let i = expected.length; i < found.length; i++) if (found[i] !== 0xff) return false;
	return true;
}

function reportRows(csv: string): string[][] {
	return csv
		.trimEnd()
		.split('\n')
		.map((l) => l.split(','));
}

describe('batch run on 4 readers with the card feeder', () => {
	it('writes every card of a 12-card order with its own row; the report lists every row verified', async () => {
		const orders = join(dir, 'run.csv');
		writeFileSync(orders, orderText(0, 12));
		const feeder = await startFeeder('run', orders);
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
			const report = await run(process.execPath, [CLI, 'batch', 'report', '--ledger', 'run.sqlite'], { cwd: dir });
			const rows = reportRows(report.stdout);
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

	it('survives SIGKILL at 20 random points: every card written exactly once, none skipped, the ledger agrees with the cards', async () => {
		const orders = join(dir, 'crash.csv');
		writeFileSync(orders, orderText(100, 16));
		const feeder = await startFeeder('crash', orders);
		const args = ['--template', 'template.xml', '--orders', 'crash.csv', '--ledger', 'crash.sqlite', '--station', 'st1', '--card-handler', `feeder:${feeder.control}`, '--quiet'];
		try {
			let kills = 0;
			// Seeded (xorshift) so a failure can be replayed; each kill lands 0.4..3.4 s after the station started.
			let seed = 0x2545f491;
			const random = (): number => {
				seed ^= seed << 13;
				seed ^= seed >>> 17;
				seed ^= seed << 5;
				return (seed >>> 0) / 0x100000000;
			};
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
			expect(last.stdout).toBe('16 verified, 0 set aside, 0 left of 16 (ledger crash.sqlite)\n');
			const state = await feeder.state();
			for (const c of state.cards) expect(c.completedWrites, c.iccid).toBeLessThanOrEqual(1);
			const expected = await expectedDocuments(orders);
			const cards = await readAllCards(feeder, 16);
			expect([...cards.keys()].sort()).toEqual([...expected.keys()].sort());
			for (const [iccid, bytes] of expected) expect(holdsExactly(cards.get(iccid), bytes), iccid).toBe(true);
			const report = reportRows((await run(process.execPath, [CLI, 'batch', 'report', '--ledger', 'crash.sqlite'], { cwd: dir })).stdout);
			expect(report.slice(1).map((r) => r[0])).toEqual([...expected.keys()]);
			for (const r of report.slice(1)) expect(r[6].startsWith('verified')).toBe(true);
		} finally {
			await feeder.stop();
		}
	}, 400_000);

	it('sets a card with a wrong ADM1 aside after one VERIFY (9 of 10 tries left) and writes the rest', async () => {
		const orders = join(dir, 'adm.csv');
		writeFileSync(orders, orderText(200, 4));
		const wrong = withLuhn(`894901${String(202).padStart(12, '0')}`);
		const feeder = await startFeeder('adm', orders, ['--wrong-adm', wrong]);
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
			const report = reportRows((await run(process.execPath, [CLI, 'batch', 'report', '--ledger', 'adm.sqlite'], { cwd: dir })).stdout);
			const row = report.find((r) => r[0] === wrong)!;
			expect(row.slice(6)).toEqual(['failed (authentication)', '63C9']);
			expect(report.filter((r) => r[6] === 'verified')).toHaveLength(3);
		} finally {
			await feeder.stop();
		}
	}, 120_000);
});
