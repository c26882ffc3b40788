// Issue 8, Checks (and §5): every command on bad input, and encode/validate/decode/sign on a 15 MB attribute value
// and ota --decode on a 50 MB hex line, each in its own process under a memory ceiling: one line and exit 2 for
// bad input, never a stack, and a peak RSS within a small constant times the input. The peak is the child's own
// getrusage figure (process.resourceUsage().maxRSS, all its threads), written at exit by a preloaded module.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BEARER_DOC, tempFolder } from './run-cli';

const LAUNCHER = fileURLToPath(new URL('../../../bin/pstudio.js', import.meta.url));
const MB = 1024 * 1024;

/**
 * The ceiling: the RSS of `pstudio --help` in this run (Node, the launcher, the CLI's entry), plus 64 MB for the
 * libraries a command loads and its working set, plus 8 bytes per input byte (the input read, its text, one
 * parsed copy and the output are about 4; twice that is the "small constant"). The encoder took 190 bytes per
 * input character (2.96 GB for 15 MB), ota --decode 48 per hex digit (2.4 GB for 50 MB).
 */
const MARGIN = 64 * MB;
const PER_INPUT_BYTE = 8;

/** Preloaded into the child: its peak RSS (kB, Linux) into $PSTUDIO_MAXRSS_FILE when it exits. */
const REPORT_RSS = `data:text/javascript,${encodeURIComponent(
	"import { writeFileSync } from 'node:fs'; process.on('exit', () => writeFileSync(process.env.PSTUDIO_MAXRSS_FILE, String(process.resourceUsage().maxRSS)));"
)}`;

let dir: string;
let cleanup: () => void;
let baseline = 0;

interface Run {
	code: number | null;
	signal: NodeJS.Signals | null;
	stderr: string;
	/** Peak RSS in bytes. */
	rss: number;
}

function measured(args: readonly string[], heapLimitMb: number): Run {
	const report = join(dir, 'maxrss.txt');
	writeFileSync(report, '0');
	// The V8 heap is capped a little above the ceiling: a command that blows through it dies quickly instead of
	// taking gigabytes from the machine for a minute (the test fails either way).
	const r = spawnSync(process.execPath, [`--max-old-space-size=${heapLimitMb}`, `--import=${REPORT_RSS}`, LAUNCHER, ...args], {
		cwd: dir,
		env: { ...process.env, PSTUDIO_MAXRSS_FILE: report },
		stdio: ['ignore', 'ignore', 'pipe'],
		timeout: 120_000
	});
	return { code: r.status, signal: r.signal, stderr: r.stderr.toString(), rss: Number(readFileSync(report, 'utf8')) * 1024 };
}

function ceiling(inputBytes: number): number {
	return baseline + MARGIN + PER_INPUT_BYTE * inputBytes;
}

const heapLimitFor = (inputBytes: number): number => Math.ceil((ceiling(inputBytes) + 64 * MB) / MB);

beforeAll(() => {
	({ dir, cleanup } = tempFolder());
	baseline = measured(['--help'], 512).rss;
});
afterAll(() => cleanup());

/** A bad input ends in one line on stderr, `pstudio: …`, no stack, exit 2. */
function expectOneLine(run: Run): void {
	expect(run.signal).toBeNull();
	expect(run.code).toBe(2);
	expect(run.stderr).toMatch(/^pstudio: [^\n]+\n$/);
}

function expectUnderCeiling(run: Run, inputBytes: number): void {
	const limit = ceiling(inputBytes);
	expect(run.rss, `peak RSS ${(run.rss / MB).toFixed(0)} MB, ceiling ${(limit / MB).toFixed(0)} MB`).toBeLessThanOrEqual(limit);
}

const MALFORMED_XML = '<wap-provisioningdoc>\n<characteristic type="NAPDEF">\n</wap-provisioningdoc>\n';
// WBXML 1.3, PROV public id, UTF-8, no string table, then <wap-provisioningdoc> with content and no END (cut short).
const TRUNCATED_WBXML = Uint8Array.of(0x03, 0x0b, 0x6a, 0x00, 0x45);

interface BadCase {
	name: string;
	files?: Record<string, string | Uint8Array>;
	args: string[];
}

const BAD: BadCase[] = [
	{ name: 'encode: malformed XML', files: { 'bad.xml': MALFORMED_XML }, args: ['encode', 'bad.xml', '-o', 'bad.wbxml'] },
	{ name: 'encode --out-dir: malformed XML', files: { 'bad.xml': MALFORMED_XML }, args: ['encode', 'bad.xml', '--out-dir', 'out'] },
	{ name: 'decode: truncated WBXML', files: { 'bad.wbxml': TRUNCATED_WBXML }, args: ['decode', 'bad.wbxml'] },
	{ name: 'validate: malformed XML', files: { 'bad.xml': MALFORMED_XML }, args: ['validate', 'bad.xml'] },
	{ name: 'sign: an IMSI with a letter', files: { 'doc.xml': BEARER_DOC }, args: ['sign', 'doc.xml', '--sec', 'NETWPIN', '--imsi', '26201123456789X'] },
	{ name: 'verify: truncated WBXML', files: { 'bad.wbxml': TRUNCATED_WBXML }, args: ['verify', 'bad.wbxml', '--sec', 'USERPIN', '--pin', '1234', '--mac', '0'.repeat(40)] },
	{ name: 'ota: a destination that is no number', files: { 'doc.xml': BEARER_DOC }, args: ['ota', 'doc.xml', '--to', 'nobody'] },
	{ name: 'ota --decode: a line that is not hex', files: { 'pdus.txt': 'not a PDU\n' }, args: ['ota', '--decode', 'pdus.txt'] },
	{ name: 'dm-bootstrap: broken JSON', files: { 'account.json': '{"Name": ' }, args: ['dm-bootstrap', 'account.json', '--format', 'cp'] },
	{ name: 'ddf-check: broken tree JSON', files: { 'tree.json': '{"./DMAcc": ' }, args: ['ddf-check', 'tree.json', '--ddf', 'dmacc'] },
	{ name: 'diff: broken tree JSON', files: { 'a.json': '{}', 'b.json': '[' }, args: ['diff', 'a.json', 'b.json', '--ddf', 'dmacc'] },
	{ name: 'readers: an argument it does not take', args: ['readers', 'extra'] },
	{ name: 'card write: malformed XML (refused before any reader is asked)', files: { 'bad.xml': MALFORMED_XML }, args: ['card', 'write', 'bad.xml', '--adm', '3838383838383838'] },
	{ name: 'sim: a profile that is broken JSON', files: { 'card.json': '{"mf": ' }, args: ['sim', '--profile', 'card.json'] }
];

describe('every command on bad input: one line, exit 2, within the memory ceiling', () => {
	it.each(BAD.map((c) => [c.name, c] as const))('%s', (_name, c) => {
		let inputBytes = 0;
		for (const [name, content] of Object.entries(c.files ?? {})) {
			writeFileSync(join(dir, name), content);
			inputBytes += typeof content === 'string' ? Buffer.byteLength(content) : content.length;
		}
		const run = measured(c.args, heapLimitFor(inputBytes));
		expectOneLine(run);
		expectUnderCeiling(run, inputBytes);
	}, 130_000);
});

describe('big inputs within the memory ceiling', () => {
	const VALUE = 15 * MB;
	// One NAPDEF NAME of 15 MB: the input of the issue (encode took 2.96 GB of RSS, validate 135 MB).
	const bigXml = (): number => {
		const text = BEARER_DOC.replace('<parm name="BEARER" value="GSM-GPRS"/>', `<parm name="NAME" value="${'A'.repeat(VALUE)}"/>`);
		writeFileSync(join(dir, 'big.xml'), text);
		return text.length;
	};
	/*
	 * The same document as WBXML, by hand (WAP-192 §5, PROV tables as in run-cli.ts): 03 version 1.3, 0B PROV 1.0,
	 * 6A UTF-8, 00 no string table; C5 46 01 wap-provisioningdoc version="1.0"; C6 55 01 characteristic
	 * type=NAPDEF; 87 parm with attributes, 07 name=NAME, 06 value=, 03 STR_I <15 MB of 'A'> 00, 01 END of parm
	 * attributes; 01 01 END characteristic, END wap-provisioningdoc.
	 */
	const bigWbxml = (): number => {
		const head = [0x03, 0x0b, 0x6a, 0x00, 0xc5, 0x46, 0x01, 0xc6, 0x55, 0x01, 0x87, 0x07, 0x06, 0x03];
		const tail = [0x00, 0x01, 0x01, 0x01];
		const bytes = new Uint8Array(head.length + VALUE + tail.length);
		bytes.set(head, 0);
		bytes.fill(0x41, head.length, head.length + VALUE);
		bytes.set(tail, head.length + VALUE);
		writeFileSync(join(dir, 'big.wbxml'), bytes);
		return bytes.length;
	};

	it('encode of a 15 MB attribute value', () => {
		const size = bigXml();
		const run = measured(['encode', 'big.xml', '-o', 'big-out.wbxml'], heapLimitFor(size));
		expect({ code: run.code, signal: run.signal, stderr: run.stderr }).toEqual({ code: 0, signal: null, stderr: '' });
		expectUnderCeiling(run, size);
	}, 130_000);

	it('validate of a 15 MB attribute value', () => {
		const size = bigXml();
		const run = measured(['validate', 'big.xml'], heapLimitFor(size));
		expect(run.signal).toBeNull();
		// 0 no findings or 1 findings: either way it finished and said so on stdout.
		expect([0, 1]).toContain(run.code);
		expectUnderCeiling(run, size);
	}, 130_000);

	it('decode of a 15 MB inline string', () => {
		const size = bigWbxml();
		const run = measured(['decode', 'big.wbxml'], heapLimitFor(size));
		expect({ code: run.code, signal: run.signal, stderr: run.stderr }).toEqual({ code: 0, signal: null, stderr: '' });
		expectUnderCeiling(run, size);
	}, 130_000);

	it('sign of a 15 MB document (USERPIN)', () => {
		const size = bigWbxml();
		const run = measured(['sign', 'big.wbxml', '--sec', 'USERPIN', '--pin', '1234'], heapLimitFor(size));
		expect({ code: run.code, signal: run.signal, stderr: run.stderr }).toEqual({ code: 0, signal: null, stderr: '' });
		expectUnderCeiling(run, size);
	}, 130_000);

	it('ota --decode of one 50 MB hex line: refused at once (an SMS PDU has a known maximum size)', () => {
		// '0' * 50 MB is hex, so only its length can make it wrong.
		const size = 50 * MB;
		writeFileSync(join(dir, 'line.txt'), '0'.repeat(size) + '\n');
		const run = measured(['ota', '--decode', 'line.txt'], heapLimitFor(size));
		expectOneLine(run);
		expectUnderCeiling(run, size);
	}, 130_000);

});
