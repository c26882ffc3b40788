// The DDF parser is total: random and mutated DDF text ends in a DdfSchema or a DdfError with a location,
// never in another exception. Mutations start from the shipped DDFs and Microsoft's DevInfo DDF.
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { DdfError, DEVDETAIL_DDF, DEVINFO_DDF, diff, dmAccSchema, DMACC_DDF, dmTree, parseDdf, type DdfSchema } from '../../src/lib/documents/ddf';

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/ddf/${name}`, import.meta.url), 'utf8');
const SEEDS = [DMACC_DDF, DEVINFO_DDF, DEVDETAIL_DDF, fixture('msft-devinfo.ddf.xml'), fixture('vendor-root-dot.ddf.xml'), fixture('symbian-1.1.2-shape.ddf.xml')];

function parseOrDdfError(text: string): DdfSchema | undefined {
	try {
		return parseDdf(text);
	} catch (error) {
		if (!(error instanceof DdfError)) throw error;
		// A DDF error names a place in the text: 1-based line and column, inside the text (the end of the last
		// line + 1 for "unexpected end").
		// Plain checks (this runs ~100,000 times; expect() costs more than the parse).
		const location = error.location;
		if (!('line' in location)) throw new Error(`DdfError without a line: ${error.message}`);
		const lines = text.split(/\r\n|\r|\n/);
		const { line, column } = location;
		if (line < 1 || line > lines.length || column < 1 || column > lines[line - 1].length + 1) {
			throw new Error(`DdfError at ${line}:${column}, outside the ${lines.length}-line text: ${error.message}`);
		}
		return undefined;
	}
}

const TOKENS = [
	'<MgmtTree>', '</MgmtTree>', '<VerDTD>1.2</VerDTD>', '<Node>', '</Node>', '<NodeName>', '</NodeName>', 'A', '', '<NodeName/>',
	'<Path>.</Path>', '<Path>./</Path>', '<Path>a//b</Path>', '<DFProperties>', '</DFProperties>', '<AccessType>', '</AccessType>', '<Get/>', '<Replace/>',
	'<DFFormat>', '</DFFormat>', '<chr/>', '<node/>', '<int/>', '<Occurrence>', '</Occurrence>', '<ZeroOrN>', '</ZeroOrN>', '7', '99999999',
	'<OneOrMore/>', '<DFType>', '</DFType>', '<MIME>text/plain</MIME>', '<DDFName/>', '<Value>', '</Value>', '<Scope><Permanent/></Scope>',
	'<CaseSense><CIS/></CaseSense>', '<RTProperties><Type><DDFName>x</DDFName></Type></RTProperties>', '<MSFT:X/>', 'text', ' ', '\n', '&amp;', '<',
	'<NodeName>.</NodeName>', '<Path></Path>', '<DFType></DFType>', '<NodeName>..</NodeName>'
];

describe('DDF parser fuzz: DdfError only', () => {
	test('random token soup', () => {
		fc.assert(
			fc.property(fc.array(fc.constantFrom(...TOKENS), { maxLength: 60 }), (parts) => {
				parseOrDdfError(parts.join(''));
			}),
			{ numRuns: 50000 }
		);
	});

	test('shipped DDFs with bytes cut, inserted or replaced', () => {
		const mutation = fc.record({
			seed: fc.integer({ min: 0, max: SEEDS.length - 1 }),
			edits: fc.array(fc.record({ at: fc.nat(), cut: fc.nat({ max: 40 }), insert: fc.oneof(fc.constantFrom(...TOKENS), fc.string({ maxLength: 4 })) }), { minLength: 1, maxLength: 4 })
		});
		fc.assert(
			fc.property(mutation, ({ seed, edits }) => {
				let text = SEEDS[seed];
				for (const edit of edits) {
					const at = edit.at % (text.length + 1);
					text = text.slice(0, at) + edit.insert + text.slice(at + edit.cut);
				}
				parseOrDdfError(text);
			}),
			{ numRuns: 48000 }
		);
	});

	test('the seeds themselves parse', () => {
		for (const seed of SEEDS) expect(parseOrDdfError(seed)).toBeDefined();
	});
});

describe('DM tree URIs of any depth or length: a tree or one DdfError, never a RangeError (issue 8 §4)', () => {
	test('random URIs up to 10,000 segments through dmTree and diff', () => {
		const segment = fc.oneof(fc.constantFrom('a', 'DMAcc', 'x', '', '.', '..'), fc.string({ minLength: 1, maxLength: 70 }));
		const uri = fc.tuple(fc.array(segment, { minLength: 1, maxLength: 40 }), fc.nat({ max: 10000 })).map(([parts, repeat]) => `./${parts.join('/')}${'/a'.repeat(repeat)}`);
		fc.assert(
			fc.property(fc.array(uri, { maxLength: 4 }), (uris) => {
				let tree;
				try {
					tree = dmTree(uris.map((u) => [u, 'v'] as const));
				} catch (error) {
					if (!(error instanceof DdfError)) throw error;
					expect(error.message.length).toBeLessThan(300);
					return;
				}
				diff(new Map(), tree, dmAccSchema());
			}),
			{ numRuns: 2000 }
		);
	});
});
