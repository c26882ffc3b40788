// Chunk boundaries never change the result: the same order cut anywhere — as text, or as UTF-8 bytes cut inside a
// multi-byte character or the BOM — gives the same header, rows, rejections, summary and refusal as in one piece.
// Also: the CSV tokenizer agrees with csv-parse (an independent implementation) on well-formed CSV.
import { createCipheriv } from 'node:crypto';
import { parse as csvParse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OrderParser, parseColumnKey, readWholeOrder, type OrderOptions, type OrderSource } from '../../../../src/lib/batch';
import { CsvReader, type CsvDelimiter } from '../../../../src/lib/batch/orders/csv';
import { csvOrder, outOrder, withLuhn } from './arbitraries';
import { shown } from './helpers';

/** Everything a reader gives, as comparable data; `consumed` differs between bytes and text by design. */
async function outcome(source: OrderSource, options: OrderOptions = {}): Promise<unknown> {
	try {
		const order = await readWholeOrder(source, options);
		const { consumed: _consumed, ...summary } = order.summary;
		return {
			header: { ...order.header, byKey: [...order.header.byKey.keys()] },
			rows: order.rows.map((r) => [r.line, r.row, ...shown(r)]),
			rejections: order.rejections,
			summary: { ...summary, header: undefined },
			error: order.error?.message
		};
	} catch (e) {
		return { thrown: (e as Error).message };
	}
}

/** The text cut at the given fractions, as strings or as UTF-8 bytes. */
function cut(text: string, at: number[], bytes: boolean): (string | Uint8Array)[] {
	const whole = bytes ? new TextEncoder().encode(text) : text;
	const points = [...new Set(at.map((f) => Math.floor(f * whole.length)))].sort((a, b) => a - b);
	const out: (string | Uint8Array)[] = [];
	let from = 0;
	for (const p of [...points, whole.length]) {
		out.push(whole.slice(from, p));
		from = p;
	}
	return out;
}

const cuts = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 12 });

describe('chunk boundaries', () => {
	it('CSV orders: text or bytes cut anywhere give what the whole text gives', async () => {
		await fc.assert(
			fc.asyncProperty(csvOrder, cuts, fc.boolean(), async ({ text }, at, bytes) => {
				expect(await outcome(cut(text, at, bytes))).toEqual(await outcome(text));
			}),
			{ numRuns: 300 }
		);
	});

	it('vendor .out orders: text or bytes cut anywhere give what the whole text gives', async () => {
		await fc.assert(
			fc.asyncProperty(outOrder, cuts, fc.boolean(), async ({ text }, at, bytes) => {
				expect(await outcome(cut(text, at, bytes))).toEqual(await outcome(text));
			}),
			{ numRuns: 300 }
		);
	});

	it('pySim encrypted orders: cut anywhere, the same clear values', async () => {
		const key = '00112233445566778899AABBCCDDEEFF';
		const encrypt = (clearHex: string) => {
			const c = createCipheriv('aes-128-cbc', Buffer.from(key, 'hex'), Buffer.alloc(16, 0x23)).setAutoPadding(false);
			return Buffer.concat([c.update(Buffer.from(clearHex, 'hex')), c.final()]).toString('hex');
		};
		const options = { columnKeys: [parseColumnKey(`KI:${key}`)] };
		await fc.assert(
			fc.asyncProperty(
				fc.array(fc.tuple(fc.stringMatching(/^[0-9]{18}$/), fc.stringMatching(/^[0-9a-f]{32}$/)), { minLength: 1, maxLength: 6 }),
				cuts,
				fc.boolean(),
				async (rows, at, bytes) => {
					const text = `iccid,ki\r\n${rows.map(([p, ki]) => `${withLuhn(p)},${encrypt(ki)}`).join('\r\n')}\r\n`;
					const whole = await outcome(text, options);
					expect(await outcome(cut(text, at, bytes), options)).toEqual(whole);
				}
			),
			{ numRuns: 100 }
		);
	});

	it('the synchronous parser, fed one character at a time, gives what one push gives', () => {
		fc.assert(
			fc.property(fc.oneof(csvOrder, outOrder), ({ text }) => {
				const run = (chunks: string[]) => {
					const p = new OrderParser();
					const rows: unknown[] = [];
					const rejections: unknown[] = [];
					let error: string | undefined;
					try {
						for (const c of chunks) p.push(c);
						p.end();
					} catch (e) {
						error = (e as Error).message;
					}
					const batch = p.take();
					for (const r of batch.rows) rows.push([r.line, ...shown(r)]);
					for (const r of batch.rejections) rejections.push(r.message);
					return { rows, rejections, error };
				};
				expect(run([...text])).toEqual(run([text]));
			}),
			{ numRuns: 200 }
		);
	});
});

describe('the CSV tokenizer against csv-parse', () => {
	/** Records (header included) as our tokenizer splits them. */
	function ours(text: string, delimiter: CsvDelimiter): string[][] {
		const records: string[][] = [];
		const reader = new CsvReader(
			{
				header: (names) => void records.push([...names]),
				row: (fields) => void records.push([...fields]),
				badRow: (line, _code, reason) => {
					throw new Error(`line ${line}: ${reason}`);
				},
				warn: () => undefined
			},
			delimiter
		);
		reader.push(text);
		reader.end();
		return records;
	}

	const field = fc.array(fc.constantFrom('a', 'B', '7', ' ', ',', ';', '\t', '"', '\r', '\n', 'ü', '€'), { maxLength: 8 }).map((c) => c.join(''));

	it('splits well-formed CSV into the records csv-parse finds (fields quoted as Python csv writes them)', () => {
		fc.assert(
			fc.property(
				fc.constantFrom<CsvDelimiter>(',', ';', '\t'),
				fc.array(fc.array(field, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 6 }),
				fc.constantFrom('\n', '\r\n'),
				(delimiter, records, eol) => {
					// A record of empty values is a blank row to our reader (a spreadsheet's ",,,"): keep one value.
					const kept = records.map((r) => (r.every((v) => v.trim() === '') ? ['x', ...r.slice(1)] : r));
					const text = kept.map((r) => r.map((v) => (/[,;\t"\r\n]|^\s|\s$/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)).join(delimiter)).join(eol) + eol;
					const theirs = csvParse(text, { delimiter, relax_column_count: true, record_delimiter: eol }) as string[][];
					expect(ours(text, delimiter)).toEqual(theirs);
				}
			),
			{ numRuns: 500 }
		);
	});
});
