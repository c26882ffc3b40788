// The one error type of the document library: a stable code, where (a JSON path and the document's name for an
// import file; the document for an operation), and one line that says what was expected and what was found.
// Messages never quote a secret value (a passphrase, an AAUTHSECRET): they name the field instead.

export type LibraryErrorCode =
	/** An import file that is not a library export, or one that breaks its format. Nothing was changed. */
	| 'bad-import'
	/** An import file written by a newer studio (a format version this code does not know). */
	| 'newer-format'
	/** The database was written by a newer studio (a schema version this code does not know). */
	| 'newer-schema'
	/** No document (or version) with that id. */
	| 'not-found'
	/** A name, tag or passphrase that the library does not take (empty, too long, control characters). */
	| 'bad-input'
	/** "Keep secrets" is on but the passphrase was not entered in this session. */
	| 'locked'
	/** The passphrase does not open the secrets (AES-GCM authentication failed). */
	| 'wrong-passphrase'
	/** The browser refused to store or read (quota, private mode, a closed connection). */
	| 'storage'
	/** The library was closed (by the caller, or because another tab upgraded the database). */
	| 'closed';

export interface LibraryErrorWhere {
	/** JSON path into an import file: `$.documents[2].versions[0].text`. */
	jsonPath?: string;
	/** The document concerned, by name (import files: when the path lies inside a document that has one). */
	document?: string;
}

export class LibraryError extends Error {
	override readonly name = 'LibraryError';
	constructor(
		readonly code: LibraryErrorCode,
		/** The one line shown to the user. */
		message: string,
		readonly where: LibraryErrorWhere = {}
	) {
		super(message);
	}
}

/** A name or text cut for a one-line message. */
export function short(text: string, max = 60): string {
	const line = text.replace(/[\u0000-\u001f\u007f]/g, ' ');
	return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** A name in a message: cut to one short line, in JSON quotes (so a quote inside it cannot mislead). */
export function quoted(text: string, max = 60): string {
	return JSON.stringify(short(text, max));
}
