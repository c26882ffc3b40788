// Property tests of the CP model: parseProvDoc is total (a ProvDoc or a ProvDocError), validateProvDoc never
// throws on any ProvDoc, and serialize → parse keeps the model.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	CHARACTERISTICS,
	parseProvDoc,
	ProvDocError,
	provDocFromXml,
	provDocToXml,
	serializeProvDoc,
	RULES,
	validateProvDoc,
	type Characteristic,
	type Finding,
	type Parm,
	type ProvDoc
} from '../../src/lib/documents/provcont';

const valid = readFileSync(new URL('../fixtures/provcont/libwbxml-style-full.xml', import.meta.url), 'utf8');

const RULE_IDS = new Set<string>(RULES.map((r) => r.id));

/**
 * What a finding on a parsed text must be: a rule of the catalog with its catalog severity or a lower one (rules
 * resting on unverified facts are demoted), a message that names something, and a line:column inside the text
 * (1-based, as the editor and `pstudio validate` show it).
 */
function expectLocatedFinding(f: Finding, lines: readonly string[]): void {
	// Plain checks, one throw: this runs for every finding of 30,000 documents, and expect() costs more than the check.
	const problem = findingProblem(f) ?? (f.line < 1 || f.line > lines.length ? `line ${f.line} outside 1..${lines.length}` : undefined) ?? (f.column < 1 || f.column > lines[f.line - 1].length + 1 ? `column ${f.column} outside line ${f.line}` : undefined);
	if (problem !== undefined) throw new Error(`${problem}: ${JSON.stringify(f)}`);
}

/** What is wrong with a finding whatever its document: rule outside the catalog, severity, empty or broken message. */
function findingProblem(f: Finding): string | undefined {
	if (!RULE_IDS.has(f.rule)) return `rule ${f.rule} is not in the catalog`;
	if (f.severity !== 'error' && f.severity !== 'warning' && f.severity !== 'info') return `severity ${String(f.severity)}`;
	if (!/\S/.test(f.message)) return 'empty message';
	if (/undefined|\[object /.test(f.message)) return 'message shows undefined or [object]';
	return undefined;
}

function parseOrError(text: string): ProvDoc | undefined {
	try {
		return parseProvDoc(text);
	} catch (error) {
		expect(error).toBeInstanceOf(ProvDocError);
		return undefined;
	}
}

/** A valid document with a few edits: deletions, insertions of markup fragments, duplications. */
const mutated = fc
	.array(
		fc.record({
			at: fc.nat({ max: valid.length }),
			cut: fc.nat({ max: 12 }),
			insert: fc.constantFrom('', '<', '>', '"', '/>', '<parm name="X"/>', '<characteristic type="PORT">', '</characteristic>', 'text', '&', '<parm/>', '<characteristic>', ' type="A"', ' value="1"')
		}),
		{ minLength: 1, maxLength: 4 }
	)
	.map((edits) => edits.reduce((text, e) => text.slice(0, e.at) + e.insert + text.slice(e.at + e.cut), valid));

describe('parseProvDoc on arbitrary input', () => {
	it('returns a ProvDoc or throws ProvDocError for random strings', () => {
		fc.assert(fc.property(fc.string({ maxLength: 200 }), (text) => void parseOrError(text)), { numRuns: 45000 });
	});

	it('the unmutated document has no error finding (so errors below come from the edits)', () => {
		expect(validateProvDoc(parseProvDoc(valid)).filter((f) => f.severity === 'error')).toEqual([]);
	});

	it('returns a ProvDoc or throws ProvDocError for mutated valid documents, and every finding is a catalog rule inside the text', () => {
		fc.assert(
			fc.property(mutated, (text) => {
				const doc = parseOrError(text);
				if (doc === undefined) return;
				const lines = text.split(/\r\n|\r|\n/);
				const findings = validateProvDoc(doc);
				for (const f of findings) expectLocatedFinding(f, lines);
				// Validation is a function of the document: the same findings twice.
				if (JSON.stringify(validateProvDoc(doc)) !== JSON.stringify(findings)) throw new Error('a second validation gave other findings');
			}),
			{ numRuns: 30000 }
		);
	});
});

const KNOWN = Object.keys(CHARACTERISTICS);
const PARM_NAMES = [...new Set(Object.values(CHARACTERISTICS).flatMap((c) => Object.keys(c.parms)))];
const typeName = fc.oneof(fc.constantFrom(...KNOWN, '__proto__', 'constructor', 'VERS', 'Clock', 'napdef'), fc.string({ maxLength: 6 }));
const parmName = fc.oneof(fc.constantFrom(...PARM_NAMES, '__proto__', 'hasOwnProperty', 'INIT'), fc.string({ maxLength: 6 }));
const position = fc.option(fc.oneof(fc.record({ line: fc.nat(), column: fc.nat() }), fc.record({ offset: fc.nat() })), { nil: undefined });
const parm: fc.Arbitrary<Parm> = fc
	.record({ name: parmName, value: fc.option(fc.oneof(fc.constantFrom('NAP1', 'P1', 'INTERNET', '9201', 'GSM-GPRS', 'A,B'), fc.string({ maxLength: 6 })), { nil: undefined }), position })
	.map(({ name, value, position: p }) => {
		const result: Parm = { kind: 'parm', name };
		if (value !== undefined) result.value = value;
		if (p !== undefined) result.valuePosition = p;
		return result;
	});
const characteristic: fc.Arbitrary<Characteristic> = fc.letrec<{ c: Characteristic; item: Parm | Characteristic }>((tie) => ({
	c: fc
		.record({ type: typeName, items: fc.array(tie('item'), { maxLength: 5, depthIdentifier: 'cp' }), position, version: fc.boolean() })
		.map(({ type, items, position: p, version }) => {
			const result: Characteristic = { kind: 'characteristic', type, items };
			if (p !== undefined) result.position = p;
			if (version) result.extraAttributes = [{ name: 'version', value: '1' }];
			return result;
		}),
	item: fc.oneof({ depthSize: 'small', withCrossShrink: true }, parm, tie('c'))
})).c;
const provDoc: fc.Arbitrary<ProvDoc> = fc.array(characteristic, { maxLength: 5 }).map((characteristics) => ({ characteristics }));

describe('validateProvDoc and the serializer on random trees', () => {
	it('never throws and gives well-formed findings', () => {
		fc.assert(
			fc.property(provDoc, (doc) => {
				for (const f of validateProvDoc(doc)) {
					const problem = findingProblem(f);
					if (problem !== undefined) throw new Error(`${problem}: ${JSON.stringify(f)}`);
				}
			}),
			{ numRuns: 15000 }
		);
	});

	it('serialize → parse gives back the model for trees whose text is XML characters', () => {
		const clean = (s: string): string => s.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '');
		const strip = (items: (Parm | Characteristic)[]): (Parm | Characteristic)[] =>
			items.map((item) =>
				item.kind === 'parm'
					? { kind: 'parm', name: clean(item.name), ...(item.value === undefined ? {} : { value: clean(item.value) }) }
					: { kind: 'characteristic', type: clean(item.type), items: strip(item.items) }
			);
		fc.assert(
			fc.property(provDoc, (doc) => {
				const plain: ProvDoc = { characteristics: strip(doc.characteristics) as Characteristic[] };
				expect(provDocFromXml(provDocToXml(plain))).toEqual(plain);
				const reparsed = parseProvDoc(serializeProvDoc(plain));
				expect(serializeProvDoc(reparsed)).toBe(serializeProvDoc(plain));
			}),
			{ numRuns: 10000 }
		);
	});
});
