// What the batch worker does with each request: a plan (the preview), a run (the export into the origin private file
// system), a cancel. Kept apart from the worker's entry so that it reads as plain code.
import { planView, PlanProblem } from './plan-view';
import { runExport } from './run';
import type { BatchRequest, BatchResponse } from './protocol';

export function handleRequest(post: (message: BatchResponse) => void): (request: BatchRequest) => void {
	const running = new Map<number, AbortController>();
	return (request) => {
		if (request.type === 'cancel') {
			running.get(request.id)?.abort();
			return;
		}
		const controller = new AbortController();
		running.set(request.id, controller);
		const job =
			request.type === 'plan'
				? planView(request.template, request.order, request.mapping, request.sec, request.previewRows).then((plan) => post({ type: 'plan', id: request.id, plan }))
				: runExport(request, controller.signal, post);
		job
			.catch((error: unknown) => {
				if (controller.signal.aborted) post({ type: 'cancelled', id: request.id });
				else post({ type: 'failed', id: request.id, message: error instanceof PlanProblem || error instanceof Error ? error.message : String(error) });
			})
			.finally(() => running.delete(request.id));
	};
}
