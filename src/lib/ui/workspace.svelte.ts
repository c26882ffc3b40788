// The tab's workspace as Svelte state: the library and the document open in it, shared by every page (Document,
// Library, Bootstrap, DM account, Card). The logic is ./workspace/workspace.ts (plain TypeScript, unit tested in
// Node); this module mirrors its fields into runes on each change and starts it in the browser only — the library
// is IndexedDB, which the server has not: server-rendered pages show "Opening the library…".
//
// `text` is what the editor binds to: setting it hands the text to the document's session (autosave).
import { openDefaultStorage, openLibrary, type DocumentSummary, type SecretField, type SecretsStatus, type TagCount, type VersionSummary } from '../library';
import type { KeyValueStore } from './workspace/last-document';
import { Workspace, type Conflict, type Notice, type SaveState, type WorkspaceStatus } from './workspace/workspace';
import { savedShownIn } from './workspace/saved-while-typing';

/** window.localStorage when there is one (not on the server, not when the browser refuses it). */
const localStore: KeyValueStore = {
	getItem: (key) => globalThis.localStorage?.getItem(key) ?? null,
	setItem: (key, value) => globalThis.localStorage?.setItem(key, value),
	removeItem: (key) => globalThis.localStorage?.removeItem(key)
};

export class WorkspaceState {
	readonly core: Workspace;
	status = $state.raw<WorkspaceStatus>('idle');
	problem = $state.raw<string | undefined>(undefined);
	persistent = $state.raw(true);
	documents = $state.raw<readonly DocumentSummary[]>([]);
	trash = $state.raw<readonly DocumentSummary[]>([]);
	tags = $state.raw<readonly TagCount[]>([]);
	listRevision = $state.raw(0);
	secrets = $state.raw<SecretsStatus>({ keep: false, unlocked: false });
	document = $state.raw<DocumentSummary | undefined>(undefined);
	saveState = $state.raw<SaveState>('saved');
	saveProblem = $state.raw<string | undefined>(undefined);
	keptOut = $state.raw<readonly SecretField[]>([]);
	missingSecrets = $state.raw<readonly SecretField[]>([]);
	locked = $state.raw(false);
	conflict = $state.raw<Conflict | undefined>(undefined);
	versions = $state.raw<readonly VersionSummary[]>([]);
	notices = $state.raw<readonly Notice[]>([]);
	/** A document is being opened: the one shown is being left (Workspace.opening). */
	opening = $state.raw(false);
	#text = $state.raw('');
	/** When the editor last handed a text in (performance.now()), and the sync waiting for a pause in the typing. */
	#lastEdit = -Infinity;
	#waitingSync: ReturnType<typeof setTimeout> | undefined;

	constructor(core: Workspace) {
		this.core = core;
		core.subscribe(() => this.#sync());
		this.#sync();
	}

	/** The open document's text as the editor holds it; setting it autosaves it. */
	get text(): string {
		return this.#text;
	}

	set text(value: string) {
		this.#lastEdit = performance.now();
		this.#text = value;
		this.core.edit(value);
	}

	get openId(): string | undefined {
		return this.document?.id;
	}

	#sync(): void {
		const c = this.core;
		clearTimeout(this.#waitingSync);
		this.#waitingSync = undefined;
		// A save done while keys keep coming is shown once they pause (saved-while-typing.ts), with the rest of that
		// change (the list's edit times); anything else that changed meanwhile is shown at once.
		const wait = savedShownIn(this.saveState, c.saveState, performance.now() - this.#lastEdit);
		if (wait > 0 && c.conflict === this.conflict && c.document?.id === this.document?.id && c.notices === this.notices && c.status === this.status && c.opening === this.opening) {
			this.#waitingSync = setTimeout(() => this.#sync(), wait);
			return;
		}
		this.status = c.status;
		this.problem = c.problem;
		this.persistent = c.persistent;
		this.documents = c.documents;
		this.trash = c.trash;
		this.tags = c.tags;
		this.listRevision = c.listRevision;
		this.secrets = c.secrets;
		this.document = c.document;
		this.saveState = c.saveState;
		this.saveProblem = c.saveProblem;
		this.keptOut = c.keptOut;
		this.missingSecrets = c.missingSecrets;
		this.locked = c.locked;
		this.conflict = c.conflict;
		this.versions = c.versions;
		this.notices = c.notices;
		this.opening = c.opening;
		this.#text = c.text;
	}
}

export const workspace = new WorkspaceState(
	new Workspace({
		openLibrary: async () => openLibrary({ storage: await openDefaultStorage() }),
		store: localStore
	})
);

/**
 * Starts the workspace in this tab (the layout calls it once mounted): opens the library and the last document,
 * writes unsaved text when the tab is hidden or left, and builds the search index while the tab is idle.
 * Returns the function that removes the listeners.
 */
export function startWorkspace(): () => void {
	const core = workspace.core;
	const flush = (): void => void core.flush().catch(() => undefined);
	const hidden = (): void => {
		if (document.visibilityState === 'hidden') flush();
	};
	addEventListener('pagehide', flush);
	document.addEventListener('visibilitychange', hidden);
	void core.start().then(() => {
		const library = core.library;
		if (library === undefined || typeof requestIdleCallback !== 'function') return;
		requestIdleCallback(function step(deadline) {
			if (!library.prepareSearch(() => deadline.timeRemaining())) requestIdleCallback(step);
		});
	});
	return () => {
		removeEventListener('pagehide', flush);
		document.removeEventListener('visibilitychange', hidden);
	};
}
