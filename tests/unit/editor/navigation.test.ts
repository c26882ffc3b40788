// Go to definition and rename of NAPID / PROXY-ID / APPREF (client-provisioning.md §5: TO-NAPID names a NAPDEF's
// NAPID, TO-PROXY a PXLOGICAL's PROXY-ID, TO-APPREF an APPLICATION's APPREF).
import { history, undo, undoDepth } from '@codemirror/commands';
import { EditorState } from '@codemirror/state';
import { describe, expect, it } from 'vitest';
import { parseProvDoc, validateProvDoc } from '../../../src/lib/documents/provcont';
import { definitionAt, occurrencesAt, renameAt } from '../../../src/lib/ui/editor/cp-navigation';

const DOC = `<wap-provisioningdoc version="1.1">
  <characteristic type="NAPDEF">
    <parm name="NAPID" value="NAP1"/>
    <parm name="NAME" value="GPRS"/>
    <parm name="NAP-ADDRESS" value="apn.example"/>
  </characteristic>
  <characteristic type="NAPDEF">
    <parm name="NAPID" value="NAP2"/>
    <parm name="NAME" value="NAP1"/>
    <parm name="NAP-ADDRESS" value="apn2.example"/>
  </characteristic>
  <characteristic type="PXLOGICAL">
    <parm name="PROXY-ID" value="PX1"/>
    <parm name="NAME" value="Proxy"/>
    <characteristic type="PXPHYSICAL">
      <parm name="PHYSICAL-PROXY-ID" value="P1"/>
      <parm name="PXADDR" value="10.0.0.1"/>
      <parm name="TO-NAPID" value="NAP1"/>
    </characteristic>
  </characteristic>
  <characteristic type="APPLICATION">
    <parm name="APPID" value="w2"/>
    <parm name="TO-PROXY" value="PX1"/>
    <parm name="TO-NAPID" value='NAP1'/>
    <parm name="TO-NAPID" value="INTERNET"/>
  </characteristic>
</wap-provisioningdoc>
`;

/** Offset of the n-th (0-based) occurrence of `needle`, plus `shift`. */
function offsetOf(needle: string, n = 0, shift = 0): number {
	let at = -1;
	for (let i = 0; i <= n; i++) at = DOC.indexOf(needle, at + 1);
	if (at < 0) throw new Error(`${needle} not found`);
	return at + shift;
}

describe('go to definition', () => {
	it('goes from a TO-NAPID to the NAPDEF NAPID it names (and not to a NAME that happens to read the same)', () => {
		const target = definitionAt(DOC, offsetOf('name="TO-NAPID" value="NAP1"', 0, 'name="TO-NAPID" value="'.length + 2));
		expect(target && [target.from, target.to]).toEqual([offsetOf('value="NAP1"', 0, 7), offsetOf('value="NAP1"', 0, 11)]);
		expect(target && DOC.slice(target.from, target.to)).toBe('NAP1');
		expect(target?.symbol.characteristic).toBe('NAPDEF');
	});
	it('works from either end of the value and with single quotes', () => {
		const start = offsetOf("value='NAP1'", 0, 7);
		expect(definitionAt(DOC, start)?.from).toBe(offsetOf('value="NAP1"', 0, 7));
		expect(definitionAt(DOC, start + 4)?.from).toBe(offsetOf('value="NAP1"', 0, 7));
	});
	it('goes from a TO-PROXY to the PXLOGICAL PROXY-ID', () => {
		const target = definitionAt(DOC, offsetOf('name="TO-PROXY" value="PX1"', 0, 24));
		expect(target?.from).toBe(offsetOf('name="PROXY-ID" value="PX1"', 0, 'name="PROXY-ID" value="'.length));
	});
	it('finds nothing for INTERNET (no NAPDEF), nor on a parm that is no reference', () => {
		expect(definitionAt(DOC, offsetOf('value="INTERNET"', 0, 8))).toBeUndefined();
		expect(definitionAt(DOC, offsetOf('value="GPRS"', 0, 8))).toBeUndefined();
	});
});

describe('rename', () => {
	it('renames a NAPID from its definition with both references, leaving the NAME that reads NAP1 alone', () => {
		const result = renameAt(DOC, offsetOf('value="NAP1"', 0, 8), 'GPRS-1');
		if (!result.ok) throw new Error(result.reason);
		expect(result.rename.changes).toHaveLength(3);
		let renamed = DOC;
		for (const c of [...result.rename.changes].reverse()) renamed = renamed.slice(0, c.from) + c.insert + renamed.slice(c.to);
		expect(renamed).toBe(
			DOC.replace('name="NAPID" value="NAP1"', 'name="NAPID" value="GPRS-1"')
				.replace('name="TO-NAPID" value="NAP1"', 'name="TO-NAPID" value="GPRS-1"')
				.replace("name=\"TO-NAPID\" value='NAP1'", "name=\"TO-NAPID\" value='GPRS-1'")
		);
		expect(renamed).toContain('<parm name="NAME" value="NAP1"/>');
		// The validator agrees: no dangling reference after the rename.
		expect(validateProvDoc(parseProvDoc(renamed)).filter((f) => f.rule.startsWith('ref-'))).toEqual([]);
	});
	it('renames from a reference too, and escapes the new name for each value\'s quotes', () => {
		const result = renameAt(DOC, offsetOf("value='NAP1'", 0, 9), `A"B'C&D`);
		if (!result.ok) throw new Error(result.reason);
		expect(result.rename.changes.map((c) => c.insert)).toEqual(['A&quot;B\'C&amp;D', 'A&quot;B\'C&amp;D', 'A"B&apos;C&amp;D']);
	});
	it('refuses a name already defined, an empty name, and a place that is no id', () => {
		expect(renameAt(DOC, offsetOf('value="NAP1"', 0, 8), 'NAP2')).toEqual({ ok: false, reason: 'NAPID "NAP2" is already defined in this document' });
		expect(renameAt(DOC, offsetOf('value="NAP1"', 0, 8), '')).toEqual({ ok: false, reason: 'a NAPID cannot be empty' });
		expect(renameAt(DOC, offsetOf('value="GPRS"', 0, 8), 'X').ok).toBe(false);
	});
	it('is one transaction that one undo takes back', () => {
		const result = renameAt(DOC, offsetOf('value="PX1"', 0, 8), 'PROXY-A');
		if (!result.ok) throw new Error(result.reason);
		let state = EditorState.create({ doc: DOC, extensions: [history()] });
		state = state.update({ changes: result.rename.changes, userEvent: 'input.rename' }).state;
		expect(state.doc.toString()).toContain('name="TO-PROXY" value="PROXY-A"');
		expect(undoDepth(state)).toBe(1);
		undo({ state, dispatch: (tr) => (state = tr.state) });
		expect(state.doc.toString()).toBe(DOC);
	});
	it('lists the occurrences of an id: definition first, then references in document order', () => {
		expect(occurrencesAt(DOC, offsetOf('value="NAP1"', 0, 8)).map((o) => `${o.role} ${o.parm} in ${o.characteristic}`)).toEqual([
			'definition NAPID in NAPDEF',
			'reference TO-NAPID in PXPHYSICAL',
			'reference TO-NAPID in APPLICATION'
		]);
	});
});
