// End to end through the real PC/SC stack: pcscd + vpcd (Debian vsmartcard-vpcd) + our simulator attached by
// our vpcd client, driven by our pcsclite wrapper and CardSession; cross-checked with opensc-tool and scriptor;
// and our APDU layer run against vsmartcard's own emulator `vicc` (ORACLES.md §2). Needs no globalSetup:
// harness.ts starts pcscd unless PSTUDIO_PCSCD=running says the test command already did.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CardError, CardSession, readBinary, selectFid, selectPath, updateBinary, verify } from '../../src/lib/card';
import type { UiccSimulator } from '../../src/lib/card/simulator';
import { fromHex, toHex } from '../../src/lib/codec/hex';
import { Secret } from '../../src/lib/security/secret';
import type { PcscContext } from '../../src/lib/server/pcsc';
import type { VpcdClient } from '../../src/lib/server/vpcd';
import { attachSimulator, defaultCard, openPcsc, run, startPcscd, type PcscdRun } from './harness';

const READER_SIM = 'Virtual PCD 00 00'; // vpcd slot 0 = TCP 35963
const READER_VICC = 'Virtual PCD 00 01'; // vpcd slot 1 = TCP 35964
const ADM1 = new Secret('ADM1', fromHex('3838383838383838'));

let pcscd: PcscdRun | undefined;
let pcsc: PcscContext | undefined;
let sim: VpcdClient | undefined;
let card: UiccSimulator;
let vicc: ChildProcess | undefined;

async function sh(cmd: string, args: string[], input?: string): Promise<string> {
	if (input === undefined) return (await run(cmd, args, { timeout: 20_000 })).stdout;
	return new Promise((resolve, reject) => {
		const p = execFile(cmd, args, { timeout: 20_000 }, (err, stdout) => (err ? reject(err) : resolve(stdout)));
		p.stdin?.end(input);
	});
}

beforeAll(async () => {
	pcscd = await startPcscd('pstudio-pcsc-');
	card = defaultCard();
	sim = await attachSimulator(35963, card);
	pcsc = await openPcsc(READER_SIM);
}, 30_000);

afterAll(async () => {
	pcsc?.close();
	await sim?.stop();
	if (vicc && vicc.exitCode === null) {
		vicc.kill('SIGTERM');
		await new Promise((r) => vicc?.once('exit', r));
	}
	await pcscd?.stop();
}, 30_000);

describe('our simulator through pcscd + vpcd', () => {
	it('shows our ATR to PC/SC', async () => {
		const atr = await pcsc!.waitForCard(READER_SIM);
		expect(toHex(atr)).toBe('3B9F96801FC78031A073BE21136743200718000001A5');
	});

	it('selects, verifies ADM1, updates and reads back EF 7F50/6E01 through pcsclite', async () => {
		const conn = await pcsc!.connect(READER_SIM, { exclusive: true });
		try {
			const s = new CardSession(conn);
			const mf = await selectFid(s, 0x3f00);
			expect(mf?.descriptor?.structure).toBe('df');
			const fcp = await selectPath(s, [0x3f00, 0x7f50, 0x6e01]);
			expect(fcp?.fileId).toBe(0x6e01);
			expect(fcp?.fileSize).toBe(2048);
			// Without ADM1 the write is refused with the exact SW (TS 102 221: 6982).
			const denied = await updateBinary(s, 0, Uint8Array.from([1, 2, 3])).catch((e: unknown) => e);
			expect((denied as CardError).message).toBe('UPDATE BINARY 00 D6 00 00 03: 6982 security status not satisfied');
			await verify(s, 'ADM1', ADM1);
			// 300 bytes: two UPDATE chunks (255 + 45) and a read that crosses them.
			const data = Uint8Array.from({ length: 300 }, (_, i) => (i * 7 + 3) & 0xff);
			await updateBinary(s, 0x10, data);
			expect(toHex(await readBinary(s, 0x10, 300))).toBe(toHex(data));
			expect(s.trace.toText()).toContain('VERIFY ADM1 00 20 00 0A 08 ****');
			expect(s.trace.toText().replace(/\s/g, '')).not.toContain('3838383838383838');
		} finally {
			await conn.disconnect();
		}
	});

	it('opensc-tool sees the same card and bytes', async () => {
		const out = await sh('opensc-tool', ['-r', '0', '-c', 'default', '-s', '00A4080C047F506E01', '-s', '00B0001008']);
		expect(out).toContain('Received (SW1=0x90, SW2=0x00)');
		// Bytes 0x10.. written above: (i*7+3) & FF for i = 0..7 → 03 0A 11 18 1F 26 2D 34.
		expect(out).toContain('03 0A 11 18 1F 26 2D 34');
	});

	it('scriptor sees the same card, the T=0 61XX and 6CXX answers included', async () => {
		const out = await sh('scriptor', ['-r', READER_SIM], '00 A4 08 0C 04 7F 50 6E 01\n00 B0 00 10 04\n00 A4 00 04 02 2F 00\n00 B2 01 04 00\n');
		expect(out).toContain('Using T=0 protocol');
		expect(out).toContain('< 03 0A 11 18 90 00');
		// EF.DIR FCP by hand: 82 05 42 21 00 20 04 (7) | 83 02 2F 00 (4) | 8A 01 05 (3) | 8B 03 2F 06 03 (5, record 3 =
		// read ALW/update ADM1) | 80 02 00 80 (4) | 88 01 F0 (3, SFI 30) = 26 = 0x1A, with 62 1A → 28 bytes = 0x1C.
		expect(out).toContain('< 61 1C');
		// READ RECORD with Le 00 on a 32-byte record: wrong Le → 6C 20 (T=0 rule).
		expect(out).toContain('< 6C 20');
	});

	it('detaching the simulator removes the card, reattaching brings it back', async () => {
		await sim!.stop();
		await pcsc!.waitForRemoval(READER_SIM, 5000);
		sim = await attachSimulator(35963, card);
		await pcsc!.waitForCard(READER_SIM, 5000);
	});
});

describe('our APDU layer against vsmartcard vicc (iso7816 card) on port 35964', () => {
	beforeAll(async () => {
		// ORACLES.md §2.2 workaround: vicc's module is off sys.path and wants PyCrypto's `Crypto` name.
		const shim = join(pcscd!.dir, 'pyshim');
		mkdirSync(shim, { recursive: true });
		symlinkSync('/usr/lib/python3/dist-packages/Cryptodome', join(shim, 'Crypto'));
		vicc = spawn('/usr/bin/vicc', ['-t', 'iso7816', '-H', 'localhost', '-P', '35964', '-v'], {
			env: { ...process.env, PYTHONPATH: `/usr/lib/python3/site-packages/virtualsmartcard:${shim}` },
			stdio: ['ignore', 'ignore', 'pipe']
		});
		await pcsc!.waitForCard(READER_VICC, 10_000);
	}, 20_000);

	it('runs SELECT MF (P2 0C), GET CHALLENGE and READ BINARY without EF with exact status words', async () => {
		const conn = await pcsc!.connect(READER_VICC, { exclusive: true });
		try {
			expect(toHex(conn.atr)).toBe('3B9513810180 73FF01000B'.replace(/ /g, ''));
			const s = new CardSession(conn);
			// vicc dies on any SELECT asking for FCI (ORACLES.md §2.2), so P2 0C only.
			const r1 = await s.send({ cla: 0, ins: 0xa4, p1: 0, p2: 0x0c, data: fromHex('3F00') }, { name: 'SELECT' });
			expect(r1.sw).toBe(0x9000);
			expect(await selectFid(s, 0x3f00, { fcp: false })).toBeUndefined();
			const ch = await s.send({ cla: 0, ins: 0x84, p1: 0, p2: 0, le: 8 }, { name: 'GET CHALLENGE' });
			expect(ch.sw).toBe(0x9000);
			expect(ch.data.length).toBe(8);
			const err = await readBinary(s, 0, 16).catch((e: unknown) => e);
			expect(err).toBeInstanceOf(CardError);
			expect((err as CardError).sw).toBe(0x6986);
			expect((err as CardError).message).toBe('READ BINARY 00 B0 00 00 10: 6986 command not allowed (no EF selected)');
			const aid = await s.send({ cla: 0, ins: 0xa4, p1: 4, p2: 0x0c, data: fromHex('A000000063504B43532D3135') }, { name: 'SELECT AID', accept: () => true });
			expect(aid.sw).toBe(0x6a82);
		} finally {
			await conn.disconnect();
		}
		expect(vicc?.exitCode).toBeNull();
	});
});

