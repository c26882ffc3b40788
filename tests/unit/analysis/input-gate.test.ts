import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createInputGate, holdForInput, MAX_PAUSE_MS, pauseWhileHeld, type InputGate } from '../../../src/lib/ui/analysis/input-gate';
import { fakeWindow } from './fake-window';

const isolated = globalThis as { crossOriginIsolated?: boolean };

afterEach(() => {
	delete isolated.crossOriginIsolated;
	vi.useRealTimers();
});

function gate(): InputGate {
	isolated.crossOriginIsolated = true;
	const g = createInputGate();
	if (g === undefined) throw new Error('no gate on an isolated page');
	return g;
}

const held = (g: InputGate): number => Atomics.load(new Int32Array(g.buffer), 0);

describe('the input gate: the analysis worker sleeps while the page draws a keystroke', () => {
	it('exists only where the page may share memory with its worker (cross-origin isolated)', () => {
		expect(createInputGate()).toBeUndefined();
		isolated.crossOriginIsolated = false;
		expect(createInputGate()).toBeUndefined();
		isolated.crossOriginIsolated = true;
		expect(createInputGate()?.buffer.byteLength).toBe(4);
	});

	it('a pause point returns at once when the flag is not held, and sleeps at most maxMs while it is', () => {
		const g = gate();
		const pause = pauseWhileHeld(g.buffer, 40);
		let start = performance.now();
		pause();
		expect(performance.now() - start).toBeLessThan(20);
		g.hold();
		start = performance.now();
		pause();
		// Atomics.wait's timeout: never less than asked (less 1 ms of clock rounding), so a held flag cannot starve the analysis.
		expect(performance.now() - start).toBeGreaterThanOrEqual(39);
		expect(MAX_PAUSE_MS).toBeLessThanOrEqual(50);
	});

	it('a worker asleep at a pause point wakes when the page releases the flag, not at its timeout', async () => {
		const g = gate();
		g.hold();
		// The waiter is TypeScript: the worker thread registers tsx's loader before importing it.
		const waiter = new URL('./gate-waiter.ts', import.meta.url).href;
		const code = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(waiter)}); })`;
		const worker = new Worker(code, { eval: true, workerData: { buffer: g.buffer, maxMs: 5000 } });
		try {
			const slept = await new Promise<number>((resolve, reject) => {
				worker.on('error', reject);
				worker.on('message', (m: unknown) => {
					if (m === 'waiting') setTimeout(() => g.release(), 50);
					else resolve(m as number);
				});
			});
			expect(slept).toBeGreaterThanOrEqual(30);
			expect(slept).toBeLessThan(2000);
		} finally {
			await worker.terminate();
		}
	});
});

describe('holdForInput: from a key’s first event until the frame that shows it is painted', () => {
	it('holds on keydown and releases once the next frame has been drawn', async () => {
		const g = gate();
		const w = fakeWindow();
		const undo = holdForInput(w.win, g);
		w.key('keydown');
		expect(held(g)).toBe(1);
		w.key('keypress');
		w.key('beforeinput');
		w.key('input');
		expect(w.frames).toHaveLength(1);
		await w.frame();
		expect(held(g)).toBe(0);
		undo();
	});

	it('an event that comes after the frame started is not in it: the hold lasts until the frame after', async () => {
		const g = gate();
		const w = fakeWindow();
		const undo = holdForInput(w.win, g);
		w.key('keydown');
		// The frame callback runs, then the character arrives before the frame is drawn (keydown and keypress are
		// two input events; a frame may come between them).
		for (const cb of w.frames.splice(0)) cb(performance.now());
		w.key('keypress');
		await new Promise((r) => setTimeout(r, 10));
		expect(held(g)).toBe(1);
		expect(w.frames).toHaveLength(1);
		await w.frame();
		expect(held(g)).toBe(0);
		undo();
	});

	it('where no frame comes (a hidden tab), the hold ends after 100 ms; the undo removes the listeners and releases', async () => {
		const g = gate();
		const w = fakeWindow();
		const undo = holdForInput(w.win, g);
		w.key('keydown');
		await new Promise((r) => setTimeout(r, 60));
		expect(held(g)).toBe(1);
		await new Promise((r) => setTimeout(r, 80));
		expect(held(g)).toBe(0);
		w.key('keydown');
		expect(held(g)).toBe(1);
		undo();
		expect(held(g)).toBe(0);
		w.key('keydown');
		expect(held(g)).toBe(0);
	});
});
