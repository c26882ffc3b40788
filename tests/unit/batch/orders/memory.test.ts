// Constant memory whatever the size (issue 10, Build 1): the peak RSS of a child process streaming 30,000 rows and
// one streaming 250,000 rows differ by little (a few MiB of garbage-collection timing, where each row kept would
// cost about 2.5 KiB, measured): nothing per row is kept but the duplicate index, which holds the ranges of a real
// order in a few bytes. bench/orders-bench.ts measures the same at 100,000 and 1,000,000 rows.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function peak(format: string, rows: number): { accepted: number; baseline: number; peak: number } {
	const out = execFileSync(process.execPath, ['--import', 'tsx', join(__dirname, 'memory-child.ts'), format, String(rows)], { encoding: 'utf8', timeout: 110_000 });
	return JSON.parse(out) as { accepted: number; baseline: number; peak: number };
}

const MIB = 1024 * 1024;

describe('memory', () => {
	for (const format of ['csv', 'out']) {
		it(`${format}: 250,000 rows peak within 24 MiB of 30,000 rows`, { timeout: 240_000 }, () => {
			const small = peak(format, 30_000);
			const large = peak(format, 250_000);
			expect([small.accepted, large.accepted]).toEqual([30_000, 250_000]);
			expect((large.peak - small.peak) / MIB).toBeLessThan(24);
		});
	}
});
