// The card operations the CLI and the studio server share: which readers there are, connect (exclusive while
// writing), run one flow over a CardSession, disconnect. Every operation returns its APDU trace, also when it
// fails: the trace up to the failing command is what explains a failure. Traces are redacted at the source
// (session.ts: VERIFY data never enters an entry).
import { CardError, CardSession, retriesLeft, swHex, verify, type TraceEntry } from '../../card';
import { Pkcs15Error, type Pkcs15Profile } from '../../card/pkcs15';
import { cardInfo, provisionCard, readProvisioning, type CardIdentity, type ProvisionDocuments, type ProvisionReport } from '../../card/provisioning';
import type { Secret } from '../../security/secret';
import { PcscContext, type ConnectOptions } from '../pcsc';
import type { ErrorJson } from '../../ui/card/wire';
import { echoed } from '../../text';
import { checkCardDocument, DocumentInputError, readDocument, type ReadDocument } from './documents';

export interface ReaderState {
	name: string;
	present: boolean;
	atr?: Uint8Array;
}

/** Operation failures that are not the card's: no reader, no pcscd. Code names are stable for the UI. */
export class CardServiceError extends Error {
	override readonly name = 'CardServiceError';
	constructor(
		readonly code: 'NO_READER' | 'NO_CARD' | 'UNKNOWN_READER' | 'PCSC_UNAVAILABLE' | 'CARD_CHANGED',
		message: string
	) {
		super(message);
	}

	/** The HTTP status of the failure: pcscd missing is the service's (503), a card swapped mid-write a conflict. */
	get status(): 503 | 409 | 404 {
		return this.code === 'PCSC_UNAVAILABLE' ? 503 : this.code === 'CARD_CHANGED' ? 409 : 404;
	}
}

/** PcscContext.open throws "SCardEstablishContext error: Service not available" when pcscd is not running. */
export function openPcsc(): PcscContext {
	try {
		return PcscContext.open();
	} catch (e) {
		throw new CardServiceError('PCSC_UNAVAILABLE', `PC/SC is not available (is pcscd running?): ${e instanceof Error ? e.message : String(e)}`);
	}
}

/**
 * Readers and whether a card is in each. PC/SC reports readers, then each reader's status, asynchronously after the
 * context opens: `waitMs` bounds how long to wait for the first reader; a reader whose status is not known after
 * that counts as empty.
 */
export async function readerStates(pcsc: PcscContext, waitMs = 1500): Promise<ReaderState[]> {
	let names: string[];
	try {
		names = await pcsc.listReaders(1, waitMs);
	} catch (e) {
		if (pcsc.readerNames().length === 0) return [];
		throw e;
	}
	return Promise.all(
		names.map(async (name): Promise<ReaderState> => {
			try {
				// Timeout 0: the check runs once, synchronously, against the last status PC/SC reported.
				const atr = await pcsc.waitForCard(name, 0);
				return { name, present: true, atr };
			} catch {
				return { name, present: false };
			}
		})
	);
}

/** The reader asked for, or the first reader with a card. */
export function chooseReader(states: readonly ReaderState[], wanted?: string): string {
	if (states.length === 0) throw new CardServiceError('NO_READER', 'no PC/SC reader found (is pcscd running? `pstudio sim` needs it too)');
	if (wanted !== undefined) {
		const found = states.find((s) => s.name === wanted);
		if (!found) throw new CardServiceError('UNKNOWN_READER', `no reader named ${echoed(wanted)} (have: ${states.map((s) => echoed(s.name)).join(', ')})`);
		return found.name;
	}
	const withCard = states.find((s) => s.present);
	if (!withCard) throw new CardServiceError('NO_CARD', `no card in any reader (${states.map((s) => s.name).join(', ')})`);
	return withCard.name;
}

export type Outcome<T> = { ok: true; value: T; trace: TraceEntry[] } | { ok: false; error: unknown; trace: TraceEntry[] };

/**
 * Connects, runs `job`, disconnects; a failure is returned with the trace so far. A card on which a key was presented
 * (VERIFY PIN1 or ADM1) is reset on the way out, so the next program on this reader does not find ADM1 or PIN1
 * still verified; a card no key touched is left as it is.
 */
export async function onCard<T>(pcsc: PcscContext, reader: string, options: ConnectOptions, job: (session: CardSession) => Promise<T>): Promise<Outcome<T>> {
	let session: CardSession | undefined;
	try {
		const card = await pcsc.connect(reader, options);
		session = new CardSession(card);
		try {
			const value = await job(session);
			return { ok: true, value, trace: session.trace.entries };
		} finally {
			const presentedKey = session.trace.entries.some((e) => e.command.startsWith('VERIFY'));
			await card.disconnect(presentedKey ? 'reset' : 'leave').catch(() => undefined);
		}
	} catch (error) {
		return { ok: false, error, trace: session?.trace.entries ?? [] };
	}
}

export interface KeyOptions {
	pin1?: Secret;
	/** Present a key even with one try left. */
	force?: boolean;
}

/** ATR, ICCID and IMSI; PIN1 first when given (the IMSI is PIN1-protected on most cards). */
export async function identify(session: CardSession, options: KeyOptions = {}): Promise<CardIdentity> {
	if (options.pin1) await verify(session, 'PIN1', options.pin1, { force: options.force });
	return cardInfo(session);
}

export interface WriteOptions extends KeyOptions {
	documents: ProvisionDocuments;
	adm: Secret;
	profile: Pkcs15Profile;
	/** Write the bytes as they are; without it every document must pass checkCardDocument (issue 8 §6). */
	raw?: boolean;
	/** Write only to the card with this ICCID (the one the user confirmed against); checked before any key. */
	expectIccid?: string;
}

/** The documents of a write, checked (unless raw) before anything is sent: bootstrap, config1, config2 in order. */
export function checkWriteDocuments(documents: ProvisionDocuments): void {
	for (const name of ['bootstrap', 'config1', 'config2'] as const) {
		const bytes = documents[name];
		if (bytes !== undefined) checkCardDocument(name, bytes);
	}
}

export async function writeDocuments(session: CardSession, options: WriteOptions): Promise<ProvisionReport> {
	// The CLI and the server check before they connect; this is the last place before the first APDU, so a caller
	// that forgot cannot send garbage to a card.
	if (!options.raw) checkWriteDocuments(options.documents);
	if (options.expectIccid !== undefined) {
		// The confirmation showed one card's files; a card swapped since must not be written on that consent.
		const now = (await cardInfo(session)).iccid;
		if (now !== options.expectIccid) {
			throw new CardServiceError('CARD_CHANGED', `the card in the reader is ${now === undefined ? 'one without a readable ICCID' : `ICCID ${now}`}, not ICCID ${options.expectIccid} whose files the confirmation showed: nothing was sent to it; check the card and write again`);
		}
	}
	return provisionCard(session, {
		documents: options.documents,
		adm: options.adm,
		profile: options.profile,
		...(options.pin1 ? { pin1: options.pin1 } : {}),
		...(options.force ? { force: true } : {})
	});
}

export interface ReadResult {
	identity: CardIdentity;
	/** How DF(PKCS#15) was found: 'aid', 'dir-path' or 'fallback-path'. */
	selectedBy: string;
	documents: ReadDocument[];
}

export async function readDocuments(session: CardSession, profile: Pkcs15Profile, options: KeyOptions = {}): Promise<ReadResult> {
	const contents = await readProvisioning(session, profile, { ...(options.pin1 ? { pin1: options.pin1 } : {}), ...(options.force ? { force: true } : {}) });
	return {
		identity: contents.identity,
		selectedBy: contents.discovery.application.selectedBy,
		documents: contents.discovery.documents.map(readDocument)
	};
}

/** What a failure says to a person: the messages already name the APDU and status word (session.ts). */
export function errorJson(e: unknown): ErrorJson {
	if (e instanceof CardError) {
		const out: ErrorJson = { code: e.code, message: e.message };
		if (e.apdu !== undefined) out.apdu = e.apdu;
		if (e.sw !== undefined) {
			out.sw = swHex(e.sw);
			const left = retriesLeft(e.sw);
			if (left !== undefined) out.retriesLeft = left;
		}
		return out;
	}
	if (e instanceof Pkcs15Error || e instanceof CardServiceError) return { code: e.code, message: e.message };
	if (e instanceof DocumentInputError) return { code: 'BAD_DOCUMENT', message: e.message };
	return { code: 'INTERNAL', message: e instanceof Error ? e.message : String(e) };
}

/** Failures that are facts about the card, reader or input (exit 1 in the CLI), not bugs in pstudio. */
export function isOperationFailure(e: unknown): boolean {
	return e instanceof CardError || e instanceof Pkcs15Error || e instanceof CardServiceError;
}
