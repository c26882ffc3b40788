// The live figures of a run (issue 12 "What a user gets"): per reader the card in it, its step and cards/min; for
// the order done, failed, left and the ETA. Fed with the station's events; the clock is the caller's.
import type { LedgerCounts } from '../ledger/index';
import type { StationEvent } from './station';

export interface ReaderProgress {
	readonly reader: string;
	readonly iccid?: string;
	readonly state: string;
	readonly cards: number;
	readonly cardsPerMinute: number;
}

export interface OrderProgress {
	readonly total: number;
	readonly done: number;
	readonly failed: number;
	readonly left: number;
	/** Milliseconds to the end at the pace since the start; undefined before the first card. */
	readonly etaMs?: number;
	readonly cardsPerMinute: number;
}

interface ReaderState {
	iccid?: string;
	state: string;
	cards: number;
	since: number;
}

export class Progress {
	readonly #now: () => number;
	readonly #start: number;
	readonly #readers = new Map<string, ReaderState>();
	#counts: LedgerCounts | undefined;
	#finishedHere = 0;

	constructor(now: () => number) {
		this.#now = now;
		this.#start = now();
	}

	update(event: StationEvent): void {
		const at = this.#now();
		const reader = (name: string): ReaderState => {
			let r = this.#readers.get(name);
			if (r === undefined) {
				r = { state: 'waiting', cards: 0, since: at };
				this.#readers.set(name, r);
			}
			return r;
		};
		switch (event.type) {
			case 'reader-joined':
				reader(event.reader).state = 'waiting';
				break;
			case 'reader-dropped':
				reader(event.reader).state = 'gone';
				break;
			case 'reader-out':
				reader(event.reader).state = `out of rotation: ${event.reason}`;
				break;
			case 'step': {
				const r = reader(event.reader);
				r.state = event.step;
				if (event.step === 'identify') delete r.iccid;
				else if (event.iccid !== undefined) r.iccid = event.iccid;
				break;
			}
			case 'card': {
				const r = reader(event.reader);
				r.cards++;
				r.state = event.outcome.kind === 'verified' && event.outcome.reconciled ? 'verified (reconciled)' : event.outcome.kind;
				if (event.outcome.kind === 'verified' || event.outcome.kind === 'failed') this.#finishedHere++;
				break;
			}
			case 'counts':
				this.#counts = event.counts;
				break;
		}
	}

	readers(): ReaderProgress[] {
		const at = this.#now();
		return [...this.#readers].map(([name, r]) => ({
			reader: name,
			...(r.iccid === undefined ? {} : { iccid: r.iccid }),
			state: r.state,
			cards: r.cards,
			cardsPerMinute: at > r.since ? (r.cards * 60_000) / (at - r.since) : 0
		}));
	}

	order(): OrderProgress {
		const c = this.#counts;
		const elapsed = this.#now() - this.#start;
		const rate = elapsed > 0 ? this.#finishedHere / elapsed : 0;
		const left = c === undefined ? 0 : c.pending + c.claimed + c.writing;
		return {
			total: c?.total ?? 0,
			done: c?.verified ?? 0,
			failed: c?.failed ?? 0,
			left,
			...(rate > 0 ? { etaMs: left / rate } : {}),
			cardsPerMinute: rate * 60_000
		};
	}
}
