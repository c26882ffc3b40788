// `pstudio batch run` and `pstudio batch report` refuse bad input before any reader or ledger is touched: one line
// naming where and why, exit 2, no ledger file left behind (house rules).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listing, pstudio, tempFolder } from '../cli/run-cli';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempFolder()));
afterEach(() => cleanup());

const TEMPLATE = `<?xml version="1.0"?>
<wap-provisioningdoc version="1.0">
  <characteristic type="NAPDEF">
    <parm name="NAPID" value="NAP1"/>
    <parm name="NAME" value="Card \${ICCID}"/>
  </characteristic>
</wap-provisioningdoc>
`;
// 8949010000000000008: Luhn digit 8 over 894901000000000000 (doubling every second digit from the right).
const ORDER = 'ICCID,IMSI,ADM1\n8949010000000000008,262011000000000,20000000\n';

function run(args: string[]) {
	const r = pstudio(args, { cwd: dir });
	return { code: r.code, stdout: r.stdout.toString('utf8'), stderr: r.stderr };
}

describe('pstudio batch run: bad input, exit 2, nothing touched', () => {
	beforeEach(() => {
		writeFileSync(join(dir, 't.xml'), TEMPLATE);
		writeFileSync(join(dir, 'o.csv'), ORDER);
		writeFileSync(join(dir, 'noadm.csv'), 'ICCID,IMSI\n8949010000000000008,262011000000000\n');
	});

	it('names the missing option', () => {
		expect(run(['batch', 'run', '--orders', 'o.csv'])).toEqual({ code: 2, stdout: '', stderr: "pstudio: no --template given (try 'pstudio batch run --help')\n" });
	});

	it('refuses an order with no ADM1 column when no --adm is given', () => {
		expect(run(['batch', 'run', '--template', 't.xml', '--orders', 'noadm.csv'])).toEqual({
			code: 2,
			stdout: '',
			stderr: "pstudio: writing needs the ADM1 key: an ADM1 column in the order, or --adm <8 digits|16 hex>, --adm-hex <16 hex> or --adm-file <file> (try 'pstudio batch run --help')\n"
		});
		expect(listing(dir)).toEqual(['noadm.csv', 'o.csv', 't.xml']);
	});

	it('takes --adm-hex as pySim does (exactly 16 hex digits) and one ADM option only, refused before the ledger', () => {
		expect(run(['batch', 'run', '--template', 't.xml', '--orders', 'noadm.csv', '--adm-hex', '88888888'])).toEqual({
			code: 2,
			stdout: '',
			stderr: "pstudio: ADM key: 8 characters (--adm-hex takes exactly 16 hex digits) (try 'pstudio batch run --help')\n"
		});
		expect(run(['batch', 'run', '--template', 't.xml', '--orders', 'noadm.csv', '--adm-hex', '3838383838383838', '--adm', '88888888'])).toEqual({
			code: 2,
			stdout: '',
			stderr: "pstudio: give one of --adm, --adm-hex, --adm-file (try 'pstudio batch run --help')\n"
		});
		expect(listing(dir)).toEqual(['noadm.csv', 'o.csv', 't.xml']);
	});

	it('refuses a card handler it does not know before opening the ledger', () => {
		expect(run(['batch', 'run', '--template', 't.xml', '--orders', 'o.csv', '--card-handler', 'robot'])).toEqual({
			code: 2,
			stdout: '',
			stderr: `pstudio: --card-handler must be 'manual' or feeder:<socket>; found "robot" (try 'pstudio batch run --help')\n`
		});
		expect(listing(dir)).toEqual(['noadm.csv', 'o.csv', 't.xml']);
	});

	it('refuses an order from standard input: its ledger belongs to a file', () => {
		expect(run(['batch', 'run', '--template', 't.xml', '--orders', '-', '--adm', '88888888'])).toEqual({
			code: 2,
			stdout: '',
			stderr: "pstudio: batch run reads the order from a file, not from standard input ('-'): its ledger belongs to that file (try 'pstudio batch run --help')\n"
		});
		expect(listing(dir)).toEqual(['noadm.csv', 'o.csv', 't.xml']);
	});

	it('refuses an order that is a folder, before the ledger', () => {
		expect(run(['batch', 'run', '--template', 't.xml', '--orders', '.', '--adm', '88888888'])).toEqual({ code: 2, stdout: '', stderr: 'pstudio: .: cannot read: is a folder\n' });
		expect(listing(dir)).toEqual(['noadm.csv', 'o.csv', 't.xml']);
	});

	it('refuses a lease of 0 seconds', () => {
		expect(run(['batch', 'run', '--template', 't.xml', '--orders', 'o.csv', '--lease', '0']).stderr).toBe(
			`pstudio: --lease must be a whole number of seconds from 1 to 99999; found "0" (try 'pstudio batch run --help')\n`
		);
	});

	it('refuses a ledger URL that is neither a file nor postgres://', () => {
		expect(run(['batch', 'run', '--template', 't.xml', '--orders', 'o.csv', '--ledger', 'ftp://host/l'])).toEqual({
			code: 2,
			stdout: '',
			stderr: 'pstudio: ledger "ftp://host/l": --ledger takes a file path or a postgres:// URL; found a ftp:// URL\n'
		});
	});
});

describe('pstudio batch report', () => {
	it('says there is no ledger, exit 2, and creates none', () => {
		expect(run(['batch', 'report', '--ledger', 'none.sqlite'])).toEqual({ code: 2, stdout: '', stderr: 'pstudio: "none.sqlite": no such ledger (batch run writes it)\n' });
		expect(listing(dir)).toEqual([]);
	});

	it('prints its CSV header in the help', () => {
		const r = run(['batch', 'report', '--help']);
		expect(r.code).toBe(0);
		expect(r.stdout).toContain('\nICCID,station,reader,start,end,APDUs,outcome,status word\n');
	});
});
