// Not-well-formed input → XmlError with saxes' position (line, and the column of the last character read)
// and a reason saying what was found. Columns are counted by hand from the input beside each case.
import { describe, expect, it } from 'vitest';
import { MAX_XML_DEPTH, MAX_XML_LENGTH, parseXml, XmlError } from '../../../src/lib/codec/xml';

function errorOf(text: string): XmlError {
	try {
		parseXml(text);
	} catch (error) {
		expect(error).toBeInstanceOf(XmlError);
		return error as XmlError;
	}
	throw new Error('expected an XmlError');
}

describe('XmlError for malformed XML (XML 1.0 §2.1 well-formedness)', () => {
	it('names the tag left open at the end of the input, where it opened', () => {
		// line 3 `    <parm name="A">`: the < of <parm> is column 5; the input ends after it
		const e = errorOf('<wap-provisioningdoc>\n  <characteristic type="X">\n    <parm name="A">');
		expect(e.message).toBe('line 3, column 5: unclosed tag <parm>: no </parm> before the end of the document');
		expect([e.code, e.line, e.column]).toEqual(['not-well-formed', 3, 5]);
	});

	it('names a missing </characteristic> where the characteristic opened, not at the root end tag', () => {
		// issue 8 §9: was `line 4, column 1: mismatched end tag </wap-provisioningdoc>, expected </characteristic>`.
		// line 2 `  <characteristic type="NAPDEF">`: < at column 3; line 4 `</wap-provisioningdoc>` at column 1
		const text = '<wap-provisioningdoc>\n  <characteristic type="NAPDEF">\n    <parm name="NAPID" value="N1"/>\n</wap-provisioningdoc>\n';
		const e = errorOf(text);
		expect(e.message).toBe('line 2, column 3: unclosed tag <characteristic>: no </characteristic> before </wap-provisioningdoc> at line 4, column 1');
		expect([e.code, e.line, e.column]).toEqual(['not-well-formed', 2, 3]);
	});

	it('names the innermost open tag when an end tag closes an element further out', () => {
		// <a><b><c></a>: <c> (column 7) is the one never closed; </a> at column 10
		expect(errorOf('<a><b><c></a>').message).toBe('line 1, column 7: unclosed tag <c>: no </c> before </a> at line 1, column 10');
	});

	it('refuses a lone surrogate where it is, instead of letting it swallow the quote after it', () => {
		// line 2 `b='\uD83D'/>`: b 1, = 2, ' 3, the high surrogate 4 (saxes alone would take it and the quote as one character)
		const e = errorOf("<a\nb='\uD83D'/>");
		expect(e.message).toBe('line 2, column 4: lone surrogate U+D83D is not an XML character');
		// a low surrogate alone, after an astral character that counts as one column: <a> 1-3, 😀 4, the low half 5
		expect(errorOf('<a>\u{1F600}\uDE00</a>').message).toBe('line 1, column 5: lone surrogate U+DE00 is not an XML character');
	});

	it('names both tags of a mismatched end tag, at the </', () => {
		const e = errorOf('<a>\n<b></c></a>');
		expect(e.message).toBe('line 2, column 4: mismatched end tag </c>, expected </b>');
		expect(e.code).toBe('not-well-formed');
	});

	it('reports an unquoted attribute value at the first character of the value', () => {
		// <a x=1/>: < 1, a 2, space 3, x 4, = 5, 1 6
		expect(errorOf('<a x=1/>').message).toBe('line 1, column 6: unquoted attribute value');
	});

	it('reports a duplicate attribute and missing whitespace between attributes', () => {
		expect(errorOf('<a x="1" x="2"/>').message).toBe('line 1, column 16: duplicate attribute: x');
		// <a x="1"y="2"/>: y is character 9
		expect(errorOf('<a x="1"y="2"/>').message).toBe('line 1, column 9: no whitespace between attributes');
	});

	it('refuses a second root element', () => {
		// saxes reports after `<b/`: line 2, column 3
		const e = errorOf('<a/>\n<b/>');
		expect(e.message).toBe('line 2, column 3: a second root element (documents may contain only one root)');
		expect(e.code).toBe('multiple-roots');
	});

	it('refuses text after the root element', () => {
		// saxes checks the run when it ends: at its last character, z at line 2, column 3
		const e = errorOf('<a/>\nxyz');
		expect(e.message).toBe('line 2, column 3: text data outside of root node');
		expect(e.code).toBe('not-well-formed');
	});

	it('names an undefined entity, at its ;', () => {
		// line 2 `  &foo;`: & at 3, ; at 7
		expect(errorOf('<a>\n  &foo;</a>').message).toBe('line 2, column 7: undefined entity &foo;');
	});

	it('refuses an entity declaration of the internal subset at the declaration, never expanding it (billion laughs)', () => {
		// XML 1.0 §4.2. Was "undefined entity &c;" at the reference, though &c; is declared right above it.
		// line 3 ` <!ENTITY a "aaaaaaaaaa">`: the < of the first declaration is column 2.
		const text =
			'<?xml version="1.0"?>\n<!DOCTYPE wap-provisioningdoc [\n <!ENTITY a "aaaaaaaaaa">\n <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">\n' +
			' <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">\n]>\n<wap-provisioningdoc><parm value="&c;"/></wap-provisioningdoc>';
		const e = errorOf(text);
		expect(e.message).toBe('line 3, column 2: the DOCTYPE declares entity "a": entity declarations are refused, never expanded (no billion laughs, no external entities)');
		// An external parameter entity on line 1: <!DOCTYPE a [ is columns 1-13, its < at 14.
		expect(errorOf('<!DOCTYPE a [<!ENTITY % x SYSTEM "file:///etc/passwd"> %x;]><a/>').message).toBe(
			'line 1, column 14: the DOCTYPE declares entity "x": entity declarations are refused, never expanded (no billion laughs, no external entities)'
		);
	});

	it('still reads an internal subset without entity declarations (a DDF processing instruction, an ELEMENT)', () => {
		expect(parseXml('<!DOCTYPE a [<?oma-dm-ddf-ver supported-versions="1.2"?><!ELEMENT a EMPTY>]><a/>').root.name).toBe('a');
	});

	it('says what to write instead of a "<" inside an attribute value, at the "<"', () => {
		// issue 8 §10: saxes said only "disallowed character". <parm value="a<b"/>: < 1, p-m 2-5, space 6, v-e 7-11, = 12, " 13, a 14, < 15
		expect(errorOf('<parm value="a<b"/>').message).toBe('line 1, column 15: "<" is not allowed in an attribute value: write &lt; instead');
	});

	it('says what to write instead of a bare "&", at the "&", in text and in attribute values', () => {
		// saxes read "& b</a>" as an entity name and reported `unclosed tag a` at the end. <a>a & b: & is column 6
		expect(errorOf('<a>a & b</a>').message).toBe('line 1, column 6: "&" starts no entity or character reference: write &amp; for a literal &');
		// <a x="Q&A"/>: < 1, a 2, space 3, x 4, = 5, " 6, Q 7, & 8
		expect(errorOf('<a x="Q&A"/>').message).toBe('line 1, column 8: "&" starts no entity or character reference: write &amp; for a literal &');
		// '&' is literal inside comments (columns 4-13) and CDATA (14-28); "&amp" without its ';' at 29 is bare
		expect(errorOf('<a><!-- & --><![CDATA[ & ]]>&amp & </a>').message).toBe(
			'line 1, column 29: "&" starts no entity or character reference: write &amp; for a literal &'
		);
	});

	it('names a character XML 1.0 does not allow, and a character reference to one', () => {
		expect(errorOf('<a>\u0001</a>').message).toBe('line 1, column 4: character U+0001 is not allowed in XML 1.0 (§2.2 Char)');
		expect(errorOf('<a>&#xFFFE;</a>').message).toBe('line 1, column 11: character reference &#xFFFE; names no XML character (§4.1 WFC: Legal Character)');
	});

	it('says what to write instead of a "<" in text that starts no tag', () => {
		// <a>1 < 2: the < is column 6
		expect(errorOf('<a>1 < 2</a>').message).toBe('line 1, column 6: "<" followed by a space starts no tag: write &lt; for a literal <');
		// DEL (U+007F) is an XML 1.0 Char but no name start; it and a bidi override show escaped, never raw.
		expect(errorOf('<a>1 <\u007f</a>').message).toBe('line 1, column 6: "<" followed by "\\u007f" starts no tag: write &lt; for a literal <');
		expect(errorOf('<a>1 <\u202e</a>').message).toBe('line 1, column 6: "<" followed by "\\u202e" starts no tag: write &lt; for a literal <');
		expect(errorOf('<a>1 <1</a>').message).toBe('line 1, column 6: "<" followed by "1" starts no tag: write &lt; for a literal <');
	});

	it('refuses an empty document', () => {
		const e = errorOf('');
		expect(e.message).toBe('line 1, column 1: document must contain a root element');
		expect(e.code).toBe('no-root');
	});
});

describe('XmlError for inputs over the limits', () => {
	it('refuses nesting deeper than MAX_XML_DEPTH at the first element too deep', () => {
		// elements 1..256 are allowed; element 257 starts after 256 × "<a>" = 768 characters
		const e = errorOf('<a>'.repeat(MAX_XML_DEPTH + 1) + '</a>'.repeat(MAX_XML_DEPTH + 1));
		expect(e.message).toBe(`line 1, column 769: element <a> is nested deeper than ${MAX_XML_DEPTH} levels`);
		expect(e.code).toBe('too-deep');
	});

	it('refuses text longer than MAX_XML_LENGTH without parsing it', () => {
		const e = errorOf(' '.repeat(MAX_XML_LENGTH + 1));
		expect(e.code).toBe('too-large');
		expect(e.message).toBe(`line 1, column 1: document is ${MAX_XML_LENGTH + 1} characters, the limit is ${MAX_XML_LENGTH}`);
	});
});

describe('long names in XmlError messages (issue 8 §2)', () => {
	it('repeats an element name cut to 80 characters', () => {
		const name = `a${'b'.repeat(499)}`;
		let error: unknown;
		try {
			parseXml(`<root><${name}></x></root>`);
		} catch (e) {
			error = e;
		}
		expect(error).toBeInstanceOf(XmlError);
		expect((error as XmlError).message).toBe(`line 1, column ${7 + name.length + 2}: mismatched end tag </x>, expected </${name.slice(0, 80)}…>`);
	});
});
