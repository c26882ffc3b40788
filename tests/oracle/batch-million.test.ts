// A 1-million-row order through the real CLI (`pstudio batch export --package manufacturer --sec NETWPIN`), as a
// factory line runs it, checked by third-party tools only (ORACLES.md): the order is generated here (streamed to a
// temp folder, never committed); 1,000 rows sampled at random over the whole order (the seed is printed; set
// BATCH_MILLION_SEED to replay a run) are taken out of the package by ONE Info-ZIP `unzip`, each row's WBXML
// decoded by libwbxml's `wbxml2xml` to the row's expected document (the template's text with the row's values,
// put in by the test), each MAC in manifest.csv recomputed by `openssl dgst -sha1 -mac HMAC` under the NETWPIN key
// derived here by hand from the row's IMSI; `unzip -t` accepts the whole package (2,000,002 entries).
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { iccid, imsi, msisdn, netwpinKeyHex, SIMPLE_TEMPLATE } from '../unit/batch/helpers';

const ROWS = 1_000_000;
const SAMPLES = 1_000;
const LAUNCHER = fileURLToPath(new URL('../../bin/pstudio.js', import.meta.url));
const SEED = process.env.BATCH_MILLION_SEED !== undefined ? Number(process.env.BATCH_MILLION_SEED) >>> 0 : (Date.now() ^ (process.pid << 16)) >>> 0;

const apn = (n: number): string => `apn${n % 7}.example`;

/** mulberry32: a small seeded generator, so a failing sample can be replayed from the printed seed. */
function seeded(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
	};
}

/**
 * 1,000 row numbers spread over the whole order: one at random in each run of 1,000 rows, with the first and the
 * last row of the order always among them (the zip's first entries and its ZIP64 tail).
 */
function sampleRows(seed: number): number[] {
	const next = seeded(seed);
	const stride = ROWS / SAMPLES;
	const rows = Array.from({ length: SAMPLES }, (_, k) => 1 + k * stride + Math.floor(next() * stride));
	rows[0] = 1;
	rows[SAMPLES - 1] = ROWS;
	return rows;
}

/** Writes the order as CSV in pieces of about 64 KiB, waiting for the stream to drain: never whole in memory. */
async function writeOrder(path: string): Promise<void> {
	const out = createWriteStream(path);
	const write = (text: string): Promise<void> =>
		new Promise((resolve, reject) => {
			if (out.write(text, (e) => e && reject(e))) resolve();
			else out.once('drain', resolve);
		});
	await write('ICCID,IMSI,MSISDN,APN\n');
	let piece = '';
	for (let n = 1; n <= ROWS; n++) {
		piece += `${iccid(n)},${imsi(n)},${msisdn(n)},${apn(n)}\n`;
		if (piece.length >= 65_536) {
			await write(piece);
			piece = '';
		}
	}
	if (piece !== '') await write(piece);
	await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
}

/** What wbxml2xml -m 0 prints for a row's document: its DOCTYPE, then the template's elements with no blanks between. */
function expectedCompactXml(n: number): string {
	const body = SIMPLE_TEMPLATE.replace('${MSISDN}', msisdn(n))
		.replace('${APN}', apn(n))
		.replace('${ICCID}', iccid(n))
		.replace(/^<\?xml[^>]*\?>\s*/, '')
		.replace(/>\s+</g, '><')
		.trim();
	return `<?xml version="1.0"?><!DOCTYPE wap-provisioningdoc PUBLIC "-//WAPFORUM//DTD PROV 1.0//EN" "http://www.wapforum.org/DTD/prov.dtd">${body}`;
}

interface Run {
	code: number | null;
	stdout: string;
	stderr: string;
}

/** A child process run without blocking the test worker (the export takes tens of seconds). */
function run(command: string, args: readonly string[], cwd: string): Promise<Run> {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
		let stdout = '';
		let stderr = '';
		child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
		child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
		child.on('error', reject);
		child.on('close', (code) => resolve({ code, stdout, stderr }));
	});
}

const sh = async (script: string, args: readonly string[], cwd: string): Promise<string> =>
	(await promisify(execFile)('sh', ['-c', script, 'sh', ...args], { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })).stdout;

const work = mkdtempSync(join(tmpdir(), 'batch-million-'));
const samples = sampleRows(SEED);
const picked = join(work, 'picked');
let exported: Run;
let exportSeconds = 0;
let wholeTest: Promise<Run> | undefined;

beforeAll(async () => {
	console.log(`batch-million: seed ${SEED} (BATCH_MILLION_SEED=${SEED} replays these ${SAMPLES} rows)`);
	writeFileSync(join(work, 't.xml'), SIMPLE_TEMPLATE);
	const generating = performance.now();
	await writeOrder(join(work, 'o.csv'));
	console.log(`batch-million: order of ${ROWS} rows written in ${((performance.now() - generating) / 1000).toFixed(1)} s`);
	const started = performance.now();
	exported = await run(process.execPath, [LAUNCHER, 'batch', 'export', '--template', 't.xml', '--orders', 'o.csv', '--package', 'manufacturer', '--sec', 'NETWPIN', '--out', 'p.zip', '--json', '--quiet'], work);
	exportSeconds = (performance.now() - started) / 1000;
	if (exported.code !== 0) throw new Error(`export failed: ${exported.code} ${exported.stderr}`);
	console.log(`batch-million: export of ${ROWS} rows in ${exportSeconds.toFixed(1)} s, package ${(statSync(join(work, 'p.zip')).size / 2 ** 20).toFixed(0)} MiB`);
	// One unzip for every sampled entry and the manifest: the central directory (2,000,002 entries) is read once.
	mkdirSync(picked);
	const names = samples.map((n) => `${iccid(n)}.wbxml`);
	// `unzip -t` of the whole package runs beside it (two cores, each tool single-threaded); its test awaits it.
	wholeTest = run('unzip', ['-t', '-q', 'p.zip'], work);
	const extracting = performance.now();
	// unzip matches every entry against the 1,000 names: most of its time (~25 s), but one pass over the zip.
	const unzip = await run('unzip', ['-q', '-o', 'p.zip', 'manifest.csv', ...names, '-d', picked], work);
	if (unzip.code !== 0) throw new Error(`unzip of the sampled entries failed: ${unzip.code} ${unzip.stderr}`);
	console.log(`batch-million: ${SAMPLES} sampled entries and manifest.csv taken out by one unzip in ${((performance.now() - extracting) / 1000).toFixed(1)} s`);
}, 600_000);

afterAll(async () => {
	await wholeTest?.catch(() => undefined);
	rmSync(work, { recursive: true, force: true });
});

describe('manufacturer package of a generated 1,000,000-row order through pstudio batch export (NETWPIN)', () => {
	it('packages every row: exit 0, 2,000,002 entries, and manifest.csv has exactly 1,000,000 data lines', () => {
		const summary = JSON.parse(exported.stdout) as Record<string, unknown>;
		expect({ rows: summary.rows, good: summary.good, rejected: summary.rejected, entries: summary.entries }).toEqual({ rows: ROWS, good: ROWS, rejected: 0, entries: 2 * ROWS + 2 });
		const manifest = readFileSync(join(picked, 'manifest.csv'), 'utf8');
		const lines = manifest.endsWith('\n') ? manifest.slice(0, -1).split('\n') : manifest.split('\n');
		expect(lines[0]).toBe('file,iccid,imsi,sec,mac,sha256');
		expect(lines.length - 1).toBe(ROWS);
	});

	it("decodes each sampled row's WBXML in wbxml2xml to that row's document", async () => {
		// One shell for all the decodes (a process start per file is the cost, not the decoding); two shells, two cores.
		const names = samples.map((n) => `${iccid(n)}.wbxml`);
		const half = Math.ceil(names.length / 2);
		const decode = 'for f; do wbxml2xml -m 0 -o "$f.xml" "$f" >/dev/null 2>&1 || echo "failed $f"; done';
		const failed = (await Promise.all([sh(decode, names.slice(0, half), picked), sh(decode, names.slice(half), picked)])).join('');
		expect(failed).toBe('');
		const wrong: string[] = [];
		for (const n of samples) {
			const xml = readFileSync(join(picked, `${iccid(n)}.wbxml.xml`), 'utf8').trim();
			if (xml !== expectedCompactXml(n)) wrong.push(`row ${n}: ${xml}`);
		}
		expect(wrong.slice(0, 5)).toEqual([]);
	});

	it("gives each sampled row the MAC openssl computes under the NETWPIN key of the row's IMSI, and the file's SHA-256 (node:crypto)", async () => {
		const manifest = new Map<string, string>();
		const wanted = new Set(samples.map((n) => `${iccid(n)}.wbxml`));
		for (const line of readFileSync(join(picked, 'manifest.csv'), 'utf8').split('\n')) {
			const name = line.slice(0, line.indexOf(','));
			if (wanted.has(name)) manifest.set(name, line);
		}
		// Pairs of (key, file) to one loop of openssl per shell; `-r` prints "<hex> *<file>".
		const pairs = samples.map((n) => [netwpinKeyHex(imsi(n)), `${iccid(n)}.wbxml`]);
		const half = Math.ceil(pairs.length / 2);
		const hmac = 'while [ $# -gt 0 ]; do openssl dgst -sha1 -mac HMAC -macopt "hexkey:$1" -r "$2" || echo "failed $2"; shift 2; done';
		const out = (await Promise.all([sh(hmac, pairs.slice(0, half).flat(), picked), sh(hmac, pairs.slice(half).flat(), picked)])).join('');
		const macs = new Map(
			out
				.trim()
				.split('\n')
				.map((l) => {
					const [hex, file] = l.split(' ');
					return [file.replace(/^\*/, ''), hex.toUpperCase()];
				})
		);
		expect(macs.size).toBe(SAMPLES);
		const wrong: string[] = [];
		for (const n of samples) {
			const name = `${iccid(n)}.wbxml`;
			const sha256 = createHash('sha256').update(readFileSync(join(picked, name))).digest('hex');
			const expected = [name, iccid(n), imsi(n), 'NETWPIN', macs.get(name), sha256].join(',');
			const line = manifest.get(name);
			if (line !== expected) wrong.push(`row ${n}: got ${line} want ${expected}`);
		}
		expect(wrong.slice(0, 5)).toEqual([]);
		expect(manifest.size).toBe(SAMPLES);
	});

	it('unzip -t accepts the whole package', async () => {
		expect(wholeTest).toBeDefined();
		const test = await wholeTest!;
		expect(test.stderr).toBe('');
		expect(test.code).toBe(0);
		expect(test.stdout).toContain('No errors detected in compressed data of p.zip.');
	});
});
