// Public face of the job ledger (issue 12): one row per order row, keyed by the card's ICCID, proving which card
// holds its documents whatever crashes.
//
// States and transitions (model.ts; every store keeps exactly these, tests/ledger/contract.ts checks all three):
//   pending ──claim──▶ claimed ──markWriting──▶ writing ──markVerified──▶ verified (final)
//                        │  ╲                     │ ╲
//                        │   ╲──markFailed──▶ failed (final: set aside with reason, command, status word)
//                        └─release─▶ pending      └─release─▶ writing without holder (next claim reconciles)
//   claimed ──markVerified(reconciled)──▶ verified: the card was read, found complete, not written.
// A claim is refused, never an error, for an ICCID not in the order, a verified row, a failed row, and a row held by
// another station/reader under a live lease; the refusal says which and who (refusalMessage).
//
// Leases: a claim holds the row until now + leaseMs (the store's clock: injected for memory and SQLite, the
// database's now() for PostgreSQL so stations with skewed clocks agree). A station renews its leases while it works
// (renewLease); when it dies they run out and any station may claim the row again. markWriting needs a live lease
// (a write never starts on an expired one); verified, failed and release only need that nobody took the row since.
// A restarted station calls releaseStation(itself) first: its previous process is gone.
//
// Reconcile: a row left in `writing` (crash, power cut, Ctrl-C, a reader dropped mid-write) may be a partly written
// card. Its next claim answers `reconcile: true`, and rowsInWriting() lists such rows: the worker reads the card's
// provisioning files and compares them with the row's expected bytes before anything is written; equal →
// markVerified({ reconciled: true }) with no second write, different → write again (the row is already `writing`).
//
// Every transition is committed before its promise resolves. Secrets never enter the ledger: no row field can hold
// an ADM, a PIN or a key; a failed command is stored as a trace prints it (`VERIFY ADM1 ****`).
export { LedgerError, type LedgerErrorCode } from './error';
export {
	LEDGER_STATES,
	checkLease,
	claimRow,
	claimableByAnyone,
	emptyCounts,
	ledgerIccid,
	pendingRow,
	refusalMessage,
	transition,
	type ClaimRefusal,
	type ClaimResult,
	type FailureRecord,
	type Holder,
	type LedgerCounts,
	type LedgerEvent,
	type LedgerOrder,
	type LedgerRow,
	type LedgerSeed,
	type LedgerState,
	type VerifiedResult
} from './model';
export type { LedgerInit, LedgerStore } from './store';
export { MemoryLedgerStore, checkOrder, otherOrder, type MemoryLedgerOptions } from './memory';
export { REPORT_COLUMNS, outcomeOf, reportRecord } from './report';
