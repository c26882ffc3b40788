// Batch packages against third-party tools (ORACLES.md): an order made by this test (33,000 rows, so the
// manufacturer package has 66,002 entries and needs ZIP64's end records), sampled rows' WBXML decoded by libwbxml's
// wbxml2xml to the row's expected document (the template's text with the row's values, put in by the test), each
// sampled MAC recomputed by `openssl dgst -sha1 -mac HMAC` under the NETWPIN key derived here by hand, the whole
// package tested by Info-ZIP's `unzip -t` and by p7zip's `7z t`, and an encrypted package opened by `7z t -p` with
// its passphrase and refused with another.
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportBatch, ManufacturerPackage, type ByteSink, type ExportResult } from '../../src/lib/batch/index';
import { inParallel } from './libwbxml/tools';
import { compile, iccid, imsi, msisdn, netwpinKeyHex, SIMPLE_TEMPLATE } from '../unit/batch/helpers';

const ROWS = 33_000;
const run = async (command: string, args: string[]): Promise<string> => (await promisify(execFile)(command, args, { encoding: 'utf8' })).stdout;
const work = mkdtempSync(join(tmpdir(), 'batch-package-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const apn = (n: number): string => `apn${n % 7}.example`;

/** The order, made here: CSV in pieces of about 64 KiB, never whole. */
function* order(rows: number, first = 1): Generator<string> {
	yield 'ICCID,IMSI,MSISDN,PIN1,APN\n';
	let piece = '';
	for (let n = first; n < first + rows; n++) {
		piece += `${iccid(n)},${imsi(n)},${msisdn(n)},${1000 + (n % 9000)},${apn(n)}\n`;
		if (piece.length >= 65_536) {
			yield piece;
			piece = '';
		}
	}
	if (piece !== '') yield piece;
}

function fileSink(path: string): { sink: ByteSink; end(): Promise<void> } {
	const out = createWriteStream(path);
	return {
		sink: { write: (bytes) => new Promise<void>((resolve, reject) => out.write(bytes, (e) => (e ? reject(e) : resolve()))) },
		end: () => new Promise<void>((resolve) => out.end(resolve))
	};
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

const plain = join(work, 'plain.zip');
let result: ExportResult;

beforeAll(async () => {
	const file = fileSink(plain);
	result = await exportBatch(compile(SIMPLE_TEMPLATE), order(ROWS), new ManufacturerPackage(), file.sink, { sec: 'NETWPIN' });
	await file.end();
}, 60_000);

describe('manufacturer package of a generated 33,000-row order (NETWPIN)', () => {
	it('holds every row: 66,002 entries, ZIP64 end records, and unzip -t and 7z t accept it', () => {
		expect({ rows: result.rows, good: result.good, rejected: result.rejected, entries: result.entries }).toEqual({ rows: ROWS, good: ROWS, rejected: 0, entries: 2 * ROWS + 2 });
		const unzip = spawnSync('unzip', ['-tq', plain], { encoding: 'utf8' });
		expect(unzip.status).toBe(0);
		expect(unzip.stdout).toContain('No errors detected in compressed data');
		const sevenZip = spawnSync('7z', ['t', plain], { encoding: 'utf8' });
		expect(sevenZip.status).toBe(0);
		expect(sevenZip.stdout).toContain('Everything is Ok');
		expect(sevenZip.stdout).toContain(`Files: ${2 * ROWS + 2}`);
		// ZIP64 end of central directory locator (APPNOTE §4.3.15) 20 bytes before the classic end record.
		const size = statSync(plain).size;
		const tail = readFileSync(plain).subarray(size - 42);
		expect(tail.readUInt32LE(0)).toBe(0x07064b50);
		expect(tail.readUInt16LE(20 + 8)).toBe(0xffff);
	});

	it("decodes each sampled row's WBXML in wbxml2xml to its document, and each MAC equals openssl's under the IMSI's key", async () => {
		const picked = new Set([1, 2, 1000, 16_384, 32_768, ROWS]);
		for (let k = 1; picked.size < 25; k++) picked.add(1 + ((k * 7919) % ROWS));
		const samples = [...picked];
		const names = samples.map((n) => `${iccid(n)}.wbxml`);
		const out = join(work, 'sampled');
		execFileSync('unzip', ['-q', '-o', plain, 'manifest.csv', ...names, '-d', out]);
		const manifest = new Map(
			readFileSync(join(out, 'manifest.csv'), 'utf8')
				.trimEnd()
				.split('\n')
				.slice(1)
				.map((line) => [line.split(',')[0], line.split(',')])
		);
		expect(manifest.size).toBe(ROWS);
		const checked = await inParallel(
			samples.map((n) => async () => {
				const name = `${iccid(n)}.wbxml`;
				const path = join(out, name);
				const xml = (await run('wbxml2xml', ['-m', '0', '-o', '-', path])).trim();
				const mac = (await run('openssl', ['dgst', '-sha1', '-mac', 'HMAC', '-macopt', `hexkey:${netwpinKeyHex(imsi(n))}`, '-r', path])).split(' ')[0].toUpperCase();
				const sha256 = createHash('sha256').update(readFileSync(path)).digest('hex');
				expect(xml).toBe(expectedCompactXml(n));
				expect(manifest.get(name)).toEqual([name, iccid(n), imsi(n), 'NETWPIN', mac, sha256]);
				return n;
			}),
			4
		);
		expect(checked.length).toBe(25);
	});
});

describe('encrypted package (AES-256, a passphrase)', () => {
	it('opens in 7z t with its passphrase and not with another', async () => {
		const path = join(work, 'secret.zip');
		const file = fileSink(path);
		await exportBatch(compile(SIMPLE_TEMPLATE), order(20), new ManufacturerPackage({ secretColumns: ['PIN1'] }), file.sink, { sec: 'NETWPIN', protection: { passphrase: 'Order 42 passphrase' } });
		await file.end();
		const right = spawnSync('7z', ['t', '-pOrder 42 passphrase', path], { encoding: 'utf8' });
		expect(right.status).toBe(0);
		expect(right.stdout).toContain('Everything is Ok');
		expect(right.stdout).toContain('Files: 43');
		const wrong = spawnSync('7z', ['t', '-pOrder 43 passphrase', path], { encoding: 'utf8' });
		expect(wrong.status).not.toBe(0);
		expect(wrong.stdout + wrong.stderr).toMatch(/Wrong password/);
		// 7z lists the method: AES-256 over stored data.
		const list = spawnSync('7z', ['l', '-slt', '-pOrder 42 passphrase', path], { encoding: 'utf8' });
		expect(list.stdout).toMatch(/Method = AES-256 Store/);
	});
});
