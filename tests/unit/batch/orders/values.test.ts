// Per-column rules (bureau-files.md §4) and the on-card forms (§1), value by value. Expected values are worked out
// by hand beside each case (Luhn sums, nibble swaps, ASCII codes).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ruleFor } from '../../../../src/lib/batch';
import { Bad, checkValue, luhnDigit, type Checked } from '../../../../src/lib/batch/orders/values';
import type { ColumnKind } from '../../../../src/lib/batch/orders/columns';
import { Secret } from '../../../../src/lib/security';

function ok(kind: ColumnKind, text: string, label = 'X'): [string, string] {
	const r = checkValue(kind, label, text);
	if (r instanceof Bad) throw new Error(`expected a value, got: ${r.reason}`);
	const v = (r as Checked).value;
	return [v instanceof Secret ? `${v.label}=${Buffer.from(v.reveal()).toString('hex').toUpperCase()}` : v, r.form];
}

function bad(kind: ColumnKind, text: string, label = 'X'): string {
	const r = checkValue(kind, label, text);
	if (!(r instanceof Bad)) throw new Error(`expected a reason, got a value (${r.form})`);
	return r.reason;
}

describe('ICCID (ITU-T E.118)', () => {
	it('computes the Luhn digit', () => {
		// From the right, every second digit doubled (starting with the last), 9 subtracted from doubles over 9:
		// 8901410321111851072 → 4+7+0+1+1+8+2+1+2+1+4+3+0+1+8+1+0+9+7 = 60 → check digit 0.
		expect(luhnDigit('8901410321111851072')).toBe(0);
		// 894700000000001214 → 8+1+4+1+0…0+5+4+9+8 = 40 → 0; 894700000000001215 → 1+1+4+1+0…0+5+4+9+8 = 33 → 7.
		expect(luhnDigit('894700000000001214')).toBe(0);
		expect(luhnDigit('894700000000001215')).toBe(7);
	});

	it('takes 18, 19 and 20 digits with their check digit, and an F after them', () => {
		expect(ok('iccid', '894901000000000014')).toEqual(['894901000000000014', 'digits']);
		expect(ok('iccid', '8949010000000000016')).toEqual(['8949010000000000016', 'digits']);
		expect(ok('iccid', '89490100000000000105')).toEqual(['89490100000000000105', 'digits']);
		expect(ok('iccid', '8947000000000012140F')).toEqual(['8947000000000012140', 'trailing-f']);
		expect(ok('iccid', '8947000000000012140f')).toEqual(['8947000000000012140', 'trailing-f']);
	});

	it('reads the nibble-swapped EF.ICCID form (TS 102 221 §13.2)', () => {
		// 89 47 00 00 00 00 00 12 14 0F, each byte's nibbles swapped: 98 74 00 00 00 00 00 21 41 F0.
		expect(ok('iccid', '987400000000002141F0')).toEqual(['8947000000000012140', 'ef-iccid']);
		// 20 digits: 89 49 01 00 00 00 00 00 01 05 → 98 94 10 00 00 00 00 00 10 50.
		expect(ok('iccid', '98941000000000001050')).toEqual(['89490100000000000105', 'ef-iccid']);
		// Nibbles are read low first: characters 18, 17 (F, the filler), 20 (0, a digit after it), 19.
		expect(bad('iccid', '9874000000000021F140')).toBe(
			'character 20 is a digit after the F filler (20 characters beginning 98 were read as the nibble-swapped EF.ICCID form, TS 102 221 §13.2)'
		);
	});

	it('says a spreadsheet turned the value into a number in scientific notation', () => {
		// Excel shows 8949010000000000016 as 8.94901E+18 and saves it so: only 6 digits are left.
		const lost = (what: string): string =>
			`a number in scientific notation: a spreadsheet took the ${what} for a number and dropped its digits (format the column as text and export the order again)`;
		expect(bad('iccid', '8.94901E+18')).toBe(lost('ICCID'));
		expect(bad('iccid', '8.94901000000000E+18')).toBe(lost('ICCID'));
		expect(bad('imsi', '2.6201E+14')).toBe(lost('IMSI'));
		expect(bad('msisdn', '4.91701E+12')).toBe(lost('MSISDN'));
	});

	it('names the fault: a non-digit, the length, the check digit', () => {
		const rule = 'an ICCID is 18 to 20 digits ending in its Luhn check digit (ITU-T E.118), optionally followed by F';
		expect(bad('iccid', '8949 010000000000016')).toBe(`character 5 is not a digit; ${rule}`);
		expect(bad('iccid', '89490100000000001')).toBe(`17 digits; ${rule}`);
		expect(bad('iccid', '894901000000000000016')).toBe(`21 digits; ${rule}`);
		expect(bad('iccid', '8949010000000000017')).toBe('check digit 7 does not match the Luhn digit 6 of the first 18 digits (ITU-T E.118)');
		expect(bad('iccid', 'F')).toBe(`0 digits; ${rule}`);
	});
});

describe('IMSI (ITU-T E.212) and EF.IMSI (TS 31.102 §4.2.2)', () => {
	it('takes 6 to 15 digits', () => {
		expect(ok('imsi', '001010')).toEqual(['001010', 'digits']);
		expect(ok('imsi', '262011234567890')).toEqual(['262011234567890', 'digits']);
		expect(bad('imsi', '00101')).toBe('5 digits; an IMSI is 6 to 15 digits (ITU-T E.212: MCC, MNC, MSIN)');
		expect(bad('imsi', '26201123456789A')).toBe('character 15 is not a digit; an IMSI is 6 to 15 digits (ITU-T E.212: MCC, MNC, MSIN)');
	});

	it('reads the 9 bytes of EF.IMSI, odd and even digit counts', () => {
		// 001010000000001 (15, odd): 08 | 0 with parity 9 → 09 | 0 1 → 10 | 0 1 → 10 | 00 00 00 00 | 0 1 → 10.
		expect(ok('imsi', '080910100000000010')).toEqual(['001010000000001', 'ef-imsi']);
		// 26201123456789 (14, even): 08 | 2 with 1 → 21 | 6 2 → 26 | 0 1 → 10 | 1 2 → 21 | 3 4 → 43 | 5 6 → 65 |
		// 7 8 → 87 | 9 F → F9.
		expect(ok('imsi', '0821261021436587F9')).toEqual(['26201123456789', 'ef-imsi']);
		expect(bad('imsi', '080A10100000000010')).toBe('identity type 2 is not 1 (IMSI) (18 hex digits were read as the 9 bytes of EF.IMSI, TS 31.102 §4.2.2)');
		// Byte 4 = 1A: its low nibble A is digit 4.
		expect(bad('imsi', '0821261A21436587F9')).toBe('digit 4 is not a BCD digit (18 hex digits were read as the 9 bytes of EF.IMSI, TS 31.102 §4.2.2)');
		// Even count: the last byte's high nibble must be the F filler.
		expect(bad('imsi', '0821261021436587A9')).toBe('an even digit count without the F filler (18 hex digits were read as the 9 bytes of EF.IMSI, TS 31.102 §4.2.2)');
	});
});

describe('MSISDN (ITU-T E.164), ACC, MCC, MNC', () => {
	it('checks each', () => {
		expect(ok('msisdn', '+491701234567')).toEqual(['+491701234567', 'international']);
		expect(ok('msisdn', '491701234567')).toEqual(['491701234567', 'digits']);
		expect(bad('msisdn', '+4917012345678901')).toBe('16 digits; an MSISDN is up to 15 digits (ITU-T E.164), optionally after +');
		expect(bad('msisdn', '+')).toBe('0 digits; an MSISDN is up to 15 digits (ITU-T E.164), optionally after +');
		expect(ok('acc', '00ff')).toEqual(['00FF', 'hex']);
		expect(bad('acc', '0x01')).toBe('character 2 is not a hex digit; ACC is 2 bytes, 4 hex digits (EF.ACC, TS 31.102 §4.2.15)');
		expect(ok('mcc', '001')).toEqual(['001', 'digits']);
		expect(bad('mcc', '01')).toBe('2 digits; an MCC is 3 digits (ITU-T E.212)');
		expect(ok('mnc', '001')).toEqual(['001', 'digits']);
		expect(bad('mnc', '1')).toBe('1 digit; an MNC is 2 or 3 digits (ITU-T E.212)');
	});
});

describe('PIN, PUK (TS 102 221 §9.5.1)', () => {
	it('keeps the ASCII digits as a Secret, from digits or from the on-card hex', () => {
		expect(ok('pin', '1234', 'PIN1')).toEqual(['PIN1=31323334', 'digits']);
		expect(ok('pin', '12345678', 'PIN1')).toEqual(['PIN1=3132333435363738', 'digits']);
		expect(ok('pin', '31323334ffffffff', 'PIN2')).toEqual(['PIN2=31323334', 'ascii-hex']);
		expect(ok('puk', '3132333435363738', 'PUK1')).toEqual(['PUK1=3132333435363738', 'ascii-hex']);
	});

	it('names the fault by position or length', () => {
		expect(bad('pin', '123456789')).toBe('9 digits; a PIN is 4 to 8 digits (TS 102 221 §9.5.1)');
		expect(bad('pin', '31323334FFFFFF00')).toBe('character 9 is not a digit; a PIN is 4 to 8 digits (TS 102 221 §9.5.1), or their ASCII hex FF-padded to 16 hex digits');
		expect(bad('pin', '313233FFFFFFFFFF')).toBe('16 hex digits holding 3 ASCII digits then FF padding; a PIN is 4 to 8 digits (TS 102 221 §9.5.1)');
		expect(bad('puk', '31323334FFFFFFFF')).toBe('16 hex digits holding 4 ASCII digits then FF padding; a PUK is 8 digits (TS 102 221 §9.5.1)');
	});
});

describe('ADM, keys', () => {
	it('takes 8 digits as ASCII, 16 hex digits as the key bytes, and says which', () => {
		expect(ok('adm', '88888888', 'ADM1')).toEqual(['ADM1=3838383838383838', 'adm-ascii']);
		expect(ok('adm', '3838383838383838', 'ADM1')).toEqual(['ADM1=3838383838383838', 'adm-hex']);
		expect(ok('adm', '0123456789abcdef', 'ADM1')).toEqual(['ADM1=0123456789ABCDEF', 'adm-hex']);
		// pySim's pin_adm_hex: hex only, so 8 digits are 4 bytes, too short.
		expect(bad('adm-hex', '88888888')).toBe('8 characters; pin_adm_hex is the 8 key bytes as 16 hex digits (pySim)');
		expect(bad('adm', '8888888Z')).toBe(
			'character 8 is neither a digit nor hex; an ADM key is 8 digits (sent as ASCII) or 16 hex digits (the 8 bytes VERIFY sends, TS 102 221 §9.5.1)'
		);
	});

	it('takes KIC/KID/KIK of 16, 24 or 32 bytes, Ki/OPc of 16', () => {
		for (const n of [16, 24, 32]) expect(ok('ota-key', 'AB'.repeat(n), 'KID2')).toEqual([`KID2=${'AB'.repeat(n)}`, 'hex']);
		expect(bad('ota-key', 'AB'.repeat(20), 'KIK3')).toBe('40 hex digits; KIK3 is a 16-, 24- or 32-byte key: 32, 48 or 64 hex digits (TS 102 225)');
		expect(bad('aka-key', 'AB'.repeat(24), 'OPC')).toBe('48 hex digits; OPC is 16 bytes, 32 hex digits (TS 35.206)');
		expect(ok('scp-key', 'cd'.repeat(16), 'SCP03_ENC_ISDR')).toEqual([`SCP03_ENC_ISDR=${'CD'.repeat(16)}`, 'hex']);
	});

	it('reads a key written with a 0x prefix or with its bytes apart, as some bureau exports write them', () => {
		// The same 16 bytes 9A F1 C0 DE 00 11 … FF in four spellings: nothing but the separators differ.
		const key = '9AF1C0DE00112233445566778899AABB';
		for (const written of [`0x${key}`, '9A F1 C0 DE 00 11 22 33 44 55 66 77 88 99 AA BB', '9a:f1:c0:de:00:11:22:33:44:55:66:77:88:99:aa:bb', `0X${key.toLowerCase()}`]) {
			expect(ok('aka-key', written, 'KI')).toEqual([`KI=${key}`, 'hex']);
		}
		expect(ok('adm', '0x3F00A1B2C3D4E5F6', 'ADM1')).toEqual(['ADM1=3F00A1B2C3D4E5F6', 'adm-hex']);
		expect(ok('adm-hex', '3F 00 A1 B2 C3 D4 E5 F6', 'PIN_ADM_HEX')).toEqual(['PIN_ADM_HEX=3F00A1B2C3D4E5F6', 'adm-hex']);
		// Anything else is checked as written, and a bad character is placed where the user wrote it: "9A F 1…"
		// splits a byte, so it is no such form, and its first space is character 3.
		expect(bad('aka-key', '9A F 1C0DE00112233445566778899AABB', 'KI')).toBe('character 3 is not a hex digit; KI is 16 bytes, 32 hex digits (TS 35.206)');
		expect(bad('aka-key', '0x', 'KI')).toBe('character 2 is not a hex digit; KI is 16 bytes, 32 hex digits (TS 35.206)');
	});

	it('never repeats a secret value in a reason', () => {
		const secretKinds: ColumnKind[] = ['pin', 'puk', 'adm', 'adm-hex', 'aka-key', 'ota-key', 'scp-key'];
		fc.assert(
			fc.property(fc.constantFrom(...secretKinds), fc.stringMatching(/^[0-9A-Za-z+ ]{5,70}$/), (kind, text) => {
				const r = checkValue(kind, 'K', text);
				if (r instanceof Bad) expect(r.reason.includes(text)).toBe(false);
				else expect(String(r.value)).toBe('K ****');
			})
		);
	});
});

describe('column names (pySim csv-format, card_key_provider.py; vendor var_out)', () => {
	it('finds each kind, any case', () => {
		const kinds = (names: string[]) => names.map((n) => `${ruleFor(n).kind}${ruleFor(n).secret ? '*' : ''}`);
		expect(kinds(['iccid', 'IMSI', 'imsi2', 'MSISDN', 'pin_adm', 'ADM1', 'adm6', 'pin_adm_hex', 'PIN1', 'puk2', 'Ki', 'OPc', 'op', 'EKI'])).toEqual([
			'iccid',
			'imsi',
			'imsi',
			'msisdn',
			'adm*',
			'adm*',
			'adm*',
			'adm-hex*',
			'pin*',
			'puk*',
			'aka-key*',
			'aka-key*',
			'aka-key*',
			'aka-key*'
		]);
		expect(kinds(['KIC1', 'kid3', 'UICC_SCP02_KIK1', 'SCP03_MAC_ISDA', 'SCP02_DEK_1', 'acc', 'Access_Control', 'mcc', 'MNC'])).toEqual([
			'ota-key*',
			'ota-key*',
			'ota-key*',
			'scp-key*',
			'scp-key*',
			'acc',
			'acc',
			'mcc',
			'mnc'
		]);
		// Vendor columns: codes and printed PINs are secrets of their own; the rest is text.
		expect(kinds(['Code ADM', 'SYSPIN', 'PRINT_PIN1', 'Transport_key', 'Code Retailer', 'PRINT_ICCID', 'IMSI_ASCII', 'smsp', 'card_type_id'])).toEqual([
			'secret*',
			'secret*',
			'secret*',
			'secret*',
			'text',
			'text',
			'text',
			'text',
			'text'
		]);
	});
});
