// completionsAt at many cursor positions. Expected lists are written from client-provisioning.md §5 (the hierarchy and
// parm lists) and §4/§5 value lists by hand, and checked against the schema table read here directly — never taken
// from completionsAt itself.
import { CompletionContext } from '@codemirror/autocomplete';
import { xml } from '@codemirror/lang-xml';
import { EditorState } from '@codemirror/state';
import { describe, expect, it } from 'vitest';
import { CHARACTERISTICS } from '../../../src/lib/documents/provcont/rules/schema';
import { BEARERS, SERVICES } from '../../../src/lib/documents/provcont/rules/values';
import { parseProvDoc, validateProvDoc } from '../../../src/lib/documents/provcont';
import { completionsAt } from '../../../src/lib/ui/editor/cp-completions';
import { cpCompletionSource } from '../../../src/lib/ui/editor/completion-source';

/** The text without its '§' marker and the marker's offset (the cursor). */
function at(marked: string): { text: string; offset: number } {
	const offset = marked.indexOf('§');
	if (offset < 0 || marked.indexOf('§', offset + 1) >= 0) throw new Error('exactly one § expected');
	return { text: marked.slice(0, offset) + marked.slice(offset + 1), offset };
}

function labels(marked: string, explicit = false): string[] | null {
	const { text, offset } = at(marked);
	const result = completionsAt(text, offset, { explicit });
	return result === null ? null : result.items.map((i) => i.label);
}

// The schema table, read directly: the types whose parents include `parent`, and the parm names of a characteristic.
const typesUnder = (parent: string | null): string[] => Object.keys(CHARACTERISTICS).filter((t) => CHARACTERISTICS[t].parents.includes(parent));
const parmsOf = (type: string): string[] => Object.keys(CHARACTERISTICS[type].parms);

const HEAD = `<?xml version="1.0"?>
<!DOCTYPE wap-provisioningdoc PUBLIC "-//WAPFORUM//DTD PROV 1.0//EN" "http://www.wapforum.org/DTD/prov.dtd">
<wap-provisioningdoc version="1.1">
`;

describe('characteristic types (client-provisioning.md §5 hierarchy)', () => {
	it('offers the top-level types in type="" of a top-level characteristic', () => {
		const expected = ['PXLOGICAL', 'NAPDEF', 'BOOTSTRAP', 'CLIENTIDENTITY', 'VENDORCONFIG', 'APPLICATION', 'ACCESS'];
		expect(typesUnder(null)).toEqual(expected);
		expect(labels(`${HEAD}  <characteristic type="§"></characteristic>\n</wap-provisioningdoc>`)).toEqual(expected);
	});
	it('offers NAPAUTHINFO and VALIDITY inside NAPDEF, with the cursor in a half-typed value', () => {
		const expected = ['NAPAUTHINFO', 'VALIDITY'];
		expect(typesUnder('NAPDEF')).toEqual(expected);
		expect(labels(`${HEAD}<characteristic type="NAPDEF">\n  <parm name="NAPID" value="N"/>\n  <characteristic type="NAP§"/>\n</characteristic>`)).toEqual(expected);
	});
	it('offers PXAUTHINFO, PXPHYSICAL and PORT inside PXLOGICAL; PORT inside PXPHYSICAL and APPADDR', () => {
		expect(labels(`${HEAD}<characteristic type="PXLOGICAL"><characteristic type="§">`)).toEqual(typesUnder('PXLOGICAL'));
		expect(typesUnder('PXLOGICAL')).toEqual(['PXAUTHINFO', 'PXPHYSICAL', 'PORT']);
		expect(labels(`${HEAD}<characteristic type="PXLOGICAL"><characteristic type="PXPHYSICAL"><characteristic type="§"`)).toEqual(['PORT']);
		expect(labels(`${HEAD}<characteristic type="APPLICATION"><characteristic type="APPADDR"><characteristic type='§'>`)).toEqual(['PORT']);
	});
	it('offers CLIENTIDENTITY, APPADDR, APPAUTH and RESOURCE inside APPLICATION', () => {
		const expected = ['CLIENTIDENTITY', 'APPADDR', 'APPAUTH', 'RESOURCE'];
		expect(typesUnder('APPLICATION')).toEqual(expected);
		expect(labels(`${HEAD}<characteristic type="APPLICATION">\n<parm name="APPID" value="w7"/>\n<characteristic type="§"/>`)).toEqual(expected);
	});
	it('looks past comments, CDATA, closed siblings and nested characteristics to find the parent', () => {
		const doc = `${HEAD}<!-- <characteristic type="NAPDEF"> -->
<characteristic type="APPLICATION">
  <characteristic type="APPADDR"><parm name="ADDR" value="x"/></characteristic>
  <characteristic type="§"/>
</characteristic>`;
		expect(labels(doc)).toEqual(typesUnder('APPLICATION'));
	});
	it('offers nothing under a characteristic of unknown type, inside a parm, or in a comment', () => {
		expect(labels(`${HEAD}<characteristic type="FOO"><characteristic type="§"/>`)).toEqual([]);
		expect(labels(`${HEAD}<characteristic type="NAPDEF"><parm name="NAPID" value="x">NA§</parm></characteristic>`)).toBeNull();
		expect(labels(`${HEAD}<!-- <characteristic type="§"/> -->`)).toBeNull();
	});
});

describe('parm names (client-provisioning.md §5 parm lists)', () => {
	it('offers every NAPDEF parm in a new parm of an empty NAPDEF', () => {
		// §5: NAPID, BEARER*, NAME, INTERNET, NAP-ADDRESS, NAP-ADDRTYPE, DNS-ADDR*, CALLTYPE, LOCAL-ADDR, ... T-BIT.
		expect(parmsOf('NAPDEF').slice(0, 8)).toEqual(['NAPID', 'BEARER', 'NAME', 'INTERNET', 'NAP-ADDRESS', 'NAP-ADDRTYPE', 'DNS-ADDR', 'CALLTYPE']);
		expect(labels(`${HEAD}<characteristic type="NAPDEF">\n  <parm name="§"/>\n</characteristic>`)).toEqual(parmsOf('NAPDEF'));
	});
	it('leaves out the parms allowed once that the characteristic already has, before or after the cursor, but keeps repeatable ones', () => {
		const doc = `${HEAD}<characteristic type="NAPDEF">
  <parm name="NAPID" value="NAP1"/>
  <parm name="BEARER" value="GSM-GPRS"/>
  <parm name="§" value=""/>
  <characteristic type="NAPAUTHINFO"><parm name="NAME" value="nested, not counted"/></characteristic>
  <parm name="NAME" value="after the cursor"/>
</characteristic>`;
		const expected = parmsOf('NAPDEF').filter((p) => p !== 'NAPID' && p !== 'NAME');
		expect(expected).toContain('BEARER');
		expect(labels(doc)).toEqual(expected);
	});
	it('offers nothing the validator then reports: no parm-not-allowed nor parm-repeated for any offered name', () => {
		const { text, offset } = at(`${HEAD}<characteristic type="NAPDEF">
  <parm name="NAPID" value="NAP1"/>
  <parm name="NAME" value="n"/>
  <parm name="BEARER" value="GSM-GPRS"/>
  <parm name="§"/>
</characteristic>
</wap-provisioningdoc>`);
		const items = completionsAt(text, offset)?.items ?? [];
		expect(items.length).toBe(parmsOf('NAPDEF').length - 2);
		for (const item of items) {
			const filled = text.slice(0, offset) + item.label + text.slice(offset);
			const findings = validateProvDoc(parseProvDoc(filled)).filter((f) => f.rule.startsWith('parm-not-allowed') || f.rule === 'parm-repeated');
			expect(findings, item.label).toEqual([]);
		}
	});
	it('offers nothing the validator then reports: no characteristic-placement for any offered type', () => {
		for (const parent of ['PXLOGICAL', 'NAPDEF', 'APPLICATION']) {
			const { text, offset } = at(`${HEAD}<characteristic type="${parent}"><characteristic type="§"><parm name="X"/></characteristic></characteristic>\n</wap-provisioningdoc>`);
			for (const item of completionsAt(text, offset)?.items ?? []) {
				const filled = text.slice(0, offset) + item.label + text.slice(offset);
				const findings = validateProvDoc(parseProvDoc(filled)).filter((f) => f.rule.startsWith('characteristic-placement'));
				expect(findings, `${item.label} in ${parent}`).toEqual([]);
			}
		}
	});
	it('keeps the parm being edited in its own list', () => {
		expect(labels(`${HEAD}<characteristic type="PXAUTHINFO"><parm name="PXAUTH-§ID" value="u"/></characteristic>`)).toEqual(['PXAUTH-TYPE', 'PXAUTH-ID', 'PXAUTH-PW']);
	});
	it('offers the parms of PORT (PORTNBR, SERVICE) in a PORT nested anywhere', () => {
		expect(labels(`${HEAD}<characteristic type="PXLOGICAL"><characteristic type="PXPHYSICAL"><characteristic type="PORT"><parm name="§"`)).toEqual(['PORTNBR', 'SERVICE']);
	});
	it('replaces the whole value, from its opening quote to its closing quote', () => {
		const { text, offset } = at(`${HEAD}<characteristic type="NAPDEF"><parm name="BEA§RX" value="a"/>`);
		const result = completionsAt(text, offset);
		expect(result && text.slice(result.from, result.to)).toBe('BEARX');
	});
});

describe('parm values (client-provisioning.md §4, §5 value constraints)', () => {
	const napdef = (parm: string) => `${HEAD}<characteristic type="NAPDEF"><parm name="NAPID" value="NAP1"/>${parm}</characteristic>`;
	it('offers the 25 BEARER values of §4 (0xA2–0xBA)', () => {
		expect(BEARERS).toHaveLength(25);
		expect(labels(napdef('<parm name="BEARER" value="GSM-§"/>'))).toEqual([...BEARERS]);
	});
	it('offers the address types of §5 for NAP-ADDRTYPE', () => {
		expect(labels(napdef('<parm name="NAP-ADDRTYPE" value="§"/>'))).toEqual(['IPV4', 'IPV6', 'E164', 'ALPHA', 'APN', 'SCODE', 'TETRA-ITSI', 'MAN']);
	});
	it('offers PAP, CHAP, MD5 for AUTHTYPE and AAA, HA for AUTH-ENTITY in NAPAUTHINFO', () => {
		expect(labels(napdef('<characteristic type="NAPAUTHINFO"><parm name="AUTHTYPE" value="§"/>'))).toEqual(['PAP', 'CHAP', 'MD5']);
		expect(labels(napdef('<characteristic type="NAPAUTHINFO"><parm name="AUTH-ENTITY" value="§"/>'))).toEqual(['AAA', 'HA']);
	});
	it('offers AUTOBAUDING for LINKSPEED (an integer or that word) and nothing for LINGER (an integer)', () => {
		expect(labels(napdef('<parm name="LINKSPEED" value="§"/>'))).toEqual(['AUTOBAUDING']);
		expect(labels(napdef('<parm name="LINGER" value="§"/>'))).toBeNull();
	});
	it('offers nothing for a flag (INTERNET is written without value) nor for free text (NAME)', () => {
		expect(labels(napdef('<parm name="INTERNET" value="§"/>'))).toBeNull();
		expect(labels(napdef('<parm name="NAME" value="§"/>'))).toBeNull();
	});
	it('offers the 10 SERVICE values of §4 in a PORT', () => {
		expect(labels(`${HEAD}<characteristic type="PXLOGICAL"><characteristic type="PORT"><parm name="SERVICE" value="CO-§"/>`)).toEqual([...SERVICES]);
		expect(SERVICES).toHaveLength(10);
	});
	it('completes the item of a comma-separated AAUTHTYPE under the cursor only', () => {
		const { text, offset } = at(`${HEAD}<characteristic type="APPLICATION"><characteristic type="APPAUTH"><parm name="AAUTHTYPE" value="HTTP-BASIC,DIG§EST"/>`);
		const result = completionsAt(text, offset);
		expect(result?.items.map((i) => i.label)).toEqual(['HTTP-BASIC', 'HTTP-DIGEST', 'BASIC', 'DIGEST', 'HMAC', 'X509']);
		expect(result && text.slice(result.from, result.to)).toBe('DIGEST');
	});
	it('offers nothing for a parm the characteristic does not have', () => {
		expect(labels(napdef('<parm name="SERVICE" value="§"/>'))).toBeNull();
	});
});

describe('references: the ids the document defines', () => {
	const doc = `${HEAD}<characteristic type="NAPDEF"><parm name="NAPID" value="NAP1"/><parm name="NAME" value="a"/></characteristic>
<characteristic type="NAPDEF"><parm name="NAPID" value="A&amp;B"/></characteristic>
<characteristic type="NAPDEF"><parm name="NAPID" value="NAP1"/></characteristic>
<characteristic type="FOREIGN"><characteristic type="NAPDEF"><parm name="NAPID" value="HIDDEN"/></characteristic></characteristic>
<characteristic type="PXLOGICAL"><parm name="PROXY-ID" value="PX1"/>
  <characteristic type="PXPHYSICAL"><parm name="TO-NAPID" value="§"/></characteristic>
</characteristic>
<characteristic type="APPLICATION"><parm name="APPREF" value="R1"/><parm name="TO-PROXY" value=""/><parm name="TO-APPREF" value=""/></characteristic>
</wap-provisioningdoc>`;
	it('offers the NAPIDs of the NAPDEFs (once each, entity references read) and INTERNET for TO-NAPID', () => {
		// A NAPDEF inside a characteristic of unknown type is not read by the validator, so its NAPID is no definition.
		expect(labels(doc)).toEqual(['NAP1', 'A&B', 'INTERNET']);
	});
	it('inserts an id with the escapes its quotes need', () => {
		const { text, offset } = at(doc);
		const item = completionsAt(text, offset)?.items.find((i) => i.label === 'A&B');
		expect(item?.insert).toBe('A&amp;B');
	});
	it('offers the PROXY-IDs for TO-PROXY and the APPREFs for TO-APPREF', () => {
		const plain = at(doc).text;
		const toProxy = plain.indexOf('name="TO-PROXY" value="') + 'name="TO-PROXY" value="'.length;
		const toAppref = plain.indexOf('name="TO-APPREF" value="') + 'name="TO-APPREF" value="'.length;
		expect(completionsAt(plain, toProxy)?.items.map((i) => i.label)).toEqual(['PX1']);
		expect(completionsAt(plain, toAppref)?.items.map((i) => i.label)).toEqual(['R1']);
	});
	it('offers nothing the validator then reports: each offered NAPID, put in, leaves no ref-to-napid finding', () => {
		const { text, offset } = at(doc);
		for (const item of completionsAt(text, offset)?.items ?? []) {
			const filled = text.slice(0, offset) + (item.insert ?? item.label) + text.slice(offset);
			expect(validateProvDoc(parseProvDoc(filled)).filter((f) => f.rule === 'ref-to-napid')).toEqual([]);
		}
	});
});

describe('elements between tags', () => {
	it('offers, for a word typed in a NAPDEF, its sub-characteristics and its parms as whole elements', () => {
		const result = (() => {
			const { text, offset } = at(`${HEAD}<characteristic type="NAPDEF">\n  <parm name="NAPID" value="N"/>\n  BE§\n</characteristic>`);
			return completionsAt(text, offset);
		})();
		expect(result?.items.map((i) => i.label)).toEqual([...typesUnder('NAPDEF'), ...parmsOf('NAPDEF').filter((p) => p !== 'NAPID')]);
		const bearer = result?.items.find((i) => i.label === 'BEARER');
		expect(bearer?.insert).toBe('<parm name="BEARER" value="${}"/>');
		// A flag is written without value (client-provisioning.md §5, libwbxml prov-008.xml).
		expect(result?.items.find((i) => i.label === 'INTERNET')?.insert).toBe('<parm name="INTERNET"/>');
		expect(result?.items.find((i) => i.label === 'NAPAUTHINFO')?.insert).toBe('<characteristic type="NAPAUTHINFO">\n\t${}\n</characteristic>');
	});
	it('offers the top-level characteristics in the root, and nothing when no word is typed unless asked', () => {
		expect(labels(`${HEAD}  NA§\n</wap-provisioningdoc>`)).toEqual(typesUnder(null));
		expect(labels(`${HEAD}  §\n</wap-provisioningdoc>`)).toBeNull();
		expect(labels(`${HEAD}  §\n</wap-provisioningdoc>`, true)).toEqual(typesUnder(null));
	});
	it('offers nothing outside the root element', () => {
		expect(labels(`<?xml version="1.0"?>\nNA§`)).toBeNull();
	});
});

describe('the CodeMirror completion source', () => {
	const source = (marked: string, explicit = false) => {
		const { text, offset } = at(marked);
		const result = cpCompletionSource(new CompletionContext(EditorState.create({ doc: text, extensions: [xml()] }), offset, explicit));
		return result && !(result instanceof Promise) ? result.options.map((o) => o.label) : null;
	};
	it('answers nothing, without reading the document, in the value of a parm no characteristic completes', () => {
		expect(source(`${HEAD}<characteristic type="NAPDEF"><parm name="NAME" value="Exa§"/>`)).toBeNull();
		// NAME takes free text everywhere (client-provisioning.md §5); BEARER is an enumeration, LINKSPEED has AUTOBAUDING.
		expect(source(`${HEAD}<characteristic type="NAPDEF"><parm name="BEARER" value="§"/>`)).toHaveLength(25);
		expect(source(`${HEAD}<characteristic type="NAPDEF"><parm name="LINKSPEED" value="§"/>`)).toEqual(['AUTOBAUDING']);
	});
	it('gives CodeMirror the same list, range and filter', () => {
		const { text, offset } = at(`${HEAD}<characteristic type="NAPDEF"><parm name="NAP-ADDRTYPE" value="A§"/></characteristic>\n</wap-provisioningdoc>`);
		const state = EditorState.create({ doc: text, extensions: [xml()] });
		const result = cpCompletionSource(new CompletionContext(state, offset, false));
		expect(result && !(result instanceof Promise) ? result.options.map((o) => o.label) : null).toEqual(['IPV4', 'IPV6', 'E164', 'ALPHA', 'APN', 'SCODE', 'TETRA-ITSI', 'MAN']);
		expect(result && !(result instanceof Promise) ? [result.from, result.to] : null).toEqual([offset - 1, offset]);
	});
});
