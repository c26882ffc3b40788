// Child process of memory.test.ts: streams a generated order of N rows (CSV or .out, ICCIDs and IMSIs as ranges)
// through openOrder, chunk by chunk as a file would come, and prints its peak RSS (getrusage) and the baseline
// peak taken after a warm-up order, as JSON on stdout. The order is generated as it is read: it is never whole.
import { openOrder } from '../../../../src/lib/batch';
import { withLuhn } from './arbitraries';

const format = process.argv[2];
const rows = Number(process.argv[3]);
const KEY = 'ABCDEF0123456789ABCDEF0123456789';

async function* order(n: number): AsyncGenerator<Uint8Array> {
	const encoder = new TextEncoder();
	let text =
		format === 'out'
			? `*HEADER DESCRIPTION\nQuantity : ${n}\n*OUTPUT VARIABLES\nvar_out: ICCID/IMSI/PIN1/PUK1/ADM1/KI/OPC/ACC/KIC1/KID1/KIK1\n`
			: 'ICCID,IMSI,PIN1,PUK1,ADM1,KI,OPC,ACC,KIC1,KID1,KIK1\n';
	const sep = format === 'out' ? ' ' : ',';
	for (let i = 0; i < n; i++) {
		const serial = String(i).padStart(9, '0');
		text += [withLuhn(`894901000${serial}`), `262010${serial}`, '1234', '12345678', '88888888', KEY, KEY, '0001', KEY, KEY, KEY].join(sep) + '\n';
		if (text.length > 1 << 16) {
			yield encoder.encode(text);
			text = '';
		}
	}
	yield encoder.encode(text);
}

async function drain(n: number): Promise<number> {
	const read = await openOrder(order(n));
	const batches = read.batches();
	let accepted = 0;
	for (;;) {
		const next = await batches.next();
		if (next.done === true) return accepted;
		accepted += next.value.rows.length;
	}
}

// Warm up long enough for the heap to reach its working size (young generation grown), so that the baseline holds
// the code and the heap, not the growth any order causes first.
await drain(30_000);
const baseline = process.resourceUsage().maxRSS * 1024;
const accepted = await drain(rows);
process.stdout.write(JSON.stringify({ accepted, baseline, peak: process.resourceUsage().maxRSS * 1024 }));
