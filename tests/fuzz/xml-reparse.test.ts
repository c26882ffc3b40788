// XmlReparser (src/lib/codec/xml/reparse.ts) against parseXml on random edit sequences: after every edit the
// reparser gives the document parseXml gives for the same text (deep equality, positions included) or the same
// error. The edits are mostly inside attribute values (the patched case), with characters that must send it back to
// a whole parse (markup, references, quotes, line breaks, tabs, controls, lone surrogates), and some anywhere.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseXml, XmlError, XmlReparser, type XmlDocument } from '../../src/lib/codec/xml';

const SPACE = fc.constantFrom(' ', '\n  ', '\r\n    ', '\r', '\t', '');
const VALUE = fc.constantFrom('', 'NAP1', 'Access point 7', 'a&amp;b', '\u{1F600}x', 'é', 'x\ty', 'http://a.example/p?q=1', '>');
const parmLine = fc
	.tuple(fc.constantFrom('NAME', 'NAPID', 'BEARER', 'TO-NAPID'), VALUE, fc.constantFrom('"', "'"), SPACE, fc.boolean())
	.map(([name, value, q, space, twoOnLine]) => `<parm name=${q}${name}${q} value=${q}${value}${q}/>${twoOnLine ? ` <parm name="X" value="${value.replace(/["'&<]/g, '')}"/>` : ''}${space}`);
const block = fc
	.tuple(fc.constantFrom('NAPDEF', 'PXLOGICAL', 'APPLICATION'), fc.array(parmLine, { minLength: 1, maxLength: 4 }), SPACE, fc.constantFrom('', '<!-- c -->', '<![CDATA[x]]>', 'text'))
	.map(([type, parms, space, extra]) => `<characteristic type="${type}">${space}${parms.join('')}${extra}</characteristic>${space}`);
const documentText = fc
	.tuple(fc.constantFrom('', '<?xml version="1.0"?>\n', '\uFEFF<?xml version="1.0"?>\r\n'), fc.array(block, { minLength: 1, maxLength: 5 }))
	.map(([prolog, blocks]) => `${prolog}<wap-provisioningdoc version="1.1">\n${blocks.join('')}</wap-provisioningdoc>\n`);

const INSERT = fc.array(fc.constantFrom('a', 'Z', ' ', '0', '\u{1F600}', 'é', '>', '&', '&amp;', '<', '"', "'", '\n', '\r', '\t', '\u0001', '\uFFFE', '\uD800', '/>', '<parm/>'), { maxLength: 3 }).map((parts) => parts.join(''));
/** An edit: where (a fraction, inside a value or of the whole text), how much to delete, what to insert. */
const edit = fc.record({ inValue: fc.integer({ min: 0, max: 9 }).map((n) => n < 8), where: fc.double({ min: 0, max: 1, noNaN: true }), within: fc.double({ min: 0, max: 1, noNaN: true }), remove: fc.integer({ min: 0, max: 3 }), insert: INSERT });

function applyEdit(text: string, e: { inValue: boolean; where: number; within: number; remove: number; insert: string }): string {
	let from: number;
	let limit: number;
	const values = [...text.matchAll(/=(["'])([^"']*)\1/g)];
	if (e.inValue && values.length > 0) {
		const m = values[Math.min(values.length - 1, Math.floor(e.where * values.length))];
		const start = (m.index ?? 0) + 2;
		from = start + Math.floor(e.within * (m[2].length + 1));
		limit = start + m[2].length;
	} else {
		from = Math.floor(e.where * (text.length + 1));
		limit = text.length;
	}
	const to = Math.min(limit, from + e.remove);
	return text.slice(0, from) + e.insert + text.slice(Math.max(from, to));
}

function outcome(parse: () => XmlDocument): XmlDocument | string {
	try {
		return parse();
	} catch (error) {
		if (!(error instanceof XmlError)) throw error;
		return `${error.code}: ${error.message}`;
	}
}

describe('XmlReparser', () => {
	it('gives what parseXml gives after every edit of a random sequence (values, positions, errors)', () => {
		fc.assert(
			fc.property(documentText, fc.array(edit, { minLength: 1, maxLength: 25 }), (start, edits) => {
				const reparser = new XmlReparser();
				let text = start;
				expect(outcome(() => reparser.parse(text))).toEqual(outcome(() => parseXml(text)));
				for (const e of edits) {
					text = applyEdit(text, e);
					// A structured clone: the reparser's document is changed in place by its next call.
					expect(structuredClone(outcome(() => reparser.parse(text)))).toEqual(outcome(() => parseXml(text)));
				}
			}),
			{ numRuns: 400 }
		);
	});
});
