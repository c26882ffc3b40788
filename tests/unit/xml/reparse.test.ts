// XmlReparser: typing inside a parm's value patches the last document (the same object comes back) with the value
// and the columns after it on that line moved; every other edit parses whole. The random comparison with parseXml
// is tests/fuzz/xml-reparse.test.ts.
import { describe, expect, it } from 'vitest';
import { parseXml, XmlError, XmlReparser, type XmlElement } from '../../../src/lib/codec/xml';

const TEXT = `<wap-provisioningdoc version="1.1">
  <characteristic type="NAPDEF"><parm name="NAME" value="GPRS"/> <parm name="NAPID" value="NAP1"/>
    <parm name="BEARER" value="GSM-GPRS"/>
  </characteristic>
</wap-provisioningdoc>
`;

function napdef(doc: { root: XmlElement }): XmlElement {
	return doc.root.children.find((c): c is XmlElement => c.kind === 'element') as XmlElement;
}
function parms(doc: { root: XmlElement }): XmlElement[] {
	return napdef(doc).children.filter((c): c is XmlElement => c.kind === 'element');
}

describe('XmlReparser', () => {
	it('patches a value typed into: the same document, the value, and what follows on its line moved by one column', () => {
		const reparser = new XmlReparser();
		const first = reparser.parse(TEXT);
		// "GPRS" → "GPRSx": line 2 is `  <characteristic type="NAPDEF"><parm name="NAME" value="GPRS"/> <parm name="NAPID" …`.
		const typed = TEXT.replace('value="GPRS"', 'value="GPRSx"');
		const second = reparser.parse(typed);
		expect(second).toBe(first);
		const [name, napid, bearer] = parms(second);
		// Columns of line 2: two spaces, `<characteristic` 3–17, ` type="NAPDEF"` 18–31, `>` 32, `<parm` 33–37,
		// ` name="NAME"` 38–49, ` value` from 51: the attribute before the edit stays at 51.
		expect(name.attributes[1]).toEqual({ name: 'value', value: 'GPRSx', position: { line: 2, column: 51 } });
		// `value="GPRS"` 51–62, `/>` 63–64, a space 65: the NAPID parm's '<' was at 66, now 67; its name 72 → 73.
		expect(napid.position).toEqual({ line: 2, column: 67 });
		expect(napid.attributes[0].position).toEqual({ line: 2, column: 73 });
		// The next line does not move.
		expect(bearer.position).toEqual({ line: 3, column: 5 });
		expect(second).toEqual(parseXml(typed));
	});

	it('parses whole when the new value holds a reference, and when the edit is outside a value', () => {
		const reparser = new XmlReparser();
		const first = reparser.parse(TEXT);
		const withReference = TEXT.replace('value="GPRS"', 'value="G&amp;S"');
		const second = reparser.parse(withReference);
		expect(second).not.toBe(first);
		expect(parms(second)[0].attributes[1].value).toBe('G&S');
		const renamed = withReference.replace('<parm name="BEARER"', '<parm  name="BEARER"');
		const third = reparser.parse(renamed);
		expect(third).not.toBe(second);
		expect(third).toEqual(parseXml(renamed));
	});

	it('gives parseXml\'s error for a quote typed into a value, and patches again from the last good text', () => {
		const reparser = new XmlReparser();
		const first = reparser.parse(TEXT);
		const broken = TEXT.replace('value="GPRS"', 'value="GP"RS"');
		expect(() => reparser.parse(broken)).toThrow(XmlError);
		// The quote typed closes the value at column 60 (`value="GP` is 51–59); the R after it at 61 is the error.
		expect(() => reparser.parse(broken)).toThrow(/^line 2, column 61: /);
		const fixed = TEXT.replace('value="GPRS"', 'value="GPRS2"');
		expect(reparser.parse(fixed)).toBe(first);
		expect(parms(first)[0].attributes[1].value).toBe('GPRS2');
	});
});
