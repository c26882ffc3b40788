import { describe, expect, test } from 'vitest';
import { DdfError, dmTreeToJson, parseDmTree, type DmValue } from '../../../src/lib/documents/ddf';
import { Secret } from '../../../src/lib/security/secret';

function treeError(text: string): DdfError {
	try {
		parseDmTree(text);
	} catch (error) {
		if (error instanceof DdfError) return error;
		throw error;
	}
	throw new Error('no DdfError');
}

describe('DM tree instance JSON (path → value)', () => {
	test('normalises URIs and adds the implied interior nodes', () => {
		const tree = parseDmTree('{ "DMAcc/x/AppID": "w7", "./DMAcc/x/AppAddr/": null }');
		expect([...tree]).toEqual([
			['./DMAcc/x/AppID', 'w7'],
			['./DMAcc/x/AppAddr', null],
			['./DMAcc/x', null],
			['./DMAcc', null]
		]);
	});

	test('errors name the JSON path of the bad member', () => {
		const cases: [string, string, string][] = [
			['[1]', 'bad-tree', '$: expected an object of URI → value, found an array'],
			['{"./A": 1}', 'bad-tree', '$["./A"]: expected a string or null, found a number'],
			['{"./A//B": "x"}', 'bad-path', '$["./A//B"]: URI "./A//B" has an empty segment'],
			['{"./A/../B": "x"}', 'bad-path', '$["./A/../B"]: URI "./A/../B" has a ".." segment'],
			['{".": null}', 'bad-path', '$["."]: the root "." is not a node of the tree instance'],
			['{"./A": "x", "A": "y"}', 'bad-tree', '$["A"]: node ./A is listed twice']
		];
		for (const [text, code, message] of cases) {
			const error = treeError(text);
			expect([error.code, error.message]).toEqual([code, message]);
		}
		expect(treeError('{').code).toBe('bad-tree');
	});

	test('refuses a URI written twice the same way, at the second one (JSON.parse would keep the last silently)', () => {
		// RFC 8259 §4: names SHOULD be unique. Was accepted with AppID "w8", the "w7" dropped without a word.
		// line 2 ` "./DMAcc/x/AppID": "w8"`: its opening quote is column 2.
		const error = treeError('{"./DMAcc/x/AppID": "w7",\n "./DMAcc/x/AppID": "w8"}');
		expect([error.code, error.location, error.reason]).toEqual(['bad-tree', { line: 2, column: 2 }, 'node ./DMAcc/x/AppID is listed twice']);
	});

	test('says where a text stops being JSON and what was expected there', () => {
		// Was "$: not JSON: Unexpected end of JSON input" (JSON.parse's words, no position).
		// `{"a":` is 5 characters: the value is missing at column 6, the end of the text.
		const early = treeError('{"a":');
		expect([early.location, early.reason]).toEqual([{ line: 1, column: 6 }, 'not JSON: expected a JSON value before the end of the text']);
		// line 3 ` "b" "y"}`: the ':' should be at column 6.
		const colon = treeError('{\n "a": "x",\n "b" "y"}');
		expect([colon.location, colon.reason]).toEqual([{ line: 3, column: 6 }, 'not JSON: expected ":" after the member name']);
	});

	test('JSON output is sorted and redacts secrets unless asked', () => {
		const tree = new Map<string, DmValue>([
			['./B', Secret.fromText('AAuthSecret', 'pw')],
			['./A', 'x']
		]);
		expect(dmTreeToJson(tree)).toEqual({ './A': 'x', './B': 'AAuthSecret ****' });
		expect(dmTreeToJson(tree, { revealSecrets: true })).toEqual({ './A': 'x', './B': 'pw' });
	});

	test('a URI spelled like an Object.prototype member stays a key of the JSON output', () => {
		const json = dmTreeToJson(new Map<string, DmValue>([['__proto__', 'p'], ['./A', 'x']]));
		expect(JSON.stringify(json)).toBe('{"./A":"x","__proto__":"p"}');
	});
});

describe('URI limits (DevDetail/URI MaxDepth 32, MaxTotLen 2048, MaxSegLen 64; StdObj §7.1.3.3; issue 8 §4)', () => {
	const deep = (depth: number): string => `./${Array.from({ length: depth }, () => 'a').join('/')}`;

	test('takes a URI 32 segments deep, refuses one of 33 with the limit and where it comes from', () => {
		expect(parseDmTree(JSON.stringify({ [deep(32)]: 'x' })).size).toBe(32);
		const e = treeError(JSON.stringify({ [deep(33)]: 'x' }));
		// the key is 67 characters ("./" + 33 "a" + 32 "/"), under the 80 a message quotes whole
		expect(e.message).toBe(`$["${deep(33)}"]: the URI has 33 segments; the limit is 32 (DevDetail/URI/MaxDepth, StdObj §7.1.3.3)`);
	});

	test('refuses an 8,000-segment URI in one short line (it overflowed the stack in SchemaIndex.resolve)', () => {
		const e = treeError(JSON.stringify({ [deep(8000)]: 'x' }));
		expect(e.code).toBe('bad-path');
		// the 16,001-character key is quoted cut to 77 characters and "…": "./" + 37 × "a/" + "a"
		expect(e.message.startsWith(`$["./${'a/'.repeat(37)}a…"]: `)).toBe(true);
		expect(e.reason).toBe('the URI has 8000 segments; the limit is 32 (DevDetail/URI/MaxDepth, StdObj §7.1.3.3)');
		expect(e.message.length).toBeLessThan(200);
	});

	test('refuses a URI longer than 2048 characters and a segment longer than 64', () => {
		// "./" + 31 segments of 64 "b" joined by "/" + "/" + 63 "b" = 2 + 31 × 65 + 63 = 2080 characters, depth 32
		const long = `./${Array.from({ length: 31 }, () => 'b'.repeat(64)).join('/')}/${'b'.repeat(63)}`;
		expect(long.length).toBe(2080);
		expect(treeError(JSON.stringify({ [long]: 'x' })).reason).toBe(
			'the URI is 2080 characters long; the limit is 2048 (DevDetail/URI/MaxTotLen, StdObj §7.1.3.3)'
		);
		expect(treeError(JSON.stringify({ [`./A/${'c'.repeat(65)}`]: 'x' })).reason).toBe(
			`segment "${'c'.repeat(65)}" is 65 characters long; the limit is 64 (DevDetail/URI/MaxSegLen, StdObj §7.1.3.3)`
		);
	});
});

describe('tree values XML 1.0 cannot carry (they go into SyncML, issue 8 §4)', () => {
	test('refused at their JSON path, the character named, the value not quoted', () => {
		expect(treeError('{"./DMAcc/x/AAuthSecret": "pw\\u0001d"}').message).toBe(
			`$["./DMAcc/x/AAuthSecret"]: the value's character 3 is U+0001, which XML 1.0 cannot carry`
		);
		expect(treeError('{"./A\\u0000": "x"}').message).toBe(`$["./A\\u0000"]: the URI's character 4 is U+0000, which XML 1.0 cannot carry`);
	});
});
