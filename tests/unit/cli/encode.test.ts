import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BEARER_DOC, BEARER_WBXML, DOCTYPE_PROV, hex, listing, NAP1_DOC, NAP1_WBXML_INLINE, NAP1_WBXML_TABLE, pstudio, tempFolder } from './run-cli';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempFolder()));
afterEach(() => cleanup());

// `<parm` opened on line 5 and never closed: the parser trips over `</characteristic>` on line 6, column 3.
const MALFORMED = BEARER_DOC.replace('<parm name="BEARER" value="GSM-GPRS"/>', '<parm name="BEARER" value="GSM-GPRS"');

describe('pstudio encode, one file', () => {
	it('writes the hand-worked WBXML 1.3 bytes of a one-parm NAPDEF and prints nothing', () => {
		writeFileSync(join(dir, 'in.xml'), BEARER_DOC);
		const r = pstudio(['encode', 'in.xml', '-o', 'out.wbxml'], { cwd: dir });
		expect({ code: r.code, stdout: r.stdout.toString(), stderr: r.stderr }).toEqual({ code: 0, stdout: '', stderr: '' });
		expect(hex(readFileSync(join(dir, 'out.wbxml')))).toBe(BEARER_WBXML);
		expect(listing(dir)).toEqual(['in.xml', 'out.wbxml']);
	});

	it('writes only the version byte differently for --wbxml-version 1.1 (WAP-192 §5.4: 0x01)', () => {
		writeFileSync(join(dir, 'in.xml'), BEARER_DOC);
		const r = pstudio(['encode', 'in.xml', '-o', 'out.wbxml', '--wbxml-version', '1.1'], { cwd: dir });
		expect(r.code).toBe(0);
		expect(hex(readFileSync(join(dir, 'out.wbxml')))).toBe('01' + BEARER_WBXML.slice(2));
	});

	it('puts a repeated value in the string table, and inlines it with --no-string-table', () => {
		writeFileSync(join(dir, 'in.xml'), NAP1_DOC);
		expect(pstudio(['encode', 'in.xml', '-o', 'table.wbxml'], { cwd: dir }).code).toBe(0);
		expect(pstudio(['encode', 'in.xml', '-o', 'inline.wbxml', '--no-string-table'], { cwd: dir }).code).toBe(0);
		expect(hex(readFileSync(join(dir, 'table.wbxml')))).toBe(NAP1_WBXML_TABLE);
		expect(hex(readFileSync(join(dir, 'inline.wbxml')))).toBe(NAP1_WBXML_INLINE);
	});

	it('reads stdin for "-" and writes binary to stdout only when asked with -o -', () => {
		const toFile = pstudio(['encode', '-', '-o', 'out.wbxml'], { cwd: dir, stdin: BEARER_DOC });
		expect(toFile.code).toBe(0);
		expect(hex(readFileSync(join(dir, 'out.wbxml')))).toBe(BEARER_WBXML);
		const toStdout = pstudio(['encode', '-', '-o', '-'], { cwd: dir, stdin: BEARER_DOC });
		expect(toStdout.code).toBe(0);
		expect(hex(toStdout.stdout)).toBe(BEARER_WBXML);
	});

	it('refuses stdin without -o instead of writing binary to the terminal', () => {
		const r = pstudio(['encode', '-'], { cwd: dir, stdin: BEARER_DOC });
		expect(r.code).toBe(2);
		expect(r.stdout.length).toBe(0);
		expect(r.stderr).toBe("pstudio: no output given: use -o <out.wbxml> (or -o - for stdout) (try 'pstudio encode --help')\n");
	});

	it('reports malformed XML as one file:line:col line, exit 2, and creates no output file', () => {
		writeFileSync(join(dir, 'bad.xml'), MALFORMED);
		const r = pstudio(['encode', 'bad.xml', '-o', 'out.wbxml'], { cwd: dir });
		expect(r.code).toBe(2);
		expect(r.stdout.length).toBe(0);
		expect(r.stderr).toBe('pstudio: bad.xml:6:3: disallowed character in attribute name\n');
		expect(listing(dir)).toEqual(['bad.xml']);
	});

	it('leaves an existing output untouched when the new input is bad', () => {
		writeFileSync(join(dir, 'bad.xml'), MALFORMED);
		writeFileSync(join(dir, 'out.wbxml'), 'previous');
		expect(pstudio(['encode', 'bad.xml', '-o', 'out.wbxml'], { cwd: dir }).code).toBe(2);
		expect(readFileSync(join(dir, 'out.wbxml'), 'utf8')).toBe('previous');
		expect(listing(dir)).toEqual(['bad.xml', 'out.wbxml']);
	});

	it('reports a missing input file on one line with exit 2', () => {
		const r = pstudio(['encode', 'missing.xml', '-o', 'out.wbxml'], { cwd: dir });
		expect(r.code).toBe(2);
		expect(r.stderr).toBe('pstudio: missing.xml: cannot read: no such file or directory\n');
		expect(listing(dir)).toEqual([]);
	});

	it('reports a root element no WBXML language knows at its position', () => {
		writeFileSync(join(dir, 'x.xml'), '<?xml version="1.0"?>\n<nothing-known/>\n');
		const r = pstudio(['encode', 'x.xml', '-o', 'x.wbxml'], { cwd: dir });
		expect(r.code).toBe(2);
		expect(r.stderr).toBe('pstudio: x.xml:2:1: no WBXML language known for root element <nothing-known>\n');
		expect(listing(dir)).toEqual(['x.xml']);
	});

	it('rejects a WBXML version it cannot write and an unknown option', () => {
		writeFileSync(join(dir, 'in.xml'), BEARER_DOC);
		const v = pstudio(['encode', 'in.xml', '-o', 'o.wbxml', '--wbxml-version', '1.0'], { cwd: dir });
		expect(v.code).toBe(2);
		expect(v.stderr).toBe(`pstudio: --wbxml-version must be 1.1, 1.2 or 1.3, not "1.0" (try 'pstudio encode --help')\n`);
		const o = pstudio(['encode', 'in.xml', '--bogus'], { cwd: dir });
		expect(o.code).toBe(2);
		expect(o.stderr).toBe(`pstudio: unknown option --bogus (try 'pstudio encode --help')\n`);
		expect(listing(dir)).toEqual(['in.xml']);
	});

	it('refuses --wbxml-version names of Object.prototype (own table entries only, issue 8 §2)', () => {
		writeFileSync(join(dir, 'in.xml'), BEARER_DOC);
		for (const name of ['constructor', '__proto__', 'toString']) {
			const v = pstudio(['encode', 'in.xml', '-o', 'o.wbxml', '--wbxml-version', name], { cwd: dir });
			expect(v.stderr).toBe(`pstudio: --wbxml-version must be 1.1, 1.2 or 1.3, not "${name}" (try 'pstudio encode --help')\n`);
			expect(v.code).toBe(2);
		}
		expect(listing(dir)).toEqual(['in.xml']);
	});
});

describe('pstudio encode, many files and folders', () => {
	it('writes the good files, reports the bad one and exits 2 at the end', () => {
		mkdirSync(join(dir, 'docs'));
		writeFileSync(join(dir, 'docs', 'a.xml'), BEARER_DOC);
		writeFileSync(join(dir, 'docs', 'b.xml'), MALFORMED);
		writeFileSync(join(dir, 'docs', 'c.xml'), NAP1_DOC);
		writeFileSync(join(dir, 'docs', 'notes.txt'), 'not an input');
		const r = pstudio(['encode', 'docs', '--out-dir', 'out'], { cwd: dir });
		expect(r.code).toBe(2);
		expect(r.stdout.length).toBe(0);
		expect(r.stderr).toBe('pstudio: docs/b.xml:6:3: disallowed character in attribute name\n');
		expect(listing(join(dir, 'out'))).toEqual(['a.wbxml', 'c.wbxml']);
		expect(hex(readFileSync(join(dir, 'out', 'a.wbxml')))).toBe(BEARER_WBXML);
		expect(hex(readFileSync(join(dir, 'out', 'c.wbxml')))).toBe(NAP1_WBXML_TABLE);
	});

	it('takes several files with --out-dir and names outputs after them', () => {
		writeFileSync(join(dir, 'one.xml'), BEARER_DOC);
		writeFileSync(join(dir, 'two.xml'), NAP1_DOC);
		const r = pstudio(['encode', 'one.xml', 'two.xml', '-d', 'out', '--no-string-table'], { cwd: dir });
		expect(r.code).toBe(0);
		expect(r.stderr).toBe('');
		expect(hex(readFileSync(join(dir, 'out', 'one.wbxml')))).toBe(BEARER_WBXML);
		expect(hex(readFileSync(join(dir, 'out', 'two.wbxml')))).toBe(NAP1_WBXML_INLINE);
	});

	it('needs --out-dir for several inputs', () => {
		writeFileSync(join(dir, 'one.xml'), BEARER_DOC);
		const r = pstudio(['encode', 'one.xml', 'one.xml', '-o', 'x.wbxml'], { cwd: dir });
		expect(r.code).toBe(2);
		expect(r.stderr).toBe(`pstudio: several inputs or a folder need --out-dir (try 'pstudio encode --help')\n`);
	});

	it('encodes a folder of 1,000 documents in one process', () => {
		mkdirSync(join(dir, 'many'));
		for (let i = 0; i < 1000; i++) {
			writeFileSync(join(dir, 'many', `doc${String(i).padStart(4, '0')}.xml`), BEARER_DOC.replace('GSM-GPRS', i % 2 ? 'GSM-GPRS' : 'GSM-CSD'));
		}
		const r = pstudio(['encode', 'many', '--out-dir', 'out'], { cwd: dir });
		expect(r.code).toBe(0);
		expect(r.stderr).toBe('');
		expect(listing(join(dir, 'out'))).toHaveLength(1000);
		// GSM-CSD is value token 0xAA (ProvCont §7.3), GSM-GPRS 0xAB.
		expect(hex(readFileSync(join(dir, 'out', 'doc0000.wbxml')))).toBe(BEARER_WBXML.replace('AB', 'AA'));
		expect(hex(readFileSync(join(dir, 'out', 'doc0999.wbxml')))).toBe(BEARER_WBXML);
		// Speed is measured by `npm run bench`, not here; the generous timeout only stops a per-file process start-up.
	}, 60_000);
});

/** wbxml2xml -m 0 (ORACLES.md §1): the XML libwbxml reads back from a WBXML file in `dir`. */
function libwbxmlReads(file: string): string {
	return execFileSync('wbxml2xml', ['-m', '0', '-o', '-', file], { cwd: dir, stdio: ['ignore', 'pipe', 'ignore'] }).toString();
}

describe('pstudio encode, documents in the encodings found in the field (XML 1.0 §4.3.3)', () => {
	// NAME "Café €" exercises one Latin-1 and one non-Latin-1 character; the oracle is xml2wbxml on the same file
	// (expat honours the BOM and the declaration and transcodes to UTF-8), compared through wbxml2xml.
	const doc = (encoding: string, name: string): string =>
		`<?xml version="1.0" encoding="${encoding}"?>\n${DOCTYPE_PROV}\n<wap-provisioningdoc version="1.0">\n  <characteristic type="NAPDEF">\n    <parm name="NAME" value="${name}"/>\n  </characteristic>\n</wap-provisioningdoc>\n`;

	it('reads a UTF-16LE file with a BOM as xml2wbxml does (was: "not valid UTF-8 text")', () => {
		const text = doc('UTF-16', 'Café €');
		const units = Uint16Array.from([0xfeff, ...Array.from(text, (c) => c.charCodeAt(0))]);
		writeFileSync(join(dir, 'in.xml'), new Uint8Array(units.buffer));
		const r = pstudio(['encode', 'in.xml', '-o', 'ours.wbxml'], { cwd: dir });
		expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
		execFileSync('xml2wbxml', ['-o', 'theirs.wbxml', 'in.xml'], { cwd: dir, stdio: 'ignore' });
		expect(libwbxmlReads('ours.wbxml')).toBe(libwbxmlReads('theirs.wbxml'));
		expect(libwbxmlReads('ours.wbxml')).toContain('value="Café €"');
	});

	it('reads an ISO-8859-1 file with its declaration as xml2wbxml does (was: "not valid UTF-8 text")', () => {
		// "Café" in ISO-8859-1: é is the one byte 0xE9.
		writeFileSync(join(dir, 'in.xml'), Uint8Array.from(doc('ISO-8859-1', 'Café'), (c) => c.charCodeAt(0)));
		const r = pstudio(['encode', 'in.xml', '-o', 'ours.wbxml'], { cwd: dir });
		expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
		execFileSync('xml2wbxml', ['-o', 'theirs.wbxml', 'in.xml'], { cwd: dir, stdio: 'ignore' });
		expect(libwbxmlReads('ours.wbxml')).toBe(libwbxmlReads('theirs.wbxml'));
		expect(libwbxmlReads('ours.wbxml')).toContain('value="Café"');
	});

	it('refuses a byte that is not UTF-8 in an undeclared file with one line naming line, column and offset', () => {
		// The same ISO-8859-1 bytes without the declaration: line 5 `    <parm name="NAME" value="Caf` is 32 characters,
		// so 0xE9 is column 33; its offset is the length of the text before it.
		const text = doc('ISO-8859-1', 'Café').replace(' encoding="ISO-8859-1"', '');
		writeFileSync(join(dir, 'in.xml'), Uint8Array.from(text, (c) => c.charCodeAt(0)));
		const r = pstudio(['encode', 'in.xml', '-o', 'ours.wbxml'], { cwd: dir });
		expect({ code: r.code, stderr: r.stderr }).toEqual({
			code: 2,
			stderr: `pstudio: in.xml:5:33: byte 0xE9 at offset ${text.indexOf('é')} is not valid UTF-8 (without an encoding declaration a document is UTF-8, XML 1.0 §4.3.3)\n`
		});
	});
});

describe('pstudio encode --out-dir on several threads', () => {
	// 250 inputs in batches of 100 (encode-many.ts): batch 0 holds a malformed file, batch 2 an unreadable one
	// (not UTF-8), and a second folder repeats one name. Whatever thread finishes first, stderr lists the failures
	// in input order, and every good file has the hand-worked bytes.
	it('writes every good file and reports the bad ones in input order with --jobs 2', () => {
		mkdirSync(join(dir, 'many'));
		mkdirSync(join(dir, 'more'));
		for (let i = 0; i < 250; i++) {
			const name = join(dir, 'many', `doc${String(i).padStart(3, '0')}.xml`);
			if (i === 7) writeFileSync(name, MALFORMED);
			else if (i === 231) writeFileSync(name, Uint8Array.of(0x3c, 0x61, 0xff, 0x3e));
			else writeFileSync(name, i % 2 ? BEARER_DOC : NAP1_DOC);
		}
		writeFileSync(join(dir, 'more', 'doc100.xml'), BEARER_DOC);
		const r = pstudio(['encode', 'many', 'more', '--out-dir', 'out', '--jobs', '2'], { cwd: dir });
		expect(r.stderr).toBe(
			'pstudio: more/doc100.xml: output doc100.wbxml is already written from many/doc100.xml\n' +
				'pstudio: many/doc007.xml:6:3: disallowed character in attribute name\n' +
				// "<a" then 0xFF: offset 2, line 1 column 3.
				'pstudio: many/doc231.xml:1:3: byte 0xFF at offset 2 is not valid UTF-8 (without an encoding declaration a document is UTF-8, XML 1.0 §4.3.3)\n'
		);
		expect(r.code).toBe(2);
		const written = listing(join(dir, 'out'));
		expect(written).toHaveLength(248);
		expect(written).not.toContain('doc007.wbxml');
		expect(hex(readFileSync(join(dir, 'out', 'doc000.wbxml')))).toBe(NAP1_WBXML_TABLE);
		expect(hex(readFileSync(join(dir, 'out', 'doc249.wbxml')))).toBe(BEARER_WBXML);
		expect(hex(readFileSync(join(dir, 'out', 'doc100.wbxml')))).toBe(NAP1_WBXML_TABLE);
	}, 60_000);

	it('refuses a --jobs that is not a whole number from 1', () => {
		writeFileSync(join(dir, 'one.xml'), BEARER_DOC);
		const r = pstudio(['encode', 'one.xml', '--out-dir', 'out', '-j', '0'], { cwd: dir });
		expect(r.code).toBe(2);
		expect(r.stderr).toBe(`pstudio: --jobs must be a whole number from 1 to 999, not "0" (try 'pstudio encode --help')\n`);
	});
});

describe('pstudio encode --help', () => {
	it('prints the usage on stdout and exits 0', () => {
		const r = pstudio(['encode', '--help'], { cwd: dir });
		expect(r.code).toBe(0);
		expect(r.stdout.toString()).toMatch(/^Usage: pstudio encode <in\.xml\|-> -o <out\.wbxml> \[options\]\n/);
		expect(r.stdout.toString()).toContain('--no-string-table');
		expect(r.stderr).toBe('');
	});
});
