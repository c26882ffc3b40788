// The library as one file, to move it to another browser or keep a copy: versioned JSON.
//
//   { "format": "provisioning-studio-library", "version": 1,
//     "exported": "2025-03-01T10:00:00.000Z",
//     "secrets": "omitted",                      or "included" — then also a "warning" member saying so
//     "documents": [
//       { "id": "…", "name": "APN Vodafone", "kind": "cp", "tags": ["vodafone"],
//         "created": "…Z", "updated": "…Z", "trashed": "…Z" (only when in the trash),
//         "draft": "<?xml …",
//         "versions": [ { "id": "…", "number": 1, "message": "first", "origin": "save", "created": "…Z",
//                         "updated": "…Z" (conflict copies), "restoredFrom": 1 (origin restore), "text": "…" } ] } ] }
//
// Ids decide identity: importing a file into the library it came from, or twice, adds nothing. Reading is strict
// (every member known and of its type, every id unique, times in the form toISOString writes) so that a damaged
// file is refused whole, with one line naming the JSON path and the document, before anything is written.
// With "secrets": "omitted" (the default) secret values are the placeholder, as stored; "included" puts them in
// clear and says so in the file (only when the user asks, and only what the session can open).
import { jsonLineColumn, jsonSyntaxError } from '../codec/json';
import { LibraryError, quoted, short } from './error';
import { DOCUMENT_KINDS, VERSION_ORIGINS, type DocumentKind, type VersionOrigin } from './model';

export const LIBRARY_FILE_FORMAT = 'provisioning-studio-library';
export const LIBRARY_FILE_VERSION = 1;
export const SECRETS_WARNING = 'This file holds secret values (passwords, shared secrets) in clear text. Keep it like a password.';

/** Longest text (draft or version) taken: 16 Mi UTF-16 code units. */
export const MAX_TEXT_LENGTH = 16 * 1024 * 1024;
export const MAX_NAME_LENGTH = 200;
export const MAX_TAG_LENGTH = 64;
export const MAX_TAGS = 64;
export const MAX_MESSAGE_LENGTH = 2000;
const ID = /^[A-Za-z0-9_-]{1,64}$/;
const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export interface FileVersion {
	id: string;
	number: number;
	message: string;
	origin: VersionOrigin;
	created: number;
	updated?: number;
	restoredFrom?: number;
	text: string;
}

export interface FileDocument {
	id: string;
	name: string;
	kind: DocumentKind;
	tags: string[];
	created: number;
	updated: number;
	trashed?: number;
	draft: string;
	versions: FileVersion[];
}

export interface LibraryFile {
	exported: number;
	secrets: 'omitted' | 'included';
	documents: FileDocument[];
}

// ------------------------------------------------------------------------------------------------------ writing

export function serialiseLibraryFile(file: LibraryFile): string {
	const json: Record<string, unknown> = {
		format: LIBRARY_FILE_FORMAT,
		version: LIBRARY_FILE_VERSION,
		exported: iso(file.exported),
		secrets: file.secrets
	};
	if (file.secrets === 'included') json.warning = SECRETS_WARNING;
	json.documents = file.documents.map((d) => {
		const document: Record<string, unknown> = { id: d.id, name: d.name, kind: d.kind, tags: d.tags, created: iso(d.created), updated: iso(d.updated) };
		if (d.trashed !== undefined) document.trashed = iso(d.trashed);
		document.draft = d.draft;
		document.versions = d.versions.map((v) => {
			const version: Record<string, unknown> = { id: v.id, number: v.number, message: v.message, origin: v.origin, created: iso(v.created) };
			if (v.updated !== undefined) version.updated = iso(v.updated);
			if (v.restoredFrom !== undefined) version.restoredFrom = v.restoredFrom;
			version.text = v.text;
			return version;
		});
		return document;
	});
	return `${JSON.stringify(json, null, '\t')}\n`;
}

function iso(time: number): string {
	return new Date(time).toISOString();
}

// ------------------------------------------------------------------------------------------------------ reading

class Reader {
	/** The document the path is in, once its name is read. */
	document: string | undefined;

	fail(path: string, reason: string): never {
		const where = this.document === undefined ? '' : ` (document ${quoted(this.document)})`;
		throw new LibraryError('bad-import', `library import refused, nothing changed: ${path}${where}: ${reason}`, this.document === undefined ? { jsonPath: path } : { jsonPath: path, document: this.document });
	}

	object(value: unknown, path: string, required: readonly string[], optional: readonly string[] = []): Record<string, unknown> {
		if (typeof value !== 'object' || value === null || Array.isArray(value)) this.fail(path, `expected an object, found ${describe(value)}`);
		const record = value as Record<string, unknown>;
		for (const key of Object.keys(record)) {
			if (!required.includes(key) && !optional.includes(key)) this.fail(`${path}.${keyPath(key)}`, `unknown member; expected ${[...required, ...optional].join(', ')}`);
		}
		for (const key of required) if (!Object.hasOwn(record, key)) this.fail(path, `member ${key} is missing`);
		return record;
	}

	string(value: unknown, path: string, max: number, what = 'a string'): string {
		if (typeof value !== 'string') this.fail(path, `expected ${what}, found ${describe(value)}`);
		if (value.length > max) this.fail(path, `longer than ${max} characters (${value.length})`);
		return value;
	}

	label(value: unknown, path: string, max: number, what: string): string {
		const text = this.string(value, path, max, what);
		if (text.trim() === '' || text !== text.trim()) this.fail(path, `expected ${what} without leading or trailing spaces, found ${describe(value)}`);
		if (/[\u0000-\u001f\u007f]/.test(text)) this.fail(path, `${what} holds a control character`);
		return text;
	}

	integer(value: unknown, path: string, min: number): number {
		if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) this.fail(path, `expected an integer of at least ${min}, found ${describe(value)}`);
		return value;
	}

	time(value: unknown, path: string): number {
		const text = typeof value === 'string' ? value : undefined;
		const time = text !== undefined && TIME.test(text) ? Date.parse(text) : NaN;
		if (text === undefined || Number.isNaN(time) || iso(time) !== text) this.fail(path, `expected a time like 2025-03-01T10:00:00.000Z, found ${describe(value)}`);
		return time;
	}

	oneOf<T extends string>(value: unknown, path: string, values: readonly T[]): T {
		if (typeof value !== 'string' || !(values as readonly string[]).includes(value)) this.fail(path, `expected one of ${values.join(', ')}, found ${describe(value)}`);
		return value as T;
	}

	array(value: unknown, path: string): unknown[] {
		if (!Array.isArray(value)) this.fail(path, `expected an array, found ${describe(value)}`);
		return value;
	}
}

/** Reads an export file; a LibraryError ('bad-import', 'newer-format') names what is wrong and where. */
export function parseLibraryFile(text: string): LibraryFile {
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch {
		// JSON.parse's message quotes the text around the error, which may be a secret: not repeated.
		throw new LibraryError('bad-import', `library import refused, nothing changed: the file is not JSON (${jsonErrorWhere(text)}); a library export starts with {"format": "${LIBRARY_FILE_FORMAT}"`, { jsonPath: '$' });
	}
	const r = new Reader();
	if (typeof json === 'object' && json !== null && !Array.isArray(json)) {
		const head = json as Record<string, unknown>;
		if (head.format !== LIBRARY_FILE_FORMAT) r.fail('$.format', `expected "${LIBRARY_FILE_FORMAT}", found ${describe(head.format)}: this is not a library export`);
		if (typeof head.version === 'number' && Number.isSafeInteger(head.version) && head.version > LIBRARY_FILE_VERSION) {
			throw new LibraryError('newer-format', `library import refused, nothing changed: $.version: the file is format version ${head.version}, written by a newer studio; this studio reads version ${LIBRARY_FILE_VERSION}`, { jsonPath: '$.version' });
		}
	}
	const root = r.object(json, '$', ['format', 'version', 'exported', 'secrets', 'documents'], ['warning']);
	if (root.version !== LIBRARY_FILE_VERSION) r.fail('$.version', `expected ${LIBRARY_FILE_VERSION}, found ${describe(root.version)}`);
	const exported = r.time(root.exported, '$.exported');
	const secrets = r.oneOf(root.secrets, '$.secrets', ['omitted', 'included'] as const);
	if (root.warning !== undefined) r.string(root.warning, '$.warning', 1000);
	const documentIds = new Map<string, string>();
	const versionIds = new Map<string, string>();
	const documents = r.array(root.documents, '$.documents').map((value, i): FileDocument => {
		const path = `$.documents[${i}]`;
		// The document's name, when it has a usable one, helps the user find the place in any message about it.
		const maybeName = typeof value === 'object' && value !== null ? (value as Record<string, unknown>).name : undefined;
		r.document = typeof maybeName === 'string' && maybeName.trim() !== '' ? maybeName : undefined;
		const d = r.object(value, path, ['id', 'name', 'kind', 'tags', 'created', 'updated', 'draft', 'versions'], ['trashed']);
		r.document = undefined;
		const name = r.label(d.name, `${path}.name`, MAX_NAME_LENGTH, 'a name');
		r.document = name;
		const id = r.string(d.id, `${path}.id`, 64);
		if (!ID.test(id)) r.fail(`${path}.id`, `an id is 1 to 64 letters, digits, '-' or '_', found ${describe(id)}`);
		const first = documentIds.get(id);
		if (first !== undefined) r.fail(`${path}.id`, `id ${id} is also the id of ${first}`);
		documentIds.set(id, path);
		const tags = r.array(d.tags, `${path}.tags`);
		if (tags.length > MAX_TAGS) r.fail(`${path}.tags`, `more than ${MAX_TAGS} tags (${tags.length})`);
		const seen = new Set<string>();
		const document: FileDocument = {
			id,
			name,
			kind: r.oneOf(d.kind, `${path}.kind`, DOCUMENT_KINDS),
			tags: tags.map((tag, k) => {
				const label = r.label(tag, `${path}.tags[${k}]`, MAX_TAG_LENGTH, 'a tag');
				if (seen.has(label)) r.fail(`${path}.tags[${k}]`, `tag ${quoted(label)} appears twice`);
				seen.add(label);
				return label;
			}),
			created: r.time(d.created, `${path}.created`),
			updated: r.time(d.updated, `${path}.updated`),
			draft: r.string(d.draft, `${path}.draft`, MAX_TEXT_LENGTH),
			versions: []
		};
		if (d.trashed !== undefined) document.trashed = r.time(d.trashed, `${path}.trashed`);
		const numbers = new Map<number, string>();
		document.versions = r.array(d.versions, `${path}.versions`).map((value, k): FileVersion => {
			const at = `${path}.versions[${k}]`;
			const v = r.object(value, at, ['id', 'number', 'message', 'origin', 'created', 'text'], ['updated', 'restoredFrom']);
			const versionId = r.string(v.id, `${at}.id`, 64);
			if (!ID.test(versionId)) r.fail(`${at}.id`, `an id is 1 to 64 letters, digits, '-' or '_', found ${describe(versionId)}`);
			const other = versionIds.get(versionId);
			if (other !== undefined) r.fail(`${at}.id`, `id ${versionId} is also the id of ${other}`);
			versionIds.set(versionId, at);
			const number = r.integer(v.number, `${at}.number`, 1);
			const twin = numbers.get(number);
			if (twin !== undefined) r.fail(`${at}.number`, `version number ${number} is also the number of ${twin}`);
			numbers.set(number, at);
			const version: FileVersion = {
				id: versionId,
				number,
				message: r.string(v.message, `${at}.message`, MAX_MESSAGE_LENGTH),
				origin: r.oneOf(v.origin, `${at}.origin`, VERSION_ORIGINS),
				created: r.time(v.created, `${at}.created`),
				text: r.string(v.text, `${at}.text`, MAX_TEXT_LENGTH)
			};
			if (v.updated !== undefined) version.updated = r.time(v.updated, `${at}.updated`);
			if (v.restoredFrom !== undefined) version.restoredFrom = r.integer(v.restoredFrom, `${at}.restoredFrom`, 1);
			return version;
		});
		return document;
	});
	return { exported, secrets, documents };
}

function keyPath(key: string): string {
	return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? key : `[${JSON.stringify(short(key, 40))}]`;
}

function describe(value: unknown): string {
	if (value === null) return 'null';
	if (value === undefined) return 'nothing';
	if (Array.isArray(value)) return 'an array';
	if (typeof value === 'string') return JSON.stringify(short(value, 40));
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	return `a ${typeof value}`;
}

/** Line and column where the JSON stops being JSON and what was expected there, found without quoting it. */
function jsonErrorWhere(text: string): string {
	if (text.trim() === '') return 'it is empty';
	// A file saved as UTF-16 ("Unicode" in Windows Notepad) read as UTF-8, as the page reads files: its byte order
	// mark FF FE or FE FF is two U+FFFD, and each ASCII character comes with a NUL byte beside it.
	if (/^(\uFFFD\uFFFD|[^\u0000]?\u0000)/.test(text)) return 'it is UTF-16 text; an export file is UTF-8';
	const stop = jsonSyntaxError(text);
	if (stop === undefined) return 'it cannot be read';
	if (stop.offset >= text.length) return `it ends early: expected ${stop.expected}`;
	const { line, column } = jsonLineColumn(text, stop.offset);
	return `line ${line}, column ${column}: expected ${stop.expected}`;
}
