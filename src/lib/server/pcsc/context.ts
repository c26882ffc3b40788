// PC/SC access through the `pcsclite` binding (loaded with createRequire: it is CommonJS with a native addon).
// ORACLES.md §4: closing only the used reader leaves the process hanging — close EVERY reader, then the context.
import { createRequire } from 'node:module';
import { CardError } from '../../card/error';
import type { Transport } from '../../card/transport';
import { echoed } from '../../text';
import type { LiteContext, LiteFactory, LiteReader, LiteStatus } from './pcsclite-types';

const require = createRequire(import.meta.url);

function message(e: unknown): string {
	return e instanceof Error ? e.message : String(e);
}

function transportError(reader: string, what: string, e?: unknown): CardError {
	return new CardError('TRANSPORT', `PC/SC reader ${echoed(reader)}: ${what}${e === undefined ? '' : `: ${message(e)}`}`, { reader });
}

export interface ConnectOptions {
	/** Exclusive while writing, so no other PC/SC client interleaves APDUs (default true). */
	exclusive?: boolean;
	/** How long one command may go unanswered (default COMMAND_TIMEOUT_MS). */
	commandTimeoutMs?: number;
}

/**
 * A command unanswered this long is given up. PC/SC itself waits as long as the reader driver does, which for a card
 * that stops answering mid-command (pulled half out, broken, a virtual card whose program hangs) can be for ever: a
 * `card read` then hung with no word. The provisioning commands take milliseconds; a slow card's time extensions
 * (T=0 NULL bytes, T=1 WTX) are well inside this.
 */
export const COMMAND_TIMEOUT_MS = 30_000;

/** A connected card: the Transport the APDU layer talks to. */
export class PcscCard implements Transport {
	/** A command was given up: the reader may still be busy with it, so no other goes out on this connection. */
	#stuck = false;
	/** The command given up has not come back yet: it holds one of libuv's threads (4 unless UV_THREADPOOL_SIZE says
	 *  otherwise, shared with every file read and write of the process) until the card is taken out. */
	#outstanding = false;
	/** A disconnect asked for meanwhile, done once that command comes back. */
	#disconnectAfter: number | undefined;

	constructor(
		private readonly reader: LiteReader,
		readonly protocol: number,
		readonly atr: Uint8Array,
		private readonly commandTimeoutMs = COMMAND_TIMEOUT_MS,
		private readonly onStuck: () => void = () => undefined
	) {}

	get name(): string {
		return this.reader.name;
	}

	transmit(apdu: Uint8Array): Promise<Uint8Array> {
		if (this.#stuck) return Promise.reject(transportError(this.reader.name, 'the card stopped answering earlier on this connection; take it out and put it in again'));
		return new Promise((resolve, reject) => {
			const timer = setTimeout(() => {
				this.#stuck = true;
				this.onStuck();
				const seconds = this.commandTimeoutMs / 1000;
				reject(transportError(this.reader.name, `no answer from the card within ${seconds} s (taken out half-way, or not working): take it out of the reader`));
			}, this.commandTimeoutMs);
			// 256 data bytes + SW1 SW2 for short APDUs; extended answers get room up to 64 KiB.
			const resLen = apdu.length > 5 && apdu[4] === 0 ? 65538 : 258;
			this.#outstanding = true;
			this.reader.transmit(Buffer.from(apdu), resLen, this.protocol, (err, res) => {
				clearTimeout(timer);
				this.#outstanding = false;
				const code = this.#disconnectAfter;
				if (code !== undefined) {
					this.#disconnectAfter = undefined;
					this.reader.disconnect(code, () => undefined);
				}
				if (err) reject(transportError(this.reader.name, 'transmit failed', err));
				else resolve(new Uint8Array(res.buffer, res.byteOffset, res.byteLength).slice());
			});
		});
	}

	/**
	 * Ends the connection: 'leave' keeps the card as it is (LEAVE_CARD), 'reset' resets it (RESET_CARD: a warm reset
	 * clears the security status of every key presented, TS 102 221 §6.2.1), 'unpower' powers it down.
	 */
	disconnect(disposition: 'leave' | 'reset' | 'unpower' = 'leave'): Promise<void> {
		return new Promise((resolve, reject) => {
			const r = this.reader;
			const code = disposition === 'reset' ? r.SCARD_RESET_CARD : disposition === 'unpower' ? r.SCARD_UNPOWER_CARD : r.SCARD_LEAVE_CARD;
			// Behind a command the card never answered, PC/SC holds a disconnect as long, and with it a second libuv
			// thread: two such cards took all four, and every file read of the process (the studio serving its pages,
			// reading an order) waited for them. The disconnect goes out when that command comes back instead.
			if (this.#stuck && this.#outstanding) {
				this.#disconnectAfter = code;
				resolve();
				return;
			}
			r.disconnect(code, (err) => {
				if (err) reject(transportError(r.name, 'disconnect failed', err));
				else resolve();
			});
		});
	}
}

export class PcscContext {
	private readonly readers = new Map<string, LiteReader>();
	private readonly states = new Map<string, LiteStatus>();
	private readonly waiters = new Set<() => void>();
	private lastError: unknown;
	private closed = false;
	/** A card of this context stopped answering mid-command (PcscCard): pcscd still waits on it. */
	stuck = false;
	/** Readers closed before their watcher thread reported once: closed at that first report (close() says why). */
	private readonly closeOnStatus = new Set<LiteReader>();

	private constructor(private readonly lite: LiteContext) {
		lite.on('reader', (r: LiteReader) => {
			this.readers.set(r.name, r);
			r.on('status', (s: LiteStatus) => {
				this.states.set(r.name, s);
				if (this.closed && this.closeOnStatus.delete(r)) setImmediate(() => r.close());
				this.notify();
			});
			r.on('error', (e: unknown) => {
				this.lastError = e;
				this.notify();
			});
			r.on('end', () => {
				this.readers.delete(r.name);
				this.states.delete(r.name);
				this.notify();
			});
			this.notify();
		});
		lite.on('error', (e: unknown) => {
			this.lastError = e;
			this.notify();
		});
	}

	static open(): PcscContext {
		const factory = require('pcsclite') as LiteFactory;
		return new PcscContext(factory());
	}

	private notify(): void {
		for (const w of [...this.waiters]) w();
	}

	/** Resolves when `test` returns a value, re-checked on every PC/SC event; rejects after timeoutMs. */
	private waitFor<T>(test: () => T | undefined, timeoutMs: number, what: string, reader: string): Promise<T> {
		return new Promise((resolve, reject) => {
			const check = (): void => {
				const v = test();
				if (v !== undefined) {
					this.waiters.delete(check);
					clearTimeout(timer);
					resolve(v);
				}
			};
			const timer = setTimeout(() => {
				this.waiters.delete(check);
				const extra = this.lastError === undefined ? '' : ` (last PC/SC error: ${message(this.lastError)})`;
				reject(transportError(reader, `timed out after ${timeoutMs} ms waiting for ${what}${extra}`));
			}, timeoutMs);
			this.waiters.add(check);
			check();
		});
	}

	/** Reader names seen so far (PC/SC reports them asynchronously after open). */
	readerNames(): string[] {
		return [...this.readers.keys()];
	}

	/** Waits until at least `count` readers are listed. */
	async listReaders(count = 1, timeoutMs = 3000): Promise<string[]> {
		return this.waitFor(() => (this.readers.size >= count ? this.readerNames() : undefined), timeoutMs, `${count} reader(s)`, '*');
	}

	/** Waits for a card in `reader`; returns its ATR. */
	waitForCard(reader: string, timeoutMs = 5000): Promise<Uint8Array> {
		return this.waitFor(
			() => {
				const r = this.readers.get(reader);
				const s = this.states.get(reader);
				if (!r || !s || (s.state & r.SCARD_STATE_PRESENT) === 0) return undefined;
				return s.atr ? new Uint8Array(s.atr) : new Uint8Array(0);
			},
			timeoutMs,
			'a card',
			reader
		);
	}

	/** Waits until `reader` reports no card (e.g. after the simulator detached). */
	waitForRemoval(reader: string, timeoutMs = 5000): Promise<true> {
		return this.waitFor(
			() => {
				const r = this.readers.get(reader);
				const s = this.states.get(reader);
				return r && s && (s.state & r.SCARD_STATE_PRESENT) === 0 ? true : undefined;
			},
			timeoutMs,
			'card removal',
			reader
		);
	}

	async connect(reader: string, options: ConnectOptions = {}): Promise<PcscCard> {
		const r = this.readers.get(reader);
		if (!r) throw transportError(reader, `no such reader (have: ${this.readerNames().join(', ') || 'none'})`);
		const atr = await this.waitForCard(reader, 5000);
		const share = options.exclusive === false ? r.SCARD_SHARE_SHARED : r.SCARD_SHARE_EXCLUSIVE;
		const protocol = await new Promise<number>((resolve, reject) => {
			r.connect({ share_mode: share, protocol: r.SCARD_PROTOCOL_T0 | r.SCARD_PROTOCOL_T1 }, (err, p) => {
				if (err) reject(transportError(reader, 'connect failed', err));
				else resolve(p);
			});
		});
		return new PcscCard(r, protocol, atr, options.commandTimeoutMs, () => (this.stuck = true));
	}

	/**
	 * Closes every reader, then the context (ORACLES.md §4 quirk). Idempotent.
	 * A reader whose watcher thread has not reported yet is closed at its first report instead: pcsclite's
	 * CardReader::Close before that thread entered its loop leaves the thread to end without its exit signal, and
	 * the process never exits (seen as a `batch run` on a finished order hanging 1 time in 15 after ~260 ms).
	 */
	close(): void {
		if (this.closed) return;
		this.closed = true;
		// Behind a command a card never answered, pcscd holds that reader: pcsclite's close() then blocks this thread
		// for as long (it joins the reader's watcher thread, itself waiting on pcscd), and the program hung after its
		// error line. Nothing is closed then; the program's exit releases the handles (pcscd frees a dead client's).
		if (this.stuck) return;
		for (const [name, r] of this.readers) {
			if (this.states.has(name)) r.close();
			else this.closeOnStatus.add(r);
		}
		this.readers.clear();
		this.lite.close();
	}
}

/**
 * How many PC/SC calls can run at once in this process: pcsclite runs each on libuv's thread pool, whose size Node
 * read from UV_THREADPOOL_SIZE as it started (libuv: 4 when unset; a number is taken as C's atoi takes it, 0 as 1,
 * at most 1024, src/threadpool.c init_threads). bin/pstudio.js starts with 64.
 */
export function pcscThreads(env: Record<string, string | undefined> = process.env): number {
	const value = env.UV_THREADPOOL_SIZE;
	if (value === undefined) return 4;
	const n = Number.parseInt(value.trim(), 10);
	if (Number.isNaN(n) || n === 0) return 1;
	// libuv keeps the count unsigned: a negative one is past the cap.
	return n < 0 ? 1024 : Math.min(1024, n);
}
