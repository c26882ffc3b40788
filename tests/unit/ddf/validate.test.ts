import { describe, expect, test } from 'vitest';
import {
	devDetailSchema,
	dmAccSchema,
	dmTree,
	parseDdf,
	validateCommands,
	validateTree,
	type DmCommand,
	type DmValue
} from '../../../src/lib/documents/ddf';
import { Secret } from '../../../src/lib/security/secret';

// A small MO written for these tests: ./Vendor (One) holds Name (One, chr), Level (ZeroOrOne, int, Get+Replace),
// Servers (One) with unnamed children (ZeroOrN 2) each holding Addr (One), and an open Ext (no described children).
const interior = (name: string, occurrence: string, access: string, children: string): string =>
	`<Node><NodeName>${name}</NodeName><DFProperties><AccessType>${access}</AccessType><DFFormat><node/></DFFormat><Occurrence>${occurrence}</Occurrence><DFType><DDFName/></DFType></DFProperties>${children}</Node>`;
const leaf = (name: string, format: string, occurrence: string, access: string, extra = ''): string =>
	`<Node><NodeName>${name}</NodeName><DFProperties><AccessType>${access}</AccessType><DFFormat><${format}/></DFFormat><Occurrence>${occurrence}</Occurrence><DFType><MIME>text/plain</MIME></DFType>${extra}</DFProperties></Node>`;
const VENDOR = parseDdf(
	`<MgmtTree><VerDTD>1.2</VerDTD><Node><NodeName>Vendor</NodeName><Path>.</Path><DFProperties><AccessType><Get/></AccessType><DFFormat><node/></DFFormat><DFType><DDFName/></DFType></DFProperties>` +
		leaf('Name', 'chr', '<One/>', '<Get/>') +
		leaf('Level', 'int', '<ZeroOrOne/>', '<Get/><Replace/>') +
		interior('Servers', '<One/>', '<Get/>', interior('', '<ZeroOrN>2</ZeroOrN>', '<Add/><Get/><Delete/>', leaf('Addr', 'chr', '<One/>', '<Add/><Get/>'))) +
		interior('Ext', '<ZeroOrOne/>', '<Get/>', '') +
		`</Node></MgmtTree>`
);

const valid: [string, DmValue][] = [
	['./Vendor/Name', 'acme'],
	['./Vendor/Level', '3'],
	['./Vendor/Servers/a/Addr', 'x'],
	['./Vendor/Servers/b/Addr', 'y']
];

describe('validateTree (TND §8.5.4.3)', () => {
	test('a tree that follows the DDF has no findings', () => {
		expect(validateTree(dmTree(valid), VENDOR)).toEqual([]);
	});

	test('unknown node: named once, its subtree not reported again', () => {
		const tree = dmTree([...valid, ['./Vendor/Colour', 'red'], ['./Vendor/Shape/Corners', '4']]);
		expect(validateTree(tree, VENDOR)).toEqual([
			{ rule: 'unknown-node', severity: 'error', uri: './Vendor/Colour', message: 'node "Colour" is not described under ./Vendor' },
			{ rule: 'unknown-node', severity: 'error', uri: './Vendor/Shape', message: 'node "Shape" is not described under ./Vendor' }
		]);
	});

	test('unnamed nodes match any name; below an open interior node anything goes', () => {
		const tree = dmTree([...valid, ['./Vendor/Ext/acme/anything/deep', 'ok']]);
		expect(validateTree(tree, VENDOR)).toEqual([]);
	});

	test('missing mandatory node (One) under an existing instance', () => {
		const tree = dmTree(valid.filter(([uri]) => uri !== './Vendor/Servers/b/Addr').concat([['./Vendor/Servers/b', null]]));
		expect(validateTree(tree, VENDOR)).toEqual([
			{ rule: 'missing-node', severity: 'error', uri: './Vendor/Servers/b/Addr', message: 'mandatory node Addr (One) is missing' }
		]);
	});

	test('missing mandatory unnamed node (OneOrMore) is named <X> under its parent', () => {
		const tree = dmTree([
			['./DMAcc/x/AppID', 'w7'],
			['./DMAcc/x/ServerID', 's'],
			['./DMAcc/x/AppAddr', null],
			['./DMAcc/x/AppAuth/1/AAuthLevel', 'CLCRED'],
			['./DMAcc/x/AppAuth/1/AAuthType', 'DIGEST']
		]);
		expect(validateTree(tree, dmAccSchema())).toEqual([
			{ rule: 'missing-node', severity: 'error', uri: './DMAcc/x/AppAddr/<X>', message: 'mandatory node <X> (OneOrMore) is missing' }
		]);
	});

	test('occurrence exceeded: ZeroOrN 2 with three instances', () => {
		const tree = dmTree([...valid, ['./Vendor/Servers/c/Addr', 'z']]);
		expect(validateTree(tree, VENDOR)).toEqual([
			{ rule: 'occurrence', severity: 'error', uri: './Vendor/Servers/<X>', message: '3 instances of <X>, the DDF allows at most 2 (ZeroOrN 2)' }
		]);
	});

	test('occurrence exceeded: ZeroOrOne named twice under CaseSense CIS', () => {
		const ddf = parseDdf(
			`<MgmtTree><VerDTD>1.2</VerDTD><Node><NodeName>V</NodeName><DFProperties><AccessType><Get/></AccessType><DFFormat><node/></DFFormat><DFType><DDFName/></DFType><CaseSense><CIS/></CaseSense></DFProperties>` +
				leaf('Opt', 'chr', '<ZeroOrOne/>', '<Get/>') +
				`</Node></MgmtTree>`
		);
		expect(validateTree(dmTree([['./V/Opt', 'a']]), ddf)).toEqual([]);
		expect(validateTree(dmTree([['./V/Opt', 'a'], ['./V/OPT', 'b']]), ddf)).toEqual([
			{ rule: 'occurrence', severity: 'error', uri: './V/Opt', message: '2 instances of Opt, the DDF allows at most 1 (ZeroOrOne)' }
		]);
	});

	test('value not of DFFormat: int and bool', () => {
		const tree = dmTree([...valid.filter(([uri]) => uri !== './Vendor/Level'), ['./Vendor/Level', '3.5']]);
		expect(validateTree(tree, VENDOR)).toEqual([
			{ rule: 'value-format', severity: 'error', uri: './Vendor/Level', message: '"3.5" is not an int, expected an optional sign and decimal digits' }
		]);
		const detail = dmTree([['./DevDetail/LrgObj', 'yes']]);
		expect(validateTree(detail, devDetailSchema()).filter((f) => f.rule === 'value-format')).toEqual([
			{ rule: 'value-format', severity: 'error', uri: './DevDetail/LrgObj', message: '"yes" is not a bool, expected true or false' }
		]);
		expect(validateTree(dmTree([['./DevDetail/LrgObj', 'FALSE']]), devDetailSchema()).filter((f) => f.rule === 'value-format')).toEqual([]);
	});

	test('a value on an interior node is a format finding', () => {
		const tree = dmTree([...valid.filter(([uri]) => !uri.startsWith('./Vendor/Servers')), ['./Vendor/Servers', 'oops']]);
		expect(validateTree(tree, VENDOR)).toEqual([
			{ rule: 'value-format', severity: 'error', uri: './Vendor/Servers', message: 'interior node (format node) has a value' }
		]);
	});

	test('a secret that breaks the format is reported without its value', () => {
		const ddf = parseDdf(`<MgmtTree><VerDTD>1.2</VerDTD>${leaf('Pin', 'int', '<One/>', '<Replace/>')}</MgmtTree>`);
		const findings = validateTree(dmTree([['./Pin', Secret.fromText('PIN1', '12ab')]]), ddf);
		expect(findings).toEqual([{ rule: 'value-format', severity: 'error', uri: './Pin', message: 'PIN1 value is not of format int' }]);
		expect(JSON.stringify(findings)).not.toContain('12ab');
	});
});

describe('validateCommands: AccessType (TND §8.5.4.3.1)', () => {
	test('Replace on a node whose AccessType has no Replace', () => {
		const commands: DmCommand[] = [
			{ op: 'Replace', uri: './Vendor/Name', format: 'chr', value: 'x' },
			{ op: 'Replace', uri: './Vendor/Level', format: 'int', value: '4' }
		];
		expect(validateCommands(commands, VENDOR)).toEqual([
			{ rule: 'access', severity: 'error', uri: './Vendor/Name', message: 'Replace is not allowed: the AccessType of ./Vendor/Name is Get' }
		]);
	});

	test('Add and Delete on an unnamed node that allows them pass; through validateTree too', () => {
		const commands: DmCommand[] = [
			{ op: 'Delete', uri: './Vendor/Servers/b' },
			{ op: 'Add', uri: './Vendor/Servers/c', format: 'node' },
			{ op: 'Add', uri: './Vendor/Servers/c/Addr', format: 'chr', value: 'z' }
		];
		expect(validateCommands(commands, VENDOR)).toEqual([]);
		expect(validateTree(dmTree(valid), VENDOR, { commands: [{ op: 'Delete', uri: './Vendor/Level' }] })).toEqual([
			{ rule: 'access', severity: 'error', uri: './Vendor/Level', message: 'Delete is not allowed: the AccessType of ./Vendor/Level is Get, Replace' }
		]);
	});

	test('150,000 refused commands through validateTree give 150,000 findings, not a RangeError', () => {
		// Name's AccessType is Get only: every Replace of it is one access finding, whatever their number.
		const commands: DmCommand[] = Array.from({ length: 150_000 }, () => ({ op: 'Replace', uri: './Vendor/Name', format: 'chr', value: 'x' }));
		const findings = validateTree(dmTree(valid), VENDOR, { commands });
		expect(findings).toHaveLength(150_000);
		expect(new Set(findings.map((f) => f.message))).toEqual(new Set(['Replace is not allowed: the AccessType of ./Vendor/Name is Get']));
	});
});
