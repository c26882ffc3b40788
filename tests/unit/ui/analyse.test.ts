import { describe, expect, it } from 'vitest';
import { toHex } from '../../../src/lib/codec/hex';
import { analyseDocument, offsetOfLineColumn, sortFindings, spansOf } from '../../../src/lib/ui/analyse';
import { SAMPLE_DOCUMENT } from '../../../src/lib/ui/sample';

describe('studio: caret position of a finding', () => {
	const text = 'ab\ncdef\n\nxyz';
	it('maps 1-based line/column to the string index', () => {
		expect(offsetOfLineColumn(text, 1, 1)).toBe(0);
		expect(offsetOfLineColumn(text, 2, 3)).toBe(5); // 'e'
		expect(offsetOfLineColumn(text, 4, 1)).toBe(9); // 'x'
	});
	it('clamps a column past the end of its line and a line past the end of the text', () => {
		expect(offsetOfLineColumn(text, 1, 99)).toBe(2);
		expect(offsetOfLineColumn(text, 3, 5)).toBe(8);
		expect(offsetOfLineColumn(text, 9, 1)).toBe(text.length);
	});
});

describe('studio: finding order', () => {
	it('sorts by line, then column, errors first at the same place', () => {
		const f = (line: number, column: number, severity: 'error' | 'warning' | 'info') => ({ rule: 'r', message: 'm', line, column, severity });
		expect(sortFindings([f(3, 1, 'info'), f(2, 5, 'warning'), f(2, 5, 'error'), f(1, 9, 'warning')])).toEqual([
			f(1, 9, 'warning'),
			f(2, 5, 'error'),
			f(2, 5, 'warning'),
			f(3, 1, 'info')
		]);
	});
});

describe('studio: analysis of the editor text', () => {
	it('encodes the sample with the header of WAP-192 §5.4–5.6 and no error finding', () => {
		const a = analyseDocument(SAMPLE_DOCUMENT, { version: 0x03, stringTable: true });
		expect(a.findings.filter((f) => f.severity === 'error')).toEqual([]);
		expect(a.wbxml).toBeDefined();
		// 03 = WBXML 1.3, 0B = PROV 1.0 public id, 6A = UTF-8; then the string table "NAP1\0" (NAPID and TO-NAPID).
		expect(toHex(a.wbxml!.bytes.subarray(0, 9), ' ')).toBe('03 0B 6A 05 4E 41 50 31 00');
		expect(a.wbxml!.spans.slice(0, 3).map((s) => [s.kind, s.hex])).toEqual([
			['version', '03'],
			['public-id', '0B'],
			['charset', '6A']
		]);
		// Every byte is covered by exactly one span, in order.
		let next = 0;
		for (const s of a.wbxml!.spans) {
			expect(s.offset).toBe(next);
			next += s.length;
		}
		expect(next).toBe(a.wbxml!.bytes.length);
	});

	it('gives a not-well-formed document one error finding with its position and no bytes', () => {
		const a = analyseDocument('<wap-provisioningdoc>\n  <characteristic type="NAPDEF">\n', { version: 0x03, stringTable: true });
		expect(a.wbxml).toBeUndefined();
		expect(a.wbxmlProblem).toBe('The XML is not well-formed: nothing to encode.');
		expect(a.findings).toHaveLength(1);
		expect(a.findings[0].severity).toBe('error');
		expect(a.findings[0].line).toBeGreaterThanOrEqual(2);
	});

	it('reports a root no WBXML language knows, at the root', () => {
		const a = analyseDocument('<?xml version="1.0"?>\n<nothing-known/>\n', { version: 0x03, stringTable: true });
		expect(a.wbxml).toBeUndefined();
		expect(a.findings.find((f) => f.rule === 'unknown-language')).toEqual({
			rule: 'unknown-language',
			severity: 'error',
			message: 'no WBXML language known for root element <nothing-known>',
			line: 2,
			column: 1
		});
	});
});

describe('studio: hex spans', () => {
	it("shows the codec's label without the bytes it repeats at its front", () => {
		const bytes = new Uint8Array([0x03, 0x58, 0x00, 0x83, 0x00, 0x55]);
		const spans = spansOf(bytes, [
			{ offset: 0, length: 3, kind: 'inline-string', label: '03 STR_I "X"', depth: 3 },
			{ offset: 3, length: 2, kind: 'table-string', label: '83 00 STR_T [0] "NAP1"', depth: 3 },
			{ offset: 5, length: 1, kind: 'attribute-start', label: 'type="NAPDEF"', depth: 2 }
		]);
		expect(spans.map((s) => [s.hex, s.meaning])).toEqual([
			['03 58 00', 'STR_I "X"'],
			['83 00', 'STR_T [0] "NAP1"'],
			['55', 'type="NAPDEF"']
		]);
	});
});

describe('studio: a document with ${NAME} placeholders is checked as a template', () => {
	// A proxy whose port comes from the order: PORTNBR takes an integer 0..65535 (ProvCont PORT), so a placeholder
	// standing alone there is typed as a port and filled per row; the same placeholder with text after it can never
	// be a port. The batch export (compileCpTemplate) says exactly this; the Document page must not say "not an integer".
	const template = (portValue: string): string => `<?xml version="1.0"?>
<wap-provisioningdoc version="1.0">
  <characteristic type="NAPDEF">
    <parm name="NAPID" value="NAP1"/>
    <parm name="BEARER" value="GSM-GPRS"/>
    <parm name="NAME" value="\${NAME}"/>
    <parm name="NAP-ADDRESS" value="\${APN}"/>
    <parm name="NAP-ADDRTYPE" value="APN"/>
  </characteristic>
  <characteristic type="PXLOGICAL">
    <parm name="PROXY-ID" value="PX1"/>
    <parm name="NAME" value="Proxy"/>
    <characteristic type="PXPHYSICAL">
      <parm name="PHYSICAL-PROXY-ID" value="PHY1"/>
      <parm name="PXADDR" value="10.0.0.1"/>
      <parm name="PXADDRTYPE" value="IPV4"/>
      <parm name="TO-NAPID" value="NAP1"/>
      <characteristic type="PORT">
        <parm name="PORTNBR" value="${portValue}"/>
      </characteristic>
    </characteristic>
  </characteristic>
</wap-provisioningdoc>
`;
	const options = { version: 3, stringTable: true } as const;

	it('finds nothing wrong with ${PORT} standing alone in PORTNBR (it was "not an integer from 0 to 65535")', () => {
		expect(analyseDocument(template('${PORT}'), options).findings).toEqual([]);
	});

	it('says where ${PORT}x can never be a port: line 19, column 37 (8 spaces and `<parm name="PORTNBR" value="` before it)', () => {
		expect(analyseDocument(template('${PORT}x'), options).findings).toEqual([
			{
				rule: 'placeholder-not-whole',
				severity: 'error',
				message: 'parm PORTNBR of PORT takes an integer from 0 to 65535: ${PORT} must be the whole value, found "${PORT}x"',
				line: 19,
				column: 37,
				placeholder: 'PORT'
			}
		]);
	});

	it('still checks the written-out rules of a template: a literal port out of range beside a placeholder', () => {
		const findings = analyseDocument(template('70000').replace('value="Proxy"', 'value="${PROXY}"'), options).findings;
		expect(findings.map((f) => [f.rule, f.line])).toEqual([['value-port', 19]]);
	});

	it('checks a document without placeholders by the ProvCont rules as before', () => {
		const findings = analyseDocument(template('70000').replace('${NAME}', 'Internet').replace('${APN}', 'internet'), options).findings;
		expect(findings.map((f) => [f.rule, f.line, f.column])).toEqual([['value-port', 19, 30]]);
	});
});
