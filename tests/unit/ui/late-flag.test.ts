// LateFlag (src/lib/ui/analysis/late-flag.ts): the Document page marks its bytes as updating only when they have been
// out of date for a while, and unmarks them when they are current again — told once per change, never per keystroke.
import { describe, expect, it } from 'vitest';
import { LateFlag, type LateTimers } from '../../../src/lib/ui/analysis';

/** Timers on a clock the test moves. */
class Clock implements LateTimers {
	now = 0;
	#next = 1;
	#due = new Map<number, { at: number; callback: () => void }>();
	set(callback: () => void, ms: number): unknown {
		const id = this.#next++;
		this.#due.set(id, { at: this.now + ms, callback });
		return id;
	}
	clear(handle: unknown): void {
		this.#due.delete(handle as number);
	}
	advance(ms: number): void {
		this.now += ms;
		for (const [id, timer] of [...this.#due]) {
			if (timer.at > this.now) continue;
			this.#due.delete(id);
			timer.callback();
		}
	}
	get pending(): number {
		return this.#due.size;
	}
}

function flag(): { late: LateFlag; told: boolean[]; clock: Clock } {
	const clock = new Clock();
	const told: boolean[] = [];
	return { late: new LateFlag(300, (v) => told.push(v), clock), told, clock };
}

describe('LateFlag', () => {
	it('says nothing when the view is current again within the wait (an answer right after a keystroke)', () => {
		const { late, told, clock } = flag();
		late.update(true);
		clock.advance(60);
		late.update(false);
		clock.advance(1000);
		expect(told).toEqual([]);
		expect(late.late).toBe(false);
		expect(clock.pending).toBe(0);
	});

	it('marks the view once it has been out of date for the whole wait, counted from when it first was', () => {
		const { late, told, clock } = flag();
		late.update(true);
		clock.advance(200);
		// Still out of date (another keystroke before the answer): the clock is not restarted.
		late.update(true);
		clock.advance(99);
		expect(told).toEqual([]);
		clock.advance(1);
		expect(told).toEqual([true]);
		expect(late.late).toBe(true);
		late.update(true);
		clock.advance(1000);
		expect(told).toEqual([true]);
	});

	it('unmarks it when current again, and starts a new wait the next time', () => {
		const { late, told, clock } = flag();
		late.update(true);
		clock.advance(300);
		late.update(false);
		expect(told).toEqual([true, false]);
		late.update(true);
		clock.advance(299);
		late.update(false);
		expect(told).toEqual([true, false]);
	});

	it('tells nothing after dispose (the page left while a wait ran)', () => {
		const { late, told, clock } = flag();
		late.update(true);
		late.dispose();
		clock.advance(1000);
		expect(told).toEqual([]);
	});
});
