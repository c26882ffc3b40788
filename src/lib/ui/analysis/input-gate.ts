// The analysis worker gives way to the page's keystrokes. On a machine with few cores the worker's encoding of a
// large document (~100 ms of CPU at 20,000 lines) ran at the same time as the next keystroke's event handling and
// frame, and the keystroke then took twice as long: the cores were shared between the page's main thread, the
// worker, the compositor and the raster and garbage-collector threads (studio bench, issue 9 (a): 9 of the 10
// slowest keystrokes at 20,000 lines had the worker running inside them, 14% of the others). So the page holds a
// flag from a key's first event until the frame that shows it is painted, and the worker, at its pause points
// (between the analysis steps and inside the encoder), sleeps while the flag is held — never longer than
// MAX_PAUSE_MS at one point, so typing without a break cannot starve the analysis.
//
// The flag is one Int32 in a SharedArrayBuffer, waited on with Atomics.wait (allowed in a worker, not on a page's
// main thread); that needs a cross-origin isolated page (COOP same-origin + COEP require-corp, which the studio's
// server sends: src/lib/server/http-hardening.ts). Where the page is not isolated there is no gate and the worker
// runs straight through, as before.

/** The most a worker sleeps at one pause point. */
export const MAX_PAUSE_MS = 40;

/** Where no frame comes (a hidden tab draws none), the hold ends after this. */
const RELEASE_AFTER_MS = 100;

/** The page's end of the gate. */
export interface InputGate {
	/** The shared flag, to send to the worker. */
	readonly buffer: SharedArrayBuffer;
	hold(): void;
	release(): void;
}

/** A gate, where the page may share memory with its worker (cross-origin isolated); else undefined. */
export function createInputGate(): InputGate | undefined {
	if (typeof SharedArrayBuffer === 'undefined' || (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated !== true) return undefined;
	const buffer = new SharedArrayBuffer(4);
	const flag = new Int32Array(buffer);
	return {
		buffer,
		hold: () => Atomics.store(flag, 0, 1),
		release: () => {
			Atomics.store(flag, 0, 0);
			Atomics.notify(flag, 0);
		}
	};
}

/** The worker's end: a function to call at each pause point. It returns at once unless the page holds the flag. */
export function pauseWhileHeld(buffer: SharedArrayBuffer, maxMs = MAX_PAUSE_MS): () => void {
	const flag = new Int32Array(buffer);
	return () => {
		if (Atomics.load(flag, 0) !== 0) Atomics.wait(flag, 0, 1, maxMs);
	};
}

/** The events that start a keystroke's work on the page (keypress: the character comes as its own input event). */
const INPUT_EVENTS = ['keydown', 'keypress', 'beforeinput', 'input'] as const;

export interface KeystrokeHandlers {
	/** A keyboard or input event: a keystroke's work starts (or goes on). */
	input(): void;
	/** A frame drawn after the last such event has been painted (or, where no frame comes, RELEASE_AFTER_MS passed). */
	painted(): void;
}

/** Calls `handlers.input` at each keyboard or input event in `target`, and `handlers.painted` once a frame drawn after
 *  the last one is painted. Returns the undo. */
export function watchKeystrokes(target: Window, handlers: KeystrokeHandlers): () => void {
	let pending = false;
	/** An event came after the frame being waited for had started: that frame does not show it. */
	let eventAfterFrame = false;
	let timer: ReturnType<typeof setTimeout> | undefined;
	const painted = () => {
		pending = false;
		clearTimeout(timer);
		handlers.painted();
	};
	const afterPaint = () => {
		if (!pending) return;
		if (eventAfterFrame) waitForFrame();
		else painted();
	};
	const waitForFrame = () => {
		target.requestAnimationFrame(() => {
			eventAfterFrame = false;
			// A task posted from the frame callback runs once the frame is drawn.
			const channel = new MessageChannel();
			channel.port1.onmessage = afterPaint;
			channel.port2.postMessage(null);
		});
	};
	const onInput = () => {
		handlers.input();
		eventAfterFrame = true;
		if (pending) return;
		pending = true;
		timer = setTimeout(painted, RELEASE_AFTER_MS);
		waitForFrame();
	};
	const options = { capture: true, passive: true };
	for (const type of INPUT_EVENTS) target.addEventListener(type, onInput, options);
	return () => {
		for (const type of INPUT_EVENTS) target.removeEventListener(type, onInput, options);
		if (pending) painted();
	};
}

/** Holds `gate` from each keyboard or input event in `target` until a frame drawn after the last one is painted.
 *  Returns the undo. */
export function holdForInput(target: Window, gate: InputGate): () => void {
	const undo = watchKeystrokes(target, { input: gate.hold, painted: gate.release });
	return () => {
		undo();
		gate.release();
	};
}
