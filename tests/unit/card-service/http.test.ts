// Request bodies of /api/card/*: what is refused (400) and that no message ever repeats a key.
import { describe, expect, it } from 'vitest';
import { toHex } from '../../../src/lib/codec/hex';
import { admFromHex, parseKeysRequest, parseWriteRequest, pin1FromDigits, RequestError, SecretInputError } from '../../../src/lib/server/card-service';
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
	it.each([
		['38383838383838zz', 'ADM key: character 15 is not a hex digit (1..8 bytes of hex expected, e.g. 16 hex digits)'],
		['383', 'ADM key: 3 hex digits, an odd count (whole bytes expected, e.g. 16 hex digits)'],
		['38'.repeat(9), 'ADM key: 9 bytes, more than the 8 VERIFY carries'],
		[' : ', 'ADM key is empty (1..8 bytes of hex expected, e.g. 16 hex digits)']
	])('ADM %j → %s', (adm, message) => {
		expect(() => admFromHex(adm)).toThrow(new SecretInputError(message));
	});
	it.each([
		['123', 'PIN1: 3 digits, PIN1 has 4..8'],
		['123456789', 'PIN1: 9 digits, PIN1 has 4..8'],
		['12 34', 'PIN1: character 3 is not a decimal digit (4..8 digits expected)']
	])('PIN1 %j → %s', (pin, message) => {
		expect(() => pin1FromDigits(pin)).toThrow(new SecretInputError(message));
	});
	it('takes 8 bytes of ADM with spaces or colons between them, and 4..8 digits of PIN1', () => {
		expect(admFromHex('38:38 38:38 38:38 38:38').reveal()).toEqual(new Uint8Array(8).fill(0x38));
		expect(pin1FromDigits(' 0000 ').reveal()).toEqual(new Uint8Array([0x30, 0x30, 0x30, 0x30]));
	});
});
