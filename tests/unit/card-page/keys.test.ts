// The Card page's ADM1 and PIN1 entry (src/lib/card/keys.ts), which /api/card/write applies again before any
// APDU. Expected bytes worked out by hand: '8' is ASCII 0x38, '1'..'8' are 0x31..0x38 (pySim sanitize_pin_adm
// sends --adm as ord(x) of each character; --adm-hex as the 16 hex digits themselves); PIN1 is ASCII digits
// padded with FF to 8 bytes (TS 102 221 §9.5.1).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toHex } from '../../../src/lib/codec/hex';
import { admBytes, maskedVerify, pin1Bytes, type KeyCheck } from '../../../src/lib/card/keys';

function hexOf(c: KeyCheck): string {
	if (!c.ok) throw new Error(`refused: ${c.problem}`);
	return toHex(c.bytes);
}

function problemOf(c: KeyCheck): string {
	if (c.ok) throw new Error(`accepted: ${toHex(c.bytes)}`);
	return c.problem;
}

describe('ADM1 in 8 digits mode (pySim --adm): each digit is its ASCII byte', () => {
	it('sends 88888888 as 38 38 38 38 38 38 38 38 and 12345678 as 31 … 38', () => {
		expect(hexOf(admBytes('digits', '88888888'))).toBe('3838383838383838');
		expect(hexOf(admBytes('digits', '12345678'))).toBe('3132333435363738');
		// Spaces from a vendor sheet are not part of the key.
		expect(hexOf(admBytes('digits', '1234 5678'))).toBe('3132333435363738');
	});

	it('refuses anything but 8 decimal digits, and points at hex mode for 16 hex digits', () => {
		expect(problemOf(admBytes('digits', '3838383838383838'))).toBe('ADM in 8 digits mode needs 8 decimal digits; 16 given — did you mean 16 hex digits mode?');
		expect(problemOf(admBytes('digits', '3838A83838383838'))).toBe(
			'ADM in 8 digits mode takes decimal digits only; character 5 is not one — did you mean 16 hex digits mode?'
		);
		expect(problemOf(admBytes('digits', '1234567'))).toBe('ADM in 8 digits mode needs 8 decimal digits; 7 given');
		expect(problemOf(admBytes('digits', '1234567x'))).toBe('ADM in 8 digits mode takes decimal digits only; character 8 is not one');
		const empty = admBytes('digits', '  ');
		expect(empty).toEqual({ ok: false, empty: true, problem: 'Enter the ADM1 key: 8 decimal digits.' });
	});
});

describe('ADM1 in 16 hex digits mode (pySim --adm-hex): the bytes as written', () => {
	it('sends 3838383838383838 as those 8 bytes, either case, grouped or not', () => {
		expect(hexOf(admBytes('hex', '3838383838383838'))).toBe('3838383838383838');
		expect(hexOf(admBytes('hex', 'a1B2c3D4e5F60718'))).toBe('A1B2C3D4E5F60718');
		expect(hexOf(admBytes('hex', '38:38:38:38 38:38:38:38'))).toBe('3838383838383838');
	});

	it('refuses 88888888 (8 digits) and says which mode was probably meant', () => {
		expect(problemOf(admBytes('hex', '88888888'))).toBe('ADM in hex mode needs 16 hex digits; 8 given — did you mean 8 digits mode?');
		// 8 hex digits that are not all decimal are no 8-digit key: no hint.
		expect(problemOf(admBytes('hex', '8888888A'))).toBe('ADM in hex mode needs 16 hex digits; 8 given');
		expect(problemOf(admBytes('hex', '383838383838383G'))).toBe('ADM in hex mode takes hex digits only (0-9, A-F); character 16 is not one');
		expect(problemOf(admBytes('hex', '38383838383838383838'))).toBe('ADM in hex mode needs 16 hex digits; 20 given');
	});

	it('property: any 8 digits are a key in 8 digits mode and refused in hex mode, the refusal never repeating them', () => {
		fc.assert(
			fc.property(fc.stringMatching(/^[0-9]{8}$/), (digits) => {
				expect(hexOf(admBytes('digits', digits))).toBe([...digits].map((c) => (0x30 + Number(c)).toString(16).toUpperCase()).join(''));
				const refusal = problemOf(admBytes('hex', digits));
				expect(refusal).toBe('ADM in hex mode needs 16 hex digits; 8 given — did you mean 8 digits mode?');
			})
		);
	});

	it('property: no refusal repeats the text typed (a key must not reach a message)', () => {
		fc.assert(
			fc.property(fc.constantFrom('digits' as const, 'hex' as const), fc.string({ minLength: 5, maxLength: 24 }), (format, text) => {
				const c = admBytes(format, text);
				if (!c.ok && text.trim().length >= 5) expect(c.problem).not.toContain(text.trim());
			})
		);
	});
});

describe('PIN1: 4..8 ASCII digits padded with FF', () => {
	it('sends 0000 as 30 30 30 30 FF FF FF FF', () => {
		expect(hexOf(pin1Bytes('0000'))).toBe('30303030FFFFFFFF');
		expect(hexOf(pin1Bytes('12345678'))).toBe('3132333435363738');
	});

	it('refuses other lengths and non-digits by count and position', () => {
		expect(problemOf(pin1Bytes('123'))).toBe('PIN1 has 4 to 8 digits; 3 given');
		expect(problemOf(pin1Bytes('12a4'))).toBe('PIN1 takes decimal digits only; character 3 is not one');
	});
});

describe('the masked VERIFY preview', () => {
	it('shows the key reference, the length and the encoding, never the digits', () => {
		const adm = admBytes('digits', '12345678');
		if (!adm.ok) throw new Error('refused');
		expect(maskedVerify('ADM1', true, adm.bytes)).toBe('VERIFY ADM1 (P2=0A), 8 bytes: 3• 3• 3• 3• 3• 3• 3• 3•');
		const hex = admBytes('hex', 'A1B2C3D4E5F60718');
		if (!hex.ok) throw new Error('refused');
		expect(maskedVerify('ADM1', false, hex.bytes)).toBe('VERIFY ADM1 (P2=0A), 8 bytes: •• •• •• •• •• •• •• ••');
		const pin = pin1Bytes('0000');
		if (!pin.ok) throw new Error('refused');
		// FF padding is not secret: shown as it is.
		expect(maskedVerify('PIN1', true, pin.bytes)).toBe('VERIFY PIN1 (P2=01), 8 bytes: 3• 3• 3• 3• FF FF FF FF');
	});
});
