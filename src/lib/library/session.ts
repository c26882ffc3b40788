// One open document, as an editor page holds it: it remembers the draft revision its text is based on, so every
// write carries it, and it autosaves.
//
// Autosave: saveDraft(text) on every change; the text is written once the typing pauses for `delayMs` (300 ms),
// and, while changes keep coming, with the first change less than `delayMs` before the `maxWaitMs` (1 s) bound
// after the first unsaved change, so a reload or a crashed tab loses at most the last second. flush() writes now: call it on pagehide / visibilitychange → hidden (the page's job).
//
// Two tabs: when another tab changes the draft and this session has nothing unsaved, the session takes the new
// text and says so ('updated' event: put it in the editor). When this session had unsaved text, its write finds a
// newer draft: the newer draft stays, this text is kept as a conflict copy (a version, origin 'conflict'), and the
// session is in conflict: further typing goes into that copy (still autosaved, nothing lost) until the page calls
// resolveConflict('theirs') — take the draft, the copy stays as a version — or ('mine') — the copy's text becomes
// the draft, and the draft it replaces is kept as a version first.
import { LibraryError } from './error';
import type { DocumentSummary, SecretField, VersionSummary } from './model';
import { findSecretSpans, holdsPlaceholder } from './secrets/scan';

export interface Timers {
	set(callback: () => void, ms: number): unknown;
	clear(handle: unknown): void;
}

/** A draft as read back: the text with what the session could open, and the secret fields still missing. */
export interface CurrentDraft {
	revision: number;
	text: string;
	/** Secret fields whose values are not in the text: to be entered again (positions in `text`). */
	missingSecrets: SecretField[];
	/** Sealed values exist that the passphrase (not entered in this session) would open. */
	locked: boolean;
}

export type DraftResult =
	/** Written; `keptOut` lists secret values that were not stored (keep secrets off, or locked). */
	| { status: 'saved'; revision: number; keptOut: SecretField[] }
	| { status: 'unchanged'; revision: number }
	/** Not written over the newer draft: kept as the conflict copy `kept`; `current` is the newer draft. */
	| { status: 'conflict'; kept: VersionSummary; current: CurrentDraft; keptOut: SecretField[] }
	/** The document was deleted (purged) meanwhile: nothing was written. */
	| { status: 'deleted' };

export type VersionResult =
	| { status: 'saved'; version: VersionSummary; revision: number; keptOut: SecretField[] }
	/** The version was saved, but the draft had changed meanwhile and was left as it is. */
	| { status: 'conflict'; version: VersionSummary; current: CurrentDraft; keptOut: SecretField[] }
	| { status: 'deleted' };

export type RestoreResult =
	/** `draft` is the restored text (put it in the editor); `before` keeps the draft it replaced, when no version had it. */
	| { status: 'restored'; version: VersionSummary; before?: VersionSummary; draft: CurrentDraft }
	/** The draft had changed meanwhile: nothing was restored. */
	| { status: 'conflict'; current: CurrentDraft }
	| { status: 'deleted' };

export type SessionEvent =
	/** The draft changed elsewhere (another tab, or the passphrase was entered): put `draft.text` in the editor. */
	| { type: 'updated'; draft: CurrentDraft }
	/** A write met a newer draft (see DraftResult 'conflict'). */
	| { type: 'conflict'; result: Extract<DraftResult, { status: 'conflict' }> }
	/** Name, tags or trash state changed. */
	| { type: 'document'; document: DocumentSummary }
	/** The document was purged. */
	| { type: 'deleted' };

export type SessionState = 'saved' | 'pending' | 'conflict' | 'deleted' | 'closed';

/** What a session needs from its library (Library implements it; not a public API). */
export interface SessionHost {
	readonly now: () => number;
	readonly timers: Timers;
	readonly delayMs: number;
	readonly maxWaitMs: number;
	summary(id: string): DocumentSummary | undefined;
	writeDraft(id: string, text: string, baseRevision: number): Promise<DraftResult>;
	/** Writes into the conflict copy `versionId`, or a new one when undefined. */
	writeConflictCopy(id: string, versionId: string | undefined, text: string): Promise<DraftResult>;
	/** Writes the draft after keeping the current one as a version; 'stale' (nothing written) when it moved on. */
	replaceDraft(id: string, text: string, baseRevision: number): Promise<DraftResult | { status: 'stale' }>;
	saveVersion(id: string, text: string, message: string, baseRevision: number): Promise<VersionResult>;
	restoreVersion(id: string, versionId: string, baseRevision: number): Promise<RestoreResult>;
	readDraft(id: string): Promise<CurrentDraft | undefined>;
	release(session: DocumentSession): void;
}

interface Waiter {
	resolve: (result: DraftResult) => void;
	reject: (error: unknown) => void;
}

export class DocumentSession {
	readonly id: string;
	/** The text and missing secrets as opened. */
	readonly opened: CurrentDraft;
	#host: SessionHost;
	#revision: number;
	#lastText: string;
	#pending: string | undefined;
	#firstPendingAt = 0;
	#timer: unknown;
	#waiters: Waiter[] = [];
	#chain: Promise<unknown> = Promise.resolve();
	#conflict: { copyId: string | undefined; text: string } | undefined;
	/**
	 * The text of the latest write handed to the chain and not finished yet. Until it ends, #lastText is still the
	 * text before it: a change back to that older text must be written again, not answered "unchanged" (it was, and
	 * the write in flight then left the draft on the text the user had just undone).
	 */
	#inFlight: { text: string } | undefined;
	#state: SessionState = 'saved';
	#listeners = new Set<(event: SessionEvent) => void>();

	constructor(host: SessionHost, id: string, opened: CurrentDraft) {
		this.#host = host;
		this.id = id;
		this.opened = opened;
		this.#revision = opened.revision;
		this.#lastText = opened.text;
	}

	/** The draft revision the next write is based on. */
	get revision(): number {
		return this.#revision;
	}

	get state(): SessionState {
		return this.#state;
	}

	get document(): DocumentSummary | undefined {
		return this.#host.summary(this.id);
	}

	/** The conflict copy being written to, while in conflict. */
	get conflictCopy(): string | undefined {
		return this.#conflict?.copyId;
	}

	onChange(listener: (event: SessionEvent) => void): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}

	/** Autosave: resolves when this text (or a later one) is written. */
	saveDraft(text: string): Promise<DraftResult> {
		if (this.#state === 'closed') return Promise.reject(new LibraryError('closed', 'this document was closed'));
		if (this.#state === 'deleted') return Promise.resolve({ status: 'deleted' });
		const latest = this.#inFlight?.text ?? this.#conflict?.text ?? this.#lastText;
		if (this.#pending === undefined && text === latest) return Promise.resolve({ status: 'unchanged', revision: this.#revision });
		const now = this.#host.now();
		if (this.#pending === undefined) this.#firstPendingAt = now;
		this.#pending = text;
		if (this.#state === 'saved') this.#state = 'pending';
		if (this.#timer !== undefined) this.#host.timers.clear(this.#timer);
		// Within a pause's length of the bound, the text is written now rather than by a timer at the bound: a change
		// comes in right after it happened (in the studio, once the keystroke's frame is painted), when the next key is
		// furthest away, and a write (and its "✓ Saved") from a timer landed between two keys at any moment, where a
		// key then waited behind it (issue 9 (a)). Never later than the bound; at most a pause earlier.
		const untilBound = this.#firstPendingAt + this.#host.maxWaitMs - now;
		const wait = untilBound <= this.#host.delayMs ? 0 : this.#host.delayMs;
		this.#timer = this.#host.timers.set(() => {
			this.#timer = undefined;
			void this.#writePending().catch(() => undefined);
		}, wait);
		return new Promise((resolve, reject) => this.#waiters.push({ resolve, reject }));
	}

	/** Writes the unsaved text now (pagehide, before a version or restore); undefined when there was none. */
	async flush(): Promise<DraftResult | undefined> {
		if (this.#timer !== undefined) {
			this.#host.timers.clear(this.#timer);
			this.#timer = undefined;
		}
		if (this.#pending === undefined) {
			await this.#chain;
			return undefined;
		}
		return this.#writePending();
	}

	/** Saves `text` (default: the latest text given) as a version with a message. */
	async saveVersion(message: string, text?: string): Promise<VersionResult> {
		// The latest text: unsaved, else the one being written (#lastText is still the one before it until it ends).
		const body = text ?? this.#pending ?? this.#inFlight?.text ?? this.#conflict?.text ?? this.#lastText;
		// The unsaved text goes with the version: autosave calls waiting for it learn the outcome from it.
		const waiters = this.#dropPending();
		const done = this.#serialWrite(body, async () => {
			if (this.#conflict !== undefined) {
				// In conflict the draft is not ours to change: the version is saved, the draft left alone.
				const result = await this.#host.saveVersion(this.id, body, message, -1);
				if (result.status === 'deleted') this.#deleted();
				this.#conflict.text = body;
				return result;
			}
			const result = await this.#host.saveVersion(this.id, body, message, this.#revision);
			if (result.status === 'saved') {
				this.#revision = result.revision;
				this.#lastText = body;
			} else if (result.status === 'conflict') {
				// The text is safe in the version just saved; typing from here on goes into a conflict copy.
				this.#conflict = { copyId: undefined, text: body };
				this.#state = 'conflict';
				this.#emit({ type: 'conflict', result: { status: 'conflict', kept: result.version, current: result.current, keptOut: result.keptOut } });
			} else this.#deleted();
			this.#settle();
			return result;
		});
		done.then(
			(result) => {
				const draft: DraftResult =
					result.status === 'saved'
						? { status: 'saved', revision: result.revision, keptOut: result.keptOut }
						: result.status === 'conflict'
							? { status: 'conflict', kept: result.version, current: result.current, keptOut: result.keptOut }
							: result;
				for (const waiter of waiters) waiter.resolve(draft);
			},
			(error: unknown) => waiters.forEach((waiter) => waiter.reject(error))
		);
		return done;
	}

	/** Makes a version the draft (a new version records it); `draft.text` goes into the editor. */
	async restore(versionId: string): Promise<RestoreResult> {
		await this.flush();
		return this.#serial(async () => {
			if (this.#conflict !== undefined) throw new LibraryError('bad-input', 'resolve the conflict first: keep the other draft or yours');
			const result = await this.#host.restoreVersion(this.id, versionId, this.#revision);
			if (result.status === 'restored') {
				this.#revision = result.draft.revision;
				this.#lastText = result.draft.text;
			} else if (result.status === 'deleted') this.#deleted();
			return result;
		});
	}

	/** Ends a conflict: 'theirs' takes the newer draft (returned), 'mine' makes the conflict copy's text the draft. */
	async resolveConflict(keep: 'theirs' | 'mine'): Promise<CurrentDraft> {
		await this.flush();
		return this.#serial(async () => {
			const conflict = this.#conflict;
			if (conflict === undefined) throw new LibraryError('bad-input', 'there is no conflict to resolve');
			for (;;) {
				const current = await this.#host.readDraft(this.id);
				if (current === undefined) {
					this.#deleted();
					throw new LibraryError('not-found', 'the document was deleted in another tab');
				}
				if (keep === 'theirs') {
					this.#conflict = undefined;
					this.#revision = current.revision;
					this.#lastText = current.text;
					this.#settle();
					return current;
				}
				const result = await this.#host.replaceDraft(this.id, conflict.text, current.revision);
				if (result.status === 'saved' || result.status === 'unchanged') {
					this.#conflict = undefined;
					this.#revision = result.revision;
					this.#lastText = conflict.text;
					this.#settle();
					const draft = await this.#host.readDraft(this.id);
					if (draft === undefined) throw new LibraryError('not-found', 'the document was deleted in another tab');
					return draft;
				}
				if (result.status === 'deleted') {
					this.#deleted();
					throw new LibraryError('not-found', 'the document was deleted in another tab');
				}
				// Another write slipped in between (stale; a conflict is not possible here): read again and retry.
			}
		});
	}

	/** Flushes, then detaches from the library. */
	async close(): Promise<void> {
		if (this.#state === 'closed') return;
		try {
			await this.flush();
		} finally {
			this.#state = 'closed';
			this.#host.release(this);
		}
	}

	// ------------------------------------------------------------------------------------------- library side

	/**
	 * @internal The draft may have changed elsewhere (another tab, another session): taken when this session has
	 * nothing unsaved. `unlocked`: the passphrase was just entered — a text missing secret values is read again.
	 */
	async draftChanged(unlocked = false): Promise<void> {
		if (this.#state !== 'saved' || this.#pending !== undefined) return;
		if (unlocked && !findSecretSpans(this.#lastText).some((span) => holdsPlaceholder(this.#lastText, span))) return;
		const draft = await this.#host.readDraft(this.id);
		// Typing may have started while reading: then the write decides (and finds the conflict, if any).
		if (draft === undefined || this.#state !== 'saved' || this.#pending !== undefined) return;
		if (draft.revision < this.#revision || (draft.revision === this.#revision && (!unlocked || draft.text === this.#lastText))) return;
		this.#revision = draft.revision;
		this.#lastText = draft.text;
		this.#emit({ type: 'updated', draft });
	}

	/** @internal */
	documentChanged(document: DocumentSummary | undefined): void {
		if (document === undefined) this.#deleted();
		else this.#emit({ type: 'document', document });
	}

	/** @internal The library closed: unsaved text cannot be written any more. */
	libraryClosed(): void {
		if (this.#timer !== undefined) this.#host.timers.clear(this.#timer);
		this.#timer = undefined;
		const waiters = this.#waiters;
		this.#waiters = [];
		for (const waiter of waiters) waiter.reject(new LibraryError('closed', 'the library was closed before this text was saved'));
		this.#state = 'closed';
	}

	// ------------------------------------------------------------------------------------------------ internal

	#serial<T>(work: () => Promise<T>): Promise<T> {
		const result = this.#chain.then(work);
		this.#chain = result.catch(() => undefined);
		return result;
	}

	/** #serial for a write of `text`: the text is #inFlight from now until the write has ended. */
	#serialWrite<T>(text: string, work: () => Promise<T>): Promise<T> {
		const mark = { text };
		this.#inFlight = mark;
		return this.#serial(async () => {
			try {
				return await work();
			} finally {
				if (this.#inFlight === mark) this.#inFlight = undefined;
			}
		});
	}

	#dropPending(): Waiter[] {
		if (this.#timer !== undefined) this.#host.timers.clear(this.#timer);
		this.#timer = undefined;
		this.#pending = undefined;
		const waiters = this.#waiters;
		this.#waiters = [];
		return waiters;
	}

	#writePending(): Promise<DraftResult> {
		const text = this.#pending;
		const waiters = this.#waiters;
		this.#pending = undefined;
		this.#waiters = [];
		if (text === undefined) return Promise.resolve({ status: 'unchanged', revision: this.#revision });
		const done = this.#serialWrite(text, async () => {
			let result: DraftResult;
			if (this.#state === 'deleted') result = { status: 'deleted' };
			else if (this.#conflict !== undefined) {
				result = await this.#host.writeConflictCopy(this.id, this.#conflict.copyId, text);
				if (result.status === 'conflict') this.#conflict = { copyId: result.kept.id, text };
			} else {
				result = await this.#host.writeDraft(this.id, text, this.#revision);
				if (result.status === 'saved' || result.status === 'unchanged') {
					this.#revision = result.revision;
					this.#lastText = text;
				} else if (result.status === 'conflict') this.#enterConflict(result, text);
			}
			if (result.status === 'deleted') this.#deleted();
			this.#settle();
			return result;
		});
		done.then(
			(result) => waiters.forEach((w) => w.resolve(result)),
			(error: unknown) => {
				// Not written (storage refused): the text stays unsaved, and the next change or flush tries again.
				if (this.#pending === undefined) {
					this.#pending = text;
					if (this.#state === 'saved') this.#state = 'pending';
				}
				waiters.forEach((w) => w.reject(error));
			}
		);
		return done;
	}

	#enterConflict(result: Extract<DraftResult, { status: 'conflict' }>, text: string): void {
		this.#conflict = { copyId: result.kept.id, text };
		this.#state = 'conflict';
		this.#emit({ type: 'conflict', result });
	}

	#settle(): void {
		if (this.#state === 'closed' || this.#state === 'deleted') return;
		this.#state = this.#conflict !== undefined ? 'conflict' : this.#pending !== undefined ? 'pending' : 'saved';
	}

	#deleted(): void {
		if (this.#state === 'deleted' || this.#state === 'closed') return;
		this.#state = 'deleted';
		this.#emit({ type: 'deleted' });
	}

	#emit(event: SessionEvent): void {
		for (const listener of this.#listeners) listener(event);
	}
}
