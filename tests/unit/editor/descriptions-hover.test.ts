// The descriptions table cannot drift from the schema: every characteristic type and parm of schema.ts has one, no
// entry names something the schema lacks, and every WBXML token a description cites is the PROV table's token for
// that name (client-provisioning.md §2, §3). Then what hovering shows.
import { describe, expect, it } from 'vitest';
import { PROV } from '../../../src/lib/codec/wbxml/languages/prov';
import { CHARACTERISTIC_DESCRIPTIONS, describeParm, PARM_DESCRIPTIONS } from '../../../src/lib/documents/provcont/rules/descriptions';
import { CHARACTERISTICS } from '../../../src/lib/documents/provcont/rules/schema';
import { hoverAt } from '../../../src/lib/ui/editor/cp-hover';

describe('descriptions.ts against schema.ts', () => {
	it('describes every characteristic type, and nothing else', () => {
		expect(Object.keys(CHARACTERISTIC_DESCRIPTIONS).sort()).toEqual(Object.keys(CHARACTERISTICS).sort());
	});
	it('describes every parm of every characteristic, and nothing else', () => {
		const names = new Set(Object.values(CHARACTERISTICS).flatMap((c) => Object.keys(c.parms)));
		expect(Object.keys(PARM_DESCRIPTIONS).sort()).toEqual([...names].sort());
		for (const [type, spec] of Object.entries(CHARACTERISTICS)) {
			for (const name of Object.keys(spec.parms)) expect(describeParm(type, name)?.summary, `${type}/${name}`).toMatch(/\S/);
		}
	});
	it('gives a meaning of its own inside a characteristic only where the parm is in that characteristic', () => {
		for (const [name, entry] of Object.entries(PARM_DESCRIPTIONS)) {
			for (const type of Object.keys(entry.within ?? {})) expect(Object.hasOwn(CHARACTERISTICS[type]?.parms ?? {}, name), `${name} in ${type}`).toBe(true);
		}
	});
	it('cites, for each name, the token the PROV tables give it', () => {
		const cited = (section: string): { token: number; page: 0 | 1 } | undefined => {
			const m = /token (0x[0-9A-F]{2})( page 1)?/.exec(section);
			return m === null ? undefined : { token: parseInt(m[1], 16), page: m[2] === undefined ? 0 : 1 };
		};
		let checked = 0;
		for (const [type, d] of Object.entries(CHARACTERISTIC_DESCRIPTIONS)) {
			const c = cited(d.section);
			if (c === undefined) continue;
			expect(PROV.pages[c.page]?.attributeStarts?.[c.token], type).toEqual({ name: 'type', prefix: type });
			checked++;
		}
		for (const [name, d] of Object.entries(PARM_DESCRIPTIONS)) {
			const c = cited(d.section);
			if (c === undefined) continue;
			// APPREF/TO-APPREF are Kannel-only tokens the studio does not use (client-provisioning.md §3).
			if (name === 'APPREF' || name === 'TO-APPREF') continue;
			expect(PROV.pages[c.page]?.attributeStarts?.[c.token], name).toEqual({ name: 'name', prefix: name });
			checked++;
		}
		expect(checked).toBe(79);
	});
});

const DOC = `<wap-provisioningdoc version="1.1">
  <characteristic type="NAPDEF">
    <parm name="NAPID" value="NAP1"/>
    <parm name="BEARER" value="GSM-GPRS"/>
  </characteristic>
  <characteristic type="APPLICATION">
    <parm name="NAME" value="Browser"/>
    <parm name="TO-NAPID" value="NAP1"/>
    <parm name="VENDOR-THING" value="1"/>
  </characteristic>
</wap-provisioningdoc>`;

const inside = (needle: string, shift: number): number => DOC.indexOf(needle) + shift;

describe('hover', () => {
	it('on a characteristic type: its meaning, where it may be, its parms and the schema source', () => {
		const info = hoverAt(DOC, inside('type="NAPDEF"', 8));
		expect(info?.title).toBe('characteristic NAPDEF');
		expect(info?.summary).toBe(CHARACTERISTIC_DESCRIPTIONS.NAPDEF.summary);
		expect(info?.facts[0]).toBe('May be in: the top level');
		expect(info?.facts).toContain('Required: NAPID, NAME, NAP-ADDRESS');
		expect(info?.sections).toEqual([CHARACTERISTIC_DESCRIPTIONS.NAPDEF.section, 'ProvCont §5 NAPDEF']);
		expect(info && DOC.slice(info.from, info.to)).toBe('NAPDEF');
	});
	it('on a parm name: its meaning in that characteristic, cardinality and values', () => {
		const info = hoverAt(DOC, inside('name="BEARER"', 7));
		expect(info?.title).toBe('parm BEARER in NAPDEF');
		expect(info?.facts[0]).toBe('Optional, may repeat');
		expect(info?.facts[1]).toMatch(/^Value: GSM-USSD, GSM-SMS, .*CDMA2000-1X-MOBILE-IP$/);
		const name = hoverAt(DOC, inside('name="NAME" value="Browser"', 7));
		expect(name?.summary).toBe(PARM_DESCRIPTIONS.NAME.within?.APPLICATION);
	});
	it('on a secret parm: says it is one (schema.ts secret)', () => {
		const doc = '<wap-provisioningdoc><characteristic type="NAPDEF"><characteristic type="NAPAUTHINFO"><parm name="AUTHSECRET" value="s"/>';
		expect(hoverAt(doc, doc.indexOf('AUTHSECRET') + 2)?.facts).toEqual(['Optional, at most once', 'Value: text', 'A secret: the library keeps it out of storage unless secrets are kept encrypted']);
	});
	it('on a reference value: where the id is defined', () => {
		const info = hoverAt(DOC, inside('name="TO-NAPID" value="NAP1"', 24));
		expect(info?.facts).toContain('"NAP1" is defined by the NAPID of a NAPDEF, line 3 (F12 goes there)');
	});
	it('on an application-specific parm: says it is taken as such', () => {
		expect(hoverAt(DOC, inside('VENDOR-THING', 2))?.summary).toBe('Not a ProvCont APPLICATION parm: taken as application- or vendor-specific.');
	});
	it('says nothing between tags', () => {
		expect(hoverAt(DOC, DOC.indexOf('\n  <characteristic') + 1)).toBeNull();
	});
});
