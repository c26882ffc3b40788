// The studio's workspace in one tab: the library, the document open in it, and what the pages show of both. Every
// page (Document, Library, Bootstrap, DM account, Card) works on the one open document, so "author → check → sign
// → write" needs no copy and paste and nothing is lost on navigation or reload.
//
// Plain TypeScript (no runes), so that it runs and is tested in Node over the library's memory storage; the
// pages use it through ../workspace.svelte.ts, which mirrors its fields into Svelte state on every change.
//
// - Start: opens the library, then the document open last (its id alone is remembered, last-document.ts), else the
//   most recent one; an empty library starts with the sample, so a first visit shows a working document.
// - Editing: edit(text) hands each text to the DocumentSession, which autosaves it (≤ 1 s); `saveState` follows
//   the session: saved / saving / conflict (another tab wrote first: both texts kept) / deleted / closed.
// - Secrets: the values the library kept out of storage (`keptOut`) and those to be entered again
//   (`missingSecrets`: the placeholder is in the text) are recomputed after a write that leaves nothing waiting, never per keystroke.
// - Notices: one-line messages (a toast), some with an action (Undo after moving a document to the trash).
import {
	LibraryError,
	secretFieldsOf,
	type ComparedText,
	type DocumentKind,
	type DocumentSession,
	type DocumentSummary,
	type DraftResult,
	type ImportReport,
	type Library,
	type LibraryEvent,
	type SearchOptions,
	type SearchResult,
	type SecretField,
	type SecretsStatus,
	type SessionEvent,
	type TagCount,
	type TextRef,
	type VersionSummary
} from '../../library';
import { readLastDocument, rememberLastDocument, type KeyValueStore } from './last-document';
import { kindOfText, nameOfFile, template, uniqueName, type TemplateId } from './templates';

export type WorkspaceStatus = 'idle' | 'opening' | 'ready' | 'failed' | 'closed';

/** What the page says about the open document's text: 'saving' while a change waits for autosave. */
export type SaveState = 'saved' | 'saving' | 'conflict' | 'deleted' | 'closed';

export interface Conflict {
	/** The conflict copy holding this tab's text (a version, origin 'conflict'), once written. */
	copy: VersionSummary | undefined;
}

export interface NoticeAction {
	label: string;
	run: () => unknown;
}

export interface Notice {
	id: number;
	message: string;
	tone: 'info' | 'problem';
	action?: NoticeAction;
}

export interface WorkspaceTimers {
	set(callback: () => void, ms: number): unknown;
	clear(handle: unknown): void;
}

export interface WorkspaceOptions {
	openLibrary: () => Promise<Library>;
	/** Where the last open document's id is remembered (window.localStorage). */
	store?: KeyValueStore;
	timers?: WorkspaceTimers;
	/** How long a notice stays (ms); one with an action stays twice as long. Default 6 s. */
	noticeMs?: number;
}

/** "Version 3: APN for the pilot", as lists and comparisons name a version. */
export function versionLabel(version: Pick<VersionSummary, 'number' | 'message'>): string {
	return version.message === '' ? `Version ${version.number}` : `Version ${version.number}: ${version.message}`;
}

/** The one line a page shows for a failure of the library (its own message) or anything else. */
export function problemText(error: unknown): string {
	if (error instanceof LibraryError) return error.message.charAt(0).toUpperCase() + error.message.slice(1);
	return error instanceof Error ? error.message : String(error);
}

export class Workspace {
	status: WorkspaceStatus = 'idle';
	/** Why the library could not be used (status 'failed' or 'closed'). */
	problem: string | undefined;
	/** False when the browser gave no IndexedDB: nothing survives this tab. */
	persistent = true;
	documents: readonly DocumentSummary[] = [];
	trash: readonly DocumentSummary[] = [];
	tags: readonly TagCount[] = [];
	/** Incremented whenever the list, tags or search results may differ. */
	listRevision = 0;
	secrets: SecretsStatus = { keep: false, unlocked: false };

	/** The open document, its text as the editor holds it, and its state. */
	document: DocumentSummary | undefined;
	text = '';
	saveState: SaveState = 'saved';
	/** The last write failed (storage refused): the text is still unsaved and is written with the next change. */
	saveProblem: string | undefined;
	/** Secret values in the text that the last write did not store (keep secrets off, or locked). */
	keptOut: readonly SecretField[] = [];
	/** Secret fields whose values are not in the text (the placeholder): to be entered again. */
	missingSecrets: readonly SecretField[] = [];
	/** Sealed values exist that the passphrase (not entered in this session) would open. */
	locked = false;
	conflict: Conflict | undefined;
	versions: readonly VersionSummary[] = [];
	notices: readonly Notice[] = [];
	/**
	 * True from a New…, an Open… or a pick in the library until that document is open (or the open failed). The
	 * document shown meanwhile is the one being left: the pages keep its editor read-only, so that nothing typed or
	 * pasted there is replaced when the next document opens a moment later.
	 */
	opening = false;

	readonly #options: WorkspaceOptions;
	readonly #timers: WorkspaceTimers;
	#library: Library | undefined;
	#session: DocumentSession | undefined;
	#stopSession: (() => void) | undefined;
	#opening = 0;
	/** create() and open() calls not finished yet: `opening` while there is one. */
	#openCalls = 0;
	#versionsLoadedAt = -1;
	#noticeSeq = 0;
	#listeners = new Set<() => void>();
	#started: Promise<void> | undefined;

	constructor(options: WorkspaceOptions) {
		this.#options = options;
		this.#timers = options.timers ?? { set: (callback, ms) => setTimeout(callback, ms), clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>) };
	}

	/** Called after every change of any field. */
	subscribe(listener: () => void): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}

	get library(): Library | undefined {
		return this.#library;
	}

	get openId(): string | undefined {
		return this.#session?.id;
	}

	get kind(): DocumentKind | undefined {
		return this.document?.kind;
	}

	// ------------------------------------------------------------------------------------------------ start

	/** Opens the library and the document open last; once per workspace (later calls wait for the first). */
	start(): Promise<void> {
		this.#started ??= this.#start();
		return this.#started;
	}

	async #start(): Promise<void> {
		this.status = 'opening';
		this.#emit();
		let library: Library;
		try {
			library = await this.#options.openLibrary();
		} catch (error) {
			this.status = 'failed';
			this.problem = problemText(error);
			this.#emit();
			return;
		}
		this.#library = library;
		this.persistent = library.storage.persistent;
		this.secrets = library.secretsStatus();
		library.onChange((event) => this.#libraryEvent(event));
		this.#refreshList();
		const removed = library.upgrade?.secretsRemoved ?? [];
		if (removed.length > 0) {
			const first = removed[0];
			this.notify(`The library was upgraded: ${removed.length} secret value${removed.length === 1 ? ' was' : 's were'} removed from storage and must be entered again (first: ${first.name} in "${first.documentName}", line ${first.line}).`, 'problem');
		}
		this.status = 'ready';
		this.#emit();
		const last = readLastDocument(this.#options.store);
		const remembered = last === undefined ? undefined : library.get(last);
		try {
			if (remembered !== undefined && remembered.trashed === undefined) await this.open(remembered.id);
			else if (this.documents.length > 0) await this.open(this.documents[0].id);
			else if (library.list({ trash: true }).length === 0) await this.create('cp-sample');
		} catch (error) {
			this.notify(problemText(error), 'problem');
		}
	}

	// --------------------------------------------------------------------------------------------- documents

	/** Runs an open (or a create that opens) with `opening` set until it ends, however it ends. */
	async #whileOpening<T>(work: () => Promise<T>): Promise<T> {
		if (this.#openCalls++ === 0) {
			this.opening = true;
			this.#emit();
		}
		try {
			return await work();
		} finally {
			if (--this.#openCalls === 0) {
				this.opening = false;
				this.#emit();
			}
		}
	}

	/** Opens a document (the one open before is written and closed first). */
	async open(id: string): Promise<void> {
		const library = this.#library ?? (await this.#ready());
		if (this.#session?.id === id && this.#session.state !== 'closed') return;
		return this.#whileOpening(() => this.#open(library, id));
	}

	/** `text`: what the editor shows instead of the stored text, from the moment the document is shown (a new
	 *  document's own text, with the secret values the library kept out). */
	async #open(library: Library, id: string, text?: string): Promise<void> {
		const ticket = ++this.#opening;
		await this.#closeSession();
		const session = await library.openDocument(id);
		if (ticket !== this.#opening) {
			// Another open() came later and wins.
			await session.close();
			return;
		}
		this.#session = session;
		this.#stopSession = session.onChange((event) => this.#sessionEvent(session, event));
		this.document = session.document;
		this.text = session.opened.text;
		this.missingSecrets = session.opened.missingSecrets;
		this.locked = session.opened.locked;
		this.keptOut = [];
		this.saveState = 'saved';
		this.saveProblem = undefined;
		this.conflict = undefined;
		this.versions = [];
		this.#versionsLoadedAt = -1;
		// In the same change that shows the document: given after it (once its versions were loaded), the text
		// replaced whatever the user had typed into the new document meanwhile (a page that does not hold the editor
		// read-only while opening, the DM account page).
		if (text !== undefined && text !== this.text) this.edit(text);
		rememberLastDocument(this.#options.store, id);
		this.#emit();
		await this.#loadVersions();
	}

	/** A new document from a template, opened. */
	async create(id: TemplateId, name?: string): Promise<DocumentSummary> {
		const t = template(id);
		return this.createFromText(name ?? uniqueName(t.name, this.#allNames()), t.kind, t.text);
	}

	/** A file opened from disk becomes a library document (named after the file), opened. */
	async createFromFile(fileName: string, text: string): Promise<DocumentSummary> {
		return this.createFromText(uniqueName(nameOfFile(fileName), this.#allNames()), kindOfText(text), text);
	}

	/**
	 * A new document holding `text`, opened. Secret values the library does not keep stay in the editor (the text is
	 * given to the session again), so a file opened from disk keeps them for this session.
	 */
	async createFromText(name: string, kind: DocumentKind, text: string): Promise<DocumentSummary> {
		const library = this.#library ?? (await this.#ready());
		return this.#whileOpening(async () => {
			const created = await library.create({ name, kind, text });
			await this.#whileOpening(() => this.#open(library, created.document.id, text));
			if (created.keptOut.length > 0) this.keptOut = created.keptOut;
			this.#emit();
			return created.document;
		});
	}

	/** The editor's text changed: kept as the draft (autosaved). */
	edit(text: string): void {
		const session = this.#session;
		if (session === undefined || text === this.text) return;
		this.text = text;
		if (this.saveState === 'saved') this.saveState = 'saving';
		this.#emit();
		if (session.state === 'closed' || session.state === 'deleted') return;
		session.saveDraft(text).then(
			(result) => this.#written(session, result),
			(error: unknown) => {
				if (session !== this.#session) return;
				this.saveProblem = `Not saved: ${problemText(error)}. Your text stays here; it is written with the next change.`;
				this.#settle();
				this.#emit();
			}
		);
	}

	/** Writes the unsaved text now (pagehide, a hidden tab, before leaving a document). */
	async flush(): Promise<void> {
		await this.#library?.flush();
	}

	/** Saves the text as a version with a message. */
	async saveVersion(message: string): Promise<VersionSummary | undefined> {
		const session = this.#needSession();
		const result = await session.saveVersion(message, this.text);
		if (session !== this.#session) return undefined;
		if (result.status === 'deleted') return undefined;
		this.keptOut = result.keptOut;
		this.#settle();
		this.notify(result.status === 'saved' ? `Saved version ${result.version.number}.` : `Saved version ${result.version.number}; the draft had changed in another tab and was left as it is.`);
		await this.#loadVersions(true);
		return result.version;
	}

	/** Makes a version the draft (the draft it replaces is kept as a version first). */
	async restoreVersion(versionId: string): Promise<void> {
		const session = this.#needSession();
		const result = await session.restore(versionId);
		if (session !== this.#session) return;
		if (result.status === 'restored') {
			this.#takeDraft(result.draft);
			const before = result.before === undefined ? '' : ` The draft it replaced is kept as version ${result.before.number}.`;
			this.notify(`Restored version ${result.version.restoredFrom ?? '?'} as the draft (version ${result.version.number}).${before}`);
		} else if (result.status === 'conflict') {
			this.notify('Nothing restored: the draft was changed in another tab meanwhile. Look at it, then restore again.', 'problem');
		}
		this.#settle();
		this.#emit();
		await this.#loadVersions(true);
	}

	/** Two texts to compare: 'draft' is the editor's text as it is now (secret values included). */
	async compare(left: TextRef, right: TextRef): Promise<{ left: ComparedText; right: ComparedText }> {
		const library = this.#library ?? (await this.#ready());
		const id = this.#needSession().id;
		const draft: ComparedText = { label: 'Draft', text: this.text, missingSecrets: [...this.missingSecrets] };
		const read = async (ref: TextRef): Promise<ComparedText> => {
			if (ref === 'draft') return draft;
			const version = await library.readVersion(id, ref.versionId);
			return { label: versionLabel(version.version), text: version.text, missingSecrets: version.missingSecrets };
		};
		return { left: await read(left), right: await read(right) };
	}

	/** Ends a conflict: 'theirs' takes the other tab's draft, 'mine' makes this tab's text the draft. Both stay as versions. */
	async resolveConflict(keep: 'theirs' | 'mine'): Promise<void> {
		const session = this.#needSession();
		const draft = await session.resolveConflict(keep);
		if (session !== this.#session) return;
		this.#takeDraft(draft);
		this.conflict = undefined;
		this.#settle();
		this.notify(keep === 'theirs' ? 'Kept the other tab\'s draft; your text stays as a conflict copy in the versions.' : 'Kept your text as the draft; the other tab\'s draft stays in the versions.');
		await this.#loadVersions(true);
	}

	async rename(id: string, name: string): Promise<void> {
		const library = this.#library ?? (await this.#ready());
		const document = library.get(id);
		if (document === undefined) throw new LibraryError('not-found', 'no such document (deleted in another tab?)');
		const result = await library.rename(id, name, document.revision);
		if (result.status === 'conflict') {
			this.notify(`Not renamed: it was renamed elsewhere meanwhile, to "${result.document.name}".`, 'problem');
		}
	}

	async addTag(id: string, tag: string): Promise<void> {
		await (this.#library ?? (await this.#ready())).addTag(id, tag);
	}

	async removeTag(id: string, tag: string): Promise<void> {
		await (this.#library ?? (await this.#ready())).removeTag(id, tag);
	}

	/** Moves a document to the trash, with Undo. The open document is closed and the next most recent opened. */
	async moveToTrash(id: string): Promise<void> {
		const library = this.#library ?? (await this.#ready());
		const wasOpen = this.openId === id;
		if (wasOpen) await this.#session?.flush();
		const document = await library.moveToTrash(id);
		if (wasOpen) {
			await this.#closeSession();
			this.#clearDocument();
			const next = this.documents.find((d) => d.id !== id);
			if (next !== undefined) await this.open(next.id);
		}
		this.notify(`Moved "${document.name}" to the trash.`, 'info', {
			label: 'Undo',
			run: async () => {
				await library.restoreFromTrash(id);
				if (wasOpen) await this.open(id);
			}
		});
	}

	async restoreFromTrash(id: string): Promise<void> {
		const document = await (this.#library ?? (await this.#ready())).restoreFromTrash(id);
		this.notify(`Restored "${document.name}" from the trash.`);
	}

	/** Deletes a document in the trash for good. */
	async purge(id: string): Promise<void> {
		await (this.#library ?? (await this.#ready())).purge(id);
	}

	async emptyTrash(): Promise<number> {
		const count = await (this.#library ?? (await this.#ready())).emptyTrash();
		this.notify(count === 0 ? 'The trash was already empty.' : `Deleted ${count} document${count === 1 ? '' : 's'} for good.`);
		return count;
	}

	search(query: string, options: SearchOptions = {}): SearchResult {
		return this.#library?.search(query, options) ?? { total: 0, hits: [] };
	}

	// ----------------------------------------------------------------------------------------- import, export

	async exportLibrary(includeSecrets = false): Promise<string> {
		await this.flush();
		return (this.#library ?? (await this.#ready())).exportLibrary({ secrets: includeSecrets ? 'include' : 'omit' });
	}

	async importLibrary(text: string): Promise<ImportReport> {
		const report = await (this.#library ?? (await this.#ready())).importLibrary(text);
		const parts = [`${report.added} added`, `${report.merged} merged`, `${report.unchanged} already here`];
		if (report.draftsKeptAsVersions > 0) parts.push(`${report.draftsKeptAsVersions} differing draft${report.draftsKeptAsVersions === 1 ? '' : 's'} kept as versions`);
		const secrets = report.keptOut.length > 0 ? ` ${report.keptOut.length} secret value${report.keptOut.length === 1 ? ' was' : 's were'} not stored and must be entered again.` : '';
		this.notify(`Imported: ${parts.join(', ')}.${secrets}`);
		return report;
	}

	// ------------------------------------------------------------------------------------------------ secrets

	/** Turns "keep secrets in this browser" on; the values of the open document not stored so far are sealed now. */
	async keepSecrets(passphrase: string): Promise<void> {
		await (this.#library ?? (await this.#ready())).keepSecrets(passphrase);
		this.#rewriteForSecrets();
		this.notify('Secrets are now kept in this browser, sealed with your passphrase.');
	}

	/** Opens the kept secrets for this session; a wrong passphrase throws ('wrong-passphrase') and opens nothing. */
	async unlockSecrets(passphrase: string): Promise<void> {
		await (this.#library ?? (await this.#ready())).unlockSecrets(passphrase);
		this.#rewriteForSecrets();
	}

	lockSecrets(): void {
		this.#need().lockSecrets();
	}

	/** Turns "keep secrets" off: every sealed value is deleted from storage. */
	async stopKeepingSecrets(): Promise<number> {
		const count = await (this.#library ?? (await this.#ready())).stopKeepingSecrets();
		this.notify(`Secrets are no longer kept in this browser; ${count} sealed value${count === 1 ? ' was' : 's were'} deleted.`);
		return count;
	}

	// ------------------------------------------------------------------------------------------------ notices

	notify(message: string, tone: Notice['tone'] = 'info', action?: NoticeAction): void {
		const notice: Notice = { id: ++this.#noticeSeq, message, tone };
		if (action !== undefined) notice.action = action;
		this.notices = [...this.notices.slice(-3), notice];
		const ms = this.#options.noticeMs ?? 6000;
		this.#timers.set(() => this.dismiss(notice.id), action === undefined && tone === 'info' ? ms : ms * 2);
		this.#emit();
	}

	dismiss(id: number): void {
		if (!this.notices.some((n) => n.id === id)) return;
		this.notices = this.notices.filter((n) => n.id !== id);
		this.#emit();
	}

	/** Runs a notice's action once (Undo) and dismisses it. */
	async act(id: number): Promise<void> {
		const notice = this.notices.find((n) => n.id === id);
		if (notice?.action === undefined) return;
		this.dismiss(id);
		try {
			await notice.action.run();
		} catch (error) {
			this.notify(problemText(error), 'problem');
		}
	}

	// ------------------------------------------------------------------------------------------------ internal

	/** The library once it is open: an action that comes while it still opens (a click right after the page loaded)
	 *  waits for it rather than failing. Callers use `this.#library ?? (await this.#ready())`, so an action on an
	 *  open library runs its first steps at once, as before (and #start's own calls never wait for #start). */
	async #ready(): Promise<Library> {
		if (this.#library === undefined && this.#started !== undefined) await this.#started;
		return this.#need();
	}

	#need(): Library {
		if (this.#library === undefined) throw new LibraryError('closed', this.problem ?? 'the library is not open yet');
		return this.#library;
	}

	#needSession(): DocumentSession {
		if (this.#session === undefined) throw new LibraryError('not-found', 'no document is open');
		return this.#session;
	}

	#allNames(): string[] {
		const library = this.#need();
		return [...library.list(), ...library.list({ trash: true })].map((d) => d.name);
	}

	async #closeSession(): Promise<void> {
		const session = this.#session;
		if (session === undefined) return;
		this.#stopSession?.();
		this.#stopSession = undefined;
		this.#session = undefined;
		try {
			await session.close();
		} catch (error) {
			this.notify(`The last changes of "${session.document?.name ?? 'the document'}" were not saved: ${problemText(error)}`, 'problem');
		}
	}

	#clearDocument(): void {
		this.document = undefined;
		this.text = '';
		this.saveState = 'saved';
		this.saveProblem = undefined;
		this.keptOut = [];
		this.missingSecrets = [];
		this.locked = false;
		this.conflict = undefined;
		this.versions = [];
		rememberLastDocument(this.#options.store, undefined);
		this.#emit();
	}

	#takeDraft(draft: { text: string; missingSecrets: SecretField[]; locked: boolean }): void {
		this.text = draft.text;
		this.missingSecrets = draft.missingSecrets;
		this.locked = draft.locked;
	}

	/** The text the last scan in #written read and what it found: a write answers every saveDraft it covers at once,
	 *  and scanning the one text once per answer cost a full scan per keystroke (~25 ms each at 20,000 lines). */
	#scan: { text: string; missing: readonly SecretField[] } | undefined;

	#written(session: DocumentSession, result: DraftResult): void {
		if (session !== this.#session) return;
		if (result.status === 'saved' || result.status === 'conflict') this.keptOut = result.keptOut;
		this.saveProblem = undefined;
		const scan = this.#scan;
		// While a newer text waits to be written the scan waits for its write: typing without a pause writes once a
		// second, and a scan of the 20,000-line text each time was a dropped frame a second (the pages that sign,
		// send or write check their own text before they do).
		if (session.state !== 'pending' && (scan === undefined || scan.text !== this.text || scan.missing !== this.missingSecrets)) {
			this.missingSecrets = secretFieldsOf(this.text).missing;
			this.#scan = { text: this.text, missing: this.missingSecrets };
		}
		this.#settle();
		this.#emit();
	}

	#settle(): void {
		const state = this.#session?.state;
		if (state === undefined) return;
		this.saveState = state === 'pending' ? 'saving' : state;
	}

	/**
	 * After the secret rule changed (kept now, or unlocked): the open text is written again so that the values the
	 * library kept out are sealed. The session writes only a text that differs from its last, so it is handed a
	 * changed text first and then the real one, which replaces it before the write.
	 */
	#rewriteForSecrets(): void {
		const session = this.#session;
		if (session === undefined || this.keptOut.length === 0 || session.state !== 'saved') return;
		const text = this.text;
		void session.saveDraft(`${text} `).catch(() => undefined);
		session.saveDraft(text).then(
			(result) => this.#written(session, result),
			() => undefined
		);
		void session.flush().catch(() => undefined);
	}

	#sessionEvent(session: DocumentSession, event: SessionEvent): void {
		if (session !== this.#session) return;
		switch (event.type) {
			case 'updated':
				this.#takeDraft(event.draft);
				break;
			case 'conflict':
				this.conflict = { copy: event.result.kept };
				this.saveState = 'conflict';
				void this.#loadVersions(true);
				break;
			case 'document':
				this.document = event.document;
				break;
			case 'deleted':
				this.saveState = 'deleted';
				this.notify(`"${this.document?.name ?? 'The document'}" was deleted in another tab. Its text stays here until you open another document.`, 'problem', {
					label: 'Keep as a new document',
					run: () => this.createFromText(uniqueName(this.document?.name ?? 'Recovered', this.#allNames()), this.document?.kind ?? 'cp', this.text)
				});
				break;
		}
		this.#emit();
	}

	#libraryEvent(event: LibraryEvent): void {
		switch (event.type) {
			case 'changed':
			case 'reloaded':
				this.#refreshList();
				if (this.openId !== undefined && (event.type === 'reloaded' || event.ids.includes(this.openId))) void this.#loadVersions();
				break;
			case 'secrets':
				this.secrets = event.status;
				break;
			case 'closed':
				this.status = 'closed';
				this.saveState = 'closed';
				this.problem = event.reason === 'upgrade' ? 'Another tab opened a newer version of the studio: reload this tab to go on working.' : 'The library is closed.';
				break;
		}
		this.#emit();
	}

	#refreshList(): void {
		const library = this.#library;
		if (library === undefined) return;
		this.documents = library.list();
		this.trash = library.list({ trash: true });
		this.tags = library.tags();
		this.listRevision++;
		if (this.openId !== undefined) this.document = library.get(this.openId) ?? this.document;
	}

	/** Reads the open document's versions again when their count changed (or when `force`). */
	async #loadVersions(force = false): Promise<void> {
		const library = this.#library;
		const id = this.openId;
		if (library === undefined || id === undefined) return;
		const count = library.get(id)?.versionCount ?? 0;
		if (!force && count === this.#versionsLoadedAt) return;
		this.#versionsLoadedAt = count;
		try {
			const versions = await library.versions(id);
			if (this.openId !== id) return;
			this.versions = versions;
			this.#emit();
		} catch {
			// The document went away meanwhile: the session says so.
		}
	}

	#emit(): void {
		for (const listener of this.#listeners) listener();
	}
}
