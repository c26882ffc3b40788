// Whether what a page shows has been out of date for longer than a moment: the Document page dims its bytes and shows
// "(updating…)" only then. At 5,000 lines an answer follows a keystroke within ~60 ms; marking the view at each
// keystroke and unmarking it at each answer (as a CSS transition with a delay did) changed the hex view's style twice a
// keystroke, and each change cost the page a frame of its own, in which the next keystroke then waited. Now the page's
// elements change only when an answer is really late (or was, and has come).

export interface LateTimers {
	set(callback: () => void, ms: number): unknown;
	clear(handle: unknown): void;
}

const realTimers: LateTimers = {
	set: (callback, ms) => setTimeout(callback, ms),
	clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>)
};

export class LateFlag {
	#late = false;
	#timer: unknown;

	constructor(
		/** How long a view may be out of date before it is marked. */
		private readonly ms: number,
		/** Told each time the mark goes on or off. */
		private readonly onChange: (late: boolean) => void,
		private readonly timers: LateTimers = realTimers
	) {}

	get late(): boolean {
		return this.#late;
	}

	/** The view became out of date (true: its clock starts, unless already running) or current again (false). */
	update(outOfDate: boolean): void {
		if (outOfDate) {
			if (this.#late || this.#timer !== undefined) return;
			this.#timer = this.timers.set(() => {
				this.#timer = undefined;
				this.#late = true;
				this.onChange(true);
			}, this.ms);
			return;
		}
		this.#stopClock();
		if (!this.#late) return;
		this.#late = false;
		this.onChange(false);
	}

	dispose(): void {
		this.#stopClock();
	}

	#stopClock(): void {
		if (this.#timer === undefined) return;
		this.timers.clear(this.#timer);
		this.#timer = undefined;
	}
}
