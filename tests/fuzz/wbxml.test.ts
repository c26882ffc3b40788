// WBXML codec robustness (fast-check): PROV trees round-trip, and random or mutated streams always end in a
// DecodedWbxml or a WbxmlError — never another exception, a hang or an allocation sized by a bogus length.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromHex } from '../../src/lib/codec/hex';
import { annotateWbxml, decodeWbxml, encodeWbxml, languageForDocument, PROV, SYNCML12, WbxmlError, type WbxmlVersion } from '../../src/lib/codec/wbxml/index';
import { parseXml, serializeXml } from '../../src/lib/codec/xml';
import type { XmlElement, XmlNode } from '../../src/lib/codec/xml/tree';
import { provRoot } from '../unit/wbxml/prov-arbitrary';
import { bytes, el, provDoc, strip } from '../unit/wbxml/helpers';
import { FUZZ_SEED } from './seed';

const hexOf = (data: Uint8Array): string => Buffer.from(data).toString('hex');

/**
 * What every decode must be (STYLE.md "decoders are total"): a value or a WbxmlError whose offset lies inside the
 * input. A value must re-encode (same language and version) and decode to the same tree. The annotations of the
 * hex view must tile the bytes: spans in order, none overlapping, from byte 0 up to the end of the stream (or,
 * for a stream that fails, as far as it was read).
 */
function totalDecode(data: Uint8Array): 'ok' | 'error' {
	// Plain checks and one throw with the stream in hex: this runs 110,000 times, and expect() costs more than a decode.
	const fail = (why: string): never => {
		throw new Error(`${why} (stream ${hexOf(data)})`);
	};
	let outcome: 'ok' | 'error';
	try {
		const decoded = decodeWbxml(data);
		outcome = 'ok';
		let again: Uint8Array | undefined;
		try {
			again = encodeWbxml(decoded.document, decoded.language, { version: decoded.version });
		} catch (e) {
			fail(`decoded but cannot encode it back: ${String(e)}`);
		}
		if (again !== undefined && JSON.stringify(strip(decodeWbxml(again).document.root)) !== JSON.stringify(strip(decoded.document.root))) {
			fail('re-encoding decodes to another tree');
		}
	} catch (e) {
		if (!(e instanceof WbxmlError)) throw e instanceof Error && e.message.includes('(stream ') ? e : new Error(`non-WbxmlError for ${hexOf(data)}: ${String(e)}`);
		if (!(e.offset >= 0 && e.offset <= data.length)) fail(`error offset ${e.offset} outside the input`);
		outcome = 'error';
	}
	const { annotations, error } = annotateWbxml(data);
	if ((error === undefined) !== (outcome === 'ok')) fail('annotation and decode disagree on whether the stream is valid');
	let next = 0;
	for (const a of annotations) {
		if (a.offset !== next || a.length <= 0) fail(`annotation span at ${a.offset}+${a.length} after the bytes up to ${next}`);
		next += a.length;
	}
	// A failing stream is tiled as far as the walker read it (an unknown public id is found only after the string
	// table, so the spans may run past the error's offset, never past the input).
	if (outcome === 'ok' ? next !== data.length : next > data.length) fail(`annotations end at ${next} of ${data.length} bytes`);
	return outcome;
}

describe('PROV round trip', () => {
	it('encode then decode gives the same tree (positions aside), any version and string-table choice', () => {
		fc.assert(
			fc.property(provRoot, fc.constantFrom<WbxmlVersion>(0x00, 0x01, 0x02, 0x03), fc.boolean(), (root, version, stringTable) => {
				const encoded = encodeWbxml(provDoc(root), PROV, { version, stringTable });
				const decoded = decodeWbxml(encoded);
				expect(decoded.version).toBe(version);
				expect(strip(decoded.document.root)).toEqual(root);
			}),
			{ numRuns: 400 }
		);
	});
});

describe('decoder totality', () => {
	it('random bytes, bare and behind a valid PROV header', () => {
		fc.assert(
			fc.property(fc.uint8Array({ maxLength: 64 }), fc.boolean(), (tail, header) => {
				const data = header ? Uint8Array.from([0x03, 0x0b, 0x6a, 0x00, ...tail]) : tail;
				totalDecode(data);
			}),
			{ numRuns: 20000 }
		);
	});

	it('more than 100,000 mutations of valid encodings', () => {
		// Small documents keep the run fast: every byte gets every mutation, so the count grows with length.
		const corpus = fc
			.sample(provRoot, { numRuns: 600, seed: FUZZ_SEED })
			.map((root, i) => encodeWbxml(provDoc(root), PROV, { stringTable: i % 2 === 0 }))
			.filter((b) => b.length >= 24 && b.length <= 160);
		// Each document of n bytes gives 25n exhaustive mutations below: take documents until they add up to 95,000.
		let budget = 0;
		const enough = corpus.findIndex((b) => (budget += 25 * b.length) >= 95_000);
		corpus.splice(enough + 1);
		corpus.push(bytes('03 A4 01 6A 00 6D 6B 4F C3 03 01 02 FF 57 03 "a" 00 02 2F 01 01 01'));
		let runs = 0;
		const outcomes = { ok: 0, error: 0 };
		const check = (data: Uint8Array): void => {
			outcomes[totalDecode(data)]++;
			runs++;
		};
		for (const valid of corpus) {
			// Truncation at every length.
			for (let n = 0; n < valid.length; n++) check(valid.subarray(0, n));
			// Every single-bit flip.
			for (let i = 0; i < valid.length; i++) {
				for (let bit = 0; bit < 8; bit++) {
					const m = valid.slice();
					m[i] ^= 1 << bit;
					check(m);
				}
			}
			// Every byte set to 00 / FF, every single-byte deletion, and insertions of global tokens and flag bytes.
			for (let i = 0; i < valid.length; i++) {
				for (const b of [0x00, 0xff]) {
					const replaced = valid.slice();
					replaced[i] = b;
					check(replaced);
				}
				const deleted = new Uint8Array(valid.length - 1);
				deleted.set(valid.subarray(0, i));
				deleted.set(valid.subarray(i + 1), i);
				check(deleted);
				for (const b of [0x00, 0x01, 0x02, 0x03, 0x04, 0x40, 0x43, 0x45, 0x80, 0x83, 0x87, 0xc3, 0xff]) {
					const inserted = new Uint8Array(valid.length + 1);
					inserted.set(valid.subarray(0, i));
					inserted[i] = b;
					inserted.set(valid.subarray(i), i + 1);
					check(inserted);
				}
			}
		}
		// Random multi-point mutations and huge mb_u_int32 lengths spliced in anywhere.
		const huge = [
			[0x8f, 0xff, 0xff, 0xff, 0x7f],
			[0x88, 0x80, 0x80, 0x80, 0x00],
			[0xff, 0xff, 0xff, 0xff, 0xff, 0xff]
		];
		fc.assert(
			fc.property(fc.nat(corpus.length - 1), fc.array(fc.tuple(fc.nat(), fc.nat(255), fc.nat(3)), { minLength: 1, maxLength: 4 }), (which, edits) => {
				let m = Array.from(corpus[which]);
				for (const [pos, value, kind] of edits) {
					const at = pos % (m.length + 1);
					if (kind === 0) m[at % m.length] = value;
					else if (kind === 1) m.splice(at, 0, value);
					else if (kind === 2) m.splice(at, 1);
					else m.splice(at, 0, ...huge[value % huge.length]);
				}
				check(Uint8Array.from(m));
			}),
			{ numRuns: 10000 }
		);
		expect(runs).toBeGreaterThanOrEqual(100_000);
		expect(outcomes.error).toBeGreaterThan(0);
		expect(outcomes.ok).toBeGreaterThan(0);
	});

	it('an OPAQUE length of 2^32-1 in a tiny stream is refused before allocating', () => {
		const data = bytes('03 A4 01 6A 00 4F C3 8F FF FF FF 7F');
		let caught: unknown;
		try {
			decodeWbxml(data);
		} catch (e) {
			caught = e;
		}
		expect(caught).toBeInstanceOf(WbxmlError);
		expect((caught as WbxmlError).message).toBe('WBXML offset 0x6: OPAQUE length 4294967295 exceeds the 0 bytes left');
	});
});

// decode → XML text (what `pstudio decode` writes) → parse → encode. The encoder's options are the stream's version
// and string-table choice: the XML does not say them.
function throughXml(data: Uint8Array, stringTable: boolean): Uint8Array {
	const decoded = decodeWbxml(data);
	return encodeWbxml(parseXml(serializeXml(decoded.document)), decoded.language, { version: decoded.version, stringTable });
}

const FIXTURES = join(__dirname, '../fixtures');
const FIXTURE_XML = ['prov', 'syncml', 'dm', 'ddf'].flatMap((dir) =>
	readdirSync(join(FIXTURES, dir))
		.filter((name) => name.endsWith('.xml'))
		.sort()
		.map((name) => join(dir, name))
);
const FIXTURE_WBXML = [
	...readdirSync(join(FIXTURES, 'prov/wbxml'))
		.filter((name) => name.endsWith('.hex'))
		.map((name) => join('prov/wbxml', name)),
	'security/nowsms-netwpin.hex'
];
const hexFixture = (name: string): Uint8Array => fromHex(readFileSync(join(FIXTURES, name), 'utf8').replace(/#[^\n]*/g, ''));

describe('decode → XML → encode keeps the bytes (issue 8 §10)', () => {
	it('every fixture document as we encode it, any version and string-table choice, comes back byte for byte', () => {
		let streams = 0;
		for (const name of FIXTURE_XML) {
			const document = parseXml(readFileSync(join(FIXTURES, name), 'utf8'));
			const language = languageForDocument(document);
			// account.xml is the DM account input form, not a WBXML language.
			if (language === undefined) continue;
			for (const version of [0x00, 0x01, 0x02, 0x03] as const) {
				for (const stringTable of [true, false]) {
					let data: Uint8Array;
					try {
						data = encodeWbxml(document, language, { version, stringTable });
					} catch (e) {
						// LITERAL without a table, OPAQUE in WBXML 1.0: refused, nothing to decode.
						if (e instanceof WbxmlError) continue;
						throw e;
					}
					expect(Buffer.from(throughXml(data, stringTable)).toString('hex'), `${name} 1.${version} table ${stringTable}`).toBe(Buffer.from(data).toString('hex'));
					streams++;
				}
			}
		}
		expect(streams).toBeGreaterThan(300);
	});

	it('hand-made streams keep their tree (OPAQUE as OPAQUE) and are a fixed point after one round', () => {
		// Their first round may be shorter: ENTITY, OPAQUE inside an attribute value (text there) and tokens another
		// encoder chose are written as our encoder writes them; what they mean does not change.
		for (const name of FIXTURE_WBXML) {
			const data = hexFixture(name);
			const once = throughXml(data, true);
			expect(strip(decodeWbxml(once).document.root), name).toEqual(strip(decodeWbxml(data).document.root));
			expect(Buffer.from(throughXml(once, true)).toString('hex'), name).toBe(Buffer.from(once).toString('hex'));
		}
	});

	it('random OPAQUE bytes and text in SyncML Data come back as the same OPAQUE and text, byte for byte', () => {
		const piece: fc.Arbitrary<XmlNode> = fc.oneof(
			fc.uint8Array({ maxLength: 40 }).map((b): XmlNode => ({ kind: 'opaque', bytes: b })),
			fc.string({ unit: fc.constantFrom(...'ab <&]>\r\n\u00e9\u4e2d'.split('')), maxLength: 12 }).map((t): XmlNode => ({ kind: 'opaque', bytes: new TextEncoder().encode(t) })),
			fc.string({ unit: fc.constantFrom(...'xy z&<'.split('')), minLength: 1, maxLength: 8 }).map((t): XmlNode => ({ kind: 'text', text: t }))
		);
		// Adjacent text nodes are one text node in XML: the generator never puts two side by side.
		const content = fc.array(piece, { maxLength: 5 }).map((list) => list.filter((n, i) => !(n.kind === 'text' && list[i - 1]?.kind === 'text')));
		fc.assert(
			fc.property(fc.array(content, { minLength: 1, maxLength: 3 }), fc.boolean(), (items, stringTable) => {
				const root: XmlElement = el('SyncML', { xmlns: 'SYNCML:SYNCML1.2' }, el('SyncBody', {}, ...items.map((c) => el('Item', {}, el('Data', {}, ...c)))));
				const data = encodeWbxml({ root }, SYNCML12, { stringTable });
				expect(Buffer.from(throughXml(data, stringTable)).toString('hex')).toBe(Buffer.from(data).toString('hex'));
			}),
			{ numRuns: 500 }
		);
	});
});

describe('memory in proportion to the input (issue 8 §5)', () => {
	const MB = 1024 * 1024;
	const SIZE = 15 * MB;
	// The peak RSS of a child that parses, encodes, decodes and writes back one 15 MB document, against its own peak
	// before the input existed, plus 64 MB for the engine's working set, plus 8 bytes per input byte (the input text,
	// the parsed value, the WBXML and the XML written back are about 4). The encoder took 190 bytes per character of
	// a 15 MB value of "A" (2.96 GB) before values over 64 K characters were written without a token search.
	const shapes: [string, string][] = [
		['value-tokens', 'a 15 MB attribute value with a value token at every position ("AAA…")'],
		['value-words', 'a 15 MB attribute value of repeated words (string-table candidates)'],
		['data-text', '15 MB of text in a SyncML Data'],
		['data-opaque', '11 MB of binary OPAQUE in a SyncML Data (20 MB of base64 in the XML)']
	];
	for (const [shape, what] of shapes) {
		it(`${what}: peak RSS under baseline + 64 MB + 8 bytes per input byte`, () => {
			const child = join(__dirname, 'wbxml-memory-child.ts');
			// The heap is capped a little above the ceiling, so that a regression fails fast instead of taking gigabytes.
			const r = spawnSync(process.execPath, ['--max-old-space-size=512', '--import', 'tsx', child, shape, String(SIZE)], {
				encoding: 'utf8',
				timeout: 120_000
			});
			expect(r.status, r.stderr).toBe(0);
			const { baseline, peak, input, encoded, xml } = JSON.parse(r.stdout) as Record<string, number>;
			expect(input).toBeGreaterThan(SIZE);
			expect(encoded).toBeGreaterThan(SIZE * 0.7);
			expect(xml).toBeGreaterThan(SIZE);
			expect(peak, `peak ${(peak / MB).toFixed(0)} MB, baseline ${(baseline / MB).toFixed(0)} MB`).toBeLessThanOrEqual(baseline + 64 * MB + 8 * input);
		}, 150_000);
	}
});
