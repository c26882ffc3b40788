// `pstudio card` and its files, as a script uses them, through the real launcher, pcscd and vpcd, against our
// simulated card on vpcd slot 1 (TCP 35964 = "Virtual PCD 00 01") run in this process, so the test can count
// every APDU the card received:
// - issue 8 §8: `card read --only / -o / --out-dir` put the documents alone on stdout or into files, everything
//   else on stderr; an absent document is one line, exit 1.
// - issue 8 §3: every file an option names (--adm-file, --pin1-file, --trace, -o, --out-dir) is checked before the
//   first APDU: one line, exit 2, zero APDUs, nothing left behind.
import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROFILES } from '../../src/lib/card/pkcs15';
import { provisionCard } from '../../src/lib/card/provisioning';
import { DEFAULT_ATR } from '../../src/lib/card/simulator';
import type { VpcdClient } from '../../src/lib/server/vpcd';
import { ADM1, LIBWBXML_CP, NOWSMS_CP, sessionOn, simulator } from '../unit/card-provisioning/fixtures';
import { attachSimulator, REPO_ROOT, run, startPcscd, type PcscdRun } from './harness';

const LAUNCHER = join(REPO_ROOT, 'bin', 'pstudio.js');
const READER = 'Virtual PCD 00 01';
const PORT = 35964;

/** ORACLES.md §1's prov.xml: the document libwbxml's xml2wbxml encodes to LIBWBXML_CP (the Bootstrap below). */
const CP_XML = readFileSync(join(REPO_ROOT, 'tests/fixtures/provcont/oracles-prov.xml'), 'utf8');
/** What decoding LIBWBXML_CP must give back: the authored text, the declaration naming its encoding. */
const BOOTSTRAP_XML = CP_XML.replace('<?xml version="1.0"?>', '<?xml version="1.0" encoding="UTF-8"?>');

/*
 * What the card holds, written in-process before it is attached: Bootstrap = LIBWBXML_CP (132 bytes, libwbxml's),
 * Config1 = NOWSMS_CP (118 bytes, a NowSMS forum post). The EF sizes are the default profile's (card-stack and
 * cli-card tests: Bootstrap 2048, Config1 1024); the paths as the DODF writes them.
 * With PIN1 0000 the IMSI reads (EF.IMSI 08 09 10 10 10 32 54 76 98 → 001010123456789, cli-card.test.ts);
 * EF.ICCID 98 94 00 … F1 → 8949000000000000001.
 */
const HEADER =
	`Reader: ${READER}\n` +
	`ATR:    ${DEFAULT_ATR}\n` +
	'ICCID:  8949000000000000001\n' +
	'IMSI:   001010123456789\n' +
	'Bootstrap  OID 2.23.43.7.1  path 6E01  132 bytes (file 2048)\n' +
	'Config1  OID 2.23.43.7.2  path 6E02  118 bytes (file 1024)\n';

let pcscd: PcscdRun | undefined;
let sim: VpcdClient | undefined;
let dir = '';

interface Result {
	code: number;
	stdout: Buffer;
	stderr: string;
}

/** Runs pstudio in a child, asynchronously: this process must keep answering vpcd for the card meanwhile. */
function pstudio(...args: string[]): Promise<Result> {
	return new Promise((resolve, reject) => {
		execFile(process.execPath, [LAUNCHER, ...args], { cwd: dir, timeout: 30_000, encoding: 'buffer' }, (error, stdout, stderr) => {
			const code = error ? (error as { code?: unknown }).code : 0;
			if (typeof code !== 'number') reject(error ?? new Error('no exit code'));
			else resolve({ code, stdout, stderr: stderr.toString('utf8') });
		});
	});
}

/** APDUs the simulated card has received so far. */
function apdus(): number {
	return sim?.stats.apdus ?? 0;
}

/** The bytes xml2wbxml (libwbxml) makes of an XML text, decoded back by wbxml2xml -m 0: a canonical form to compare. */
async function libwbxmlCanonical(xml: string): Promise<string> {
	const name = join(dir, `oracle-${Math.random().toString(36).slice(2)}`);
	writeFileSync(`${name}.xml`, xml);
	await run('xml2wbxml', ['-o', `${name}.wbxml`, `${name}.xml`]);
	return (await run('wbxml2xml', ['-m', '0', '-o', '-', `${name}.wbxml`])).stdout;
}

async function wbxml2xml(bytes: Uint8Array): Promise<string> {
	const name = join(dir, `oracle-${Math.random().toString(36).slice(2)}.wbxml`);
	writeFileSync(name, bytes);
	return (await run('wbxml2xml', ['-m', '0', '-o', '-', name])).stdout;
}

/** Every name in a folder, hidden ones included: proves that nothing (a probe, a temp file) was left behind. */
function listing(folder: string): string[] {
	return readdirSync(folder).sort();
}

beforeAll(async () => {
	pcscd = await startPcscd('pstudio-card-files-', { reuse: true });
	dir = pcscd.dir;
	const card = simulator();
	const { session } = sessionOn(card);
	await provisionCard(session, { documents: { bootstrap: LIBWBXML_CP, config1: NOWSMS_CP }, adm: ADM1, profile: PROFILES['oma-provsc'] });
	sim = await attachSimulator(PORT, card);
	// pcscd polls vpcd for the ATR every ~0.44 s (ORACLES.md §2.4) before it reports the card.
	for (let i = 0; i < 40; i++) {
		const { stdout } = await pstudio('readers');
		if (stdout.toString().includes(`${READER}\tcard`)) break;
		await new Promise((r) => setTimeout(r, 250));
	}
}, 60_000);

afterAll(async () => {
	await sim?.stop();
	await pcscd?.stop();
}, 30_000);

describe('pstudio card read for scripts (issue 8 §8)', () => {
	it('without the new options the listing stays as it was: header and hex on stdout', async () => {
		const r = await pstudio('card', 'read', '--reader', READER, '--pin1', '0000');
		expect(r.stderr).toBe('');
		expect(r.code).toBe(0);
		expect(r.stdout.toString()).toMatch(/^Reader: Virtual PCD 00 01\nATR: {4}3B9F96801FC78031A073BE21136743200718000001A5\n/);
		expect(r.stdout.toString()).toContain('Config1  OID 2.23.43.7.2  path 6E02  118 bytes (file 1024)\n  03 0B 6A 06 74 65 73 74');
	});

	it('--only Bootstrap --xml puts the XML document alone on stdout, the header on stderr', async () => {
		const r = await pstudio('card', 'read', '--reader', READER, '--pin1', '0000', '--only', 'Bootstrap', '--xml');
		expect(r.code).toBe(0);
		expect(r.stdout.toString()).toBe(BOOTSTRAP_XML);
		expect(r.stderr).toBe(HEADER);
	});

	it('--only takes role names in any case and OIDs in dotted form; -o - gives the WBXML bytes on stdout', async () => {
		const byRole = await pstudio('card', 'read', '--reader', READER, '--pin1', '0000', '--only', 'CONFIG1', '-o', '-');
		expect(byRole.code).toBe(0);
		expect(Buffer.compare(byRole.stdout, Buffer.from(NOWSMS_CP))).toBe(0);
		expect(byRole.stderr).toBe(HEADER);
		const byOid = await pstudio('card', 'read', '--reader', READER, '--pin1', '0000', '--only', '2.23.43.7.1', '-o', '-');
		expect(byOid.code).toBe(0);
		expect(Buffer.compare(byOid.stdout, Buffer.from(LIBWBXML_CP))).toBe(0);
	});

	it('-o FILE writes the one document, byte for byte, and nothing else', async () => {
		const out = join(dir, 'o');
		mkdirSync(out);
		const r = await pstudio('card', 'read', '--reader', READER, '--pin1', '0000', '--only', 'config1', '-o', 'o/c1.wbxml');
		expect(r.code).toBe(0);
		expect(r.stdout.length).toBe(0);
		expect(r.stderr).toBe(`${HEADER}wrote o/c1.wbxml (118 bytes of WBXML)\n`);
		expect(new Uint8Array(readFileSync(join(out, 'c1.wbxml')))).toEqual(NOWSMS_CP);
		expect(listing(out)).toEqual(['c1.wbxml']);
	});

	it('--out-dir writes bootstrap.wbxml and config1.wbxml (created with its parents), the bytes on the card', async () => {
		const r = await pstudio('card', 'read', '--reader', READER, '--pin1', '0000', '--out-dir', 'docs/wbxml');
		expect(r.code).toBe(0);
		expect(r.stdout.length).toBe(0);
		expect(r.stderr).toBe(`${HEADER}wrote docs/wbxml/bootstrap.wbxml (132 bytes of WBXML)\nwrote docs/wbxml/config1.wbxml (118 bytes of WBXML)\n`);
		const out = join(dir, 'docs', 'wbxml');
		expect(listing(out)).toEqual(['bootstrap.wbxml', 'config1.wbxml']);
		expect(new Uint8Array(readFileSync(join(out, 'bootstrap.wbxml')))).toEqual(LIBWBXML_CP);
		expect(new Uint8Array(readFileSync(join(out, 'config1.wbxml')))).toEqual(NOWSMS_CP);
	});

	it('--out-dir --xml writes bootstrap.xml and config1.xml: what libwbxml reads in the card bytes', async () => {
		const r = await pstudio('card', 'read', '--reader', READER, '--pin1', '0000', '--out-dir', 'xml', '--xml');
		expect(r.code).toBe(0);
		expect(r.stdout.length).toBe(0);
		const out = join(dir, 'xml');
		expect(listing(out)).toEqual(['bootstrap.xml', 'config1.xml']);
		expect(readFileSync(join(out, 'bootstrap.xml'), 'utf8')).toBe(BOOTSTRAP_XML);
		// No authored text is known for NowSMS's bytes: libwbxml re-encodes our XML and must read the same document.
		const config1 = readFileSync(join(out, 'config1.xml'), 'utf8');
		expect(await libwbxmlCanonical(config1)).toBe(await wbxml2xml(NOWSMS_CP));
		expect(r.stderr).toBe(`${HEADER}wrote xml/bootstrap.xml (${Buffer.byteLength(BOOTSTRAP_XML)} bytes of XML)\nwrote xml/config1.xml (${Buffer.byteLength(config1)} bytes of XML)\n`);
	});

	it('--out-dir --only writes just that document', async () => {
		const r = await pstudio('card', 'read', '--reader', READER, '--pin1', '0000', '--out-dir', 'one', '--only', 'bootstrap');
		expect(r.code).toBe(0);
		expect(listing(join(dir, 'one'))).toEqual(['bootstrap.wbxml']);
	});

	it('an --only document the card does not hold is one line, exit 1, nothing on stdout and no file', async () => {
		const r = await pstudio('card', 'read', '--reader', READER, '--pin1', '0000', '--only', 'Config2', '-o', 'c2.wbxml');
		expect(r.code).toBe(1);
		expect(r.stdout.length).toBe(0);
		expect(r.stderr).toBe(`${HEADER}pstudio: ${READER}: no Config2 document on the card (it holds Bootstrap, Config1)\n`);
		const byOid = await pstudio('card', 'read', '--reader', READER, '--pin1', '0000', '--only', '1.2.3', '--xml');
		expect(byOid.code).toBe(1);
		expect(byOid.stdout.length).toBe(0);
		expect(byOid.stderr.split('\n').at(-2)).toBe(`pstudio: ${READER}: no OID 1.2.3 document on the card (it holds Bootstrap, Config1)`);
		expect(listing(dir)).not.toContain('c2.wbxml');
	});

	it('card trace read --only keeps stdout for the document: the trace goes to stderr', async () => {
		const r = await pstudio('card', 'trace', 'read', '--reader', READER, '--pin1', '0000', '--only', 'Config1', '-o', '-');
		expect(r.code).toBe(0);
		expect(Buffer.compare(r.stdout, Buffer.from(NOWSMS_CP))).toBe(0);
		expect(r.stderr).toMatch(/^APDU trace \(\d+ exchanges, secrets redacted\):\n> /);
		expect(r.stderr).toContain('> VERIFY PIN1 00 20 00 01 08 ****\n');
		expect(r.stderr.endsWith(HEADER)).toBe(true);
	});

	it.each([
		[['read', '--only', 'Config3'], '--only takes Bootstrap, Config1, Config2 or an OID in dotted form (e.g. 2.23.43.7.2), not "Config3"'],
		[['read', '--only', '2.23.043.7.1'], '--only takes Bootstrap, Config1, Config2 or an OID in dotted form (e.g. 2.23.43.7.2), not "2.23.043.7.1"'],
		// WBXML is binary: stdout only with -o -, as `pstudio encode`.
		[['read', '--only', 'Config1'], 'WBXML is binary: give -o <file> (or -o - for stdout), or --xml'],
		[['read', '-o', 'x.wbxml'], '-o writes one document: name it with --only Bootstrap|Config1|Config2|<OID>, or use --out-dir'],
		[['read', '--only', 'Config1', '-o', 'x', '--out-dir', 'd'], 'give either -o or --out-dir, not both'],
		[['info', '--only', 'Bootstrap'], '--only, -o and --out-dir are for card read, not card info']
	])('card %j is a usage error decided before the first APDU', async (args, message) => {
		const before = apdus();
		const r = await pstudio('card', ...args, '--reader', READER);
		expect(r.stderr).toBe(`pstudio: ${message} (try 'pstudio card --help')\n`);
		expect(r.code).toBe(2);
		expect(r.stdout.length).toBe(0);
		expect(apdus()).toBe(before);
	});
});

describe('pstudio card checks every file an option names before the first APDU (issue 8 §3)', () => {
	/** Runs `card …` with a file option that must be refused: one line, exit 2, no APDU, no file left behind. */
	async function refusedBeforeTheCard(args: string[], stderr: string): Promise<void> {
		const files = listing(dir);
		const before = apdus();
		const r = await pstudio('card', ...args, '--reader', READER);
		expect(r.stderr).toBe(stderr);
		expect(r.code).toBe(2);
		expect(r.stdout.length).toBe(0);
		// Nothing was sent to the card, and the writability check left no probe or temp file behind.
		expect(apdus()).toBe(before);
		expect(listing(dir)).toEqual(files);
	}

	beforeAll(() => {
		writeFileSync(join(dir, 'boot.wbxml'), LIBWBXML_CP);
		writeFileSync(join(dir, 'adm.txt'), '3838383838383838\n');
		writeFileSync(join(dir, 'bad.key'), 'hunter2!\n');
		writeFileSync(join(dir, 'two.key'), '3838383838383838\n0000\n');
		writeFileSync(join(dir, 'plain.txt'), 'a file, not a folder\n');
		mkdirSync(join(dir, 'keys'));
		mkdirSync(join(dir, 'tracedir'));
	});

	it.each([
		[['write', 'boot.wbxml', '--adm-file', 'missing.key'], 'pstudio: missing.key: cannot read: no such file or directory\n'],
		[['info', '--pin1-file', 'missing.pin'], 'pstudio: missing.pin: cannot read: no such file or directory\n'],
		[['read', '--pin1-file', 'keys'], 'pstudio: keys: cannot read: illegal operation on a directory\n'],
		// The key is named by its file and never repeated ("hunter2!" appears nowhere in the line).
		[
			['write', 'boot.wbxml', '--adm-file', 'bad.key'],
			// 'hunter2!': 'h' is neither a decimal nor a hex digit; a key file is read by --adm's rule (pySim's spellings).
			"pstudio: bad.key: ADM key: character 1 is not a decimal or hex digit (--adm takes 8 decimal digits (sent as ASCII, like pySim --adm) or 16 hex digits) (try 'pstudio card --help')\n"
		],
		[['write', 'boot.wbxml', '--adm-file', 'two.key'], 'pstudio: two.key: holds more than one line: a key file holds one key on one line\n']
	])('a key file that cannot be used: card %j is one line, exit 2, no APDU', refusedBeforeTheCard);

	it('a key file is trimmed of the whitespace around the key', async () => {
		writeFileSync(join(dir, 'pin1.txt'), '  0000 \r\n');
		const r = await pstudio('card', 'info', '--reader', READER, '--pin1-file', 'pin1.txt');
		expect(r.stderr).toBe('');
		expect(r.code).toBe(0);
		expect(r.stdout.toString()).toContain('IMSI:   001010123456789\n');
	});

	it.each([
		[['read', '--trace', 'nodir/read.trace'], 'pstudio: nodir/read.trace: cannot write: no such file or directory\n'],
		[['info', '--trace', 'tracedir'], 'pstudio: tracedir: cannot write: is a folder\n'],
		// sysfs takes no new files, not even from root: the permission case whoever runs the test.
		[['write', 'boot.wbxml', '--adm-file', 'adm.txt', '--trace', '/sys/pstudio.trace'], 'pstudio: /sys/pstudio.trace: cannot write: permission denied\n']
	])('an unwritable --trace: card %j fails before the card operation runs', async (args, stderr) => {
		await refusedBeforeTheCard(args, stderr);
		expect(listing(join(dir, 'tracedir'))).toEqual([]);
	});

	it.each([
		[['read', '--only', 'Bootstrap', '-o', 'nodir/b.wbxml'], 'pstudio: nodir/b.wbxml: cannot write: no such file or directory\n'],
		[['read', '--only', 'Bootstrap', '-o', 'tracedir'], 'pstudio: tracedir: cannot write: is a folder\n'],
		[['read', '--out-dir', 'plain.txt'], 'pstudio: plain.txt: cannot write into it: not a folder\n'],
		[['read', '--out-dir', 'plain.txt/sub'], 'pstudio: plain.txt/sub: cannot write: not a directory\n'],
		[['read', '--out-dir', '/sys/pstudio-docs'], 'pstudio: /sys/pstudio-docs: cannot write: permission denied\n']
	])('an unwritable read output: card %j fails before the card operation runs', refusedBeforeTheCard);

	it('a good --trace is written after the operation, and the check leaves only the trace', async () => {
		mkdirSync(join(dir, 'traced'));
		const r = await pstudio('card', 'read', '--reader', READER, '--pin1', '0000', '--only', 'Config1', '-o', 'traced/c1.wbxml', '--trace', 'traced/read.trace');
		expect(r.code).toBe(0);
		expect(listing(join(dir, 'traced'))).toEqual(['c1.wbxml', 'read.trace']);
		const trace = readFileSync(join(dir, 'traced', 'read.trace'), 'utf8');
		expect(trace).toContain('> VERIFY PIN1 00 20 00 01 08 ****\n< 9000 normal ending');
		expect(trace.replace(/\s/g, '')).not.toContain('30303030');
	});
});
