// The studio process's one PC/SC context: opened on the first card request (a studio without pcscd still serves
// documents), re-opened when pcscd went away and came back, and closed on shutdown (every reader, then the
// context: ORACLES.md §4). Operations on one reader run one at a time (ReaderQueue).
import type { CardSession } from '../../card';
import type { Pkcs15Profile } from '../../card/pkcs15';
import type { CardIdentity, ProvisionReport } from '../../card/provisioning';
import type { PcscContext } from '../pcsc';
import {
	chooseReader,
	identify,
	onCard,
	openPcsc,
	readDocuments,
	readerStates,
	writeDocuments,
	type KeyOptions,
	type Outcome,
	type ReaderState,
	type ReadResult,
	type WriteOptions
} from './operations';
import { snapshotCard, type SnapshotResult } from './plan';
import { ReaderQueue } from './queue';

/** A context that lists no reader is re-opened after this long (pcscd may have been started since). */
const REOPEN_AFTER_MS = 2000;
/** pcsclite reports each reader's first status a little after the reader itself: a fresh context waits this long. */
const SETTLE_MS = 300;

export class CardService {
	private pcsc: PcscContext | undefined;
	private openedAt = 0;
	private readonly queue = new ReaderQueue();

	private context(): PcscContext {
		if (!this.pcsc) {
			this.pcsc = openPcsc();
			this.openedAt = Date.now();
		}
		return this.pcsc;
	}

	/** Readers with card presence and ATR; polled by the Card page, so insertion and removal show within a poll. */
	async readers(): Promise<ReaderState[]> {
		const pcsc = this.context();
		const settle = this.openedAt + SETTLE_MS - Date.now();
		if (settle > 0) await new Promise((r) => setTimeout(r, settle));
		const states = await readerStates(pcsc);
		if (states.length === 0 && Date.now() - this.openedAt > REOPEN_AFTER_MS) {
			// pcsclite does not recover a context whose pcscd went away; a fresh one finds a restarted pcscd.
			this.close();
			return readerStates(this.context());
		}
		return states;
	}

	private async run<T>(wanted: string | undefined, exclusive: boolean, job: (session: CardSession) => Promise<T>): Promise<Outcome<T> & { reader?: string }> {
		let reader: string;
		try {
			reader = chooseReader(await this.readers(), wanted);
		} catch (error) {
			return { ok: false, error, trace: [] };
		}
		const outcome = await this.queue.run(reader, () => onCard(this.context(), reader, { exclusive }, job));
		return { ...outcome, reader };
	}

	info(reader: string | undefined, keys: KeyOptions): Promise<Outcome<CardIdentity> & { reader?: string }> {
		return this.run(reader, false, (session) => identify(session, keys));
	}

	write(reader: string | undefined, options: WriteOptions): Promise<Outcome<ProvisionReport> & { reader?: string }> {
		return this.run(reader, true, (session) => writeDocuments(session, options));
	}

	read(reader: string | undefined, profile: Pkcs15Profile, keys: KeyOptions): Promise<Outcome<ReadResult> & { reader?: string }> {
		return this.run(reader, false, (session) => readDocuments(session, profile, keys));
	}

	/** The provisioning files as they are, read without a key, for the page's comparison before a write. */
	plan(reader: string | undefined, profile: Pkcs15Profile, keys: KeyOptions): Promise<Outcome<SnapshotResult> & { reader?: string }> {
		return this.run(reader, false, (session) => snapshotCard(session, profile, keys));
	}

	close(): void {
		this.pcsc?.close();
		this.pcsc = undefined;
	}
}

let shared: CardService | undefined;

/** The studio server's service (one per process). */
export function cardService(): CardService {
	shared ??= new CardService();
	return shared;
}

/** For shutdown: closes the shared service if one was ever opened. */
export function closeCardService(): void {
	shared?.close();
	shared = undefined;
}
