// `card read --only / -o / --out-dir` (issue 8 §8) on cards the simulator does not make: an erased EF the DODF
// still lists, a document that does not decode, two DODF entries with one OID, an OID no role has. emitRead is
// given what readDocuments would return; the files it writes are checked byte for byte.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PROFILES } from '../../../src/lib/card/pkcs15';
import type { ReadDocument, ReadResult } from '../../../src/lib/server/card-service';
import { parseArgs } from '../../../src/cli/args';
import { emitRead, READ_OPTIONS, readOutputOption } from '../../../src/cli/card-read';
import { listing, tempFolder } from './run-cli';

const PROFILE = PROFILES['oma-provsc'];
const READER = 'Test Reader 00';

let dir = '';
let cleanup: () => void = () => undefined;
beforeEach(() => ({ dir, cleanup } = tempFolder()));
afterEach(() => cleanup());

/** The smallest PROV document, 03 0B 6A 00 C5 46 01 01 (see run-cli.ts BEARER_WBXML for the byte meanings). */
const TINY = Uint8Array.of(0x03, 0x0b, 0x6a, 0x00, 0xc5, 0x46, 0x01, 0x01);
const TINY_XML = '<?xml version="1.0" encoding="UTF-8"?>\n<wap-provisioningdoc version="1.0"/>';

function doc(oid: string, path: string, bytes: Uint8Array, extra: Partial<ReadDocument> = {}): ReadDocument {
	return { oid, path, fileBytes: 1024, bytes, ...extra };
}

function result(...documents: ReadDocument[]): ReadResult {
	return { identity: { iccid: '8949000000000000001', notes: [] }, selectedBy: 'aid', documents };
}

function run(argv: string[], read: ReadResult): { code: number; stdout: (string | Uint8Array)[]; stderr: string } {
	const output = readOutputOption(parseArgs(argv, READ_OPTIONS, 'card'), PROFILE);
	if (!output) throw new Error('no script form');
	const stdout: (string | Uint8Array)[] = [];
	let stderr = '';
	const code = emitRead(output, READER, read, PROFILE, { stdout: (d) => void stdout.push(d), stderr: (t) => void (stderr += t) });
	return { code, stdout, stderr };
}

const HEADER = `Reader: ${READER}\nATR:    -\nICCID:  8949000000000000001\nIMSI:   -\n`;

describe('card read --only on what a card may hold', () => {
	it('an EF the DODF lists but that is all FF (erased) is absent: one line, exit 1', () => {
		const erased = new Uint8Array(16).fill(0xff);
		const read = result(doc('2.23.43.7.1', '6E01', TINY, { label: 'Bootstrap', xml: TINY_XML }), doc('2.23.43.7.3', '6E03', erased, { label: 'Config2', problem: 'the file is erased (all FF): nothing written yet' }));
		const r = run(['--only', 'config2', '--xml'], read);
		expect(r.code).toBe(1);
		expect(r.stdout).toEqual([]);
		expect(r.stderr.split('\n').at(-2)).toBe(`pstudio: ${READER}: no Config2 document on the card (it holds Bootstrap)`);
	});

	it('a document that does not decode has no XML form: one line, exit 1; as WBXML its bytes are given as read', () => {
		const garbage = Uint8Array.of(0x03, 0x0b, 0x6a, 0x00, 0x7f);
		const read = result(doc('2.23.43.7.2', '6E02', garbage, { label: 'Config1', problem: 'WBXML offset 0x4: …' }));
		const asXml = run(['--only', 'Config1', '--xml'], read);
		expect(asXml.code).toBe(1);
		expect(asXml.stdout).toEqual([]);
		expect(asXml.stderr).toBe(
			`${HEADER}Config1  OID 2.23.43.7.2  path 6E02  5 bytes (file 1024)\n  problem: WBXML offset 0x4: …\n` +
				`pstudio: ${READER}: Config1 (path 6E02) has no XML form: WBXML offset 0x4: …\n`
		);
		const asBytes = run(['--only', 'Config1', '-o', '-'], read);
		expect(asBytes.code).toBe(0);
		expect(asBytes.stdout).toEqual([garbage]);
	});

	it('no documents at all: --out-dir writes nothing, makes no folder, and says so on stderr', () => {
		const r = run(['--out-dir', join(dir, 'new')], result());
		expect(r.code).toBe(0);
		expect(r.stderr).toBe(`${HEADER}No provisioning documents on the card.\n`);
		expect(listing(dir)).toEqual([]);
	});
});

describe('card read --only values', () => {
	it('a long --only value comes back cut to 80 characters with its length', () => {
		const long = 'x'.repeat(500);
		expect(() => readOutputOption(parseArgs(['--only', long, '--xml'], READ_OPTIONS, 'card'), PROFILE)).toThrow(
			`--only takes Bootstrap, Config1, Config2 or an OID in dotted form (e.g. 2.23.43.7.2), not "${'x'.repeat(80)}…" (500 characters)`
		);
	});
});

describe('card read --out-dir file names', () => {
	it('names by role, else by OID; a second document with one OID gets its path', () => {
		// The same document as WBXML 1.2: other bytes, so the test can tell which file got which.
		const other = Uint8Array.of(0x02, ...TINY.subarray(1));
		const read = result(
			doc('2.23.43.7.1', '6E01', TINY, { xml: TINY_XML }),
			doc('2.23.43.7.1', '3F00 7F50 6E05', other, { xml: TINY_XML }),
			doc('1.3.6.1.4.1.99.1', '6E09', TINY, { xml: TINY_XML })
		);
		const out = join(dir, 'docs');
		const r = run(['--out-dir', out], read);
		expect(r.code).toBe(0);
		expect(listing(out)).toEqual(['1.3.6.1.4.1.99.1.wbxml', 'bootstrap-3F007F506E05.wbxml', 'bootstrap.wbxml']);
		expect(new Uint8Array(readFileSync(join(out, 'bootstrap.wbxml')))).toEqual(TINY);
		expect(new Uint8Array(readFileSync(join(out, 'bootstrap-3F007F506E05.wbxml')))).toEqual(other);
		const x = run(['--out-dir', join(dir, 'xml'), '--xml', '--only', '1.3.6.1.4.1.99.1'], read);
		expect(x.code).toBe(0);
		expect(listing(join(dir, 'xml'))).toEqual(['1.3.6.1.4.1.99.1.xml']);
		expect(readFileSync(join(dir, 'xml', '1.3.6.1.4.1.99.1.xml'), 'utf8')).toBe(`${TINY_XML}\n`);
	});

	it('--only with two documents of one OID takes the first in DODF order and says so', () => {
		const read = result(doc('2.23.43.7.2', '6E02', TINY, { label: 'Config1', xml: TINY_XML }), doc('2.23.43.7.2', '6E07', TINY, { label: 'Config1', xml: TINY_XML }));
		const r = run(['--only', 'Config1', '--xml'], read);
		expect(r.code).toBe(0);
		expect(r.stdout).toEqual([`${TINY_XML}\n`]);
		expect(r.stderr).toContain('note: 2 documents carry OID 2.23.43.7.2; the first (path 6E02) is taken\n');
	});
});

describe('a label read from the card is shown without its control characters acting on the terminal', () => {
	it('escapes an ESC sequence in a DODF label and keeps a plain label as it is', async () => {
		const { documentHeading } = await import('../../../src/cli/card-output');
		const plain = documentHeading(doc('2.23.43.7.1', '6E01', TINY, { label: 'Bootstrap' }));
		expect(plain).toBe('Bootstrap  OID 2.23.43.7.1  path 6E01  8 bytes (file 1024)\n');
		// ESC [ 2 J clears a terminal; it is shown as the JSON escape \u001b instead.
		const hostile = documentHeading(doc('2.23.43.7.1', '6E01', TINY, { label: '\u001b[2JBoot' }));
		expect(hostile).toBe('"\\u001b[2JBoot"  OID 2.23.43.7.1  path 6E01  8 bytes (file 1024)\n');
	});
});
