import { beforeEach, describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../../src/lib/codec/hex';
import { defaultProfile, loadProfile, saveProfile, UiccSimulator } from '../../../src/lib/card/simulator';

// Each case sends raw C-APDUs and checks the exact R-APDU (SW values from TS 102 221 §10.2.1, apdu.md §5).
let card: UiccSimulator;
const tx = (hex: string) => toHex(card.transmit(fromHex(hex)));
const ADM = '0020000A083838383838383838';
const PIN1 = '002000010830303030FFFFFFFF';

beforeEach(() => {
	card = new UiccSimulator(loadProfile(defaultProfile()), (n) => new Uint8Array(n).fill(0x5a));
});

describe('SELECT, TS 102 221 §11.1.1', () => {
	it('answers P2 04 with 61XX and serves the FCP through GET RESPONSE', () => {
		// EF.ICCID FCP by hand: 82 02 41 21 | 83 02 2F E2 | 8A 01 05 | 8B 03 2F 06 04 (read ALW=0, update NEV=3 → 0*4+3+1)
		// | 80 02 00 0A | 88 01 10 (SFI 2 << 3) = 4+4+3+5+4+3 = 23 = 0x17 → 62 17 …, 25 bytes = 0x19.
		expect(tx('00A40004022FE2')).toBe('6119');
		expect(tx('00C0000019')).toBe('621782024121' + '83022FE2' + '8A0105' + '8B032F0604' + '8002000A' + '880110' + '9000');
	});
	it('answers P2 0C with 9000 and no data', () => {
		expect(tx('00A4000C023F00')).toBe('9000');
	});
	it('answers a GET RESPONSE with too large Le with 6CXX, and a later one without pending data with 6985', () => {
		expect(tx('00A40004022FE2')).toBe('6119');
		expect(tx('00C0000020')).toBe('6C19');
		expect(tx('00C0000019').slice(-4)).toBe('9000');
		expect(tx('00C0000010')).toBe('6985');
	});
	it('serves GET RESPONSE in parts when Le is smaller', () => {
		expect(tx('00A40004022FE2')).toBe('6119');
		expect(tx('00C0000010')).toBe('6217820241218302' + '2FE28A01058B032F' + '6109');
		expect(tx('00C0000009')).toBe('06048002000A880110' + '9000');
	});
	it('selects by path from MF (P1 08), by AID (P1 04, right-truncated) and the parent (P1 03)', () => {
		expect(tx('00A4080C047F506E01')).toBe('9000');
		expect(tx('00A4030C')).toBe('9000'); // parent of the current DF 7F50 = MF
		expect(tx('00A4040C0CA000000063504B43532D3135')).toBe('9000');
		expect(tx('00A4040C07A0000000871002')).toBe('9000');
		expect(tx('00B00000 09'.replace(' ', ''))).toBe('6986');
	});
	it('answers 6A82 for an unknown FID, path or AID', () => {
		expect(tx('00A4000C026F99')).toBe('6A82');
		expect(tx('00A4080C047F506F99')).toBe('6A82');
		expect(tx('00A4040C05A000000099')).toBe('6A82');
	});
	it('answers 6E00 for an unknown class, 6D00 for an unknown instruction, 6A86 for a bad P2', () => {
		expect(tx('B0A4000C023F00')).toBe('6E00');
		expect(tx('00FA0000')).toBe('6D00');
		expect(tx('00A40044023F00')).toBe('6A86');
	});
	it('answers 6700 to a malformed APDU', () => {
		expect(tx('00A4000C033F00')).toBe('6700');
	});
});

describe('READ/UPDATE BINARY, TS 102 221 §11.1.3–4', () => {
	it('reads EF.ICCID (ALW) and answers 6282 with the rest when Le runs past the end', () => {
		expect(tx('00A4000C022FE2')).toBe('9000');
		expect(tx('00B000000A')).toBe('989400000000000000F1' + '9000');
		expect(tx('00B0000800')).toBe('00F1' + '6282');
	});
	it('answers 6B00 for an offset beyond the file', () => {
		expect(tx('00A4000C022FE2')).toBe('9000');
		expect(tx('00B0000A01')).toBe('6B00');
	});
	it('answers 6986 without a current EF and 6981 on a record EF', () => {
		expect(tx('00B0000001')).toBe('6986');
		expect(tx('00A4000C022F00')).toBe('9000');
		expect(tx('00B0000001')).toBe('6981');
	});
	it('reads by SFI (P1 = 80 | SFI)', () => {
		expect(tx('00B0820002')).toBe('9894' + '9000'); // SFI 2 = EF.ICCID in MF
	});
	it('refuses UPDATE without ADM1 (6982), then writes after VERIFY ADM1', () => {
		expect(tx('00A4080C047F506E01')).toBe('9000');
		expect(tx('00D6000002CAFE')).toBe('6982');
		expect(tx(ADM)).toBe('9000');
		expect(tx('00D6000002CAFE')).toBe('9000');
		expect(tx('00B0000003')).toBe('CAFEFF9000');
	});
	it('never updates a NEV file, even with ADM1', () => {
		expect(tx(ADM)).toBe('9000');
		expect(tx('00A4000C022FE2')).toBe('9000');
		expect(tx('00D6000001 00'.replace(' ', ''))).toBe('6982');
	});
	it('needs PIN1 to read EF.IMSI and returns the apdu.md §9 bytes', () => {
		expect(tx('00A4080C047F206F07')).toBe('9000');
		expect(tx('00B0000009')).toBe('6982');
		expect(tx(PIN1)).toBe('9000');
		expect(tx('00B0000009')).toBe('080910101032547698' + '9000');
	});
});

describe('READ/UPDATE RECORD, TS 102 221 §11.1.5–6', () => {
	it('reads EF.DIR record 2 (the PKCS#15 record of smartcard-provisioning.md §4)', () => {
		expect(tx('00A4000C022F00')).toBe('9000');
		expect(tx('00B2020420')).toBe('61194F0CA000000063504B43532D3135500357415051043F007F50' + 'FF'.repeat(5) + '9000');
	});
	it('answers a wrong Le with 6C + record length, a missing record with 6A83', () => {
		expect(tx('00A4000C022F00')).toBe('9000');
		expect(tx('00B2010400')).toBe('6C20');
		expect(tx('00B2050420')).toBe('6A83');
	});
	it('reads next records with P2 02', () => {
		expect(tx('00A4000C022F00')).toBe('9000');
		expect(tx('00B2000220').slice(0, 4)).toBe('6114');
		expect(tx('00B2000220').slice(0, 4)).toBe('6119');
	});
	it('updates a record only with the exact record length and ADM1', () => {
		expect(tx('00A4000C022F00')).toBe('9000');
		expect(tx('00DC030420' + '00'.repeat(32))).toBe('6982');
		expect(tx(ADM)).toBe('9000');
		expect(tx('00DC030410' + '00'.repeat(16))).toBe('6700');
		expect(tx('00DC030420' + '11'.repeat(32))).toBe('9000');
		expect(tx('00B2030420')).toBe('11'.repeat(32) + '9000');
	});
	it('answers 6981 to READ RECORD on a transparent EF', () => {
		expect(tx('00A4000C022FE2')).toBe('9000');
		expect(tx('00B2010404')).toBe('6981');
	});
});

describe('VERIFY and retry counters, TS 102 221 §11.1.9', () => {
	it('reports 63CX on query, counts down on wrong values, resets on success', () => {
		expect(tx('0020000A')).toBe('63CA');
		expect(tx('0020000A080000000000000000')).toBe('63C9');
		expect(tx('0020000A')).toBe('63C9');
		expect(tx(ADM)).toBe('9000');
		expect(tx('0020000A')).toBe('9000');
	});
	it('blocks PIN1 after 3 wrong values: 63C2, 63C1, 63C0, then 6983 even for the right value', () => {
		const wrong = '002000010831313131FFFFFFFF';
		expect(tx(wrong)).toBe('63C2');
		expect(tx(wrong)).toBe('63C1');
		expect(tx(wrong)).toBe('63C0');
		expect(tx(PIN1)).toBe('6983');
		expect(tx('00200001')).toBe('6983');
	});
	it('answers 6A88 for an unknown key reference and 6700 for a short value', () => {
		expect(tx('00200005083030303030303030')).toBe('6A88');
		expect(tx('0020000A023838')).toBe('6700');
	});
	it('forgets verification on reset, keeps counters', () => {
		expect(tx('0020000A080000000000000000')).toBe('63C9');
		expect(tx(ADM)).toBe('9000');
		card.reset();
		expect(tx('0020000A')).toBe('63CA');
	});
});

describe('CREATE FILE / DELETE FILE, TS 102 222 §6.3–6.4', () => {
	// FCP shaped as the apdu.md §7 worked example (no 88): EF 6E10 transparent, 256 bytes, EF.ARR 2F06 record 3.
	it('needs ADM1 (6982), creates in the current DF, selects the new EF (then 6A89 for the same FID)', () => {
		expect(tx('00A4080C027F50')).toBe('9000');
		const apdu = '00E0000016' + '6214' + '82020121' + '83026E10' + '8A0105' + '8B032F0603' + '80020100';
		expect(tx(apdu)).toBe('6982');
		expect(tx(ADM)).toBe('9000');
		expect(tx(apdu)).toBe('9000');
		expect(tx('00B0000002')).toBe('FFFF9000');
		expect(tx('00D6000002ABCD')).toBe('9000');
		expect(tx(apdu)).toBe('6A89');
	});
	it('answers 6A84 when the file does not fit the free memory', () => {
		expect(tx(ADM)).toBe('9000');
		// 80 02 7F FF = 32767 bytes > 16384 free.
		expect(tx('00E0000016' + '6214' + '82020121' + '83026E20' + '8A0105' + '8B032F0603' + '80027FFF')).toBe('6A84');
	});
	it('answers 6A80 to a malformed FCP', () => {
		expect(tx(ADM)).toBe('9000');
		expect(tx('00E00000046202 8301'.replace(' ', ''))).toBe('6A80');
	});
	it('deletes a file (6A82 afterwards) and gives its memory back', () => {
		expect(tx(ADM)).toBe('9000');
		expect(tx('00A4080C027F50')).toBe('9000');
		expect(tx('00E4000002 6E03'.replace(' ', ''))).toBe('9000');
		expect(tx('00A4000C026E03')).toBe('6A82');
		expect(tx('00E40000026E03')).toBe('6A82');
		expect(card.state.freeMemory).toBe(16384 + 1024);
	});
});

describe('GSM SIM class A0, TS 51.011 §9', () => {
	it('answers SELECT with 9FXX and the GSM EF header via GET RESPONSE', () => {
		expect(tx('A0A40000027F20')).toBe('9F16');
		expect(tx('A0A40000026F07')).toBe('9F0F');
		// size 0009, FID 6F07, type 04, AC byte 1A: READ CHV1 (1), UPDATE ADM (A); status 01; 02 more bytes; transparent.
		expect(tx('A0C000000F')).toBe('000000096F0704001AFFFF01020000' + '9000');
	});
	it('maps UICC status words to GSM ones: 9804 access, 9404 not found, 9840 blocked', () => {
		expect(tx('A0A40000027F20')).toBe('9F16');
		expect(tx('A0A40000026F07')).toBe('9F0F');
		expect(tx('A0B0000009')).toBe('9804');
		expect(tx('A0A40000026F99')).toBe('9404');
		const wrong = 'A02000010831313131FFFFFFFF';
		expect(tx(wrong)).toBe('9804');
		expect(tx(wrong)).toBe('9804');
		expect(tx(wrong)).toBe('9804');
		expect(tx('A02000010830303030FFFFFFFF')).toBe('9840');
	});
});

describe('GET CHALLENGE (ISO/IEC 7816-4 §7.5.3)', () => {
	it('returns Le random bytes', () => {
		expect(tx('0084000008')).toBe('5A'.repeat(8) + '9000');
	});
});

describe('profile round trip', () => {
	it('saves what was written (contents, counters) and loads it back', () => {
		expect(tx(ADM)).toBe('9000');
		expect(tx('00A4080C047F506E01')).toBe('9000');
		expect(tx('00D6000003010203')).toBe('9000');
		expect(tx('00200001083939393939393939')).toBe('63C2');
		const saved = saveProfile(card.state);
		card = new UiccSimulator(loadProfile(JSON.parse(JSON.stringify(saved))));
		expect(tx('00A4080C047F506E01')).toBe('9000');
		expect(tx('00B0000004')).toBe('010203FF9000');
		expect(tx('00200001')).toBe('63C2');
	});
});
