// The workspace the pages share (src/lib/ui/workspace/workspace.ts), over the library's memory storage: what a tab
// opens at start, autosave and its state, the secret rule as the pages show it, trash with Undo, versions, two tabs
// in conflict, import/export into a fresh library. Tabs are workspaces on one MemoryDatabase, talking through a real
// BroadcastChannel as the library's own tests do (tests/unit/library/helpers.ts).
import { describe, expect, it, vi } from 'vitest';
import { createMemoryDatabase, openLibrary, openMemoryStorage, SECRET_PLACEHOLDER, type MemoryDatabase } from '../../../src/lib/library';
import { SAMPLE_DOCUMENT } from '../../../src/lib/ui/sample';
import { LAST_DOCUMENT_KEY, type KeyValueStore } from '../../../src/lib/ui/workspace/last-document';
import { Workspace, type WorkspaceTimers } from '../../../src/lib/ui/workspace/workspace';
import { ManualClock, settle, uniqueName } from '../library/helpers';

class MapStore implements KeyValueStore {
	map = new Map<string, string>();
	getItem(key: string): string | null {
		return this.map.get(key) ?? null;
	}
	setItem(key: string, value: string): void {
		this.map.set(key, value);
	}
	removeItem(key: string): void {
		this.map.delete(key);
	}
}

/** Timers that run only when asked (notices). */
class HeldTimers implements WorkspaceTimers {
	held: { callback: () => void; ms: number }[] = [];
	set(callback: () => void, ms: number): unknown {
		this.held.push({ callback, ms });
		return this.held.length;
	}
	clear(): void {}
	runAll(): void {
		const due = this.held;
		this.held = [];
		for (const t of due) t.callback();
	}
}

interface Tab {
	ws: Workspace;
	store: MapStore;
	timers: HeldTimers;
	clock: ManualClock;
}

let idSeq = 0;

/** A tab: a workspace on `database` with a manual clock for the library's autosave. */
async function openTab(database: MemoryDatabase, store = new MapStore(), clock = new ManualClock()): Promise<Tab> {
	const timers = new HeldTimers();
	const prefix = `t${++idSeq}-`;
	let n = 0;
	const ws = new Workspace({
		openLibrary: async () => openLibrary({ storage: await openMemoryStorage(database, { now: clock.now }), now: clock.now, timers: clock, newId: () => `${prefix}${++n}` }),
		store,
		timers
	});
	await ws.start();
	return { ws, store, timers, clock };
}

/** Lets the autosave timer run and the write finish. */
async function autosave(tab: Tab): Promise<void> {
	tab.clock.advance(1000);
	await tab.ws.flush();
	await settle();
}

const SECRET = 'Sup3r-s3cret!';
// An APPLICATION with its AAUTHSECRET value on line 7, column 39: 6 spaces and the 32 characters of
// `<parm name="AAUTHSECRET" value="` come first.
const WITH_SECRET = `<?xml version="1.0"?>
<wap-provisioningdoc version="1.0">
  <characteristic type="APPLICATION">
    <parm name="APPID" value="w7"/>
    <characteristic type="APPAUTH">
      <parm name="AAUTHLEVEL" value="APPSRV"/>
      <parm name="AAUTHSECRET" value="${SECRET}"/>
    </characteristic>
  </characteristic>
</wap-provisioningdoc>
`;

describe('start', () => {
	it('starts an empty library with the sample, opened and remembered by id alone', async () => {
		const tab = await openTab(createMemoryDatabase(uniqueName()));
		expect(tab.ws.status).toBe('ready');
		expect(tab.ws.documents.map((d) => d.name)).toEqual(['Sample']);
		expect(tab.ws.document?.name).toBe('Sample');
		expect(tab.ws.text).toBe(SAMPLE_DOCUMENT);
		expect([...tab.store.map]).toEqual([[LAST_DOCUMENT_KEY, tab.ws.openId]]);
	});

	it('lets an action asked for while the library still opens wait for it (Keep secrets clicked as the page loads)', async () => {
		let release: () => void = () => undefined;
		const held = new Promise<void>((resolve) => (release = resolve));
		const clock = new ManualClock();
		const ws = new Workspace({
			openLibrary: async () => {
				await held;
				return openLibrary({ storage: await openMemoryStorage(createMemoryDatabase(uniqueName()), { now: clock.now }), now: clock.now, timers: clock });
			},
			store: new MapStore(),
			timers: new HeldTimers()
		});
		const started = ws.start();
		expect(ws.status).toBe('opening');
		// Before, this failed at once: "the library is not open yet".
		const kept = ws.keepSecrets('correct horse battery');
		release();
		await kept;
		await started;
		expect(ws.secrets).toEqual({ keep: true, unlocked: true });
	});

	it('opens the document open last in the previous session, not the most recent one', async () => {
		const database = createMemoryDatabase(uniqueName());
		const first = await openTab(database);
		const older = first.ws.openId as string;
		first.clock.advance(60_000);
		await first.ws.create('cp-empty');
		expect(first.ws.documents[0].name).toBe('Untitled');
		await first.ws.open(older);
		const again = await openTab(database, first.store);
		expect(again.ws.document?.name).toBe('Sample');
	});

	it('opens the most recent document when the remembered one is in the trash or unknown', async () => {
		const database = createMemoryDatabase(uniqueName());
		const first = await openTab(database);
		first.clock.advance(60_000);
		await first.ws.create('dm-account');
		const store = new MapStore();
		store.setItem(LAST_DOCUMENT_KEY, 'no-such-id');
		expect((await openTab(database, store)).ws.document?.name).toBe('DM account');
		store.setItem(LAST_DOCUMENT_KEY, 'not an id: <script>');
		expect((await openTab(database, store)).ws.document?.name).toBe('DM account');
	});

	it('says why when the library cannot be opened', async () => {
		const ws = new Workspace({ openLibrary: () => Promise.reject(new Error('IndexedDB refused')), timers: new HeldTimers() });
		await ws.start();
		expect(ws.status).toBe('failed');
		expect(ws.problem).toBe('IndexedDB refused');
	});
});

describe('opening a document', () => {
	it('is opening from New… until the new document is open, the one being left shown meanwhile; not after a failed open', async () => {
		const tab = await openTab(createMemoryDatabase(uniqueName()));
		const seen: string[] = [];
		tab.ws.subscribe(() => seen.push(`${tab.ws.opening ? 'opening' : 'open'} ${tab.ws.document?.name}`));
		const created = tab.ws.create('cp-empty');
		// At once, before the library has written anything: a page makes the editor read-only from here on.
		expect(tab.ws.opening).toBe(true);
		expect(tab.ws.document?.name).toBe('Sample');
		await created;
		expect(tab.ws.opening).toBe(false);
		expect(tab.ws.document?.name).toBe('Untitled');
		// Never "open" on the Sample once New… was chosen, and the Untitled shown before "open" only while opening.
		expect(seen[0]).toBe('opening Sample');
		expect(seen.at(-1)).toBe('open Untitled');
		expect(seen.filter((s) => s === 'open Sample')).toEqual([]);

		seen.length = 0;
		await expect(tab.ws.open('no-such-id')).rejects.toThrow();
		expect(tab.ws.opening).toBe(false);
		expect(seen.at(-1)).toBe('open Untitled');
	});
});

describe('editing', () => {
	it('autosaves what is typed: saving while it waits, saved once written, the draft the text', async () => {
		const database = createMemoryDatabase(uniqueName());
		const tab = await openTab(database);
		const edited = SAMPLE_DOCUMENT.replace('Example GPRS', 'Office');
		tab.ws.edit(edited);
		expect(tab.ws.saveState).toBe('saving');
		await autosave(tab);
		expect(tab.ws.saveState).toBe('saved');
		expect((await tab.ws.library!.readDraft(tab.ws.openId!)).text).toBe(edited);
		// A reload: the same text.
		expect((await openTab(database, tab.store)).ws.text).toBe(edited);
	});

	it('creates from a template under a name not taken yet', async () => {
		const tab = await openTab(createMemoryDatabase(uniqueName()));
		await tab.ws.create('cp-sample');
		await tab.ws.create('cp-sample');
		expect(tab.ws.documents.map((d) => d.name).sort()).toEqual(['Sample', 'Sample 2', 'Sample 3']);
		expect(tab.ws.document?.name).toBe('Sample 3');
	});

	it('makes a file opened from disk a document named after it, of the kind its root says', async () => {
		const tab = await openTab(createMemoryDatabase(uniqueName()));
		await tab.ws.createFromFile('office-apn.xml', SAMPLE_DOCUMENT);
		expect([tab.ws.document?.name, tab.ws.document?.kind]).toEqual(['office-apn', 'cp']);
		await tab.ws.createFromFile('C:\\accounts\\acme.XML', '<?xml version="1.0"?>\n<!-- DM -->\n<DMAcc><ServerID>x</ServerID></DMAcc>');
		expect([tab.ws.document?.name, tab.ws.document?.kind]).toEqual(['acme', 'dm-account']);
	});
});

describe('secrets as the pages show them ("keep secrets" off)', () => {
	it('keeps a typed secret in the editor only, says which values were not stored, and after a reload which to enter again', async () => {
		const database = createMemoryDatabase(uniqueName());
		const tab = await openTab(database);
		tab.ws.edit(WITH_SECRET);
		await autosave(tab);
		expect(tab.ws.text).toContain(SECRET);
		expect(tab.ws.keptOut.map((f) => [f.name, f.line, f.column])).toEqual([['AAUTHSECRET', 7, 39]]);
		expect(JSON.stringify([...database.stores.values()].map((s) => [...s.records.values()]))).not.toContain(SECRET);

		const reloaded = await openTab(database, tab.store);
		expect(reloaded.ws.text).toBe(WITH_SECRET.replace(SECRET, SECRET_PLACEHOLDER));
		expect(reloaded.ws.missingSecrets.map((f) => [f.name, f.line])).toEqual([['AAUTHSECRET', 7]]);
		// Typed again: no longer missing once written.
		reloaded.ws.edit(WITH_SECRET);
		await autosave(reloaded);
		expect(reloaded.ws.missingSecrets).toEqual([]);
	});

	it('keeps the secrets of a file opened from disk in the editor, not the placeholder', async () => {
		const tab = await openTab(createMemoryDatabase(uniqueName()));
		await tab.ws.createFromFile('with-secret.xml', WITH_SECRET);
		expect(tab.ws.text).toBe(WITH_SECRET);
		expect(tab.ws.keptOut.map((f) => f.name)).toEqual(['AAUTHSECRET']);
	});

	it('shows a new document with its secrets from the first moment it is shown, and keeps what the user types then', async () => {
		// The DM account page lets the user type as soon as the new document is shown. The text with the secret (the
		// library stored the placeholder) was given after the document's versions had loaded: an edit made in between
		// was replaced by it.
		const tab = await openTab(createMemoryDatabase(uniqueName()));
		const shown: string[] = [];
		const TYPED = '<!-- typed at once -->\n';
		let typed = false;
		tab.ws.subscribe(() => {
			if (tab.ws.document?.name !== 'with-secret' || typed) return;
			shown.push(tab.ws.text);
			typed = true;
			tab.ws.edit(TYPED);
		});
		await tab.ws.createFromFile('with-secret.xml', WITH_SECRET);
		expect(shown).toEqual([WITH_SECRET]);
		expect(tab.ws.text).toBe(TYPED);
	});

	it('seals the values kept out so far when "keep secrets" is turned on, and a new tab opens them only with the passphrase', async () => {
		const database = createMemoryDatabase(uniqueName());
		const tab = await openTab(database);
		tab.ws.edit(WITH_SECRET);
		await autosave(tab);
		await tab.ws.keepSecrets('correct horse battery');
		await autosave(tab);
		// The sealed rewrite is written in the background (#rewriteForSecrets): wait for it, not for a fixed time, so a
		// loaded machine cannot fail this.
		await vi.waitFor(() => expect(tab.ws.keptOut).toEqual([]), { timeout: 10_000 });
		expect(JSON.stringify([...database.stores.values()].map((s) => [...s.records.values()]))).not.toContain(SECRET);

		const other = await openTab(database, tab.store);
		expect(other.ws.secrets).toEqual({ keep: true, unlocked: false });
		expect(other.ws.locked).toBe(true);
		await expect(other.ws.unlockSecrets('wrong horse battery')).rejects.toThrow('wrong passphrase: no secret was opened');
		expect(other.ws.text).not.toContain(SECRET);
		await other.ws.unlockSecrets('correct horse battery');
		await vi.waitFor(() => expect(other.ws.text).toBe(WITH_SECRET), { timeout: 10_000 });
		expect(other.ws.missingSecrets).toEqual([]);
	}, 20_000);
});

describe('trash with Undo', () => {
	it('moves the open document to the trash, opens the next, and Undo brings it back open', async () => {
		const tab = await openTab(createMemoryDatabase(uniqueName()));
		const sample = tab.ws.openId as string;
		tab.clock.advance(1000);
		await tab.ws.create('cp-empty');
		const untitled = tab.ws.openId as string;
		await tab.ws.moveToTrash(untitled);
		expect(tab.ws.openId).toBe(sample);
		expect(tab.ws.trash.map((d) => d.name)).toEqual(['Untitled']);
		const notice = tab.ws.notices.at(-1)!;
		expect([notice.message, notice.action?.label]).toEqual(['Moved "Untitled" to the trash.', 'Undo']);
		await tab.ws.act(notice.id);
		expect(tab.ws.trash).toEqual([]);
		expect(tab.ws.openId).toBe(untitled);
	});

	it('dismisses a notice when its time is up', async () => {
		const tab = await openTab(createMemoryDatabase(uniqueName()));
		tab.ws.notify('Saved version 1.');
		expect(tab.ws.notices.map((n) => n.message)).toEqual(['Saved version 1.']);
		expect(tab.timers.held.at(-1)?.ms).toBe(6000);
		tab.timers.runAll();
		expect(tab.ws.notices).toEqual([]);
	});
});

describe('versions', () => {
	it('saves versions with messages, compares one with the draft, and restores one keeping the draft it replaces', async () => {
		const tab = await openTab(createMemoryDatabase(uniqueName()));
		const v1 = await tab.ws.saveVersion('as loaded');
		tab.ws.edit(SAMPLE_DOCUMENT.replace('GSM-GPRS', 'GSM-CSD'));
		const v2 = await tab.ws.saveVersion('circuit switched');
		expect(tab.ws.versions.map((v) => [v.number, v.message])).toEqual([
			[2, 'circuit switched'],
			[1, 'as loaded']
		]);
		tab.ws.edit(SAMPLE_DOCUMENT.replace('GSM-GPRS', 'CDMA-SMS'));
		const compared = await tab.ws.compare({ versionId: v1!.id }, 'draft');
		expect([compared.left.label, compared.right.label]).toEqual(['Version 1: as loaded', 'Draft']);
		expect(compared.left.text).toBe(SAMPLE_DOCUMENT);
		expect(compared.right.text).toContain('CDMA-SMS');

		await tab.ws.restoreVersion(v2!.id);
		expect(tab.ws.text).toContain('GSM-CSD');
		// The unsaved draft (CDMA-SMS) became version 3, the restore version 4.
		expect(tab.ws.versions.map((v) => [v.number, v.origin])).toEqual([
			[4, 'restore'],
			[3, 'before-restore'],
			[2, 'save'],
			[1, 'save']
		]);
		expect(tab.ws.notices.at(-1)?.message).toBe('Restored version 2 as the draft (version 4). The draft it replaced is kept as version 3.');
	});
});

describe('two tabs', () => {
	it('never overwrites silently: the later writer is in conflict, both texts kept; "keep mine" makes its text the draft', async () => {
		const database = createMemoryDatabase(uniqueName());
		const clock = new ManualClock();
		const a = await openTab(database, new MapStore(), clock);
		const b = await openTab(database, new MapStore(), clock);
		expect(b.ws.openId).toBe(a.ws.openId);
		const theirs = SAMPLE_DOCUMENT.replace('Example GPRS', 'From tab A');
		const mine = SAMPLE_DOCUMENT.replace('Example GPRS', 'From tab B');
		b.ws.edit(mine);
		a.ws.edit(theirs);
		await a.ws.flush();
		await settle();
		await b.ws.flush();
		await settle();
		expect(b.ws.saveState).toBe('conflict');
		expect(b.ws.conflict?.copy?.origin).toBe('conflict');
		expect(b.ws.text).toBe(mine);
		expect((await b.ws.library!.readDraft(b.ws.openId!)).text).toBe(theirs);

		await b.ws.resolveConflict('mine');
		expect(b.ws.saveState).toBe('saved');
		expect(b.ws.conflict).toBeUndefined();
		expect((await b.ws.library!.readDraft(b.ws.openId!)).text).toBe(mine);
		// A takes the new draft (it had nothing unsaved) when B's broadcast reaches it; its text is a version.
		await vi.waitFor(() => expect(a.ws.text).toBe(mine), { timeout: 10_000 });
		const texts = await Promise.all(b.ws.versions.map(async (v) => (await b.ws.library!.readVersion(b.ws.openId!, v.id)).text));
		expect(texts).toContain(theirs);
	});

	it('"keep theirs" puts the other tab\'s draft in the editor and keeps this tab\'s text as the conflict copy', async () => {
		const database = createMemoryDatabase(uniqueName());
		const clock = new ManualClock();
		const a = await openTab(database, new MapStore(), clock);
		const b = await openTab(database, new MapStore(), clock);
		const theirs = SAMPLE_DOCUMENT.replace('NAP1', 'NAPA');
		const mine = SAMPLE_DOCUMENT.replace('NAP1', 'NAPB');
		b.ws.edit(mine);
		a.ws.edit(theirs);
		await a.ws.flush();
		await settle();
		await b.ws.flush();
		await settle();
		const copy = b.ws.conflict?.copy;
		await b.ws.resolveConflict('theirs');
		expect(b.ws.text).toBe(theirs);
		expect((await b.ws.library!.readVersion(b.ws.openId!, copy!.id)).text).toBe(mine);
	});
});

describe('import and export', () => {
	it('exports the library and a fresh library imports the same documents, drafts, tags and versions', async () => {
		const tab = await openTab(createMemoryDatabase(uniqueName()));
		await tab.ws.addTag(tab.ws.openId!, 'pilot');
		await tab.ws.saveVersion('first');
		await tab.ws.create('dm-account');
		const file = await tab.ws.exportLibrary();

		// A fresh library starts with its own sample; the import adds the two documents beside it.
		const fresh = await openTab(createMemoryDatabase(uniqueName()));
		const report = await fresh.ws.importLibrary(file);
		expect([report.added, report.merged]).toEqual([2, 0]);
		const byName = (ws: Workspace) => Object.fromEntries(ws.documents.map((d) => [`${d.id}`, [d.name, d.kind, d.tags, d.versionCount]]));
		const imported = byName(fresh.ws);
		for (const [id, entry] of Object.entries(byName(tab.ws))) expect(imported[id]).toEqual(entry);
		expect(fresh.ws.notices.at(-1)?.message).toBe('Imported: 2 added, 0 merged, 0 already here.');
	});

	it('refuses a file that is not a library export with the library\'s one line, changing nothing', async () => {
		const tab = await openTab(createMemoryDatabase(uniqueName()));
		await expect(tab.ws.importLibrary('{"format":"something else"}')).rejects.toThrow(/^library import refused, nothing changed: /);
		expect(tab.ws.documents.map((d) => d.name)).toEqual(['Sample']);
	});
});
