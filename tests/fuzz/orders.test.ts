// Order files (issue 10), 110,000 cases per run over the three formats: CSV, vendor .out and pySim's encrypted CSV,
// generated (tests/unit/batch/orders/arbitraries.ts), mutated (inserted separators, quotes, banners, BOMs, cut
// and doubled spans), and random text or bytes. Each ends in rows and per-row rejections, or one OrderError —
// never another exception; every message is one short line that names its line, and never holds a secret.
// The per-case checks are plain conditions with one throw (expect() in a loop of 100k cases costs several times more).
import { createCipheriv } from 'node:crypto';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { OrderError, OrderParser, parseColumnKey, readWholeOrder, type OrderBatch, type OrderErrorCode } from '../../src/lib/batch';
import { csvOrder, outOrder, withLuhn } from '../unit/batch/orders/arbitraries';
import { FUZZ_SEED } from './seed';

const CODES: ReadonlySet<OrderErrorCode> = new Set<OrderErrorCode>([
	'not-an-order',
	'bad-header',
	'line-too-long',
	'bad-quantity',
	'quantity-mismatch',
	'bad-column-key',
	'bad-option',
	'field-count',
	'bad-quoting',
	'bad-value',
	'duplicate-iccid',
	'duplicate-imsi',
	'bad-ciphertext'
]);

function fail(what: string, input: string | Uint8Array): never {
	const shown = typeof input === 'string' ? JSON.stringify(input.slice(0, 400)) : `bytes ${Buffer.from(input.subarray(0, 200)).toString('hex')}`;
	throw new Error(`${what}\ninput: ${shown}`);
}

function checkLine(message: string, input: string | Uint8Array, secrets: readonly string[]): void {
	if (message.length === 0 || message.length > 600 || /[\r\n]/.test(message)) fail(`not one short line: ${JSON.stringify(message)}`, input);
	for (const s of secrets) if (message.includes(s)) fail(`a message repeats a secret: ${message}`, input);
}

/** Checks one outcome of the synchronous parser: rows, rejections, or one OrderError. */
function checkSync(chunks: readonly (string | Uint8Array)[], input: string | Uint8Array, secrets: readonly string[] = []): void {
	const parser = new OrderParser();
	let refused: OrderError | undefined;
	try {
		for (const c of chunks) parser.push(c);
		parser.end();
	} catch (e) {
		if (!(e instanceof OrderError)) fail(`not an OrderError: ${String(e)}`, input);
		refused = e;
	}
	if (refused !== undefined) {
		if (!CODES.has(refused.code)) fail(`unknown code ${refused.code}`, input);
		checkLine(refused.message, input, secrets);
	}
	const batch: OrderBatch = parser.take();
	const summary = parser.summary;
	for (const r of batch.rejections) {
		checkLine(r.message, input, secrets);
		if (!r.message.startsWith(`line ${r.line}`) || r.line < 1 || r.row < 1) fail(`a rejection without its place: ${r.message}`, input);
		if (summary !== undefined && r.line > summary.lines) fail(`line ${r.line} past the ${summary.lines} lines of the file`, input);
	}
	for (const row of batch.rows) if (row.line < 1 || row.values.length !== parser.header!.columns.length) fail(`a row out of shape at line ${row.line}`, input);
	if (summary !== undefined) {
		if (summary.rows !== summary.accepted + summary.rejectedRows) fail(`rows ${summary.rows} ≠ accepted ${summary.accepted} + set aside ${summary.rejectedRows}`, input);
		if (summary.accepted !== batch.rows.length) fail('the summary counts other rows than were given', input);
		for (const w of summary.warnings) checkLine(w.message, input, secrets);
	}
}

// Mutations that hit the readers' structure: separators, quotes, line breaks, banners, var lines, BOMs.
const TOKENS = ['"', '""', ',', ';', '\t', '\r', '\n', '\r\n', '*', '***', ':', 'var_out:', 'var_In:', '\uFEFF', ' ', 'F', '98', '€', '\u0000', 'Quantity : 9'];
const edits = fc.array(fc.tuple(fc.nat(), fc.nat(), fc.nat(5), fc.constantFrom(...TOKENS)), { minLength: 1, maxLength: 4 });

function mutate(text: string, list: readonly [number, number, number, string][]): string {
	let out = text;
	for (const [a, b, kind, token] of list) {
		const at = out.length === 0 ? 0 : a % (out.length + 1);
		const end = Math.min(out.length, at + (b % 40));
		if (kind === 0) out = out.slice(0, at) + token + out.slice(at);
		else if (kind === 1) out = out.slice(0, at) + out.slice(end);
		else if (kind === 2) out = out.slice(0, end) + out.slice(at, end) + out.slice(end);
		else if (kind === 3) out = out.slice(0, at) + token + out.slice(end);
		else if (kind === 4) out = out.slice(0, at);
		else out = token.repeat(1 + (b % 3)) + out;
	}
	return out;
}

/** One cut, so the chunk seams are fuzzed too. */
function halves(input: string | Uint8Array, f: number): (string | Uint8Array)[] {
	const at = Math.floor(f * input.length);
	return [input.slice(0, at), input.slice(at)];
}

describe('order files: a value or one order-level error', () => {
	// Generating an order costs more than reading it: part of the cases mutate orders drawn once from the run's seed.
	const csvPool = fc.sample(csvOrder, { numRuns: 1000, seed: FUZZ_SEED }).map((o) => o.text);
	const outPool = fc.sample(outOrder, { numRuns: 1000, seed: FUZZ_SEED ^ 0x5a5a }).map((o) => o.text);
	const cutAt = fc.double({ min: 0, max: 1, noNaN: true });

	it('CSV orders: 15,000 generated (half mutated), 30,000 mutations of a drawn pool', () => {
		fc.assert(
			fc.property(csvOrder, edits, fc.boolean(), cutAt, ({ text }, e, mutated, f) => {
				const input = mutated ? mutate(text, e) : text;
				checkSync(halves(input, f), input);
			}),
			{ numRuns: 15_000 }
		);
		fc.assert(
			fc.property(fc.nat(csvPool.length - 1), edits, cutAt, (k, e, f) => {
				const input = mutate(csvPool[k], e);
				checkSync(halves(input, f), input);
			}),
			{ numRuns: 30_000 }
		);
	});

	it('vendor .out files: 15,000 generated (half mutated), 30,000 mutations of a drawn pool', () => {
		fc.assert(
			fc.property(outOrder, edits, fc.boolean(), cutAt, ({ text }, e, mutated, f) => {
				const input = mutated ? mutate(text, e) : text;
				checkSync(halves(input, f), input);
			}),
			{ numRuns: 15_000 }
		);
		fc.assert(
			fc.property(fc.nat(outPool.length - 1), edits, cutAt, (k, e, f) => {
				const input = mutate(outPool[k], e);
				checkSync(halves(input, f), input);
			}),
			{ numRuns: 30_000 }
		);
	});

	it('random text and bytes (invalid UTF-8, UTF-16 BOMs) (8,000 cases)', () => {
		fc.assert(
			fc.property(
				fc.oneof(
					fc.string({ maxLength: 300, unit: 'binary' }),
					fc.uint8Array({ maxLength: 300 }),
					fc.uint8Array({ maxLength: 300 }).map((b) => Uint8Array.of(0xff, 0xfe, ...b)),
					fc.uint8Array({ maxLength: 300 }).map((b) => Uint8Array.of(0xef, 0xbb, 0xbf, ...b))
				),
				fc.double({ min: 0, max: 1, noNaN: true }),
				(input, f) => checkSync(halves(input, f), input)
			),
			{ numRuns: 8_000 }
		);
	});

	it('orders whose secrets carry a marker: no message repeats it, whatever is broken (7,000 cases)', () => {
		// PIN, PUK, ADM, KI and OPC hold the marker digits or hex, valid or one character off.
		const PIN = '73914682';
		const KEY = 'C0FFEE5EC0FFEE5EC0FFEE5EC0FFEE5E';
		const secrets = ['7391468', 'C0FFEE5E', '3739313436'];
		const row = fc.tuple(fc.stringMatching(/^[0-9]{18}$/).map(withLuhn), fc.constantFrom(PIN, `${PIN}9`, `${PIN.slice(0, 7)}X`, '37393134363832FF'), fc.constantFrom(KEY, KEY.slice(1), `${KEY}0`));
		fc.assert(
			fc.property(fc.array(row, { minLength: 1, maxLength: 5 }), fc.constantFrom('csv', 'out'), edits, fc.boolean(), (rows, format, e, mutated) => {
				const body = rows.map(([iccid, pin, key]) => (format === 'csv' ? `${iccid},${pin},${pin},${pin},${key},${key}` : `${iccid} ${pin} ${pin} ${pin} ${key} ${key}`));
				const text =
					format === 'csv'
						? `ICCID,PIN1,PUK1,ADM1,KI,OPC\n${body.join('\n')}\n`
						: `*HEADER DESCRIPTION\nQuantity : ${rows.length}\n*OUTPUT VARIABLES\nvar_out: ICCID/PIN1/PUK1/ADM1/KI/OPC\n${body.join('\n')}\n`;
				const input = mutated ? mutate(text, e) : text;
				checkSync([input], input, secrets);
			}),
			{ numRuns: 7_000 }
		);
	});

	it('pySim encrypted orders through openOrder, mutated (5,000 cases)', async () => {
		const key = '000102030405060708090A0B0C0D0E0F';
		const encrypt = (clear: Buffer) => {
			const c = createCipheriv('aes-128-cbc', Buffer.from(key, 'hex'), Buffer.alloc(16, 0x23)).setAutoPadding(false);
			return Buffer.concat([c.update(clear), c.final()]).toString('hex');
		};
		const options = { columnKeys: [parseColumnKey(`KI:${key}`), parseColumnKey(`UICC_SCP02:${key}`)] };
		await fc.assert(
			fc.asyncProperty(
				fc.array(fc.tuple(fc.stringMatching(/^[0-9]{18}$/).map(withLuhn), fc.uint8Array({ minLength: 16, maxLength: 16 }), fc.uint8Array({ minLength: 32, maxLength: 32 })), {
					minLength: 1,
					maxLength: 4
				}),
				edits,
				fc.boolean(),
				async (rows, e, mutated) => {
					const text = `iccid,ki,uicc_scp02_kic1\n${rows.map(([iccid, ki, kic]) => `${iccid},${encrypt(Buffer.from(ki))},${encrypt(Buffer.from(kic))}`).join('\n')}\n`;
					const input = mutated ? mutate(text, e) : text;
					try {
						const order = await readWholeOrder(input, options);
						for (const r of order.rejections) checkLine(r.message, input, [key]);
						if (order.error !== undefined) checkLine(order.error.message, input, [key]);
						if (!mutated && (order.rows.length !== rows.length || order.rejections.length > 0)) fail('a good encrypted order lost rows', input);
					} catch (err) {
						if (!(err instanceof OrderError)) fail(`not an OrderError: ${String(err)}`, input);
						checkLine(err.message, input, [key]);
					}
				}
			),
			{ numRuns: 5_000 }
		);
	});
});
