import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
	applyCommands,
	diff,
	dmAccSchema,
	dmTree,
	parseDdf,
	SchemaIndex,
	treesEquivalent,
	type DmCommand,
	type DmValue
} from '../../../src/lib/documents/ddf';
import { Secret } from '../../../src/lib/security/secret';

// ./Cfg holds Flag (bool), Port (int), Blob (bin), Label (chr, CaseSense CIS), When (date) and unnamed
// Items/<X> (node) with Value (int).
const leaf = (name: string, format: string, extra = ''): string =>
	`<Node><NodeName>${name}</NodeName><DFProperties><AccessType><Get/><Replace/><Add/><Delete/></AccessType><DFFormat><${format}/></DFFormat><Occurrence><ZeroOrOne/></Occurrence><DFType><MIME>text/plain</MIME></DFType>${extra}</DFProperties></Node>`;
const node = (name: string, children: string): string =>
	`<Node><NodeName>${name}</NodeName><DFProperties><AccessType><Get/><Add/><Delete/></AccessType><DFFormat><node/></DFFormat><Occurrence><ZeroOrMore/></Occurrence><DFType><DDFName/></DFType></DFProperties>${children}</Node>`;
const CFG = parseDdf(
	`<MgmtTree><VerDTD>1.2</VerDTD><Node><NodeName>Cfg</NodeName><Path>.</Path><DFProperties><AccessType><Get/></AccessType><DFFormat><node/></DFFormat><DFType><DDFName/></DFType></DFProperties>` +
		leaf('Flag', 'bool') +
		leaf('Port', 'int') +
		leaf('Blob', 'bin') +
		leaf('Label', 'chr', '<CaseSense><CIS/></CaseSense>') +
		leaf('When', 'date') +
		node('Items', node('', leaf('Value', 'int'))) +
		`</Node></MgmtTree>`
);

const tree = (entries: [string, DmValue][]): Map<string, DmValue> => dmTree(entries);

describe('diff: representation-only differences', () => {
	test('TRUE vs true, 0080 vs 80, unpadded vs padded base64, CIS label, basic vs extended date → no command', () => {
		const current = tree([
			['./Cfg/Flag', 'TRUE'],
			['./Cfg/Port', '0080'],
			['./Cfg/Blob', 'TWE'],
			['./Cfg/Label', 'Office'],
			['./Cfg/When', '20240229']
		]);
		const wanted = tree([
			['./Cfg/Flag', 'true'],
			['./Cfg/Port', '80'],
			['./Cfg/Blob', 'TWE='],
			['./Cfg/Label', 'OFFICE'],
			['./Cfg/When', '2024-02-29']
		]);
		expect(diff(current, wanted, CFG)).toEqual([]);
	});
});

describe('diff: commands and their order', () => {
	test('Replace sends the canonical value with the DDF format and MIME type', () => {
		expect(diff(tree([['./Cfg/Port', '80']]), tree([['./Cfg/Port', '+0443']]), CFG)).toEqual([
			{ op: 'Replace', uri: './Cfg/Port', format: 'int', value: '443', mime: 'text/plain' }
		]);
	});

	test('Adds parents before children, Deletes only the top of a removed subtree', () => {
		const current = tree([
			['./Cfg/Items/a/Value', '1'],
			['./Cfg/Items/b/Value', '2'],
			['./Cfg/Flag', 'true']
		]);
		const wanted = tree([
			['./Cfg/Items/b/Value', '2'],
			['./Cfg/Items/c/Value', '3'],
			['./Cfg/Flag', 'false']
		]);
		const expected: DmCommand[] = [
			{ op: 'Delete', uri: './Cfg/Items/a' },
			{ op: 'Add', uri: './Cfg/Items/c', format: 'node' },
			{ op: 'Add', uri: './Cfg/Items/c/Value', format: 'int', value: '3', mime: 'text/plain' },
			{ op: 'Replace', uri: './Cfg/Flag', format: 'bool', value: 'false', mime: 'text/plain' }
		];
		expect(diff(current, wanted, CFG)).toEqual(expected);
	});

	test('Deletes run deepest first when they are not nested', () => {
		const current = tree([
			['./Cfg/Items/a/Value', '1'],
			['./Cfg/Items/b', null],
			['./Cfg/Flag', 'true']
		]);
		const wanted = tree([['./Cfg/Items/b', null]]);
		expect(diff(current, wanted, CFG)).toEqual([
			{ op: 'Delete', uri: './Cfg/Items/a' },
			{ op: 'Delete', uri: './Cfg/Flag' }
		]);
	});

	test('a node that turns from leaf into interior node is deleted and added again with its children', () => {
		const index = new SchemaIndex([]);
		const current = tree([['./X/y', 'leaf']]);
		const wanted = tree([['./X/y/z', '1']]);
		expect(diff(current, wanted, index)).toEqual([
			{ op: 'Delete', uri: './X/y' },
			{ op: 'Add', uri: './X/y', format: 'node' },
			{ op: 'Add', uri: './X/y/z', format: 'chr', value: '1' }
		]);
	});

	test('secrets are compared with Secret.equals and stay Secrets in the commands', () => {
		const index = dmAccSchema();
		const path = './DMAcc/x/AppAuth/CLCRED/AAuthSecret';
		const same = diff(tree([[path, Secret.fromText('AAuthSecret', 'a')]]), tree([[path, Secret.fromText('AAuthSecret', 'a')]]), index);
		expect(same).toEqual([]);
		const changed = diff(tree([[path, Secret.fromText('AAuthSecret', 'a')]]), tree([[path, Secret.fromText('AAuthSecret', 'b')]]), index);
		expect(changed).toHaveLength(1);
		expect(changed[0].op).toBe('Replace');
		expect(JSON.stringify(changed)).toBe(`[{"op":"Replace","uri":"${path}","format":"chr","value":"AAuthSecret ****","mime":"text/plain"}]`);
	});
});

// Trees over a small alphabet of names so that random pairs overlap; values drawn per format, in varied spellings.
const names = fc.constantFrom('a', 'b', 'c');
const intValue = fc.integer({ min: -1000, max: 1000 }).chain((n) =>
	fc.constantFrom(String(n), n >= 0 ? `+${n}` : String(n), n >= 0 ? `00${n}` : `-00${-n}`)
);
const boolValue = fc.constantFrom('true', 'false', 'TRUE', 'False');
const cfgTree = fc
	.record({
		flag: fc.option(boolValue, { nil: undefined }),
		port: fc.option(intValue, { nil: undefined }),
		label: fc.option(fc.constantFrom('x', 'X', 'y'), { nil: undefined }),
		blob: fc.option(fc.uint8Array({ maxLength: 5 }).map((b) => btoa(String.fromCharCode(...b)).replace(/=+$/, '')), { nil: undefined }),
		items: fc.dictionary(names, fc.option(intValue, { nil: undefined }), { maxKeys: 3 }),
		extra: fc.dictionary(names, fc.oneof(fc.constant(null), fc.constantFrom('p', 'q')), { maxKeys: 2 })
	})
	.map((r) => {
		const entries: [string, DmValue][] = [['./Cfg', null]];
		if (r.flag !== undefined) entries.push(['./Cfg/Flag', r.flag]);
		if (r.port !== undefined) entries.push(['./Cfg/Port', r.port]);
		if (r.label !== undefined) entries.push(['./Cfg/Label', r.label]);
		if (r.blob !== undefined) entries.push(['./Cfg/Blob', r.blob]);
		for (const [name, value] of Object.entries(r.items)) {
			entries.push([`./Cfg/Items/${name}`, null]);
			if (value !== undefined) entries.push([`./Cfg/Items/${name}/Value`, value]);
		}
		// Undescribed nodes (outside the DDF): interior when null, chr leaves otherwise.
		for (const [name, value] of Object.entries(r.extra)) entries.push([`./Other/${name}`, value]);
		return tree(entries);
	});

describe('diff properties (fast-check)', () => {
	test('applying diff(a, b) to a gives a tree canonically equal to b', () => {
		fc.assert(
			fc.property(cfgTree, cfgTree, (a, b) => {
				const result = applyCommands(a, diff(a, b, CFG));
				expect(treesEquivalent(result, b, CFG)).toBe(true);
			}),
			{ numRuns: 500 }
		);
	});

	test('diff(a, a) is empty, and so is diff(a, b) when a and b are equivalent', () => {
		fc.assert(
			fc.property(cfgTree, (a) => {
				expect(diff(a, a, CFG)).toEqual([]);
			}),
			{ numRuns: 300 }
		);
	});

	test('every Add has its parent before it; no Delete lies inside another deleted subtree', () => {
		fc.assert(
			fc.property(cfgTree, cfgTree, (a, b) => {
				const commands = diff(a, b, CFG);
				const present = new Set(applyCommands(a, commands.filter((c) => c.op === 'Delete')).keys());
				const deleted = commands.filter((c) => c.op === 'Delete').map((c) => c.uri);
				for (const uri of deleted) expect(deleted.some((other) => uri.startsWith(`${other}/`))).toBe(false);
				for (const command of commands) {
					if (command.op !== 'Add') continue;
					const parent = command.uri.slice(0, command.uri.lastIndexOf('/'));
					expect(parent === '.' || present.has(parent)).toBe(true);
					present.add(command.uri);
				}
			}),
			{ numRuns: 300 }
		);
	});
});

describe('diff of large trees', () => {
	test('two 10k-node trees give exactly the expected Deletes, Adds and Replaces', () => {
		const current: [string, DmValue][] = [];
		const wanted: [string, DmValue][] = [];
		for (let i = 0; i < 4000; i++) {
			current.push([`./Cfg/Items/n${i}/Value`, String(i)], [`./Other/g${i % 50}/k${i}`, 'v']);
			if (i % 10 !== 0) wanted.push([`./Cfg/Items/n${i}/Value`, i % 7 === 0 ? String(i + 1) : `00${i}`]);
			wanted.push([`./Other/g${i % 50}/k${i}`, i % 3 === 0 ? 'w' : 'v'], [`./Cfg/Items/m${i}`, null]);
		}
		const a = tree(current);
		const b = tree(wanted);
		expect(a.size).toBeGreaterThan(10_000);
		// Its speed is reported by `npm run bench` (diff of two 10k-node trees), not asserted here.
		const commands = diff(a, b, CFG);
		// 1 in 10 of the n<i> items is gone (400 subtree Deletes), every m<i> is new (4000 Adds), values change for
		// i % 7 === 0 among the kept items and for every third Other leaf; 00<i> spellings change nothing.
		expect(commands.filter((c) => c.op === 'Delete')).toHaveLength(400);
		expect(commands.filter((c) => c.op === 'Add')).toHaveLength(4000);
		let replaces = 0;
		for (let i = 0; i < 4000; i++) replaces += (i % 10 !== 0 && i % 7 === 0 ? 1 : 0) + (i % 3 === 0 ? 1 : 0);
		expect(commands.filter((c) => c.op === 'Replace')).toHaveLength(replaces);
	});
});

describe('deep URIs do not exhaust the stack (issue 8 §4)', () => {
	test('SchemaIndex.resolve and diff walk a 20,000-segment URI with loops, not recursion', () => {
		// Past dmTree's limits on purpose: the library functions themselves must not recurse per segment.
		const uri = `./${Array.from({ length: 20000 }, () => 'n').join('/')}`;
		const index = new SchemaIndex(dmAccSchema());
		// ./n is not in the DMAcc DDF; everything below it is 'below-unknown'
		expect([index.resolve(uri).kind, index.resolve('./n').kind]).toEqual(['below-unknown', 'unknown']);
		const commands = diff(new Map<string, DmValue>([[uri, 'a']]), new Map<string, DmValue>([['./n', 'b']]), dmAccSchema());
		// ./n turns from interior node into leaf: deleted with its subtree and added back as a leaf.
		expect(commands.map((c) => `${c.op} ${c.uri}`)).toEqual(['Delete ./n', 'Add ./n']);
	});
});

describe('diff output in proportion to its input (issue 8 §5)', () => {
	test('a leaf at the depth and length limits costs its ancestors, at most MaxDepth times its own URI', () => {
		// 32 segments of 63 characters: "./" + 32 × 63 + 31 "/" = 2049 > 2048, so the last one has 62: 2048 characters.
		const segments = Array.from({ length: 32 }, (_, i) => (i === 31 ? 'x'.repeat(62) : `${'x'.repeat(61)}${String(i).padStart(2, '0')}`));
		const uri = `./${segments.join('/')}`;
		expect(uri.length).toBe(2048);
		const wanted = dmTree([[uri, 'v']]);
		const commands = diff(new Map(), wanted, dmAccSchema());
		// One Add per node, parents first: 32 Adds whose URIs are the 32 prefixes of the leaf's URI.
		expect(commands.length).toBe(32);
		const written = commands.reduce((n, c) => n + c.uri.length, 0);
		expect(written).toBeLessThanOrEqual(32 * uri.length);
		// Before the limits, one 16 KB URI of 8,000 segments gave 8,000 Adds and 64 MB (quadratic in depth).
	});
});
