import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BEARER_DOC, BEARER_WBXML, hex, listing, pstudio, tempFolder } from './run-cli';
import { asciiHex, opensslHmacSha1 } from './openssl-hmac';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempFolder()));
afterEach(() => cleanup());

// The 118-byte CP document published on the NowSMS forum ("NETWPIN Calculation", 2007), client-provisioning.md §7.
const NOWSMS_HEX = readFileSync(new URL('../../fixtures/security/nowsms-netwpin.hex', import.meta.url), 'utf8');
// NowSMS's MAC header for IMSI 123456789012345 (bootstrap-security.md §5), published.
const NOWSMS_MAC = 'C483EC25F7E3E0CF100380DA5F6714CF204A5EC5';

function writeNowSms(): string {
	const file = join(dir, 'nowsms.wbxml');
	writeFileSync(file, Buffer.from(NOWSMS_HEX.replace(/\s/g, ''), 'hex'));
	return file;
}

/*
 * NETWPIN keys worked out by hand (bootstrap-security.md §2): nibbles = parity (9 odd digit count, 1 even), the
 * digits, then F when the count of nibbles is odd; each pair is written low nibble first, so the hex text is
 * the nibble string with the two characters of every pair swapped.
 *   123456789012345 (15, odd)  "9123456789012345"   → 19 32 54 76 98 10 32 54
 *   262011234567890 (15, odd)  "9262011234567890"   → 29 26 10 21 43 65 87 09
 *   21407650123456  (14, even) "121407650123456F"   → 21 41 70 56 10 32 54 F6
 */
const IMSI_KEYS: [string, string][] = [
	['123456789012345', '1932547698103254'],
	['262011234567890', '2926102143658709'],
	['21407650123456', '21417056103254F6']
];

describe('pstudio sign: the published NETWPIN vector', () => {
	it('prints NowSMS\'s MAC for the 118-byte document and IMSI 123456789012345', () => {
		writeNowSms();
		const r = pstudio(['sign', 'nowsms.wbxml', '--sec', 'NETWPIN', '--imsi', '123456789012345'], { cwd: dir });
		expect({ code: r.code, stdout: r.stdout.toString(), stderr: r.stderr }).toEqual({ code: 0, stdout: `${NOWSMS_MAC}\n`, stderr: '' });
	});

	it.each(IMSI_KEYS)('derives the NETWPIN key of IMSI %s as openssl is told by hand (%s)', (imsi, key) => {
		const file = writeNowSms();
		const r = pstudio(['sign', 'nowsms.wbxml', '--sec', 'netwpin', '--imsi', imsi], { cwd: dir });
		expect(r.code).toBe(0);
		expect(r.stdout.toString()).toBe(`${opensslHmacSha1(file, key)}\n`);
	});
});

describe('pstudio sign: every SEC method against openssl', () => {
	it('USERPIN: the key is the PIN as ASCII', () => {
		const file = writeNowSms();
		const r = pstudio(['sign', 'nowsms.wbxml', '--sec', 'USERPIN', '--pin', '1234'], { cwd: dir });
		expect(r.stdout.toString()).toBe(`${opensslHmacSha1(file, asciiHex('1234'))}\n`);
		// bootstrap-security.md §5 lists the same value (self-computed there with openssl too).
		expect(r.stdout.toString()).toBe('47D644FE45B4E15A7A15ED13C0D5096E8E263D9C\n');
	});

	it('USERNETWPIN: the key is the IMSI key followed by the PIN bytes, no separator', () => {
		const file = writeNowSms();
		const r = pstudio(['sign', 'nowsms.wbxml', '--sec', 'USERNETWPIN', '--imsi', '123456789012345', '--pin', '1234'], { cwd: dir });
		expect(r.stdout.toString()).toBe(`${opensslHmacSha1(file, '1932547698103254' + asciiHex('1234'))}\n`);
	});

	it('USERPINMAC: prints K followed by one digit per leading MAC byte, M[i] mod 10', () => {
		const file = writeNowSms();
		const r = pstudio(['sign', 'nowsms.wbxml', '--sec', 'USERPINMAC', '--pin', '12345'], { cwd: dir });
		const mac = Buffer.from(opensslHmacSha1(file, asciiHex('12345')), 'hex');
		const digits = [...mac.subarray(0, 5)].map((b) => String(b % 10)).join('');
		expect(r.stdout.toString()).toBe(`12345${digits}\n`);
		// bootstrap-security.md §3: M starts C7 E4 67 92 FE = 199 228 103 146 254 → "98364".
		expect(r.stdout.toString()).toBe('1234598364\n');
	});

	it('reads the PIN from --pin-file, so it needs not be on the command line', () => {
		const file = writeNowSms();
		writeFileSync(join(dir, 'pin.txt'), '7391\n');
		const r = pstudio(['sign', 'nowsms.wbxml', '--sec', 'USERPIN', '--pin-file', 'pin.txt'], { cwd: dir });
		expect(r.stdout.toString()).toBe(`${opensslHmacSha1(file, asciiHex('7391'))}\n`);
	});

	// Issue 8 §7: "  1234  " in --pin-file gave "not authentic" where --adm-file is trimmed. One rule for every key
	// file (io.ts readKeyFile): blanks and the line end around the key are not part of it.
	it('takes a --pin-file PIN without the blanks, CRLF or tabs around it, as --adm-file does', () => {
		const file = writeNowSms();
		const expected = `${opensslHmacSha1(file, asciiHex('1234'))}\n`;
		for (const [name, text] of [['spaces.txt', '  1234  '], ['crlf.txt', '1234\r\n'], ['tabs.txt', '\t1234\t\n\n']]) {
			writeFileSync(join(dir, name), text);
			const r = pstudio(['sign', 'nowsms.wbxml', '--sec', 'USERPIN', '--pin-file', name], { cwd: dir });
			expect({ name, code: r.code, stdout: r.stdout.toString(), stderr: r.stderr }).toEqual({ name, code: 0, stdout: expected, stderr: '' });
		}
	});

	it('prints SEC, MAC and size as JSON, and never the PIN of a USERPIN signature', () => {
		const file = writeNowSms();
		const r = pstudio(['sign', 'nowsms.wbxml', '--sec', 'USERPIN', '--pin', '908172', '--json'], { cwd: dir });
		expect(JSON.parse(r.stdout.toString())).toEqual({ sec: 'USERPIN', mac: opensslHmacSha1(file, asciiHex('908172')), bytes: 118 });
		expect(r.stdout.toString() + r.stderr).not.toContain('908172');
	});
});

describe('pstudio sign: XML input', () => {
	it('encodes the XML with PROV, writes those bytes with -o and prints the MAC openssl gives over them', () => {
		writeFileSync(join(dir, 'bearer.xml'), BEARER_DOC);
		const r = pstudio(['sign', 'bearer.xml', '--sec', 'NETWPIN', '--imsi', '262011234567890', '-o', 'bearer.wbxml'], { cwd: dir });
		expect(r.code).toBe(0);
		expect(r.stderr).toBe('');
		const out = join(dir, 'bearer.wbxml');
		// The bytes worked out by hand in run-cli.ts (identical to xml2wbxml's).
		expect(hex(readFileSync(out))).toBe(BEARER_WBXML);
		expect(r.stdout.toString()).toBe(`${opensslHmacSha1(out, '2926102143658709')}\n`);
		expect(listing(dir)).toEqual(['bearer.wbxml', 'bearer.xml']);
	});

	it('signs libwbxml\'s encoding of a document byte for byte, as openssl does', () => {
		writeFileSync(join(dir, 'bearer.xml'), BEARER_DOC);
		const theirs = join(dir, 'libwbxml.wbxml');
		execFileSync('xml2wbxml', ['-o', theirs, join(dir, 'bearer.xml')], { stdio: 'ignore' });
		const r = pstudio(['sign', 'libwbxml.wbxml', '--sec', 'USERNETWPIN', '--imsi', '21407650123456', '--pin', '0000'], { cwd: dir });
		expect(r.stdout.toString()).toBe(`${opensslHmacSha1(theirs, '21417056103254F6' + asciiHex('0000'))}\n`);
	});
});

describe('pstudio sign: bad usage and bad input (exit 2, one stderr line)', () => {
	const usage = (args: string[]): { code: number | null; stdout: string; stderr: string } => {
		writeNowSms();
		const r = pstudio(['sign', 'nowsms.wbxml', ...args], { cwd: dir });
		return { code: r.code, stdout: r.stdout.toString(), stderr: r.stderr };
	};
	const help = " (try 'pstudio sign --help')\n";

	it('rejects NETWPIN without an IMSI', () => {
		expect(usage(['--sec', 'NETWPIN'])).toEqual({ code: 2, stdout: '', stderr: `pstudio: --sec NETWPIN needs --imsi${help}` });
	});

	it('rejects an IMSI of 5 digits and says how many it found', () => {
		expect(usage(['--sec', 'NETWPIN', '--imsi', '12345'])).toEqual({
			code: 2,
			stdout: '',
			stderr: `pstudio: --imsi: 5 digits, an IMSI has at least 6${help}`
		});
	});

	// The IMSI is the NETWPIN key (bootstrap-security.md §2): what is wrong is said by position or length, never
	// by repeating it (issue 8 §7: `found "12ab"` was echoed).
	it('names the position of the first character that is not a digit, and never repeats the IMSI', () => {
		const letter = usage(['--sec', 'NETWPIN', '--imsi', '12ab56789012345']);
		expect(letter).toEqual({ code: 2, stdout: '', stderr: `pstudio: --imsi: character 3 is not a decimal digit${help}` });
		const last = usage(['--sec', 'USERNETWPIN', '--imsi', '26201123456789X', '--pin', '1234']);
		expect(last.stderr).toBe(`pstudio: --imsi: character 15 is not a decimal digit${help}`);
		expect(last.stderr).not.toContain('262011');
	});

	it('names the length of an IMSI of 16 digits (TS 23.003 §2.2: at most 15), never the digits', () => {
		const r = usage(['--sec', 'NETWPIN', '--imsi', '2620112345678901']);
		expect(r).toEqual({ code: 2, stdout: '', stderr: `pstudio: --imsi: 16 digits, an IMSI has at most 15${help}` });
	});

	it('rejects USERPIN without a PIN, and an empty PIN', () => {
		expect(usage(['--sec', 'USERPIN']).stderr).toBe(`pstudio: --sec USERPIN needs --pin or --pin-file${help}`);
		expect(usage(['--sec', 'USERPIN', '--pin', '']).stderr).toBe(`pstudio: the PIN is empty${help}`);
	});

	it('rejects an unknown SEC method', () => {
		expect(usage(['--sec', 'NETWORKPIN', '--imsi', '123456'])).toEqual({
			code: 2,
			stdout: '',
			stderr: `pstudio: --sec must be NETWPIN, USERPIN, USERNETWPIN or USERPINMAC; found "NETWORKPIN"${help}`
		});
	});

	it('rejects USERPINMAC key digits that are not digits without echoing them', () => {
		const r = usage(['--sec', 'USERPINMAC', '--pin', '12a45']);
		expect(r).toEqual({ code: 2, stdout: '', stderr: `pstudio: --pin: character 3 is not a decimal digit (a PIN is decimal digits)${help}` });
	});

	// Issue 8 §7: a USERPIN/USERNETWPIN PIN was taken as any bytes. It is decimal digits (bootstrap-security.md §1
	// key = the PIN's ASCII bytes, typed by the user; §3 the USERPINMAC PIN is digits): refused by position.
	it('refuses a USERPIN or USERNETWPIN PIN that is not decimal digits, by position, without repeating it', () => {
		const letter = usage(['--sec', 'USERPIN', '--pin', '12x4']);
		expect(letter).toEqual({ code: 2, stdout: '', stderr: `pstudio: --pin: character 3 is not a decimal digit (a PIN is decimal digits)${help}` });
		const blank = usage(['--sec', 'USERNETWPIN', '--imsi', '123456789012345', '--pin', '12 34']);
		expect(blank.stderr).toBe(`pstudio: --pin: character 3 is not a decimal digit (a PIN is decimal digits)${help}`);
	});

	it('refuses binary bytes in --pin-file by position, never printing them', () => {
		writeFileSync(join(dir, 'pin.bin'), Uint8Array.of(0x31, 0x32, 0x00, 0x01, 0x7f));
		const r = usage(['--sec', 'USERPIN', '--pin-file', 'pin.bin']);
		expect(r).toEqual({ code: 2, stdout: '', stderr: `pstudio: --pin-file pin.bin: character 3 is not a decimal digit (a PIN is decimal digits)${help}` });
	});

	it('refuses a --pin-file with a second line or no PIN, naming the file only', () => {
		writeFileSync(join(dir, 'two.txt'), '1234\n5678\n');
		expect(usage(['--sec', 'USERPIN', '--pin-file', 'two.txt']).stderr).toBe(
			`pstudio: --pin-file two.txt: holds more than one line: a key file holds one key on one line${help}`
		);
		writeFileSync(join(dir, 'blank.txt'), '  \n');
		expect(usage(['--sec', 'USERPIN', '--pin-file', 'blank.txt']).stderr).toBe(
			`pstudio: --pin-file blank.txt: holds no key (the file is empty or blank)${help}`
		);
		expect(usage(['--sec', 'USERPIN', '--pin-file', 'none.txt']).stderr).toBe(
			`pstudio: --pin-file none.txt: cannot read: no such file or directory${help}`
		);
	});

	it('reports a missing input file', () => {
		const r = pstudio(['sign', 'missing.xml', '--sec', 'USERPIN', '--pin', '1'], { cwd: dir });
		expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 2, stderr: 'pstudio: missing.xml: cannot read: no such file or directory\n' });
	});

	it('reports malformed XML at its line and column and writes nothing', () => {
		writeFileSync(join(dir, 'broken.xml'), '<wap-provisioningdoc>\n  <characteristic type="NAPDEF">\n</wap-provisioningdoc>\n');
		const r = pstudio(['sign', 'broken.xml', '--sec', 'USERPIN', '--pin', '1', '-o', 'out.wbxml'], { cwd: dir });
		expect({ code: r.code, stdout: r.stdout.toString(), stderr: r.stderr }).toEqual({
			code: 2,
			stdout: '',
			stderr: 'pstudio: broken.xml:2:3: unclosed tag <characteristic>: no </characteristic> before </wap-provisioningdoc> at line 3, column 1\n'
		});
		expect(listing(dir)).toEqual(['broken.xml']);
	});
});
