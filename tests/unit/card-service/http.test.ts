// Request bodies of /api/card/*: what is refused (400) and that no message ever repeats a key.
import { describe, expect, it } from 'vitest';
import { toHex } from '../../../src/lib/codec/hex';
import { admFromCommandLine, parseKeysRequest, parseWriteRequest, pin1FromDigits, RequestError, SecretInputError } from '../../../src/lib/server/card-service';
import { NOWSMS_CP } from '../card-provisioning/fixtures';

function refusal(body: unknown): string {
	try {
		parseWriteRequest(body);
	} catch (e) {
		if (e instanceof RequestError) return e.message;
		throw e;
	}
	throw new Error('accepted');
}

describe('parseWriteRequest', () => {
	it('takes WBXML hex as the exact bytes to write and ADM1 as an 8-byte secret', () => {
		const r = parseWriteRequest({ reader: 'R', documents: { bootstrap: { wbxmlHex: toHex(NOWSMS_CP) } }, adm: '3838383838383838', admFormat: 'hex', force: true });
		expect(r.reader).toBe('R');
		expect(toHex(r.options.documents.bootstrap)).toBe(toHex(NOWSMS_CP));
		expect(toHex(r.options.adm.reveal())).toBe('3838383838383838');
		expect(String(r.options.adm)).toBe('ADM1 ****');
		expect(r.options.force).toBe(true);
		expect(r.options.profile.id).toBe('oma-provsc');
	});

	it('refuses a bad key without repeating it', () => {
		const message = refusal({ documents: { bootstrap: { wbxmlHex: '030B6A00' } }, adm: 'secretZZ', admFormat: 'hex' });
		// 'secretZZ': 's' (1st character) is the first that is not hex.
		expect(message).toBe('adm: ADM in hex mode takes hex digits only (0-9, A-F); character 1 is not one');
		expect(message).not.toContain('secretZZ');
		const pin = refusal({ documents: { bootstrap: { wbxmlHex: '030B6A00' } }, adm: '3838383838383838', admFormat: 'hex', pin1: '12a4' });
		expect(pin).toBe('PIN1: character 3 is not a decimal digit (4..8 digits expected)');
	});

	it('takes the ICCID the confirmation was read from (digits only) and refuses anything else', () => {
		const body = { documents: { bootstrap: { wbxmlHex: toHex(NOWSMS_CP) } }, adm: '3838383838383838', admFormat: 'hex' };
		expect(parseWriteRequest({ ...body, expectIccid: '8949000000000000001' }).options.expectIccid).toBe('8949000000000000001');
		expect(parseWriteRequest(body).options.expectIccid).toBeUndefined();
		const message = 'expectIccid must be the ICCID read for the confirmation: 1 to 20 decimal digits';
		expect(refusal({ ...body, expectIccid: '89490000000000000F1' })).toBe(message);
		expect(refusal({ ...body, expectIccid: '894900000000000000012' })).toBe(message);
		expect(refusal({ ...body, expectIccid: 8949000000000000001 })).toBe('expectIccid must be a string');
	});

	it('refuses missing documents, missing ADM, bad XML and unknown profiles with the field named', () => {
		expect(refusal({ adm: '38' })).toBe('documents.bootstrap is required');
		expect(refusal({ documents: { bootstrap: { wbxmlHex: '03' } } })).toBe('adm (the ADM1 key) is required to write');
		expect(refusal({ documents: { bootstrap: { xml: '<wap-provisioningdoc' } }, adm: '3838383838383838', admFormat: 'hex' })).toMatch(/^documents\.bootstrap: /);
		expect(refusal({ documents: { bootstrap: 'x' }, adm: '3838383838383838', admFormat: 'hex' })).toBe('documents.bootstrap must be { "xml": "..." } or { "wbxmlHex": "..." }');
		expect(refusal({ documents: { bootstrap: { wbxmlHex: '03' } }, adm: '3838383838383838', admFormat: 'hex', profile: 'nope' })).toBe(
			'unknown profile "nope" (have: oma-provsc, oma-provsc-5015)'
		);
	});

	it('reads { reader, pin1 } for info and read', () => {
		const r = parseKeysRequest({ reader: 'Virtual PCD 00 01', pin1: '0000' });
		expect(r.reader).toBe('Virtual PCD 00 01');
		expect(r.keys.pin1?.revealText()).toBe('0000');
		expect(() => parseKeysRequest([])).toThrow('the body must be a JSON object');
	});
});

describe('ADM1 and PIN1 shapes, said by position or count (TS 102 221 §9.5.1), never by value', () => {
	// pySim's spellings (pySim/utils.py sanitize_pin_adm): --adm is 8 characters sent as ASCII, --adm-hex 16 hex digits.
	it.each([
		['38383838383838zz', 'adm', 'ADM key: character 15 is not a decimal or hex digit (--adm takes 8 decimal digits (sent as ASCII, like pySim --adm) or 16 hex digits)'],
		['383', 'adm', 'ADM key: 3 characters (--adm takes 8 decimal digits (sent as ASCII, like pySim --adm) or 16 hex digits)'],
		['38'.repeat(9), 'adm', 'ADM key: 18 characters (--adm takes 8 decimal digits (sent as ASCII, like pySim --adm) or 16 hex digits)'],
		// 8 characters with a hex letter: neither 8 digits nor a whole hex key, and never taken as 4 hex bytes.
		['3838383A', 'adm', 'ADM key: character 8 is not a decimal digit (8 characters are 8 decimal digits sent as ASCII; a hex key has 16 hex digits)'],
		[' : ', 'adm', 'ADM key is empty (--adm takes 8 decimal digits (sent as ASCII, like pySim --adm) or 16 hex digits)'],
		// pySim --adm-hex: "PIN-ADM needs to be exactly 16 digits (hex encoded)"; 88888888 is a digits key typed in the wrong option.
		['88888888', 'adm-hex', 'ADM key: 8 characters (--adm-hex takes exactly 16 hex digits)'],
		['383838383838383g', 'adm-hex', 'ADM key: character 16 is not a hex digit (--adm-hex takes exactly 16 hex digits)']
	] as const)('ADM %j (%s) → %s', (adm, spelling, message) => {
		expect(() => admFromCommandLine(adm, spelling)).toThrow(new SecretInputError(message));
	});
	it('takes 8 digits as their ASCII bytes (pySim --adm 88888888 → 3838383838383838) and 16 hex digits as the bytes', () => {
		expect(admFromCommandLine('88888888').reveal()).toEqual(new Uint8Array(8).fill(0x38));
		expect(admFromCommandLine('12345678').reveal()).toEqual(Uint8Array.of(0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38));
		expect(admFromCommandLine('0102030405060708', 'adm-hex').reveal()).toEqual(Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8));
	});
	it.each([
		['123', 'PIN1: 3 digits, PIN1 has 4..8'],
		['123456789', 'PIN1: 9 digits, PIN1 has 4..8'],
		['12 34', 'PIN1: character 3 is not a decimal digit (4..8 digits expected)']
	])('PIN1 %j → %s', (pin, message) => {
		expect(() => pin1FromDigits(pin)).toThrow(new SecretInputError(message));
	});
	it('takes 8 bytes of ADM with spaces or colons between them, and 4..8 digits of PIN1', () => {
		expect(admFromCommandLine('38:38 38:38 38:38 38:38').reveal()).toEqual(new Uint8Array(8).fill(0x38));
		expect(pin1FromDigits(' 0000 ').reveal()).toEqual(new Uint8Array([0x30, 0x30, 0x30, 0x30]));
	});
});
