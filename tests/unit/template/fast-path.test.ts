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

// Row shapes (src/lib/codec/wbxml/compiled-rows.ts): a row whose values have the lengths of an encoded one and whose
// characters nothing in the encoder notices is written as that row's bytes with its own characters. The rows here
// share lengths and draw their characters from what the encoder does notice: pieces of the template's constants
// (repeated names, words, heads and tails), value tokens, digits that repeat across values, separators and blanks
// (which must send the row the ordinary way), and values equal to a constant string of the template.
describe('row shapes: rows of one list of lengths are byte for byte what encodeWbxml writes', () => {
	const NEAR = ['Example', 'Web', 'MMS', 'Proxy', 'NAP_WEB', 'PROXY_MMS', 'mnc', 'mcc', 'gprs', 'http', 'portal', 'example', 'APN', 'IPV4', 'PAP', 'E164', 'HTTP-', 'GSM-GPRS', '015', '234', '10', '8080', '4477009', '8944150', 'w2', 'w4'];
	/** A value of exactly `length` characters: pieces of NEAR, digits and letters, now and then a separator or a blank. */
	const valueOf = (length: number): fc.Arbitrary<string> =>
		fc
			.array(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...NEAR) }, { weight: 30, arbitrary: fc.constantFrom(...'0123456789abcAPNXYZ_-+'.split('')) }, { weight: 1, arbitrary: fc.constantFrom('.', '/', ' ', '=', ':') }), { minLength: length, maxLength: length })
			.map((pieces) => pieces.join('').slice(0, length).padEnd(length, '7'));

	it('CP template rows: expand(row).wbxml === encodeWbxml(parseXml(row XML)), shapes learnt from plain rows and tried on near ones', () => {
		const compiled = compileCpTemplate(fixture('template/operator-bundle.xml'));
		if (!compiled.ok) throw new Error(JSON.stringify(compiled.findings));
		const template = compiled.template;
		const names = template.placeholders.map((p) => p.name);
		// Few lists of lengths (an order's columns have fixed widths), so that shapes are learnt and then used.
		const lengthsArb = fc.constantFrom<Record<string, number>>(
			{ MSISDN: 12, MNC: 3, MCC: 3, IMSI: 15, AUTH_SECRET: 12, ICCID: 19, PROXY_PW: 8, WEB_PORT: 4 },
			{ MSISDN: 12, MNC: 2, MCC: 3, IMSI: 14, AUTH_SECRET: 12, ICCID: 19, PROXY_PW: 8, WEB_PORT: 4 },
			{ MSISDN: 2, MNC: 1, MCC: 1, IMSI: 3, AUTH_SECRET: 1, ICCID: 2, PROXY_PW: 4, WEB_PORT: 4 }
		);
		// Plain rows (digits and letters, as orders have them) teach shapes; near rows test them.
		const plainOf = (length: number): fc.Arbitrary<string> => fc.string({ unit: fc.constantFrom(...'0123456789abcdefXYZ'.split('')), minLength: length, maxLength: length });
		const rowOf = (lengths: Record<string, number>, near: boolean): fc.Arbitrary<Record<string, string>> =>
			fc.record(Object.fromEntries(names.map((n) => [n, n === 'WEB_PORT' ? fc.constantFrom('8080', '8081', '9201', '1080') : near ? valueOf(lengths[n]) : plainOf(lengths[n])])) as Record<string, fc.Arbitrary<string>>);
		let rows = 0;
		fc.assert(
			fc.property(
				lengthsArb.chain((lengths) => fc.array(fc.oneof({ weight: 2, arbitrary: rowOf(lengths, false) }, { weight: 3, arbitrary: rowOf(lengths, true) }), { minLength: 8, maxLength: 16 })),
				(batch) => {
					for (const values of batch) {
						const result = template.expand(names.map((n) => values[n]));
						if (!result.ok) continue;
						rows++;
						expect(result.wbxml).toEqual(encodeWbxml(parseXml(result.xml()), PROV));
					}
				}
			),
			{ numRuns: 150 }
		);
		const shaped = (template as unknown as { shapedRows: number }).shapedRows;
		expect(rows).toBeGreaterThan(1000);
		expect(shaped).toBeGreaterThan(rows / 20);
	});

	it('rows as an order gives them (fixed-width columns, digits) nearly all take a shape, and are encodeWbxml\'s bytes', () => {
		const compiled = compileCpTemplate(fixture('template/operator-bundle.xml'));
		if (!compiled.ok) throw new Error(JSON.stringify(compiled.findings));
		const template = compiled.template;
		const names = template.placeholders.map((p) => p.name);
		for (let i = 0; i < 400; i++) {
			const values: Record<string, string> = { MSISDN: `4477009${String(i).padStart(5, '0')}`, MNC: '015', MCC: '234', IMSI: `23415${String(i * 7919).padStart(10, '0')}`, AUTH_SECRET: `Kx${String(i * 31).padStart(10, '0')}`, ICCID: `8944150${String(i).padStart(12, '0')}`, PROXY_PW: `pw${String(i).padStart(6, '0')}`, WEB_PORT: String(8080 + (i % 4)) };
			const result = template.expand(names.map((n) => values[n]));
			if (!result.ok) throw new Error(JSON.stringify(result.findings));
			expect(result.wbxml).toEqual(encodeWbxml(parseXml(result.xml()), PROV));
		}
		expect((template as unknown as { shapedRows: number }).shapedRows).toBeGreaterThan(360);
	});

	it('PROV documents with random values in random places, many rows of one list of lengths, with and without a string table', () => {
		let encoded = 0;
		let shaped = 0;
		const arb = fc.tuple(provRoot, fc.boolean(), fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 3, maxLength: 3 })).chain(([root, stringTable, lengths]) =>
			casesFor({ root, publicId: PROV_FPI }, PROV, stringTable).chain((c) =>
				fc.array(fc.tuple(valueOf(lengths[0]), valueOf(lengths[1]), valueOf(lengths[2])), { minLength: 6, maxLength: 14 }).map((rows) => ({ c: { ...c, rows }, stringTable }))
			)
		);
		fc.assert(
			fc.property(arb, ({ c, stringTable }) => {
				sameAsOrdinary(c, PROV, stringTable);
				if (typeof c.compiled !== 'string') {
					encoded += c.rows.length;
					shaped += c.compiled.shapedEncodings;
				}
			}),
			{ numRuns: 300 }
		);
		expect(shaped).toBeGreaterThan(0);
	});

	it('the SyncML DM bootstrap: many rows of one list of lengths in its text and attributes', () => {
		const bootstrap = parseXml(fixture('dm/bootstrap-1.2.xml'));
		const arb = fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 3, maxLength: 3 }).chain((lengths) =>
			casesFor(bootstrap, SYNCML12, true).chain((c) => fc.array(fc.tuple(valueOf(lengths[0]), valueOf(lengths[1]), valueOf(lengths[2])), { minLength: 6, maxLength: 12 }).map((rows) => ({ ...c, rows })))
		);
		fc.assert(
			fc.property(arb, (c) => {
				sameAsOrdinary(c, SYNCML12, true);
			}),
			{ numRuns: 60 }
		);
	});
});

describe('row shapes do not skip the row checks', () => {
	it('after rows that taught shapes, a bad port and an empty cell are still set aside with their findings, and the next row is encoded', () => {
		const text = fixture('template/operator-bundle.xml');
		const compiled = compileCpTemplate(text);
		if (!compiled.ok) throw new Error(JSON.stringify(compiled.findings));
		const template = compiled.template;
		const names = template.placeholders.map((p) => p.name);
		const row = (i: number, port: string): (string | undefined)[] => {
			const values: Record<string, string> = { MSISDN: `4477009${String(i).padStart(5, '0')}`, MNC: '015', MCC: '234', IMSI: `23415${String(i).padStart(10, '0')}`, AUTH_SECRET: `Kx${String(i).padStart(10, '0')}`, ICCID: `8944150${String(i).padStart(12, '0')}`, PROXY_PW: `pw${String(i).padStart(6, '0')}`, WEB_PORT: port };
			return names.map((n) => values[n]);
		};
		for (let i = 0; i < 50; i++) expect(template.expand(row(i, '8081')).ok).toBe(true);
		const shapedBefore = (template as unknown as { shapedRows: number }).shapedRows;
		expect(shapedBefore).toBeGreaterThan(40);
		// "80x1" has the learnt rows' lengths (their shapes are tried); "65536" has not.
		const lines = text.split('\n');
		const line = lines.findIndex((l) => l.includes('${WEB_PORT}')) + 1;
		const column = lines[line - 1].indexOf('${WEB_PORT}') + 1;
		for (const port of ['80x1', '65536']) {
			const bad = template.expand(row(60, port), names.map((n) => `col_${n.toLowerCase()}`));
			expect(bad).toEqual({
				ok: false,
				findings: [{ rule: 'value-port', severity: 'error', message: `parm PORTNBR value "${port}" is not an integer from 0 to 65535`, placeholder: 'WEB_PORT', orderColumn: 'col_web_port', line, column }]
			});
		}
		const empty = row(61, '8081');
		empty[names.indexOf('IMSI')] = undefined;
		const imsiLine = lines.findIndex((l) => l.includes('${IMSI}')) + 1;
		expect(template.expand(empty)).toEqual({
			ok: false,
			findings: [{ rule: 'value-empty', severity: 'error', message: 'no value for ${IMSI} (the cell is empty)', placeholder: 'IMSI', line: imsiLine, column: lines[imsiLine - 1].indexOf('${IMSI}') + 1 }]
		});
		const good = template.expand(row(62, '8081'));
		if (!good.ok) throw new Error(JSON.stringify(good.findings));
		expect(good.wbxml).toEqual(encodeWbxml(parseXml(good.xml()), PROV));
		expect((template as unknown as { shapedRows: number }).shapedRows).toBe(shapedBefore + 1);
	});
});
