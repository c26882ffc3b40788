// The plain progress lines of `batch export` (stderr not a terminal) and the disk spool of its closing files.
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PLAIN_EVERY_MS, startProgress } from '../../../src/cli/batch-progress';
import { FileSpool } from '../../../src/cli/batch-spool';
import { tempFolder } from './run-cli';

function collect(): { lines: string[]; io: { stdout: () => void; stderr: (t: string) => void } } {
	const lines: string[] = [];
	return { lines, io: { stdout: () => undefined, stderr: (t: string) => void lines.push(t) } };
}

describe('plain progress lines', () => {
	it('one line per PLAIN_EVERY_MS with rows, share of the file, rows/s, ETA and rejected', () => {
		let t = 0;
		const { lines, io } = collect();
		const progress = startProgress(io, 1000, { tty: false, quiet: false, now: () => t });
		t = 500;
		progress.update({ rows: 250, rejected: 0, consumed: 250 });
		expect(lines).toEqual([]);
		// 2 s in, half the file read: 1,000 rows / 2 s = 500 rows/s; the other half at that pace takes 2 s more.
		t = PLAIN_EVERY_MS;
		progress.update({ rows: 1000, rejected: 3, consumed: 500 });
		expect(lines).toEqual(['pstudio: batch: 1,000 rows (50%), 500 rows/s, ETA 2s, 3 rejected\n']);
		// Less than PLAIN_EVERY_MS after the last line: nothing.
		t = PLAIN_EVERY_MS + 1000;
		progress.update({ rows: 1500, rejected: 3, consumed: 750 });
		expect(lines).toHaveLength(1);
		// 80 s in, 1/8 read: ETA 80 × 7 = 560 s = 9m20s.
		t = 80_000;
		progress.update({ rows: 2000, rejected: 3, consumed: 125 });
		expect(lines[1]).toBe('pstudio: batch: 2,000 rows (12%), 25 rows/s, ETA 9m20s, 3 rejected\n');
		progress.stop();
		expect(lines).toHaveLength(2);
	});

	it('--quiet: nothing at all', () => {
		let t = 0;
		const { lines, io } = collect();
		const progress = startProgress(io, 10, { tty: false, quiet: true, now: () => t });
		t = 100_000;
		progress.update({ rows: 1, rejected: 0, consumed: 1 });
		progress.stop();
		expect(lines).toEqual([]);
	});
});

describe('FileSpool: closing files on disk, never seen in the folder', () => {
	it('gives back every byte appended, across 64 KiB pieces, and leaves no file behind', async () => {
		const { dir, cleanup } = tempFolder();
		try {
			const spool = new FileSpool(dir);
			// Unlinked at once: the folder is empty while the spool is in use.
			expect(readdirSync(dir)).toEqual([]);
			const line = 'file,iccid,imsi,sec,mac,sha256 é\n';
			let expected = '';
			for (let i = 0; i < 5000; i++) {
				spool.append(`${i},${line}`);
				expected += `${i},${line}`;
			}
			expect(spool.size).toBeGreaterThan(1 << 16);
			const chunks: Uint8Array[] = [];
			const reader = spool.stream().getReader();
			for (let r = await reader.read(); !r.done; r = await reader.read()) chunks.push(r.value);
			expect(Buffer.concat(chunks).toString('utf8')).toBe(expected);
			spool.close();
			expect(readdirSync(dir)).toEqual([]);
		} finally {
			cleanup();
		}
	});
});
