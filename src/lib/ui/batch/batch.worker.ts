// The Batch page's worker (bundled by Vite from client.ts's `new Worker(new URL(...))`, served from 'self' as the
// page CSP requires): the preview and the export run here, reading the order File as a stream, so neither the order
// nor the package is ever whole in the tab. One job at a time; a cancel stops the running one.
import { handleRequest } from './worker-handler';
import type { BatchRequest, BatchResponse } from './protocol';

interface WorkerScope {
	postMessage(message: BatchResponse): void;
	onmessage: ((event: MessageEvent<BatchRequest>) => void) | null;
}

const scope = self as unknown as WorkerScope;
const handle = handleRequest((message) => scope.postMessage(message));
scope.onmessage = (event) => handle(event.data);
