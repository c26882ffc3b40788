// One card at the station (src/lib/batch/station/card-steps.ts) over the simulator and the in-memory ledger: the
// claim decides whether the card is touched, a row left in `writing` is reconciled by reading the card, a failed
// VERIFY ADM1 is recorded with its tries and never retried.
import { describe, expect, it } from 'vitest';
import { MemoryLedgerStore } from '../../../src/lib/batch/ledger';
import { processCard, type CardLink, type RowSource } from '../../../src/lib/batch/station';
import { PROFILES } from '../../../src/lib/card/pkcs15';
import { SimulatorTransport, stackCard, type WriteCounter } from '../../../src/lib/card/simulator';
import type { UiccSimulator } from '../../../src/lib/card/simulator';
import { Secret } from '../../../src/lib/security/secret';

const ICCID = '8949010000000000008';
const OTHER = '8949010000000000016';
const ADM = new TextEncoder().encode('20000000');
// A small PROV 1.0 WBXML document (WBXML 1.3, public id 0B, UTF-8; wap-provisioningdoc → characteristic NAPDEF →
// parm NAPID "NAP1"): its bytes only have to come back from the card equal.
const DOCUMENT = Uint8Array.from([0x03, 0x0b, 0x6a, 0x00, 0x45, 0xc6, 0x56, 0x01, 0x87, 0x07, 0x06, 0x03, 0x4e, 0x41, 0x50, 0x31, 0x00, 0x01, 0x01, 0x01]);

function card(adm = ADM): { sim: UiccSimulator; counter: WriteCounter; transport: SimulatorTransport; link: CardLink } {
	const { simulator, counter } = stackCard({ iccid: ICCID, adm1: adm });
	const transport = new SimulatorTransport(simulator);
	return { sim: simulator, counter, transport, link: { transport, close: async () => undefined } };
}

const rows: RowSource = {
	async lookup(iccid) {
		if (iccid !== ICCID) return { ok: false, reason: 'not in the order' };
		return { ok: true, write: { documents: { bootstrap: DOCUMENT }, adm: new Secret('ADM1', ADM) } };
	}
};

async function ledgerWith(...iccids: string[]): Promise<MemoryLedgerStore> {
	const ledger = new MemoryLedgerStore();
	await ledger.init({ identity: 'order-1' }, iccids.map((iccid, i) => ({ iccid, rowIndex: i + 1 })));
	return ledger;
}

const holder = { station: 'st1', reader: 'R1' };

/** The ledger a crash leaves: the row claimed and marked writing, the station gone (its claims released). */
async function ledgerLeftWriting(): Promise<MemoryLedgerStore> {
	const ledger = await ledgerWith(ICCID);
	await ledger.claim(ICCID, holder, 60_000);
	await ledger.markWriting(ICCID, holder);
	await ledger.releaseStation('st1');
	return ledger;
}
const options = (ledger: MemoryLedgerStore) => ({ ledger, rows, profile: PROFILES['oma-provsc'], holder, leaseMs: 60_000 });

describe('station card steps', () => {
	it('writes the row, reads it back and records it verified; the card counts one completed write', async () => {
		const ledger = await ledgerWith(ICCID);
		const c = card();
		const outcome = await processCard(c.link, options(ledger));
		expect(outcome).toMatchObject({ kind: 'verified', iccid: ICCID, reconciled: false });
		expect(c.counter.completed).toBe(1);
		expect((await ledger.row(ICCID))?.state).toBe('verified');
	});

	it('refuses a card whose ICCID is not in the order and sends it no UPDATE and no VERIFY', async () => {
		const ledger = await ledgerWith(OTHER);
		const c = card();
		const outcome = await processCard(c.link, options(ledger));
		expect(outcome).toEqual({ kind: 'refused', iccid: ICCID, reason: `ICCID ${ICCID} is not in the order: card left untouched` });
		expect(c.counter.updates).toBe(0);
		// INS 20 = VERIFY (TS 102 221 §11.1.9): none was sent.
		expect(c.transport.seen.filter((a) => a.slice(2, 4) === '20')).toEqual([]);
	});

	it('refuses a card whose row is already verified, leaving it untouched', async () => {
		const ledger = await ledgerWith(ICCID);
		await processCard(card().link, options(ledger));
		const again = card();
		const outcome = await processCard(again.link, options(ledger));
		expect(outcome.kind).toBe('refused');
		expect(again.counter.updates).toBe(0);
	});

	it('marks a card that already holds its document verified without a second write when its row was left writing', async () => {
		const ledger = await ledgerWith(ICCID);
		const c = card();
		await processCard(c.link, options(ledger));
		// The crash: the ledger says `writing` (the write finished, markVerified never ran). Rebuild that ledger state.
		const crashed = await ledgerLeftWriting();
		const updatesBefore = c.counter.updates;
		c.counter.inserted();
		const outcome = await processCard(c.link, options(crashed));
		expect(outcome).toMatchObject({ kind: 'verified', reconciled: true });
		expect(c.counter.updates).toBe(updatesBefore);
		expect(await crashed.row(ICCID)).toMatchObject({ state: 'verified', reconciled: true });
	});

	it('a write cut just before the EF.DIR record: the card holds every file already, reconcile writes nothing more', async () => {
		// What the kill tests meet (tests/pcsc/station*.test.ts): the write updates the DF(PKCS#15) files, ODF last, then
		// the EF.DIR record (UPDATE RECORD, INS DC). The blank card's EF.DIR names PKCS#15 already, so a station killed
		// between the two leaves a card that reads complete: the simulator's count shows no completed write (it
		// counts at EF.DIR), and the restart marks the row verified by reading, without a second write.
		const c = card();
		const cut: CardLink = {
			transport: {
				name: 'cut',
				atr: c.transport.atr,
				transmit: async (apdu: Uint8Array) => {
					if (apdu[1] === 0xdc) throw new Error('station killed');
					return c.transport.transmit(apdu);
				}
			},
			close: async () => undefined
		};
		await processCard(cut, options(await ledgerWith(ICCID))).catch(() => undefined);
		expect(c.counter.completed).toBe(0);
		expect(c.counter.updates).toBeGreaterThan(0);
		const crashed = await ledgerLeftWriting();
		const updatesBefore = c.counter.updates;
		c.counter.inserted();
		const outcome = await processCard(c.link, options(crashed));
		expect(outcome).toMatchObject({ kind: 'verified', reconciled: true });
		expect(c.counter.updates).toBe(updatesBefore);
		expect(c.counter.completed).toBe(0);
	});

	it('writes again a card left half-written (reconcile finds it incomplete)', async () => {
		const crashed = await ledgerLeftWriting();
		const c = card();
		const outcome = await processCard(c.link, options(crashed));
		expect(outcome).toMatchObject({ kind: 'verified', reconciled: false });
		expect(c.counter.completed).toBe(1);
	});

	it('sets a card aside on a wrong ADM1 after one VERIFY, with the status word and the tries left', async () => {
		const ledger = await ledgerWith(ICCID);
		const c = card(new TextEncoder().encode('99999999'));
		const outcome = await processCard(c.link, options(ledger));
		// 63C9: wrong key, 9 tries left (TS 102 221 §10.2.1.5); the simulator's ADM1 starts with 10.
		expect(outcome).toMatchObject({ kind: 'failed', statusWord: 0x63c9, command: 'VERIFY ADM1 00 20 00 0A 08 ****', auth: { triesLeft: 9 } });
		expect(c.sim.state.keys.ADM1?.remaining).toBe(9);
		expect(c.counter.updates).toBe(0);
		expect(await ledger.row(ICCID)).toMatchObject({ state: 'failed', authFailure: true, triesLeft: 9, statusWord: 0x63c9 });
		// The row is final: the same card again is refused, the key not tried a second time.
		expect((await processCard(c.link, options(ledger))).kind).toBe('refused');
		expect(c.sim.state.keys.ADM1?.remaining).toBe(9);
	});
});
