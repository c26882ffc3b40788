import { describe, expect, it } from 'vitest';
import { declaredPlaceholders, placeholderNames, placeholderPrefix } from '../../../src/lib/ui/editor/placeholder-names';
import { TEMPLATES } from '../../../src/lib/ui/workspace/templates';

// The editor's placeholders (issue 11 §2): `${NAME}` as issue 10's syntax takes it (a letter or _ first, then letters,
// digits, _), the names a template declares by using them, typed by the places they stand in (slots.ts wording).

const doc = (parms: string): string => `<wap-provisioningdoc version="1.0">
  <characteristic type="NAPDEF">
    <parm name="NAPID" value="INTERNET"/>
    <parm name="NAME" value="Internet"/>
    <parm name="BEARER" value="GSM-GPRS"/>
${parms}  </characteristic>
</wap-provisioningdoc>
`;

describe('placeholderNames', () => {
	it('lists each name once, in order of first use, and skips what the syntax refuses (${1X}, ${}, ${A-B})', () => {
		expect(placeholderNames('${APN} ${IMSI} ${APN} ${1X} ${} ${A-B} $APN {APN} ${_x9}')).toEqual(['APN', 'IMSI', '_x9']);
	});
});

describe('declaredPlaceholders', () => {
	it('types a placeholder by its place: NAP-ADDRESS text, a whole PORTNBR an integer port, AUTHSECRET secret', () => {
		const text = doc(`    <parm name="NAP-ADDRESS" value="\${APN}"/>
    <parm name="NAP-ADDRTYPE" value="APN"/>
    <characteristic type="NAPAUTHINFO">
      <parm name="AUTHTYPE" value="PAP"/>
      <parm name="AUTHNAME" value="\${USER}"/>
      <parm name="AUTHSECRET" value="\${PASSWORD}"/>
    </characteristic>
`);
		const declared = declaredPlaceholders(text, 'cp');
		expect(declared.map((p) => [p.name, p.secret])).toEqual([
			['APN', false],
			['USER', false],
			['PASSWORD', true]
		]);
		expect(declared[0].where).toBe('parm NAP-ADDRESS of NAPDEF');
	});

	it('a placeholder that is a whole LINGER value is typed as the integer LINGER takes', () => {
		const [linger] = declaredPlaceholders(doc('    <parm name="LINGER" value="${LINGER}"/>\n'), 'cp');
		expect(linger.where).toBe('parm LINGER of NAPDEF');
		expect(linger.type).toMatch(/^an integer/);
	});

	it('the batch starter template declares APN and IMSI', () => {
		const t = TEMPLATES.find((x) => x.id === 'cp-batch-apn')!;
		expect(declaredPlaceholders(t.text, 'cp').map((p) => p.name)).toEqual(['APN', 'IMSI']);
	});

	it('a text without placeholders declares none (and is not compiled)', () => {
		expect(declaredPlaceholders(doc(''), 'cp')).toEqual([]);
	});
});

describe('placeholderPrefix', () => {
	it('finds the name being typed after ${ up to the cursor', () => {
		expect(placeholderPrefix('<parm name="X" value="${')).toEqual({ name: '', from: 24 });
		expect(placeholderPrefix('value="${AP')).toEqual({ name: 'AP', from: 9 });
		expect(placeholderPrefix('value="${APN}')).toBeUndefined();
		expect(placeholderPrefix('value="${1A')).toBeUndefined();
		expect(placeholderPrefix('value="$APN')).toBeUndefined();
	});
});

describe('the editor extension', () => {
	it('gives the same completion source at every position and transaction (the autocompletion keeps answers by source)', async () => {
		const { EditorState } = await import('@codemirror/state');
		const { placeholders } = await import('../../../src/lib/ui/editor/placeholders');
		const state = EditorState.create({ doc: 'value="${A}" ${', extensions: [placeholders('cp')] });
		const first = state.languageDataAt('autocomplete', 15);
		const next = state.update({ changes: { from: 15, insert: 'X' } }).state.languageDataAt('autocomplete', 16);
		expect(first).toHaveLength(1);
		expect(next[0]).toBe(first[0]);
	});
});
