// The one error type of batches (STYLE.md): a stable code, where (a line of the map file, an order row), and one
// line saying what was expected and what was found. Order files keep their own OrderError (orders/error.ts).

export type BatchErrorCode =
	/** A line of the map file that is not `PLACEHOLDER=COLUMN`, or a JSON map that is not an object of strings. */
	| 'bad-map'
	/** The mapping leaves a placeholder without a column, or names one the template or the order does not have. */
	| 'bad-mapping'
	/** An export option that cannot be used (no ICCID column, a SEC method batches do not sign with, …). */
	| 'bad-option'
	/** The export was stopped through its AbortSignal: nothing was finished. */
	| 'aborted';

export class BatchError extends Error {
	override readonly name = 'BatchError';
	constructor(
		readonly code: BatchErrorCode,
		/** What was expected and what was found, without the place. */
		readonly detail: string,
		/** Line of the map file (1-based), when the error has one. */
		readonly line?: number
	) {
		super(line === undefined ? detail : `map line ${line}: ${detail}`);
	}
}
