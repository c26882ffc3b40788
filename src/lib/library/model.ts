// What the library keeps, as records of the storage (schema version 2, see storage/schema.ts) and as the
// summaries it hands to pages. Times are milliseconds since the epoch (Date.now()).
//
// Card keys (ADM1, PIN1, the NETWPIN IMSI key, USERPIN) are never stored: no record below has a field for them.
// They are typed on the Bootstrap and Card pages for one operation and are not part of any document text. The
// only secrets a document text can hold are parm values (AAUTHSECRET, AUTHSECRET, PXAUTH-PW, …) and DM account
// credentials: see secrets/names.ts for how those are kept out of storage or sealed.

/** The three kinds of document the studio authors. */
export const DOCUMENT_KINDS = ['cp', 'dm-account', 'dm-tree'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export const DOCUMENT_KIND_LABELS: Readonly<Record<DocumentKind, string>> = {
	cp: 'CP document',
	'dm-account': 'DM account',
	'dm-tree': 'DM tree'
};

/** Why a version exists. */
export const VERSION_ORIGINS = ['save', 'restore', 'before-restore', 'conflict', 'import'] as const;
export type VersionOrigin = (typeof VERSION_ORIGINS)[number];

/**
 * A secret value sealed with the session key (AES-GCM): `path` names the field in clear (it is no secret) so that
 * a value can follow its field across writes made while the library is locked; `iv` and `data` are the AES-GCM
 * nonce and ciphertext+tag of the value's raw text, authenticated with the document id and the path.
 */
export interface SealedValue {
	path: string;
	iv: Uint8Array;
	data: Uint8Array;
}

export interface DocumentRecord {
	id: string;
	name: string;
	kind: DocumentKind;
	tags: string[];
	created: number;
	updated: number;
	/** Incremented by every write that touches the document (draft, name, tags, trash, versions). */
	revision: number;
	/** The revision at which the name last changed: a rename based on an older revision is a conflict. */
	nameRevision: number;
	/** How many versions the document has, and the highest version number given so far. */
	versionCount: number;
	lastVersion: number;
	/** When the document was moved to the trash; absent when it is not in the trash. */
	trashed?: number;
}

export interface DraftRecord {
	documentId: string;
	/** The working text as stored: secret values replaced by the placeholder (secrets/rule.ts). */
	text: string;
	/** The document revision at which the text last changed: a write based on an older one is a conflict. */
	revision: number;
	updated: number;
	sealed?: SealedValue[];
}

export interface VersionRecord {
	id: string;
	documentId: string;
	/** 1, 2, 3 … within the document, in the order the versions were made. */
	number: number;
	message: string;
	origin: VersionOrigin;
	created: number;
	/** For a conflict copy: when the tab that lost the race last wrote into it. */
	updated?: number;
	text: string;
	sealed?: SealedValue[];
	/** For origin 'restore': the number of the version that was restored. */
	restoredFrom?: number;
}

/** "Keep secrets in this browser": the PBKDF2 salt and iterations, and a known text sealed with the key. */
export interface SecretsMetaRecord {
	key: 'secrets';
	salt: Uint8Array;
	iterations: number;
	check: { iv: Uint8Array; data: Uint8Array };
}

export type MetaRecord = SecretsMetaRecord;

/** What a page lists: a document without its text. */
export interface DocumentSummary {
	id: string;
	name: string;
	kind: DocumentKind;
	tags: readonly string[];
	created: number;
	updated: number;
	revision: number;
	versionCount: number;
	trashed?: number;
}

export interface VersionSummary {
	id: string;
	documentId: string;
	number: number;
	message: string;
	origin: VersionOrigin;
	created: number;
	updated?: number;
	restoredFrom?: number;
}

/** A secret field whose value is not in the text (kept out of storage, or sealed and not opened). */
export interface SecretField {
	/** The parm or member name as written: AAUTHSECRET, AUTHSECRET, PXAUTH-PW, AAuthSecret, ServerPW. */
	name: string;
	/** Where in the document: `APPLICATION[1]/APPAUTH[1]/AAUTHSECRET`, `$.AppAuth[0].AAuthSecret`. */
	path: string;
	/** 1-based line and column of the value in the text this field list comes with. */
	line: number;
	column: number;
}

/** A secret field of a named document and text (draft or version), for messages that span documents. */
export interface SecretFieldIn extends SecretField {
	documentId: string;
	documentName: string;
	/** 'draft', or the version number. */
	in: 'draft' | number;
}

export function summarise(record: DocumentRecord): DocumentSummary {
	const summary: DocumentSummary = {
		id: record.id,
		name: record.name,
		kind: record.kind,
		tags: [...record.tags],
		created: record.created,
		updated: record.updated,
		revision: record.revision,
		versionCount: record.versionCount
	};
	if (record.trashed !== undefined) summary.trashed = record.trashed;
	return summary;
}

export function summariseVersion(record: VersionRecord): VersionSummary {
	const summary: VersionSummary = {
		id: record.id,
		documentId: record.documentId,
		number: record.number,
		message: record.message,
		origin: record.origin,
		created: record.created
	};
	if (record.updated !== undefined) summary.updated = record.updated;
	if (record.restoredFrom !== undefined) summary.restoredFrom = record.restoredFrom;
	return summary;
}
