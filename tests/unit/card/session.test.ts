import { describe, expect, it } from 'vitest';
import { CardError, CardSession, readBinary, readRecord, selectFid, selectGsm, updateBinary, updateRecord, verify } from '../../../src/lib/card';
import { Secret } from '../../../src/lib/security/secret';
import { toHex } from '../../../src/lib/codec/hex';
import { ScriptedTransport } from './scripted-transport';

const ADM = new Secret('ADM1', Uint8Array.from([0x38, 0x38, 0x38, 0x38, 0x38, 0x38, 0x38, 0x38]));

describe('CardSession T=0 response handling (TS 102 221 §7.3.1.1, apdu.md §6)', () => {
	it('answers 61XX with GET RESPONSE 00 C0 00 00 XX and returns the FCP', async () => {
		// FCP of a transparent EF 6E01 of 16 bytes, written by hand: 62 0C | 82 02 41 21 | 83 02 6E 01 | 80 02 00 10.
		const t = new ScriptedTransport([
			['00A40004026E0100', '610E'],
			['00C000000E', '620C820241218302 6E01 80020010 9000']
		]);
		const fcp = await selectFid(new CardSession(t), 0x6e01);
		expect(fcp?.fileId).toBe(0x6e01);
		expect(fcp?.fileSize).toBe(16);
		expect(t.done).toBe(true);
	});
	it('follows a chain of 61XX, concatenating the parts', async () => {
		const t = new ScriptedTransport([
			['00A40004026E0100', '6104'],
			['00C0000004', '620C8202 610A'],
			['00C000000A', '41218302 6E01 80020010 9000']
		]);
		const fcp = await selectFid(new CardSession(t), 0x6e01);
		expect(fcp?.descriptor?.structure).toBe('transparent');
		expect(fcp?.fileSize).toBe(16);
		expect(t.done).toBe(true);
	});
	it('re-sends the same command with Le = XX on 6CXX', async () => {
		const t = new ScriptedTransport([
			['00B2010420', '6C1B'],
			['00B201041B', '61194F0CA000000063504B43532D3135500357415051043F007F50 9000']
		]);
		const rec = await readRecord(new CardSession(t), 1, 32);
		expect(rec.length).toBe(27);
		expect(t.done).toBe(true);
	});
	it('uses CLA A0 for GET RESPONSE after a GSM 9FXX', async () => {
		// GSM EF header, TS 51.011 §9.2.1: size 0009, FID 6F07, type 04, AC 1A (READ CHV1, UPDATE ADM), transparent.
		const t = new ScriptedTransport([
			['A0A40000026F07', '9F0F'],
			['A0C000000F', '000000096F0704001AFFFF01020000 9000']
		]);
		const r = await selectGsm(new CardSession(t), 0x6f07);
		expect(r).toMatchObject({ fileId: 0x6f07, type: 'EF', sizeOrFreeMemory: 9, structure: 'transparent', status: 1 });
		expect(t.done).toBe(true);
	});
	it('answers a 6CXX to GET RESPONSE by re-sending the GET RESPONSE with Le = XX, not the command again', async () => {
		// TS 102 221 table 7.1: 6CXX means "resend the previous command header with P3 = XX"; after 6100 the previous
		// command is GET RESPONSE 00 C0 00 00 00, so the next one is 00 C0 00 00 0E. The SELECT must not run twice.
		const t = new ScriptedTransport([
			['00A40004026E0100', '6100'],
			['00C0000000', '6C0E'],
			['00C000000E', '620C820241218302 6E01 80020010 9000']
		]);
		const fcp = await selectFid(new CardSession(t), 0x6e01);
		expect(fcp?.fileSize).toBe(16);
		expect(t.done).toBe(true);
	});
	it('names the command when the card answers with a single byte instead of SW1 SW2', async () => {
		// An R-APDU is data + SW1 SW2 (ISO/IEC 7816-4 §5.1): one byte cannot be a status word.
		const t = new ScriptedTransport([['00A40004026E0100', '90']]);
		const err = (await selectFid(new CardSession(t), 0x6e01).catch((e: unknown) => e)) as CardError;
		expect(err).toBeInstanceOf(CardError);
		expect(err.code).toBe('RESPONSE_MALFORMED');
		expect(err.apdu).toBe('SELECT 00 A4 00 04 02');
		expect(err.message).toBe('SELECT 00 A4 00 04 02: R-APDU of 1 bytes has no SW1 SW2');
	});
	it('fails a GSM SIM write answered 9240 memory problem', async () => {
		// TS 51.011 §9.4.5: 92 40 = memory problem; only 92 0X is "successful after X internal retries".
		const t = new ScriptedTransport([['A0D6000003AABBCC', '9240']]);
		const err = (await updateBinary(new CardSession(t), 0, Uint8Array.from([0xaa, 0xbb, 0xcc]), { cla: 0xa0 }).catch((e: unknown) => e)) as CardError;
		expect(err).toBeInstanceOf(CardError);
		expect(err.code).toBe('STATUS');
		expect(err.sw).toBe(0x9240);
	});
	it('takes a UICC update answered 63CX as written: successful after X internal retries (TS 102 221 §10.2.1.2)', async () => {
		// Outside VERIFY, 63 CX is the warning "command successful but after using an internal update retry routine
		// X times": the bytes are on the card. The record write is the same command family (UPDATE RECORD, DC).
		const t = new ScriptedTransport([
			['00D6000003AABBCC', '63C2'],
			['00DC010403DDEEFF', '63C1']
		]);
		const session = new CardSession(t);
		await expect(updateBinary(session, 0, Uint8Array.from([0xaa, 0xbb, 0xcc]))).resolves.toBeUndefined();
		await expect(updateRecord(session, 1, Uint8Array.from([0xdd, 0xee, 0xff]))).resolves.toBeUndefined();
		// The trace says what the SW means after an update, not "verification failed".
		expect(session.trace.toText()).toBe('> UPDATE BINARY 00 D6 00 00 03 AA BB CC\n< 63C2 successful after 2 internal retries\n> UPDATE RECORD 00 DC 01 04 03 DD EE FF\n< 63C1 successful after 1 internal retries');
		// A GSM SIM has no 63CX (TS 51.011 §9.4: its "after X retries" is 920X): refused there as an unknown status.
		const sim = new ScriptedTransport([['A0D6000003AABBCC', '63C2']]);
		const err = (await updateBinary(new CardSession(sim), 0, Uint8Array.from([0xaa, 0xbb, 0xcc]), { cla: 0xa0 }).catch((e: unknown) => e)) as CardError;
		expect([err.code, err.sw]).toEqual(['STATUS', 0x63c2]);
	});
	it('throws a CardError naming command, header and status word', async () => {
		const t = new ScriptedTransport([['00D6000003AABBCC', '6982']]);
		const err = await updateBinary(new CardSession(t), 0, Uint8Array.from([0xaa, 0xbb, 0xcc])).catch((e: unknown) => e);
		expect(err).toBeInstanceOf(CardError);
		expect((err as CardError).message).toBe('UPDATE BINARY 00 D6 00 00 03: 6982 security status not satisfied');
		expect((err as CardError).sw).toBe(0x6982);
		expect((err as CardError).code).toBe('STATUS');
	});
});

describe('READ/UPDATE BINARY chunking (apdu.md §3)', () => {
	it('reads 600 bytes as 256 + 256 + 88 with 15-bit offsets', async () => {
		const t = new ScriptedTransport([
			['00B0000000', 'AA'.repeat(256) + '9000'],
			['00B0010000', 'BB'.repeat(256) + '9000'],
			['00B0020058', 'CC'.repeat(88) + '9000']
		]);
		const data = await readBinary(new CardSession(t), 0, 600);
		expect(data.length).toBe(600);
		expect(data[256]).toBe(0xbb);
		expect(data[599]).toBe(0xcc);
	});
	it('stops at 6282 end of file with the bytes the card had', async () => {
		const t = new ScriptedTransport([['00B0000A00', '0102036282']]);
		expect(toHex(await readBinary(new CardSession(t), 10, 256))).toBe('010203');
	});
	it('honours a 255-byte read chunk for cards that refuse Le 00', async () => {
		const t = new ScriptedTransport([
			['00B00000FF', '11'.repeat(255) + '9000'],
			['00B000FF01', '22' + '9000']
		]);
		expect((await readBinary(new CardSession(t), 0, 256, { readChunk: 255 })).length).toBe(256);
	});
	it('writes 300 bytes as 255 + 45', async () => {
		const t = new ScriptedTransport([
			['00D60000FF' + '55'.repeat(255), '9000'],
			['00D600FF2D' + '55'.repeat(45), '9000']
		]);
		await updateBinary(new CardSession(t), 0, new Uint8Array(300).fill(0x55));
		expect(t.done).toBe(true);
	});
	it('refuses offsets past 7FFF before sending anything', async () => {
		const t = new ScriptedTransport([]);
		await expect(readBinary(new CardSession(t), 0x8000, 1)).rejects.toThrow('binary range offset 32768 length 1 is outside the 15-bit offset space');
		// 7F00 + 512: the second chunk would start at 8000 — refused before the first is sent.
		await expect(updateBinary(new CardSession(t), 0x7f00, new Uint8Array(512))).rejects.toThrow('outside the 15-bit offset space');
	});
});

describe('VERIFY with retry guard (TS 102 221 §11.1.9, apdu.md §4)', () => {
	it('asks for the counter, then presents ADM1 FF-padded to 8 bytes', async () => {
		const t = new ScriptedTransport([
			['0020000A', '63C3'],
			['0020000A083838383838383838', '9000']
		]);
		await verify(new CardSession(t), 'ADM1', ADM);
		expect(t.done).toBe(true);
	});
	it('pads PIN1 "0000" with FF', async () => {
		const t = new ScriptedTransport([
			['00200001', '63C3'],
			['002000010830303030FFFFFFFF', '9000']
		]);
		await verify(new CardSession(t), 'PIN1', Secret.fromText('PIN1', '0000'));
		expect(t.done).toBe(true);
	});
	it('refuses to spend the last try (hard stop) and sends nothing else', async () => {
		const t = new ScriptedTransport([['0020000A', '63C1']]);
		const err = await verify(new CardSession(t), 'ADM1', ADM).catch((e: unknown) => e);
		expect((err as CardError).code).toBe('RETRY_GUARD');
		expect((err as CardError).message).toBe('VERIFY ADM1: only 1 try left; refusing to risk blocking ADM1 (pass force to try anyway)');
		expect(t.done).toBe(true);
	});
	it('presents the last try when forced', async () => {
		const t = new ScriptedTransport([
			['0020000A', '63C1'],
			['0020000A083838383838383838', '9000']
		]);
		await verify(new CardSession(t), 'ADM1', ADM, { force: true });
		expect(t.done).toBe(true);
	});
	it('reports 63C0 (no try left) as PIN_BLOCKED and presents nothing, even when forced', async () => {
		// 63CX with X = 0: the counter is exhausted, the key is blocked (TS 102 221 §10.2.1.2); a VERIFY with the
		// value cannot succeed, so force must not send one. The script holds only the query.
		for (const force of [false, true]) {
			const t = new ScriptedTransport([['0020000A', '63C0']]);
			const err = (await verify(new CardSession(t), 'ADM1', ADM, { force }).catch((e: unknown) => e)) as CardError;
			expect(err.code).toBe('PIN_BLOCKED');
			expect(err.sw).toBe(0x63c0);
			expect(t.done).toBe(true);
		}
	});
	it('stops on a blocked key with PIN_BLOCKED', async () => {
		const t = new ScriptedTransport([['0020000A', '6983']]);
		const err = await verify(new CardSession(t), 'ADM1', ADM).catch((e: unknown) => e);
		expect((err as CardError).code).toBe('PIN_BLOCKED');
	});
	it('reports a wrong value with the tries left and no key bytes in the message', async () => {
		const t = new ScriptedTransport([
			['0020000A', '63C3'],
			['0020000A083838383838383838', '63C2']
		]);
		const err = (await verify(new CardSession(t), 'ADM1', ADM).catch((e: unknown) => e)) as CardError;
		expect(err.message).toBe('VERIFY ADM1 00 20 00 0A 08 ****: 63C2 verification failed, 2 retries left');
		expect(err.code).toBe('STATUS');
	});
});

describe('APDU trace redaction (STYLE.md Secrets)', () => {
	it('shows VERIFY ADM1 **** and never the ADM bytes in hex or ASCII', async () => {
		const t = new ScriptedTransport([
			['0020000A', '63C3'],
			['0020000A083838383838383838', '63C2'],
			['0020000A', '63C2'],
			['0020000A083838383838383838', '9000']
		]);
		const s = new CardSession(t);
		await verify(s, 'ADM1', ADM).catch(() => undefined);
		await verify(s, 'ADM1', ADM);
		const text = s.trace.toText();
		expect(text).toContain('> VERIFY ADM1 00 20 00 0A 08 ****');
		const flat = text.replace(/\s/g, '');
		expect(flat).not.toContain('3838383838383838');
		expect(flat).not.toContain('38383838');
		expect(text).not.toContain('88888888');
		expect(JSON.stringify(s.trace.entries)).not.toContain('3838');
	});
});
