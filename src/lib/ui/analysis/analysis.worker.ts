// The analysis worker's entry (bundled by Vite from client.ts's `new Worker(new URL(...))`): every message is a
// request for handler.ts; its answers go back with their buffers transferred. While nothing is asked of it after
// it starts, it analyses a warm-up document a few times (warm-up.ts), one run per task so a request never waits
// for more than one run.
import { analyseNow, createAnalysisHandler } from './handler';
import { pauseWhileHeld } from './input-gate';
import { warmUpDocument } from './warm-up';

interface WorkerScope {
	postMessage(message: unknown, transfer: Transferable[]): void;
	onmessage: ((event: MessageEvent<unknown>) => void) | null;
}

const scope = self as unknown as WorkerScope;
// Between a request's findings and its encoding, one task turn: a `supersede` that came meanwhile is seen.
// The page's input gate, if it sent one (input-gate.ts): the handler pauses at its pause points while it is held.
let pause: (() => void) | undefined;
const handler = createAnalysisHandler((message, transfer) => scope.postMessage(message, transfer), {
	yieldToMessages: () => new Promise((resolve) => setTimeout(resolve, 0)),
	pause: () => pause?.()
});
let lastMessage = 0;
scope.onmessage = (event) => {
	const data: unknown = event.data;
	if (typeof data === 'object' && data !== null && (data as { type?: unknown }).type === 'gate') {
		const buffer = (data as { buffer?: unknown }).buffer;
		if (typeof SharedArrayBuffer !== 'undefined' && buffer instanceof SharedArrayBuffer && buffer.byteLength >= 4) pause = pauseWhileHeld(buffer);
		return;
	}
	handler.handle(data);
	lastMessage = performance.now();
};

const WARM_UP_RUNS = 12;
/** Quiet time before a warm-up run: the page's own requests come first. */
const QUIET_MS = 150;
const text = warmUpDocument();
let runs = 0;
function warmUp(): void {
	if (runs >= WARM_UP_RUNS) return;
	if (performance.now() - lastMessage < QUIET_MS) {
		setTimeout(warmUp, QUIET_MS);
		return;
	}
	// Both string-table settings: they take different paths through the encoder.
	analyseNow(text, { version: 3, stringTable: runs % 4 !== 3 });
	runs++;
	setTimeout(warmUp, 0);
}
setTimeout(warmUp, QUIET_MS);
