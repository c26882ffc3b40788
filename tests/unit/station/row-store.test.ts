// The station's packed rows (src/lib/batch/station/row-store.ts): every row comes back as the order reader gave it
// (text, missing values, secrets with their label and bytes), found by its ICCID, however many rows were added.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { OrderRow, OrderValue } from '../../../src/lib/batch';
import { RowStore } from '../../../src/lib/batch/station/row-store';
import { Secret } from '../../../src/lib/security/secret';

/** A value as the test compares it: a Secret by its label and bytes (its toJSON says only "ADM1 ****"). */
function plain(value: OrderValue | undefined): unknown {
	if (value === undefined || typeof value === 'string') return value;
	return { secret: value.label, bytes: [...value.reveal()] };
}

function plainRow(row: OrderRow): unknown {
	return { line: row.line, row: row.row, values: row.values.map(plain) };
}

const KI = Uint8Array.from([0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff]);

describe('RowStore', () => {
	it('gives back a row with text, a missing value, non-ASCII text and secrets, found by its key', () => {
		const store = new RowStore();
		const row: OrderRow = {
			line: 7,
			row: 5,
			values: ['8949010000000000008', undefined, 'Zoë — 東京', new Secret('ADM1', new TextEncoder().encode('20000000')), new Secret('KI', KI), '']
		};
		store.add('8949010000000000008', row);
		expect(store.size).toBe(1);
		const n = store.find('8949010000000000008');
		expect(n).toBe(0);
		expect(store.line(n)).toBe(7);
		expect(plainRow(store.row(n))).toEqual({
			line: 7,
			row: 5,
			values: [
				'8949010000000000008',
				undefined,
				'Zoë — 東京',
				{ secret: 'ADM1', bytes: [0x32, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30] },
				{ secret: 'KI', bytes: [...KI] },
				''
			]
		});
		expect(store.find('8949010000000000016')).toBe(-1);
		// A key that is a prefix of a stored one, or has it as a prefix, is another key.
		expect(store.find('894901000000000000')).toBe(-1);
		expect(store.find('89490100000000000081')).toBe(-1);
	});

	it('finds each of 50,000 rows after the table has grown many times, and lists the keys in the order added', () => {
		const store = new RowStore();
		const key = (i: number) => `89490${String(i).padStart(14, '0')}`;
		for (let i = 0; i < 50_000; i++) store.add(key(i), { line: i + 2, row: i + 1, values: [key(i), new Secret('ADM1', Uint8Array.of(i & 0xff, i >> 8))] });
		expect(store.size).toBe(50_000);
		for (const i of [0, 1, 1023, 1024, 2047, 2048, 31_337, 49_999]) {
			const n = store.find(key(i));
			expect(n).toBe(i);
			expect(plainRow(store.row(n))).toEqual({ line: i + 2, row: i + 1, values: [key(i), { secret: 'ADM1', bytes: [i & 0xff, i >> 8] }] });
		}
		expect(store.find(key(50_000))).toBe(-1);
		const keys = [...store.keys()];
		expect(keys.length).toBe(50_000);
		expect(keys[0]).toEqual({ key: key(0), rowIndex: 1 });
		expect(keys[49_999]).toEqual({ key: key(49_999), rowIndex: 50_000 });
	});

	it('keeps a value longer than a block (4 MiB) whole, and the rows around it', () => {
		const store = new RowStore();
		const long = 'x'.repeat((1 << 22) + 10);
		store.add('8949010000000000008', { line: 2, row: 1, values: ['a'] });
		store.add('8949010000000000016', { line: 3, row: 2, values: [long] });
		store.add('8949010000000000024', { line: 4, row: 3, values: ['c'] });
		expect(store.row(store.find('8949010000000000008')).values).toEqual(['a']);
		expect((store.row(store.find('8949010000000000016')).values[0] as string).length).toBe((1 << 22) + 10);
		expect(store.row(store.find('8949010000000000024')).values).toEqual(['c']);
	});

	it('refuses a key that is not short ASCII (an internal error: keys are ICCIDs)', () => {
		expect(() => new RowStore().add('', { line: 1, row: 1, values: [] })).toThrow('internal: a row key is 1 to 127 ASCII characters; found 0');
		expect(() => new RowStore().add('89490100000000000é', { line: 1, row: 1, values: [] })).toThrow('internal: a row key is 1 to 127 ASCII characters; found 18');
	});

	it('gives back any rows as they were added (property)', () => {
		const value = fc.oneof(
			fc.constant(undefined),
			fc.string({ unit: 'binary', maxLength: 40 }),
			fc.tuple(fc.constantFrom('ADM1', 'KI', 'OPC', 'PIN1'), fc.uint8Array({ maxLength: 40 })).map(([label, bytes]) => new Secret(label, bytes))
		);
		fc.assert(
			fc.property(fc.uniqueArray(fc.stringMatching(/^[0-9]{18,20}$/), { maxLength: 60 }), fc.array(fc.array(value, { maxLength: 6 }), { minLength: 60, maxLength: 60 }), (keys, values) => {
				const store = new RowStore();
				const rows: OrderRow[] = keys.map((_, i) => ({ line: 2 * i + 2, row: i + 1, values: values[i] }));
				keys.forEach((key, i) => store.add(key, rows[i]));
				expect(store.size).toBe(keys.length);
				keys.forEach((key, i) => expect(plainRow(store.row(store.find(key)))).toEqual(plainRow(rows[i])));
				expect([...store.keys()].map((k) => k.key)).toEqual(keys);
			}),
			{ numRuns: 200 }
		);
	});
});
