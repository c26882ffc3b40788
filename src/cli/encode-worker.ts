// Body of an encoding thread of `pstudio encode --out-dir` (see encode-many.ts): takes batches of jobs, answers
// with the failure line of each job that failed. A bug throws, which the main thread sees as the worker's 'error'.
import { parentPort, workerData } from 'node:worker_threads';
import { encodeToFile, type EncodeSettings } from './encode-file';
import type { EncodeBatch, EncodeBatchResult } from './encode-many';

const settings = (workerData as { settings: EncodeSettings }).settings;
const port = parentPort;
if (port === null) throw new Error('encode-worker.ts runs only as a worker thread');

port.on('message', (batch: EncodeBatch) => {
	const failures: EncodeBatchResult['failures'] = [];
	for (const job of batch.jobs) {
		const failure = encodeToFile(job.input, job.output, settings);
		if (failure !== undefined) failures.push(failure);
	}
	port.postMessage({ id: batch.id, failures } satisfies EncodeBatchResult);
});
