// The station (issue 12 §3): one worker per reader, each taking the card in its reader through the card steps
// (card-steps.ts) and then handing it to the card handler ("done, next card": a robot ejects it, a person pulls it).
// Readers that appear are joined, readers that disappear dropped; a reader that fails `maxReaderFailures` times in a
// row is taken out of rotation with the reason (the row of its card was released by the card steps). The run ends
// when the ledger has no row left to write (pending, claimed or writing), or on stop().
//
// Pure: PC/SC, the card handler and the clock come in through ReaderPort, CardHandler and `now`.
import type { Pkcs15Profile } from '../../card/pkcs15/index';
import { type Holder, type LedgerCounts, type LedgerStore } from '../ledger/index';
import { processCard, type CardLink, type CardOutcome, type CardStep, type RowSource } from './card-steps';

export interface ReaderPort {
	/** Reader names now. */
	readers(): readonly string[];
	/** True once a card is present in `reader`; false after timeoutMs or when the reader is gone. */
	waitForCard(reader: string, timeoutMs: number): Promise<boolean>;
	/** Exclusive connection to the card in `reader`. Throws CardError TRANSPORT when the reader fails. */
	connect(reader: string): Promise<CardLink>;
}

/** "Done, next card" (pySim's --card_handler): resolves once the finished card is out of the reader. */
export interface CardHandler {
	done(reader: string): Promise<void>;
}

export type StationEvent =
	| { readonly type: 'reader-joined'; readonly reader: string }
	| { readonly type: 'reader-dropped'; readonly reader: string }
	| { readonly type: 'reader-out'; readonly reader: string; readonly reason: string }
	| { readonly type: 'step'; readonly reader: string; readonly step: CardStep; readonly iccid?: string }
	| { readonly type: 'card'; readonly reader: string; readonly outcome: CardOutcome; readonly ms: number }
	| { readonly type: 'counts'; readonly counts: LedgerCounts };

export interface StationOptions {
	readonly station: string;
	readonly ledger: LedgerStore;
	readonly rows: RowSource;
	readonly profile: Pkcs15Profile;
	readonly port: ReaderPort;
	readonly handler: CardHandler;
	/** 'all' or the reader names to use. */
	readonly readers: 'all' | readonly string[];
	/** Lease of a claimed row; renewed every third of it while the station runs (default 60 s). */
	readonly leaseMs?: number;
	/** Reader failures in a row before it is taken out of rotation (default 3). */
	readonly maxReaderFailures?: number;
	/** How often the reader list is looked at (default 500 ms). */
	readonly pollMs?: number;
	readonly force?: boolean;
	readonly now?: () => number;
	readonly onEvent?: (event: StationEvent) => void;
}

export interface ReaderSummary {
	readonly reader: string;
	readonly cards: number;
	readonly verified: number;
	readonly failed: number;
	readonly refused: number;
	readonly out?: string;
}

export interface StationSummary {
	readonly counts: LedgerCounts;
	readonly readers: readonly ReaderSummary[];
	/** Ended with rows left: stop() was called, or every reader was out of rotation. */
	readonly stopped: boolean;
}

interface Worker {
	reader: string;
	cards: number;
	verified: number;
	failed: number;
	refused: number;
	failures: number;
	out?: string;
	running: Promise<void>;
}

function left(c: LedgerCounts): number {
	return c.pending + c.claimed + c.writing;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export class Station {
	readonly #o: StationOptions;
	readonly #workers = new Map<string, Worker>();
	readonly #holderOf = (reader: string): Holder => ({ station: this.#o.station, reader });
	#stopping = false;
	#finished = false;
	#paused: Promise<void> | undefined;
	#resume: (() => void) | undefined;
	#failure: unknown;

	constructor(options: StationOptions) {
		this.#o = options;
	}

	/** Stop after the current card's steps (the card is finished and handed to the card handler first). */
	stop(): void {
		this.#stopping = true;
		this.resume();
	}

	get stopping(): boolean {
		return this.#stopping;
	}

	/** No new card is started until resume(); cards under way finish. */
	pause(): void {
		if (this.#paused === undefined) this.#paused = new Promise((r) => (this.#resume = r));
	}

	resume(): void {
		this.#resume?.();
		this.#paused = undefined;
		this.#resume = undefined;
	}

	get paused(): boolean {
		return this.#paused !== undefined;
	}

	#emit(event: StationEvent): void {
		this.#o.onEvent?.(event);
	}

	#wanted(reader: string): boolean {
		return this.#o.readers === 'all' || this.#o.readers.includes(reader);
	}

	async #checkDone(): Promise<LedgerCounts> {
		const counts = await this.#o.ledger.counts();
		this.#emit({ type: 'counts', counts });
		if (left(counts) === 0) this.#finished = true;
		return counts;
	}

	async run(): Promise<StationSummary> {
		const { ledger, station } = this.#o;
		const leaseMs = this.#o.leaseMs ?? 60_000;
		const pollMs = this.#o.pollMs ?? 500;
		// A restarted station: its previous process is gone, so are the claims it held (rows left `writing` stay
		// `writing`, their next claim reconciles by reading the card) — on the readers this run was given, so another
		// process of the same station name on other readers keeps its cards.
		await ledger.releaseStation(station, this.#o.readers === 'all' ? undefined : this.#o.readers);
		await this.#checkDone();
		const renew = setInterval(() => {
			ledger.renewLease(station, leaseMs).catch((e: unknown) => this.#fail(e));
		}, Math.max(1000, Math.floor(leaseMs / 3)));
		let polls = 0;
		try {
			while (!this.#stopping && !this.#finished && this.#failure === undefined) {
				for (const reader of this.#o.port.readers()) {
					if (!this.#wanted(reader) || this.#workers.has(reader)) continue;
					const worker: Worker = { reader, cards: 0, verified: 0, failed: 0, refused: 0, failures: 0, running: Promise.resolve() };
					this.#workers.set(reader, worker);
					this.#emit({ type: 'reader-joined', reader });
					worker.running = this.#work(worker, leaseMs, pollMs).catch((e: unknown) => this.#fail(e));
				}
				// Every reader out of rotation and none other to join: nothing can go on; the run ends with rows left.
				const workers = [...this.#workers.values()];
				if (workers.length > 0 && workers.every((w) => w.out !== undefined) && this.#o.port.readers().every((r) => !this.#wanted(r) || this.#workers.has(r))) break;
				await sleep(pollMs);
				// Other stations write rows of the same order: a station whose readers stay empty must still see the
				// order end (and show its progress), so the ledger is looked at every few polls, not only after a card.
				if (++polls % 4 === 0) await this.#checkDone().catch((e: unknown) => this.#fail(e));
			}
			await Promise.all([...this.#workers.values()].map((w) => w.running));
		} finally {
			clearInterval(renew);
		}
		if (this.#failure !== undefined) throw this.#failure;
		const counts = await ledger.counts();
		return {
			counts,
			stopped: left(counts) > 0,
			readers: [...this.#workers.values()].map((w) => ({
				reader: w.reader,
				cards: w.cards,
				verified: w.verified,
				failed: w.failed,
				refused: w.refused,
				...(w.out === undefined ? {} : { out: w.out })
			}))
		};
	}

	#fail(e: unknown): void {
		if (this.#failure === undefined) this.#failure = e;
		this.#stopping = true;
		this.resume();
	}

	#active(): boolean {
		return !this.#stopping && !this.#finished && this.#failure === undefined;
	}

	async #work(worker: Worker, leaseMs: number, pollMs: number): Promise<void> {
		const { port, reader } = { port: this.#o.port, reader: worker.reader };
		const max = this.#o.maxReaderFailures ?? 3;
		const now = this.#o.now ?? Date.now;
		while (this.#active()) {
			if (this.#paused !== undefined) await this.#paused;
			if (!this.#active()) break;
			if (!port.readers().includes(reader)) {
				// Gone (unplugged): dropped; if it comes back the station loop joins it again.
				this.#workers.delete(reader);
				this.#emit({ type: 'reader-dropped', reader });
				return;
			}
			if (!(await port.waitForCard(reader, pollMs))) continue;
			if (!this.#active() || this.#paused !== undefined) continue;
			const started = now();
			let outcome: CardOutcome;
			let link: CardLink;
			try {
				link = await port.connect(reader);
			} catch (e) {
				outcome = { kind: 'reader-error', reason: e instanceof Error ? e.message : String(e) };
				if (this.#readerFailed(worker, outcome.reason, max)) return;
				await sleep(pollMs);
				continue;
			}
			try {
				outcome = await processCard(link, {
					ledger: this.#o.ledger,
					rows: this.#o.rows,
					profile: this.#o.profile,
					holder: this.#holderOf(reader),
					leaseMs,
					...(this.#o.force === true ? { force: true } : {}),
					onStep: (step, iccid) => this.#emit({ type: 'step', reader, step, ...(iccid === undefined ? {} : { iccid }) })
				});
			} finally {
				// A warm reset on the way out: no key presented here stays verified for the next program (TS 102 221 §6.2.1).
				await link.close('reset').catch(() => undefined);
			}
			worker.cards++;
			this.#emit({ type: 'card', reader, outcome, ms: now() - started });
			if (outcome.kind === 'reader-error') {
				if (this.#readerFailed(worker, outcome.reason, max)) return;
				await sleep(pollMs);
				continue;
			}
			worker.failures = 0;
			if (outcome.kind === 'verified') worker.verified++;
			else if (outcome.kind === 'failed') worker.failed++;
			else worker.refused++;
			await this.#checkDone();
			// Finished, set aside or refused: out it goes, the next card comes (or the person takes it).
			await this.#o.handler.done(reader);
		}
	}

	/** Counts a reader failure; true when the reader is taken out of rotation. */
	#readerFailed(worker: Worker, reason: string, max: number): boolean {
		worker.failures++;
		if (worker.failures < max) return false;
		worker.out = `${worker.failures} failures in a row; last: ${reason}`;
		this.#emit({ type: 'reader-out', reader: worker.reader, reason: worker.out });
		return true;
	}
}

