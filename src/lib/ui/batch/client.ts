// The page's side of the batch worker: one worker per page, a request id per job, promises for a plan, handlers for
// a run's progress. Where the worker cannot start, the page says so (an order is not read on the page's thread: a
// 1-million-row order must not be).
import type { BatchRequest, BatchResponse, DoneView, Mapping, PackageKind, PlanView, ProgressView, RejectedView, SecChoice, TemplateInput } from './protocol';

export interface RunHandlers {
	progress(progress: ProgressView): void;
	rejected(rows: RejectedView[]): void;
	done(done: DoneView): void;
	cancelled(): void;
	failed(message: string): void;
}

type Listener = (response: BatchResponse) => void;

export class BatchClient {
	#worker: Worker | undefined;
	#seq = 0;
	readonly #listeners = new Map<number, Listener>();

	#port(): Worker {
		if (this.#worker !== undefined) return this.#worker;
		const worker = new Worker(new URL('./batch.worker.ts', import.meta.url), { type: 'module', name: 'batch' });
		worker.onmessage = (event: MessageEvent<BatchResponse>) => this.#listeners.get(event.data.id)?.(event.data);
		worker.onerror = (event: ErrorEvent) => {
			event.preventDefault();
			const message = `The batch worker stopped: ${event.message || 'it did not start'}`;
			for (const [id, listener] of this.#listeners) listener({ type: 'failed', id, message });
			this.#listeners.clear();
			this.#worker = undefined;
		};
		this.#worker = worker;
		return worker;
	}

	#send(request: BatchRequest): void {
		this.#port().postMessage(request);
	}

	plan(template: TemplateInput, order: File, mapping: Mapping | undefined, sec: SecChoice, previewRows: number): Promise<PlanView> {
		const id = ++this.#seq;
		return new Promise((resolve, reject) => {
			this.#listeners.set(id, (response) => {
				this.#listeners.delete(id);
				if (response.type === 'plan') resolve(response.plan);
				else reject(new Error(response.type === 'failed' ? response.message : `unexpected answer ${response.type}`));
			});
			this.#send({ type: 'plan', id, template, order, mapping, sec, previewRows });
		});
	}

	/** Starts a run; returns its cancel function. */
	run(input: { template: TemplateInput; order: File; mapping: Mapping; sec: SecChoice; packageKind: PackageKind; passphrase?: string; clearText: boolean }, handlers: RunHandlers): () => void {
		const id = ++this.#seq;
		this.#listeners.set(id, (response) => {
			if (response.type === 'progress') handlers.progress(response.progress);
			else if (response.type === 'rejected') handlers.rejected(response.rows);
			else {
				this.#listeners.delete(id);
				if (response.type === 'done') handlers.done(response.done);
				else if (response.type === 'cancelled') handlers.cancelled();
				else if (response.type === 'failed') handlers.failed(response.message);
			}
		});
		this.#send({ type: 'run', id, ...input });
		return () => this.#worker?.postMessage({ type: 'cancel', id } satisfies BatchRequest);
	}

	close(): void {
		this.#worker?.terminate();
		this.#worker = undefined;
		this.#listeners.clear();
	}
}
