// The one error type of the XML layer: every not-well-formed input ends here, with a 1-based line/column.

export type XmlErrorCode = 'not-well-formed' | 'no-root' | 'multiple-roots' | 'too-deep' | 'too-large' | 'bad-encoding';

/** Not-well-formed XML: where (1-based line/column) and why. */
export class XmlError extends Error {
	readonly code: XmlErrorCode;
	readonly line: number;
	readonly column: number;
	/** The reason without the location prefix, e.g. `unclosed tag <parm>`. */
	readonly reason: string;

	constructor(code: XmlErrorCode, line: number, column: number, reason: string) {
		super(`line ${line}, column ${column}: ${reason}`);
		this.name = 'XmlError';
		this.code = code;
		this.line = line;
		this.column = column;
		this.reason = reason;
	}
}
