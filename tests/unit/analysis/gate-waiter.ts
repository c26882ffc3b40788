// A worker thread for input-gate.test.ts: the analysis worker's end of the gate, waiting at one pause point.
// Posts how long it slept.
import { parentPort, workerData } from 'node:worker_threads';
import { pauseWhileHeld } from '../../../src/lib/ui/analysis/input-gate';

const pause = pauseWhileHeld(workerData.buffer as SharedArrayBuffer, workerData.maxMs as number);
parentPort?.postMessage('waiting');
const start = performance.now();
pause();
parentPort?.postMessage(performance.now() - start);
