import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fromHex } from '../../../src/lib/codec/hex';
import { BEARER_DOC, BEARER_WBXML, listing, pstudio, tempFolder } from './run-cli';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempFolder()));
afterEach(() => cleanup());

// ORACLES.md §1: the NAPDEF + APPLICATION example; xml2wbxml's encoding of it uses both PROV code pages and
// libwbxml's redundant `00 00` switches back to page 0 after each page-1 attribute.
const PROV_EXAMPLE = readFileSync(join(import.meta.dirname, '../../fixtures/provcont/oracles-prov.xml'), 'utf8');

describe('pstudio decode', () => {
	it('prints the canonical XML of the hand-worked bytes: declaration, DOCTYPE, two-space indent', () => {
		writeFileSync(join(dir, 'in.wbxml'), fromHex(BEARER_WBXML));
		const r = pstudio(['decode', 'in.wbxml'], { cwd: dir });
		expect(r.code).toBe(0);
		expect(r.stderr).toBe('');
		// BEARER_DOC itself, with the declaration naming its encoding (the text is UTF-8 by charset 0x6A).
		expect(r.stdout.toString()).toBe(BEARER_DOC.replace('<?xml version="1.0"?>', '<?xml version="1.0" encoding="UTF-8"?>'));
	});

	it("prints the same document as libwbxml's wbxml2xml -i 2 for libwbxml's own bytes", () => {
		writeFileSync(join(dir, 'prov.xml'), PROV_EXAMPLE);
		execFileSync('xml2wbxml', ['-o', 'prov.wbxml', 'prov.xml'], { cwd: dir, stdio: 'ignore' });
		const ours = pstudio(['decode', 'prov.wbxml'], { cwd: dir });
		expect(ours.code).toBe(0);
		const theirs = execFileSync('wbxml2xml', ['-i', '2', '-o', '-', 'prov.wbxml'], { cwd: dir, stdio: ['ignore', 'pipe', 'ignore'] }).toString();
		// wbxml2xml writes a bare declaration and no final newline; the elements must be identical.
		expect(ours.stdout.toString()).toBe(theirs.replace('<?xml version="1.0"?>', '<?xml version="1.0" encoding="UTF-8"?>').trimEnd() + '\n');
	});

	it('reads stdin for "-" and can write the XML into a file with -o', () => {
		const r = pstudio(['decode', '-', '-o', 'out.xml'], { cwd: dir, stdin: fromHex(BEARER_WBXML) });
		expect(r.code).toBe(0);
		expect(r.stdout.length).toBe(0);
		expect(listing(dir)).toEqual(['out.xml']);
		// The file holds what stdout would have: BEARER_DOC with the declaration naming UTF-8 (charset 0x6A).
		expect(readFileSync(join(dir, 'out.xml'), 'utf8')).toBe(BEARER_DOC.replace('<?xml version="1.0"?>', '<?xml version="1.0" encoding="UTF-8"?>'));
	});

	it('decodes an unknown public id (0x01) only with --language PROV', () => {
		const anonymous = fromHex('03 01' + BEARER_WBXML.slice(5));
		writeFileSync(join(dir, 'anon.wbxml'), anonymous);
		const without = pstudio(['decode', 'anon.wbxml'], { cwd: dir });
		expect(without.code).toBe(2);
		expect(without.stdout.length).toBe(0);
		// Byte 1 is the public id (WAP-192 §5.5): 0x01 means "unknown or missing".
		expect(without.stderr).toBe('pstudio: anon.wbxml: WBXML offset 0x1: public id 0x01 is not a known language; force one with the language option\n');
		const forced = pstudio(['decode', 'anon.wbxml', '--language', 'PROV'], { cwd: dir });
		expect(forced.code).toBe(0);
		expect(forced.stdout.toString()).toContain('    <parm name="BEARER" value="GSM-GPRS"/>\n');
	});

	it('reports truncated WBXML with its byte offset on one line, exit 2, nothing on stdout', () => {
		// Cut inside the characteristic's attributes: after `C6` the stream ends.
		writeFileSync(join(dir, 't.wbxml'), fromHex('03 0B 6A 00 C5 46 01 C6'));
		const r = pstudio(['decode', 't.wbxml'], { cwd: dir });
		expect(r.code).toBe(2);
		expect(r.stdout.length).toBe(0);
		// C6 at offset 7 is <characteristic> with attributes and content (WAP-192 §5.8.2: bits 0x80 and 0x40), so its
		// first attribute token belongs at offset 8, one past the end.
		expect(r.stderr).toBe('pstudio: t.wbxml: WBXML offset 0x8: stream ends where an attribute or END of <characteristic> was expected\n');
	});

	it('rejects an unknown --language name', () => {
		writeFileSync(join(dir, 'in.wbxml'), fromHex(BEARER_WBXML));
		const r = pstudio(['decode', 'in.wbxml', '--language', 'KLINGON'], { cwd: dir });
		expect(r.code).toBe(2);
		expect(r.stderr).toBe(`pstudio: unknown language "KLINGON" (try 'pstudio decode --help')\n`);
	});
});

describe('pstudio decode --help and the top level', () => {
	it('prints decode usage', () => {
		const r = pstudio(['decode', '--help'], { cwd: dir });
		expect(r.code).toBe(0);
		expect(r.stdout.toString()).toMatch(/^Usage: pstudio decode <in\.wbxml\|-> \[options\]\n/);
	});

	it('lists the commands for --help and refuses an unknown command', () => {
		const help = pstudio(['--help'], { cwd: dir });
		expect(help.code).toBe(0);
		expect(help.stdout.toString()).toMatch(/^Usage: pstudio <command> \[options\]\n/);
		const unknown = pstudio(['frobnicate'], { cwd: dir });
		expect(unknown.code).toBe(2);
		expect(unknown.stderr).toBe(`pstudio: unknown command "frobnicate" (try 'pstudio --help')\n`);
	});

	it('refuses command names of Object.prototype, and cuts a long one (issue 8 §2)', () => {
		for (const name of ['constructor', '__proto__', 'hasOwnProperty']) {
			const r = pstudio([name], { cwd: dir });
			expect(r.stderr).toBe(`pstudio: unknown command "${name}" (try 'pstudio --help')\n`);
			expect(r.code).toBe(2);
		}
		const long = pstudio(['x'.repeat(500)], { cwd: dir });
		expect(long.stderr).toBe(`pstudio: unknown command "${'x'.repeat(80)}…" (500 characters) (try 'pstudio --help')\n`);
	});
});

