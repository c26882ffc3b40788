// Batch export (issue 10, "Performance"): a generated order through the real CLI in a child process —
// `pstudio batch export --package manufacturer --sec NETWPIN` — rows/s and peak RSS (/usr/bin/time -v, "Maximum
// resident set size") at each size, so that 100k against 1M shows whether memory stays flat. In the same run, on a
// smaller order, the two ways people do it today, timed end to end:
//   loop   the shell loop: per row, bash fills the template (parameter expansion, no process), `xml2wbxml` encodes
//          it and `openssl dgst -sha1 -mac HMAC` computes the NETWPIN MAC with the key bash derives from the IMSI
//          (ProvBoot §5: parity nibble, IMSI digits, F pad, nibbles swapped): two process starts per row;
//   cli    `pstudio encode --out-dir` over the loop's XML files (one process), then `pstudio sign` per file.
// Both ratios are printed (target: batch ≥ 100× the shell loop). Everything is generated into a temporary folder
// (not committed) and removed at the end.
//   npx tsx bench/batch-bench.ts [--rows 100000,1000000] [--loop-rows 10000] [--sign-files 10000]
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { option } from './options';
import { withLuhn } from '../tests/fixtures/station/station-kit';

const MIB = 1024 * 1024;
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const LAUNCHER = join(ROOT, 'bin', 'pstudio.js');

const TEMPLATE = `<?xml version="1.0"?>
<!DOCTYPE wap-provisioningdoc PUBLIC "-//WAPFORUM//DTD PROV 1.0//EN" "http://www.wapforum.org/DTD/prov.dtd">
<wap-provisioningdoc version="1.0">
  <characteristic type="NAPDEF">
    <parm name="NAPID" value="NAP1"/>
    <parm name="BEARER" value="GSM-GPRS"/>
    <parm name="NAME" value="Device \${ICCID}"/>
    <parm name="NAP-ADDRESS" value="internet.example.com"/>
    <parm name="NAP-ADDRTYPE" value="APN"/>
  </characteristic>
</wap-provisioningdoc>
`;

/** ICCID,IMSI,MSISDN,PIN1 — ranges, as real orders are. */
function writeOrder(rows: number, file: string): number {
	const fd = openSync(file, 'w');
	let buffer = 'ICCID,IMSI,MSISDN,PIN1\n';
	for (let i = 0; i < rows; i++) {
		const n = String(i).padStart(9, '0');
		buffer += `${withLuhn(`894901${String(i).padStart(12, '0')}`)},262011${n},4917${n.slice(1)}0,${String(1000 + (i % 9000))}\n`;
		if (buffer.length > 1 << 20) {
			writeSync(fd, buffer);
			buffer = '';
		}
	}
	writeSync(fd, buffer);
	closeSync(fd);
	return statSync(file).size;
}

interface Run {
	seconds: number;
	peakMiB: number;
	code: number | null;
	stderr: string;
	stdout: string;
}

/** The CLI under /usr/bin/time -v: wall time measured here, peak RSS as the kernel counted it. */
function timed(args: readonly string[], cwd: string): Run {
	const start = performance.now();
	const r = spawnSync('/usr/bin/time', ['-v', process.execPath, LAUNCHER, ...args], { cwd, encoding: 'utf8', maxBuffer: 64 * MIB });
	const seconds = (performance.now() - start) / 1000;
	const kb = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr)?.[1];
	return { seconds, peakMiB: kb === undefined ? NaN : Number(kb) / 1024, code: r.status, stderr: r.stderr, stdout: r.stdout };
}

function fmt(n: number, digits = 0): string {
	return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

const LOOP = `#!/usr/bin/env bash
# The per-row shell loop: fill the template, xml2wbxml, openssl HMAC-SHA1 with the NETWPIN key of the row's IMSI.
set -euo pipefail
tpl=$(<template.xml)
mkdir -p loop
: > loop/macs.txt
while IFS=, read -r iccid imsi msisdn pin; do
  doc=\${tpl//'\${ICCID}'/$iccid}
  printf '%s\\n' "$doc" > "loop/$iccid.xml"
  xml2wbxml -o "loop/$iccid.wbxml" "loop/$iccid.xml" >/dev/null
  # ProvBoot §5 NETWPIN key: parity nibble (9 odd digit count, 1 even), the digits, F pad; each byte low nibble first.
  if (( \${#imsi} % 2 )); then nib="9$imsi"; else nib="1\${imsi}F"; fi
  key=""
  for (( k = 0; k < \${#nib}; k += 2 )); do key+="\${nib:k+1:1}\${nib:k:1}"; done
  mac=$(openssl dgst -sha1 -mac HMAC -macopt "hexkey:$key" -r "loop/$iccid.wbxml")
  printf '%s,%s\\n' "$iccid" "\${mac%% *}" >> loop/macs.txt
done < <(tail -n +2 "$1")
`;

const SIGN = `#!/usr/bin/env bash
# pstudio sign per file, after one pstudio encode --out-dir.
set -euo pipefail
: > cli/macs.txt
while IFS=, read -r iccid imsi msisdn pin; do
  mac=$(node "$2" sign "cli/$iccid.wbxml" --sec NETWPIN --imsi "$imsi")
  printf '%s,%s\\n' "$iccid" "$mac" >> cli/macs.txt
done < <(tail -n +2 "$1")
`;

function main(): void {
	const sizes = option('--rows', '100000,1000000')
		.split(',')
		.map((s) => Number(s.trim()))
		.filter((n) => n > 0);
	const loopRows = Number(option('--loop-rows', '10000'));
	const signFiles = Math.min(Number(option('--sign-files', String(loopRows))), loopRows);
	// tmpfs by default, as the cli part: the shell loop creates three files per row, and on this machine's ext4 a
	// create costs 0.1-0.5 ms of kernel time that swings between runs (BENCH_DIR to choose another place).
	const base = process.env.BENCH_DIR ?? (existsSync('/dev/shm') ? '/dev/shm' : tmpdir());
	const dir = mkdtempSync(join(base, 'pstudio-batch-bench-'));
	try {
		writeFileSync(join(dir, 'template.xml'), TEMPLATE);
		// The compiled CLI is built now, not inside the first timed run.
		spawnSync(process.execPath, [LAUNCHER, '--help'], { cwd: dir });

		console.log(`batch export: manufacturer package, NETWPIN, through the CLI in a child process (${process.platform}, node ${process.version})`);
		console.log('rows        order MiB  seconds   rows/s    peak RSS MiB  package MiB');
		const results: { rows: number; rate: number; peak: number }[] = [];
		for (const rows of sizes) {
			const order = join(dir, `order-${rows}.csv`);
			const bytes = writeOrder(rows, order);
			const out = join(dir, `package-${rows}.zip`);
			const run = timed(['batch', 'export', '--template', 'template.xml', '--orders', order, '--package', 'manufacturer', '--sec', 'NETWPIN', '--out', out, '--json'], dir);
			if (run.code !== 0) {
				console.log(`${String(rows).padEnd(11)} failed: exit ${run.code}: ${run.stderr.split('\n').filter((l) => l.startsWith('pstudio')).slice(0, 3).join(' | ')}`);
				continue;
			}
			const rate = rows / run.seconds;
			results.push({ rows, rate, peak: run.peakMiB });
			console.log(
				`${fmt(rows).padEnd(11)} ${fmt(bytes / MIB, 1).padStart(9)}  ${fmt(run.seconds, 2).padStart(7)}  ${fmt(rate).padStart(8)}  ${fmt(run.peakMiB, 1).padStart(12)}  ${fmt(statSync(out).size / MIB, 1).padStart(11)}`
			);
			rmSync(out, { force: true });
			rmSync(order, { force: true });
		}
		if (results.length >= 2) {
			const first = results[0];
			const last = results[results.length - 1];
			console.log(`peak RSS ${fmt(first.rows)} → ${fmt(last.rows)} rows: ${fmt(first.peak, 1)} → ${fmt(last.peak, 1)} MiB (${last.peak >= first.peak ? '+' : ''}${fmt(last.peak - first.peak, 1)} MiB)`);
		}

		// The same order, smaller, through today's tools.
		const small = join(dir, 'order-small.csv');
		writeOrder(loopRows, small);
		const batchSmall = timed(['batch', 'export', '--template', 'template.xml', '--orders', small, '--package', 'manufacturer', '--sec', 'NETWPIN', '--out', join(dir, 'small.zip')], dir);
		const batchRate = loopRows / batchSmall.seconds;
		writeFileSync(join(dir, 'loop.sh'), LOOP);
		let start = performance.now();
		const loop = spawnSync('bash', ['loop.sh', small], { cwd: dir, encoding: 'utf8' });
		const loopSeconds = (performance.now() - start) / 1000;
		if (loop.status !== 0) throw new Error(`the shell loop failed: ${loop.stderr}`);
		const loopRate = loopRows / loopSeconds;

		mkdirSync(join(dir, 'cli'));
		start = performance.now();
		const encode = spawnSync(process.execPath, [LAUNCHER, 'encode', 'loop', '--out-dir', 'cli'], { cwd: dir, encoding: 'utf8' });
		const encodeSeconds = (performance.now() - start) / 1000;
		if (encode.status !== 0) throw new Error(`pstudio encode failed: ${encode.stderr}`);
		const signOrder = join(dir, 'order-sign.csv');
		writeOrder(signFiles, signOrder);
		writeFileSync(join(dir, 'sign.sh'), SIGN);
		start = performance.now();
		const sign = spawnSync('bash', ['sign.sh', signOrder, LAUNCHER], { cwd: dir, encoding: 'utf8' });
		const signSeconds = (performance.now() - start) / 1000;
		if (sign.status !== 0) throw new Error(`pstudio sign failed: ${sign.stderr}`);
		// Per row: the encode share of one row plus one sign start (measured on signFiles files).
		const cliSecondsPerRow = encodeSeconds / loopRows + signSeconds / signFiles;
		const cliRate = 1 / cliSecondsPerRow;

		console.log('');
		console.log(`today's tools, ${fmt(loopRows)} rows (same template and order)       seconds   rows/s   batch ×`);
		console.log(`batch export (one process)                                 ${fmt(batchSmall.seconds, 2).padStart(7)}  ${fmt(batchRate).padStart(7)}   1`);
		console.log(`shell loop: xml2wbxml + openssl dgst per row              ${fmt(loopSeconds, 2).padStart(8)}  ${fmt(loopRate).padStart(7)}   ${fmt(batchRate / loopRate, 1)}`);
		console.log(
			`pstudio encode --out-dir (${fmt(loopRows)} files: ${fmt(encodeSeconds, 2)} s) + pstudio sign per file (${fmt(signFiles)} files: ${fmt(signSeconds, 2)} s)  ${fmt(cliRate).padStart(7)} rows/s   ${fmt(batchRate / cliRate, 1)}`
		);
		const best = results[results.length - 1];
		if (best !== undefined) {
			console.log('');
			console.log(`targets: ≥ 30,000 rows/s: ${fmt(best.rate)} at ${fmt(best.rows)} rows; < 300 MiB peak: ${fmt(best.peak, 1)} MiB; batch ≥ 100× the shell loop: ${fmt(batchRate / loopRate, 1)}× at ${fmt(loopRows)} rows (${fmt(best.rate / loopRate, 1)}× with the ${fmt(best.rows)}-row rate)`);
		}
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

main();
