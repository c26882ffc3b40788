// The page's side of the analysis worker: the latest text wins. At most one request is with the worker; a newer
// text while it works becomes the one pending text (replacing any older pending one, never a queue of stale texts)
// and the running request is asked to stop at its next stage (handler.ts); answers for anything but the newest
// text are dropped. Where no Worker exists (Node, tests) or the worker cannot start, the same handler runs
// in-process behind the same interface, its messages delivered as tasks as a worker's would be.
import { createAnalysisHandler } from './handler';
import type { AnalyseRequest, AnalysisOptions, AnalysisRequest, AnalysisResponse, DoneMessage } from './protocol';
import type { Finding } from '../../documents/provcont';

/** A channel to something that answers AnalysisRequests: the worker, the in-process handler, a test's fake. */
export interface AnalysisPort {
	send(request: AnalysisRequest): void;
	/** `receive` gets each answer; `fail` is called when the other side cannot answer any more (it did not load). */
	listen(receive: (response: AnalysisResponse) => void, fail: (reason: string) => void): void;
	close(): void;
}

export interface AnalysisHandlers {
	/** Early findings of the newest text (parse + validate), before its encoding is ready. */
	findings(text: string, findings: Finding[]): void;
	/** The final answer for the newest text. */
	done(text: string, result: DoneMessage): void;
	/** The newest text's analysis threw (a bug in a library): its message. */
	failed?(text: string, message: string): void;
}

interface InFlight {
	request: AnalyseRequest;
	cancelSent: boolean;
}

export class AnalysisClient {
	private seq = 0;
	private latest = 0;
	private inFlight: InFlight | undefined;
	private pending: AnalyseRequest | undefined;
	private port: AnalysisPort;
	private closed = false;

	constructor(
		port: AnalysisPort,
		private readonly handlers: AnalysisHandlers,
		/** Where to go when `port` fails (the worker script did not load): the in-process handler by default. */
		private readonly fallback: () => AnalysisPort = inProcessPort
	) {
		this.port = port;
		this.attach();
	}

	/** Asks for the analysis of `text`; supersedes every earlier request. */
	analyse(text: string, options: AnalysisOptions): void {
		if (this.closed) return;
		const request: AnalyseRequest = { type: 'analyse', id: ++this.seq, text, options: { ...options } };
		this.latest = request.id;
		const running = this.inFlight;
		if (running === undefined) {
			this.send(request);
			return;
		}
		this.pending = request;
		if (!running.cancelSent) {
			running.cancelSent = true;
			this.port.send({ type: 'cancel', id: running.request.id });
		}
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
		this.inFlight = { request, cancelSent: false };
		this.port.send(request);
	}

	private receive(response: AnalysisResponse): void {
		const running = this.inFlight;
		// Only the request with the worker is answered; anything else is a stale or unknown answer.
		if (this.closed || running === undefined || response.id !== running.request.id) return;
		const current = response.id === this.latest;
		if (response.type === 'findings') {
			if (current) this.handlers.findings(running.request.text, response.findings);
			return;
		}
		this.inFlight = undefined;
		if (current && response.type === 'done') this.handlers.done(running.request.text, response);
		if (current && response.type === 'failed') this.handlers.failed?.(running.request.text, response.message);
		const next = this.pending;
		this.pending = undefined;
		if (next !== undefined) this.send(next);
	}

	private switchToFallback(): void {
		this.port.close();
		this.port = this.fallback();
		this.attach();
		const running = this.inFlight;
		if (running !== undefined) this.send(running.request);
	}
}

/** The handler of analysis.worker.ts in this thread; requests and answers each arrive as their own task. */
export function inProcessPort(): AnalysisPort {
	let receive: ((response: AnalysisResponse) => void) | undefined;
	let open = true;
	const handle = createAnalysisHandler((message) => {
		setTimeout(() => {
			if (open) receive?.(message);
		}, 0);
	});
	return {
		send(request) {
			setTimeout(() => {
				if (open) handle(request);
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
	return {
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
			worker.terminate();
		}
	};
}

/** A client over the worker where the platform has one, else over the in-process handler. */
export function createAnalysisClient(handlers: AnalysisHandlers): AnalysisClient {
	let port: AnalysisPort;
	try {
		port = typeof Worker === 'function' ? workerPort() : inProcessPort();
	} catch {
		// A Worker the page may not start (a CSP refusing it throws here in some browsers).
		port = inProcessPort();
	}
	return new AnalysisClient(port, handlers);
}
