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

	test('JSON output is sorted and redacts secrets unless asked', () => {
		const tree = new Map<string, DmValue>([
			['./B', Secret.fromText('AAuthSecret', 'pw')],
			['./A', 'x']
		]);
		expect(dmTreeToJson(tree)).toEqual({ './A': 'x', './B': 'AAuthSecret ****' });
		expect(dmTreeToJson(tree, { revealSecrets: true })).toEqual({ './A': 'x', './B': 'pw' });
	});
});
