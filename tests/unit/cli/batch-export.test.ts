// `pstudio batch export` through the real launcher: the summary a user reads, exit codes, a package written whole
// (unzip -t, a third-party reader, accepts it) or not at all — after bad usage, an order refused at its end, or
// Ctrl-C in the middle of a large order.
import { spawn, execFileSync } from 'node:child_process';
import { copyFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEVICE_TEMPLATE, generatedOrder, GOOD_ORDER, ICCID, MIXED_ORDER, writeFiles } from './batch-fixtures';
import { listing, pstudio, tempFolder } from './run-cli';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempFolder()));
afterEach(() => cleanup());

function run(args: string[]) {
	const r = pstudio(args, { cwd: dir });
	return { code: r.code, stdout: r.stdout.toString('utf8'), stderr: r.stderr };
}

const EXPORT = ['batch', 'export', '--template', 't.xml', '--orders', 'o.csv', '--package', 'manufacturer', '--sec', 'NETWPIN'];

/** `unzip -t`: Info-ZIP reads every entry and checks its CRC; exit 0 and "No errors detected". */
function unzipTest(file: string): string {
	return execFileSync('unzip', ['-t', file], { encoding: 'utf8' });
}

function unzipList(file: string): string[] {
	return execFileSync('unzip', ['-Z1', file], { encoding: 'utf8' }).trim().split('\n').sort();
}

/** Progress lines (plain mode: stderr is a pipe here) are timed; everything else on stderr is asserted exactly. */
function withoutProgress(stderr: string): string {
	return stderr
		.split('\n')
		.filter((l) => !/^pstudio: batch: [\d,]+ rows \(\d+%\)/.test(l))
		.join('\n');
}

describe('pstudio batch export: a package written whole', () => {
	it('a good order: every row packaged, exit 0, the summary line, a zip unzip -t accepts', () => {
		writeFiles(dir, { 't.xml': DEVICE_TEMPLATE, 'o.csv': GOOD_ORDER });
		const r = run([...EXPORT, '--out', 'p.zip']);
		expect({ ...r, stderr: withoutProgress(r.stderr) }).toEqual({ code: 0, stdout: 'p.zip: manufacturer package, 3 rows: 3 packaged\n', stderr: '' });
		expect(unzipTest(join(dir, 'p.zip'))).toContain('No errors detected');
		// Per device <ICCID>.xml and <ICCID>.wbxml, manifest.csv and rejected.csv (issue 10, Build 3).
		expect(unzipList(join(dir, 'p.zip'))).toEqual(
			['89490100000000000006', '89490100000000000014', '89490100000000000022'].flatMap((i) => [`${i}.wbxml`, `${i}.xml`]).concat(['manifest.csv', 'rejected.csv']).sort()
		);
		expect(listing(dir)).toEqual(['o.csv', 'p.zip', 't.xml']);
	});

	it('an order with its column names and no row: one line, exit 2, no package (was an empty package, exit 0)', () => {
		writeFiles(dir, { 't.xml': DEVICE_TEMPLATE, 'o.csv': 'ICCID,IMSI,PIN1\n' });
		const r = run([...EXPORT, '--out', 'p.zip']);
		expect([r.code, r.stdout, withoutProgress(r.stderr)]).toEqual([2, '', 'pstudio: o.csv:1: no data rows: the file ends after its column names\n']);
		expect(listing(dir)).toEqual(['o.csv', 't.xml']);
	});

	it('a template saved as ISO-8859-1 is read as its declaration says (as encode reads it): é stays é', () => {
		// "Café" in ISO-8859-1 is 43 61 66 E9: read as UTF-8, E9 is no character at all. Written out, a document is
		// UTF-8, so é becomes C3 A9 in the package's device file.
		const latin1 = Buffer.from(DEVICE_TEMPLATE.replace('<?xml version="1.0"?>', '<?xml version="1.0" encoding="ISO-8859-1"?>').replace('Device ', 'Caf\u00e9 '), 'latin1');
		writeFileSync(join(dir, 't.xml'), latin1);
		writeFiles(dir, { 'o.csv': GOOD_ORDER });
		const r = run([...EXPORT, '--out', 'p.zip']);
		expect([r.code, r.stdout]).toEqual([0, 'p.zip: manufacturer package, 3 rows: 3 packaged\n']);
		const device = execFileSync('unzip', ['-p', join(dir, 'p.zip'), '89490100000000000006.xml']);
		expect(device.toString('utf8')).toContain('<parm name="NAME" value="Caf\u00e9 89490100000000000006"/>');
	});

	it('a template with a byte its encoding does not have: one line with line:column, exit 2, nothing written', () => {
		// No declaration, so UTF-8, where E9 followed by a space is no character. Line 7 (declaration, DOCTYPE, root,
		// characteristic, NAPID, BEARER before it) is `    <parm name="NAME" value="Device \xE9 …`: 4 + 25 + 7 = 36
		// characters before it, column 37; the six lines before are 22 + 109 + 36 + 33 + 38 + 43 = 281 bytes, offset 317.
		writeFileSync(join(dir, 't.xml'), Buffer.from(DEVICE_TEMPLATE.replace('Device ', 'Device \u00e9 '), 'latin1'));
		writeFiles(dir, { 'o.csv': GOOD_ORDER });
		const r = run([...EXPORT, '--out', 'p.zip']);
		expect(r.code).toBe(2);
		expect(r.stderr).toBe('pstudio: t.xml:7:37: byte 0xE9 at offset 317 is not valid UTF-8 (without an encoding declaration a document is UTF-8, XML 1.0 §4.3.3)\n');
		expect(listing(dir)).toEqual(['o.csv', 't.xml']);
	});

	it('bad rows: the package is written with the good ones, exit 1, each bad row named on stderr', () => {
		writeFiles(dir, { 't.xml': DEVICE_TEMPLATE, 'o.csv': MIXED_ORDER });
		const r = run([...EXPORT, '--out', 'p.zip']);
		// Line 3: BAD_ICCID ends in 7 where the Luhn digit is 6 (batch-fixtures.ts); line 4: a 2-digit PIN.
		expect({ ...r, stderr: withoutProgress(r.stderr) }).toEqual({
			code: 1,
			stdout: 'p.zip: manufacturer package, 3 rows: 1 packaged, 2 set aside (listed in rejected.csv)\n',
			stderr:
				'pstudio: o.csv:3: ICCID: check digit 7 does not match the Luhn digit 6 of the first 19 digits (ITU-T E.118)\n' +
				'pstudio: o.csv:4: PIN1: 2 digits; a PIN is 4 to 8 digits (TS 102 221 §9.5.1)\n'
		});
		expect(unzipTest(join(dir, 'p.zip'))).toContain('No errors detected');
		expect(execFileSync('unzip', ['-p', join(dir, 'p.zip'), 'rejected.csv'], { encoding: 'utf8' })).toBe(
			'row,column,reason\n2,ICCID,check digit 7 does not match the Luhn digit 6 of the first 19 digits (ITU-T E.118)\n3,PIN1,2 digits; a PIN is 4 to 8 digits (TS 102 221 §9.5.1)\n'
		);
	});

	it('a row with an empty ICCID is set aside (a device file is named by it), not written as ".xml"', () => {
		writeFiles(dir, { 't.xml': DEVICE_TEMPLATE, 'o.csv': `ICCID,IMSI\n,262011234567890\n${ICCID[1]},262011234567891\n` });
		const r = run([...EXPORT, '--out', 'p.zip']);
		expect({ ...r, stderr: withoutProgress(r.stderr) }).toEqual({
			code: 1,
			stdout: 'p.zip: manufacturer package, 2 rows: 1 packaged, 1 set aside (listed in rejected.csv)\n',
			stderr: 'pstudio: o.csv:2: ICCID: no ICCID: the package needs it on every row (the cell is empty)\n'
		});
		expect(unzipList(join(dir, 'p.zip'))).toEqual([`${ICCID[1]}.wbxml`, `${ICCID[1]}.xml`, 'manifest.csv', 'rejected.csv']);
	});

	it('more than 20 reasons: the first 20 named, then how many more and where they are listed', () => {
		// 25 rows whose PIN1 has 2 digits (generatedOrder's PINs are 1000 + i: cut to their first two digits).
		const order = generatedOrder(25).replace(/,(\d\d)\d\d$/gm, ',$1');
		writeFiles(dir, { 't.xml': DEVICE_TEMPLATE, 'o.csv': order });
		const r = run([...EXPORT, '--out', 'p.zip']);
		expect(r.code).toBe(1);
		const lines = withoutProgress(r.stderr).trimEnd().split('\n');
		expect(lines).toHaveLength(21);
		expect(lines[0]).toBe('pstudio: o.csv:2: PIN1: 2 digits; a PIN is 4 to 8 digits (TS 102 221 §9.5.1)');
		expect(lines[20]).toBe('pstudio: … 5 more reasons rows were set aside (rejected.csv in the package lists every one)');
		expect(r.stdout).toBe('p.zip: manufacturer package, 25 rows: 0 packaged, 25 set aside (listed in rejected.csv)\n');
	});

	it('--include-secrets with a passphrase: an AES-256 package 7z opens with it and not without; the passphrase never printed', () => {
		writeFiles(dir, { 't.xml': DEVICE_TEMPLATE, 'o.csv': GOOD_ORDER, pw: 'Tr0ub4dor&3 horse\n' });
		const r = run([...EXPORT, '--out', 'p.zip', '--include-secrets', '--passphrase-file', 'pw']);
		expect({ code: r.code, stdout: r.stdout }).toEqual({ code: 0, stdout: 'p.zip: manufacturer package, 3 rows: 3 packaged; AES-256 encrypted\n' });
		expect(r.stdout + r.stderr).not.toContain('Tr0ub4dor');
		// p7zip reads WinZip AES: `7z t` with the passphrase tests every entry; a wrong one fails.
		expect(execFileSync('7z', ['t', '-pTr0ub4dor&3 horse', join(dir, 'p.zip')], { encoding: 'utf8' })).toContain('Everything is Ok');
		expect(() => execFileSync('7z', ['t', '-pwrong', join(dir, 'p.zip')], { stdio: 'pipe' })).toThrow();
		// The package holds the PINs (secrets.csv), so it is 0600 however the umask is set.
		expect(statSync(join(dir, 'p.zip')).mode & 0o777).toBe(0o600);
	});

	it('--json: the summary as JSON on stdout', () => {
		writeFiles(dir, { 't.xml': DEVICE_TEMPLATE, 'o.csv': MIXED_ORDER });
		const r = run([...EXPORT, '--out', 'p.zip', '--json']);
		expect(r.code).toBe(1);
		const summary = JSON.parse(r.stdout);
		expect(summary).toMatchObject({ out: 'p.zip', package: 'manufacturer', sec: 'NETWPIN', encrypted: false, secrets: false, rows: 3, good: 1, rejected: 2 });
		expect(summary.bytes).toBe(statSync(join(dir, 'p.zip')).size);
	});
});

describe('pstudio batch export: nothing written on a mistake (one line, exit 2)', () => {
	it.each([
		[['--out', 'p.zip', '--package', 'factory'], 'pstudio: --package must be manufacturer, bureau or ota; found "factory"'],
		[['--out', 'p.zip', '--include-secrets'], 'pstudio: --include-secrets needs --passphrase-file <P> (AES-256) or, explicitly, --clear-text'],
		[['--out', 'p.zip', '--include-secrets', '--clear-text', '--passphrase-file', 'pw'], 'pstudio: give either --passphrase-file or --clear-text, not both'],
		[['--out', 'p.zip', '--sec', 'USERPINMAC'], 'pstudio: --sec must be NETWPIN, USERPIN or USERNETWPIN; found "USERPINMAC" (USERPINMAC gives every card a PIN to type: not a batch signature)'],
		[['--out', 'p.zip', '--pin-column', 'PIN1'], 'pstudio: --sec NETWPIN does not use a PIN: drop --pin-column'],
		[[], 'pstudio: no --out given'],
		[['--out', '-'], 'pstudio: a package is a file: give --out a file name, not -']
	])('bad usage %j', (extra, line) => {
		writeFiles(dir, { 't.xml': DEVICE_TEMPLATE, 'o.csv': GOOD_ORDER, pw: 'correct horse\n' });
		expect(run([...EXPORT, ...extra])).toEqual({ code: 2, stdout: '', stderr: `${line} (try 'pstudio batch export --help')\n` });
		expect(listing(dir)).toEqual(['o.csv', 'pw', 't.xml']);
	});

	it('an empty passphrase file is refused, and a passphrase is never echoed', () => {
		writeFiles(dir, { 't.xml': DEVICE_TEMPLATE, 'o.csv': GOOD_ORDER, pw: '\n', pw2: 'line one s3cret\nline two s3cret\n' });
		const r = run([...EXPORT, '--out', 'p.zip', '--include-secrets', '--passphrase-file', 'pw']);
		expect(r).toEqual({ code: 2, stdout: '', stderr: "pstudio: --passphrase-file pw: holds no key (the file is empty or blank) (try 'pstudio batch export --help')\n" });
		const r2 = run([...EXPORT, '--out', 'p.zip', '--include-secrets', '--passphrase-file', 'pw2']);
		expect(r2.code).toBe(2);
		expect(r2.stderr).not.toContain('s3cret');
		expect(listing(dir)).toEqual(['o.csv', 'pw', 'pw2', 't.xml']);
	});

	it('an order refused at its end (Quantity 4, 3 rows): the line, exit 2, no package and no temp file', () => {
		writeFiles(dir, { 't.xml': DEVICE_TEMPLATE });
		copyFileSync(new URL('../../fixtures/batch/quantity-mismatch.out', import.meta.url), join(dir, 'q.out'));
		const r = run(['batch', 'export', '--template', 't.xml', '--orders', 'q.out', '--package', 'manufacturer', '--sec', 'NETWPIN', '--out', 'p.zip']);
		// Line 7 of the fixture is `Quantity        : 4`; its var_Out block holds 3 rows, all good: found at the end.
		expect({ ...r, stderr: withoutProgress(r.stderr) }).toEqual({ code: 2, stdout: '', stderr: 'pstudio: q.out:7: Quantity says 4 cards; the file has 3 data rows\n' });
		expect(listing(dir)).toEqual(['q.out', 't.xml']);
	});

	it('a secret column in every document needs --passphrase-file or --clear-text; with --clear-text the package is 0600', () => {
		writeFiles(dir, { 't.xml': DEVICE_TEMPLATE.replace('Device ${ICCID}', 'Device ${ICCID} ${PIN1}'), 'o.csv': GOOD_ORDER });
		expect(run([...EXPORT, '--out', 'p.zip'])).toEqual({
			code: 2,
			stdout: '',
			stderr: 'pstudio: every document holds a secret from column PIN1 (${PIN1}): give --passphrase-file <P> to encrypt the package, or --clear-text\n'
		});
		expect(listing(dir)).toEqual(['o.csv', 't.xml']);
		const r = run([...EXPORT, '--out', 'p.zip', '--clear-text']);
		expect(r.code).toBe(0);
		expect(r.stdout).toBe('p.zip: manufacturer package, 3 rows: 3 packaged\n');
		expect(statSync(join(dir, 'p.zip')).mode & 0o777).toBe(0o600);
	});

	it('an output folder that does not exist: one line, exit 2', () => {
		writeFiles(dir, { 't.xml': DEVICE_TEMPLATE, 'o.csv': GOOD_ORDER });
		expect(run([...EXPORT, '--out', 'no/p.zip'])).toEqual({ code: 2, stdout: '', stderr: 'pstudio: no/p.zip: cannot write: no such file or directory\n' });
	});

	it('an order without an IMSI column cannot be signed with NETWPIN: one line, exit 2, nothing written', () => {
		writeFiles(dir, { 't.xml': DEVICE_TEMPLATE, 'o.csv': 'ICCID\n89490100000000000006\n' });
		const r = run([...EXPORT, '--out', 'p.zip']);
		expect({ ...r, stderr: withoutProgress(r.stderr) }).toEqual({
			code: 2,
			stdout: '',
			stderr: "pstudio: SEC=NETWPIN needs each row's IMSI; the order has no IMSI column (its columns: ICCID)\n"
		});
		expect(listing(dir)).toEqual(['o.csv', 't.xml']);
	});
});

const LAUNCHER = fileURLToPath(new URL('../../../bin/pstudio.js', import.meta.url));

describe('pstudio batch export: Ctrl-C', () => {
	it('SIGINT mid-run: one line, exit 130, neither the package nor its temp file left', async () => {
		// 300,000 rows: several seconds of work at any plausible speed, so the signal lands mid-run.
		writeFiles(dir, { 't.xml': DEVICE_TEMPLATE, 'o.csv': generatedOrder(300_000) });
		const child = spawn(process.execPath, [LAUNCHER, ...EXPORT, '--out', 'p.zip'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
		let stderr = '';
		let stdout = '';
		child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
		child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
		// Wait until the export has started writing (its temp file is beside p.zip), then interrupt.
		const deadline = Date.now() + 60_000;
		while (!listing(dir).some((n) => n.startsWith('.p.zip.')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
		expect(listing(dir).some((n) => n.startsWith('.p.zip.'))).toBe(true);
		child.kill('SIGINT');
		const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
		expect({ code, stdout, stderr: withoutProgress(stderr) }).toEqual({ code: 130, stdout: '', stderr: 'pstudio: interrupted: nothing written (p.zip not created)\n' });
		expect(listing(dir)).toEqual(['o.csv', 't.xml']);
	}, 120_000);
});
