// The one error type of templates: a template that cannot be used at all, or a call that breaks the contract (a row
// of the wrong length). A template's problems are findings (findings.ts); this carries the first error among them.
import type { TemplateFinding } from './findings';

export type TemplateErrorCode = 'bad-template' | 'bad-binding' | 'bad-row';

export class TemplateError extends Error {
	override readonly name = 'TemplateError';
	/** 1-based, 0 when the problem has no place in the template's text. */
	readonly line: number;
	readonly column: number;

	constructor(
		readonly code: TemplateErrorCode,
		/** What was expected and what was found, without the location prefix. */
		readonly reason: string,
		where: { line: number; column: number } = { line: 0, column: 0 },
		/** Every finding of a bad template (the first error is the reason). */
		readonly findings: readonly TemplateFinding[] = []
	) {
		super(where.line > 0 ? `line ${where.line}, column ${where.column}: ${reason}` : reason);
		this.line = where.line;
		this.column = where.column;
	}
}
