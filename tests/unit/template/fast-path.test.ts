// The compiled encoder (src/lib/codec/wbxml/compiled.ts) against the ordinary one: for random documents with random
// values in random places, and random rows of a realistic template, the bytes are exactly encodeWbxml's — of the
// filled-in tree, and of the row's XML text parsed again. fast-check draws a fresh seed every run; a failure prints
// it (replay with { seed, path } in fc.assert).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileWbxml, encodeWbxml, PROV, SYNCML12, WbxmlError, type ParametrizedText, type WbxmlLanguage } from '../../../src/lib/codec/wbxml/index';
import { parseXml, serializeXml } from '../../../src/lib/codec/xml/index';
import type { XmlAttribute, XmlDocument, XmlElement, XmlText } from '../../../src/lib/codec/xml/tree';
import { compileCpTemplate } from '../../../src/lib/documents/template/index';
import { provRoot } from '../wbxml/prov-arbitrary';

const fixture = (path: string): string => readFileSync(join(__dirname, '../../fixtures', path), 'utf8');
const PROV_FPI = '-//WAPFORUM//DTD PROV 1.0//EN';

/** Values that tokenize, repeat, share heads and tails, hold white space, non-ASCII, or what the planner refuses. */
const TOKENS = ['GSM-GPRS', 'APN', 'IPV4', 'HTTP-DIGEST,BASIC', 'HTTP-', 'BASIC', 'OTA-HTTP-TO', 'w2', 'NAME', 'NAPID', 'NAPDEF', 'APPLICATION', 'PORT', 'AAA', '9201', 'INTERNET'];
const valueArb = fc.oneof(
	{ weight: 4, arbitrary: fc.constantFrom(...TOKENS) },
	{ weight: 4, arbitrary: fc.string({ unit: fc.constantFrom(...'abcXY01 .-:/,ÄéAPN_'.split('')), maxLength: 14 }) },
	{ weight: 2, arbitrary: fc.constantFrom('', ' ', '  \t', 'Example ', '.example.net', 'http://h.example/', '447700900123', 'Partner network') },
	{ weight: 1, arbitrary: fc.constantFrom('a\u0000b', '\ud800', 'x\udfff', '😀 emoji', '\r\n') }
);
const partsArb = (parameters: number): fc.Arbitrary<(string | number)[]> =>
	fc.array(fc.oneof(fc.nat({ max: parameters - 1 }), valueArb), { minLength: 1, maxLength: 3 });

interface Case {
	/** The compiled document, or the error compiling gave (what every filling must then fail with too). */
	compiled: ReturnType<typeof compileWbxml> | string;
	document: (args: readonly string[]) => XmlDocument;
	rows: string[][];
}

/** Encodes or gives the error's code and message: the compiled path must fail exactly where the ordinary one does. */
function outcome(encode: () => Uint8Array): Uint8Array | string {
	try {
		return encode();
	} catch (error) {
		if (error instanceof WbxmlError) return `${error.code}: ${error.message}`;
		throw error;
	}
}

/** A document, some of its attribute values and text nodes chosen to vary, and rows of values for them. */
function casesFor(document: XmlDocument, language: WbxmlLanguage, stringTable: boolean): fc.Arbitrary<Case> {
	const attributes: XmlAttribute[] = [];
	const texts: XmlText[] = [];
	const walk = (e: XmlElement): void => {
		attributes.push(...e.attributes);
		for (const c of e.children) {
			if (c.kind === 'element') walk(c);
			else if (c.kind === 'text') texts.push(c);
		}
	};
	walk(document.root);
	const P = 3;
	return fc
		.record({
			attributeParts: fc.array(fc.option(partsArb(P), { freq: 2, nil: undefined }), { minLength: attributes.length, maxLength: attributes.length }),
			textParts: fc.array(fc.option(partsArb(P), { freq: 2, nil: undefined }), { minLength: texts.length, maxLength: texts.length }),
			rows: fc.array(fc.array(valueArb, { minLength: P, maxLength: P }), { minLength: 1, maxLength: 4 })
		})
		.map(({ attributeParts, textParts, rows }) => {
			const a = new Map<XmlAttribute, ParametrizedText>();
			attributeParts.forEach((parts, i) => parts !== undefined && a.set(attributes[i], parts));
			const t = new Map<XmlText, ParametrizedText>();
			textParts.forEach((parts, i) => parts !== undefined && t.set(texts[i], parts));
			const input = { document, attributes: a, texts: t, parameterCount: P };
			let compiled: Case['compiled'];
			try {
				compiled = compileWbxml(input, language, { stringTable });
			} catch (error) {
				if (!(error instanceof WbxmlError)) throw error;
				compiled = error.code;
			}
			return { compiled, document: (args: readonly string[]) => fillDocument(input, args), rows };
		});
}

function sameAsOrdinary(c: Case, language: WbxmlLanguage, stringTable: boolean): void {
	for (const args of c.rows) {
		const filled = c.document(args);
		const ordinary = outcome(() => encodeWbxml(filled, language, { stringTable }));
		const compiled = c.compiled;
		if (typeof compiled === 'string') {
			// Refused when compiled: a constant part no document can carry, so no filling encodes.
			expect(typeof ordinary === 'string' && ordinary.startsWith(`${compiled}: `)).toBe(true);
			continue;
		}
		expect(compiled.document(args)).toEqual(filled);
		expect(outcome(() => compiled.encode(args))).toEqual(ordinary);
	}
}

/** The document filled in, built here independently of CompiledWbxml.document. */
function fillDocument(input: { document: XmlDocument; attributes: Map<XmlAttribute, ParametrizedText>; texts: Map<XmlText, ParametrizedText> }, args: readonly string[]): XmlDocument {
	const value = (parts: ParametrizedText): string => parts.map((p) => (typeof p === 'string' ? p : args[p])).join('');
	const copy = (e: XmlElement): XmlElement => ({
		kind: 'element',
		name: e.name,
		attributes: e.attributes.map((a) => ({ name: a.name, value: input.attributes.has(a) ? value(input.attributes.get(a) as ParametrizedText) : a.value })),
		children: e.children.map((c) => (c.kind === 'element' ? copy(c) : c.kind === 'text' ? { kind: 'text' as const, text: input.texts.has(c) ? value(input.texts.get(c) as ParametrizedText) : c.text } : { kind: 'opaque' as const, bytes: c.bytes }))
	});
	return { ...input.document, root: copy(input.document.root) };
}

describe('compiled encoder: byte for byte what encodeWbxml writes', () => {
	it('PROV documents with random values in random attributes (names and types too), with and without a string table', () => {
		const arb = fc
			.tuple(provRoot, fc.boolean())
			.chain(([root, stringTable]) => casesFor({ root, publicId: PROV_FPI }, PROV, stringTable).map((c) => ({ c, stringTable })));
		fc.assert(
			fc.property(arb, ({ c, stringTable }) => {
				sameAsOrdinary(c, PROV, stringTable);
			}),
			{ numRuns: 300 }
		);
	});

	it('a SyncML DM bootstrap with random values in its text and attributes', () => {
		const bootstrap = parseXml(fixture('dm/bootstrap-1.2.xml'));
		fc.assert(
			fc.property(casesFor(bootstrap, SYNCML12, true), (c) => {
				sameAsOrdinary(c, SYNCML12, true);
			}),
			{ numRuns: 60 }
		);
	});

	it('compiles (plans once) a CP document whose values vary, and a SyncML one', () => {
		const cp = parseXml(fixture('template/operator-bundle.xml'));
		const value = cp.root.children.find((c): c is XmlElement => c.kind === 'element')?.children.find((c): c is XmlElement => c.kind === 'element')?.attributes[1] as XmlAttribute;
		expect(compileWbxml({ document: cp, attributes: new Map([[value, [0]]]), texts: new Map(), parameterCount: 1 }, PROV).compiled).toBe(true);
		const bootstrap = parseXml(fixture('dm/bootstrap-1.2.xml'));
		expect(compileWbxml({ document: bootstrap, attributes: new Map(), texts: new Map(), parameterCount: 0 }, SYNCML12).compiled).toBe(true);
	});
});

describe('CP template rows: the fast path is what the row\'s XML text encodes to', () => {
	const template = (() => {
		const result = compileCpTemplate(fixture('template/operator-bundle.xml'));
		if (!result.ok) throw new Error(JSON.stringify(result.findings));
		return result.template;
	})();
	const text = fc.oneof(
		valueArb.filter((v) => !/[\u0000\ud800-\udfff\r]/.test(v) && v !== '\udfff'),
		fc.constantFrom('Example', 'NAP_WEB', 'PROXY_MMS', 'MMS', 'Proxy', '015', '234', 'a&b<c>"d\'', 'portal.example.net')
	);
	const row = fc.record(Object.fromEntries(template.placeholders.map((p) => [p.name, p.name === 'WEB_PORT' ? fc.nat({ max: 65535 }).map(String) : text])) as Record<string, fc.Arbitrary<string>>);

	it('for random rows: expand(row).wbxml === encodeWbxml(parseXml(row XML)), and the XML is serializeXml of the document', () => {
		fc.assert(
			fc.property(row, (values) => {
				const result = template.expand(template.placeholders.map((p) => values[p.name]));
				if (!result.ok) throw new Error(JSON.stringify(result.findings));
				const xml = result.xml();
				expect(xml).toBe(serializeXml(result.document()));
				expect(result.wbxml).toEqual(encodeWbxml(parseXml(xml), PROV));
			}),
			{ numRuns: 400 }
		);
	});
});
