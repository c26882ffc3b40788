// `pstudio ota --decode` on inputs of issue 8: a line longer than any PDU (§5), and pushes that carry no
// provisioning document (§10). PDUs assembled by hand, the layout beside them.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BEARER_WBXML, pstudio, tempFolder } from '../cli/run-cli';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempFolder()));
afterEach(() => cleanup());

/*
 * A Service Indication (WAP-167) as WBXML 1.2: 02 version, 05 public id SI 1.0, 6A UTF-8, 00 no string table,
 * 45 <si>, C6 <indication> with attributes and content, 0C href="http://", 03 "a.b" 00, 01 end of attributes,
 * 03 "hi" 00, 01 </indication>, 01 </si>: 19 octets.
 */
const SI_WBXML = '02056A0045C60C03612E620001036869000101';
/*
 * SMS-SUBMIT (23.040 §9.2.2.2) with the modem's default SMSC 00: 41 SUBMIT with UDHI, 00 TP-MR, 05 81 21 43 F5 =
 * 12345, 00 PID, 04 DCS 8-bit, TP-UDL, 06 05 04 0B84 0B84 (ports 2948 → 2948), then the WSP push.
 */
const sms = (wsp: string): string => `00410005812143F50004${(7 + wsp.length / 2).toString(16).toUpperCase().padStart(2, '0')}0605040B840B84${wsp}`;

describe('ota --decode of a push that is not provisioning says what the push is (issue 8 §10)', () => {
	it('content type application/vnd.wap.sic (0x2E): a Service Indication', () => {
		// WSP: 01 TID, 06 Push, 03 headers length, AE = 0x2E | 0x80, AF 82 X-Wap-Application-Id wml.ua, the SI body
		writeFileSync(join(dir, 'si.txt'), `${sms(`010603AEAF82${SI_WBXML}`)}\n`);
		const r = pstudio(['ota', '--decode', 'si.txt'], { cwd: dir });
		expect({ code: r.code, stdout: r.stdout.toString(), stderr: r.stderr }).toEqual({
			code: 2,
			stdout: '',
			stderr:
				'pstudio: si.txt: the push carries application/vnd.wap.sic (0x2E), a Service Indication (WAP-167), not a provisioning document in WBXML: ota --decode reads application/vnd.wap.connectivity-wbxml (0x36) and application/vnd.syncml.dm+wbxml (0x42)\n'
		});
	});

	it('a connectivity content type whose WBXML is SI (public id 0x05): no "language option", which ota does not have', () => {
		// WSP: 01 TID, 06 Push, 01 headers length, B6 = application/vnd.wap.connectivity-wbxml, the SI body
		writeFileSync(join(dir, 'si.txt'), `${sms(`010601B6${SI_WBXML}`)}\n`);
		const r = pstudio(['ota', '--decode', 'si.txt'], { cwd: dir });
		expect({ code: r.code, stderr: r.stderr }).toEqual({
			code: 2,
			stderr: 'pstudio: si.txt: the push body is WBXML SI 1.0, a Service Indication (WAP-167), not a provisioning document: ota --decode reads PROV and SyncML DM\n'
		});
	});
});

describe('ota --decode of pushes as other senders write them', () => {
	it('reads a push whose content type is spelled out (WAP-230 §8.4.2.24 Constrained-media: Extension-media text)', () => {
		// WSP: 01 TID, 06 Push, 27 HeadersLen = 39: "application/vnd.wap.connectivity-wbxml" (11 + 1 + 26 = 38
		// characters) and its NUL, then the 17 octets of BEARER_WBXML.
		const type = Buffer.from('application/vnd.wap.connectivity-wbxml\0', 'ascii').toString('hex').toUpperCase();
		expect(type.length / 2).toBe(0x27);
		writeFileSync(join(dir, 'text.txt'), `${sms(`010627${type}${BEARER_WBXML.replace(/ /g, '')}`)}\n`);
		const r = pstudio(['ota', '--decode', 'text.txt'], { cwd: dir });
		expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
		expect(r.stdout.toString()).toContain('Content-Type: application/vnd.wap.connectivity-wbxml\n');
		expect(r.stdout.toString()).toContain('<parm name="BEARER" value="GSM-GPRS"/>');
	});

	it('names the line of the PDU in error, not its place among the PDUs', () => {
		// Line 1 a comment, line 2 blank, line 3 the PDU with TP-DCS 00 (GSM 7-bit) at offset 9:
		// 00 SMSC | 41 | 00 MR | 05 81 21 43 F5 | 00 PID | DCS.
		const pdu = sms('010601B6').replace(/^(00410005812143F500)04/, '$100');
		writeFileSync(join(dir, 'dcs.txt'), `# capture\n\n${pdu}\n`);
		const r = pstudio(['ota', '--decode', 'dcs.txt'], { cwd: dir });
		expect({ code: r.code, stderr: r.stderr }).toEqual({
			code: 2,
			stderr: 'pstudio: dcs.txt: SMS PDU offset 0x09 (line 3): TP-DCS 0x00 is not uncompressed 8-bit data (expected e.g. 0x04 or 0xF5)\n'
		});
	});
});

describe('ota --decode of a 50 MB hex line (issue 8 §5): refused at once, in little memory', () => {
	it('one line, exit 2, and a peak RSS far below the input size', () => {
		writeFileSync(join(dir, 'big.txt'), `AT+CMGS=164 ${'0'.repeat(50 * 1024 * 1024)}\n`);
		const launcher = fileURLToPath(new URL('../../../bin/pstudio.js', import.meta.url));
		// GNU time's %M: the child's maximum resident set size in KiB, on the last stderr line (-q: no exit status line).
		const run = spawnSync('/usr/bin/time', ['-q', '-f', '%M', process.execPath, launcher, 'ota', '--decode', 'big.txt'], { cwd: dir, encoding: 'utf8' });
		const lines = run.stderr.trimEnd().split('\n');
		const rssKiB = Number(lines.pop());
		expect({ code: run.status, stderr: lines.join('\n') }).toEqual({
			code: 2,
			stderr: 'pstudio: big.txt: line 1 is longer than 512 characters; an SMS PDU with its SMSC address is at most 176 octets (352 hex digits; 3GPP TS 23.040 §9.2.2, TS 27.005 §3.5.1)'
		});
		// Before: the whole line was read, split and converted (2.4 GB). Node alone takes about 50 MB here.
		expect(rssKiB).toBeLessThan(150 * 1024);
	});
});
