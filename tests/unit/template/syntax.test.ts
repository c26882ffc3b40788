// The placeholder syntax (src/lib/documents/template/syntax.ts): ${NAME}, $$ for a literal $, every other $ itself,
// and a finding at the $ of every ${ that makes no placeholder. Expected parts written by hand from those rules.
import { describe, expect, it } from 'vitest';
import { parseTemplateValue } from '../../../src/lib/documents/template/index';

const FIX = 'write ${NAME} (NAME: a letter or _, then letters, digits or _), or $${ for a literal ${';

describe('template syntax: placeholders and literal text', () => {
	it('reads a whole-value placeholder', () => {
		expect(parseTemplateValue('${PORT}')).toEqual({ parts: [{ name: 'PORT', at: 0, length: 7 }], problems: [] });
	});

	it('reads several placeholders mixed with literal text in one value', () => {
		// "${MCC}${MNC}.example": MCC at 0 (6 chars), MNC at 6 (6 chars), then the literal ".example".
		expect(parseTemplateValue('${MCC}${MNC}.example')).toEqual({
			parts: [{ name: 'MCC', at: 0, length: 6 }, { name: 'MNC', at: 6, length: 6 }, '.example'],
			problems: []
		});
		expect(parseTemplateValue('web.mnc${MNC}.mcc${MCC}.gprs').parts).toEqual(['web.mnc', { name: 'MNC', at: 7, length: 6 }, '.mcc', { name: 'MCC', at: 17, length: 6 }, '.gprs']);
	});

	it('takes $$ as a literal $, so $${X} is the literal text ${X} and $$${X} a $ before the placeholder', () => {
		expect(parseTemplateValue('$${X}')).toEqual({ parts: ['${X}'], problems: [] });
		expect(parseTemplateValue('$$${X}')).toEqual({ parts: ['$', { name: 'X', at: 2, length: 4 }], problems: [] });
		expect(parseTemplateValue('a$$b')).toEqual({ parts: ['a$b'], problems: [] });
	});

	it('leaves any other $ as it is', () => {
		expect(parseTemplateValue('US$5 and $X and $')).toEqual({ parts: ['US$5 and $X and $'], problems: [] });
	});

	it('accepts names of letters, digits and _ not starting with a digit, case-sensitive', () => {
		expect(parseTemplateValue('${_a1}${A_B}${iccid}').parts).toEqual([
			{ name: '_a1', at: 0, length: 6 },
			{ name: 'A_B', at: 6, length: 6 },
			{ name: 'iccid', at: 12, length: 8 }
		]);
	});
});

describe('template syntax: a ${ that makes no placeholder is a finding at its $', () => {
	it('reports an empty placeholder', () => {
		expect(parseTemplateValue('x${}y')).toEqual({ parts: ['xy'], problems: [{ at: 1, message: `empty placeholder \${}: ${FIX}` }] });
	});

	it('reports a name starting with a digit, and a name holding another character', () => {
		expect(parseTemplateValue('${1X}').problems).toEqual([{ at: 0, message: `placeholder name "1X" starts with "1": ${FIX}` }]);
		expect(parseTemplateValue('ab${ICC-ID}').problems).toEqual([{ at: 2, message: `placeholder name "ICC-ID" holds "-": ${FIX}` }]);
	});

	it('reports a placeholder without its closing brace, showing only the name part', () => {
		expect(parseTemplateValue('http://${HOST/path')).toEqual({
			parts: ['http://HOST/path'],
			problems: [{ at: 7, message: `placeholder \${HOST/path has no closing }: ${FIX}` }]
		});
		expect(parseTemplateValue('${A B}').problems).toEqual([{ at: 0, message: `placeholder name "A B" holds " ": ${FIX}` }]);
	});

	it('writes a control or bidi character of a bad placeholder as \\uXXXX, never raw (a message is one safe line)', () => {
		expect(parseTemplateValue('${\u0000abc').problems).toEqual([{ at: 0, message: `placeholder \${\\u0000abc has no closing }: ${FIX}` }]);
		expect(parseTemplateValue('${A\u202eB}').problems).toEqual([{ at: 0, message: `placeholder name "A\\u202eB" holds "\\u202e": ${FIX}` }]);
		expect(parseTemplateValue('${\u009bX}').problems).toEqual([{ at: 0, message: `placeholder name "\\u009bX" starts with "\\u009b": ${FIX}` }]);
	});

	it('reports every bad placeholder of a value, and keeps the good ones', () => {
		const parsed = parseTemplateValue('${}-${OK}-${9}');
		expect(parsed.problems.map((p) => p.at)).toEqual([0, 10]);
		expect(parsed.parts).toEqual(['-', { name: 'OK', at: 4, length: 5 }, '-']);
	});

	it('refuses a name longer than 64 characters', () => {
		const name = 'N'.repeat(65);
		expect(parseTemplateValue(`\${${name}}`).problems).toEqual([{ at: 0, message: `placeholder name of 65 characters, at most 64: ${FIX}` }]);
	});
});
