import { execFileSync } from 'node:child_process';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { canonicalXml, parseXml } from '../../../src/lib/codec/xml';
import { listing, pstudio, tempFolder } from './run-cli';

let dir: string;
let cleanup: () => void;
const fixture = (name: string): URL => new URL(`../../fixtures/dm/${name}`, import.meta.url);
beforeEach(() => {
	({ dir, cleanup } = tempFolder());
	for (const name of ['account.json', 'account.xml']) copyFileSync(fixture(name), join(dir, name));
});
afterEach(() => cleanup());

// Hand-written expectations (tests/fixtures/dm/README.md): the account as CP w7 and as a DM 1.2 bootstrap message.
const CP_W7 = readFileSync(fixture('cp-w7.xml'), 'utf8');
const BOOTSTRAP = readFileSync(fixture('bootstrap-1.2.xml'), 'utf8');
const canonical = (xml: string): string => canonicalXml(parseXml(xml));
const wbxml2xml = (file: string): string => execFileSync('wbxml2xml', ['-o', '-', file], { stdio: ['ignore', 'pipe', 'ignore'] }).toString();

describe('pstudio dm-bootstrap', () => {
	it('renders the JSON account as the CP APPLICATION w7 document, secrets included', () => {
		const r = pstudio(['dm-bootstrap', 'account.json', '--format', 'cp', '--napid', 'NAP1'], { cwd: dir });
		expect({ code: r.code, stdout: r.stdout.toString(), stderr: r.stderr }).toEqual({ code: 0, stdout: CP_W7, stderr: '' });
	});

	it('renders the XML account as the DM 1.2 bootstrap message', () => {
		const r = pstudio(['dm-bootstrap', 'account.xml', '--format', 'syncml', '--device', 'IMEI:490154203237518'], { cwd: dir });
		expect(r.code).toBe(0);
		expect(canonical(r.stdout.toString())).toBe(canonical(BOOTSTRAP));
	});

	it('writes SyncML WBXML that libwbxml decodes to the same message', () => {
		const r = pstudio(['dm-bootstrap', 'account.json', '--format', 'syncml', '--device', 'IMEI:490154203237518', '--wbxml', '-o', 'boot.wbxml'], { cwd: dir });
		expect({ code: r.code, stdout: r.stdout.toString(), stderr: r.stderr }).toEqual({ code: 0, stdout: '', stderr: '' });
		// WBXML 1.3, public id 0x1201 as mb_u_int32 (A4 01), UTF-8 (ORACLES.md §1).
		expect([...readFileSync(join(dir, 'boot.wbxml')).subarray(0, 4)]).toEqual([0x03, 0xa4, 0x01, 0x6a]);
		expect(canonical(wbxml2xml(join(dir, 'boot.wbxml')))).toBe(canonical(BOOTSTRAP));
	});

	it('writes a DM 1.1 bootstrap as SyncML 1.1 WBXML (public id 0x0FD3), which libwbxml reads as SyncML 1.1', () => {
		const r = pstudio(['dm-bootstrap', 'account.json', '--format', 'syncml', '--device', 'IMEI:490154203237518', '--dm-version', '1.1', '--wbxml', '-o', 'boot11.wbxml'], { cwd: dir });
		expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
		// 0x0FD3 = 31 * 128 + 83 → mb_u_int32 9F 53 (libwbxml's WBXML_PUBLIC_ID_SYNCML_SYNCML11).
		expect([...readFileSync(join(dir, 'boot11.wbxml')).subarray(0, 4)]).toEqual([0x03, 0x9f, 0x53, 0x6a]);
		const theirs = wbxml2xml(join(dir, 'boot11.wbxml'));
		expect(theirs).toContain('<!DOCTYPE SyncML PUBLIC "-//SYNCML//DTD SyncML 1.1//EN"');
		expect(theirs).toContain('<VerProto>DM/1.1</VerProto>');
	});

	it('writes CP WBXML that libwbxml decodes to the w7 document', () => {
		const r = pstudio(['dm-bootstrap', 'account.json', '--format', 'cp', '--napid', 'NAP1', '--wbxml', '-o', 'cp.wbxml'], { cwd: dir });
		expect(r.code).toBe(0);
		expect(canonical(wbxml2xml(join(dir, 'cp.wbxml')))).toBe(canonical(CP_W7));
	});

	it('needs the device for a SyncML message and -o for WBXML', () => {
		const device = pstudio(['dm-bootstrap', 'account.json', '--format', 'syncml'], { cwd: dir });
		expect({ code: device.code, stderr: device.stderr }).toEqual({
			code: 2,
			stderr: "pstudio: --format syncml needs --device (the SyncHdr Target, e.g. IMEI:490154203237518) (try 'pstudio dm-bootstrap --help')\n"
		});
		const binary = pstudio(['dm-bootstrap', 'account.json', '--format', 'cp', '--wbxml'], { cwd: dir });
		expect(binary.stderr).toBe("pstudio: --wbxml needs -o <file> (or -o - for stdout) (try 'pstudio dm-bootstrap --help')\n");
	});

	it('names the JSON path of a bad account member, never its secret, and writes nothing', () => {
		const account = JSON.parse(readFileSync(join(dir, 'account.json'), 'utf8'));
		account.AppAuth[0].AAuthLevel = 'ROOT';
		writeFileSync(join(dir, 'bad.json'), JSON.stringify(account));
		const r = pstudio(['dm-bootstrap', 'bad.json', '--format', 'cp', '-o', 'out.xml'], { cwd: dir });
		expect({ code: r.code, stdout: r.stdout.toString(), stderr: r.stderr }).toEqual({
			code: 2,
			stdout: '',
			stderr: 'pstudio: bad.json: $.AppAuth[0].AAuthLevel: AAuthLevel "ROOT" is not one of CLCRED, SRVCRED, OBEX, HTTP\n'
		});
		expect(listing(dir)).not.toContain('out.xml');
	});

	it('refuses an HTTP-level credential for CP, which has no AAUTHLEVEL for it', () => {
		const account = JSON.parse(readFileSync(join(dir, 'account.json'), 'utf8'));
		account.AppAuth[0].AAuthLevel = 'HTTP';
		writeFileSync(join(dir, 'http.json'), JSON.stringify(account));
		const r = pstudio(['dm-bootstrap', 'http.json', '--format', 'cp'], { cwd: dir });
		expect(r.code).toBe(2);
		expect(r.stderr).toBe(
			'pstudio: http.json: AAuthLevel HTTP has no AAUTHLEVEL value in OMA CP (StdObj Appendix maps only CLCRED, SRVCRED, OBEX)\n'
		);
	});
});
