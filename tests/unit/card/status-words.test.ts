import { describe, expect, it } from 'vitest';
import { describeSw, isSuccess, retriesLeft, swMeaning } from '../../../src/lib/card';

// Meanings from TS 102 221 §10.2.1 / TS 51.011 §9.4 as listed in apdu.md §5.
describe('status words, TS 102 221 §10.2.1 and TS 51.011 §9.4', () => {
	it.each([
		[0x9000, 'normal ending'],
		[0x6982, 'security status not satisfied'],
		[0x6983, 'authentication/PIN method blocked'],
		[0x6a82, 'file or application not found'],
		[0x6a84, 'not enough memory space'],
		[0x6b00, 'wrong parameter(s) P1-P2'],
		[0x6d00, 'instruction code not supported or invalid'],
		[0x6e00, 'class not supported'],
		[0x6282, 'end of file/record reached before reading Le bytes'],
		[0x6986, 'command not allowed (no EF selected)'],
		[0x9804, 'access condition not fulfilled / CHV verification failed'],
		[0x6115, '21 response bytes available (GET RESPONSE)'],
		[0x9f22, '34 response bytes available (SIM, GET RESPONSE)'],
		[0x6c0a, 'wrong Le, correct Le is 10'],
		[0x63c2, 'verification failed, 2 retries left'],
		[0x9112, 'normal ending, proactive command of 18 bytes pending']
	])('%s means %s', (sw, meaning) => {
		expect(swMeaning(sw)).toBe(meaning);
	});
	it('formats SW and meaning for messages', () => {
		expect(describeSw(0x6982)).toBe('6982 security status not satisfied');
	});
	it('counts 9000 and 91XX as success, 6282 not', () => {
		expect(isSuccess(0x9000)).toBe(true);
		expect(isSuccess(0x9110)).toBe(true);
		expect(isSuccess(0x6282)).toBe(false);
	});
	it('counts 9240 as a failure on a GSM SIM (CLA A0) and 92XX as success on a UICC', () => {
		// TS 51.011 §9.4.1/§9.4.5: 92 0X = success after X retries, 92 40 = memory problem.
		expect(isSuccess(0x9240, 0xa0)).toBe(false);
		expect(isSuccess(0x9203, 0xa0)).toBe(true);
		// TS 102 221 §10.2.1.1: 92 XX = normal ending with data transfer session information.
		expect(isSuccess(0x9240, 0x00)).toBe(true);
		expect(swMeaning(0x9240)).toContain('memory problem');
	});
	it('reads retries from 63CX only', () => {
		expect(retriesLeft(0x63c3)).toBe(3);
		expect(retriesLeft(0x63c0)).toBe(0);
		expect(retriesLeft(0x6300)).toBeUndefined();
		expect(retriesLeft(0x9000)).toBeUndefined();
	});
});
