import { describe, expect, it } from 'vitest';
import { compileCpTemplate } from '../../../src/lib/documents/template';
import { parseProvDoc, validateProvDoc } from '../../../src/lib/documents/provcont';
import { isUserTemplate, nameFromTemplate, templateName, TEMPLATES, USER_TEMPLATE_TAG } from '../../../src/lib/ui/workspace/templates';
import { dmAccountFindings } from '../../../src/lib/ui/editor/dm-findings';

// Issue 11 §2: every document "New…" offers is valid as it starts — through the validator `pstudio validate` runs
// (parseProvDoc + validateProvDoc, src/cli/validate.ts) for CP documents, the account reader for a DM account, and
// the batch's template compiler for the one with placeholders. Infos (application-specific parms) are allowed.

const errorsAndWarnings = (findings: readonly { severity: string; line: number; column: number; rule: string; message: string }[]): string[] =>
	findings.filter((f) => f.severity !== 'info').map((f) => `${f.line}:${f.column} ${f.severity} ${f.rule} ${f.message}`);

describe('starter templates', () => {
	it('offers the settings operators send every day', () => {
		expect(TEMPLATES.map((t) => t.id)).toEqual(['cp-empty', 'cp-sample', 'dm-account', 'cp-apn', 'cp-apn-mms', 'cp-apn-browser', 'cp-email', 'cp-dm-w7', 'cp-batch-apn']);
	});

	for (const t of TEMPLATES.filter((t) => t.kind === 'cp' && t.id !== 'cp-empty')) {
		it(`${t.id}: no error or warning from pstudio validate's validator`, () => {
			expect(errorsAndWarnings(validateProvDoc(parseProvDoc(t.text)))).toEqual([]);
		});
	}

	it('cp-empty: no error, only the warning that it has no characteristic yet', () => {
		const t = TEMPLATES.find((x) => x.id === 'cp-empty')!;
		expect(errorsAndWarnings(validateProvDoc(parseProvDoc(t.text)))).toEqual(['3:1 warning empty-document wap-provisioningdoc has no characteristic (at least one expected)']);
	});

	it('dm-account: the account reader finds nothing', () => {
		const t = TEMPLATES.find((x) => x.id === 'dm-account')!;
		expect(dmAccountFindings(t.text)).toEqual([]);
	});

	it('cp-batch-apn compiles as a batch template with the placeholders APN and IMSI, no finding', () => {
		const t = TEMPLATES.find((x) => x.id === 'cp-batch-apn')!;
		const compiled = compileCpTemplate(t.text);
		expect(errorsAndWarnings(compiled.findings)).toEqual([]);
		expect(compiled.ok).toBe(true);
		if (compiled.ok) expect(compiled.template.placeholders.map((p) => p.name)).toEqual(['APN', 'IMSI']);
	});

	it('the starters hold the characteristics their names promise', () => {
		const text = (id: string): string => TEMPLATES.find((t) => t.id === id)!.text;
		expect(text('cp-apn')).toContain('<characteristic type="NAPAUTHINFO">');
		expect(text('cp-apn-mms')).toContain('<parm name="APPID" value="w4"/>');
		expect(text('cp-apn-mms')).toContain('<characteristic type="PXPHYSICAL">');
		expect(text('cp-apn-browser').match(/<characteristic type="RESOURCE">/g)).toHaveLength(3);
		expect(text('cp-email')).toContain('<parm name="APPID" value="143"/>');
		expect(text('cp-email')).toContain('<parm name="APPID" value="25"/>');
		expect(text('cp-dm-w7')).toContain('<parm name="APPID" value="w7"/>');
		// No starter carries a secret: passwords are typed by the user.
		for (const t of TEMPLATES) expect(t.text).not.toMatch(/AUTHSECRET|AAuthSecret/);
	});
});

describe("the user's own templates", () => {
	it('are the documents tagged "template" (not in the trash), saved as "<name> (template)", copied without the suffix', () => {
		expect(USER_TEMPLATE_TAG).toBe('template');
		expect(isUserTemplate({ tags: ['pilot', 'template'] })).toBe(true);
		expect(isUserTemplate({ tags: ['templates'] })).toBe(false);
		expect(isUserTemplate({ tags: ['template'], trashed: 1 })).toBe(false);
		expect(templateName('APN Vodafone')).toBe('APN Vodafone (template)');
		expect(templateName('APN Vodafone (template)')).toBe('APN Vodafone (template)');
		expect(nameFromTemplate('APN Vodafone (template)')).toBe('APN Vodafone');
		expect(nameFromTemplate('Plain')).toBe('Plain');
		expect(nameFromTemplate(' (template)')).toBe('Untitled');
	});
});
