// The document library: documents, drafts, versions, tags, trash, search, import/export and the secret rule,
// over a LibraryStorage, with other tabs kept in step through a BroadcastChannel. See index.ts for the design.
import { LibraryError, quoted, short } from './error';
import {
	summarise,
	summariseVersion,
	type DocumentKind,
	type DocumentRecord,
	type DocumentSummary,
	type DraftRecord,
	type SealedValue,
	type SecretField,
	type SecretsMetaRecord,
	type VersionOrigin,
	type VersionRecord,
	type VersionSummary
} from './model';
import { checkKind, checkMessage, checkName, checkTag, checkTags } from './names';
import { carrySealed, protectText, revealText, type ProtectedText } from './secrets/rule';
import { createSecretsMeta, unlockSecretsMeta } from './secrets/seal';
import { SearchIndex, type SearchField } from './search';
import { DocumentSession, type CurrentDraft, type DraftResult, type RestoreResult, type SessionHost, type Timers, type VersionResult } from './session';
import type { LibraryStorage, StorageTransaction, StoreName, TransactionMode } from './storage/storage';
import { exportLibraryFile, importLibraryFile, type ExchangeContext, type ExportOptions, type ImportReport } from './exchange';
import { compareIds, equalBytes, sameStoredText, withSealed } from './records';

export interface LibraryOptions {
	storage: LibraryStorage;
	/** BroadcastChannel name for other tabs; default `provisioning-studio-library:<storage name>`; false: none. */
	channel?: string | false;
	/** Autosave: write after this pause in typing (default 300 ms, at most 1000). */
	autosaveDelayMs?: number;
	/** Autosave: write at the latest this long after the first unsaved change (default and at most 1000 ms). */
	autosaveMaxWaitMs?: number;
	/** Clock, ids and timers: injected by tests. */
	now?: () => number;
	newId?: () => string;
	timers?: Timers;
}

export type LibraryEvent =
	/** These documents changed (list, search and tag counts may differ); `remote`: in another tab. */
	| { type: 'changed'; ids: string[]; remote: boolean }
	/** Many documents changed at once (an import, emptying the trash): read the list again. */
	| { type: 'reloaded'; remote: boolean }
	/** "Keep secrets" was turned on or off, or the session was locked or unlocked. */
	| { type: 'secrets'; status: SecretsStatus }
	/** The library can no longer be used: 'upgrade' — another tab opened a newer studio: reload this one. */
	| { type: 'closed'; reason: 'closed' | 'upgrade' };

export interface SecretsStatus {
	/** "Keep secrets in this browser" is on (a passphrase was set). */
	keep: boolean;
	/** The passphrase was entered in this session: secrets are sealed on write and opened on read. */
	unlocked: boolean;
}

export interface CreateInput {
	name: string;
	kind: DocumentKind;
	text?: string;
	tags?: readonly string[];
}

export interface CreateResult {
	document: DocumentSummary;
	revision: number;
	keptOut: SecretField[];
}

export type RenameResult =
	| { status: 'renamed'; document: DocumentSummary }
	/** The name changed elsewhere after the revision the rename was based on: nothing was changed. */
	| { status: 'conflict'; document: DocumentSummary };

/** A text to compare: the draft, or a version. */
export type TextRef = 'draft' | { versionId: string };

export interface ComparedText {
	label: string;
	text: string;
	missingSecrets: SecretField[];
}

export interface SearchOptions {
	/** At most this many hits (default 50); `total` counts them all. */
	limit?: number;
	tag?: string;
	/** Search the trash instead of the library. */
	trash?: boolean;
}

export interface SearchHit {
	document: DocumentSummary;
	fields: SearchField[];
	line?: number;
	snippet?: string;
}

export interface SearchResult {
	total: number;
	hits: SearchHit[];
}

export interface TagCount {
	tag: string;
	count: number;
}

interface ChannelMessage {
	from: string;
	ids?: string[];
	all?: boolean;
	secrets?: boolean;
}

const MAX_DELAY_MS = 1000;
const RELOAD_ALL_ABOVE = 500;

export async function openLibrary(options: LibraryOptions): Promise<Library> {
	const library = new Library(options);
	await library.load();
	return library;
}

export class Library {
	readonly storage: LibraryStorage;
	#now: () => number;
	#newId: () => string;
	#timers: Timers;
	#delayMs: number;
	#maxWaitMs: number;
	#instance: string;
	#docs = new Map<string, DocumentRecord>();
	#draftRevisions = new Map<string, number>();
	#index = new SearchIndex();
	#meta: SecretsMetaRecord | undefined;
	#key: CryptoKey | undefined;
	#sessions = new Map<string, Set<DocumentSession>>();
	#listeners = new Set<(event: LibraryEvent) => void>();
	#channel: BroadcastChannel | undefined;
	#channelName: string | undefined;
	#reloads: Promise<unknown> = Promise.resolve();
	#closed: 'closed' | 'upgrade' | undefined;

	/** Use openLibrary(). */
	constructor(options: LibraryOptions) {
		this.storage = options.storage;
		this.#now = options.now ?? Date.now;
		this.#newId = options.newId ?? (() => crypto.randomUUID());
		this.#timers = options.timers ?? { set: (callback, ms) => setTimeout(callback, ms), clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>) };
		this.#maxWaitMs = Math.min(options.autosaveMaxWaitMs ?? MAX_DELAY_MS, MAX_DELAY_MS);
		this.#delayMs = Math.min(options.autosaveDelayMs ?? 300, this.#maxWaitMs);
		this.#instance = this.#newId();
		this.#channelName = options.channel === false ? undefined : (options.channel ?? `provisioning-studio-library:${this.storage.name}`);
	}

	/** @internal Reads the documents and drafts, builds the search index, joins the channel. */
	async load(): Promise<void> {
		await this.#loadAll();
		this.storage.onClosedByUpgrade(() => this.#shutDown('upgrade'));
		if (this.#channelName !== undefined && typeof BroadcastChannel === 'function') {
			const channel = new BroadcastChannel(this.#channelName);
			channel.onmessage = (event: MessageEvent<ChannelMessage>) => this.#received(event.data);
			// Node keeps the process alive while a channel is open; a browser has no unref.
			(channel as { unref?: () => void }).unref?.();
			this.#channel = channel;
		}
	}

	/** What opening did to a database of an older release: secret values it had to remove (to enter again). */
	get upgrade(): LibraryStorage['upgrade'] {
		return this.storage.upgrade;
	}

	// ----------------------------------------------------------------------------------------------- reading

	/** The documents, most recently changed first. */
	list(options: { tag?: string; trash?: boolean } = {}): DocumentSummary[] {
		return [...this.#docs.values()]
			.filter((d) => (options.trash === true) === (d.trashed !== undefined) && (options.tag === undefined || d.tags.includes(options.tag)))
			.sort(byUpdated)
			.map(summarise);
	}

	get(id: string): DocumentSummary | undefined {
		const record = this.#docs.get(id);
		return record === undefined ? undefined : summarise(record);
	}

	/** Every tag with the number of documents (outside the trash) carrying it, by name. */
	tags(): TagCount[] {
		const counts = new Map<string, number>();
		for (const d of this.#docs.values()) if (d.trashed === undefined) for (const tag of d.tags) counts.set(tag, (counts.get(tag) ?? 0) + 1);
		return [...counts].map(([tag, count]) => ({ tag, count })).sort((a, b) => (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0));
	}

	/**
	 * Builds the search index ahead of the first search, a slice at a time: call it from an idle callback with
	 * `() => deadline.timeRemaining()` until it returns true (otherwise the first search builds it whole).
	 */
	prepareSearch(timeLeft?: () => number): boolean {
		return this.#index.prepare(timeLeft);
	}

	/** Names, tags and draft texts (search.ts); name matches first, then tags, then content; recent first. */
	search(query: string, options: SearchOptions = {}): SearchResult {
		const limit = options.limit ?? 50;
		const accept = (id: string): boolean => {
			const d = this.#docs.get(id);
			return d !== undefined && (options.trash === true) === (d.trashed !== undefined) && (options.tag === undefined || d.tags.includes(options.tag));
		};
		if (query.trim() === '') {
			const all = this.list({ tag: options.tag, trash: options.trash });
			return { total: all.length, hits: all.slice(0, limit).map((document) => ({ document, fields: [] })) };
		}
		const rank = (fields: readonly SearchField[]): number => (fields.includes('name') ? 0 : fields.includes('tags') ? 1 : 2);
		const matches = this.#index.search(query, accept).map((match) => ({ match, record: this.#docs.get(match.id) as DocumentRecord }));
		matches.sort((a, b) => rank(a.match.fields) - rank(b.match.fields) || byUpdated(a.record, b.record));
		const hits = matches.slice(0, limit).map(({ match, record }) => {
			const full = this.#index.snippet(match, query);
			const hit: SearchHit = { document: summarise(record), fields: full.fields };
			if (full.line !== undefined) hit.line = full.line;
			if (full.snippet !== undefined) hit.snippet = full.snippet;
			return hit;
		});
		return { total: matches.length, hits };
	}

	/** The draft with what this session can open (see CurrentDraft). */
	async readDraft(id: string): Promise<CurrentDraft> {
		const draft = await this.#readDraftRecord(id);
		if (draft === undefined) throw notFound(id);
		return this.#reveal(draft, id);
	}

	/** The versions of a document, newest first. */
	async versions(id: string): Promise<VersionSummary[]> {
		this.#open();
		const records = await this.#run(['versions'], 'readonly', (tx) => tx.getAllByIndex('versions', 'documentId', id));
		return records.sort((a, b) => b.number - a.number).map(summariseVersion);
	}

	async readVersion(id: string, versionId: string): Promise<CurrentDraft & { version: VersionSummary }> {
		const version = await this.#run(['versions'], 'readonly', (tx) => tx.get('versions', versionId));
		if (version === undefined || version.documentId !== id) throw new LibraryError('not-found', `no such version of ${quoted(this.#document(id).name)}`);
		return { ...(await this.#reveal(version, id)), version: summariseVersion(version) };
	}

	/** The two texts to show side by side (the diff itself is the editor's). */
	async compare(id: string, left: TextRef, right: TextRef): Promise<{ left: ComparedText; right: ComparedText }> {
		const read = async (ref: TextRef): Promise<ComparedText> => {
			if (ref === 'draft') {
				const draft = await this.readDraft(id);
				return { label: 'Draft', text: draft.text, missingSecrets: draft.missingSecrets };
			}
			const version = await this.readVersion(id, ref.versionId);
			const message = version.version.message === '' ? '' : `: ${version.version.message}`;
			return { label: `Version ${version.version.number}${message}`, text: version.text, missingSecrets: version.missingSecrets };
		};
		return { left: await read(left), right: await read(right) };
	}

	// ------------------------------------------------------------------------------------------------ editing

	async create(input: CreateInput): Promise<CreateResult> {
		const name = checkName(input.name);
		const kind = checkKind(input.kind);
		const tags = checkTags(input.tags ?? []);
		this.#open();
		const id = this.#newId();
		const now = this.#now();
		const stored = await this.#protect(input.text ?? '', id);
		const document: DocumentRecord = { id, name, kind, tags, created: now, updated: now, revision: 1, nameRevision: 1, versionCount: 0, lastVersion: 0 };
		const draft = withSealed<DraftRecord>({ documentId: id, text: stored.text, revision: 1, updated: now }, stored.sealed);
		await this.#run(['documents', 'drafts'], 'readwrite', async (tx) => {
			await tx.put('documents', document);
			await tx.put('drafts', draft);
		});
		this.#cache(document, draft);
		this.#changed([id]);
		return { document: summarise(document), revision: 1, keptOut: stored.keptOut };
	}

	/** Opens a document for editing: its draft, autosave, conflict handling (session.ts). */
	async openDocument(id: string): Promise<DocumentSession> {
		const opened = await this.readDraft(id);
		const session = new DocumentSession(this.#host, id, opened);
		let set = this.#sessions.get(id);
		if (set === undefined) this.#sessions.set(id, (set = new Set()));
		set.add(session);
		return session;
	}

	/**
	 * Writes a draft now, based on `baseRevision` (the draft revision the text was edited from). A stale base never
	 * overwrites: the text is kept as a conflict copy and the newer draft returned. Sessions call this debounced.
	 */
	async writeDraft(id: string, text: string, baseRevision: number): Promise<DraftResult> {
		return this.#writeDraft(id, text, baseRevision, undefined);
	}

	/** Saves a version with a message; the text also becomes the draft unless the draft changed since `baseRevision`. */
	async saveVersion(id: string, input: { text: string; message: string; baseRevision: number }): Promise<VersionResult> {
		const message = checkMessage(input.message);
		this.#open();
		const stored = await this.#protect(input.text, id);
		const now = this.#now();
		const outcome = await this.#run(['documents', 'drafts', 'versions'], 'readwrite', async (tx) => {
			const document = await tx.get('documents', id);
			const draft = await tx.get('drafts', id);
			if (document === undefined || draft === undefined) return undefined;
			const stale = draft.revision !== input.baseRevision;
			const version = this.#newVersion(document, { message, origin: 'save', created: now, text: stored.text, sealed: this.#sealedFor(stored, draft.sealed) });
			document.revision++;
			document.updated = now;
			let newDraft: DraftRecord | undefined;
			if (!stale && (draft.text !== stored.text || stored.sealed.length > 0 || (draft.sealed?.length ?? 0) > 0)) {
				newDraft = withSealed<DraftRecord>({ documentId: id, text: stored.text, revision: document.revision, updated: now }, version.sealed ?? []);
				await tx.put('drafts', newDraft);
			}
			await tx.put('versions', version);
			await tx.put('documents', document);
			return { document, version, stale, draft: newDraft ?? draft };
		});
		if (outcome === undefined) return this.#gone(id);
		this.#cache(outcome.document, outcome.draft);
		this.#changed([id]);
		if (outcome.stale) return { status: 'conflict', version: summariseVersion(outcome.version), current: await this.#reveal(outcome.draft, id), keptOut: stored.keptOut };
		return { status: 'saved', version: summariseVersion(outcome.version), revision: outcome.draft.revision, keptOut: stored.keptOut };
	}

	/**
	 * Makes a version the draft. The draft it replaces is kept first as a version 'before-restore' unless a version
	 * already holds exactly that text; the restore itself is recorded as a new version (origin 'restore').
	 */
	async restoreVersion(id: string, versionId: string, baseRevision: number): Promise<RestoreResult> {
		this.#open();
		const now = this.#now();
		const outcome = await this.#run(['documents', 'drafts', 'versions'], 'readwrite', async (tx) => {
			const document = await tx.get('documents', id);
			const draft = await tx.get('drafts', id);
			if (document === undefined || draft === undefined) return undefined;
			const source = await tx.get('versions', versionId);
			if (source === undefined || source.documentId !== id) throw new LibraryError('not-found', `no such version of ${quoted(document.name)}`);
			if (draft.revision !== baseRevision) return { stale: true as const, draft };
			const versions = await tx.getAllByIndex('versions', 'documentId', id);
			let before: VersionRecord | undefined;
			if (!versions.some((v) => sameStoredText(v, draft))) {
				before = this.#newVersion(document, { message: `Draft before restoring version ${source.number}`, origin: 'before-restore', created: now, text: draft.text, sealed: draft.sealed });
				await tx.put('versions', before);
			}
			const restored = this.#newVersion(document, { message: `Restored version ${source.number}`, origin: 'restore', created: now, text: source.text, sealed: source.sealed });
			restored.restoredFrom = source.number;
			await tx.put('versions', restored);
			document.revision++;
			document.updated = now;
			const newDraft = withSealed<DraftRecord>({ documentId: id, text: source.text, revision: document.revision, updated: now }, source.sealed ?? []);
			await tx.put('drafts', newDraft);
			await tx.put('documents', document);
			return { stale: false as const, document, draft: newDraft, before, restored };
		});
		if (outcome === undefined) return this.#gone(id);
		if (outcome.stale) return { status: 'conflict', current: await this.#reveal(outcome.draft, id) };
		this.#cache(outcome.document, outcome.draft);
		this.#changed([id]);
		this.#notifySessions([id], true);
		const result: RestoreResult = { status: 'restored', version: summariseVersion(outcome.restored), draft: await this.#reveal(outcome.draft, id) };
		if (outcome.before !== undefined) result.before = summariseVersion(outcome.before);
		return result;
	}

	/** Renames, based on the document revision the caller saw (DocumentSummary.revision). */
	async rename(id: string, name: string, baseRevision: number): Promise<RenameResult> {
		const checked = checkName(name);
		const outcome = await this.#update(id, (document) => {
			if (document.nameRevision > baseRevision) return false;
			document.name = checked;
			document.nameRevision = document.revision + 1;
			return true;
		});
		return { status: outcome.applied ? 'renamed' : 'conflict', document: summarise(outcome.document) };
	}

	/** Adds a tag (no change when the document has it). Tags are exact strings, compared as written. */
	async addTag(id: string, tag: string): Promise<DocumentSummary> {
		const checked = checkTag(tag);
		return summarise(
			(
				await this.#update(id, (document) => {
					if (document.tags.includes(checked)) return false;
					checkTags([...document.tags, checked]);
					document.tags.push(checked);
					return true;
				})
			).document
		);
	}

	async removeTag(id: string, tag: string): Promise<DocumentSummary> {
		return summarise(
			(
				await this.#update(id, (document) => {
					if (!document.tags.includes(tag)) return false;
					document.tags = document.tags.filter((t) => t !== tag);
					return true;
				})
			).document
		);
	}

	/** Renames a tag on every document (merging with `to` where a document has both); returns how many changed. */
	async renameTag(from: string, to: string): Promise<number> {
		const target = checkTag(to);
		const ids = [...this.#docs.values()].filter((d) => d.tags.includes(from)).map((d) => d.id);
		if (ids.length === 0 || from === target) return 0;
		const now = this.#now();
		const changed = await this.#run(['documents'], 'readwrite', async (tx) => {
			const out: DocumentRecord[] = [];
			for (const id of ids) {
				const document = await tx.get('documents', id);
				if (document === undefined || !document.tags.includes(from)) continue;
				document.tags = [...new Set(document.tags.map((t) => (t === from ? target : t)))];
				document.revision++;
				document.updated = now;
				await tx.put('documents', document);
				out.push(document);
			}
			return out;
		});
		for (const document of changed) this.#cache(document);
		this.#changed(changed.map((d) => d.id));
		return changed.length;
	}

	/** Moves a document to the trash (undo: restoreFromTrash); it leaves the list and search, keeps everything. */
	async moveToTrash(id: string): Promise<DocumentSummary> {
		const now = this.#now();
		return summarise(
			(
				await this.#update(id, (document) => {
					if (document.trashed !== undefined) return false;
					document.trashed = now;
					return true;
				})
			).document
		);
	}

	async restoreFromTrash(id: string): Promise<DocumentSummary> {
		return summarise(
			(
				await this.#update(id, (document) => {
					if (document.trashed === undefined) return false;
					delete document.trashed;
					return true;
				})
			).document
		);
	}

	/** Deletes a document, its draft and its versions for good. */
	async purge(id: string): Promise<void> {
		this.#document(id);
		await this.#run(['documents', 'drafts', 'versions'], 'readwrite', async (tx) => {
			for (const version of await tx.getAllByIndex('versions', 'documentId', id)) await tx.delete('versions', version.id);
			await tx.delete('drafts', id);
			await tx.delete('documents', id);
		});
		this.#uncache(id);
		this.#changed([id]);
	}

	/** Purges every document in the trash (moved there at or before `before`, default: all); returns how many. */
	async emptyTrash(before = Number.POSITIVE_INFINITY): Promise<number> {
		const ids = [...this.#docs.values()].filter((d) => d.trashed !== undefined && d.trashed <= before).map((d) => d.id);
		if (ids.length === 0) return 0;
		await this.#run(['documents', 'drafts', 'versions'], 'readwrite', async (tx) => {
			for (const id of ids) {
				for (const version of await tx.getAllByIndex('versions', 'documentId', id)) await tx.delete('versions', version.id);
				await tx.delete('drafts', id);
				await tx.delete('documents', id);
			}
		});
		for (const id of ids) this.#uncache(id);
		this.#changed(ids);
		return ids.length;
	}

	// ------------------------------------------------------------------------------------------------ secrets

	secretsStatus(): SecretsStatus {
		return { keep: this.#meta !== undefined, unlocked: this.#key !== undefined };
	}

	/** Turns "keep secrets in this browser" on with a passphrase (at least 8 characters); this session is unlocked. */
	async keepSecrets(passphrase: string): Promise<void> {
		this.#open();
		const already = (): LibraryError => new LibraryError('bad-input', 'secrets are already kept in this browser: enter the passphrase to unlock them');
		if (this.#meta !== undefined) throw already();
		const { meta, key } = await createSecretsMeta(passphrase);
		// Another tab may have turned it on a moment ago: its passphrase stays, this one is refused.
		await this.#run(['meta'], 'readwrite', async (tx) => {
			const existing = await tx.get('meta', 'secrets');
			if (existing !== undefined) {
				this.#setMeta(existing);
				throw already();
			}
			await tx.put('meta', meta);
		});
		this.#meta = meta;
		this.#key = key;
		this.#secretsChanged(true);
	}

	/** Opens the kept secrets for this session; a wrong passphrase opens nothing ('wrong-passphrase'). */
	async unlockSecrets(passphrase: string): Promise<void> {
		this.#open();
		const meta = await this.#run(['meta'], 'readonly', (tx) => tx.get('meta', 'secrets'));
		if (meta === undefined) throw new LibraryError('bad-input', 'secrets are not kept in this browser: there is nothing to unlock');
		this.#meta = meta;
		this.#key = await unlockSecretsMeta(meta, passphrase);
		this.#secretsChanged(false);
		for (const set of this.#sessions.values()) for (const session of set) void session.draftChanged(true).catch(() => undefined);
	}

	/** Forgets the key (the secrets stay sealed in storage). */
	lockSecrets(): void {
		this.#key = undefined;
		this.#secretsChanged(false);
	}

	/** Turns "keep secrets" off: every sealed value is deleted from storage (they must be entered again). */
	async stopKeepingSecrets(): Promise<number> {
		this.#open();
		const dropped = await this.#run(['meta', 'drafts', 'versions'], 'readwrite', async (tx) => {
			let count = 0;
			for (const store of ['drafts', 'versions'] as const) {
				for (const record of await tx.getAll(store)) {
					if (record.sealed === undefined) continue;
					count += record.sealed.length;
					delete record.sealed;
					await tx.put(store, record);
				}
			}
			await tx.delete('meta', 'secrets');
			return count;
		});
		this.#meta = undefined;
		this.#key = undefined;
		this.#secretsChanged(true);
		return dropped;
	}

	// ---------------------------------------------------------------------------------------- import, export

	/** The whole library as one file (transfer.ts); secrets only when asked, and then only what this session opens. */
	async exportLibrary(options: ExportOptions = {}): Promise<string> {
		return exportLibraryFile(this.#exchange, options);
	}

	/**
	 * Imports an export file (exchange.ts): a bad file is refused whole ('bad-import', one line naming the JSON
	 * path and the document) with nothing changed; documents are matched by id, so importing twice adds nothing.
	 */
	async importLibrary(text: string): Promise<ImportReport> {
		this.#open();
		const { report, written } = await importLibraryFile(this.#exchange, text);
		for (const { document, draft } of written) this.#cache(document, draft);
		if (written.length > 0) {
			this.#emit({ type: 'reloaded', remote: false });
			// Past a few hundred documents the other tabs read everything again rather than each document by id.
			this.#post(written.length > RELOAD_ALL_ABOVE ? { from: this.#instance, all: true } : { from: this.#instance, ids: written.map((w) => w.document.id) });
			for (const { document } of written) for (const session of this.#sessions.get(document.id) ?? []) session.documentChanged(summarise(document));
		}
		return report;
	}

	// ----------------------------------------------------------------------------------------- events, life

	onChange(listener: (event: LibraryEvent) => void): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}

	/** Writes every session's unsaved text now (pagehide, visibilitychange → hidden). */
	async flush(): Promise<void> {
		const sessions = [...this.#sessions.values()].flatMap((set) => [...set]);
		await Promise.all(sessions.map((session) => session.flush()));
	}

	/** Flushes, then closes the channel and the storage connection. */
	async close(): Promise<void> {
		if (this.#closed !== undefined) return;
		try {
			await this.flush();
		} finally {
			this.#shutDown('closed');
		}
	}

	// ------------------------------------------------------------------------------------------------ internal

	get #exchange(): ExchangeContext {
		return {
			run: (stores, mode, work) => this.#run(stores, mode, work),
			protect: (text, id) => this.#protect(text, id),
			key: () => this.#key,
			now: this.#now,
			newId: this.#newId
		};
	}

	get #host(): SessionHost {
		return {
			now: this.#now,
			timers: this.#timers,
			delayMs: this.#delayMs,
			maxWaitMs: this.#maxWaitMs,
			summary: (id) => this.get(id),
			writeDraft: (id, text, base) => this.#writeDraft(id, text, base, undefined),
			writeConflictCopy: (id, versionId, text) => this.#writeConflictCopy(id, versionId, text),
			replaceDraft: (id, text, base) => this.#writeDraft(id, text, base, 'Draft replaced by the text kept from a conflict'),
			saveVersion: (id, text, message, base) => this.saveVersion(id, { text, message, baseRevision: base }),
			restoreVersion: (id, versionId, base) => this.restoreVersion(id, versionId, base),
			readDraft: async (id) => {
				const draft = await this.#readDraftRecord(id);
				return draft === undefined ? undefined : this.#reveal(draft, id);
			},
			release: (session) => this.#sessions.get(session.id)?.delete(session)
		};
	}

	/** With `keepCurrentAs`, the current draft is kept as a version first, and a stale base writes nothing ('stale'). */
	async #writeDraft(id: string, text: string, baseRevision: number, keepCurrentAs: string): Promise<DraftResult | { status: 'stale' }>;
	async #writeDraft(id: string, text: string, baseRevision: number, keepCurrentAs: undefined): Promise<DraftResult>;
	async #writeDraft(id: string, text: string, baseRevision: number, keepCurrentAs: string | undefined): Promise<DraftResult | { status: 'stale' }> {
		this.#open();
		const stored = await this.#protect(text, id);
		const now = this.#now();
		const outcome = await this.#run(['documents', 'drafts', 'versions'], 'readwrite', async (tx) => {
			const document = await tx.get('documents', id);
			const draft = await tx.get('drafts', id);
			if (document === undefined || draft === undefined) return undefined;
			if (draft.revision !== baseRevision && keepCurrentAs !== undefined) return { kind: 'stale' as const };
			if (draft.revision !== baseRevision) {
				const message = `Conflict copy: changes made from revision ${baseRevision} while the draft was changed elsewhere (revision ${draft.revision})`;
				const kept = this.#newVersion(document, { message, origin: 'conflict', created: now, text: stored.text, sealed: this.#sealedFor(stored, undefined) });
				kept.updated = now;
				document.revision++;
				document.updated = now;
				await tx.put('versions', kept);
				await tx.put('documents', document);
				return { kind: 'conflict' as const, document, draft, kept };
			}
			const sealed = this.#sealedFor(stored, draft.sealed);
			if (draft.text === stored.text && sealed.length === 0 && (draft.sealed?.length ?? 0) === 0) return { kind: 'unchanged' as const, document, draft };
			if (keepCurrentAs !== undefined) {
				const versions = await tx.getAllByIndex('versions', 'documentId', id);
				if (!versions.some((v) => sameStoredText(v, draft))) {
					await tx.put('versions', this.#newVersion(document, { message: keepCurrentAs, origin: 'conflict', created: now, text: draft.text, sealed: draft.sealed }));
				}
			}
			document.revision++;
			document.updated = now;
			const next = withSealed<DraftRecord>({ documentId: id, text: stored.text, revision: document.revision, updated: now }, sealed);
			await tx.put('drafts', next);
			await tx.put('documents', document);
			return { kind: 'saved' as const, document, draft: next };
		});
		if (outcome === undefined) return this.#gone(id);
		if (outcome.kind === 'stale') return { status: 'stale' };
		if (outcome.kind === 'unchanged') return { status: 'unchanged', revision: outcome.draft.revision };
		this.#cache(outcome.document, outcome.kind === 'saved' ? outcome.draft : undefined);
		this.#changed([id]);
		if (outcome.kind === 'conflict') {
			return { status: 'conflict', kept: summariseVersion(outcome.kept), current: await this.#reveal(outcome.draft, id), keptOut: stored.keptOut };
		}
		this.#notifySessions([id], true);
		return { status: 'saved', revision: outcome.draft.revision, keptOut: stored.keptOut };
	}

	async #writeConflictCopy(id: string, versionId: string | undefined, text: string): Promise<DraftResult> {
		this.#open();
		const stored = await this.#protect(text, id);
		const now = this.#now();
		const outcome = await this.#run(['documents', 'drafts', 'versions'], 'readwrite', async (tx) => {
			const document = await tx.get('documents', id);
			const draft = await tx.get('drafts', id);
			if (document === undefined || draft === undefined) return undefined;
			const existing = versionId === undefined ? undefined : await tx.get('versions', versionId);
			let kept: VersionRecord;
			if (existing !== undefined && existing.documentId === id && existing.origin === 'conflict') {
				kept = withSealed<VersionRecord>({ ...existing, text: stored.text, updated: now }, this.#sealedFor(stored, existing.sealed));
			} else {
				const message = `Conflict copy: changes made while the draft was changed elsewhere (revision ${draft.revision})`;
				kept = this.#newVersion(document, { message, origin: 'conflict', created: now, text: stored.text, sealed: this.#sealedFor(stored, undefined) });
				kept.updated = now;
			}
			document.revision++;
			document.updated = now;
			await tx.put('versions', kept);
			await tx.put('documents', document);
			return { document, draft, kept };
		});
		if (outcome === undefined) return this.#gone(id);
		this.#cache(outcome.document);
		this.#changed([id]);
		return { status: 'conflict', kept: summariseVersion(outcome.kept), current: await this.#reveal(outcome.draft, id), keptOut: stored.keptOut };
	}

	/** Applies `change` to the document record in one transaction; `applied` false when it changed nothing. */
	async #update(id: string, change: (document: DocumentRecord) => boolean): Promise<{ document: DocumentRecord; applied: boolean }> {
		this.#open();
		const now = this.#now();
		const outcome = await this.#run(['documents'], 'readwrite', async (tx) => {
			const document = await tx.get('documents', id);
			if (document === undefined) return undefined;
			if (!change(document)) return { document, applied: false };
			document.revision++;
			document.updated = now;
			await tx.put('documents', document);
			return { document, applied: true };
		});
		if (outcome === undefined) {
			this.#uncache(id);
			throw notFound(id);
		}
		this.#cache(outcome.document);
		if (outcome.applied) {
			this.#changed([id]);
			for (const session of this.#sessions.get(id) ?? []) session.documentChanged(summarise(outcome.document));
		}
		return outcome;
	}

	#newVersion(document: DocumentRecord, fields: { message: string; origin: VersionOrigin; created: number; text: string; sealed: readonly SealedValue[] | undefined }): VersionRecord {
		document.lastVersion++;
		document.versionCount++;
		return withSealed<VersionRecord>(
			{ id: this.#newId(), documentId: document.id, number: document.lastVersion, message: fields.message, origin: fields.origin, created: fields.created, text: fields.text },
			fields.sealed ?? []
		);
	}

	/** Sealed values for a text being stored: fresh ones, plus earlier ones carried over (off: none kept). */
	#sealedFor(stored: ProtectedText, previous: readonly SealedValue[] | undefined): SealedValue[] {
		return carrySealed(stored.sealed, this.#meta === undefined ? undefined : previous, stored.placeholderPaths);
	}

	async #protect(text: string, id: string): Promise<ProtectedText> {
		return protectText(text, id, this.#meta === undefined ? undefined : this.#key);
	}

	#reveal(record: DraftRecord | VersionRecord, id: string): Promise<CurrentDraft> {
		const revision = 'revision' in record ? record.revision : 0;
		return revealText(record.text, record.sealed, id, this.#key).then((revealed) => ({ revision, ...revealed }));
	}

	async #readDraftRecord(id: string): Promise<DraftRecord | undefined> {
		this.#open();
		return this.#run(['drafts'], 'readonly', (tx) => tx.get('drafts', id));
	}

	async #run<T>(stores: readonly StoreName[], mode: TransactionMode, work: (tx: StorageTransaction) => Promise<T>): Promise<T> {
		this.#open();
		try {
			return await this.storage.run(stores, mode, work);
		} catch (error) {
			if (error instanceof LibraryError) throw error;
			if (this.#closed !== undefined) this.#open();
			const name = error instanceof Error || error instanceof DOMException ? error.name : 'Error';
			const why = name === 'QuotaExceededError' ? 'the browser\'s storage for this site is full' : `${name}: ${error instanceof Error ? error.message : String(error)}`;
			throw new LibraryError('storage', `the browser did not store the change: ${why}`);
		}
	}

	#open(): void {
		if (this.#closed === 'upgrade') throw new LibraryError('closed', 'the library was closed because another tab opened a newer version of the studio: reload this tab');
		if (this.#closed !== undefined) throw new LibraryError('closed', 'the library is closed');
	}

	#document(id: string): DocumentRecord {
		this.#open();
		const record = this.#docs.get(id);
		if (record === undefined) throw notFound(id);
		return record;
	}

	#gone(id: string): { status: 'deleted' } {
		this.#uncache(id);
		this.#changed([id]);
		for (const session of this.#sessions.get(id) ?? []) session.documentChanged(undefined);
		return { status: 'deleted' };
	}

	async #loadAll(): Promise<void> {
		const { documents, drafts, meta } = await this.#run(['documents', 'drafts', 'meta'], 'readonly', async (tx) => ({
			documents: await tx.getAll('documents'),
			drafts: await tx.getAll('drafts'),
			meta: await tx.get('meta', 'secrets')
		}));
		this.#setMeta(meta);
		const textOf = new Map(drafts.map((d) => [d.documentId, d]));
		this.#docs.clear();
		this.#draftRevisions.clear();
		this.#index = new SearchIndex();
		for (const document of documents) {
			this.#docs.set(document.id, document);
			const draft = textOf.get(document.id);
			if (draft !== undefined) this.#draftRevisions.set(document.id, draft.revision);
			this.#index.set(document.id, document.name, document.tags, draft?.text ?? '', true);
		}
	}

	#setMeta(meta: SecretsMetaRecord | undefined): void {
		const same = meta !== undefined && this.#meta !== undefined && equalBytes(meta.salt, this.#meta.salt);
		if (!same) this.#key = undefined;
		this.#meta = meta;
	}

	/** Keeps the in-memory copy (list, search) in step with a record just written or read. */
	#cache(document: DocumentRecord, draft?: DraftRecord): void {
		this.#docs.set(document.id, document);
		if (draft !== undefined) {
			this.#draftRevisions.set(document.id, draft.revision);
			this.#index.set(document.id, document.name, document.tags, draft.text);
		} else {
			this.#index.set(document.id, document.name, document.tags, this.#indexedText(document.id));
		}
	}

	#indexedText(id: string): string {
		return this.#index.textOf(id) ?? '';
	}

	#uncache(id: string): void {
		this.#docs.delete(id);
		this.#draftRevisions.delete(id);
		this.#index.remove(id);
	}

	#changed(ids: string[]): void {
		this.#emit({ type: 'changed', ids, remote: false });
		this.#post({ from: this.#instance, ids });
	}

	#secretsChanged(broadcast: boolean): void {
		this.#emit({ type: 'secrets', status: this.secretsStatus() });
		if (broadcast) this.#post({ from: this.#instance, secrets: true });
	}

	/** Sessions on these documents (other than the writer, which knows) look at the draft again. */
	#notifySessions(ids: readonly string[], draftChanged: boolean): void {
		for (const id of ids) {
			for (const session of this.#sessions.get(id) ?? []) {
				if (draftChanged) void session.draftChanged().catch(() => undefined);
			}
		}
	}

	#emit(event: LibraryEvent): void {
		for (const listener of this.#listeners) listener(event);
	}

	#post(message: ChannelMessage): void {
		try {
			this.#channel?.postMessage(message);
		} catch {
			// A closed channel: the other tabs learn on their next read.
		}
	}

	#received(message: ChannelMessage): void {
		if (message.from === this.#instance || this.#closed !== undefined) return;
		this.#reloads = this.#reloads.then(() => this.#reload(message)).catch(() => undefined);
	}

	/** Another tab wrote: read what it names again, and tell listeners and sessions. */
	async #reload(message: ChannelMessage): Promise<void> {
		if (this.#closed !== undefined) return;
		if (message.secrets === true) {
			const meta = await this.#run(['meta'], 'readonly', (tx) => tx.get('meta', 'secrets'));
			this.#setMeta(meta);
			this.#emit({ type: 'secrets', status: this.secretsStatus() });
		}
		const ids = message.all === true ? undefined : (message.ids ?? []);
		if (ids === undefined) {
			const before = new Map(this.#draftRevisions);
			const previous = new Map(this.#docs);
			await this.#loadAll();
			this.#emit({ type: 'reloaded', remote: true });
			for (const [id, set] of this.#sessions) {
				const document = this.get(id);
				const record = this.#docs.get(id);
				for (const session of set) {
					if (record === undefined || labelsChanged(previous.get(id), record)) session.documentChanged(document);
					if (document !== undefined && before.get(id) !== this.#draftRevisions.get(id)) void session.draftChanged().catch(() => undefined);
				}
			}
			return;
		}
		if (ids.length === 0) return;
		const found = await this.#run(['documents', 'drafts'], 'readonly', async (tx) => {
			const out: { id: string; document: DocumentRecord | undefined; draft: DraftRecord | undefined }[] = [];
			for (const id of ids) out.push({ id, document: await tx.get('documents', id), draft: await tx.get('drafts', id) });
			return out;
		});
		for (const { id, document, draft } of found) {
			const previousDraft = this.#draftRevisions.get(id);
			const previous = this.#docs.get(id);
			if (document === undefined) this.#uncache(id);
			else this.#cache(document, draft);
			for (const session of this.#sessions.get(id) ?? []) {
				if (document === undefined || labelsChanged(previous, document)) session.documentChanged(document === undefined ? undefined : summarise(document));
				if (document !== undefined && draft !== undefined && draft.revision !== previousDraft) void session.draftChanged().catch(() => undefined);
			}
		}
		this.#emit({ type: 'changed', ids, remote: true });
	}

	#shutDown(reason: 'closed' | 'upgrade'): void {
		if (this.#closed !== undefined) return;
		this.#closed = reason;
		this.#channel?.close();
		this.#channel = undefined;
		for (const set of this.#sessions.values()) for (const session of set) session.libraryClosed();
		this.#sessions.clear();
		if (reason === 'closed') this.storage.close();
		this.#emit({ type: 'closed', reason });
	}
}

/** Whether what a page shows of a document (name, tags, trash) differs. */
function labelsChanged(before: DocumentRecord | undefined, after: DocumentRecord): boolean {
	return before === undefined || before.name !== after.name || before.trashed !== after.trashed || before.tags.join('\u0000') !== after.tags.join('\u0000');
}

function byUpdated(a: DocumentRecord, b: DocumentRecord): number {
	return b.updated - a.updated || compareIds(a.id, b.id);
}


function notFound(id: string): LibraryError {
	return new LibraryError('not-found', `no document with id ${short(id, 64)} in the library (deleted in another tab?)`);
}
