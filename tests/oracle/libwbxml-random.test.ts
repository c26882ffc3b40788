// Fresh random trees every run (the fuzz seed, tests/fuzz/seed.ts), in every language both tools know, compared
// with libwbxml 0.11.8 both ways (ORACLES.md §1):
//  - libwbxml → us: our decoder reads xml2wbxml's bytes as the tree that was written;
//  - us → libwbxml: wbxml2xml reads our bytes as it reads xml2wbxml's own, and ours are never longer.
// Trees are made of each language's first code page of tags (names from our tables, which the oracle checks token by
// token elsewhere) and text without leading or trailing white space (xml2wbxml drops that without -k).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeWbxml, DEVINF11, DEVINF12, DMDDF12, encodeWbxml, METINF12, PROV, SYNCML11, SYNCML12, type CodePage, type WbxmlLanguage } from '../../src/lib/codec/wbxml';
import type { XmlDocument, XmlElement, XmlNode } from '../../src/lib/codec/xml/tree';
import { FUZZ_SEED } from '../fuzz/seed';
import { provDoc, strip, wbxml2xml, xml2wbxml } from '../unit/wbxml/helpers';
import { provRoot } from '../unit/wbxml/prov-arbitrary';

const text = fc
	.string({ unit: fc.constantFrom(...'abcXYZ019.-:/,& <>"éÄ中'.split('')), minLength: 1, maxLength: 14 })
	.filter((t) => t.trim() === t && t.length > 0);

/** The language's first code page with tags (page 0 for SyncML and DevInf, 1 for MetInf, 2 for the DM DDF). */
function firstPage(language: WbxmlLanguage): CodePage {
	const page = Object.keys(language.pages)
		.map(Number)
		.sort((a, b) => a - b)
		.map((n) => language.pages[n])
		.find((p) => p?.tags !== undefined);
	if (page === undefined) throw new Error(`${language.name} has no tags`);
	return page;
}

/** Elements of the first page of `language` (root excluded), nested up to 3 deep, with text leaves. */
function tagTree(language: WbxmlLanguage): fc.Arbitrary<XmlElement> {
	const page = firstPage(language);
	const names = Object.values(page.tags ?? {}).filter((n) => n !== language.root);
	const element: fc.Arbitrary<XmlElement> = fc.letrec<{ e: XmlElement }>((tie) => ({
		e: fc
			.record({
				name: fc.constantFrom(...names),
				content: fc.oneof({ depthSize: 'small', maxDepth: 3 }, text.map((t): XmlNode[] => [{ kind: 'text', text: t }]), fc.array(tie('e'), { maxLength: 4 }))
			})
			.map(({ name, content }) => ({ kind: 'element' as const, name, attributes: [], children: content }))
	})).e;
	// The root carries the namespace its page implies (our decoder writes it back; libwbxml reads it the same).
	const namespace = page.namespace;
	const attributes = namespace === undefined ? [] : [{ name: 'xmlns', value: namespace }];
	return fc.array(element, { minLength: 1, maxLength: 5 }).map((children) => ({ kind: 'element', name: language.root, attributes, children }));
}

function documentOf(language: WbxmlLanguage, root: XmlElement): XmlDocument {
	return { root, publicId: language.fpi, ...(language.systemId !== undefined ? { systemId: language.systemId } : {}) };
}

/**
 * The tree with OPAQUE read as UTF-8 text: xml2wbxml writes all SyncML <Data> content as OPAQUE (and wbxml2xml
 * shows it as CDATA), so text written into Data comes back as OPAQUE bytes of that text.
 */
function asText(node: XmlNode): XmlNode {
	if (node.kind === 'opaque') return { kind: 'text', text: new TextDecoder().decode(node.bytes) };
	if (node.kind === 'element') return { ...node, children: node.children.map(asText) };
	return node;
}

function compareBothWays(language: WbxmlLanguage, doc: XmlDocument): void {
	for (const stringTable of [true, false]) {
		const theirs = xml2wbxml(doc, stringTable);
		const ours = encodeWbxml(doc, language, { stringTable });
		const theirText = wbxml2xml(theirs);
		expect(wbxml2xml(ours), `libwbxml reads our ${language.name} as its own (string table ${stringTable})`).toBe(theirText);
		expect(asText(strip(decodeWbxml(theirs).document.root)), `we read libwbxml's ${language.name}`).toEqual(strip(doc.root));
		expect(ours.length, `${language.name} no longer than libwbxml's (string table ${stringTable})`).toBeLessThanOrEqual(theirs.length);
	}
}

const LANGUAGES: [WbxmlLanguage, number][] = [
	[SYNCML12, 40],
	[SYNCML11, 40],
	[DEVINF12, 30],
	[DEVINF11, 30],
	[METINF12, 20],
	[DMDDF12, 30]
];

describe(`random trees against libwbxml, both ways (seed ${FUZZ_SEED})`, () => {
	it('PROV: random wap-provisioningdocs', () => {
		fc.assert(fc.property(provRoot, (root) => compareBothWays(PROV, provDoc(root))), { numRuns: 60, seed: FUZZ_SEED });
	}, 120_000);
	for (const [language, runs] of LANGUAGES) {
		it(`${language.name}: random trees of its tags`, () => {
			fc.assert(fc.property(tagTree(language), (root) => compareBothWays(language, documentOf(language, root))), { numRuns: runs, seed: FUZZ_SEED });
		}, 120_000);
	}
});
