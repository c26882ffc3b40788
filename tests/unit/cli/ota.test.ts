import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { opensslHmacSha1 } from './openssl-hmac';
import { BEARER_WBXML, pstudio, tempFolder } from './run-cli';

let dir: string;
let cleanup: () => void;
const NOWSMS = Buffer.from(readFileSync(new URL('../../fixtures/security/nowsms-netwpin.hex', import.meta.url), 'utf8').replace(/\s/g, ''), 'hex');
beforeEach(() => {
	({ dir, cleanup } = tempFolder());
	writeFileSync(join(dir, 'nowsms.wbxml'), NOWSMS);
	copyFileSync(new URL('../../fixtures/cli/pdus-unsigned.txt', import.meta.url), join(dir, 'unsigned.txt'));
});
afterEach(() => cleanup());

const MAC = 'C483EC25F7E3E0CF100380DA5F6714CF204A5EC5'; // published NETWPIN MAC, IMSI 123456789012345
const hexOf = (bytes: Uint8Array | number[]): string => Buffer.from(bytes).toString('hex').toUpperCase();

/*
 * The push, assembled by hand from bootstrap-security.md §4 (Kannel's layout):
 *   01 TID, 06 Push, 2F HeadersLen = 47: the content type value 1F 2D + its 45 octets
 *   1F 2D  Length-quote, length 45 = B6 + 91 80 + 92 + 40 hex characters + 00
 *   B6     application/vnd.wap.connectivity-wbxml (0x36 | 0x80)
 *   91 80  SEC = NETWPIN;  92 "C483…" 00  MAC as Text-value
 * then the 118-byte document: 50 + 118 = 168 octets, more than the 133 one SMS leaves after the ports UDH, so
 * two parts of 128 (140 − 12-octet UDH) and 40 octets.
 * Each SMS-SUBMIT (23.040 §9.2.2.2): 00 SMSC = modem default; 41 = SUBMIT with UDHI; 00 TP-MR;
 * 0C 91 44 21 43 65 87 09 = +441234567890 (12 digits, international, semi-octets swapped); 00 PID; 04 DCS 8-bit;
 * UDL; UDH 0B | 05 04 0B84 0B84 (ports 2948 → 2948) | 00 03 00 02 0n (concatenation ref 0, 2 parts, part n).
 */
const WSP = [0x01, 0x06, 0x2f, 0x1f, 0x2d, 0xb6, 0x91, 0x80, 0x92, ...Buffer.from(MAC, 'ascii'), 0x00, ...NOWSMS];
const HEAD = [0x00, 0x41, 0x00, 0x0c, 0x91, 0x44, 0x21, 0x43, 0x65, 0x87, 0x09, 0x00, 0x04];
const udh = (part: number): number[] => [0x0b, 0x05, 0x04, 0x0b, 0x84, 0x0b, 0x84, 0x00, 0x03, 0x00, 0x02, part];
const PART1 = [...HEAD, 12 + 128, ...udh(1), ...WSP.slice(0, 128)];
const PART2 = [...HEAD, 12 + 40, ...udh(2), ...WSP.slice(128)];

describe('pstudio ota', () => {
	it('prints the two SMS-SUBMIT PDUs of the published document with NETWPIN, with the AT+CMGS lengths', () => {
		expect(WSP.length).toBe(168);
		const r = pstudio(['ota', 'nowsms.wbxml', '--sec', 'NETWPIN', '--imsi', '123456789012345', '--to', '+441234567890'], { cwd: dir });
		expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
		// AT+CMGS=<length> counts the TPDU without the SMSC octet (27.005 §3.5.1).
		expect(r.stdout.toString()).toBe(`AT+CMGS=${PART1.length - 1} ${hexOf(PART1)}\nAT+CMGS=${PART2.length - 1} ${hexOf(PART2)}\n`);
	});

	it('prints the same as JSON with the content type, SEC and MAC', () => {
		const r = pstudio(['ota', 'nowsms.wbxml', '--sec', 'NETWPIN', '--imsi', '123456789012345', '--to', '+441234567890', '--json'], { cwd: dir });
		expect(JSON.parse(r.stdout.toString())).toEqual({
			contentType: 'application/vnd.wap.connectivity-wbxml (0x36)',
			sec: 'NETWPIN',
			mac: MAC,
			segments: [
				{ length: PART1.length - 1, pdu: hexOf(PART1) },
				{ length: PART2.length - 1, pdu: hexOf(PART2) }
			]
		});
	});

	it('decodes a hand-assembled unsigned PDU: header facts, then the document as XML', () => {
		/*
		 * pdus-unsigned.txt: 00 SMSC | 41 SUBMIT+UDHI | 00 MR | 05 81 21 43 F5 = 12345 (unknown type, F filler) |
		 * 00 PID | 04 DCS | 1C UDL = 28 | 06 05 04 0B84 0B84 | WSP 01 06 01 B6 (TID, Push, HeadersLen 1,
		 * Constrained-media 0x36) | BEARER_WBXML (17 octets).
		 */
		expect(readFileSync(join(dir, 'unsigned.txt'), 'utf8')).toContain(BEARER_WBXML.replace(/ /g, ''));
		const r = pstudio(['ota', '--decode', 'unsigned.txt'], { cwd: dir });
		expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
		expect(r.stdout.toString()).toBe(
			[
				'Segments: 1',
				'Address: 12345',
				'Ports: 2948 <- 2948',
				'Content-Type: application/vnd.wap.connectivity-wbxml (0x36)',
				'Body: 17 bytes, WBXML PROV',
				'',
				'<?xml version="1.0" encoding="UTF-8"?>',
				'<!DOCTYPE wap-provisioningdoc PUBLIC "-//WAPFORUM//DTD PROV 1.0//EN" "http://www.wapforum.org/DTD/prov.dtd">',
				'<wap-provisioningdoc version="1.0">',
				'  <characteristic type="NAPDEF">',
				'    <parm name="BEARER" value="GSM-GPRS"/>',
				'  </characteristic>',
				'</wap-provisioningdoc>',
				''
			].join('\n')
		);
	});

	it('reads back what it wrote, in either order of the lines, with SEC and MAC', () => {
		const encoded = pstudio(['ota', 'nowsms.wbxml', '--sec', 'NETWPIN', '--imsi', '123456789012345', '--to', '+441234567890'], { cwd: dir });
		const lines = encoded.stdout.toString().trim().split('\n').reverse();
		writeFileSync(join(dir, 'pdus.txt'), lines.join('\n') + '\n');
		const r = pstudio(['ota', '--decode', 'pdus.txt', '--json'], { cwd: dir });
		const report = JSON.parse(r.stdout.toString());
		expect(report).toMatchObject({
			segments: 2,
			reference: 0,
			address: '+441234567890',
			contentType: 'application/vnd.wap.connectivity-wbxml (0x36)',
			sec: 'NETWPIN (0)',
			mac: MAC,
			body: '118 bytes, WBXML PROV'
		});
		expect(report.xml).toContain('<parm name="NAPID" value="test1_NAPID"/>');
	});

	it('reports a PDU one octet short at the TP-UDL that promised it', () => {
		const text = readFileSync(join(dir, 'unsigned.txt'), 'utf8').replace(/0101\n$/, '01\n');
		writeFileSync(join(dir, 'short.txt'), text);
		const r = pstudio(['ota', '--decode', 'short.txt'], { cwd: dir });
		// TP-UDL is octet 10 (0x0A): 00 41 00 05 81 21 43 F5 00 04 | 1C.
		expect({ code: r.code, stdout: r.stdout.toString(), stderr: r.stderr }).toEqual({
			code: 2,
			stdout: '',
			// The PDU is on line 3 of the file (a comment and a blank line come first).
			stderr: 'pstudio: short.txt: SMS PDU offset 0x0A (line 3): TP-UDL says 28 octets but 27 follow\n'
		});
	});

	it('needs a destination number, and says which option is wrong', () => {
		const none = pstudio(['ota', 'nowsms.wbxml'], { cwd: dir });
		expect({ code: none.code, stderr: none.stderr }).toEqual({
			code: 2,
			stderr: "pstudio: no --to given: the SMS-SUBMIT PDU holds the destination number (try 'pstudio ota --help')\n"
		});
		const bad = pstudio(['ota', 'nowsms.wbxml', '--to', '12-34'], { cwd: dir });
		expect(bad.stderr).toBe(
			`pstudio: --to: destination must be 1–20 decimal digits with an optional leading '+'; found "12-34" (try 'pstudio ota --help')\n`
		);
	});
});

describe('pstudio ota --decode with the subscriber keys: is the push authentic?', () => {
	// The hand-assembled PDUs above carry the published NETWPIN MAC of the NowSMS document for IMSI 123456789012345.
	const writePdus = (): void => writeFileSync(join(dir, 'pdus.txt'), `${hexOf(PART1)}\n${hexOf(PART2)}\n`);

	it('says yes for the IMSI the MAC was made with', () => {
		writePdus();
		const r = pstudio(['ota', '--decode', 'pdus.txt', '--imsi', '123456789012345'], { cwd: dir });
		expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
		expect(r.stdout.toString()).toContain(`SEC: NETWPIN (0)\nMAC: ${MAC}\nBody: 118 bytes, WBXML PROV\nAuthentic: yes\n\n<?xml`);
	});

	it('says no, exit 1, with the MAC that IMSI would give (computed by openssl), for another IMSI', () => {
		writePdus();
		// IMSI 123456789012346, odd length: "9" + IMSI = 91 23 45 67 89 01 23 46, each pair swapped (bootstrap-security.md §2).
		const expected = opensslHmacSha1(join(dir, 'nowsms.wbxml'), '1932547698103264');
		const r = pstudio(['ota', '--decode', 'pdus.txt', '--imsi', '123456789012346', '--json'], { cwd: dir });
		expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 1, stderr: '' });
		expect(JSON.parse(r.stdout.toString()).authentic).toBe(`no (MAC mismatch: expected ${MAC}, computed ${expected})`);
	});

	it('refuses keys the push cannot use: none for an unsigned push, no PIN for NETWPIN', () => {
		writePdus();
		const unsigned = pstudio(['ota', '--decode', 'unsigned.txt', '--imsi', '123456789012345'], { cwd: dir });
		expect({ code: unsigned.code, stdout: unsigned.stdout.toString(), stderr: unsigned.stderr }).toEqual({
			code: 2,
			stdout: '',
			stderr: "pstudio: --imsi/--pin check a signed push, and this one has no SEC parameter (try 'pstudio ota --help')\n"
		});
		const pin = pstudio(['ota', '--decode', 'pdus.txt', '--imsi', '123456789012345', '--pin', '1234'], { cwd: dir });
		expect({ code: pin.code, stderr: pin.stderr }).toEqual({
			code: 2,
			stderr: "pstudio: SEC=NETWPIN (from the push) does not use a PIN (try 'pstudio ota --help')\n"
		});
	});
});
