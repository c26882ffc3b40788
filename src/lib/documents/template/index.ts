// Public face of templates (issue 10): a CP document or a DM account with placeholders, compiled once and filled
// per row of an order. Syntax: syntax.ts; typing by place: slots.ts; rows: DocumentTemplate.expand.
export { compileCpTemplate, type CpTemplateOptions, type TemplateCompilation } from './cp';
export { DocumentTemplate, type PlaceholderInfo, type PlaceholderUse, type RowResult, type Template, type TemplateValue } from './document-template';
export { TemplateError, type TemplateErrorCode } from './error';
export { TEMPLATE_RULES, formatFinding, type RowFinding, type TemplateFinding, type TemplateRuleId } from './findings';
export { PLACEHOLDER_NAME, MAX_NAME_LENGTH, placeholderRegExp, parseTemplateValue, type ParsedValue, type SyntaxProblem, type TemplatePart } from './syntax';
export { compileDmTemplate, type DmRendering, type DmTemplateOptions } from './dm';
