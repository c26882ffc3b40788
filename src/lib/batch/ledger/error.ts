// The one error type of the job ledger (STYLE.md): a stable code, where (the ICCID, the ledger's place), and one line
// saying what was expected and what was found. A refused claim is not an error (a card whose row is done, or held
// by another reader, is an everyday event): claim() answers with a ClaimRefusal instead.

export type LedgerErrorCode =
	/** A value given as an ICCID that is not 18 to 20 digits once its F filler is stripped. */
	| 'bad-iccid'
	/** The rows given to init() name the same ICCID twice. */
	| 'duplicate-iccid'
	/** The ledger already belongs to another order (its identity differs): refused, so two orders never mix. */
	| 'other-order'
	/** A call that needs the order's rows before init(). */
	| 'not-initialised'
	/** An ICCID the ledger has no row for. */
	| 'unknown-iccid'
	/** A transition the state machine does not have (verified → writing, pending → verified, …). */
	| 'illegal-transition'
	/** A transition asked by a station and reader that do not hold the row. */
	| 'not-holder'
	/** The holder's lease ran out before the step that needs it (a write is never started on an expired lease). */
	| 'lease-expired'
	/** A lease length, an order identity or a report value that cannot be used. */
	| 'bad-argument'
	/** The storage failed: file, database, connection (the message names the place, never a password). */
	| 'storage'
	/** The store was closed. */
	| 'closed';

export class LedgerError extends Error {
	override readonly name = 'LedgerError';
	constructor(
		readonly code: LedgerErrorCode,
		/** What was expected and what was found, without the place. */
		readonly detail: string,
		/** The row's ICCID, when the error is about one row. */
		readonly iccid?: string
	) {
		super(iccid === undefined ? detail : `ICCID ${iccid}: ${detail}`);
	}
}
