// What a template and a row can be found to have wrong. A template's problems are findings with a line and column
// in the template's text (one per problem, like `pstudio validate`); a row's are findings that say which placeholder
// (and so which column of the order) gave the value, and where that placeholder stands in the template. A finding
// never repeats the value of a secret (a placeholder standing in a secret parm or field, or given a Secret).
import type { Finding, Severity } from '../provcont';

/** The template's own rules; the document rules (ProvCont, DM account) keep their ids. */
export const TEMPLATE_RULES = [
	{ id: 'placeholder-syntax', severity: 'error', title: 'A ${ that makes no placeholder (${}, ${1X}, ${X without })', source: 'template syntax (syntax.ts)' },
	{ id: 'placeholder-in-name', severity: 'error', title: 'A placeholder in an element or attribute name, a parm name, a characteristic type, an xmlns, the DOCTYPE or the XML declaration: they decide the tokens and the schema, so they are written out; or inside a reference (&#${X};), which is resolved when the template is read', source: 'template syntax (markup.ts); XML 1.0 §2.3, §4.1' },
	{ id: 'placeholder-not-filled', severity: 'warning', title: 'A placeholder in a comment or a processing instruction: neither is written to the WBXML nor to the filled XML, so it is never filled', source: 'template syntax (markup.ts)' },
	{ id: 'placeholder-in-flag', severity: 'error', title: 'A placeholder as the value of a flag parm (INTERNET, MASTER, …), which takes no value', source: 'ProvCont §5 "Boolean-like parms written without value"' },
	{ id: 'placeholder-not-whole', severity: 'error', title: 'A placeholder mixed with text where a typed value belongs (PORTNBR, BEARER, a DM Port or AAuthLevel): it must be the whole value', source: 'template typing (slots.ts)' },
	{ id: 'placeholder-type-conflict', severity: 'error', title: 'One placeholder stands alone in two typed places that no value satisfies both (a port and a BEARER)', source: 'template typing (slots.ts)' },
	{ id: 'not-well-formed', severity: 'error', title: 'The template is not well-formed XML or JSON', source: 'XML 1.0 / RFC 8259' },
	{ id: 'bad-structure', severity: 'error', title: 'The template is not a wap-provisioningdoc or a DM account', source: 'prov.dtd; read-account.ts' },
	{ id: 'unencodable', severity: 'error', title: 'The document cannot be written as WBXML', source: 'WAP-192' },
	{ id: 'placeholder-unbound', severity: 'error', title: 'A placeholder no column of the order gives a value', source: 'column mapping' },
	{ id: 'mapping-unknown', severity: 'error', title: 'The mapping names a placeholder the template does not have, or a column the order does not have', source: 'column mapping' },
	{ id: 'value-empty', severity: 'error', title: "A row's cell is empty where a placeholder needs its value", source: 'row expansion' },
	{ id: 'value-not-xml', severity: 'error', title: "A row's value holds a character XML 1.0 cannot carry", source: 'XML 1.0 §2.2 Char' }
] as const satisfies readonly { id: string; severity: Severity; title: string; source: string }[];

export type TemplateRuleId = (typeof TEMPLATE_RULES)[number]['id'];

/** A problem of the template: a ProvCont or DM finding of the document, or one of TEMPLATE_RULES. Line and column
 *  are in the template's text (0 when the problem has no place there, e.g. in a rendering option). */
export interface TemplateFinding extends Finding {
	/** The placeholder the finding is about, when there is one. */
	placeholder?: string;
}

/** A problem of one row's values. */
export interface RowFinding {
	rule: string;
	severity: Severity;
	message: string;
	/** The placeholder whose value caused it (the first, when several make the value). */
	placeholder?: string;
	/** The order column that gave that value, when the template was bound to columns. */
	orderColumn?: string;
	/** Where the placeholder stands in the template (0 when it has no place there). */
	line: number;
	column: number;
}

export function templateRuleSeverity(id: TemplateRuleId): Severity {
	return TEMPLATE_RULES.find((r) => r.id === id)?.severity ?? 'error';
}

/** One line for a person: `line:column severity rule message`, as `pstudio validate` prints findings. */
export function formatFinding(finding: TemplateFinding | RowFinding): string {
	const where = finding.line > 0 ? `${finding.line}:${finding.column} ` : '';
	return `${where}${finding.severity} ${finding.rule} ${finding.message}`;
}
