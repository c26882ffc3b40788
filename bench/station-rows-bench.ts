// The order's rows held by `pstudio batch run` while the station writes cards: memory and time to take N rows of a
// five-column order (ICCID, IMSI, ADM1, KI, OPC, as a bureau's), packed (OrderRowSource over row-store.ts) against
// the previous version's way, a Map from ICCID to the reader's OrderRow objects. Each way in a fresh child process
// (node --expose-gc): the order read through openOrder from generated text chunks, rows held, then a full garbage
// collection and V8's heap used + array buffers (the packed blocks are array buffers) minus the same before reading.
//   npx tsx bench/station-rows-bench.ts [--rows 1000000]
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { CardRows, mapColumns, openOrder, type OrderRow } from '../src/lib/batch';
import { ledgerIccid } from '../src/lib/batch/ledger';
import { OrderRowSource } from '../src/lib/batch/station';
import { compileCpTemplate } from '../src/lib/documents/template';
import { option } from './options';

const ROWS = option('--rows', '1000000').split(',').map(Number);
const TEMPLATE = '<wap-provisioningdoc version="1.0"><characteristic type="NAPDEF"><parm name="NAME" value="Card ${ICCID}"/></characteristic></wap-provisioningdoc>';

/** ICCID 894901 + 12 digits + its Luhn digit (ITU-T E.118: double every second digit from the right). */
function iccid(i: number): string {
	const body = `894901${String(i).padStart(12, '0')}`;
	let sum = 0;
	for (let k = 0; k < body.length; k++) {
		let d = body.charCodeAt(body.length - 1 - k) - 48;
		if (k % 2 === 0) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
		sum += d;
	}
	return body + String((10 - (sum % 10)) % 10);
}

const hex32 = (n: number): string => n.toString(16).toUpperCase().padStart(32, '0');

function* orderText(rows: number): Generator<string> {
	yield 'ICCID,IMSI,ADM1,KI,OPC\n';
	let chunk = '';
	for (let i = 0; i < rows; i++) {
		chunk += `${iccid(i)},26201${String(i).padStart(10, '0')},${String(i % 1e8).padStart(8, '0')},${hex32(i * 7919)},${hex32(i * 104729)}\n`;
		if (chunk.length > 1 << 16) {
			yield chunk;
			chunk = '';
		}
	}
	yield chunk;
}

function used(): number {
	(globalThis as { gc?: () => void }).gc?.();
	const m = process.memoryUsage();
	return m.heapUsed + m.arrayBuffers;
}

async function child(kind: string, rows: number): Promise<void> {
	const compiled = compileCpTemplate(TEMPLATE);
	if (!compiled.ok) throw new Error('template');
	const before = used();
	const start = performance.now();
	const order = await openOrder(orderText(rows));
	const mapping = mapColumns(compiled.template.placeholders, order.header, []);
	const packed = new OrderRowSource(order.header, new CardRows(compiled.template, order.header, mapping, { require: ['iccid'] }));
	const objects = new Map<string, OrderRow>();
	for await (const batch of order.batches()) {
		for (const row of batch.rows) {
			if (kind === 'packed') packed.add(row);
			else objects.set(ledgerIccid(row.values[0] as string), row);
		}
	}
	const ms = performance.now() - start;
	const held = kind === 'packed' ? packed.size : objects.size;
	const bytes = used() - before;
	// Keeps both alive until measured.
	if (packed.size + objects.size !== held) throw new Error('rows lost');
	process.stdout.write(JSON.stringify({ kind, rows: held, ms, bytes }));
}

async function main(): Promise<void> {
	const kindAt = process.argv.indexOf('--child');
	if (kindAt >= 0) return child(process.argv[kindAt + 1], ROWS[0]);
	console.log(`station rows: an order's rows held by batch run, packed vs a Map of OrderRow objects (the previous version), Node ${process.version}`);
	const self = fileURLToPath(import.meta.url);
	for (const rows of ROWS) {
		const results: Record<string, { ms: number; bytes: number }> = {};
		for (const kind of ['objects', 'packed']) {
			const r = spawnSync(process.execPath, ['--expose-gc', '--max-old-space-size=8192', '--import', 'tsx', self, '--child', kind, '--rows', String(rows)], { encoding: 'utf8', maxBuffer: 1 << 20 });
			if (r.status !== 0) throw new Error(`${kind} child failed: ${r.stderr}`);
			results[kind] = JSON.parse(r.stdout);
			const { ms, bytes } = results[kind];
			console.log(`  ${String(rows).padStart(9)} rows  ${kind.padEnd(8)} ${(bytes / 2 ** 20).toFixed(0).padStart(6)} MiB  ${(bytes / rows).toFixed(0).padStart(5)} B/row  ${(rows / (ms / 1000)).toFixed(0).padStart(8)} rows/s`);
		}
		console.log(`  ${String(rows).padStart(9)} rows  objects/packed: memory ${(results.objects.bytes / results.packed.bytes).toFixed(1)}x, time ${(results.objects.ms / results.packed.ms).toFixed(2)}x`);
	}
}

await main();
