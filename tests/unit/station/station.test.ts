// The station's workers (src/lib/batch/station/station.ts) over simulated cards and the in-memory ledger: every
// reader takes its cards until the order is done; a reader that fails three times in a row is taken out of rotation
// with the reason and the row of its card is released, so another reader can write it.
import { describe, expect, it } from 'vitest';
import { MemoryLedgerStore } from '../../../src/lib/batch/ledger';
import { Station, type CardHandler, type CardLink, type ReaderPort, type RowSource, type StationEvent } from '../../../src/lib/batch/station';
import { CardError } from '../../../src/lib/card';
import { PROFILES } from '../../../src/lib/card/pkcs15';
import { SimulatorTransport, stackCard } from '../../../src/lib/card/simulator';
import type { UiccSimulator } from '../../../src/lib/card/simulator';
import { Secret } from '../../../src/lib/security/secret';

const ADM = new TextEncoder().encode('20000000');
const DOCUMENT = Uint8Array.from([0x03, 0x0b, 0x6a, 0x00, 0x45, 0xc6, 0x56, 0x01, 0x87, 0x07, 0x06, 0x03, 0x4e, 0x41, 0x50, 0x31, 0x00, 0x01, 0x01, 0x01]);
// ICCIDs 89490100000000000x with their Luhn digit (doubling every second digit from the right).
const ICCIDS = ['8949010000000000008', '8949010000000000016', '8949010000000000024', '8949010000000000032'];

const rows: RowSource = {
	async lookup() {
		return { ok: true, write: { documents: { bootstrap: DOCUMENT }, adm: new Secret('ADM1', ADM) } };
	}
};

/** Readers with a stack of simulated cards each; `broken` readers fail every connect (a dead reader). */
class FakeReaders implements ReaderPort, CardHandler {
	readonly slots = new Map<string, UiccSimulator[]>();
	constructor(
		stacks: Record<string, string[]>,
		private readonly broken: ReadonlySet<string> = new Set()
	) {
		for (const [reader, iccids] of Object.entries(stacks)) this.slots.set(reader, iccids.map((iccid) => stackCard({ iccid, adm1: ADM }).simulator));
	}
	readers(): readonly string[] {
		return [...this.slots.keys()];
	}
	async waitForCard(reader: string, timeoutMs: number): Promise<boolean> {
		if ((this.slots.get(reader) ?? []).length > 0) return true;
		await new Promise((r) => setTimeout(r, Math.min(timeoutMs, 5)));
		return false;
	}
	async connect(reader: string): Promise<CardLink> {
		if (this.broken.has(reader)) throw new CardError('TRANSPORT', `PC/SC reader "${reader}": connect failed`, { reader });
		const card = this.slots.get(reader)![0];
		return { transport: new SimulatorTransport(card), close: async () => undefined };
	}
	async done(reader: string): Promise<void> {
		this.slots.get(reader)!.shift();
	}
	/** Moves the cards of one reader to another (a person takes them to a working reader). */
	move(from: string, to: string): void {
		this.slots.get(to)!.push(...this.slots.get(from)!.splice(0));
	}
}

async function ledgerOf(iccids: string[]): Promise<MemoryLedgerStore> {
	const ledger = new MemoryLedgerStore();
	await ledger.init({ identity: 'order' }, iccids.map((iccid, i) => ({ iccid, rowIndex: i + 1 })));
	return ledger;
}

describe('station workers', () => {
	it('writes every card on two readers and ends when the ledger has nothing left', async () => {
		const ledger = await ledgerOf(ICCIDS);
		const readers = new FakeReaders({ A: [ICCIDS[0], ICCIDS[2]], B: [ICCIDS[1], ICCIDS[3]] });
		const events: StationEvent[] = [];
		const summary = await new Station({ station: 'st', ledger, rows, profile: PROFILES['oma-provsc'], port: readers, handler: readers, readers: 'all', pollMs: 5, onEvent: (e) => events.push(e) }).run();
		expect(summary.counts).toMatchObject({ total: 4, verified: 4, pending: 0 });
		expect(summary.stopped).toBe(false);
		expect(summary.readers.map((r) => [r.reader, r.verified])).toEqual([
			['A', 2],
			['B', 2]
		]);
		for (const [i, iccid] of ICCIDS.entries()) expect((await ledger.row(iccid))?.reader).toBe(i % 2 === 0 ? 'A' : 'B');
	});

	it('takes a reader that fails 3 times in a row out of rotation with the reason; its cards are written elsewhere', async () => {
		const ledger = await ledgerOf(ICCIDS.slice(0, 2));
		const readers = new FakeReaders({ A: [ICCIDS[0]], B: [ICCIDS[1]] }, new Set(['B']));
		const events: StationEvent[] = [];
		const station = new Station({
			station: 'st',
			ledger,
			rows,
			profile: PROFILES['oma-provsc'],
			port: readers,
			handler: readers,
			readers: 'all',
			pollMs: 5,
			onEvent: (e) => {
				events.push(e);
				// The operator takes the card out of the dead reader and puts it in the good one.
				if (e.type === 'reader-out') readers.move('B', 'A');
			}
		});
		const summary = await station.run();
		expect(events.filter((e) => e.type === 'reader-out')).toEqual([{ type: 'reader-out', reader: 'B', reason: '3 failures in a row; last: PC/SC reader "B": connect failed' }]);
		expect(summary.readers.find((r) => r.reader === 'B')?.out).toBe('3 failures in a row; last: PC/SC reader "B": connect failed');
		expect(summary.counts).toMatchObject({ verified: 2 });
		expect((await ledger.row(ICCIDS[1]))?.reader).toBe('A');
	});

	it('uses only the readers named', async () => {
		const ledger = await ledgerOf(ICCIDS.slice(0, 2));
		const readers = new FakeReaders({ A: [ICCIDS[0], ICCIDS[1]], B: [] });
		const summary = await new Station({ station: 'st', ledger, rows, profile: PROFILES['oma-provsc'], port: readers, handler: readers, readers: ['A'], pollMs: 5 }).run();
		expect(summary.readers.map((r) => r.reader)).toEqual(['A']);
		expect(summary.counts.verified).toBe(2);
	});
});

describe('two stations on one order', () => {
	it('a station whose readers are empty ends when the other station writes the last rows', async () => {
		const ledger = await ledgerOf(ICCIDS);
		const first = new FakeReaders({ A: [ICCIDS[0]] });
		const second = new FakeReaders({ B: [] });
		const idle = new Station({ station: 'st2', ledger, rows, profile: PROFILES['oma-provsc'], port: second, handler: second, readers: 'all', pollMs: 5 }).run();
		// The other station's cards arrive later (a second tray): st2 has been waiting with nothing in its reader.
		await new Promise((r) => setTimeout(r, 50));
		first.slots.get('A')!.push(...ICCIDS.slice(1).map((iccid) => stackCard({ iccid, adm1: ADM }).simulator));
		const busy = await new Station({ station: 'st1', ledger, rows, profile: PROFILES['oma-provsc'], port: first, handler: first, readers: 'all', pollMs: 5 }).run();
		expect(busy.counts).toMatchObject({ verified: 4 });
		const ended = await Promise.race([idle, new Promise<'still waiting'>((r) => setTimeout(() => r('still waiting'), 2000))]);
		expect(ended === 'still waiting' ? ended : ended.counts).toMatchObject({ verified: 4, pending: 0 });
		expect(ended === 'still waiting' ? ended : ended.stopped).toBe(false);
	});
});

describe('one station name, two processes on different readers', () => {
	it('a process started on reader B leaves the claim the other process holds on reader A alone', async () => {
		const ledger = await ledgerOf(ICCIDS.slice(0, 1));
		// The other process of station "st" is writing the card in reader A (live lease).
		await ledger.claim(ICCIDS[0], { station: 'st', reader: 'A' }, 60_000);
		await ledger.markWriting(ICCIDS[0], { station: 'st', reader: 'A' });
		const readers = new FakeReaders({ B: [] });
		const station = new Station({ station: 'st', ledger, rows, profile: PROFILES['oma-provsc'], port: readers, handler: readers, readers: ['B'], pollMs: 5 });
		const running = station.run();
		await new Promise((r) => setTimeout(r, 30));
		station.stop();
		await running;
		const row = await ledger.row(ICCIDS[0]);
		expect(row).toMatchObject({ state: 'writing', station: 'st', reader: 'A' });
		// Still held: the lease it had, not released (a released row in writing has none).
		expect(row?.leaseUntil).toBeDefined();
	});
});

describe('station with no reader left', () => {
	it('ends with the rows left when every reader is out of rotation', async () => {
		const ledger = await ledgerOf(ICCIDS.slice(0, 1));
		const readers = new FakeReaders({ A: [ICCIDS[0]] }, new Set(['A']));
		const summary = await new Station({ station: 'st', ledger, rows, profile: PROFILES['oma-provsc'], port: readers, handler: readers, readers: 'all', pollMs: 5 }).run();
		expect(summary.stopped).toBe(true);
		expect(summary.counts).toMatchObject({ pending: 1, verified: 0 });
		expect(summary.readers[0].out).toBe('3 failures in a row; last: PC/SC reader "A": connect failed');
	});
});
