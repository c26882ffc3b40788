// The DDF parser is total: random and mutated DDF text ends in a DdfSchema or a DdfError with a location,
// never in another exception. Mutations start from the shipped DDFs and Microsoft's DevInfo DDF.
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { DdfError, DEVDETAIL_DDF, DEVINFO_DDF, DMACC_DDF, parseDdf, type DdfSchema } from '../../src/lib/documents/ddf';

const SEEDS = [DMACC_DDF, DEVINFO_DDF, DEVDETAIL_DDF, readFileSync(new URL('../fixtures/ddf/msft-devinfo.ddf.xml', import.meta.url), 'utf8')];

function parseOrDdfError(text: string): DdfSchema | undefined {
	try {
		return parseDdf(text);
	} catch (error) {
		if (!(error instanceof DdfError)) throw error;
		const location = error.location;
		expect('line' in location && location.line >= 0 && location.column >= 0).toBe(true);
		return undefined;
	}
}

const TOKENS = [
	'<MgmtTree>', '</MgmtTree>', '<VerDTD>1.2</VerDTD>', '<Node>', '</Node>', '<NodeName>', '</NodeName>', 'A', '', '<NodeName/>',
	'<Path>.</Path>', '<Path>./</Path>', '<Path>a//b</Path>', '<DFProperties>', '</DFProperties>', '<AccessType>', '</AccessType>', '<Get/>', '<Replace/>',
	'<DFFormat>', '</DFFormat>', '<chr/>', '<node/>', '<int/>', '<Occurrence>', '</Occurrence>', '<ZeroOrN>', '</ZeroOrN>', '7', '99999999',
	'<OneOrMore/>', '<DFType>', '</DFType>', '<MIME>text/plain</MIME>', '<DDFName/>', '<Value>', '</Value>', '<Scope><Permanent/></Scope>',
	'<CaseSense><CIS/></CaseSense>', '<RTProperties><Type><DDFName>x</DDFName></Type></RTProperties>', '<MSFT:X/>', 'text', ' ', '\n', '&amp;', '<'
];

describe('DDF parser fuzz: DdfError only', () => {
	test('random token soup', () => {
		fc.assert(
			fc.property(fc.array(fc.constantFrom(...TOKENS), { maxLength: 60 }), (parts) => {
				parseOrDdfError(parts.join(''));
			}),
			{ numRuns: 3000 }
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
			{ numRuns: 2000 }
		);
	});

	test('the seeds themselves parse', () => {
		for (const seed of SEEDS) expect(parseOrDdfError(seed)).toBeDefined();
	});
});
