// The page's side of the analysis worker: the latest text wins. At most one request is with the worker; a text
// typed while it works becomes the one pending text, replacing any older pending one (never a queue of stale
// texts), and goes out when the worker answers. Only answers to the request with the worker are taken; a late,
// repeated or unknown answer is dropped, so what is shown never goes back to an older text. The running request's
// answers are shown even when a newer text waits (the page marks them out of date): dropping them too left the
// page blank for as long as someone typed faster than the document is analysed. But when a newer text waits, the
// client says so (a `supersede` request): the worker may then end the running request after its findings, and the
// newer text goes out without waiting for an encoding that would be stale when shown. Where no Worker exists (Node,
// tests) or the worker cannot start, the same handler runs in-process behind the same interface, its messages
// delivered as tasks as a worker's would be.
import { createAnalysisHandler } from './handler';
import { createInputGate, holdForInput } from './input-gate';
import type { AnalyseRequest, AnalysisOptions, AnalysisRequest, AnalysisResponse, DoneMessage } from './protocol';
import type { Finding } from '../../documents/provcont';

/** A channel to something that answers AnalysisRequests: the worker, the in-process handler, a test's fake. */
export interface AnalysisPort {
	/** Where the analysis runs: 'worker' (off the page's thread) or 'page' (in-process). */
	readonly thread: 'worker' | 'page';
	send(request: AnalysisRequest): void;
	/** `receive` gets each answer; `fail` is called when the other side cannot answer any more (it did not load). */
	listen(receive: (response: AnalysisResponse) => void, fail: (reason: string) => void): void;
	close(): void;
}

export interface AnalysisHandlers {
	/** Findings of `text` (parse + validate), before its encoding is ready; `id` is what analyse() returned. */
	findings(text: string, findings: Finding[], id: number): void;
	/** The final answer for `text` (result.id is what analyse() returned). */
	done(text: string, result: DoneMessage): void;
	/** The analysis of `text` threw (a bug in a library): its message. */
	failed?(text: string, message: string, id: number): void;
}

export class AnalysisClient {
	private seq = 0;
	private inFlight: AnalyseRequest | undefined;
	/** The request with the worker was told that a newer text waits. */
	private inFlightSuperseded = false;
	private pending: AnalyseRequest | undefined;
	private port: AnalysisPort;
	private closed = false;

	constructor(
		port: AnalysisPort,
		private readonly handlers: AnalysisHandlers,
		/** Where to go when `port` fails (the worker script did not load): the in-process handler by default. */
		private readonly fallback: () => AnalysisPort = inProcessPort,
		/** Told when the client moves to the fallback. */
		private readonly onThreadChange?: (thread: 'worker' | 'page') => void
	) {
		this.port = port;
		this.attach();
	}

	/** Asks for the analysis of `text`; supersedes every request not yet sent. Returns the request's id, which the
	 *  answers carry (increasing: a higher id is a newer text). */
	analyse(text: string, options: AnalysisOptions): number {
		const request: AnalyseRequest = { type: 'analyse', id: ++this.seq, text, options: { ...options } };
		if (this.closed) return request.id;
		if (this.inFlight === undefined) this.send(request);
		else {
			this.pending = request;
			if (!this.inFlightSuperseded) {
				this.inFlightSuperseded = true;
				this.port.send({ type: 'supersede', id: this.inFlight.id });
			}
		}
		return request.id;
	}

	/** Where the analysis runs now ('page' after a worker failed to start). */
	get thread(): 'worker' | 'page' {
		return this.port.thread;
	}

	/** True when nothing is with the worker and nothing waits. */
	get idle(): boolean {
		return this.inFlight === undefined && this.pending === undefined;
	}

	close(): void {
		this.closed = true;
		this.inFlight = undefined;
		this.pending = undefined;
		this.port.close();
	}

	private attach(): void {
		const port = this.port;
		port.listen(
			(response) => {
				if (port === this.port) this.receive(response);
			},
			() => {
				if (port === this.port) this.switchToFallback();
			}
		);
	}

	private send(request: AnalyseRequest): void {
		this.inFlight = request;
		this.inFlightSuperseded = false;
		this.port.send(request);
	}

	private receive(response: AnalysisResponse): void {
		const running = this.inFlight;
		// Only the request with the worker is answered; anything else is late, repeated or unknown.
		if (this.closed || running === undefined || response.id !== running.id) return;
		if (response.type === 'findings') {
			this.handlers.findings(running.text, response.findings, response.id);
			return;
		}
		this.inFlight = undefined;
		// Superseded: its findings were shown; its encoding was never made, the newer text's comes next.
		if (response.type === 'done') {
			if (response.superseded !== true) this.handlers.done(running.text, response);
		} else this.handlers.failed?.(running.text, response.message, response.id);
		const next = this.pending;
		this.pending = undefined;
		if (next !== undefined) this.send(next);
	}

	private switchToFallback(): void {
		this.port.close();
		this.port = this.fallback();
		this.attach();
		this.onThreadChange?.(this.port.thread);
		const running = this.inFlight;
		if (running !== undefined) this.send(running);
	}
}

/** The handler of analysis.worker.ts in this thread; requests and answers each arrive as their own task. */
export function inProcessPort(): AnalysisPort {
	let receive: ((response: AnalysisResponse) => void) | undefined;
	let open = true;
	const handler = createAnalysisHandler((message) => {
		setTimeout(() => {
			if (open) receive?.(message);
		}, 0);
	});
	return {
		thread: 'page',
		send(request) {
			setTimeout(() => {
				if (open) handler.handle(request);
			}, 0);
		},
		listen(onResponse) {
			receive = onResponse;
		},
		close() {
			open = false;
		}
	};
}

/** The module worker Vite builds from analysis.worker.ts (served from 'self', as the page CSP requires). */
export function workerPort(): AnalysisPort {
	const worker = new Worker(new URL('./analysis.worker.ts', import.meta.url), { type: 'module' });
	// The worker sleeps while the page handles a keystroke (input-gate.ts), where the page is cross-origin isolated.
	const gate = typeof window === 'undefined' ? undefined : createInputGate();
	let ungate: (() => void) | undefined;
	if (gate !== undefined) {
		worker.postMessage({ type: 'gate', buffer: gate.buffer });
		ungate = holdForInput(window, gate);
	}
	return {
		thread: 'worker',
		send(request) {
			worker.postMessage(request);
		},
		listen(receive, fail) {
			worker.onmessage = (event: MessageEvent<AnalysisResponse>) => receive(event.data);
			worker.onerror = (event: ErrorEvent) => {
				event.preventDefault();
				fail(event.message || 'the analysis worker did not start');
			};
			worker.onmessageerror = () => fail('an analysis answer could not be read');
		},
		close() {
			ungate?.();
			worker.terminate();
		}
	};
}

/** A client over the worker where the platform has one, else over the in-process handler. */
export function createAnalysisClient(handlers: AnalysisHandlers, onThreadChange?: (thread: 'worker' | 'page') => void): AnalysisClient {
	let port: AnalysisPort;
	try {
		port = typeof Worker === 'function' ? workerPort() : inProcessPort();
	} catch {
		// A Worker the page may not start (a CSP refusing it throws here in some browsers).
		port = inProcessPort();
	}
	return new AnalysisClient(port, handlers, inProcessPort, onThreadChange);
}
