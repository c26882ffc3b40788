// Two library instances on one database stand for two tabs: they talk through a real BroadcastChannel (Node 20
// has one) and share the database (one MemoryDatabase, or one fake-indexeddb factory).
import { describe, expect, test } from 'vitest';
import type { Library, LibraryEvent, SessionEvent } from '../../../src/lib/library';
import { BACKENDS, ManualClock, settle, tab } from './helpers';

const T0 = Date.UTC(2025, 2, 1, 10, 0, 0);

describe.each(BACKENDS)('two tabs on one library ($label)', (backend) => {
	async function twoTabs(): Promise<{ a: Library; b: Library; clock: ManualClock; close: () => Promise<void> }> {
		const database = backend.fresh();
		const clock = new ManualClock(T0);
		const a = await tab(database, clock, 'a');
		const b = await tab(database, clock, 'b');
		return { a, b, clock, close: async () => void (await Promise.all([a.close(), b.close()])) };
	}

	test('a document created in one tab appears in the other tab\'s list and search', async () => {
		const { a, b, close } = await twoTabs();
		const events: LibraryEvent[] = [];
		b.onChange((event) => events.push(event));
		await a.create({ name: 'From tab A', kind: 'cp', text: '<x/>' });
		await settle();
		expect(b.list().map((d) => d.name)).toEqual(['From tab A']);
		expect(b.search('tab').hits.map((h) => h.document.id)).toEqual(['a2']);
		expect(events).toEqual([{ type: 'changed', ids: ['a2'], remote: true }]);
		await close();
	});

	test('an editor with nothing unsaved takes the draft another tab wrote', async () => {
		const { a, b, close } = await twoTabs();
		await a.create({ name: 'doc', kind: 'cp', text: 'v0' });
		await settle();
		const inA = await a.openDocument('a2');
		const inB = await b.openDocument('a2');
		const seen: SessionEvent[] = [];
		inB.onChange((event) => seen.push(event));
		void inA.saveDraft('v1 from A');
		await inA.flush();
		await settle();
		expect(seen).toEqual([{ type: 'updated', draft: { revision: 2, text: 'v1 from A', missingSecrets: [], locked: false } }]);
		expect(inB.revision).toBe(2);
		// B's next write is based on A's revision: no conflict.
		void inB.saveDraft('v2 from B');
		expect(await inB.flush()).toEqual({ status: 'saved', revision: 3, keptOut: [] });
		await close();
	});

	test('a write based on a stale revision never replaces the newer draft: it is kept as a conflict copy and reported', async () => {
		const { a, b, close } = await twoTabs();
		await a.create({ name: 'doc', kind: 'cp', text: 'v0' });
		await settle();
		const inA = await a.openDocument('a2');
		const inB = await b.openDocument('a2');
		const seen: SessionEvent[] = [];
		inB.onChange((event) => seen.push(event));
		void inB.saveDraft('B typing'); // not yet written (debounced)
		void inA.saveDraft('A typing');
		await inA.flush();
		await settle();
		const result = await inB.flush();
		const conflict = {
			status: 'conflict',
			kept: {
				id: 'b2',
				documentId: 'a2',
				number: 1,
				message: 'Conflict copy: changes made from revision 1 while the draft was changed elsewhere (revision 2)',
				origin: 'conflict',
				created: T0,
				updated: T0
			},
			current: { revision: 2, text: 'A typing', missingSecrets: [], locked: false },
			keptOut: []
		};
		expect(result).toEqual(conflict);
		expect(seen).toEqual([{ type: 'conflict', result: conflict }]);
		expect(inB.state).toBe('conflict');
		expect((await a.readDraft('a2')).text).toBe('A typing');
		expect((await a.readVersion('a2', 'b2')).text).toBe('B typing');
		await close();
	});

	test('in conflict, further typing goes into the conflict copy; "keep theirs" takes the newer draft', async () => {
		const { a, b, close } = await twoTabs();
		await a.create({ name: 'doc', kind: 'cp', text: 'v0' });
		await settle();
		const inA = await a.openDocument('a2');
		const inB = await b.openDocument('a2');
		void inB.saveDraft('B typing');
		void inA.saveDraft('A typing');
		await inA.flush();
		await inB.flush();
		void inB.saveDraft('B typing more');
		expect(await inB.flush()).toMatchObject({ status: 'conflict', kept: { id: 'b2' } });
		expect((await b.readVersion('a2', 'b2')).text).toBe('B typing more');
		expect(await b.versions('a2')).toHaveLength(1);
		// A goes on working, unhindered (its base is the draft's revision).
		void inA.saveDraft('A again');
		expect(await inA.flush()).toEqual({ status: 'saved', revision: 5, keptOut: [] });
		expect(await inB.resolveConflict('theirs')).toEqual({ revision: 5, text: 'A again', missingSecrets: [], locked: false });
		expect([inB.state, inB.revision]).toEqual(['saved', 5]);
		expect((await b.readVersion('a2', 'b2')).text).toBe('B typing more');
		await close();
	});

	test('"keep mine" makes the conflict copy the draft after keeping the other tab\'s draft as a version', async () => {
		const { a, b, close } = await twoTabs();
		await a.create({ name: 'doc', kind: 'cp', text: 'v0' });
		await settle();
		const inA = await a.openDocument('a2');
		const inB = await b.openDocument('a2');
		const seenByA: SessionEvent[] = [];
		inA.onChange((event) => seenByA.push(event));
		void inB.saveDraft('B typing');
		void inA.saveDraft('A typing');
		await inA.flush();
		await inB.flush();
		const draft = await inB.resolveConflict('mine');
		expect(draft).toMatchObject({ text: 'B typing' });
		expect((await b.readDraft('a2')).text).toBe('B typing');
		const versions = await b.versions('a2');
		expect(versions.map((v) => [v.number, v.origin, v.message])).toEqual([
			[2, 'conflict', 'Draft replaced by the text kept from a conflict'],
			[1, 'conflict', 'Conflict copy: changes made from revision 1 while the draft was changed elsewhere (revision 2)']
		]);
		expect((await b.readVersion('a2', versions[0].id)).text).toBe('A typing');
		await settle();
		expect(seenByA.filter((e) => e.type === 'updated')).toEqual([{ type: 'updated', draft: { revision: draft.revision, text: 'B typing', missingSecrets: [], locked: false } }]);
		await close();
	});

	test('a version saved from a stale tab is kept, and the newer draft is left as it is', async () => {
		const { a, b, close } = await twoTabs();
		await a.create({ name: 'doc', kind: 'cp', text: 'v0' });
		await settle();
		const inA = await a.openDocument('a2');
		const inB = await b.openDocument('a2');
		void inB.saveDraft('B text');
		void inA.saveDraft('A text');
		await inA.flush();
		const saved = await inB.saveVersion('B saves');
		expect(saved).toMatchObject({ status: 'conflict', version: { number: 1, message: 'B saves', origin: 'save' }, current: { text: 'A text' } });
		expect((await b.readDraft('a2')).text).toBe('A text');
		expect(saved.status === 'conflict' ? (await b.readVersion('a2', saved.version.id)).text : '').toBe('B text');
		expect(inB.state).toBe('conflict');
		await close();
	});

	test('a document purged in one tab: the other tab\'s unsaved text is not written, and the session says deleted', async () => {
		const { a, b, close } = await twoTabs();
		await a.create({ name: 'doc', kind: 'cp', text: 'v0' });
		await settle();
		const inB = await b.openDocument('a2');
		const seen: SessionEvent[] = [];
		inB.onChange((event) => seen.push(event));
		void inB.saveDraft('B text');
		await a.purge('a2');
		await settle();
		expect(await inB.flush()).toEqual({ status: 'deleted' });
		expect(inB.state).toBe('deleted');
		expect(seen).toEqual([{ type: 'deleted' }]);
		expect(b.list()).toEqual([]);
		await close();
	});

	test('a rename in one tab reaches the other tab\'s list and open editor', async () => {
		const { a, b, close } = await twoTabs();
		await a.create({ name: 'old name', kind: 'cp', text: '' });
		await settle();
		const inB = await b.openDocument('a2');
		const seen: SessionEvent[] = [];
		inB.onChange((event) => seen.push(event));
		await a.rename('a2', 'new name', 1);
		await settle();
		expect(b.get('a2')?.name).toBe('new name');
		expect(seen).toEqual([{ type: 'document', document: { id: 'a2', name: 'new name', kind: 'cp', tags: [], created: T0, updated: T0, revision: 2, versionCount: 0 } }]);
		// B saw revision 1: its rename now is based on a stale name.
		expect((await b.rename('a2', 'B name', 1)).status).toBe('conflict');
		await close();
	});
});

describe.each(BACKENDS)('imports and settings reach the other tabs ($label)', (backend) => {
	test('documents imported in one tab are listed in the other, by id for a few, by reading everything for many', async () => {
		const database = backend.fresh();
		const clock = new ManualClock(T0);
		const a = await tab(database, clock, 'a');
		const b = await tab(database, clock, 'b');
		const events: LibraryEvent[] = [];
		b.onChange((event) => events.push(event));
		const file = (count: number, from: number): string =>
			JSON.stringify({
				format: 'provisioning-studio-library',
				version: 1,
				exported: new Date(T0).toISOString(),
				secrets: 'omitted',
				documents: Array.from({ length: count }, (_, i) => ({ id: `imp-${from + i}`, name: `Imported ${from + i}`, kind: 'cp', tags: [], created: new Date(T0).toISOString(), updated: new Date(T0).toISOString(), draft: '', versions: [] }))
			});
		await a.importLibrary(file(2, 0));
		await settle();
		expect(b.list().length).toBe(2);
		expect(events).toEqual([{ type: 'changed', ids: ['imp-0', 'imp-1'], remote: true }]);
		await a.importLibrary(file(501, 2));
		await settle();
		expect(b.list().length).toBe(503);
		expect(events.at(-1)).toEqual({ type: 'reloaded', remote: true });
		expect(b.search('imported 502').hits.map((h) => h.document.id)).toEqual(['imp-502']);
		await Promise.all([a.close(), b.close()]);
	});
});

describe('a newer studio opening the database in another tab', () => {
	test('closes this library with a message saying to reload, and tells the page', async () => {
		const backend = BACKENDS.find((b) => b.label === 'indexeddb');
		if (backend === undefined) throw new Error('no IndexedDB backend');
		const database = backend.fresh();
		const clock = new ManualClock(T0);
		const library = await tab(database, clock, 'a');
		const events: LibraryEvent[] = [];
		library.onChange((event) => events.push(event));
		// What a newer studio's tab does: open the same database at a higher version (3).
		await database.bump?.(3);
		expect(events).toEqual([{ type: 'closed', reason: 'upgrade' }]);
		await expect(library.create({ name: 'late', kind: 'cp' })).rejects.toThrow('the library was closed because another tab opened a newer version of the studio: reload this tab');
	});
});
