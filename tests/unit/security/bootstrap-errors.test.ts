import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fromHex } from '../../../src/lib/codec/hex';
import { BootstrapError, SEC, Secret, bootstrapKey, checkImsi, imsiKey, imsiProblem, sign, verify } from '../../../src/lib/security/index';

const DOC = fromHex(readFileSync(join(__dirname, '../../fixtures/security/nowsms-netwpin.hex'), 'utf8'));
// The published NETWPIN MAC for IMSI 123456789012345 (bootstrap-security.md §5).
const MAC = 'C483EC25F7E3E0CF100380DA5F6714CF204A5EC5';
const pin = (text: string) => Secret.fromText('PIN', text);

function codeOf(f: () => unknown): string {
	try {
		f();
	} catch (e) {
		expect(e).toBeInstanceOf(BootstrapError);
		return (e as BootstrapError).code;
	}
	throw new Error('expected a BootstrapError');
}

// The IMSI is the NETWPIN key (bootstrap-security.md §2): bad-imsi says where (1-based character) or how long,
// never the IMSI itself (issue 8 §7).
describe('IMSI checks (bad-imsi says where or how long, never the IMSI)', () => {
	it('rejects a letter by its position, not its value', () => {
		expect(() => checkImsi('12a456789')).toThrow(new BootstrapError('bad-imsi', 'IMSI: character 3 is not a decimal digit'));
		expect(imsiProblem('12345678901234 ')).toBe('character 15 is not a decimal digit');
		// Positions count characters, not UTF-16 units: an astral character before the culprit is one.
		expect(imsiProblem('😀1')).toBe('character 1 is not a decimal digit');
	});
	it('rejects too short and too long digit strings by their length (TS 23.003 §2.2: at most 15 digits)', () => {
		expect(() => imsiKey('12345')).toThrow('IMSI: 5 digits, an IMSI has at least 6');
		expect(() => imsiKey('1234567890123456')).toThrow('IMSI: 16 digits, an IMSI has at most 15');
		expect(() => imsiKey('')).toThrow('IMSI: empty, an IMSI has 6 to 15 digits');
		expect(codeOf(() => imsiKey(''))).toBe('bad-imsi');
		expect(imsiProblem('123456')).toBeUndefined();
		expect(imsiProblem('123456789012345')).toBeUndefined();
	});
	it('never puts the IMSI into the message', () => {
		for (const imsi of ['26201123456789X', '2620112345678901', '262ab']) {
			expect(() => checkImsi(imsi)).toThrow(BootstrapError);
			expect(imsiProblem(imsi)).not.toContain('262');
		}
	});
});

// bootstrap-security.md §1: the USERPIN key is the PIN's ASCII bytes as the user types them; §3's PIN is decimal
// digits. A PIN here is decimal digits (key.ts requireUserPin), refused by position (issue 8 §7).
describe('USERPIN / USERNETWPIN PIN checks', () => {
	it('refuses a PIN that is not decimal digits, by position, for both methods', () => {
		expect(() => bootstrapKey(SEC.USERPIN, { pin: pin('12x4') })).toThrow(new BootstrapError('pin-not-digits', 'SEC=USERPIN: PIN character 3 is not a decimal digit'));
		expect(() => bootstrapKey(SEC.USERNETWPIN, { imsi: '123456789012345', pin: pin('\u0000') })).toThrow(
			new BootstrapError('pin-not-digits', 'SEC=USERNETWPIN: PIN character 1 is not a decimal digit')
		);
		expect(codeOf(() => bootstrapKey(SEC.USERPIN, { pin: pin(' 1234') }))).toBe('pin-not-digits');
	});
	it('refuses binary bytes given as a Secret (not UTF-8), at the first bad byte', () => {
		expect(() => bootstrapKey(SEC.USERPIN, { pin: new Secret('PIN', Uint8Array.of(0x31, 0xff, 0x32)) })).toThrow('SEC=USERPIN: PIN character 2 is not a decimal digit');
	});
	it('signs a PIN of digits as before (bootstrap-security.md §5: USERPIN "1234" → 47D644FE…)', async () => {
		await expect(sign(DOC, { sec: SEC.USERPIN, pin: pin('1234') })).resolves.toEqual({ sec: SEC.USERPIN, mac: '47D644FE45B4E15A7A15ED13C0D5096E8E263D9C' });
	});
});

describe('key selection per SEC method', () => {
	it('asks for what the method needs', () => {
		expect(codeOf(() => bootstrapKey(SEC.NETWPIN, {}))).toBe('missing-imsi');
		expect(codeOf(() => bootstrapKey(SEC.USERNETWPIN, { pin: pin('1') }))).toBe('missing-imsi');
		expect(codeOf(() => bootstrapKey(SEC.USERPIN, {}))).toBe('missing-pin');
		expect(codeOf(() => bootstrapKey(SEC.USERNETWPIN, { imsi: '123456789012345' }))).toBe('missing-pin');
		expect(codeOf(() => bootstrapKey(SEC.USERPIN, { pin: pin('') }))).toBe('empty-pin');
		expect(codeOf(() => bootstrapKey(SEC.USERPINMAC, { pin: pin('1') }))).toBe('bad-sec');
	});
	it('USERNETWPIN key is IMSI semi-octets then the PIN ASCII (19 32 54 76 98 10 32 54 | 31 32 33 34)', () => {
		const key = bootstrapKey(SEC.USERNETWPIN, { imsi: '123456789012345', pin: pin('1234') });
		expect(Array.from(key.reveal())).toEqual([0x19, 0x32, 0x54, 0x76, 0x98, 0x10, 0x32, 0x54, 0x31, 0x32, 0x33, 0x34]);
		expect(String(key)).toBe('USERNETWPIN key ****');
	});
});

describe('sign', () => {
	it('rejects a SEC number outside 0–3', async () => {
		await expect(sign(DOC, { sec: 4 as 0 })).rejects.toMatchObject({
			code: 'bad-sec',
			message: 'SEC must be 0 (NETWPIN), 1 (USERPIN), 2 (USERNETWPIN) or 3 (USERPINMAC); found 4'
		});
	});
	it('USERPINMAC needs non-empty decimal key digits of at most 20', async () => {
		await expect(sign(DOC, { sec: SEC.USERPINMAC })).rejects.toMatchObject({ code: 'missing-pin' });
		await expect(sign(DOC, { sec: SEC.USERPINMAC, pin: pin('') })).rejects.toMatchObject({ code: 'empty-pin' });
		await expect(sign(DOC, { sec: SEC.USERPINMAC, pin: pin('12a45') })).rejects.toMatchObject({
			code: 'pin-not-digits'
		});
		await expect(sign(DOC, { sec: SEC.USERPINMAC, pin: pin('1'.repeat(21)) })).rejects.toMatchObject({
			code: 'pin-too-long'
		});
	});
	it('returns the USERPINMAC PIN as a Secret that does not print', async () => {
		const { userPin } = await sign(DOC, { sec: SEC.USERPINMAC, pin: pin('12345') });
		expect(`${userPin}`).toBe('USERPINMAC PIN ****');
		expect(JSON.stringify({ userPin })).not.toContain('1234598364');
	});
});

describe('verify', () => {
	const imsi = '123456789012345';
	it('accepts the MAC in either case', async () => {
		await expect(verify(DOC, { sec: SEC.NETWPIN, imsi, mac: MAC.toLowerCase() })).resolves.toBeUndefined();
	});
	it('mac-mismatch when one hex digit differs or the document changed', async () => {
		await expect(verify(DOC, { sec: SEC.NETWPIN, imsi, mac: 'D' + MAC.slice(1) })).rejects.toMatchObject({
			code: 'mac-mismatch',
			message: 'SEC=NETWPIN: the MAC does not match the document'
		});
		const changed = DOC.slice();
		changed[changed.length - 1] ^= 1;
		await expect(verify(changed, { sec: SEC.NETWPIN, imsi, mac: MAC })).rejects.toMatchObject({ code: 'mac-mismatch' });
		await expect(verify(DOC, { sec: SEC.NETWPIN, imsi: '123456789012346', mac: MAC })).rejects.toMatchObject({
			code: 'mac-mismatch'
		});
	});
	it('missing-mac and bad-mac-format', async () => {
		await expect(verify(DOC, { sec: SEC.NETWPIN, imsi })).rejects.toMatchObject({ code: 'missing-mac' });
		await expect(verify(DOC, { sec: SEC.NETWPIN, imsi, mac: MAC.slice(2) })).rejects.toMatchObject({
			code: 'bad-mac-format',
			message: 'SEC=NETWPIN: MAC must be 40 hexadecimal characters; found 38 characters'
		});
		await expect(verify(DOC, { sec: SEC.NETWPIN, imsi, mac: MAC.slice(1) + 'G' })).rejects.toMatchObject({
			code: 'bad-mac-format'
		});
	});
	it('bad-sec for an unknown SEC number', async () => {
		await expect(verify(DOC, { sec: 9, imsi, mac: MAC })).rejects.toMatchObject({ code: 'bad-sec' });
	});
	it('bad-imsi / empty-pin surface from verify too', async () => {
		await expect(verify(DOC, { sec: SEC.NETWPIN, imsi: '12', mac: MAC })).rejects.toMatchObject({ code: 'bad-imsi' });
		await expect(verify(DOC, { sec: SEC.USERPIN, pin: pin(''), mac: MAC })).rejects.toMatchObject({ code: 'empty-pin' });
	});
	it('USERPINMAC: halves must be of equal length, digits only, and m must match', async () => {
		// 1234598364 is the PIN for K=12345 (bootstrap-security.md §3, checked against OpenSSL in the oracle test).
		await expect(verify(DOC, { sec: SEC.USERPINMAC, pin: pin('1234598364') })).resolves.toBeUndefined();
		await expect(verify(DOC, { sec: SEC.USERPINMAC, pin: pin('123459836') })).rejects.toMatchObject({
			code: 'pin-odd-length',
			message: 'SEC=USERPINMAC: the PIN is two halves of equal length; found 9 characters (odd)'
		});
		await expect(verify(DOC, { sec: SEC.USERPINMAC, pin: pin('1234598365') })).rejects.toMatchObject({
			code: 'mac-mismatch'
		});
		await expect(verify(DOC, { sec: SEC.USERPINMAC, pin: pin('12345x8364') })).rejects.toMatchObject({
			code: 'pin-not-digits'
		});
		await expect(verify(DOC, { sec: SEC.USERPINMAC })).rejects.toMatchObject({ code: 'missing-pin' });
		await expect(verify(DOC, { sec: SEC.USERPINMAC, pin: pin('') })).rejects.toMatchObject({ code: 'empty-pin' });
		await expect(verify(DOC, { sec: SEC.USERPINMAC, pin: pin('1'.repeat(42)) })).rejects.toMatchObject({
			code: 'pin-too-long'
		});
	});
	it('ignores the header MAC for USERPINMAC (S and Q do not check it)', async () => {
		await expect(verify(DOC, { sec: SEC.USERPINMAC, pin: pin('1234598364'), mac: 'nonsense' })).resolves.toBeUndefined();
	});
});

describe('without WebCrypto', () => {
	afterEach(() => vi.unstubAllGlobals());
	it('still gives the published NowSMS MAC where crypto.subtle is missing (a page served over plain http)', async () => {
		vi.stubGlobal('crypto', undefined);
		// IMSI 123456789012345 and the MAC published with this document (tests/fixtures/security/README.md)
		await expect(sign(DOC, { sec: SEC.NETWPIN, imsi: '123456789012345' })).resolves.toEqual({
			sec: SEC.NETWPIN,
			mac: 'C483EC25F7E3E0CF100380DA5F6714CF204A5EC5'
		});
	});
});
