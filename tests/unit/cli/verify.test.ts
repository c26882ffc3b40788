import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BEARER_DOC, pstudio, tempFolder } from './run-cli';
import { opensslHmacSha1 } from './openssl-hmac';

let dir: string;
let cleanup: () => void;
beforeEach(() => {
	({ dir, cleanup } = tempFolder());
	const hexText = readFileSync(new URL('../../fixtures/security/nowsms-netwpin.hex', import.meta.url), 'utf8');
	writeFileSync(join(dir, 'nowsms.wbxml'), Buffer.from(hexText.replace(/\s/g, ''), 'hex'));
});
afterEach(() => cleanup());

// Published with the document (bootstrap-security.md §5): SEC=NETWPIN, IMSI 123456789012345.
const NOWSMS_MAC = 'C483EC25F7E3E0CF100380DA5F6714CF204A5EC5';
const help = " (try 'pstudio verify --help')\n";

function run(args: string[]): { code: number | null; stdout: string; stderr: string } {
	const r = pstudio(['verify', ...args], { cwd: dir });
	return { code: r.code, stdout: r.stdout.toString(), stderr: r.stderr };
}

describe('pstudio verify', () => {
	it('says "authentic" for the published MAC, given in lowercase as some senders write it', () => {
		expect(run(['nowsms.wbxml', '--sec', 'NETWPIN', '--imsi', '123456789012345', '--mac', NOWSMS_MAC.toLowerCase()])).toEqual({
			code: 0,
			stdout: 'authentic\n',
			stderr: ''
		});
	});

	it('exits 1 with the MAC received and the MAC computed under another IMSI', () => {
		// IMSI 123456789012344: nibbles 9 1 2 … 4 → key 19 32 54 76 98 10 32 44.
		const computed = opensslHmacSha1(join(dir, 'nowsms.wbxml'), '1932547698103244');
		expect(run(['nowsms.wbxml', '--sec', 'NETWPIN', '--imsi', '123456789012344', '--mac', NOWSMS_MAC])).toEqual({
			code: 1,
			stdout: `not authentic: MAC mismatch: expected ${NOWSMS_MAC}, computed ${computed}\n`,
			stderr: ''
		});
	});

	it('checks USERPINMAC with the typed PIN alone and does not print the expected digits on failure', () => {
		// bootstrap-security.md §3: K = 12345 gives m = 98364 for this document.
		expect(run(['nowsms.wbxml', '--sec', 'USERPINMAC', '--pin', '1234598364'])).toEqual({ code: 0, stdout: 'authentic\n', stderr: '' });
		const wrong = run(['nowsms.wbxml', '--sec', 'USERPINMAC', '--pin', '1234598365']);
		expect(wrong).toEqual({ code: 1, stdout: 'not authentic: the MAC half of the PIN does not match the document (SEC=USERPINMAC)\n', stderr: '' });
		expect(wrong.stdout).not.toContain('98364');
	});

	it('refuses XML input: the MAC covers the bytes that were sent, not a re-encoding', () => {
		writeFileSync(join(dir, 'doc.xml'), BEARER_DOC);
		expect(run(['doc.xml', '--sec', 'USERPIN', '--pin', '1234', '--mac', NOWSMS_MAC])).toEqual({
			code: 2,
			stdout: '',
			stderr: 'pstudio: doc.xml: not WBXML (the first byte is not a WBXML version 0x00-0x03): a MAC is checked over the WBXML bytes as sent\n'
		});
	});

	it('rejects a MAC that is not 40 hex digits, and a missing --mac', () => {
		expect(run(['nowsms.wbxml', '--sec', 'USERPIN', '--pin', '1234', '--mac', 'C483'])).toEqual({
			code: 2,
			stdout: '',
			stderr: `pstudio: SEC=USERPIN: MAC must be 40 hexadecimal characters; found 4 characters${help}`
		});
		expect(run(['nowsms.wbxml', '--sec', 'USERPIN', '--pin', '1234']).stderr).toBe(`pstudio: no --mac given${help}`);
	});

	it('never prints the PIN it was given', () => {
		const r = run(['nowsms.wbxml', '--sec', 'USERPIN', '--pin', '55667788', '--mac', NOWSMS_MAC]);
		expect(r.code).toBe(1);
		expect(r.stdout + r.stderr).not.toContain('55667788');
	});
});
