import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { DdfError, devDetailSchema, devInfoSchema, dmAccSchema, parseDdf, type DdfNode } from '../../../src/lib/documents/ddf';

const fixture = (name: string): string => readFileSync(new URL(`../../fixtures/ddf/${name}`, import.meta.url), 'utf8');

function flatten(nodes: readonly DdfNode[]): DdfNode[] {
	return nodes.flatMap((node) => [node, ...flatten(node.children)]);
}

function byUri(nodes: readonly DdfNode[], uri: string): DdfNode {
	const found = flatten(nodes).find((node) => node.uri === uri);
	if (found === undefined) throw new Error(`no ${uri}`);
	return found;
}

function ddfError(text: string): DdfError {
	try {
		parseDdf(text);
	} catch (error) {
		if (error instanceof DdfError) return error;
		throw error;
	}
	throw new Error('no DdfError');
}

const node = (inner: string, name = 'A'): string =>
	`<Node><NodeName>${name}</NodeName><DFProperties>${inner}</DFProperties></Node>`;
const leafProps = '<AccessType><Get/></AccessType><DFFormat><chr/></DFFormat><DFType><MIME>text/plain</MIME></DFType>';
const tree = (body: string): string => `<MgmtTree><VerDTD>1.2</VerDTD>${body}</MgmtTree>`;

describe('DDF reading (OMA-TS-DM_TND-V1_2 §8.5.4)', () => {
	test('reads Microsoft DevInfo DDF with its DOCTYPE internal subset and MSFT extension elements', () => {
		const schema = parseDdf(fixture('msft-devinfo.ddf.xml'));
		expect(schema.verDtd).toBe('1.2');
		const root = schema.nodes[0];
		expect(root.uri).toBe('./DevInfo');
		expect(root.position).toEqual({ line: 7, column: 5 });
		expect(root.type).toEqual({ ddfName: 'urn:oma:mo:oma-dm-devinfo:1.0' });
		expect(root.title).toBe('The interior node holding all devinfo objects');
		expect(root.children.map((child) => child.uri)).toEqual([
			'./DevInfo/DevId',
			'./DevInfo/Man',
			'./DevInfo/Mod',
			'./DevInfo/DmV',
			'./DevInfo/Lang'
		]);
		const devId = root.children[0];
		expect(devId.position).toEqual({ line: 29, column: 9 });
		expect([...devId.accessTypes]).toEqual(['Get']);
		expect(devId.format).toBe('chr');
		expect(devId.occurrence).toEqual({ kind: 'One' });
		expect(devId.scope).toBe('Permanent');
		expect(devId.type).toEqual({ mime: ['text/plain'] });
	});

	test('the shipped DMAcc DDF has the StdObj §7.1.3.1 nodes with their occurrence and format', () => {
		const nodes = dmAccSchema().nodes;
		const expected: [string, string, string][] = [
			['./DMAcc/<X>', 'OneOrMore', 'node'],
			['./DMAcc/<X>/AppID', 'One', 'chr'],
			['./DMAcc/<X>/ServerID', 'One', 'chr'],
			['./DMAcc/<X>/Name', 'ZeroOrOne', 'chr'],
			['./DMAcc/<X>/PrefConRef', 'ZeroOrOne', 'chr'],
			['./DMAcc/<X>/ToConRef', 'ZeroOrOne', 'node'],
			['./DMAcc/<X>/ToConRef/<X>', 'OneOrMore', 'node'],
			['./DMAcc/<X>/ToConRef/<X>/ConRef', 'One', 'chr'],
			['./DMAcc/<X>/AppAddr', 'One', 'node'],
			['./DMAcc/<X>/AppAddr/<X>', 'OneOrMore', 'node'],
			['./DMAcc/<X>/AppAddr/<X>/Addr', 'One', 'chr'],
			['./DMAcc/<X>/AppAddr/<X>/AddrType', 'One', 'chr'],
			// Port and AppAuth: ZeroOrOne as in the StdObj overview figure ("Port ?", "AppAuth ?"); see the DDF header.
			['./DMAcc/<X>/AppAddr/<X>/Port', 'ZeroOrOne', 'node'],
			['./DMAcc/<X>/AppAddr/<X>/Port/<X>', 'OneOrMore', 'node'],
			['./DMAcc/<X>/AppAddr/<X>/Port/<X>/PortNbr', 'One', 'chr'],
			['./DMAcc/<X>/AAuthPref', 'ZeroOrOne', 'chr'],
			['./DMAcc/<X>/AppAuth', 'ZeroOrOne', 'node'],
			['./DMAcc/<X>/AppAuth/<X>', 'OneOrMore', 'node'],
			['./DMAcc/<X>/AppAuth/<X>/AAuthLevel', 'One', 'chr'],
			['./DMAcc/<X>/AppAuth/<X>/AAuthType', 'One', 'chr'],
			['./DMAcc/<X>/AppAuth/<X>/AAuthName', 'ZeroOrOne', 'chr'],
			['./DMAcc/<X>/AppAuth/<X>/AAuthSecret', 'ZeroOrOne', 'chr'],
			['./DMAcc/<X>/AppAuth/<X>/AAuthData', 'ZeroOrOne', 'bin'],
			['./DMAcc/<X>/Ext', 'ZeroOrOne', 'node']
		];
		for (const [uri, occurrence, format] of expected) {
			const found = byUri(nodes, uri);
			expect([uri, found.occurrence.kind, found.format]).toEqual([uri, occurrence, format]);
		}
		expect(flatten(nodes)).toHaveLength(expected.length + 1);
		// StdObj §7.1.3.1.22: AAuthSecret is "No Get".
		expect(byUri(nodes, './DMAcc/<X>/AppAuth/<X>/AAuthSecret').accessTypes.has('Get')).toBe(false);
		expect(byUri(nodes, './DMAcc/<X>').type).toEqual({ ddfName: 'org.openmobilealliance/1.0/w7' });
	});

	test('the shipped DevInfo and DevDetail DDFs list the StdObj §7.1.3.2 / §7.1.3.3 nodes', () => {
		expect(flatten(devInfoSchema().nodes).map((n) => `${n.uri} ${n.occurrence.kind} ${n.format}`)).toEqual([
			'./DevInfo One node',
			'./DevInfo/Ext ZeroOrOne node',
			'./DevInfo/Bearer ZeroOrOne node',
			'./DevInfo/DevId One chr',
			'./DevInfo/Man One chr',
			'./DevInfo/Mod One chr',
			'./DevInfo/DmV One chr',
			'./DevInfo/Lang One chr'
		]);
		expect(flatten(devDetailSchema().nodes).map((n) => `${n.uri} ${n.occurrence.kind} ${n.format}`)).toEqual([
			'./DevDetail One node',
			'./DevDetail/Ext ZeroOrOne node',
			'./DevDetail/Bearer ZeroOrOne node',
			'./DevDetail/URI One node',
			'./DevDetail/URI/MaxDepth One chr',
			'./DevDetail/URI/MaxTotLen One chr',
			'./DevDetail/URI/MaxSegLen One chr',
			'./DevDetail/DevTyp One chr',
			'./DevDetail/OEM One chr',
			'./DevDetail/FwV One chr',
			'./DevDetail/SwV One chr',
			'./DevDetail/HwV One chr',
			'./DevDetail/LrgObj One bool'
		]);
	});

	test('builds URIs from Path on continuation nodes (TND §8.5.4.1.7 example Vendor/ISP/GWInfo/GWName)', () => {
		const interior = '<AccessType><Get/></AccessType><DFFormat><node/></DFFormat><DFType><DDFName/></DFType>';
		const schema = parseDdf(
			tree(
				node(interior, 'Vendor') +
					`<Node><NodeName>ISP</NodeName><Path>Vendor</Path><DFProperties>${interior}</DFProperties></Node>` +
					`<Node><NodeName>GWName</NodeName><Path>Vendor/ISP/GWInfo</Path><DFProperties>${leafProps}</DFProperties><Value>gw.yyy.se</Value></Node>`
			)
		);
		expect(schema.nodes.map((n) => n.uri)).toEqual(['./Vendor', './Vendor/ISP', './Vendor/ISP/GWInfo/GWName']);
		expect(schema.nodes[2].value).toBe('gw.yyy.se');
	});

	test('reads ZeroOrN with its N, CaseSense, DefaultValue and multiple MIME types', () => {
		const schema = parseDdf(
			tree(
				node(
					'<AccessType><Get/><Replace/></AccessType><DefaultValue>5</DefaultValue><DFFormat><int/></DFFormat>' +
						'<Occurrence><ZeroOrN>3</ZeroOrN></Occurrence><DFType><MIME>audio/mpeg</MIME><MIME>audio/MP4-LATM</MIME></DFType><CaseSense><CIS/></CaseSense>'
				)
			)
		);
		const a = schema.nodes[0];
		expect(a.occurrence).toEqual({ kind: 'ZeroOrN', n: 3 });
		expect(a.caseSense).toBe('CIS');
		expect(a.defaultValue).toBe('5');
		expect(a.scope).toBe('Dynamic');
		expect(a.type).toEqual({ mime: ['audio/mpeg', 'audio/MP4-LATM'] });
		expect([...a.accessTypes]).toEqual(['Get', 'Replace']);
	});
});

describe('DdfError for malformed DDF', () => {
	// Each case names the markup the error must point at; its column is where that markup starts in the
	// one-line input (1-based), found with lastIndexOf so a repeated element points at its second copy.
	const cases: [string, string, string, string, string][] = [
		['another root element', '<SyncML/>', 'not-ddf', '<SyncML/>', 'root element is <SyncML>, a DDF starts with <MgmtTree> (TND §8.5.4.1.1)'],
		['no VerDTD', '<MgmtTree><Node/></MgmtTree>', 'bad-structure', '<MgmtTree>', '<MgmtTree> has no <VerDTD>, which is REQUIRED'],
		['no Node', tree(''), 'bad-structure', '<MgmtTree>', '<MgmtTree> has no <Node> (content model VerDTD, Man?, Mod?, Node+)'],
		['Node without DFProperties', tree('<Node><NodeName>A</NodeName></Node>'), 'bad-structure', '<Node>', '<Node> has no <DFProperties>, which is REQUIRED'],
		[
			'unknown DFFormat',
			tree(node('<AccessType/><DFFormat><string/></DFFormat><DFType><MIME/></DFType>')),
			'bad-structure',
			'<string/>',
			'unexpected <string> in <DFFormat>, expected one of <b64> <bin> <bool> <chr> <int> <node> <null> <xml> <date> <time> <float>'
		],
		[
			'ZeroOrN out of range',
			tree(node(`${leafProps}<Occurrence><ZeroOrN>1</ZeroOrN></Occurrence>`)),
			'bad-value',
			'<ZeroOrN>',
			'<ZeroOrN> holds "1", expected an integer from 2 to 65536 (TND §8.5.4.3.18)'
		],
		[
			'unknown element',
			tree(node(`${leafProps}<Colour/>`)),
			'bad-structure',
			'<Colour/>',
			'unexpected <Colour> in <DFProperties>, expected one of <AccessType> <DefaultValue> <Description> <DFFormat> <Occurrence> <Scope> <DFTitle> <DFType> <CaseSense>'
		],
		['repeated AccessType', tree(node(`${leafProps}<AccessType/>`)), 'bad-structure', '<AccessType', '<AccessType> appears twice in <DFProperties>'],
		[
			'Value and child Node together',
			tree(`<Node><NodeName>A</NodeName><DFProperties>${leafProps}</DFProperties><Value>1</Value>${node(leafProps, 'B')}</Node>`),
			'bad-structure',
			'<Value>',
			'<Node> has both <Value> and child <Node>s (content model Node* | Value?)'
		],
		[
			'children under a leaf',
			tree(`<Node><NodeName>A</NodeName><DFProperties>${leafProps}</DFProperties>${node(leafProps, 'B')}</Node>`),
			'bad-structure',
			'<Node>',
			'<Node> ./A has DFFormat chr but child nodes; interior nodes have DFFormat node (TND §8.5.4.3.4)'
		]
	];
	for (const [what, text, code, at, reason] of cases) {
		test(`${what} → ${code}`, () => {
			const error = ddfError(text);
			expect(error.code).toBe(code);
			expect(error.reason).toBe(reason);
			expect(error.location).toEqual({ line: 1, column: text.lastIndexOf(at) + 1 });
			expect(error.message).toBe(`line 1, column ${text.lastIndexOf(at) + 1}: ${reason}`);
		});
	}

	test('not well-formed XML → not-well-formed, with the XML layer\'s reason and line', () => {
		const error = ddfError('<MgmtTree>\n<VerDTD>1.2</VerDTD>');
		expect(error.code).toBe('not-well-formed');
		expect(error.reason).toBe('unclosed tag <MgmtTree>: no </MgmtTree> before the end of the document');
		expect(error.location).toEqual({ line: 1, column: 1 });
	});
});

describe('RTProperties (TND §8.5.4.1.9)', () => {
	test('keeps the management object identifier of Type/DDFName', () => {
		const schema = parseDdf(
			tree(
				`<Node><NodeName>Acc</NodeName><RTProperties><Format><node/></Format><Type><DDFName>org.openmobilealliance/1.0/w7</DDFName></Type></RTProperties><DFProperties><AccessType><Get/></AccessType><DFFormat><node/></DFFormat><DFType><DDFName/></DFType></DFProperties></Node>`
			)
		);
		expect(schema.nodes[0].rtDdfName).toBe('org.openmobilealliance/1.0/w7');
	});

	test('refuses an element outside its content model', () => {
		const text = tree(`<Node><NodeName>A</NodeName><RTProperties><Colour/></RTProperties><DFProperties>${leafProps}</DFProperties></Node>`);
		const error = ddfError(text);
		expect(error.message).toBe(
			`line 1, column ${text.indexOf('<Colour/>') + 1}: unexpected <Colour> in <RTProperties>, expected one of <ACL> <Format> <Name> <Size> <Title> <TStamp> <Type> <VerNo>`
		);
	});
});
