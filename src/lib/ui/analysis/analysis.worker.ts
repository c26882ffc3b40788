// The analysis worker's entry (bundled by Vite from client.ts's `new Worker(new URL(...))`): every message is a
// request for handler.ts; its answers go back with their buffers transferred.
import { createAnalysisHandler } from './handler';

interface WorkerScope {
	postMessage(message: unknown, transfer: Transferable[]): void;
	onmessage: ((event: MessageEvent<unknown>) => void) | null;
}

const scope = self as unknown as WorkerScope;
const handle = createAnalysisHandler((message, transfer) => scope.postMessage(message, transfer));
scope.onmessage = (event) => handle(event.data);
