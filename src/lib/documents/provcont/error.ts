// The one error type of the CP document model: the input is not a wap-provisioningdoc at all.
// (Validation findings are data, not errors.)
import type { SourcePosition } from '../../codec/xml/tree';

export type ProvDocErrorCode = 'not-well-formed' | 'not-provisioning-doc' | 'bad-structure';

/** The text cannot be read as a wap-provisioningdoc at all (validation findings are not errors of this kind). */
export class ProvDocError extends Error {
	readonly code: ProvDocErrorCode;
	/** 1-based; 0 when the position is a WBXML byte offset. */
	readonly line: number;
	readonly column: number;
	/** Byte offset, for documents decoded from WBXML. */
	readonly offset?: number;
	readonly reason: string;

	constructor(code: ProvDocErrorCode, position: SourcePosition | undefined, reason: string) {
		super(`${where(position)}${reason}`);
		this.name = 'ProvDocError';
		this.code = code;
		this.reason = reason;
		if (position !== undefined && 'offset' in position) {
			this.line = 0;
			this.column = 0;
			this.offset = position.offset;
		} else {
			this.line = position?.line ?? 0;
			this.column = position?.column ?? 0;
		}
	}
}

function where(position: SourcePosition | undefined): string {
	if (position === undefined) return '';
	if ('offset' in position) return `WBXML offset 0x${position.offset.toString(16).toUpperCase()}: `;
	return `line ${position.line}, column ${position.column}: `;
}
