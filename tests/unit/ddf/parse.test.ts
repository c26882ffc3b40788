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
		['Node without NodeName', tree('<Node/>'), 'bad-structure', '<Node/>', '<Node> has no <NodeName>, which the DDF DTD requires (TND §8.5.4)'],
		['no Node', tree(''), 'bad-structure', '<MgmtTree>', '<MgmtTree> has no <Node> (content model VerDTD, Man?, Mod?, Node+)'],
		['a node named ".." ', tree(node(leafProps, '..')), 'bad-value', '<NodeName>', 'NodeName ".." is no node name (TND §6)'],
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

	// TND §6: a URI names one node. Two sibling <Node>s of one name describe the same URI (the second's DFProperties
	// would be ignored); two unnamed siblings leave a run-time name matching either. Both copies are placed.
	const interior = (children: string): string =>
		tree(`<Node><NodeName>P</NodeName><DFProperties><AccessType><Get/></AccessType><DFFormat><node/></DFFormat><DFType><DDFName>x</DDFName></DFType></DFProperties>${children}</Node>`);
	test.each([
		['the same NodeName twice under one parent', interior(node(leafProps, 'B') + node(leafProps.replace('<chr/>', '<int/>'), 'B')), '<Node><NodeName>B<', '<Node> ./P/B is described a second time'],
		['two unnamed nodes under one parent', interior(node(leafProps, '') + node(leafProps, '')), '<Node><NodeName></NodeName>', 'a second unnamed <Node> under ./P']
	])('%s → bad-structure at the second, naming the first', (_what, text, at, what) => {
		const error = ddfError(text);
		expect(error.code).toBe('bad-structure');
		expect(error.location).toEqual({ line: 1, column: text.lastIndexOf(at) + 1 });
		expect(error.reason).toBe(`${what} (the first is at line 1, column ${text.indexOf(at) + 1}); sibling nodes need distinct names (TND §6)`);
	});

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

describe('vendor DDFs: read what can be understood, with a warning naming the line (issue 8 §10)', () => {
	test('a top node named "." is the root, "<Path>./</Path>" is the root, a Node without DFProperties is undescribed', () => {
		// Before: URIs ./. and ./././Vendor, and "<Path>./</Path>" refused ("the URI has no segment after ./").
		const schema = parseDdf(fixture('vendor-root-dot.ddf.xml'));
		expect(flatten(schema.nodes).map((n) => `${n.uri} ${n.format}${n.undescribed ? ' undescribed' : ''}`)).toEqual([
			'./Vendor node',
			'./Vendor/Proxy chr',
			'./Settings node undescribed',
			'./Settings/Timeout int'
		]);
		// Positions counted in the fixture: line 6 `    <NodeName>.</NodeName>`, line 13 `      <DFProperties>`.
		expect(schema.warnings).toEqual([
			{ position: { line: 6, column: 5 }, message: 'NodeName "." names the root, which is no node (TND §6); its child nodes are read as top-level nodes' },
			{ position: { line: 13, column: 7 }, message: '<DFProperties> has no <DFType> (TND §8.5.4.3.8; the DTD requires one); read as no MIME type' }
		]);
		expect(byUri(schema.nodes, './Vendor').type).toEqual({ mime: [] });
	});

	test('a Symbian DDF 1.1.2: unnamed root node with an empty Path, an empty DFType, DFProperties without DFType', () => {
		// Before: refused at line 9 ("Path: the URI is empty"), and at line 17 ("<DFType> is empty").
		const schema = parseDdf(fixture('symbian-1.1.2-shape.ddf.xml'));
		expect(schema.verDtd).toBe('1.1.2');
		expect(flatten(schema.nodes).map((n) => n.uri)).toEqual([
			'./SyncML',
			'./SyncML/DMAcc',
			'./SyncML/DMAcc/<X>',
			'./SyncML/DMAcc/<X>/Addr',
			'./SyncML/DMAcc/<X>/ServerPW'
		]);
		// line 8 `    <NodeName></NodeName>`, line 17 `        <DFType></DFType>`, line 30 `          <DFProperties>`
		expect(schema.warnings).toEqual([
			{ position: { line: 8, column: 5 }, message: 'an unnamed node at the root stands for the root itself; its child nodes are read as top-level nodes' },
			{ position: { line: 17, column: 9 }, message: '<DFType> is empty (TND §8.5.4.3.8: <MIME>+ or <DDFName>); read as no MIME type' },
			{ position: { line: 30, column: 11 }, message: '<DFProperties> has no <DFType> (TND §8.5.4.3.8; the DTD requires one); read as no MIME type' }
		]);
	});

	test('DFProperties without AccessType or DFFormat: every command allowed, the format from the children', () => {
		const schema = parseDdf(tree(`<Node><NodeName>A</NodeName><DFProperties><DFType><MIME/></DFType></DFProperties>${node(leafProps, 'B')}</Node>`));
		const a = schema.nodes[0];
		expect([a.format, [...a.accessTypes]]).toEqual(['node', ['Add', 'Copy', 'Delete', 'Exec', 'Get', 'Replace']]);
		// <MgmtTree><VerDTD>1.2</VerDTD><Node><NodeName>A</NodeName><DFProperties>: 10 + 20 + 6 + 22 characters before it, column 59
		expect(schema.warnings.map((w) => `${'line' in w.position ? w.position.column : ''} ${w.message}`)).toEqual([
			'59 <DFProperties> has no <AccessType> (the DTD requires one); read as allowing every command',
			'59 <DFProperties> has no <DFFormat> (the DTD requires one); read as node, the node having child nodes'
		]);
	});

	test('the shipped DDFs read without a warning', () => {
		expect([dmAccSchema(), devInfoSchema(), devDetailSchema()].flatMap((schema) => schema.warnings)).toEqual([]);
	});
});

describe('URI limits in a DDF (DevDetail/URI, StdObj §7.1.3.3)', () => {
	test('refuses a node 33 segments deep at its NodeName', () => {
		const path = Array.from({ length: 32 }, (_, i) => `S${i}`).join('/');
		const text = tree(`<Node><NodeName>Leaf</NodeName><Path>./${path}</Path><DFProperties>${leafProps}</DFProperties></Node>`);
		const error = ddfError(text);
		// The URI is quoted cut to 77 characters and "…": "./" 2 + "S0/".."S9/" 30 + "S10/".."S20/" 44 + "S" = 77.
		expect(error.message).toBe(
			`line 1, column ${text.indexOf('<NodeName>') + 1}: node URI ./S0/S1/S2/S3/S4/S5/S6/S7/S8/S9/S10/S11/S12/S13/S14/S15/S16/S17/S18/S19/S20/S… has 33 segments; the limit is 32 (DevDetail/URI/MaxDepth, StdObj §7.1.3.3)`
		);
	});

	test('refuses a Path of 8,000 segments in one line, without exhausting the stack', () => {
		const text = tree(`<Node><NodeName>Leaf</NodeName><Path>./${'a/'.repeat(7999)}a</Path><DFProperties>${leafProps}</DFProperties></Node>`);
		expect(ddfError(text).reason).toBe('Path: the URI has 8000 segments; the limit is 32 (DevDetail/URI/MaxDepth, StdObj §7.1.3.3)');
	});
});

describe('an element name out of its list says which was meant (issue 8 §9)', () => {
	test('<Chr/> in DFFormat: element names are case-sensitive', () => {
		const text = tree(node('<AccessType><Get/></AccessType><DFFormat><Chr/></DFFormat><DFType><MIME/></DFType>'));
		expect(ddfError(text).message).toBe(
			`line 1, column ${text.indexOf('<Chr/>') + 1}: unexpected <Chr> in <DFFormat>, expected one of <b64> <bin> <bool> <chr> <int> <node> <null> <xml> <date> <time> <float>; element names are case-sensitive: did you mean <chr>?`
		);
	});

	test('<Ocurrence> in DFProperties: one edit from <Occurrence>', () => {
		const text = tree(node(`${leafProps}<Ocurrence><One/></Ocurrence>`));
		expect(ddfError(text).reason).toBe(
			'unexpected <Ocurrence> in <DFProperties>, expected one of <AccessType> <DefaultValue> <Description> <DFFormat> <Occurrence> <Scope> <DFTitle> <DFType> <CaseSense>; did you mean <Occurrence>?'
		);
	});
});
