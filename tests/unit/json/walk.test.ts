// The JSON walker (src/lib/codec/json): JSON.parse is the oracle for what is JSON (RFC 8259) and for the values; the
// offsets and paths below are counted by hand beside each text.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonLineColumn, jsonRepeatedMembers, jsonStringOffset, jsonStrings, jsonSyntaxError } from '../../../src/lib/codec/json';

const parses = (text: string): boolean => {
	try {
		JSON.parse(text);
		return true;
	} catch {
		return false;
	}
};

describe('jsonStrings: where each string was written', () => {
	it('gives the opening quote of every value and member name under its path', () => {
		// {"a":["x",{"b":"y"}],"c":1}
		// 0123456789012345678901234567
		const walked = jsonStrings('{"a":["x",{"b":"y"}],"c":1}');
		expect('strings' in walked && Object.fromEntries(walked.strings)).toEqual({
			'$.a': [{ quote: 1, key: true }],
			'$.a[0]': [{ quote: 6, key: false }],
			'$.a[1].b': [
				{ quote: 11, key: true },
				{ quote: 15, key: false }
			],
			'$.c': [{ quote: 21, key: true }]
		});
	});

	it('names a member by its decoded name, and lists a name given twice in text order', () => {
		// {"A\u0070p":"1","App":"2"}: \u0070 is "p", so both names are "App". Quotes: the first name at 1 (its escape
		// takes 3-8, "p" 9, closing quote 10, ":" 11), its value at 12, the second name at 16, its value at 22.
		const walked = jsonStrings('{"A\\u0070p":"1","App":"2"}');
		expect('strings' in walked && walked.strings.get('$.App')).toEqual([
			{ quote: 1, key: true },
			{ quote: 12, key: false },
			{ quote: 16, key: true },
			{ quote: 22, key: false }
		]);
	});

	it('gives what jsonSyntaxError gives for a text that is not JSON', () => {
		expect(jsonStrings('{"a":}')).toEqual({ syntax: { offset: 5, expected: 'a JSON value' } });
		expect(jsonSyntaxError('{"a":}')).toEqual({ offset: 5, expected: 'a JSON value' });
	});

	it('finds the raw offset of a decoded index past escapes', () => {
		// "a\nb\u0041${X}": decoded a,\n,b,A then "$" at index 4; raw: quote 0, a 1, \n 2-3, b 4, \u0041 5-10, $ 11.
		const text = '"a\\nb\\u0041${X}"';
		expect(text[jsonStringOffset(text, 0, 4)]).toBe('$');
		expect(jsonStringOffset(text, 0, 4)).toBe(11);
	});
});

describe('jsonSyntaxError: JSON exactly as JSON.parse takes it', () => {
	it('takes numbers of any length and refuses what RFC 8259 §6 does not allow', () => {
		expect(jsonSyntaxError(`[${'9'.repeat(5000)}]`)).toBeUndefined();
		expect(jsonSyntaxError('[1.5e+300, -0, 0.0]')).toBeUndefined();
		// "01": the number is 0, then a 1 where "," or "]" was expected (offset 2).
		expect(jsonSyntaxError('[01]')).toEqual({ offset: 2, expected: '"," or "]"' });
		expect(jsonSyntaxError('[-]')).toEqual({ offset: 1, expected: 'a JSON value' });
		expect(jsonSyntaxError('[.5]')).toEqual({ offset: 1, expected: 'a JSON value' });
	});

	it('agrees with JSON.parse on any JSON text and on any text cut from one', () => {
		fc.assert(
			fc.property(fc.json(), fc.nat(), fc.string({ maxLength: 3 }), (json, cut, insert) => {
				expect(jsonSyntaxError(json)).toBeUndefined();
				const at = cut % (json.length + 1);
				const changed = json.slice(0, at) + insert + json.slice(at + 1);
				expect(jsonSyntaxError(changed) === undefined).toBe(parses(changed));
			}),
			{ numRuns: 2000 }
		);
	});

	it('finds every string JSON.parse reads, each at a quote that JSON.parse reads as that string', () => {
		fc.assert(
			fc.property(fc.json(), (json) => {
				const walked = jsonStrings(json);
				if (!('strings' in walked)) throw new Error('not JSON');
				const found = [...walked.strings.values()].flat();
				const counted = (value: unknown): number =>
					typeof value === 'string' ? 1 : Array.isArray(value) ? value.reduce((n: number, v) => n + counted(v), 0) : value !== null && typeof value === 'object' ? Object.entries(value).reduce((n, [, v]) => n + 1 + counted(v), 0) : 0;
				// fc.json() gives no name twice in one object, so JSON.parse loses no string.
				expect(found.length).toBe(counted(JSON.parse(json)));
				for (const s of found) expect(json[s.quote]).toBe('"');
			}),
			{ numRuns: 500 }
		);
	});
});

describe('jsonLineColumn: an offset as the line:column a person finds in an editor', () => {
	it('counts lines at LF (a CRLF text too) and columns in UTF-16 units from 1', () => {
		// '{\r\n "a": 1,\n"b"}': offsets 0 '{', 1 '\r', 2 '\n', 3 ' ', 4 '"' (line 2 column 2), 12 '"' after the second LF.
		const text = '{\r\n "a": 1,\n"b"}';
		expect(jsonLineColumn(text, 0)).toEqual({ line: 1, column: 1 });
		expect(jsonLineColumn(text, 4)).toEqual({ line: 2, column: 2 });
		expect(jsonLineColumn(text, 12)).toEqual({ line: 3, column: 1 });
		// The end of the text is a place too (a value missing at the end): after '}' at 15, column 5 of line 3.
		expect(jsonLineColumn(text, text.length)).toEqual({ line: 3, column: 5 });
	});
});

describe('jsonRepeatedMembers: a name an object gives twice', () => {
	const repeated = (text: string) => {
		const walked = jsonStrings(text);
		if (!('strings' in walked)) throw new Error('not JSON');
		return jsonRepeatedMembers(walked.strings);
	};

	it('names the path, the first and the later opening quote; the same name in another object is no repeat', () => {
		// '{"a":1,"b":{"a":2},"a":3}': "a" opens at 1, "b" at 7, the inner "a" at 12 (path $.b.a), the last "a" at 19.
		expect(repeated('{"a":1,"b":{"a":2},"a":3}')).toEqual([{ path: '$.a', first: 1, again: 19 }]);
		// Two list members each with "a": different paths ($[0].a, $[1].a).
		expect(repeated('[{"a":1},{"a":2}]')).toEqual([]);
	});

	it('compares names as JSON.parse reads them: "\\u0061" is a', () => {
		// '{"a":1,"\u0061":2}': the escaped name opens at 7.
		expect(repeated('{"a":1,"\\u0061":2}')).toEqual([{ path: '$.a', first: 1, again: 7 }]);
	});
});
