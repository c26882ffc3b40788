// One card at the station (issue 12 §1, §3): read its ICCID → claim its ledger row (refused: left untouched) →
// reconcile a row left in `writing` by reading the card → markWriting → write the row's documents (card/provisioning,
// the same flow as `pstudio card write`) → read back and compare → markVerified, or markFailed with the command and
// status word. Every ledger transition is committed before the next card step (the store's contract), so a crash
// at any point leaves a ledger that the next run can finish from.
import { CardError, CardSession, retriesLeft } from '../../card/index';
import { Pkcs15Error, type Pkcs15Profile } from '../../card/pkcs15/index';
import { cardInfo, provisionCard, readProvisioning, type ProvisionDocuments } from '../../card/provisioning/index';
import type { Secret } from '../../security/secret';
import { LedgerError, refusalMessage, type Holder, type LedgerStore } from '../ledger/index';
import type { Transport } from '../../card/transport';

/** What a row needs to be written: its documents and keys (secrets stay Secret up to VERIFY). */
export interface RowWrite {
	readonly documents: ProvisionDocuments;
	readonly adm: Secret;
	readonly pin1?: Secret;
}

/** The row's documents by ICCID, or why the row cannot be written (set aside by the expansion). */
export type RowLookup = { readonly ok: true; readonly write: RowWrite } | { readonly ok: false; readonly reason: string };

export interface RowSource {
	lookup(iccid: string): Promise<RowLookup>;
}

/** A connected card. `close` ends the connection; 'reset' after a key was presented (TS 102 221 §6.2.1). */
export interface CardLink {
	readonly transport: Transport;
	close(disposition: 'leave' | 'reset'): Promise<void>;
}

export interface CardStepOptions {
	readonly ledger: LedgerStore;
	readonly rows: RowSource;
	readonly profile: Pkcs15Profile;
	readonly holder: Holder;
	readonly leaseMs: number;
	/** Present keys even with one try left (the default refuses, a wrong key would block it). */
	readonly force?: boolean;
	/** Each step as it begins, for progress lines. */
	readonly onStep?: (step: CardStep, iccid?: string) => void;
}

export type CardStep = 'identify' | 'claim' | 'reconcile' | 'write' | 'verified' | 'failed' | 'refused';

export type CardOutcome =
	/** Written, read back equal; or found complete by the reconcile read (no second write). */
	| { readonly kind: 'verified'; readonly iccid: string; readonly apdus: number; readonly reconciled: boolean }
	/** Set aside; `auth` for a failed VERIFY (never retried automatically). */
	| { readonly kind: 'failed'; readonly iccid: string; readonly apdus: number; readonly reason: string; readonly command?: string; readonly statusWord?: number; readonly auth?: { readonly triesLeft?: number } }
	/** Not this station's card to write (unknown ICCID, row done, held by another reader): left untouched. */
	| { readonly kind: 'refused'; readonly iccid?: string; readonly reason: string }
	/** The reader or link failed (no answer, card pulled): the row, if claimed, was released for another reader. */
	| { readonly kind: 'reader-error'; readonly iccid?: string; readonly reason: string };

function sameBytes(found: Uint8Array, expected: Uint8Array): boolean {
	if (found.length < expected.length) return false;
	for (let i = 0; i < expected.length; i++) if (found[i] !== expected[i]) return false;
	// The rest of the EF is FF: the write pads every file to its size (pkcs15 writeLayout).
	for (let i = expected.length; i < found.length; i++) if (found[i] !== 0xff) return false;
	return true;
}

/**
 * Whether the card holds exactly `documents` where the PKCS#15 layout points (DODF → EF, FF after the WBXML).
 * Anything the discovery cannot read (an ODF or DODF not yet written) means: not complete.
 */
export async function cardHolds(session: CardSession, profile: Pkcs15Profile, documents: ProvisionDocuments): Promise<boolean> {
	let found;
	try {
		found = (await readProvisioning(session, profile)).discovery.documents;
	} catch (e) {
		if (e instanceof CardError && e.code === 'TRANSPORT') throw e;
		return false;
	}
	for (const kind of ['bootstrap', 'config1', 'config2'] as const) {
		const expected = documents[kind];
		if (expected === undefined) continue;
		const doc = found.find((d) => d.kinds.includes(kind));
		if (doc === undefined || !sameBytes(doc.bytes, expected)) return false;
	}
	return true;
}

function isTransport(e: unknown): boolean {
	return e instanceof CardError && e.code === 'TRANSPORT';
}

/** A failed VERIFY (wrong key, last try refused, key blocked): the card's keys are at stake, never retried. */
function authFailure(e: CardError): { triesLeft?: number } | undefined {
	if (e.apdu === undefined || !e.apdu.startsWith('VERIFY')) return undefined;
	if (e.code !== 'STATUS' && e.code !== 'PIN_BLOCKED' && e.code !== 'RETRY_GUARD') return undefined;
	const left = e.sw === undefined ? undefined : retriesLeft(e.sw);
	if (e.code === 'PIN_BLOCKED') return { triesLeft: 0 };
	return left === undefined ? {} : { triesLeft: left };
}

/** The steps of one card on one reader; never throws for a card's or reader's failure (LedgerError is thrown). */
export async function processCard(link: CardLink, options: CardStepOptions): Promise<CardOutcome> {
	const { ledger, holder } = options;
	const step = options.onStep ?? (() => undefined);
	const session = new CardSession(link.transport);
	let iccid: string | undefined;
	let claimed = false;
	const apdus = (): number => session.trace.entries.length;
	try {
		step('identify');
		const identity = await cardInfo(session);
		if (identity.iccid === undefined) return { kind: 'refused', reason: 'the card has no readable EF.ICCID: left untouched' };
		iccid = identity.iccid;
		step('claim', iccid);
		let claim;
		try {
			claim = await ledger.claim(iccid, holder, options.leaseMs);
		} catch (e) {
			if (e instanceof LedgerError && e.code === 'bad-iccid') return { kind: 'refused', iccid, reason: `ICCID ${iccid} is not an ICCID the order can hold: card left untouched` };
			throw e;
		}
		if (!claim.ok) {
			step('refused', iccid);
			return { kind: 'refused', iccid, reason: refusalMessage(claim.refusal) };
		}
		iccid = claim.row.iccid;
		claimed = true;
		const row = await options.rows.lookup(iccid);
		if (!row.ok) {
			await ledger.markFailed(iccid, holder, { reason: row.reason, apdus: apdus() });
			claimed = false;
			step('failed', iccid);
			return { kind: 'failed', iccid, apdus: apdus(), reason: row.reason };
		}
		const documents = row.write.documents;
		if (claim.reconcile) {
			// The row was left in `writing`: the card may hold its documents already. Read before any write.
			step('reconcile', iccid);
			if (await cardHolds(session, options.profile, documents)) {
				await ledger.markVerified(iccid, holder, { apdus: apdus(), statusWord: 0x9000, reconciled: true });
				claimed = false;
				step('verified', iccid);
				return { kind: 'verified', iccid, apdus: apdus(), reconciled: true };
			}
		} else await ledger.markWriting(iccid, holder);
		step('write', iccid);
		const report = await provisionCard(session, {
			documents,
			adm: row.write.adm,
			profile: options.profile,
			...(row.write.pin1 === undefined ? {} : { pin1: row.write.pin1 }),
			...(options.force === true ? { force: true } : {})
		});
		if (!report.verified) {
			const bad = report.files.find((f) => !f.verified);
			const reason = `read-back differs from what was written${bad === undefined ? '' : ` in ${bad.label} ${bad.path} at byte ${bad.mismatchAt ?? '?'}`}`;
			await ledger.markFailed(iccid, holder, { reason, apdus: apdus() });
			claimed = false;
			step('failed', iccid);
			return { kind: 'failed', iccid, apdus: apdus(), reason };
		}
		await ledger.markVerified(iccid, holder, { apdus: apdus(), statusWord: 0x9000 });
		claimed = false;
		step('verified', iccid);
		return { kind: 'verified', iccid, apdus: apdus(), reconciled: false };
	} catch (e) {
		if (e instanceof LedgerError) throw e;
		const reason = e instanceof Error ? e.message : String(e);
		if (isTransport(e) || !(e instanceof CardError || e instanceof Pkcs15Error)) {
			// The reader, not the card: give the row back so another reader (or this one, later) can finish it.
			if (claimed && iccid !== undefined) await ledger.release(iccid, holder).catch(() => undefined);
			if (isTransport(e)) return { kind: 'reader-error', ...(iccid === undefined ? {} : { iccid }), reason };
			throw e;
		}
		if (e instanceof Pkcs15Error) {
			if (!claimed || iccid === undefined) return { kind: 'refused', ...(iccid === undefined ? {} : { iccid }), reason };
			await ledger.markFailed(iccid, holder, { reason, apdus: apdus() });
			step('failed', iccid);
			return { kind: 'failed', iccid, apdus: apdus(), reason };
		}
		if (!claimed || iccid === undefined) return { kind: 'refused', ...(iccid === undefined ? {} : { iccid }), reason: `the card could not be identified: ${reason}` };
		const auth = authFailure(e);
		await ledger.markFailed(iccid, holder, {
			reason,
			apdus: apdus(),
			...(e.apdu === undefined ? {} : { command: e.apdu }),
			...(e.sw === undefined ? {} : { statusWord: e.sw }),
			...(auth === undefined ? {} : { authFailure: auth })
		});
		step('failed', iccid);
		return {
			kind: 'failed',
			iccid,
			apdus: apdus(),
			reason,
			...(e.apdu === undefined ? {} : { command: e.apdu }),
			...(e.sw === undefined ? {} : { statusWord: e.sw }),
			...(auth === undefined ? {} : { auth })
		};
	}
}
