// The wire of /api/batch/run/* (issue 12, the Batch page's view of a station job): what the server answers and the
// page shows. No secret travels back: the ADM1 goes to the server once, in the start request.
export interface RunReaderJson {
	readonly reader: string;
	readonly iccid?: string;
	readonly state: string;
	readonly cards: number;
	readonly cardsPerMinute: number;
}

export interface RunOrderJson {
	readonly total: number;
	readonly done: number;
	readonly failed: number;
	readonly left: number;
	readonly etaMs?: number;
	readonly cardsPerMinute: number;
}

export type RunStateName = 'idle' | 'reading' | 'running' | 'paused' | 'stopping' | 'done' | 'stopped' | 'failed';

export interface RunStateJson {
	state: RunStateName;
	order?: string;
	progress?: RunOrderJson;
	readers: RunReaderJson[];
	/** While a start request reads its order (bytes read of its size, rows so far), then enters its rows in a new
	 *  job ledger (rows so far of total). */
	reading?: { phase: 'order' | 'ledger'; bytes: number; size: number; rows: number; total: number };
	/** Rows of the order that cannot be written (no ICCID, rejected): line and reason, the first 200 in file order. */
	skipped: { line: number; reason: string }[];
	/** How many rows were set aside in all. */
	skippedCount?: number;
	error?: string;
	reportReady: boolean;
}

export interface RunAnswerJson {
	ok: boolean;
	run?: RunStateJson;
	error?: { code: string; message: string };
}

/** The largest order the station takes (sent in pieces: src/lib/server/station/order-upload.ts); 10 million rows of a
 *  bureau's output file are ~1.1 GB. */
export const ORDER_MAX_BYTES = 4 * 1024 ** 3;

/** POST /api/batch/run/order and /api/batch/run/piece: an order on its way to the station. */
export interface OrderUploadAnswerJson {
	ok: boolean;
	upload?: { id: string; piece: number };
	received?: number;
	size?: number;
	error?: { code: string; message: string };
}
