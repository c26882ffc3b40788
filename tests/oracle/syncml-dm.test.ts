// Our SyncML DM messages against libwbxml (ORACLES.md §1): our WBXML decoded by wbxml2xml, and xml2wbxml's WBXML of
// our XML text decoded by us, must both give the canonical XML of the message we built. libwbxml's SyncML quirks are
// absorbed by canonicalXml: Data written as OPAQUE comes back as CDATA, xmlns attributes are restored on decode.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { decodeWbxml, DMDDF12, encodeWbxml, SYNCML11, SYNCML12 } from '../../src/lib/codec/wbxml';
import { canonicalXml, parseXml, serializeXml } from '../../src/lib/codec/xml';
import type { XmlDocument } from '../../src/lib/codec/xml/tree';
import { ddfFromXml, DEVDETAIL_DDF, DEVINFO_DDF, diff, DMACC_DDF, dmAccSchema, dmTree, parseDdf, type DdfNode } from '../../src/lib/documents/ddf';
import { accountFromJson, accountToTree, bootstrapMessage, dmPackage, dmPackageWbxml } from '../../src/lib/documents/dm';
import { Secret } from '../../src/lib/security/secret';

const dir = mkdtempSync(join(tmpdir(), 'pstudio-syncml-dm-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const account = accountFromJson(readFileSync(new URL('../fixtures/dm/account.json', import.meta.url), 'utf8'));

function libwbxmlDecode(bytes: Uint8Array, name: string): string {
	const input = join(dir, `${name}.wbxml`);
	const output = join(dir, `${name}.out.xml`);
	writeFileSync(input, bytes);
	execFileSync('wbxml2xml', ['-m', '0', '-o', output, input], { stdio: 'pipe' });
	return readFileSync(output, 'utf8');
}

function libwbxmlEncode(xml: string, name: string): Uint8Array {
	const input = join(dir, `${name}.xml`);
	const output = join(dir, `${name}.lib.wbxml`);
	writeFileSync(input, xml);
	// xml2wbxml exits 0 even when it cannot read its input (ORACLES.md §1): readFileSync fails if nothing was written.
	execFileSync('xml2wbxml', ['-o', output, input], { stdio: 'pipe' });
	return new Uint8Array(readFileSync(output));
}

function bootstrap(): XmlDocument {
	return bootstrapMessage(account, { deviceId: 'IMEI:490154203237518' });
}

function diffPackage(): XmlDocument {
	const current = accountToTree(account);
	const wanted = new Map(current);
	wanted.set('./DMAcc/acme/Name', 'ACME Device Management');
	wanted.set('./DMAcc/acme/AppAddr/1/Port/1/PortNbr', '8443');
	wanted.set('./DMAcc/acme/AppAuth/CLCRED/AAuthSecret', Secret.fromText('AAuthSecret', 'n3w-s3cret'));
	wanted.delete('./DMAcc/acme/AAuthPref');
	wanted.set('./DMAcc/acme/ToConRef/1/ConRef', 'NAP1');
	const commands = diff(current, dmTree(wanted), dmAccSchema());
	return dmPackage(commands, { sessionId: '1', msgId: '1', target: 'IMEI:490154203237518', source: 'https://dm.acme.example/dm' });
}

const fixture = (name: string): XmlDocument => parseXml(readFileSync(new URL(`../fixtures/dm/${name}`, import.meta.url), 'utf8'));

// What each message must be is written by hand (tests/fixtures/dm/README.md says how); our builders must give
// exactly that, and libwbxml must read our WBXML, and we libwbxml's, as that same document.
const messages: [string, () => XmlDocument, string][] = [
	['bootstrap message', bootstrap, 'bootstrap-1.2.xml'],
	['diff package', diffPackage, 'diff-package.xml']
];

describe('SyncML DM 1.2 WBXML against libwbxml', () => {
	for (const [name, build, expectedFile] of messages) {
		test(`the ${name} we build is the hand-written ${expectedFile}`, () => {
			expect(canonicalXml(build())).toBe(canonicalXml(fixture(expectedFile)));
		});

		test(`our WBXML of the ${name} decodes in wbxml2xml to the hand-written ${expectedFile}`, () => {
			const document = build();
			const bytes = encodeWbxml(document, SYNCML12);
			// WBXML 1.3, public id 0x1201 as mb_u_int32 (A4 01), UTF-8 (syncml-dm.md, ORACLES.md §1).
			expect([...bytes.slice(0, 4)]).toEqual([0x03, 0xa4, 0x01, 0x6a]);
			const theirs = libwbxmlDecode(bytes, name.replace(/ /g, '-'));
			expect(canonicalXml(parseXml(theirs))).toBe(canonicalXml(fixture(expectedFile)));
		});

		test(`xml2wbxml's encoding of the hand-written ${expectedFile} decodes in ours to that document`, () => {
			const bytes = libwbxmlEncode(readFileSync(new URL(`../fixtures/dm/${expectedFile}`, import.meta.url), 'utf8'), name.replace(/ /g, '-'));
			const decoded = decodeWbxml(bytes);
			expect(decoded.language.name).toBe(SYNCML12.name);
			expect(canonicalXml(decoded.document)).toBe(canonicalXml(fixture(expectedFile)));
		});
	}

	test('a DM 1.1 bootstrap message is SyncML 1.1 in WBXML (03 9F 53), read back as 1.1 by wbxml2xml and by us', () => {
		const document = bootstrapMessage(account, { deviceId: 'IMEI:490154203237518', version: '1.1' });
		const bytes = encodeWbxml(document, SYNCML11);
		// Public id 0x0FD3 as mb_u_int32: 0x0FD3 = 31 * 128 + 83 -> 9F 53 (libwbxml src/wbxml_tables.h).
		expect([...bytes.slice(0, 4)]).toEqual([0x03, 0x9f, 0x53, 0x6a]);
		const theirs = parseXml(libwbxmlDecode(bytes, 'bootstrap-1.1'));
		expect(theirs.publicId).toBe('-//SYNCML//DTD SyncML 1.1//EN');
		expect(canonicalXml(theirs)).toBe(canonicalXml(document));
		const ours = decodeWbxml(libwbxmlEncode(serializeXml(document), 'bootstrap-1.1'));
		expect(ours.language.name).toBe('SYNCML11');
		expect(canonicalXml(ours.document)).toBe(canonicalXml(document));
	});

	test('the diff package holds Delete, Add (parent first) and Replace, with the new secret only in the bytes', () => {
		const text = canonicalXml(diffPackage());
		expect([...text.matchAll(/<(Add|Replace|Delete)>/g)].map((m) => m[1])).toEqual(['Delete', 'Add', 'Replace']);
		const uris = [...text.matchAll(/<LocURI>([^<]*)<\/LocURI>/g)].map((m) => m[1]).slice(2);
		expect(uris).toEqual([
			'./DMAcc/acme/AAuthPref',
			'./DMAcc/acme/ToConRef',
			'./DMAcc/acme/ToConRef/1',
			'./DMAcc/acme/ToConRef/1/ConRef',
			'./DMAcc/acme/AppAddr/1/Port/1/PortNbr',
			'./DMAcc/acme/AppAuth/CLCRED/AAuthSecret',
			'./DMAcc/acme/Name'
		]);
		const wbxml = dmPackageWbxml(diff(accountToTree(account), dmTree([...accountToTree(account)].map(([k, v]) => [k, k.endsWith('CLCRED/AAuthSecret') ? Secret.fromText('AAuthSecret', 'n3w-s3cret') : v])), dmAccSchema()), {
			sessionId: '1',
			msgId: '1',
			target: 'IMEI:1',
			source: 'https://s'
		});
		expect(new TextDecoder().decode(wbxml)).toContain('n3w-s3cret');
	});
});

/** What a DDF says, without source positions (they are line/column in XML and byte offsets in WBXML). */
function outline(nodes: readonly DdfNode[]): string[] {
	return nodes.flatMap((n) => [
		`${n.uri} ${n.format} ${n.occurrence.kind} ${n.scope} ${[...n.accessTypes].join('+')} ${JSON.stringify(n.type)}`,
		...outline(n.children)
	]);
}

describe('shipped DDFs in WBXML (DM DDF code page, TND §8.6) against libwbxml', () => {
	const ddfs: [string, string][] = [
		['DMAcc', DMACC_DDF],
		['DevInfo', DEVINFO_DDF],
		['DevDetail', DEVDETAIL_DDF]
	];
	for (const [name, text] of ddfs) {
		test(`xml2wbxml's ${name} DDF decodes in ours to the same DDF`, () => {
			const decoded = decodeWbxml(libwbxmlEncode(text, `${name}-ddf`));
			expect(decoded.language.name).toBe(DMDDF12.name);
			const schema = ddfFromXml(decoded.document);
			expect(outline(schema.nodes)).toEqual(outline(parseDdf(text).nodes));
			// Read from bytes, a node's position is the byte offset of its Node tag.
			const position = schema.nodes[0].position;
			expect('offset' in position && decoded.document.root.children.some((c) => c.kind === 'element' && c.position !== undefined && 'offset' in c.position && c.position.offset === position.offset)).toBe(true);
		});

		test(`our WBXML of the ${name} DDF decodes in wbxml2xml to the same canonical XML`, () => {
			const document = parseXml(text);
			const theirs = libwbxmlDecode(encodeWbxml(document, DMDDF12), `${name}-ddf-ours`);
			expect(canonicalXml(parseXml(theirs))).toBe(canonicalXml(document));
		});
	}
});
