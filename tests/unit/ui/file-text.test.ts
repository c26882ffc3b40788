// Opening a file in the studio (New… → Open…, the Batch page's template): the bytes read as pstudio reads them.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DocumentFileError, documentFileText } from '../../../src/lib/ui/documents/file-text';

const NAPDEF = (name: string) => `<wap-provisioningdoc version="1.1">
  <characteristic type="NAPDEF">
    <parm name="NAPID" value="N1"/>
    <parm name="NAME" value="${name}"/>
  </characteristic>
</wap-provisioningdoc>
`;

function failure(fileName: string, bytes: Uint8Array): string {
	try {
		documentFileText(fileName, bytes);
	} catch (error) {
		if (error instanceof DocumentFileError) return error.message;
		throw error;
	}
	throw new Error('no DocumentFileError');
}

describe('a document file opened in the studio', () => {
	it('reads an ISO-8859-1 file as its declaration says (File.text() would give U+FFFD for é)', () => {
		// "Café" in ISO-8859-1: 43 61 66 E9.
		const bytes = Buffer.from(`<?xml version="1.0" encoding="ISO-8859-1"?>\n${NAPDEF('Caf\u00e9')}`, 'latin1');
		expect(documentFileText('office.xml', bytes)).toContain('<parm name="NAME" value="Caf\u00e9"/>');
	});

	it('reads UTF-16 LE with its byte order mark', () => {
		const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(NAPDEF('\u20ac'), 'utf16le')]);
		expect(documentFileText('office.xml', bytes)).toBe(NAPDEF('\u20ac'));
	});

	it('decodes a WBXML file made by libwbxml into its XML', () => {
		const dir = mkdtempSync(join(tmpdir(), 'pstudio-open-'));
		try {
			writeFileSync(join(dir, 'in.xml'), `<?xml version="1.0"?>\n<!DOCTYPE wap-provisioningdoc PUBLIC "-//WAPFORUM//DTD PROV 1.0//EN" "http://www.wapforum.org/DTD/prov.dtd">\n${NAPDEF('Office')}`);
			execFileSync('xml2wbxml', ['-o', 'out.wbxml', 'in.xml'], { cwd: dir, stdio: 'ignore' });
			const bytes = new Uint8Array(readFileSync(join(dir, 'out.wbxml')));
			// Known by its version byte whatever the name says (libwbxml writes 1.3: 0x03).
			expect(bytes[0]).toBe(0x03);
			const xml = documentFileText('push.bin', bytes);
			expect(xml).toContain('<characteristic type="NAPDEF">');
			expect(xml).toContain('<parm name="NAPID" value="N1"/>');
			expect(xml).toContain('<parm name="NAME" value="Office"/>');
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});

	it('refuses bytes that are not text in one line naming the file and the place', () => {
		// No declaration: UTF-8, where E9 followed by a space is no character. Line 4 `    <parm name="NAME" value="A`
		// has 29 + 1 characters before it: column 31.
		const bytes = Buffer.from(NAPDEF('A\u00e9 B'), 'latin1');
		expect(failure('office.xml', bytes)).toMatch(/^office\.xml: line 4, column 31: byte 0xE9 at offset \d+ is not valid UTF-8 /);
	});

	it('refuses a WBXML file cut short with the byte offset where it ends', () => {
		// 03 0B 6A 00: version 1.3, PROV 1.0, UTF-8, empty string table; then nothing where the body's first tag must be.
		expect(failure('push.wbxml', new Uint8Array([0x03, 0x0b, 0x6a, 0x00]))).toMatch(/^push\.wbxml: WBXML offset 0x4: /);
	});
});
