import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { SearchIndex } from '../../../src/lib/library/search';

/** The rule of search.ts written plainly: every term at a word start (punctuation first: anywhere) in a field. */
function reference(docs: Map<string, { name: string; tags: string[]; text: string }>, query: string): string[] {
	const terms = query.toLowerCase().split(/\s+/).filter((t) => t !== '');
	if (terms.length === 0) return [];
	const found = (field: string, term: string): boolean => {
		const lower = field.toLowerCase();
		if (!/^[\p{L}\p{N}]/u.test(term)) return lower.includes(term);
		for (let at = lower.indexOf(term); at >= 0; at = lower.indexOf(term, at + 1)) if (at === 0 || !/[\p{L}\p{N}]/u.test(lower[at - 1])) return true;
		return false;
	};
	return [...docs]
		.filter(([, d]) => terms.every((t) => found(d.name, t) || d.tags.some((tag) => found(tag, t)) || found(d.text, t)))
		.map(([id]) => id)
		.sort();
}

const ids = (matches: { id: string }[]): string[] => matches.map((m) => m.id).sort();

describe('search over names, tags and draft texts', () => {
	const index = new SearchIndex();
	index.set('a', 'APN Vodafone', ['eu', 'pilot'], '<parm name="NAP-ADDRESS" value="internet.vodafone.example"/>\n<parm name="TO-NAPID" value="NAP1"/>');
	index.set('b', 'DM account', ['acme'], '{ "ServerID": "dm.acme.example" }');
	index.set('c', 'Überprüfung', [], 'Straße 12');

	test('a term matches at the start of a word, in any case, in name, tags or text', () => {
		expect(ids(index.search('VODA'))).toEqual(['a']);
		expect(ids(index.search('example'))).toEqual(['a', 'b']);
		expect(ids(index.search('xample'))).toEqual([]);
		expect(ids(index.search('pilot'))).toEqual(['a']);
	});

	test('every term must match; each match says where its terms were found (the text only for terms not in name or tags)', () => {
		expect(index.search('apn internet')).toEqual([{ id: 'a', fields: ['name', 'content'] }]);
		expect(index.search('acme dm')).toEqual([{ id: 'b', fields: ['name', 'tags'] }]);
		expect(index.search('apn pilot')).toEqual([{ id: 'a', fields: ['name', 'tags'] }]);
	});

	test('terms with punctuation are phrases: "acme.example" and "to-napid" must appear as written', () => {
		expect(ids(index.search('acme.example'))).toEqual(['b']);
		expect(ids(index.search('vodafone.example'))).toEqual(['a']);
		expect(ids(index.search('example.vodafone'))).toEqual([]);
		expect(ids(index.search('to-napid'))).toEqual(['a']);
		expect(ids(index.search('-napid'))).toEqual(['a']);
		expect(ids(index.search('"/>'))).toEqual(['a']);
	});

	test('letters beyond ASCII are words too', () => {
		expect(ids(index.search('überprü'))).toEqual(['c']);
		expect(ids(index.search('STRASSE'))).toEqual([]);
		expect(ids(index.search('straße'))).toEqual(['c']);
	});

	test('the snippet is the first matching line, with its number', () => {
		const [match] = index.search('nap1');
		expect(index.snippet(match, 'nap1')).toEqual({ id: 'a', fields: ['content'], line: 2, snippet: '<parm name="TO-NAPID" value="NAP1"/>' });
	});

	test('an empty query matches nothing (the library lists everything instead)', () => {
		expect(index.search('   ')).toEqual([]);
	});

	test('a changed text waits for the next search (autosave does not index), which finds its new words and not its old', () => {
		const own = new SearchIndex();
		own.set('d', 'doc', [], '<parm name="NAME" value="Office"/>');
		expect(own.pending).toBe(0);
		own.set('d', 'doc', [], '<parm name="NAME" value="Roaming"/>');
		expect(own.pending).toBe(1);
		// The same text again is no change.
		own.set('d', 'doc', [], '<parm name="NAME" value="Roaming"/>');
		expect(own.pending).toBe(1);
		expect(ids(own.search('roam'))).toEqual(['d']);
		expect(own.pending).toBe(0);
		expect(ids(own.search('office'))).toEqual([]);
		own.set('d', 'doc', ['eu'], '<parm name="NAME" value="Roaming"/>');
		expect(ids(own.search('eu'))).toEqual(['d']);
	});
});

describe('the index answers as the plain rule does (property)', () => {
	const vocabulary = ['napdef', 'nap', 'napid', 'internet', 'example', 'com', 'apn', '1', '12', '123', 'to', 'parm', 'Äpfel', 'x'];
	const separator = fc.constantFrom(' ', '.', '-', '"', '<', '/>', '\n', '=');
	const text = fc.array(fc.tuple(fc.constantFrom(...vocabulary), separator), { maxLength: 8 }).map((parts) => parts.map(([w, s]) => w + s).join(''));
	const doc = fc.record({ name: text, tags: fc.array(fc.constantFrom('eu', 'pilot', 'apn-1', 'Acme'), { maxLength: 2 }), text });
	const prefix = fc.tuple(fc.constantFrom(...vocabulary), fc.nat()).map(([w, n]) => w.slice(0, 1 + (n % w.length)));
	const term = fc.oneof(prefix, fc.tuple(prefix, separator, prefix).map(([a, s, b]) => `${a}${s.trim() || '.'}${b}`), fc.tuple(separator, prefix).map(([s, p]) => `${s.trim() || '-'}${p}`));
	const step = fc.oneof(
		fc.record({ kind: fc.constant('set' as const), id: fc.constantFrom('a', 'b', 'c', 'd', 'e'), doc, later: fc.boolean() }),
		fc.record({ kind: fc.constant('remove' as const), id: fc.constantFrom('a', 'b', 'c', 'd', 'e') }),
		fc.record({ kind: fc.constant('search' as const), query: fc.array(term, { minLength: 1, maxLength: 3 }).map((t) => t.join(' ')) })
	);

	test('after any sequence of additions, changes, removals and deferred entries, every search equals the plain scan', () => {
		fc.assert(
			fc.property(fc.array(step, { maxLength: 30 }), (steps) => {
				const index = new SearchIndex();
				const docs = new Map<string, { name: string; tags: string[]; text: string }>();
				for (const s of steps) {
					if (s.kind === 'set') {
						index.set(s.id, s.doc.name, s.doc.tags, s.doc.text, s.later);
						docs.set(s.id, s.doc);
					} else if (s.kind === 'remove') {
						index.remove(s.id);
						docs.delete(s.id);
					} else {
						expect(ids(index.search(s.query))).toEqual(reference(docs, s.query));
					}
				}
			}),
			{ numRuns: 500 }
		);
	});
});
