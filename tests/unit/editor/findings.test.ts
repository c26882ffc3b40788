// The validator's findings placed in the editor: line:column counted as codec/xml counts them (code points, LF/CRLF/CR,
// BOM outside line 1's columns), shown as lint diagnostics with the same rule, severity and message, and their fixes.
import { forEachDiagnostic, type Diagnostic } from '@codemirror/lint';
import { EditorState, Text } from '@codemirror/state';
import { describe, expect, it } from 'vitest';
import { parseProvDoc, validateProvDoc, type Finding } from '../../../src/lib/documents/provcont';
import { findingDiagnostic, findingsField, findingsLint, placedDiagnostics, setFindings } from '../../../src/lib/ui/editor/findings-lint';
import { findingRange, lineColumnAt, offsetOfLineColumn, replacementChange, valueRemoval } from '../../../src/lib/ui/editor/findings';

// Line 5 holds a parm whose NAME value is an emoji (one code point, two UTF-16 units) before the one mistake:
// GSM-GPRSX is not a BEARER (client-provisioning.md §4, 0xA2–0xBA).
const lines = [
	'<wap-provisioningdoc version="1.0">',
	'  <characteristic type="NAPDEF">',
	'    <parm name="NAPID" value="NAP1"/>',
	'    <parm name="NAP-ADDRESS" value="apn"/>',
	'    <parm name="NAME" value="\u{1F600}"/><parm name="BEARER" value="GSM-GPRSX"/>',
	'  </characteristic>',
	'</wap-provisioningdoc>'
];

function bearerFinding(text: string): Finding {
	const finding = validateProvDoc(parseProvDoc(text)).find((f) => f.rule === 'value-enum');
	if (finding === undefined) throw new Error('the validator reports no value-enum');
	return finding;
}

describe('line:column as the validator counts them', () => {
	it('counts a surrogate pair as one column: the finding lands on value= after the emoji', () => {
		const text = lines.join('\n');
		const finding = bearerFinding(text);
		// By hand: 4 spaces, `<parm name="NAME" value="` (25), the emoji (1 column), `"/>` (3), `<parm name="BEARER" ` (20):
		// value= is the 54th character of line 5 (and the 55th UTF-16 unit).
		expect([finding.line, finding.column]).toEqual([5, 54]);
		const doc = Text.of(lines);
		const offset = offsetOfLineColumn(doc, finding.line, finding.column);
		expect(offset).toBe(text.indexOf('value="GSM-GPRSX"'));
		expect(lineColumnAt(doc, offset)).toEqual({ line: 5, column: 54 });
	});
	it('places findings of a CRLF document and of a CR document on the same text (CodeMirror splits lines there too)', () => {
		for (const eol of ['\r\n', '\r']) {
			const text = lines.join(eol);
			const finding = bearerFinding(text);
			expect([finding.line, finding.column]).toEqual([5, 54]);
			const doc = EditorState.create({ doc: text }).doc;
			expect(doc.sliceString(offsetOfLineColumn(doc, finding.line, finding.column)).startsWith('value="GSM-GPRSX"')).toBe(true);
		}
	});
	it('does not count a byte order mark as a column of line 1', () => {
		const text = '\uFEFF<wap-provisioningdoc><characteristic type="FOO"><parm name="X"/></characteristic></wap-provisioningdoc>';
		const finding = validateProvDoc(parseProvDoc(text)).find((f) => f.rule === 'unknown-characteristic');
		// `<wap-provisioningdoc>` is 21 characters: the characteristic's '<' is column 22, the BOM before it not counted.
		expect([finding?.line, finding?.column]).toEqual([1, 22]);
		const doc = Text.of([text]);
		expect(offsetOfLineColumn(doc, 1, 22)).toBe(text.indexOf('<characteristic'));
		expect(lineColumnAt(doc, text.indexOf('<characteristic'))).toEqual({ line: 1, column: 22 });
		expect(offsetOfLineColumn(doc, 1, 1)).toBe(1);
	});
	it('clamps a column past the end of its line and a line past the end of the document', () => {
		const doc = Text.of(['ab', 'cdef']);
		expect(offsetOfLineColumn(doc, 1, 99)).toBe(2);
		expect(offsetOfLineColumn(doc, 9, 1)).toBe(doc.length);
		expect(offsetOfLineColumn(doc, 0, 0)).toBe(0);
	});
});

describe('lint diagnostics from pushed findings', () => {
	const text = lines.join('\n');
	const findings = validateProvDoc(parseProvDoc(text));

	function diagnostics(state: EditorState): { text: string; d: Diagnostic }[] {
		const out: { text: string; d: Diagnostic }[] = [];
		forEachDiagnostic(state, (d, from, to) => out.push({ text: state.doc.sliceString(from, to), d }));
		return out;
	}

	it('shows each finding with its message, severity, and rule and line:column as the source', () => {
		const state = EditorState.create({ doc: text, extensions: [findingsLint()] }).update({ effects: setFindings.of({ findings }) }).state;
		const shown = diagnostics(state);
		const bearer = bearerFinding(text);
		const d = shown.find((s) => s.d.source?.startsWith('value-enum'));
		expect(d?.text).toBe('value="GSM-GPRSX"');
		expect(d?.d.message).toBe(bearer.message);
		expect(d?.d.message).toContain('GSM-GPRSX');
		expect(d?.d.severity).toBe('error');
		expect(d?.d.source).toBe('value-enum 5:54');
		expect(shown).toHaveLength(findings.length);
		expect(state.field(findingsField)).toBe(findings);
	});
	it('keeps a marker on its text while the document is edited before it, and replaces the set on the next push', () => {
		let state = EditorState.create({ doc: text, extensions: [findingsLint()] }).update({ effects: setFindings.of({ findings }) }).state;
		state = state.update({ changes: { from: 0, insert: '<!-- a comment -->\n' } }).state;
		expect(diagnostics(state).find((s) => s.d.severity === 'error')?.text).toBe('value="GSM-GPRSX"');
		state = state.update({ effects: setFindings.of({ findings: [] }) }).state;
		expect(diagnostics(state)).toEqual([]);
	});
	it('places findings computed for an older text through the edits made since (a late analysis)', () => {
		let state = EditorState.create({ doc: text, extensions: [findingsLint()] });
		const analysed = state.doc;
		// Two keystrokes after the text went to the analysis: a line added at the top, a character inside the marker.
		const first = state.update({ changes: { from: 0, insert: '<!-- new -->\n' } });
		state = first.state;
		const inside = state.doc.toString().indexOf('GSM-GPRSX') + 3;
		const second = state.update({ changes: { from: inside, insert: 'Z' } });
		state = second.state;
		const since = first.changes.compose(second.changes);
		state = state.update({ effects: setFindings.of({ findings, doc: analysed, changes: since }) }).state;
		expect(diagnostics(state).find((s) => s.d.severity === 'error')?.text).toBe('value="GSMZ-GPRSX"');
		expect(placedDiagnostics({ findings, doc: analysed, changes: since }, state.doc).map((d) => state.doc.sliceString(d.from, d.to))).toContain('value="GSMZ-GPRSX"');
	});
	it('underlines a whole start tag for a finding at its "<"', () => {
		const doc = Text.of(['  <characteristic type="FOO"><parm name="X" value="1"/>']);
		expect(findingRange(doc, { rule: 'unknown-characteristic', severity: 'error', message: 'm', line: 1, column: 3 })).toEqual({ from: 2, to: 29 });
	});
});

describe('quick fixes', () => {
	it('offers no replacement for a finding without machine-readable suggestions', () => {
		const doc = Text.of(lines);
		const bearer = bearerFinding(lines.join('\n'));
		expect(findingDiagnostic(doc, { ...bearer, suggestions: undefined } as Finding).actions).toBeUndefined();
	});
	it('offers each suggestion a finding carries, replacing the value it is about', () => {
		const doc = Text.of(lines);
		const bearer = { ...bearerFinding(lines.join('\n')), suggestions: ['GSM-GPRS'] } as Finding;
		const d = findingDiagnostic(doc, bearer);
		expect(d.actions?.map((a) => a.name)).toEqual(['Replace with GSM-GPRS']);
		const change = replacementChange(doc, d.from, 'value', 'GSM-GPRS');
		expect(change && doc.replace(change.from, change.to, Text.of([change.insert])).line(5).text).toBe(
			'    <parm name="NAME" value="\u{1F600}"/><parm name="BEARER" value="GSM-GPRS"/>'
		);
	});
	it('removes the value of a flag written with one (value-flag)', () => {
		const text = '<wap-provisioningdoc><characteristic type="NAPDEF"><parm name="NAPID" value="N"/><parm name="INTERNET"  value="1"/></characteristic></wap-provisioningdoc>';
		const finding = validateProvDoc(parseProvDoc(text)).find((f) => f.rule === 'value-flag');
		expect(finding?.message).toBe('parm INTERNET takes no value, found "1"');
		const doc = Text.of([text]);
		const d = findingDiagnostic(doc, finding as Finding);
		expect(d.actions?.map((a) => a.name)).toEqual(['Remove the value']);
		const change = valueRemoval(doc, d.from);
		expect(change && doc.replace(change.from, change.to, Text.empty).toString()).toContain('<parm name="INTERNET"/>');
	});
});
