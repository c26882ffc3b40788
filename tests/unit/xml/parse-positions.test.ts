// Positions are 1-based line/column; a column counts Unicode characters; CRLF, LF and a lone CR end a line
// (XML 1.0 §2.11). Every expected value below is counted by hand from the input shown beside it.
import { describe, expect, it } from 'vitest';
import { parseXml, type XmlElement } from '../../../src/lib/codec/xml';

function element(node: unknown): XmlElement {
	const e = node as XmlElement;
	expect(e.kind).toBe('element');
	return e;
}

describe('parseXml: element and attribute positions', () => {
	it('points at the < of each element and at each attribute name across CRLF lines and multi-line tags', () => {
		const text = ['<?xml version="1.0"?>', '<root a="1">', '  <child', '      name="x"\tvalue="y"/>', '</root>'].join('\r\n');
		const doc = parseXml(text);
		// line 2 "<root a="1">": < at column 1, a at column 7
		expect(doc.root.position).toEqual({ line: 2, column: 1 });
		expect(doc.root.attributes).toEqual([{ name: 'a', value: '1', position: { line: 2, column: 7 } }]);
		const child = element(doc.root.children.find((c) => c.kind === 'element'));
		// line 3 "  <child": < at column 3
		expect(child.position).toEqual({ line: 3, column: 3 });
		// line 4: six spaces, name="x" at 7..14, a tab at 15, value at 16
		expect(child.attributes).toEqual([
			{ name: 'name', value: 'x', position: { line: 4, column: 7 } },
			{ name: 'value', value: 'y', position: { line: 4, column: 16 } }
		]);
	});

	it('gives the text run after a start tag the position right after its >', () => {
		const doc = parseXml('<root a="1">\r\n  <b/>\r\n</root>');
		// "<root a="1">" is 12 characters, so the text "\r\n  " starts at column 13; CRLF is read as LF (§2.11)
		expect(doc.root.children[0]).toEqual({ kind: 'text', text: '\n  ', position: { line: 1, column: 13 } });
	});

	it('counts a surrogate pair as one column', () => {
		// <a t="😀" u="v"/>: t at 4, = 5, " 6, 😀 7, " 8, space 9, u at 10
		const doc = parseXml('<a t="\u{1F600}" u="v"/>');
		expect(doc.root.attributes.map((a) => a.position)).toEqual([
			{ line: 1, column: 4 },
			{ line: 1, column: 10 }
		]);
	});

	it('ends a line at a lone CR', () => {
		const doc = parseXml('<a>\r<b/></a>');
		expect(element(doc.root.children[1]).position).toEqual({ line: 2, column: 1 });
	});

	it('does not count a byte order mark as a column', () => {
		const doc = parseXml('\uFEFF<a x="1"/>');
		expect(doc.root.position).toEqual({ line: 1, column: 1 });
		expect(doc.root.attributes[0].position).toEqual({ line: 1, column: 4 });
	});

	it('finds attribute names after values containing > and quotes, and with spaces around =', () => {
		// <a x=">" y='"'/>: x at 4; `<a x=">" ` is 9 characters, y at 10
		const doc = parseXml(`<a x=">" y='"'/>`);
		expect(doc.root.attributes).toEqual([
			{ name: 'x', value: '>', position: { line: 1, column: 4 } },
			{ name: 'y', value: '"', position: { line: 1, column: 10 } }
		]);
		// <a x = "1" then a new line with three spaces: y at line 2, column 4
		const spaced = parseXml('<a x = "1"\n   y="2"/>');
		expect(spaced.root.attributes.map((a) => a.position)).toEqual([
			{ line: 1, column: 4 },
			{ line: 2, column: 4 }
		]);
	});

	it('keeps attribute order and decodes references, normalizing whitespace in attribute values (§3.3.3)', () => {
		const doc = parseXml('<a z="&lt;&amp;&#x41;" b="1\n2\t3" a="">&gt;&#65;</a>');
		expect(doc.root.attributes.map((a) => [a.name, a.value])).toEqual([
			['z', '<&A'],
			['b', '1 2 3'],
			['a', '']
		]);
		// line 2 is `2\t3" a="">` (10 characters), so the text starts at column 11
		expect(doc.root.children).toEqual([{ kind: 'text', text: '>A', position: { line: 2, column: 11 } }]);
	});
});

describe('parseXml: text, CDATA, comments, processing instructions', () => {
	it('keeps a CDATA section as an OPAQUE node of its own (opaque.ts) and joins text split by a comment', () => {
		// `<a>x` is 4 characters: the section starts at column 5; `<![CDATA[<y>]]>` is 15, so "z" is at column 20.
		const doc = parseXml('<a>x<![CDATA[<y>]]>z<!-- c -->w</a>');
		expect(doc.root.children).toEqual([
			{ kind: 'text', text: 'x', position: { line: 1, column: 4 } },
			{ kind: 'opaque', bytes: new TextEncoder().encode('<y>'), position: { line: 1, column: 5 } },
			{ kind: 'text', text: 'zw', position: { line: 1, column: 20 } }
		]);
	});

	it('drops comments and processing instructions', () => {
		// the declaration is 21 characters, `<!-- before -->` 15, `<a><?pi x?><!--c-->` 3 + 8 + 8 = 19: <b/> is at 56
		const doc = parseXml('<?xml version="1.0"?><!-- before --><a><?pi x?><!--c--><b/></a><!-- after -->');
		expect(doc.root.children).toEqual([{ kind: 'element', name: 'b', attributes: [], children: [], position: { line: 1, column: 56 } }]);
	});

	it('places text after a comment right after the comment', () => {
		// `<a><!--c-->` is 11 characters
		const doc = parseXml('<a><!--c-->t</a>');
		expect(doc.root.children).toEqual([{ kind: 'text', text: 't', position: { line: 1, column: 12 } }]);
	});

	it('places text after a run of PIs and comments holding ">" right after the last of them', () => {
		// `<a>` 3, `<b/>` 4, `<?p x>y?>` 9, `<!--c>d-->` 10 characters: the text starts at column 27; a PI ends at
		// the first "?>" (XML 1.0 §2.6), a comment at the first "-->" (§2.5), not at the first ">".
		const doc = parseXml('<a><b/><?p x>y?><!--c>d-->t</a>');
		expect(doc.root.children[1]).toEqual({ kind: 'text', text: 't', position: { line: 1, column: 27 } });
	});
});

describe('parseXml: DOCTYPE', () => {
	it('keeps the public and system identifiers', () => {
		const doc = parseXml(
			'<!DOCTYPE wap-provisioningdoc PUBLIC "-//WAPFORUM//DTD PROV 1.0//EN" "http://www.wapforum.org/DTD/prov.dtd">\n<wap-provisioningdoc/>'
		);
		expect(doc.publicId).toBe('-//WAPFORUM//DTD PROV 1.0//EN');
		expect(doc.systemId).toBe('http://www.wapforum.org/DTD/prov.dtd');
		expect(doc.root.position).toEqual({ line: 2, column: 1 });
	});

	it('reads a SYSTEM-only DOCTYPE, single quotes and an internal subset', () => {
		const doc = parseXml("<!DOCTYPE a SYSTEM 'a.dtd' [ <!ELEMENT a EMPTY> ]><a/>");
		expect(doc.publicId).toBeUndefined();
		expect(doc.systemId).toBe('a.dtd');
	});

	it('has no identifiers without a DOCTYPE', () => {
		const doc = parseXml('<a/>');
		expect(doc).toEqual({ root: { kind: 'element', name: 'a', attributes: [], children: [], position: { line: 1, column: 1 } } });
	});
});
