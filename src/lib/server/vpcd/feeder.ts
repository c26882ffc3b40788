// The simulator's card feeder (issue 12 §3): each vpcd slot holds a stack of simulated cards; the card in the slot
// is taken out when the station says so (an "eject" on the control socket, pySim's --card_handler in our words) and
// the next card of the stack goes in. The feeder is its own process: it outlives a station that is killed, keeps
// every card's file system and counts each card's completed writes (simulator/stack.ts WriteCounter).
//
// Control protocol: one line per request on a Unix socket, one line per answer.
//   eject <reader name>   → `ok <ICCID of the card now in the slot>` or `ok -` (the stack is empty)
//   state                 → one JSON line: FeederState
//   restack               → every card back on its slot's stack in order, the first inserted: `ok`
import net from 'node:net';
import { renameSync, writeFileSync } from 'node:fs';
import { stackCard, type StackCard, type UiccSimulator, type WriteCounter } from '../../card/simulator';
import { VpcdClient } from './client';

export interface FeederSlot {
	/** The PC/SC reader name pcscd gives this vpcd slot ("Virtual PCD 00 00"). */
	readonly reader: string;
	readonly port: number;
}

interface Card {
	readonly iccid: string;
	readonly simulator: UiccSimulator;
	readonly counter: WriteCounter;
	insertions: number;
}

interface Slot extends FeederSlot {
	stack: Card[];
	/** Cards taken out of this slot, in order. */
	done: Card[];
	current: Card | undefined;
	client: VpcdClient | undefined;
	busy: Promise<void>;
}

export interface FeederCardState {
	iccid: string;
	reader: string;
	/** Writes of all the provisioning files (one = the card was fully written once). */
	completedWrites: number;
	/** Accepted UPDATE commands, completed or not. */
	updates: number;
	insertions: number;
	adm1Remaining: number | undefined;
	where: 'stack' | 'slot' | 'out';
}

export interface FeederState {
	slots: { reader: string; port: number; current: string | null; left: number }[];
	cards: FeederCardState[];
}

export interface FeederOptions {
	slots: readonly FeederSlot[];
	cards: readonly StackCard[];
	/**
	 * Time between taking a card out and putting the next in (default 900 ms): pcscd polls vpcd for presence every
	 * 400 ms, and a card put in before it saw the last one go would look like the same card. The feeder does not ask
	 * PC/SC itself: it serves vpcd, and a PC/SC call waiting on pcscd while pcscd waits on vpcd would deadlock.
	 */
	gapMs?: number;
	/** Each card's time per command (VpcdClientOptions.commandMs; default 0). */
	commandMs?: number;
	/** Written (atomically) after every change. */
	stateFile?: string;
	log?: (line: string) => void;
}

export class CardFeeder {
	readonly #slots: Slot[];
	readonly #gapMs: number;
	readonly #commandMs: number;
	readonly #stateFile: string | undefined;
	readonly #log: (line: string) => void;
	#server: net.Server | undefined;

	constructor(options: FeederOptions) {
		if (options.slots.length === 0) throw new Error('a feeder needs at least one slot');
		this.#slots = options.slots.map((s) => ({ ...s, stack: [], done: [], current: undefined, client: undefined, busy: Promise.resolve() }));
		// Cards dealt round-robin: card i goes on slot i mod n, as a robot's input trays would be filled.
		options.cards.forEach((c, i) => {
			const { simulator, counter } = stackCard(c);
			this.#slots[i % this.#slots.length].stack.push({ iccid: c.iccid, simulator, counter, insertions: 0 });
		});
		this.#gapMs = options.gapMs ?? 900;
		this.#commandMs = options.commandMs ?? 0;
		this.#stateFile = options.stateFile;
		this.#log = options.log ?? (() => undefined);
	}

	/** Puts the first card of every stack in its slot. */
	async start(): Promise<void> {
		await Promise.all(this.#slots.map((s) => this.#insertNext(s)));
		this.#save();
	}

	/** A card in = a vpcd connection on the slot's port (vpcd sees the card when it accepts it). */
	async #insertNext(slot: Slot): Promise<void> {
		const card = slot.stack.shift();
		slot.current = card;
		if (card === undefined) return;
		card.insertions++;
		card.counter.inserted();
		card.simulator.reset();
		const client = new VpcdClient(card.simulator, { port: slot.port, retryMs: 50, commandMs: this.#commandMs });
		slot.client = client;
		await client.start();
		this.#log(`feeder: ${card.iccid} in ${slot.reader}`);
	}

	/** A card out = its connection closed; then the gap, so pcscd sees the slot empty before the next card. */
	async #remove(slot: Slot): Promise<void> {
		const client = slot.client;
		slot.client = undefined;
		if (slot.current !== undefined) slot.done.push(slot.current);
		slot.current = undefined;
		if (client === undefined) return;
		await client.stop();
		await new Promise((r) => setTimeout(r, this.#gapMs));
	}

	/** Takes the card out of the reader's slot and puts in the next; resolves to the new card's ICCID. */
	eject(reader: string): Promise<string | undefined> {
		const slot = this.#slots.find((s) => s.reader === reader);
		if (slot === undefined) return Promise.reject(new Error(`no slot for reader ${JSON.stringify(reader)}`));
		const run = slot.busy.then(async () => {
			await this.#remove(slot);
			await this.#insertNext(slot);
			this.#save();
		});
		slot.busy = run.catch(() => undefined);
		return run.then(() => slot.current?.iccid);
	}

	/** Every card back on its stack in the original order, the first of each in its slot (to read them all again). */
	async restack(): Promise<void> {
		await Promise.all(
			this.#slots.map(async (slot) => {
				await slot.busy;
				await this.#remove(slot);
				slot.stack = [...slot.done, ...slot.stack];
				slot.done = [];
				await this.#insertNext(slot);
			})
		);
		this.#save();
	}

	state(): FeederState {
		const cards: FeederCardState[] = [];
		for (const slot of this.#slots) {
			const add = (c: Card, where: FeederCardState['where']): void => {
				cards.push({
					iccid: c.iccid,
					reader: slot.reader,
					completedWrites: c.counter.completed,
					updates: c.counter.updates,
					insertions: c.insertions,
					adm1Remaining: c.simulator.state.keys.ADM1?.remaining,
					where
				});
			};
			slot.done.forEach((c) => add(c, 'out'));
			if (slot.current !== undefined) add(slot.current, 'slot');
			slot.stack.forEach((c) => add(c, 'stack'));
		}
		return {
			slots: this.#slots.map((s) => ({ reader: s.reader, port: s.port, current: s.current?.iccid ?? null, left: s.stack.length })),
			cards
		};
	}

	#save(): void {
		if (this.#stateFile === undefined) return;
		const tmp = `${this.#stateFile}.tmp`;
		writeFileSync(tmp, JSON.stringify(this.state()) + '\n');
		renameSync(tmp, this.#stateFile);
	}

	/** Answers control requests on a Unix socket at `path`. */
	listen(path: string): Promise<void> {
		const server = net.createServer((sock) => {
			let buffered = '';
			sock.setEncoding('utf8');
			sock.on('data', (chunk: string) => {
				buffered += chunk;
				let nl: number;
				while ((nl = buffered.indexOf('\n')) >= 0) {
					const line = buffered.slice(0, nl).trim();
					buffered = buffered.slice(nl + 1);
					void this.#answer(line).then((reply) => {
						if (!sock.destroyed) sock.write(reply + '\n');
					});
				}
			});
			sock.on('error', () => undefined);
		});
		this.#server = server;
		return new Promise((resolve, reject) => {
			server.once('error', reject);
			server.listen(path, () => resolve());
		});
	}

	async #answer(line: string): Promise<string> {
		try {
			if (line.startsWith('eject ')) return `ok ${(await this.eject(line.slice(6))) ?? '-'}`;
			if (line === 'state') return JSON.stringify(this.state());
			if (line === 'restack') {
				await this.restack();
				return 'ok';
			}
			return `error unknown request ${JSON.stringify(line.slice(0, 40))}`;
		} catch (e) {
			return `error ${e instanceof Error ? e.message : String(e)}`;
		}
	}

	async stop(): Promise<void> {
		this.#server?.close();
		await Promise.all(this.#slots.map((s) => s.client?.stop()));
	}
}

/** One request to a feeder's control socket, one answer line back. */
export function feederRequest(path: string, request: string, timeoutMs = 15000): Promise<string> {
	return new Promise((resolve, reject) => {
		const sock = net.createConnection(path);
		let buffered = '';
		const timer = setTimeout(() => {
			sock.destroy();
			reject(new Error(`card feeder ${path}: no answer to ${request.split(' ')[0]} after ${timeoutMs} ms`));
		}, timeoutMs);
		sock.setEncoding('utf8');
		sock.on('connect', () => sock.write(request + '\n'));
		sock.on('data', (chunk: string) => {
			buffered += chunk;
			const nl = buffered.indexOf('\n');
			if (nl >= 0) {
				clearTimeout(timer);
				sock.end();
				resolve(buffered.slice(0, nl));
			}
		});
		sock.on('error', (e) => {
			clearTimeout(timer);
			reject(new Error(`card feeder ${path}: ${e.message}`));
		});
	});
}
