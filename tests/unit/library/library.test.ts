import { describe, expect, test } from 'vitest';
import { LibraryError, type Library, type LibraryEvent } from '../../../src/lib/library';
import { BACKENDS, ManualClock, tab, type TestDatabase } from './helpers';

const T0 = Date.UTC(2025, 2, 1, 10, 0, 0);
const NAPDEF = (name: string): string => `<wap-provisioningdoc version="1.1">\n  <characteristic type="NAPDEF">\n    <parm name="NAME" value="${name}"/>\n  </characteristic>\n</wap-provisioningdoc>\n`;

async function caught(work: () => Promise<unknown>): Promise<LibraryError> {
	try {
		await work();
	} catch (error) {
		if (error instanceof LibraryError) return error;
		throw error;
	}
	throw new Error('expected a LibraryError');
}

describe.each(BACKENDS)('documents, drafts and versions ($label)', (backend) => {
	async function setup(): Promise<{ database: TestDatabase; clock: ManualClock; library: Library }> {
		const database = backend.fresh();
		const clock = new ManualClock(T0);
		return { database, clock, library: await tab(database, clock, 'a') };
	}

	test('a new document is listed with its name, kind, tags, times and revision 1, and its draft reads back', async () => {
		const { library } = await setup();
		const created = await library.create({ name: '  APN Vodafone ', kind: 'cp', text: NAPDEF('Vodafone'), tags: ['apn', 'vodafone', 'apn'] });
		// ids: a1 is the library instance's own id (for the channel), a2 the document's.
		const summary = { id: 'a2', name: 'APN Vodafone', kind: 'cp', tags: ['apn', 'vodafone'], created: T0, updated: T0, revision: 1, versionCount: 0 };
		expect(created).toEqual({ document: summary, revision: 1, keptOut: [] });
		expect(library.list()).toEqual([summary]);
		expect(await library.readDraft('a2')).toEqual({ revision: 1, text: NAPDEF('Vodafone'), missingSecrets: [], locked: false });
		await library.close();
	});

	test('names and tags are one trimmed line: an empty name, a line break or an unknown kind is refused with one message', async () => {
		const { library } = await setup();
		expect((await caught(() => library.create({ name: ' ', kind: 'cp' }))).message).toBe('a document name is empty');
		expect((await caught(() => library.create({ name: 'a\nb', kind: 'cp' }))).message).toBe('a document name "a b" holds a control character (a line break, a tab): one line only');
		expect((await caught(() => library.create({ name: 'x', kind: 'xml' as 'cp' }))).message).toBe('a document kind is one of cp, dm-account, dm-tree, not "xml"');
		expect((await caught(() => library.create({ name: 'x', kind: 'cp', tags: ['a'.repeat(65)] }))).message).toBe(`a tag "${'a'.repeat(59)}…" is longer than 64 characters`);
		expect(library.list()).toEqual([]);
		await library.close();
	});

	test('autosave writes 300 ms after the typing pauses', async () => {
		const { clock, library } = await setup();
		await library.create({ name: 'doc', kind: 'cp', text: 'v0' });
		const session = await library.openDocument('a2');
		const first = session.saveDraft('v1');
		clock.advance(100);
		const second = session.saveDraft('v12');
		expect(clock.pending).toEqual([300]);
		expect(session.state).toBe('pending');
		clock.advance(299);
		expect((await library.readDraft('a2')).text).toBe('v0');
		clock.advance(1);
		// Both calls resolve with the one write that carried the latest text.
		expect(await first).toEqual({ status: 'saved', revision: 2, keptOut: [] });
		expect(await second).toEqual({ status: 'saved', revision: 2, keptOut: [] });
		expect(await library.readDraft('a2')).toEqual({ revision: 2, text: 'v12', missingSecrets: [], locked: false });
		expect(session.state).toBe('saved');
		await library.close();
	});

	test('while typing goes on, autosave writes with the change that comes within 300 ms of the 1 s bound after the first unsaved one', async () => {
		const { clock, library } = await setup();
		await library.create({ name: 'doc', kind: 'cp', text: '' });
		const session = await library.openDocument('a2');
		const first = session.saveDraft('k0');
		const waits: number[][] = [];
		for (let i = 1; i <= 4; i++) {
			clock.advance(200);
			void session.saveDraft(`k${i}`);
			waits.push(clock.pending);
		}
		// At 200, 400, 600 ms the pause timer is 300 ms; at 800 ms only 200 ms are left of the 1 s bound, less than a
		// pause: the write goes at once (a timer of 0), with that change, not by a timer at the bound.
		expect(waits).toEqual([[300], [300], [300], [0]]);
		clock.advance(0);
		expect(await first).toEqual({ status: 'saved', revision: 2, keptOut: [] });
		expect((await library.readDraft('a2')).text).toBe('k4');
		await library.close();
	});

	test('flush writes the unsaved text at once (pagehide), and an unchanged text is not written again', async () => {
		const { clock, library } = await setup();
		await library.create({ name: 'doc', kind: 'cp', text: 'a' });
		const session = await library.openDocument('a2');
		void session.saveDraft('ab');
		await library.flush();
		expect(clock.pending).toEqual([]);
		expect((await library.readDraft('a2')).text).toBe('ab');
		expect(await session.saveDraft('ab')).toEqual({ status: 'unchanged', revision: 2 });
		expect(await session.flush()).toBeUndefined();
		await library.close();
	});

	test('a change back to the saved text while the previous text is being written is written too (an undo is not lost)', async () => {
		const { clock, library } = await setup();
		await library.create({ name: 'doc', kind: 'cp', text: 'v0' });
		const session = await library.openDocument('a2');
		void session.saveDraft('v1');
		clock.advance(300);
		// The write of v1 has started and not ended: the user undoes to v0, the text stored before it.
		const undone = session.saveDraft('v0');
		expect(session.state).toBe('pending');
		clock.advance(300);
		expect(await undone).toEqual({ status: 'saved', revision: 3, keptOut: [] });
		expect(await library.readDraft('a2')).toEqual({ revision: 3, text: 'v0', missingSecrets: [], locked: false });
		expect(session.state).toBe('saved');
		await library.close();
	});

	test('a version asked for while the draft is being written holds that text, and the draft keeps it', async () => {
		const { clock, library } = await setup();
		await library.create({ name: 'doc', kind: 'cp', text: 'v0' });
		const session = await library.openDocument('a2');
		void session.saveDraft('v1');
		clock.advance(300);
		// The write of v1 has started and not ended: Save version now (it once saved v0, and put v0 back as the draft).
		const version = await session.saveVersion('at the write');
		if (version.status !== 'saved') throw new Error(`version ${version.status}`);
		expect((await library.readVersion('a2', version.version.id)).text).toBe('v1');
		expect((await library.readDraft('a2')).text).toBe('v1');
		await library.close();
	});

	test('closing the library writes what was unsaved', async () => {
		const { database, clock, library } = await setup();
		await library.create({ name: 'doc', kind: 'cp', text: 'a' });
		const session = await library.openDocument('a2');
		void session.saveDraft('typed just before closing');
		await library.close();
		const again = await tab(database, clock, 'b');
		expect((await again.readDraft('a2')).text).toBe('typed just before closing');
		await again.close();
	});

	test('a saved version has its number and message; versions list newest first', async () => {
		const { clock, library } = await setup();
		await library.create({ name: 'doc', kind: 'cp', text: NAPDEF('one') });
		const session = await library.openDocument('a2');
		clock.advance(1000);
		const saved = await session.saveVersion('first cut', NAPDEF('two'));
		expect(saved).toEqual({
			status: 'saved',
			version: { id: 'a3', documentId: 'a2', number: 1, message: 'first cut', origin: 'save', created: T0 + 1000 },
			revision: 2,
			keptOut: []
		});
		expect((await library.readDraft('a2')).text).toBe(NAPDEF('two'));
		clock.advance(1000);
		await session.saveVersion('  second  ', NAPDEF('three'));
		expect((await library.versions('a2')).map((v) => [v.number, v.message])).toEqual([
			[2, 'second'],
			[1, 'first cut']
		]);
		expect(library.get('a2')?.versionCount).toBe(2);
		await library.close();
	});

	test('compare gives the two texts with their labels', async () => {
		const { library } = await setup();
		await library.create({ name: 'doc', kind: 'cp', text: 'one' });
		const session = await library.openDocument('a2');
		const v1 = await session.saveVersion('first', 'one');
		void session.saveDraft('two');
		await session.flush();
		if (v1.status !== 'saved') throw new Error('not saved');
		expect(await library.compare('a2', { versionId: v1.version.id }, 'draft')).toEqual({
			left: { label: 'Version 1: first', text: 'one', missingSecrets: [] },
			right: { label: 'Draft', text: 'two', missingSecrets: [] }
		});
		await library.close();
	});

	test('restoring a version makes it the draft, records the restore, and keeps the draft it replaced', async () => {
		const { clock, library } = await setup();
		await library.create({ name: 'doc', kind: 'cp', text: 'one' });
		const session = await library.openDocument('a2');
		const v1 = await session.saveVersion('first', 'one');
		if (v1.status !== 'saved') throw new Error('not saved');
		void session.saveDraft('unsaved work');
		clock.advance(5000);
		const restored = await session.restore(v1.version.id);
		expect(restored).toEqual({
			status: 'restored',
			version: { id: 'a5', documentId: 'a2', number: 3, message: 'Restored version 1', origin: 'restore', created: T0 + 5000, restoredFrom: 1 },
			before: { id: 'a4', documentId: 'a2', number: 2, message: 'Draft before restoring version 1', origin: 'before-restore', created: T0 + 5000 },
			draft: { revision: 4, text: 'one', missingSecrets: [], locked: false }
		});
		expect(session.revision).toBe(4);
		expect((await library.readVersion('a2', 'a4')).text).toBe('unsaved work');
		// Restoring again while the draft equals a version keeps no extra copy.
		const again = await session.restore(v1.version.id);
		expect(again.status === 'restored' ? again.before : 'not restored').toBeUndefined();
		await library.close();
	});

	test('delete with undo: the trash hides a document from list and search, restore brings it back, purge removes every record', async () => {
		const { database, library } = await setup();
		await library.create({ name: 'APN one', kind: 'cp', text: 'alpha' });
		await library.create({ name: 'APN two', kind: 'cp', text: 'alpha' });
		await (await library.openDocument('a2')).saveVersion('v', 'alpha');
		await library.moveToTrash('a2');
		expect(library.list().map((d) => d.id)).toEqual(['a3']);
		expect(library.list({ trash: true }).map((d) => [d.id, d.trashed])).toEqual([['a2', T0]]);
		expect(library.search('alpha').total).toBe(1);
		expect(library.search('alpha', { trash: true }).hits.map((h) => h.document.id)).toEqual(['a2']);
		await library.restoreFromTrash('a2');
		expect(library.list().map((d) => d.id).sort()).toEqual(['a2', 'a3']);
		await library.moveToTrash('a2');
		expect(await library.emptyTrash()).toBe(1);
		const dump = await database.dump();
		expect([dump.documents.length, dump.drafts.length, dump.versions.length]).toEqual([1, 1, 0]);
		expect((await caught(() => library.readDraft('a2'))).code).toBe('not-found');
		await library.close();
	});

	test('tags: add, remove, rename (merging), counted outside the trash', async () => {
		const { library } = await setup();
		await library.create({ name: 'one', kind: 'cp', tags: ['apn', 'pilot'] });
		await library.create({ name: 'two', kind: 'cp', tags: ['apn'] });
		await library.create({ name: 'three', kind: 'dm-account', tags: ['Pilot'] });
		await library.addTag('a3', 'pilot');
		await library.addTag('a3', 'pilot');
		expect(library.tags()).toEqual([
			{ tag: 'Pilot', count: 1 },
			{ tag: 'apn', count: 2 },
			{ tag: 'pilot', count: 2 }
		]);
		expect(await library.renameTag('Pilot', 'pilot')).toBe(1);
		expect(library.get('a4')?.tags).toEqual(['pilot']);
		await library.removeTag('a2', 'apn');
		await library.moveToTrash('a3');
		expect(library.tags()).toEqual([{ tag: 'pilot', count: 2 }]);
		// The clock stood still: equal times list by id.
		expect(library.list({ tag: 'pilot' }).map((d) => d.name)).toEqual(['one', 'three']);
		await library.close();
	});

	test('a rename based on an older revision than the last rename is a conflict and changes nothing', async () => {
		const { library } = await setup();
		const { document } = await library.create({ name: 'first', kind: 'cp' });
		expect(await library.rename('a2', 'second', document.revision)).toMatchObject({ status: 'renamed', document: { name: 'second', revision: 2 } });
		// A tag change does not make a rename stale: only a newer rename does.
		await library.addTag('a2', 'x');
		expect((await library.rename('a2', 'third', 2)).status).toBe('renamed');
		expect(await library.rename('a2', 'stale', document.revision)).toMatchObject({ status: 'conflict', document: { name: 'third' } });
		await library.close();
	});

	test('search: names first, then tags, then content, with the line and text of the first content match', async () => {
		const { clock, library } = await setup();
		await library.create({ name: 'Telco APN', kind: 'cp', text: 'x' });
		clock.advance(1);
		await library.create({ name: 'Other', kind: 'cp', tags: ['telco-eu'], text: 'x' });
		clock.advance(1);
		await library.create({ name: 'Third', kind: 'cp', text: '<a>\n  <parm name="NAP-ADDRESS" value="internet.telco.example"/>\n</a>' });
		const result = library.search('telco');
		expect(result.total).toBe(3);
		expect(result.hits.map((h) => [h.document.name, h.fields, h.line, h.snippet])).toEqual([
			['Telco APN', ['name'], undefined, undefined],
			['Other', ['tags'], undefined, undefined],
			['Third', ['content'], 2, '<parm name="NAP-ADDRESS" value="internet.telco.example"/>']
		]);
		expect(library.search('telco.example').hits.map((h) => h.document.name)).toEqual(['Third']);
		expect(library.search('elco').total).toBe(0);
		expect(library.search('telco', { tag: 'telco-eu' }).hits.map((h) => h.document.name)).toEqual(['Other']);
		expect(library.search('telco', { limit: 1 })).toMatchObject({ total: 3, hits: [{ document: { name: 'Telco APN' } }] });
		await library.close();
	});

	test('changes are announced to listeners with the ids changed', async () => {
		const { library } = await setup();
		const events: LibraryEvent[] = [];
		library.onChange((event) => events.push(event));
		await library.create({ name: 'doc', kind: 'cp' });
		await library.addTag('a2', 't');
		expect(events).toEqual([
			{ type: 'changed', ids: ['a2'], remote: false },
			{ type: 'changed', ids: ['a2'], remote: false }
		]);
		await library.close();
		expect(events.at(-1)).toEqual({ type: 'closed', reason: 'closed' });
		expect((await caught(() => library.create({ name: 'late', kind: 'cp' }))).message).toBe('the library is closed');
	});

	test('a library opened again on the same database has every document, draft, version and tag', async () => {
		const { database, clock, library } = await setup();
		await library.create({ name: 'kept', kind: 'dm-tree', text: '{}', tags: ['t'] });
		await (await library.openDocument('a2')).saveVersion('v1', '{"./a": "b"}');
		await library.close();
		const reopened = await tab(database, clock, 'b');
		expect(reopened.list()).toEqual([{ id: 'a2', name: 'kept', kind: 'dm-tree', tags: ['t'], created: T0, updated: T0, revision: 2, versionCount: 1 }]);
		expect((await reopened.readDraft('a2')).text).toBe('{"./a": "b"}');
		expect((await reopened.versions('a2')).map((v) => v.message)).toEqual(['v1']);
		expect(reopened.search('kept').total).toBe(1);
		await reopened.close();
	});
});
