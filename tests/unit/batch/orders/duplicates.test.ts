// The duplicate index (duplicates.ts) against a plain Map: runs of consecutive values on consecutive lines,
// jumps, repeats, keys across the 10^9 boundary of the low part — the same first line for every key.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KeyIndex, iccidKey, imsiKey } from '../../../../src/lib/batch/orders/duplicates';

describe('KeyIndex', () => {
	it('answers as a Map of every key seen would, runs or not', () => {
		// A walk: each step continues the range, jumps to a random key, or repeats an earlier key; lines mostly +1.
		// Mostly +1 (so runs pass RUN_MIN and are kept as runs), with jumps, repeats and line gaps.
		const step = fc.tuple(fc.nat(99), fc.nat(1_000), fc.nat(60), fc.nat(600));
		fc.assert(
			fc.property(fc.array(step, { minLength: 100, maxLength: 600 }), fc.constantFrom(0, 999_999_990), (steps, base) => {
				const index = new KeyIndex(4);
				const reference = new Map<string, number>();
				const seen: [number, number][] = [];
				let high = 5;
				let low: number = base;
				let line = 1;
				for (const [kind, jump, lineGap, back] of steps) {
					if (kind < 94) low += 1;
					else if (kind < 97) {
						high = 5 + (jump % 3);
						low = (base + jump * 7) % 1e9;
					} else if (seen.length > 0) [high, low] = seen[seen.length - 1 - (back % seen.length)];
					if (low >= 1e9) {
						low -= 1e9;
						high += 4;
					}
					line += lineGap === 0 ? 2 : 1;
					const key = `${high}:${low}`;
					const expected = reference.get(key) ?? 0;
					if (expected === 0) reference.set(key, line);
					expect(index.firstLineOrAdd(high, low, line)).toBe(expected);
					seen.push([high, low]);
				}
				// Then every key again, from wherever it was kept (the open run, a closed run, the hash table).
				for (const [h, l] of seen) expect(index.firstLineOrAdd(h, l, 1e6)).toBe(reference.get(`${h}:${l}`));
			}),
			{ numRuns: 300 }
		);
	});

	it('holds a sequential order of 100,000 ICCIDs and IMSIs in a few bytes', () => {
		const iccids = new KeyIndex();
		const imsis = new KeyIndex();
		let answers = 0;
		for (let i = 0; i < 100_000; i++) {
			// Payloads 89490100000 + 8 digits; the check digit is left at 0: the key ignores it.
			const [h, l] = iccidKey(`89490100000${String(i).padStart(8, '0')}0`);
			const [ih, il] = imsiKey(`26201${String(i).padStart(10, '0')}`);
			answers += iccids.firstLineOrAdd(h, l, i + 2) + imsis.firstLineOrAdd(ih, il, i + 2);
		}
		expect(answers).toBe(0);
		expect(iccids.bytes).toBeLessThan(2048);
		expect(imsis.bytes).toBeLessThan(2048);
		// Card 5000 of the range was on line 5002; a payload past the range is new.
		expect(iccids.firstLineOrAdd(...iccidKey('89490100000000050000'), 200_000)).toBe(5002);
		expect(iccids.firstLineOrAdd(...iccidKey('89490100001000000000'), 200_001)).toBe(0);
		expect(imsis.firstLineOrAdd(...imsiKey('262010000099999'), 200_002)).toBe(100_001);
	});

	it('keeps leading zeros and lengths apart', () => {
		const index = new KeyIndex();
		for (const [digits, line] of [
			['001010000000001', 1],
			['01010000000001', 2],
			['1010000000001', 3]
		] as const) {
			const [h, l] = imsiKey(digits);
			expect(index.firstLineOrAdd(h, l, line)).toBe(0);
		}
		const a = new KeyIndex();
		const [h18, l18] = iccidKey('894901000000000014');
		const [h19, l19] = iccidKey('0894901000000000014');
		expect(a.firstLineOrAdd(h18, l18, 1)).toBe(0);
		expect(a.firstLineOrAdd(h19, l19, 2)).toBe(0);
	});
});
