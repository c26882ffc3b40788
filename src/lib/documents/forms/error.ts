// The one error type of the forms: a form cannot read or write the document it was given. The text itself not
// being a wap-provisioningdoc is the document model's ProvDocError (line:column), passed through unchanged.

export type FormErrorCode = 'no-such-instance' | 'unsupported-markup';

export class FormError extends Error {
	readonly code: FormErrorCode;
	/** Offset in the XML text the form was reading, when the problem has a place. */
	readonly offset?: number;
	readonly reason: string;

	constructor(code: FormErrorCode, reason: string, offset?: number) {
		super(offset === undefined ? reason : `offset ${offset}: ${reason}`);
		this.name = 'FormError';
		this.code = code;
		this.reason = reason;
		if (offset !== undefined) this.offset = offset;
	}
}
