import { describe, expect, it } from 'vitest';
import { QuietMoments } from '../../../src/lib/ui/analysis';
import { fakeWindow } from './fake-window';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('QuietMoments: changes no key asked for wait for the moment after a keystroke’s frame', () => {
	it('applies a change at once when no key came in the last 300 ms (and always where there is no window)', () => {
		const w = fakeWindow();
		const quiet = new QuietMoments(w.win);
		const done: string[] = [];
		quiet.run(() => done.push('a'));
		expect(done).toEqual(['a']);
		const server = new QuietMoments(undefined);
		server.run(() => done.push('b'));
		expect(done).toEqual(['a', 'b']);
		quiet.dispose();
	});

	it('while keys come, holds changes until the next keystroke’s frame is painted, in their order', async () => {
		const w = fakeWindow();
		const quiet = new QuietMoments(w.win);
		const done: string[] = [];
		w.key();
		await w.frame();
		quiet.run(() => done.push('findings'));
		quiet.run(() => done.push('bytes'));
		await sleep(20);
		expect(done).toEqual([]);
		w.key();
		expect(done).toEqual([]);
		await w.frame();
		expect(done).toEqual(['findings', 'bytes']);
		quiet.dispose();
	});

	it('when the keys pause, a held change is applied 300 ms after the last key', async () => {
		const w = fakeWindow();
		const quiet = new QuietMoments(w.win);
		w.key();
		const keyAt = performance.now();
		await w.frame();
		let appliedAt = 0;
		quiet.run(() => (appliedAt = performance.now() - keyAt));
		await sleep(200);
		expect(appliedAt).toBe(0);
		await sleep(150);
		expect(appliedAt).toBeGreaterThanOrEqual(295);
		quiet.dispose();
	});

	it('a key whose frame never comes (a hidden tab) lets a held change go 100 ms after it; dispose applies what waits', async () => {
		const w = fakeWindow();
		const quiet = new QuietMoments(w.win);
		const done: string[] = [];
		w.key();
		await w.frame();
		quiet.run(() => done.push('held'));
		w.key();
		await sleep(60);
		expect(done).toEqual([]);
		await sleep(70);
		expect(done).toEqual(['held']);
		w.key();
		quiet.run(() => done.push('at dispose'));
		quiet.dispose();
		expect(done).toEqual(['held', 'at dispose']);
	});
});
