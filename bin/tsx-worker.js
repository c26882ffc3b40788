// Starts a worker thread on a TypeScript module: registers tsx's loader in this thread (loaders are per thread
// in Node 20, a Worker does not inherit the launcher's), then imports workerData.module.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.module);
