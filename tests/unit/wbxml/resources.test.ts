// Resources in proportion to input (issue 8 §5): the encoder's memory and time stay near-linear in the input. The
// ceiling itself is asserted on a child process in tests/fuzz/wbxml.test.ts; these are the rules that keep it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toHex } from '../../../src/lib/codec/hex';
import { encodeWbxml, PROV } from '../../../src/lib/codec/wbxml/index';
import { LayoutContext } from '../../../src/lib/codec/wbxml/layout';
import { makePlan, MAX_PLANNED_VALUE } from '../../../src/lib/codec/wbxml/plan';
import { bytes, chr, el, parm, provDoc } from './helpers';
import { provRoot } from './prov-arbitrary';

const hex = (b: Uint8Array): string => toHex(b, ' ');

describe('values too long to plan', () => {
	it('a value longer than 65,536 code units is one inline string: its value tokens are not searched', () => {
		// "AAA" is PROV's AUTH-ENTITY value token: a run of A holds one at every position, and planning them took
		// 190 bytes of memory per character. One past the limit, the value is written as STR_I, NUL.
		const value = 'A'.repeat(MAX_PLANNED_VALUE + 1);
		const ours = encodeWbxml(provDoc(el('wap-provisioningdoc', {}, chr('NAPDEF', parm('NAME', value)))), PROV);
		const a = 'A'.repeat(MAX_PLANNED_VALUE + 1);
		expect(hex(ours)).toBe(hex(bytes(`03 0B 6A 00 45 C6 55 01 87 07 06 03 "${a}" 00 01 01 01`)));
	});

	it('at the limit the value is still planned: the tokens make it shorter than inline', () => {
		const value = 'A'.repeat(MAX_PLANNED_VALUE);
		const ours = encodeWbxml(provDoc(el('wap-provisioningdoc', {}, chr('NAPDEF', parm('NAME', value)))), PROV);
		expect(ours.length).toBeLessThan(MAX_PLANNED_VALUE);
	});
});

describe('occurrences of many table candidates at once (Aho–Corasick)', () => {
	it('finds exactly what one indexOf search per string finds, on random documents', () => {
		fc.assert(
			fc.property(provRoot, fc.array(fc.string({ unit: fc.constantFrom(...'abcXYZ01.-:/,ÄéAPN'.split('')), minLength: 1, maxLength: 5 }), { maxLength: 20 }), (root, extra) => {
				const plan = makePlan(provDoc(root), PROV, {});
				const values = [...plan.attributeSlots, ...plan.textSlots];
				// Substrings of the values themselves, so that most searches find something (overlaps included).
				const texts = [...new Set([...extra, ...values.flatMap((v) => [v, v.slice(1), v.slice(0, 3), v.slice(2, 4)])].filter((t) => t !== ''))];
				const one = new LayoutContext(plan);
				const many = new LayoutContext(plan);
				many.prefetchOccurrences(texts, 0);
				for (const text of texts) expect(many.occurrencesOf(text)).toEqual(one.occurrencesOf(text));
			}),
			{ numRuns: 300, seed: 5 }
		);
	});
});
