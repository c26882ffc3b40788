// SessionCardFiles: the CardFiles adapter over a CardSession (TS 102 221 §11.1.1 SELECT, §11.1.3/§11.1.4 BINARY).
import { describe, expect, it } from 'vitest';
import { CardError, CardSession, verify, type Transport } from '../../../src/lib/card';
import { SessionCardFiles } from '../../../src/lib/card/provisioning';
import { fromHex, toHex } from '../../../src/lib/codec/hex';
import { ADM1, efData, ffFilled, sessionOn, simulator } from './fixtures';

const path = (hex: string) => fromHex(hex);

/** A reader/card that answers 6700 to READ BINARY with Le 00 and to UPDATE BINARY with Lc > 128. */
class PickyTransport implements Transport {
	readonly name = 'picky';
	readonly seen: string[] = [];
	constructor(private readonly inner: Transport) {}
	async transmit(apdu: Uint8Array): Promise<Uint8Array> {
		this.seen.push(toHex(apdu));
		if (apdu[1] === 0xb0 && apdu.length === 5 && apdu[4] === 0x00) return fromHex('6700');
		if (apdu[1] === 0xd6 && apdu[4] > 128) return fromHex('6700');
		return this.inner.transmit(apdu);
	}
}

describe('SessionCardFiles selection', () => {
	it('selects absolute paths with P1 08, relative ones with P1 09, and a known file again with P2 0C only', async () => {
		const { session, transport } = sessionOn(simulator());
		const files = new SessionCardFiles(session);
		expect(await files.selectPath(path('3F007F50'))).toEqual({ structure: 'df' });
		expect(await files.selectPath(path('6E01'))).toEqual({ structure: 'transparent', size: 2048 });
		// Same file by its absolute path: the adapter knows it already, so no FCP and no GET RESPONSE.
		expect(await files.selectPath(path('3F007F506E01'))).toEqual({ structure: 'transparent', size: 2048 });
		expect(await files.selectPath(path('3F002F00'))).toEqual({ structure: 'linear-fixed', recordLength: 32, recordCount: 4 });
		expect(transport.seen).toEqual([
			'00A40804027F5000', // SELECT path from MF, FCP wanted (Le 00)
			'00C000002B', // GET RESPONSE for the 61 2B (T=0 card)
			'00A40904026E0100', // path from the current DF 7F50
			'00C0000018',
			'00A4080C047F506E01', // known: P2 0C, no data back
			'00A40804022F0000',
			'00C000001C'
		]);
		expect(files.apdusByFile.get('3F00 7F50 6E01')).toBe(3);
	});

	it('rejects a missing file with the SELECT and 6A82 unchanged', async () => {
		const files = new SessionCardFiles(sessionOn(simulator()).session);
		const err = await files.selectPath(path('3F007F506E09')).catch((e: unknown) => e);
		expect(err).toMatchObject({ name: 'CardError', code: 'STATUS', sw: 0x6a82 });
		expect((err as Error).message).toBe('SELECT PATH 00 A4 08 04 04: 6A82 file or application not found');
	});
});

describe('SessionCardFiles chunking at the largest size the card accepts (apdu.md §3)', () => {
	it('reads 600 bytes as 256-byte chunks and writes them as 255-byte chunks on a card that takes both', async () => {
		const card = simulator();
		const { session, transport } = sessionOn(card);
		await verify(session, 'ADM1', ADM1);
		const files = new SessionCardFiles(session);
		await files.selectPath(path('3F007F506E01'));
		const data = Uint8Array.from({ length: 600 }, (_, i) => (i * 13 + 1) & 0xff);
		transport.seen.length = 0;
		await files.updateBinary(0, data);
		expect(toHex(await files.readBinary(0, 600))).toBe(toHex(data));
		// 600 = 255 + 255 + 90 (Lc FF, FF, 5A at offsets 0000, 00FF, 01FE); 600 = 256 + 256 + 88 (Le 00, 00, 58).
		expect(transport.seen.map((c) => c.slice(0, 10))).toEqual(['00D60000FF', '00D600FFFF', '00D601FE5A', '00B0000000', '00B0010000', '00B0020058']);
		expect(toHex(efData(card, 0x7f50, 0x6e01))).toBe(toHex(ffFilled(data, 2048)));
	});

	it('steps down to 255-byte reads and 128-byte writes when the card answers 6700, and keeps them', async () => {
		const card = simulator();
		const picky = new PickyTransport(sessionOn(card).transport);
		const session = new CardSession(picky);
		await verify(session, 'ADM1', ADM1);
		const files = new SessionCardFiles(session);
		await files.selectPath(path('3F007F506E01'));
		const data = Uint8Array.from({ length: 300 }, (_, i) => (i * 7 + 3) & 0xff);
		picky.seen.length = 0;
		await files.updateBinary(0, data);
		expect(toHex(await files.readBinary(0, 300))).toBe(toHex(data));
		expect(picky.seen.map((c) => c.slice(0, 10))).toEqual([
			'00D60000FF', // 6700: too long for this card
			'00D6000080', // 128 + 128 + 44
			'00D6008080',
			'00D601002C',
			'00B0000000', // 6700: Le 00 refused
			'00B00000FF', // 255 + 45
			'00B000FF2D'
		]);
		expect(files.chunkSizes).toEqual({ read: 255, update: 128 });
		picky.seen.length = 0;
		await files.readBinary(0, 10);
		expect(picky.seen).toEqual(['00B000000A']);
	});

	it('refuses a write past the end of the EF before sending it', async () => {
		const { session, transport } = sessionOn(simulator());
		const files = new SessionCardFiles(session);
		await files.selectPath(path('3F007F506E01'));
		const before = transport.seen.length;
		const err = await files.updateBinary(2040, new Uint8Array(10)).catch((e: unknown) => e);
		expect(err).toBeInstanceOf(CardError);
		expect((err as Error).message).toBe('UPDATE BINARY: 10 bytes at offset 2040 pass the end of the 2048-byte EF');
		expect(transport.seen.length).toBe(before);
	});

	it('reads and updates whole records of EF.DIR with the record length from the FCP', async () => {
		const { session, transport } = sessionOn(simulator());
		await verify(session, 'ADM1', ADM1);
		const files = new SessionCardFiles(session);
		await files.selectPath(path('3F002F00'));
		const record = ffFilled(fromHex('61084F06A00000000101'), 32);
		await files.updateRecord(3, record);
		expect(toHex(await files.readRecord(3))).toBe(toHex(record));
		expect(transport.seen.slice(-2).map((c) => c.slice(0, 10))).toEqual(['00DC030420', '00B2030420']);
	});
});
