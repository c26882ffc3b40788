// A card pulled out of the reader in the middle of a write: the error names the APDU that was lost, the card is
// left consistent (documents first, directory files last), and running the same write again repairs it.
import { describe, expect, it } from 'vitest';
import { CardError, CardSession } from '../../../src/lib/card';
import { PROFILES } from '../../../src/lib/card/pkcs15';
import { provisionCard, readProvisioning } from '../../../src/lib/card/provisioning';
import { toHex } from '../../../src/lib/codec/hex';
import { ADM1, efData, ffFilled, LIBWBXML_CP, NOWSMS_CP, PulledCardTransport, sessionOn, simulator } from './fixtures';

const PROFILE = PROFILES['oma-provsc'];
const OPTIONS = { documents: { bootstrap: NOWSMS_CP, config1: LIBWBXML_CP }, adm: ADM1, profile: PROFILE };

/** Index of the n-th (1-based) exchange whose command is `name` in a complete run on a fresh card. */
async function exchangeIndex(name: string, n: number): Promise<number> {
	const { session } = sessionOn(simulator());
	await provisionCard(session, OPTIONS);
	let seen = 0;
	const i = session.trace.entries.findIndex((e) => e.command === name && ++seen === n);
	if (i < 0) throw new Error(`no ${name} #${n}`);
	return i;
}

describe('card removed mid-write', () => {
	it('names the lost UPDATE BINARY, leaves no pointer to the half-written file, and a re-run repairs the card', async () => {
		// Pull the card right before the second UPDATE BINARY: the first 255 bytes of the Bootstrap are written.
		const cut = await exchangeIndex('UPDATE BINARY', 2);
		const card = simulator();
		const pulled = new PulledCardTransport(sessionOn(card).transport, cut);
		const err = await provisionCard(new CardSession(pulled), OPTIONS).catch((e: unknown) => e);
		expect(err).toBeInstanceOf(CardError);
		expect(err).toMatchObject({ code: 'TRANSPORT', apdu: 'UPDATE BINARY 00 D6 00 FF FF', reader: 'pulled-reader' });
		// Offset 00FF = 255: the second chunk of EF 6E01.
		expect((err as Error).message).toBe(
			'Bootstrap 3F00 7F50 6E01: UPDATE BINARY 00 D6 00 FF FF: PC/SC reader "pulled-reader": transmit failed: Card was removed.'
		);
		expect(toHex(efData(card, 0x7f50, 0x6e01).subarray(0, 118))).toBe(toHex(NOWSMS_CP));
		// ODF and DODF still erased: a handset reading now finds no provisioning document rather than a broken one.
		expect(toHex(efData(card, 0x7f50, 0x5031))).toBe('FF'.repeat(128));
		card.reset(); // re-inserted
		const during = await readProvisioning(sessionOn(card).session, PROFILE);
		expect(during.discovery.documents).toEqual([]);

		card.reset();
		const report = await provisionCard(sessionOn(card).session, OPTIONS);
		expect(report.verified).toBe(true);
		expect(toHex(efData(card, 0x7f50, 0x6e01))).toBe(toHex(ffFilled(NOWSMS_CP, 2048)));
		card.reset();
		const after = await readProvisioning(sessionOn(card).session, PROFILE);
		expect(after.discovery.documents.map((d) => d.label)).toEqual(['Bootstrap', 'Config1']);
	});

	it('a card pulled while selecting the next file names that file, not the one before it', async () => {
		// The write SELECT of Config1 (P2 0C: its FCP is known from the probe), second such SELECT in the run.
		const { session } = sessionOn(simulator());
		await provisionCard(session, OPTIONS);
		const selects = session.trace.entries.flatMap((e, i) => (e.capdu === '00 A4 08 0C 04 7F 50 6E 02' ? [i] : []));
		const card = simulator();
		const err = await provisionCard(new CardSession(new PulledCardTransport(sessionOn(card).transport, selects[1])), OPTIONS).catch((e: unknown) => e);
		expect((err as Error).message).toBe(
			'Config1 3F00 7F50 6E02: SELECT PATH 00 A4 08 0C 04: PC/SC reader "pulled-reader": transmit failed: Card was removed.'
		);
		expect(toHex(efData(card, 0x7f50, 0x6e01))).toBe(toHex(ffFilled(NOWSMS_CP, 2048)));
	});

	it('a card pulled during the EF.DIR update is repaired by the re-run too', async () => {
		const cut = await exchangeIndex('UPDATE RECORD', 1);
		const card = simulator();
		const err = await provisionCard(new CardSession(new PulledCardTransport(sessionOn(card).transport, cut)), OPTIONS).catch((e: unknown) => e);
		expect((err as Error).message).toBe('EF.DIR 3F00 2F00: UPDATE RECORD 00 DC 02 04 20: PC/SC reader "pulled-reader": transmit failed: Card was removed.');
		card.reset();
		expect((await provisionCard(sessionOn(card).session, OPTIONS)).verified).toBe(true);
	});

	it('a card pulled during the read-back fails the run with the READ BINARY named, and the write itself stands', async () => {
		// READ BINARY #1 ICCID, #2 and #3 the IMSI tries (6982 without PIN1), #4 and #5 the read-back of 6E01.
		const cut = await exchangeIndex('READ BINARY', 5);
		const card = simulator();
		const err = await provisionCard(new CardSession(new PulledCardTransport(sessionOn(card).transport, cut)), OPTIONS).catch((e: unknown) => e);
		expect(err).toMatchObject({ code: 'TRANSPORT', apdu: 'READ BINARY 00 B0 01 00 00' });
		expect((err as Error).message).toMatch(/^read-back of Bootstrap 3F00 7F50 6E01: READ BINARY 00 B0 01 00 00: /);
		expect(toHex(efData(card, 0x7f50, 0x6e02))).toBe(toHex(ffFilled(LIBWBXML_CP, 1024)));
	});
});
