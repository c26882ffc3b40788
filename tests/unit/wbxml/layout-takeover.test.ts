// The encoder takes over the last document's string searches when the next differs from it in a few values (the
// studio encodes at every keystroke: src/lib/codec/wbxml/layout.ts `previous`). The bytes must be exactly those of an
// encoding that searched everything anew, for any edit: checked here edit after edit, against the same encoding with
// the last searches forgotten. The encoder's bytes themselves are checked against libwbxml in tests/oracle.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeWbxml, languageForDocument } from '../../../src/lib/codec/wbxml';
import { takeOverProbe } from '../../../src/lib/codec/wbxml/layout';
import { parseXml } from '../../../src/lib/codec/xml';

const FIXTURES = join(import.meta.dirname, '../../fixtures/prov');
const BASE = readFileSync(join(FIXTURES, 'prov-006-pxlogical-full.xml'), 'utf8');

/** Every value="…" of the text: where each starts and ends. */
function values(text: string): { start: number; end: number }[] {
	const out: { start: number; end: number }[] = [];
	for (const m of text.matchAll(/value="([^"]*)"/g)) out.push({ start: m.index + 7, end: m.index + 7 + m[1].length });
	return out;
}

function encode(text: string, version: 0 | 1 | 2 | 3 = 3): Uint8Array {
	const document = parseXml(text);
	return encodeWbxml(document, languageForDocument(document)!, { version, stringTable: true });
}

/** Encodes `text` with the last searches taken over, then again with them forgotten; both byte strings. */
function both(text: string): [Uint8Array, Uint8Array] {
	const taken = encode(text);
	takeOverProbe.forget();
	const fresh = encode(text);
	return [taken, fresh];
}

// Pieces the values are made of: shared heads, tails and words, so that table candidates come and go with the edits.
const PIECE = fc.constantFrom('http://', 'www.', 'proxy', '.example.com', '/path', 'a', 'b', '8080', ' ', 'gprs.example.com', 'operator');

describe('encoder: the last document searches taken over', () => {
	it('gives the bytes of a fresh encoding after letters typed into a value one by one, and does take them over', () => {
		expect(values(BASE).length).toBeGreaterThan(5);
		const at = values(BASE)[3].end;
		takeOverProbe.forget();
		encode(BASE);
		const before = takeOverProbe.takenOver;
		for (let k = 1; k <= 12; k++) {
			const [taken, fresh] = both(BASE.slice(0, at) + 'proxy.example'.slice(0, k) + BASE.slice(at));
			expect(taken).toEqual(fresh);
		}
		expect(takeOverProbe.takenOver).toBeGreaterThan(before);
	});

	it('gives the bytes of a fresh encoding after any sequence of value edits (property)', () => {
		const slots = values(BASE).length;
		fc.assert(
			fc.property(
				fc.array(fc.tuple(fc.nat(slots - 1), fc.array(PIECE, { maxLength: 4 }).map((p) => p.join(''))), { minLength: 1, maxLength: 8 }),
				(edits) => {
					takeOverProbe.forget();
					let text = BASE;
					encode(text);
					for (const [index, value] of edits) {
						const v = values(text)[index];
						text = text.slice(0, v.start) + value + text.slice(v.end);
						const [taken, fresh] = both(text);
						expect(taken).toEqual(fresh);
					}
				}
			),
			{ numRuns: 150 }
		);
	});

	it('gives the bytes of a fresh encoding when a parm is added or removed (the values no longer line up)', () => {
		takeOverProbe.forget();
		encode(BASE);
		const added = BASE.replace('</wap-provisioningdoc>', '  <characteristic type="NAPDEF"><parm name="NAPID" value="proxy.example.com"/></characteristic>\n</wap-provisioningdoc>');
		const [a1, a2] = both(added);
		expect(a1).toEqual(a2);
		const [b1, b2] = both(BASE);
		expect(b1).toEqual(b2);
	});
});
