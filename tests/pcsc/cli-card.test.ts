// `pstudio readers`, `pstudio card info|write|read|trace` and `pstudio sim` as a user runs them: the real launcher
// (bin/pstudio.js) in child processes, through the real pcscd + vpcd, against our simulated card run by `pstudio sim`
// on vpcd slot 0 (TCP 35963 = "Virtual PCD 00 00"). harness.ts starts pcscd unless PSTUDIO_PCSCD=running says the
// test command already did.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ATR } from '../../src/lib/card/simulator';
import { toHex } from '../../src/lib/codec/hex';
import { LIBWBXML_CP, NOWSMS_CP } from '../unit/card-provisioning/fixtures';
import { REPO_ROOT, run, startPcscd, type PcscdRun } from './harness';

const LAUNCHER = join(REPO_ROOT, 'bin', 'pstudio.js');
const READER = 'Virtual PCD 00 00';
const PORT = '35963';
const ADM = '3838383838383838';

/** ORACLES.md §1's prov.xml, the document libwbxml encodes to LIBWBXML_CP. */
const CP_XML = readFileSync(join(REPO_ROOT, 'tests/fixtures/provcont/oracles-prov.xml'), 'utf8');

let dir = '';
let pcscd: PcscdRun | undefined;
let sim: ChildProcess | undefined;
let simOut = '';
let simErr = '';

interface Result {
	code: number;
	stdout: string;
	stderr: string;
}

async function pstudio(...args: string[]): Promise<Result> {
	try {
		const { stdout, stderr } = await run(process.execPath, [LAUNCHER, ...args], { cwd: dir, timeout: 30_000 });
		return { code: 0, stdout, stderr };
	} catch (e) {
		const err = e as { code?: unknown; stdout?: string; stderr?: string };
		if (typeof err.code !== 'number') throw e;
		return { code: err.code, stdout: err.stdout ?? '', stderr: err.stderr ?? '' };
	}
}

/** The canonical decoding libwbxml gives of a WBXML file (ORACLES.md §1: compare semantically with -m 0). */
async function wbxml2xml(bytes: Uint8Array): Promise<string> {
	const file = join(dir, `oracle-${Date.now()}.wbxml`);
	writeFileSync(file, bytes);
	return (await run('wbxml2xml', ['-m', '0', '-o', '-', file])).stdout;
}

/** The hex lines `card read` prints under a document's heading, joined. */
function hexUnder(stdout: string, label: string): string {
	const lines = stdout.split('\n');
	const at = lines.findIndex((l) => l.startsWith(`${label}  OID`));
	if (at < 0) throw new Error(`no ${label} in:\n${stdout}`);
	const out: string[] = [];
	for (const l of lines.slice(at + 1)) {
		if (!l.startsWith('  ')) break;
		out.push(l.trim().replace(/ /g, ''));
	}
	return out.join('');
}

function fromHexText(hex: string): Uint8Array {
	return Uint8Array.from(hex.match(/../g) ?? [], (h) => parseInt(h, 16));
}

beforeAll(async () => {
	pcscd = await startPcscd('pstudio-cli-card-', { reuse: true });
	dir = pcscd.dir;
	sim = spawn(process.execPath, [LAUNCHER, 'sim', '--vpcd-port', PORT, '--save', join(dir, 'saved.json')], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
	sim.stdout?.on('data', (d: Buffer) => (simOut += d.toString()));
	sim.stderr?.on('data', (d: Buffer) => (simErr += d.toString()));
	const deadline = Date.now() + 20_000;
	while (!simOut.includes('card inserted')) {
		if (sim.exitCode !== null || Date.now() > deadline) throw new Error(`pstudio sim did not attach: ${simOut}${simErr}`);
		await new Promise((r) => setTimeout(r, 50));
	}
	// pcscd polls vpcd for the ATR every ~0.44 s (ORACLES.md §2.4) before it reports the card.
	for (let i = 0; i < 40; i++) {
		const { stdout } = await pstudio('readers');
		if (stdout.includes(`${READER}\tcard`)) break;
		await new Promise((r) => setTimeout(r, 250));
	}
}, 60_000);

afterAll(async () => {
	if (sim && sim.exitCode === null) {
		sim.kill('SIGTERM');
		await new Promise((r) => sim?.once('exit', r));
	}
	await pcscd?.stop();
}, 30_000);

describe('pstudio readers', () => {
	it('lists the vpcd reader with the simulated card and its ATR', async () => {
		const r = await pstudio('readers');
		expect(r.code).toBe(0);
		// DEFAULT_ATR is the sysmoUSIM-SJS1 ATR of the default profile (checked with ATR_analysis there).
		expect(r.stdout.split('\n')).toContain(`${READER}\tcard ATR ${DEFAULT_ATR}`);
		expect(r.stdout).toMatch(/^Virtual PCD 00 01\t/m);
	});
});

describe('pstudio card info', () => {
	it('prints the ATR, ICCID and, after PIN1, the IMSI of the default profile', async () => {
		const r = await pstudio('card', 'info', '--reader', READER, '--pin1', '0000');
		expect(r.stderr).toBe('');
		expect(r.code).toBe(0);
		// EF.ICCID 98 94 00 00 00 00 00 00 00 F1 read nibble-swapped = 8949000000000000001 (F = filler);
		// EF.IMSI 08 | 09 10 10 10 32 54 76 98: length 8, first nibble 9 = odd parity + type, then 0 0 1 0 1 0 ... 9.
		expect(r.stdout).toBe(`Reader: ${READER}\nATR:    ${DEFAULT_ATR}\nICCID:  8949000000000000001\nIMSI:   001010123456789\n`);
	});

	// Runs right after the test above presented PIN1 on the same card: the card was reset when that run left, so
	// PIN1 is not still verified for this one (nor ADM1 after a write, for any other program on the reader).
	it('without PIN1 says why there is no IMSI (6982 on READ BINARY), although the run before presented PIN1', async () => {
		const r = await pstudio('card', 'info', '--reader', READER);
		expect(r.code).toBe(0);
		expect(r.stdout).toContain('IMSI:   -\n');
		expect(r.stdout).toContain('note: IMSI: 3F00 7F20 6F07: READ BINARY 00 B0 00 00 09: 6982 security status not satisfied');
	});
});

describe('pstudio card write / read', () => {
	it('writes an XML Bootstrap and a WBXML Config1, reports every file verified, and reads both back', async () => {
		writeFileSync(join(dir, 'cp.xml'), CP_XML);
		writeFileSync(join(dir, 'config1.wbxml'), NOWSMS_CP);
		writeFileSync(join(dir, 'adm.txt'), `${ADM}\n`);
		const w = await pstudio('card', 'write', 'cp.xml', '--config1', 'config1.wbxml', '--adm-file', 'adm.txt', '--reader', READER, '--trace', 'write.trace');
		expect(w.stderr).toBe('');
		expect(w.code).toBe(0);
		// Sizes: the EFs of the default profile (Bootstrap 2048, Config1 1024, DODF 512, TokenInfo 128, ODF 128, EF.DIR
		// record 32); NowSMS is 118 bytes (client-provisioning.md §7).
		expect(w.stdout).toMatch(/^3F00 7F50 6E01 +Bootstrap +2\.23\.43\.7\.1 +\d+ +2048 +\d+ +yes$/m);
		expect(w.stdout).toMatch(/^3F00 7F50 6E02 +Config1 +2\.23\.43\.7\.2 +118 +1024 +\d+ +yes$/m);
		expect(w.stdout).toMatch(/^3F00 2F00 #2 +EF\.DIR +- +\d+ +32 +\d+ +yes$/m);
		expect(w.stdout).toContain('Verified: all 6 files read back equal to what was written');
		// The trace file names the VERIFY but never holds the key, in hex or ASCII.
		const trace = readFileSync(join(dir, 'write.trace'), 'utf8');
		expect(trace).toContain('> VERIFY ADM1 00 20 00 0A 08 ****\n< 9000 normal ending');
		expect(trace.replace(/\s/g, '')).not.toContain(ADM);
		expect(trace).not.toContain('88888888');

		const r = await pstudio('card', 'read', '--reader', READER);
		expect(r.code).toBe(0);
		// Config1: libwbxml-independent third-party bytes, back byte for byte without the FF padding.
		expect(hexUnder(r.stdout, 'Config1')).toBe(toHex(NOWSMS_CP));
		expect(r.stdout).toMatch(/^Config1 {2}OID 2\.23\.43\.7\.2 {2}path 6E02 {2}118 bytes \(file 1024\)$/m);
		// Bootstrap: what libwbxml makes of our bytes equals what it makes of its own encoding of the same XML.
		const ours = await wbxml2xml(fromHexText(hexUnder(r.stdout, 'Bootstrap')));
		expect(ours).toBe(await wbxml2xml(LIBWBXML_CP));

		const x = await pstudio('card', 'read', '--reader', READER, '--xml');
		expect(x.code).toBe(0);
		// The decoded Bootstrap is the authored text (only the declaration gains its encoding).
		const expected = CP_XML.replace('<?xml version="1.0"?>', '<?xml version="1.0" encoding="UTF-8"?>');
		expect(x.stdout).toMatch(/^Bootstrap {2}OID 2\.23\.43\.7\.1 {2}path 6E01 {2}\d+ bytes \(file 2048\)$/m);
		expect(x.stdout).toContain(expected);
	});

	it('card trace read prints the redacted APDU trace with the operation', async () => {
		const r = await pstudio('card', 'trace', 'read', '--reader', READER, '--pin1', '0000');
		expect(r.code).toBe(0);
		expect(r.stdout).toMatch(/^APDU trace \(\d+ exchanges, secrets redacted\):$/m);
		expect(r.stdout).toContain('> VERIFY PIN1 00 20 00 01 08 ****\n< 9000 normal ending');
		expect(r.stdout).toContain('> READ BINARY 00 B0 00 00 0A\n< 98 94 00 00 00 00 00 00 00 F1 9000 normal ending');
		// PIN1 "0000" is 30 30 30 30 on the wire (TS 102 221 §9.5.1): never in the output.
		expect(r.stdout.replace(/\s/g, '')).not.toContain('30303030');
		expect(r.stdout).toContain('IMSI:   001010123456789');
	});

	it("takes --adm 88888888 as pySim does: the 8 digits' ASCII bytes, the simulator's TEST key 3838383838383838", async () => {
		const r = await pstudio('card', 'trace', 'write', 'cp.xml', '--adm', '88888888', '--reader', READER);
		expect(r.code).toBe(0);
		expect(r.stdout).toContain('> VERIFY ADM1 00 20 00 0A 08 ****\n< 9000 normal ending');
		expect(r.stdout.replace(/\s/g, '')).not.toContain('3838383838383838');
	});

	it('a wrong ADM key fails with exit 1 naming the APDU, the status word and the retries left', async () => {
		const r = await pstudio('card', 'write', 'cp.xml', '--adm', '0102030405060708', '--reader', READER);
		expect(r.code).toBe(1);
		// Default profile: ADM1 has 10 tries; the correct VERIFY of the previous write reset the counter, so 9 remain.
		expect(r.stderr).toBe(`pstudio: ${READER}: VERIFY ADM1 00 20 00 0A 08 ****: 63C9 verification failed, 9 retries left\n`);
		expect(r.stdout).toBe('');
	});

	it('pstudio sim saves the card state on SIGTERM: the written documents and the retry counter', async () => {
		sim?.kill('SIGTERM');
		await new Promise((r) => (sim?.exitCode !== null ? r(undefined) : sim.once('exit', r)));
		expect(sim?.exitCode).toBe(0);
		expect(simErr).toContain('SIGTERM: card removed');
		const saved = readFileSync(join(dir, 'saved.json'), 'utf8');
		expect(saved).toContain(`"contents": "${toHex(NOWSMS_CP)}`);
		const profile = JSON.parse(saved) as { keys: Record<string, { retries: number; remaining?: number }> };
		// The wrong ADM of the previous test is remembered: 10 tries, 9 left.
		expect(profile.keys.ADM1).toMatchObject({ retries: 10, remaining: 9 });
	});
});
