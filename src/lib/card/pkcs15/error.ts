/** Stable codes for every PKCS#15 failure; UI and CLI switch on these, never on the message. */
export type Pkcs15ErrorCode =
	| 'truncated'
	| 'bad-length'
	| 'indefinite-length'
	| 'high-tag-number'
	| 'trailing-bytes'
	| 'too-deep'
	| 'unexpected-tag'
	| 'wrong-structure'
	| 'schema'
	| 'bad-path'
	| 'document-too-large'
	| 'duplicate-oid'
	| 'bad-argument'
	| 'no-pkcs15-application'
	| 'file-size-unknown'
	| 'file-too-small'
	| 'ef-dir-full';

/** Which file a location refers to, so a message can say "ODF offset 0x0A" rather than just an offset. */
export type Pkcs15File = 'EF.DIR' | 'ODF' | 'TokenInfo' | 'DODF' | 'Path' | 'layout' | 'card';

/** Every PKCS#15 failure: a stable code, the file and the byte offset where the bytes stopped making sense. */
export class Pkcs15Error extends Error {
	override readonly name = 'Pkcs15Error';
	constructor(
		readonly code: Pkcs15ErrorCode,
		readonly file: Pkcs15File,
		/** Byte offset inside the file (decode) or -1 when the problem is not in a byte string (build, card). */
		readonly offset: number,
		message: string
	) {
		super(offset >= 0 ? `${file} offset 0x${offset.toString(16).toUpperCase()}: ${message}` : `${file}: ${message}`);
	}
}
