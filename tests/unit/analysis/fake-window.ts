// A window for the keystroke watcher's tests (input-gate, quiet-moments): its key events and its frames in the
// test's hands.
export function fakeWindow() {
	const target = new EventTarget() as EventTarget & { requestAnimationFrame(cb: FrameRequestCallback): number };
	const frames: FrameRequestCallback[] = [];
	target.requestAnimationFrame = (cb) => frames.push(cb);
	/** Runs the frame callbacks waiting now, then lets the tasks they posted run. */
	const frame = async () => {
		for (const cb of frames.splice(0)) cb(performance.now());
		await new Promise((r) => setTimeout(r, 10));
	};
	return { win: target as unknown as Window, frames, frame, key: (type = 'keydown') => target.dispatchEvent(new Event(type)) };
}
