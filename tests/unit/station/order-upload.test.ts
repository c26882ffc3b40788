// An order sent to the station in pieces (src/lib/server/station/order-upload.ts): the file the station reads is the
// bytes sent, with their SHA-256 as sha256sum computes it (GNU coreutils, the oracle: not our hash fed back), gone
// once released; every piece that does not fit where the upload stands is refused with its status and nothing appended.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RequestError } from '../../../src/lib/server/card-service/http';
import { ORDER_PIECE, OrderUploads } from '../../../src/lib/server/station/order-upload';
import { ORDER_MAX_BYTES } from '../../../src/lib/ui/batch/station-wire';

let dir = '';
beforeEach(() => {
	dir = mkdtempSync(join(tmpdir(), 'pstudio-upload-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function refusal(f: () => unknown): { status: number; message: string } {
	try {
		f();
	} catch (e) {
		if (e instanceof RequestError) return { status: e.status, message: e.message };
		throw e;
	}
	throw new Error('expected a RequestError');
}

function sha256sum(path: string): string {
	return execFileSync('sha256sum', ['--', path], { encoding: 'utf8' }).split(' ')[0];
}

const ORDER = Buffer.from(Array.from({ length: 20_000 }, (_, i) => `89490100000000${String(i).padStart(5, '0')},26201${String(i).padStart(10, '0')},${20000000 + i}\n`).join(''));

describe('an order sent in pieces', () => {
	it('holds the bytes sent with their SHA-256 (sha256sum), readable by the server alone, until released', () => {
		const uploads = new OrderUploads(() => dir);
		const { id, piece } = uploads.begin('bureau order.csv', ORDER.length);
		expect(piece).toBe(ORDER_PIECE);
		expect(ORDER.length).toBeGreaterThan(2 * piece);
		for (let at = 0; at < ORDER.length; at += piece) expect(uploads.append(id, at, ORDER.subarray(at, at + piece))).toEqual({ received: Math.min(ORDER.length, at + piece), size: ORDER.length });
		const order = uploads.take(id);
		const expected = execFileSync('sha256sum', { input: ORDER, encoding: 'utf8' }).split(' ')[0];
		expect(order.identity).toBe(expected);
		expect(order.name).toBe('bureau order.csv');
		expect(order.size).toBe(ORDER.length);
		expect(order.path).toBe(join(dir, `upload-${id}.part`));
		expect(sha256sum(order.path)).toBe(expected);
		expect(readFileSync(order.path).equals(ORDER)).toBe(true);
		expect(statSync(order.path).mode & 0o777).toBe(0o600);
		// Taken once: the id is gone.
		expect(refusal(() => uploads.take(id)).status).toBe(404);
		// Read by its start: the ADM1s and Ki in it leave the disk.
		uploads.release(order);
		expect(readdirSync(dir)).toEqual([]);
	});

	it('gives the same order sent twice two files, each its own start releases', () => {
		const uploads = new OrderUploads(() => dir);
		const taken = [0, 1].map(() => {
			const { id } = uploads.begin('o.csv', 10);
			uploads.append(id, 0, Buffer.from('ICCID,IMSI'));
			return uploads.take(id);
		});
		expect(taken[0].identity).toBe(taken[1].identity);
		expect(taken[0].path).not.toBe(taken[1].path);
		uploads.release(taken[0]);
		expect(readFileSync(taken[1].path, 'utf8')).toBe('ICCID,IMSI');
		uploads.release(taken[1]);
		expect(readdirSync(dir)).toEqual([]);
	});

	it('refuses a piece at another offset than where the upload stands, one past the size, and an empty one', () => {
		const uploads = new OrderUploads(() => dir);
		const { id } = uploads.begin('o.csv', 10);
		uploads.append(id, 0, Buffer.from('ICCID,'));
		// Sent twice (a retry after a lost answer): the upload has 6 bytes, nothing is appended again.
		expect(refusal(() => uploads.append(id, 0, Buffer.from('ICCID,')))).toEqual({ status: 409, message: 'offset 0: the upload has 6 bytes; send the piece that starts there' });
		expect(refusal(() => uploads.append(id, 8, Buffer.from('x')))).toEqual({ status: 409, message: 'offset 8: the upload has 6 bytes; send the piece that starts there' });
		expect(refusal(() => uploads.append(id, 6, Buffer.from('IMSI\n')))).toEqual({ status: 400, message: 'the piece ends at byte 11, past the 10 bytes the upload began with' });
		expect(refusal(() => uploads.append(id, 6, new Uint8Array(0)))).toEqual({ status: 400, message: 'the piece is empty' });
		expect(refusal(() => uploads.take(id))).toEqual({ status: 409, message: 'the order is not all there: 6 of 10 bytes received' });
		uploads.append(id, 6, Buffer.from('IMSI'));
		expect(readFileSync(uploads.take(id).path, 'utf8')).toBe('ICCID,IMSI');
	});

	it('refuses an unknown id, a size that is not a whole positive number or over the limit, and a name with control characters', () => {
		const uploads = new OrderUploads(() => dir);
		expect(refusal(() => uploads.append('0'.repeat(32), 0, Buffer.from('x'))).status).toBe(404);
		expect(refusal(() => uploads.append('../../etc/passwd', 0, Buffer.from('x'))).status).toBe(404);
		expect(refusal(() => uploads.begin('o.csv', 0))).toEqual({ status: 400, message: "size must be the order file's size in bytes, a whole number from 1" });
		expect(refusal(() => uploads.begin('o.csv', 1.5)).status).toBe(400);
		expect(refusal(() => uploads.begin('o.csv', ORDER_MAX_BYTES + 1))).toEqual({ status: 413, message: `the order is ${ORDER_MAX_BYTES + 1} bytes: the station takes orders of at most ${ORDER_MAX_BYTES} bytes` });
		expect(refusal(() => uploads.begin('o\n.csv', 5)).status).toBe(400);
		expect(refusal(() => uploads.begin('', 5)).status).toBe(400);
		expect(readdirSync(dir)).toEqual([]);
	});

	it('keeps two uploads at most (a third drops the one written to least recently) and drops one idle for 15 minutes', () => {
		let now = 0;
		const uploads = new OrderUploads(() => dir, () => now);
		const a = uploads.begin('a.csv', 4);
		now = 10;
		const b = uploads.begin('b.csv', 4);
		now = 20;
		uploads.append(a.id, 0, Buffer.from('ab'));
		now = 30;
		const c = uploads.begin('c.csv', 4);
		// b was written to least recently (at its begin, 10): dropped, its file removed.
		expect(refusal(() => uploads.append(b.id, 0, Buffer.from('x'))).status).toBe(404);
		expect(readdirSync(dir).sort()).toEqual([`upload-${a.id}.part`, `upload-${c.id}.part`].sort());
		now = 30 + 15 * 60 * 1000 + 1;
		uploads.append(c.id, 0, Buffer.from('cd'));
		uploads.begin('d.csv', 4);
		// a had no piece for more than 15 minutes: dropped when d began; c was written to just now.
		expect(refusal(() => uploads.append(a.id, 2, Buffer.from('cd'))).status).toBe(404);
		expect(existsSync(join(dir, `upload-${a.id}.part`))).toBe(false);
		expect(uploads.append(c.id, 2, Buffer.from('ef'))).toEqual({ received: 4, size: 4 });
	});

	it('removes the pieces another server process left and the orders earlier versions kept (idle 15 minutes), and nothing else', () => {
		const stray = join(dir, `upload-${'ab'.repeat(16)}.part`);
		const recent = join(dir, `upload-${'cd'.repeat(16)}.part`);
		const other = join(dir, 'upload-notes.txt');
		// An earlier version kept each order as <16 hex digits of its SHA-256>-<name>, next to its ledger's files.
		const kept = join(dir, '0123456789abcdef-bureau_order.csv');
		const ledgers = ['', '-wal', '-shm', '-journal'].map((suffix) => `${kept}.ledger.sqlite${suffix}`);
		for (const f of [stray, recent, other, kept, ...ledgers]) writeFileSync(f, 'x');
		const hourAgo = new Date(Date.now() - 60 * 60 * 1000);
		for (const f of [stray, other, kept, ...ledgers]) utimesSync(f, hourAgo, hourAgo);
		const { id } = new OrderUploads(() => dir).begin('o.csv', 4);
		expect(readdirSync(dir).sort()).toEqual([`upload-${'cd'.repeat(16)}.part`, `upload-${id}.part`, 'upload-notes.txt', ...ledgers.map((f) => f.slice(dir.length + 1))].sort());
	});

	it('leaves a taken order being read alone however long its start reads it', () => {
		let now = 0;
		const uploads = new OrderUploads(() => dir, () => now);
		const { id } = uploads.begin('o.csv', 4);
		uploads.append(id, 0, Buffer.from('abcd'));
		const order = uploads.take(id);
		const hourAgo = new Date(Date.now() - 60 * 60 * 1000);
		utimesSync(order.path, hourAgo, hourAgo);
		now = 60 * 60 * 1000;
		const next = uploads.begin('p.csv', 4);
		expect(readdirSync(dir).sort()).toEqual([`upload-${id}.part`, `upload-${next.id}.part`].sort());
		uploads.release(order);
		expect(readdirSync(dir)).toEqual([`upload-${next.id}.part`]);
	});

	it('answers 507 naming the station folder when it cannot take a file (here a path through a plain file)', () => {
		const file = join(dir, 'not-a-folder');
		writeFileSync(file, '');
		const uploads = new OrderUploads(() => join(file, 'station'));
		expect(refusal(() => uploads.begin('o.csv', 4))).toEqual({ status: 507, message: `the station folder ${join(file, 'station')} cannot take the order (ENOTDIR)` });
	});

	it('gives back any bytes cut into any pieces, and their sha256sum', () => {
		fc.assert(
			fc.property(fc.uint8Array({ minLength: 1, maxLength: 3000 }), fc.array(fc.integer({ min: 1, max: 700 }), { minLength: 1, maxLength: 20 }), (bytes, cuts) => {
				const uploads = new OrderUploads(() => dir);
				const { id } = uploads.begin('p.csv', bytes.length);
				let at = 0;
				for (let i = 0; at < bytes.length; i++) {
					const next = Math.min(bytes.length, at + cuts[i % cuts.length]);
					uploads.append(id, at, bytes.subarray(at, next));
					at = next;
				}
				const order = uploads.take(id);
				expect(readFileSync(order.path).equals(Buffer.from(bytes))).toBe(true);
				expect(order.identity).toBe(sha256sum(order.path));
				uploads.release(order);
			}),
			{ numRuns: 40 }
		);
	});
});
