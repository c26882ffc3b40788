// `pstudio batch plan` through the real launcher: the exact lines a user reads, the exit codes, and nothing written.
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BAD_ICCID, DEVICE_TEMPLATE, GOOD_ORDER, ICCID, MIXED_ORDER, writeFiles } from './batch-fixtures';
import { listing, pstudio, tempFolder } from './run-cli';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempFolder()));
afterEach(() => cleanup());

function run(args: string[]) {
	const r = pstudio(args, { cwd: dir });
	return { code: r.code, stdout: r.stdout.toString('utf8'), stderr: r.stderr };
}

const HEAD = `template: t.xml (CP document, 1 placeholder)
order: o.csv (CSV, separator ",", utf-8, columns on line 1)
columns:
  1 ICCID (iccid)
  2 IMSI (imsi)
  3 PIN1 (pin, secret)
mapping:
  \${ICCID} <- column 1 ICCID (same name)
`;

describe('pstudio batch plan: columns, mapping, first rows, counts', () => {
	it('a good order: every row good, exit 0, nothing written', () => {
		writeFiles(dir, { 't.xml': DEVICE_TEMPLATE, 'o.csv': GOOD_ORDER });
		const r = run(['batch', 'plan', '--template', 't.xml', '--orders', 'o.csv', '--sec', 'NETWPIN', '--rows', '2']);
		expect(r).toEqual({
			code: 0,
			stdout: `${HEAD}signing: NETWPIN (IMSI from IMSI)
first rows (2):
  row 1 (line 2): good  ICCID=${ICCID[0]}
  row 2 (line 3): good  ICCID=${ICCID[1]}
rows: 3 read, 3 good, 0 set aside
`,
			stderr: ''
		});
		expect(listing(dir)).toEqual(['o.csv', 't.xml']);
	});

	it('bad rows are shown with file:line, column and reason, and counted: exit 1', () => {
		writeFiles(dir, { 't.xml': DEVICE_TEMPLATE, 'o.csv': MIXED_ORDER });
		const r = run(['batch', 'plan', '--template', 't.xml', '--orders', 'o.csv']);
		// Line 3: BAD_ICCID ends in 7 where the Luhn digit is 6 (batch-fixtures.ts); line 4: a 2-digit PIN.
		expect(r).toEqual({
			code: 1,
			stdout: `${HEAD}signing: none (unsigned documents)
first rows (3):
  row 1 (line 2): good  ICCID=${ICCID[0]}
  row 2 (line 3): set aside
      o.csv:3: ICCID: check digit 7 does not match the Luhn digit 6 of the first 19 digits (ITU-T E.118)
  row 3 (line 4): set aside
      o.csv:4: PIN1: 2 digits; a PIN is 4 to 8 digits (TS 102 221 §9.5.1)
rows: 3 read, 1 good, 2 set aside
`,
			stderr: ''
		});
		expect(r.stdout).toContain(BAD_ICCID.slice(-1));
	});

	it('--json: the plan as one object (mapping, preview values, counts)', () => {
		writeFiles(dir, { 't.xml': DEVICE_TEMPLATE, 'o.csv': MIXED_ORDER });
		const r = run(['batch', 'plan', '--template', 't.xml', '--orders', 'o.csv', '--rows', '1', '--json']);
		expect(r.code).toBe(1);
		expect(r.stderr).toBe('');
		const plan = JSON.parse(r.stdout);
		expect(plan.mapping).toEqual([{ placeholder: 'ICCID', column: 'ICCID', columnNumber: 1, by: 'name' }]);
		expect(plan.preview).toEqual([{ row: 1, line: 2, ok: true, values: { ICCID: ICCID[0] }, rejected: [], findings: [] }]);
		expect(plan.counts).toEqual({ rows: 3, good: 1, rejected: 2 });
		expect(plan.order.columns.map((c: { name: string; secret: boolean }) => [c.name, c.secret])).toEqual([
			['ICCID', false],
			['IMSI', false],
			['PIN1', true]
		]);
	});

	it('a map file names the column: NAME=column, shown with its map line', () => {
		writeFiles(dir, { 't.xml': DEVICE_TEMPLATE.replace('${ICCID}', '${SERIAL}'), 'o.csv': GOOD_ORDER, 'm.txt': '# device names\nSERIAL = iccid\n' });
		const r = run(['batch', 'plan', '--template', 't.xml', '--orders', 'o.csv', '--map', 'm.txt', '--rows', '1']);
		expect(r.code).toBe(0);
		expect(r.stdout).toContain('mapping:\n  ${SERIAL} <- column 1 ICCID (map line 2)\n');
		expect(r.stdout).toContain(`  row 1 (line 2): good  SERIAL=${ICCID[0]}\n`);
	});
});

describe('pstudio batch plan: a mistake is one line naming the file and line, exit 2', () => {
	it('a template error names template:line:column (the placeholder must be the whole PORTNBR)', () => {
		const template = DEVICE_TEMPLATE.replace(
			'  </characteristic>\n</wap',
			'  </characteristic>\n  <characteristic type="PXLOGICAL">\n    <parm name="PROXY-ID" value="P1"/>\n    <characteristic type="PXPHYSICAL">\n      <parm name="PHYSICAL-PROXY-ID" value="PP1"/>\n      <parm name="PXADDR" value="10.0.0.1"/>\n      <parm name="TO-NAPID" value="NAP1"/>\n      <characteristic type="PORT">\n        <parm name="PORTNBR" value="80${PORT}"/>\n      </characteristic>\n    </characteristic>\n  </characteristic>\n</wap'
		);
		writeFiles(dir, { 't.xml': template, 'o.csv': GOOD_ORDER });
		const r = run(['batch', 'plan', '--template', 't.xml', '--orders', 'o.csv']);
		// Line 18 is the PORTNBR parm (10 lines of NAPDEF and its head, 7 of PXLOGICAL down to PORT): 8 spaces and `<parm name="PORTNBR" value="` (28 characters) put `80` at column
		// 37 and `${PORT}` at column 39.
		expect(r).toEqual({
			code: 2,
			stdout: '',
			stderr: 'pstudio: t.xml:18:39: error placeholder-not-whole parm PORTNBR of PORT takes an integer from 0 to 65535: ${PORT} must be the whole value, found "80${PORT}"\n'
		});
	});

	it('a malformed map line names map:line', () => {
		writeFiles(dir, { 't.xml': DEVICE_TEMPLATE, 'o.csv': GOOD_ORDER, 'm.txt': '# map\nICCID=ICCID\nAPN\n' });
		expect(run(['batch', 'plan', '--template', 't.xml', '--orders', 'o.csv', '--map', 'm.txt'])).toEqual({
			code: 2,
			stdout: '',
			stderr: "pstudio: m.txt:3: no '=': a map line is PLACEHOLDER=COLUMN\n"
		});
	});

	it('a map naming a column the order lacks: the columns found on stdout, the map line on stderr', () => {
		writeFiles(dir, { 't.xml': DEVICE_TEMPLATE, 'o.csv': GOOD_ORDER, 'm.txt': 'ICCID=SERIAL\n' });
		expect(run(['batch', 'plan', '--template', 't.xml', '--orders', 'o.csv', '--map', 'm.txt'])).toEqual({
			code: 2,
			stdout: 'columns:\n  1 ICCID (iccid)\n  2 IMSI (imsi)\n  3 PIN1 (pin, secret)\n',
			stderr: 'pstudio: m.txt:1: ICCID is mapped to column "SERIAL", which the order does not have (its columns: ICCID, IMSI, PIN1)\n'
		});
	});

	it('an order refused as a whole (Quantity 4, 3 rows): the plan, then the line with the reason', () => {
		writeFiles(dir, { 't.xml': DEVICE_TEMPLATE });
		copyFileSync(new URL('../../fixtures/batch/quantity-mismatch.out', import.meta.url), join(dir, 'q.out'));
		const r = run(['batch', 'plan', '--template', 't.xml', '--orders', 'q.out']);
		expect(r.code).toBe(2);
		expect(r.stdout).toContain('rows: 3 read, 3 good, 0 set aside (the order is refused as a whole: see below)\n');
		// Line 7 of the fixture is `Quantity        : 4`; its var_Out block holds 3 rows.
		expect(r.stderr).toBe('pstudio: q.out:7: Quantity says 4 cards; the file has 3 data rows\n');
	});

	it.each([
		[['--template', 't.xml'], 'pstudio: no --orders given'],
		[['--orders', 'o.csv'], 'pstudio: no --template given'],
		[['--template', 't.xml', '--orders', 'o.csv', '--bogus'], 'pstudio: unknown option --bogus'],
		[['--template', 't.xml', '--orders', 'o.csv', '--rows'], 'pstudio: option --rows needs a value'],
		[['--template', 't.xml', '--orders', 'o.csv', '--rows', '0'], 'pstudio: --rows must be a whole number from 1 to 100000, not "0"'],
		[
			['--template', 't.xml', '--orders', 'o.csv', '--sec', 'USERPINMAC'],
			'pstudio: --sec must be NETWPIN, USERPIN or USERNETWPIN; found "USERPINMAC" (USERPINMAC gives every card a PIN to type: not a batch signature)'
		],
		[['--template', 't.xml', '--orders', 'o.csv', '--column-key', 'KI:00'], 'pstudio: --column-key KI: 2 hex digits; an AES key is 16, 24 or 32 bytes (32, 48 or 64 hex digits)'],
		[['--template', 't.xml', '--orders', 'o.csv', 'extra'], 'pstudio: batch plan takes no file names (found "extra"): give --template and --orders']
	])('bad usage %j: one line, exit 2', (args, line) => {
		writeFiles(dir, { 't.xml': DEVICE_TEMPLATE, 'o.csv': GOOD_ORDER });
		expect(run(['batch', 'plan', ...args])).toEqual({ code: 2, stdout: '', stderr: `${line} (try 'pstudio batch plan --help')\n` });
	});

	it('a column key is never repeated in its message', () => {
		writeFiles(dir, { 't.xml': DEVICE_TEMPLATE, 'o.csv': GOOD_ORDER });
		const r = run(['batch', 'plan', '--template', 't.xml', '--orders', 'o.csv', '--column-key', 'KI:00112233445566778899AABBCCDDEEZZ']);
		expect(r.code).toBe(2);
		expect(r.stderr).not.toContain('00112233');
	});

	it('an order that cannot be read', () => {
		writeFiles(dir, { 't.xml': DEVICE_TEMPLATE });
		expect(run(['batch', 'plan', '--template', 't.xml', '--orders', 'nope.csv'])).toEqual({ code: 2, stdout: '', stderr: 'pstudio: nope.csv: cannot read: no such file or directory\n' });
	});

	it('an unknown subcommand', () => {
		expect(run(['batch', 'merge'])).toEqual({ code: 2, stdout: '', stderr: `pstudio: batch: unknown subcommand "merge" (plan, export, run or report; try 'pstudio batch --help')\n` });
	});
});
