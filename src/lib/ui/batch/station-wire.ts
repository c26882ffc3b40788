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

export type RunStateName = 'idle' | 'running' | 'paused' | 'stopping' | 'done' | 'stopped' | 'failed';

export interface RunStateJson {
	state: RunStateName;
	order?: string;
	progress?: RunOrderJson;
	readers: RunReaderJson[];
	/** Rows of the order that cannot be written (no ICCID, rejected): line and reason. */
	skipped: { line: number; reason: string }[];
	error?: string;
	reportReady: boolean;
}

export interface RunAnswerJson {
	ok: boolean;
	run?: RunStateJson;
	error?: { code: string; message: string };
}

/** The largest start request the server takes (CARD_BODY_LIMIT, adapter-node's BODY_SIZE_LIMIT default 512K). */
export const RUN_BODY_LIMIT = 512 * 1024;
