// The editor's tolerant tag scanner on text as it is being typed.
import { describe, expect, it } from 'vitest';
import { decodeReferences, readTag, scanTags, surroundings } from '../../../src/lib/ui/editor/xml-scan';

describe('readTag', () => {
	it('reads names, attribute values between quotes (references replaced) and the end of a self-closing tag', () => {
		const text = `<parm name="A&amp;B" value='x"y'/>rest`;
		const tag = readTag(text, 0);
		expect(tag).toMatchObject({ kind: 'start', name: 'parm', from: 0, nameTo: 5, selfClosing: true, closed: true, to: text.indexOf('rest') });
		expect(tag.attributes.map((a) => [a.name, a.value, text.slice(a.valueFrom, a.valueTo), a.quote])).toEqual([
			['name', 'A&B', 'A&amp;B', '"'],
			['value', 'x"y', 'x"y', "'"]
		]);
	});
	it('stops an unclosed tag and an unclosed value at the next "<" (XML 1.0 §3.1: no "<" in a value)', () => {
		const text = '<parm name="BEARER" value="GSM-\n<parm name="NAME"/>';
		const tag = readTag(text, 0);
		expect(tag.closed).toBe(false);
		expect(tag.to).toBe(text.indexOf('\n<') + 1);
		expect(tag.attributes[1]).toMatchObject({ name: 'value', value: 'GSM-\n', closed: false });
	});
});

describe('scanTags', () => {
	it('skips comments, CDATA, processing instructions and a DOCTYPE with an internal subset', () => {
		const text = `<?xml version="1.0"?><!DOCTYPE a [<!ELEMENT a ANY>]><!-- <b> --><a><![CDATA[<c>]]></a>`;
		const seen: string[] = [];
		scanTags(text, (tag) => {
			seen.push(`${tag.kind} ${tag.name}`);
		});
		expect(seen).toEqual(['start a', 'end a']);
	});
});

describe('surroundings', () => {
	const text = '<r><c type="A"><p/></c><c type="B">x</r>';
	it('lists the elements open at a position; an end tag closes its element and those opened inside it', () => {
		expect(surroundings(text, text.indexOf('<p')).open.map((t) => t.name)).toEqual(['r', 'c']);
		expect(surroundings(text, text.indexOf('x')).open.map((t) => t.name)).toEqual(['r', 'c']);
		expect(surroundings(text, text.length).open.map((t) => t.name)).toEqual([]);
	});
	it('says which tag a position is in, the end of an unclosed tag included', () => {
		expect(surroundings(text, text.indexOf('"A"') + 1).inside?.name).toBe('c');
		expect(surroundings('<r><c type="', 12).inside?.attributes[0]).toMatchObject({ name: 'type', closed: false });
	});
	it('knows a position inside a comment', () => {
		expect(surroundings('<r><!-- <c type="', 15).inMarkup).toBe(true);
	});
});

describe('decodeReferences', () => {
	it('replaces the predefined entities and character references, keeps unknown ones', () => {
		expect(decodeReferences('&lt;&#65;&#x1F600;&unknown;&amp;')).toBe('<A\u{1F600}&unknown;&');
	});
});
