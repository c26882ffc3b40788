// Public face of the document library (issue 9, Build 1–2). Pure TypeScript: runs in a page, a Web Worker, Node
// and the tests; no Svelte, no Node built-ins (WebCrypto, BroadcastChannel and structuredClone are in all four).
//
// Design
// - Storage: a small interface (storage/storage.ts: transactions over the stores documents / drafts / versions /
//   meta; get, getAll, getAllByIndex, put, delete). IndexedDB through `idb` in the browser; memory for tests and
//   as the fallback when a browser gives no IndexedDB (then `storage.persistent` is false: say so on the page).
//   Schema versions and the upgrade from v1 are described in storage/schema.ts; a v1 database is a fixture.
// - Records: a document (name, kind, tags, times, revision counter, trash mark) without its text; its draft (the
//   working text, autosaved) in a store of its own; versions (numbered, with a message and an origin: save,
//   restore, before-restore, conflict, import). Card keys (ADM, PIN) have no field anywhere: never stored.
// - In memory: every document record and draft text, read on open (10,000 documents: bench/library-bench.ts),
//   and a search index of words over names, tags and drafts (search.ts), built at the first search or ahead of
//   it with prepareSearch() in idle time. List, tags and search are synchronous reads of memory; writes go to
//   storage first, then to memory.
// - Revisions: every write of a draft carries the revision it was based on (DocumentSession keeps it). A stale
//   write never replaces a newer draft: the newer stays the draft, the stale text becomes a conflict copy (a
//   version) and the caller gets { status: 'conflict', kept, current }. Renames carry the revision too; tags
//   are set operations and never conflict. Tabs learn of each other's writes through a BroadcastChannel that
//   carries document ids only (never texts, never secrets) and read the records again.
// - Secrets (secrets/): parm values the CP schema marks `secret` and the DM account / tree credentials are
//   replaced in every stored text by a placeholder ("[secret not stored]"). With "keep secrets in this browser"
//   on and the passphrase entered, each value is sealed (AES-256-GCM, key from PBKDF2-SHA256, 600,000
//   iterations, random salt and IVs, key in memory only) beside the text; otherwise it is not stored and the
//   write returns `keptOut` (name, path, line:column); a read returns `missingSecrets` the same way.
//   Export omits secrets unless asked ({ secrets: 'include' }), and then the file says so.
// - Import/export (transfer.ts): one versioned JSON file; identity by ids (importing twice adds nothing); a bad
//   file is refused whole with one line naming the JSON path and the document.
//
// A page-state module uses it like this:
//   const library = await openLibrary({ storage: await openDefaultStorage() });
//   library.onChange((event) => refresh());                     // list / search / tags again
//   const session = await library.openDocument(id);             // session.opened.text → editor
//   editor.onChange((text) => session.saveDraft(text));          // debounced autosave (≤ 1 s)
//   session.onChange((event) => …);                             // 'updated' (other tab), 'conflict', 'deleted'
//   addEventListener('pagehide', () => void library.flush());
//   requestIdleCallback(function step(deadline) {                // optional: index before the first search
//     if (!library.prepareSearch(() => deadline.timeRemaining())) requestIdleCallback(step);
//   });
//   await session.saveVersion('APN for the pilot');
export { openLibrary, Library } from './library';
export type {
	LibraryOptions,
	LibraryEvent,
	SecretsStatus,
	CreateInput,
	CreateResult,
	RenameResult,
	TextRef,
	ComparedText,
	SearchOptions,
	SearchHit,
	SearchResult,
	TagCount
} from './library';
export type { ImportReport, ExportOptions } from './exchange';
export { DocumentSession } from './session';
export type { CurrentDraft, DraftResult, VersionResult, RestoreResult, SessionEvent, SessionState, Timers } from './session';
export { LibraryError, type LibraryErrorCode, type LibraryErrorWhere } from './error';
export {
	DOCUMENT_KINDS,
	DOCUMENT_KIND_LABELS,
	VERSION_ORIGINS,
	type DocumentKind,
	type DocumentSummary,
	type VersionSummary,
	type VersionOrigin,
	type SecretField,
	type SecretFieldIn
} from './model';
export type { SearchField } from './search';
export { SECRET_PLACEHOLDER } from './secrets/scan';
export { PBKDF2_ITERATIONS, MIN_PASSPHRASE_LENGTH } from './secrets/seal';
export { LIBRARY_FILE_FORMAT, LIBRARY_FILE_VERSION } from './transfer';
export type { LibraryStorage, UpgradeReport } from './storage/storage';
export { SCHEMA_VERSION } from './storage/schema';
export { openIndexedDbStorage, DEFAULT_LIBRARY_NAME, type IndexedDbOptions } from './storage/indexeddb';
export { createMemoryDatabase, openMemoryStorage, MemoryDatabase, type MemorySnapshot } from './storage/memory';
export { openDefaultStorage } from './storage/default';
export { fillSecrets, secretFieldsOf } from './secrets/fields';
