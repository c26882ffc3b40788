// Order reader (issue 10, Build 1: "constant memory whatever the size"): rows/s and peak RSS of openOrder streaming
// a generated order from a file (fs read stream, 64 KiB chunks, as the CLI reads; a browser File streams the same
// way), at each size, each in a fresh child process so that every peak is its own. Orders are written to a temporary
// folder first (not committed, removed at the end), in three formats:
//   csv    13 columns as bureau-files.md §1 names them (ICCID/IMSI/PIN1/PUK1/PIN2/PUK2/ADM1/KI/OPC/ACC/KIC1/KID1/KIK1)
//   out    the same as a vendor .out file (header block, var_In, var_out, space-separated rows)
//   pysim  pySim CSV (iccid, imsi, ki, opc, pin_adm) with ki and opc AES-128-CBC encrypted (--column-key)
// ICCIDs and IMSIs are ranges, as in real orders; `shuffled` rows draw them in a random order instead, so the
// duplicate index keeps every value (its worst case), and `noid` rows have no ICCID or IMSI column at all (the
// reader alone). Printed per run: rows/s, the child's RSS before the order (library loaded and warmed up) and its
// peak while reading; per format: the peak growth from the smallest to the largest size (target: flat).
//   npx tsx bench/orders-bench.ts [--rows 100000,1000000] [--kinds csv,out,pysim,csv-shuffled,csv-noid]
import { spawnSync } from 'node:child_process';
import { createCipheriv } from 'node:crypto';
import { closeSync, createReadStream, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { option } from './options';
import { withLuhn } from '../tests/fixtures/station/station-kit';

const MIB = 1024 * 1024;
const KI_KEY = '000102030405060708090A0B0C0D0E0F';
const OPC_KEY = 'F0E1D2C3B4A5968778695A4B3C2D1E0F';

/** A permutation of 0..n-1 (xorshift, fixed seed): the shuffled order. */
function shuffled(n: number): Uint32Array {
	const out = new Uint32Array(n);
	for (let i = 0; i < n; i++) out[i] = i;
	let s = 0x2545f491;
	for (let i = n - 1; i > 0; i--) {
		s ^= s << 13;
		s ^= s >>> 17;
		s ^= s << 5;
		const j = (s >>> 0) % (i + 1);
		[out[i], out[j]] = [out[j], out[i]];
	}
	return out;
}

function encrypt(keyHex: string, clear: Buffer): string {
	const c = createCipheriv('aes-128-cbc', Buffer.from(keyHex, 'hex'), Buffer.alloc(16, 0x23)).setAutoPadding(false);
	return Buffer.concat([c.update(clear), c.final()]).toString('hex').toUpperCase();
}

/** Writes an order of `rows` rows of this kind to `file`; returns its size in bytes. */
function writeOrder(kind: string, rows: number, file: string): number {
	const fd = openSync(file, 'w');
	let buffer = '';
	const flush = (force: boolean) => {
		if (buffer.length > 1 << 20 || (force && buffer.length > 0)) {
			writeSync(fd, buffer);
			buffer = '';
		}
	};
	const order = kind.endsWith('shuffled') ? shuffled(rows) : undefined;
	const noId = kind.endsWith('noid');
	const format = kind.split('-')[0];
	const keys = 'ABCDEF0123456789ABCDEF0123456789';
	if (format === 'out') {
		buffer += [
			'***************************************',
			'*          HEADER DESCRIPTION',
			'***************************************',
			'Customer        : ExampleTel',
			`Quantity        : ${rows}`,
			'Type            : EXTEL_USIM_STD',
			'Batch           : 00000042',
			'Transport_key   : 1',
			'***************************************',
			'*          INPUT VARIABLES DESCRIPTION',
			'***************************************',
			'Var_In_List:',
			`Ser_nb: ${withLuhn('894901000000000000')}`,
			'IMSI: 262010000000000',
			'***************************************',
			'*          OUTPUT VARIABLES DESCRIPTION',
			'***************************************',
			`var_out: ${noId ? '' : 'ICCID/IMSI/'}PIN1/PUK1/PIN2/PUK2/ADM1/KI/OPC/ACC/KIC1/KID1/KIK1`,
			''
		].join('\n');
	} else if (format === 'pysim') buffer += 'iccid,imsi,ki,opc,pin_adm\n';
	else buffer += `${noId ? '' : 'ICCID,IMSI,'}PIN1,PUK1,PIN2,PUK2,ADM1,KI,OPC,ACC,KIC1,KID1,KIK1\n`;
	const sep = format === 'out' ? ' ' : ',';
	for (let r = 0; r < rows; r++) {
		const i = order === undefined ? r : order[r];
		const serial = String(i).padStart(9, '0');
		const iccid = withLuhn(`894901000${serial}`);
		const imsi = `262010${serial}`;
		const key = keys.slice(0, 23) + serial;
		if (format === 'pysim') {
			buffer += `${iccid},${imsi},${encrypt(KI_KEY, Buffer.from(key, 'hex'))},${encrypt(OPC_KEY, Buffer.from(key, 'hex'))},88888888\n`;
		} else {
			buffer += [...(noId ? [] : [iccid, imsi]), '1234', '12345678', '5678', '87654321', '88888888', key, key, '0001', key, key, key].join(sep) + '\n';
		}
		flush(false);
	}
	flush(true);
	closeSync(fd);
	return statSync(file).size;
}

interface ChildResult {
	rows: number;
	accepted: number;
	rejected: number;
	seconds: number;
	baseline: number;
	peak: number;
}

/** In the child: warm up on a small order, then stream the file through openOrder and report. */
async function child(file: string, kind: string): Promise<void> {
	const { openOrder, parseColumnKey } = await import('../src/lib/batch/index');
	const options = kind.startsWith('pysim') ? { columnKeys: [parseColumnKey(`KI:${KI_KEY}`), parseColumnKey(`OPC:${OPC_KEY}`)] } : {};
	const drain = async (source: Parameters<typeof openOrder>[0]) => {
		const order = await openOrder(source, options);
		const batches = order.batches();
		let rows = 0;
		for (;;) {
			const next = await batches.next();
			if (next.done === true) return { summary: next.value, rows };
			rows += next.value.rows.length;
		}
	};
	const warm = join(file, '..', `warm-${kind}`);
	writeOrder(kind, 2000, warm);
	await drain(createReadStream(warm, { highWaterMark: 1 << 16 }));
	const baseline = process.resourceUsage().maxRSS * 1024;
	const start = process.hrtime.bigint();
	const { summary, rows } = await drain(createReadStream(file, { highWaterMark: 1 << 16 }));
	const seconds = Number(process.hrtime.bigint() - start) / 1e9;
	const result: ChildResult = { rows: summary.rows, accepted: rows, rejected: summary.rejectedRows, seconds, baseline, peak: process.resourceUsage().maxRSS * 1024 };
	process.stdout.write(JSON.stringify(result));
}

async function main(): Promise<void> {
	const sizes = option('--rows', process.env.BENCH_ORDER_ROWS ?? '100000,1000000').split(',').map(Number);
	const kinds = option('--kinds', 'csv,out,pysim,csv-shuffled,csv-noid').split(',');
	const dir = mkdtempSync(join(tmpdir(), 'pstudio-orders-bench-'));
	const self = fileURLToPath(import.meta.url);
	console.log(`orders: openOrder over a file read stream (64 KiB chunks), one child process per run; node ${process.version}`);
	console.log('kind            rows       file MiB   rows/s     RSS before  peak RSS   rejected');
	try {
		for (const kind of kinds) {
			const peaks: number[] = [];
			for (const rows of sizes) {
				const file = join(dir, `${kind}-${rows}`);
				const bytes = writeOrder(kind, rows, file);
				const run = spawnSync(process.execPath, ['--import', 'tsx', self, '--child', file, kind], { encoding: 'utf8', maxBuffer: 1 << 20 });
				if (run.status !== 0) throw new Error(`child for ${kind} ${rows} failed: ${run.stderr}`);
				const r = JSON.parse(run.stdout) as ChildResult;
				if (r.rows !== rows || r.accepted !== rows) throw new Error(`${kind} ${rows}: read ${r.rows} rows, ${r.accepted} accepted (${r.rejected} set aside)`);
				peaks.push(r.peak);
				console.log(
					`${kind.padEnd(15)} ${String(rows).padStart(9)}  ${(bytes / MIB).toFixed(1).padStart(8)}  ${Math.round(rows / r.seconds)
						.toLocaleString('en')
						.padStart(9)}  ${(r.baseline / MIB).toFixed(1).padStart(8)} MiB ${(r.peak / MIB).toFixed(1).padStart(7)} MiB ${String(r.rejected).padStart(6)}`
				);
				rmSync(file);
			}
			if (sizes.length > 1) {
				const growth = (peaks[peaks.length - 1] - peaks[0]) / MIB;
				console.log(`${kind.padEnd(15)} peak RSS growth ${sizes[0].toLocaleString('en')} → ${sizes[sizes.length - 1].toLocaleString('en')} rows: ${growth.toFixed(1)} MiB`);
			}
		}
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

if (process.argv[2] === '--child') await child(process.argv[3], process.argv[4]);
else await main();
