// WBXML codec robustness (fast-check): PROV trees round-trip, and random or mutated streams always end in a
// DecodedWbxml or a WbxmlError — never another exception, a hang or an allocation sized by a bogus length.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { annotateWbxml, decodeWbxml, encodeWbxml, PROV, WbxmlError, type WbxmlVersion } from '../../src/lib/codec/wbxml/index';
import { provRoot } from '../unit/wbxml/prov-arbitrary';
import { bytes, provDoc, strip } from '../unit/wbxml/helpers';

function totalDecode(data: Uint8Array): 'ok' | 'error' {
	try {
		decodeWbxml(data);
		return 'ok';
	} catch (e) {
		if (e instanceof WbxmlError) return 'error';
		throw new Error(`non-WbxmlError for ${Buffer.from(data).toString('hex')}: ${String(e)}`);
	}
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
			.sample(provRoot, { numRuns: 300, seed: 7 })
			.map((root, i) => encodeWbxml(provDoc(root), PROV, { stringTable: i % 2 === 0 }))
			.filter((b) => b.length >= 24 && b.length <= 160)
			.slice(0, 45);
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
				annotateWbxml(Uint8Array.from(m));
			}),
			{ numRuns: 10000, seed: 99 }
		);
		expect(corpus.length).toBe(46);
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
