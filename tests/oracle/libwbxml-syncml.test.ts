// SyncML 1.0/1.1/1.2, MetInf 1.1, DevInf 1.0/1.1/1.2 and DM DDF documents, alone and embedded in each other, against
// libwbxml both ways (ORACLES.md §1): our WBXML read by wbxml2xml, xml2wbxml's WBXML read by us, each giving the
// canonical XML of the fixture. The public id of each is asserted from libwbxml's src/wbxml_tables.h, so a version is
// never relabelled (SyncML 1.1 = 0x0FD3 = 9F 53 as mb_u_int32, never 1.2's A4 01).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { toHex } from '../../src/lib/codec/hex';
import { annotateWbxml, decodeWbxml, encodeWbxml, languageForDocument, readMbUint32 } from '../../src/lib/codec/wbxml';
import { canonicalXml, parseXml, serializeXml } from '../../src/lib/codec/xml';
import { strip } from '../unit/wbxml/helpers';
import { CORPUS, CORPUS_DIR } from './libwbxml/corpus';
import type { XmlElement } from '../../src/lib/codec/xml/tree';

const FIXTURES = join(__dirname, '../fixtures/syncml');
const dir = mkdtempSync(join(tmpdir(), 'pstudio-libwbxml-syncml-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function wbxml2xml(bytes: Uint8Array, name: string): string {
	const input = join(dir, `${name}.wbxml`);
	writeFileSync(input, bytes);
	return execFileSync('wbxml2xml', ['-m', '0', '-o', '-', input], { stdio: ['ignore', 'pipe', 'pipe'] }).toString();
}

function xml2wbxml(file: string, name: string): Uint8Array {
	const output = join(dir, `${name}.lib.wbxml`);
	// xml2wbxml exits 0 even when it cannot read its input (ORACLES.md §1): readFileSync fails if nothing was written.
	execFileSync('xml2wbxml', ['-o', output, file], { stdio: 'pipe' });
	return new Uint8Array(readFileSync(output));
}

/** libwbxml has no namespace table for MetInf (src/wbxml_tables.c), so wbxml2xml writes a MetInf root without it. */
function withoutRootXmlns(root: XmlElement): XmlElement {
	return { ...root, attributes: root.attributes.filter((a) => a.name !== 'xmlns') };
}

// File, language, the header up to the string table as libwbxml writes it (version 1.3, public id, UTF-8), and the
// public id of the embedded document when there is one (its header inside the OPAQUE).
const CASES: [string, string, string, string | undefined][] = [
	['syncml10-put-devinf10.xml', 'SYNCML10', '03 9F 51 6A', '03 9F 52 6A'],
	['syncml11-results-devinf11.xml', 'SYNCML11', '03 9F 53 6A', '03 9F 54 6A'],
	['syncml11-dm-add-xmlns-only.xml', 'SYNCML11', '03 9F 53 6A', undefined],
	['syncml12-results-devinf12.xml', 'SYNCML12', '03 A4 01 6A', '03 A4 03 6A'],
	['syncml12-add-tnds.xml', 'SYNCML12', '03 A4 01 6A', '03 00 00 6A'],
	['devinf10.xml', 'DEVINF10', '03 9F 52 6A', undefined],
	['devinf11.xml', 'DEVINF11', '03 9F 54 6A', undefined],
	['metinf11.xml', 'METINF11', '03 00 00 6A', undefined],
	['devinf12.xml', 'DEVINF12', '03 A4 03 6A', undefined],
	['metinf12.xml', 'METINF12', '03 A4 02 6A', undefined]
];

const hex = (b: Uint8Array): string => toHex(b, ' ');

describe('SyncML family against libwbxml 0.11.8, both ways', () => {
	for (const [file, language, header, embeddedHeader] of CASES) {
		const path = join(FIXTURES, file);
		const text = readFileSync(path, 'utf8');
		const name = file.replace(/\.xml$/, '');

		test(`${file}: ours is ${language} (${header} …) and wbxml2xml reads it back`, () => {
			const document = parseXml(text);
			expect(languageForDocument(document)?.name).toBe(language);
			const ours = encodeWbxml(document, languageForDocument(document)!);
			expect(hex(ours.slice(0, 4))).toBe(header);
			if (embeddedHeader !== undefined) {
				// Data = OPAQUE (C3) length, then a whole document of the embedded language.
				const opaque = annotateWbxml(ours).annotations.filter((a) => a.kind === 'opaque');
				expect(opaque).toHaveLength(1);
				const payload = readMbUint32(ours, opaque[0].offset + 1).next;
				expect(hex(ours.slice(payload, payload + 4))).toBe(embeddedHeader);
			}
			const theirs = parseXml(wbxml2xml(ours, name));
			expect(theirs.publicId).toBe(document.publicId ?? languageForDocument(document)!.fpi);
			const expected = language.startsWith('METINF') ? { ...document, root: withoutRootXmlns(document.root) } : document;
			expect(canonicalXml(theirs)).toBe(canonicalXml(expected));
		});

		test(`${file}: xml2wbxml's bytes (${header} …) decode in ours as ${language}, and ours are no longer`, () => {
			const theirs = xml2wbxml(path, name);
			expect(hex(theirs.slice(0, 4))).toBe(header);
			const document = parseXml(text);
			expect(encodeWbxml(document, languageForDocument(document)!).length).toBeLessThanOrEqual(theirs.length);
			const decoded = decodeWbxml(theirs);
			expect(decoded.language.name).toBe(language);
			expect(canonicalXml(decoded.document)).toBe(canonicalXml(parseXml(text)));
		});
	}

	test('a DevInf inside SyncML 1.2 is written in DevInf tokens: wbxml2xml reads Man and Mod, no <unknown>', () => {
		const document = parseXml(readFileSync(join(FIXTURES, 'syncml12-results-devinf12.xml'), 'utf8'));
		const theirs = wbxml2xml(encodeWbxml(document, languageForDocument(document)!), 'devinf-man-mod');
		expect(theirs).toContain('<Man>Example Devices</Man><Mod>Model 12</Mod>');
		expect(theirs).not.toContain('unknown');
		// The Type announces WBXML in the bytes and XML in the text, as libwbxml rewrites it both ways.
		expect(theirs).toContain('<Type xmlns="syncml:metinf">application/vnd.syncml-devinf+xml</Type>');
	});
});

/** decode → XML text → encode, with the stream's version and the default string table. */
function throughXml(data: Uint8Array): Uint8Array {
	const decoded = decodeWbxml(data);
	return encodeWbxml(parseXml(serializeXml(decoded.document)), decoded.language, { version: decoded.version });
}

describe("libwbxml's streams through our XML (issue 8 §10: OPAQUE stays OPAQUE)", () => {
	const files = [...CASES.map(([file]) => join(FIXTURES, file)), ...CORPUS.map((name) => join(CORPUS_DIR, name))];
	test(`${files.length} xml2wbxml streams keep their tree, Data OPAQUE included, and are a fixed point after one round`, () => {
		let opaque = 0;
		files.forEach((file, i) => {
			const theirs = xml2wbxml(file, `round-${i}`);
			const once = throughXml(theirs);
			const tree = strip(decodeWbxml(theirs).document.root);
			expect(strip(decodeWbxml(once).document.root), file).toEqual(tree);
			expect(hex(throughXml(once)), file).toBe(hex(once));
			opaque += JSON.stringify(tree).split('"opaque"').length - 1;
		});
		// libwbxml writes <Data> text inside Add/Replace as OPAQUE (ORACLES.md §1): those must have come back as OPAQUE.
		expect(opaque).toBeGreaterThan(0);
	});
});
