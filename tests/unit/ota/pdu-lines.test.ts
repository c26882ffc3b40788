// The lines of a PDU file read as they arrive, each checked against the largest SMS PDU (issue 8 §5).
import { describe, expect, it } from 'vitest';
import { decodeOtaSms, OtaError, PduLineReader, pduLines } from '../../../src/lib/ota/index';

function otaError(f: () => unknown): OtaError {
	try {
		f();
	} catch (e) {
		if (e instanceof OtaError) return e;
		throw e;
	}
	throw new Error('expected an OtaError');
}

// 3GPP TS 23.040 §9.2.2.2: SMS-SUBMIT is at most 1 + 1 + 12 (TP-DA) + 1 + 1 + 7 (TP-VP) + 1 + 140 = 164 octets;
// the SMSC address before it (27.005 §3.5.1, 24.011 §8.2.5.1) at most 1 + 1 + 10 = 12: 176 octets, 352 hex digits.
const LIMIT_LINE = 'line 1 is longer than 512 characters; an SMS PDU with its SMSC address is at most 176 octets (352 hex digits; 3GPP TS 23.040 §9.2.2, TS 27.005 §3.5.1)';

describe('PduLineReader', () => {
	it('takes bare hex and AT+CMGS lines, skips blanks and # comments, and keeps line numbers across chunks', () => {
		const reader = new PduLineReader();
		for (const chunk of ['# two PDUs\r\n', 'AT+CMGS=3 00', '0102\n\n', '  0a0b  \n', '# long comment ', 'x'.repeat(5000), '\n']) reader.push(chunk);
		expect(reader.end()).toEqual([
			{ hex: '000102', line: 2 },
			{ hex: '0a0b', line: 4 }
		]);
	});

	it('refuses a line longer than any PDU line as soon as it has seen 513 characters of it', () => {
		const reader = new PduLineReader();
		reader.push('00'.repeat(256)); // 512 characters: still a possible line
		const e = otaError(() => reader.push('0'));
		expect([e.code, e.message]).toEqual(['too-long', LIMIT_LINE]);
	});

	it('keeps no line of blanks, however long, and still sees a PDU split by more than 512 blanks as too long', () => {
		const reader = new PduLineReader();
		for (let i = 0; i < 100; i++) reader.push(' '.repeat(1000));
		reader.push('0a0b');
		for (let i = 0; i < 100; i++) reader.push(' '.repeat(1000));
		expect(reader.end()).toEqual([{ hex: '0a0b', line: 1 }]);
		const split = new PduLineReader();
		split.push(`0a${' '.repeat(600)}`);
		expect(otaError(() => split.push('0b')).message).toBe(LIMIT_LINE);
	});

	it('refuses a PDU of 177 octets (354 hex digits), with its line number', () => {
		expect(otaError(() => pduLines(`# one\n${'00'.repeat(177)}\n`)).message).toBe(
			'line 2: the PDU is 177 octets; an SMS PDU with its SMSC address is at most 176 (3GPP TS 23.040 §9.2.2, TS 27.005 §3.5.1)'
		);
		expect(pduLines('00'.repeat(176))).toEqual([{ hex: '00'.repeat(176), line: 1 }]);
	});

	it('refuses a 256th PDU: a concatenated message has at most 255 parts', () => {
		expect(otaError(() => pduLines('00\n'.repeat(256))).message).toBe(
			'line 256: more than 255 PDUs; a concatenated message has at most 255 parts (3GPP TS 23.040 §9.2.3.24.1)'
		);
	});
});

describe('decodeOtaSms checks the same sizes when given PDUs directly', () => {
	it('a 177-octet PDU, before converting its hex', () => {
		expect(otaError(() => decodeOtaSms(['00'.repeat(177)])).message).toBe(
			'SMS PDU offset 0x00 (segment 1): the PDU is 177 octets; an SMS PDU with its SMSC address is at most 176 (3GPP TS 23.040 §9.2.2, TS 27.005 §3.5.1)'
		);
	});
});
