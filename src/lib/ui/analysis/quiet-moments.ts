// Changes of the page that no keystroke asked for — the analysis's answer for a long text, the "updating…" mark —
// wait, while keys keep coming, for the moment right after a keystroke's frame is painted: the next key is then
// furthest away. Applied when they came, at any moment between two keys, each was a frame of its own after which the
// browser's frame clock kept ticking, and a keystroke arriving then waited for its next tick (studio bench at 20,000
// lines, issue 9 (a)). When the keys pause (PAUSE_MS without one) a waiting change is applied; with no key in the
// last PAUSE_MS a change is applied at once.
import { watchKeystrokes } from './input-gate';

/** A text this long (about 12,000 lines) has its answers wait for a quiet moment; the editor hands it out at most
 *  every 250 ms (Editor.svelte), and a shorter one's answer (~30-60 ms at 5,000 lines) is shown as it comes. */
export const LONG_TEXT = 500_000;

const PAUSE_MS = 300;

export class QuietMoments {
	#lastInput = -Infinity;
	#waiting: (() => void)[] = [];
	#timer: ReturnType<typeof setTimeout> | undefined;
	readonly #undo: (() => void) | undefined;

	/** `target`: the window whose keys count (none on the server and in Node: every change is applied at once). */
	constructor(target: Window | undefined) {
		if (target !== undefined) this.#undo = watchKeystrokes(target, { input: () => this.#input(), painted: () => this.#flush() });
	}

	/** Applies `change` now if no key came in the last PAUSE_MS, else after the next keystroke's painted frame or once
	 *  the keys pause, whichever comes first; changes are applied in the order given. */
	run(change: () => void): void {
		if (this.#waiting.length === 0 && performance.now() - this.#lastInput >= PAUSE_MS) {
			change();
			return;
		}
		this.#waiting.push(change);
		this.#arm();
	}

	dispose(): void {
		this.#undo?.();
		this.#flush();
	}

	#input(): void {
		this.#lastInput = performance.now();
		if (this.#waiting.length > 0) this.#arm();
	}

	#arm(): void {
		clearTimeout(this.#timer);
		this.#timer = setTimeout(() => this.#flush(), Math.max(0, this.#lastInput + PAUSE_MS - performance.now()));
	}

	#flush(): void {
		clearTimeout(this.#timer);
		this.#timer = undefined;
		for (const change of this.#waiting.splice(0)) change();
	}
}
