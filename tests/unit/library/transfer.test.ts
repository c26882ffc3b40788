import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { createMemoryDatabase, LibraryError, openLibrary, openMemoryStorage, type Library } from '../../../src/lib/library';
import { keepOut } from '../../../src/lib/library/secrets/rule';
import { BACKENDS, ManualClock, tab, type TestDatabase } from './helpers';

const T0 = Date.UTC(2025, 2, 1, 10, 0, 0);
const ISO = (ms: number): string => new Date(ms).toISOString();

async function caught(work: () => Promise<unknown>): Promise<LibraryError> {
	try {
		await work();
	} catch (error) {
		if (error instanceof LibraryError) return error;
		throw error;
	}
	throw new Error('expected a LibraryError');
}

/** A small library: two documents, versions (a save and a restore), tags, one document in the trash. */
async function sourceLibrary(library: Library, clock: ManualClock): Promise<void> {
	await library.create({ name: 'APN one', kind: 'cp', text: '<wap-provisioningdoc version="1.1"/>\n', tags: ['apn', 'pilot'] });
	clock.advance(1000);
	const session = await library.openDocument('a2');
	const v1 = await session.saveVersion('first', '<wap-provisioningdoc version="1.1">\n  <characteristic type="NAPDEF"/>\n</wap-provisioningdoc>\n');
	clock.advance(1000);
	void session.saveDraft('<wap-provisioningdoc version="1.1">\n  <characteristic type="BOOTSTRAP"/>\n</wap-provisioningdoc>\n');
	await session.flush();
	clock.advance(1000);
	if (v1.status !== 'saved') throw new Error('not saved');
	await session.restore(v1.version.id);
	clock.advance(1000);
	await library.create({ name: 'DM tree "acme"', kind: 'dm-tree', text: '{ "./DevInfo/Lang": "en" }' });
	clock.advance(1000);
	await library.moveToTrash('a6');
}

describe('the export file', () => {
	test('is the documented versioned JSON: format tag, times as ISO strings, documents with draft and versions', async () => {
		const clock = new ManualClock(T0);
		const library = await tab(BACKENDS[0].fresh(), clock, 'a');
		await sourceLibrary(library, clock);
		const expected = {
			format: 'provisioning-studio-library',
			version: 1,
			exported: ISO(T0 + 5000),
			secrets: 'omitted',
			documents: [
				{
					id: 'a2',
					name: 'APN one',
					kind: 'cp',
					tags: ['apn', 'pilot'],
					created: ISO(T0),
					updated: ISO(T0 + 3000),
					draft: '<wap-provisioningdoc version="1.1">\n  <characteristic type="NAPDEF"/>\n</wap-provisioningdoc>\n',
					versions: [
						{ id: 'a3', number: 1, message: 'first', origin: 'save', created: ISO(T0 + 1000), text: '<wap-provisioningdoc version="1.1">\n  <characteristic type="NAPDEF"/>\n</wap-provisioningdoc>\n' },
						{ id: 'a4', number: 2, message: 'Draft before restoring version 1', origin: 'before-restore', created: ISO(T0 + 3000), text: '<wap-provisioningdoc version="1.1">\n  <characteristic type="BOOTSTRAP"/>\n</wap-provisioningdoc>\n' },
						{ id: 'a5', number: 3, message: 'Restored version 1', origin: 'restore', created: ISO(T0 + 3000), restoredFrom: 1, text: '<wap-provisioningdoc version="1.1">\n  <characteristic type="NAPDEF"/>\n</wap-provisioningdoc>\n' }
					]
				},
				{
					id: 'a6',
					name: 'DM tree "acme"',
					kind: 'dm-tree',
					tags: [],
					created: ISO(T0 + 4000),
					updated: ISO(T0 + 5000),
					trashed: ISO(T0 + 5000),
					draft: '{ "./DevInfo/Lang": "en" }',
					versions: []
				}
			]
		};
		expect(await library.exportLibrary()).toBe(`${JSON.stringify(expected, null, '\t')}\n`);
		await library.close();
	});
});

describe.each(BACKENDS)('import ($label)', (backend) => {
	async function exported(): Promise<string> {
		const clock = new ManualClock(T0);
		const library = await tab(BACKENDS[0].fresh(), clock, 'a');
		await sourceLibrary(library, clock);
		const text = await library.exportLibrary();
		await library.close();
		return text;
	}

	async function fresh(prefix = 'b'): Promise<{ database: TestDatabase; library: Library; clock: ManualClock }> {
		const database = backend.fresh();
		const clock = new ManualClock(T0 + 60_000);
		return { database, clock, library: await tab(database, clock, prefix) };
	}

	test('into a fresh database it gives the same library: list, trash, drafts, versions, tags, and the same export', async () => {
		const file = await exported();
		const { library } = await fresh();
		expect(await library.importLibrary(file)).toEqual({ added: 2, merged: 0, unchanged: 0, versionsAdded: 3, draftsKeptAsVersions: 0, keptOut: [], fileSecrets: 'omitted' });
		expect(library.list()).toEqual([{ id: 'a2', name: 'APN one', kind: 'cp', tags: ['apn', 'pilot'], created: T0, updated: T0 + 3000, revision: 1, versionCount: 3 }]);
		expect(library.list({ trash: true }).map((d) => [d.id, d.trashed])).toEqual([['a6', T0 + 5000]]);
		expect(library.tags()).toEqual([
			{ tag: 'apn', count: 1 },
			{ tag: 'pilot', count: 1 }
		]);
		expect((await library.versions('a2')).map((v) => [v.number, v.origin, v.restoredFrom])).toEqual([
			[3, 'restore', 1],
			[2, 'before-restore', undefined],
			[1, 'save', undefined]
		]);
		const again = JSON.parse(await library.exportLibrary());
		const original = JSON.parse(file);
		expect({ ...again, exported: undefined }).toEqual({ ...original, exported: undefined });
		// The imported library works on: a new version continues the numbering.
		const session = await library.openDocument('a2');
		expect(await session.saveVersion('after import', 'x')).toMatchObject({ status: 'saved', version: { number: 4 } });
		await library.close();
	});

	test('importing the same file twice adds nothing the second time', async () => {
		const file = await exported();
		const { database, library } = await fresh();
		await library.importLibrary(file);
		const before = await database.dump();
		expect(await library.importLibrary(file)).toEqual({ added: 0, merged: 0, unchanged: 2, versionsAdded: 0, draftsKeptAsVersions: 0, keptOut: [], fileSecrets: 'omitted' });
		expect(await database.dump()).toEqual(before);
		await library.close();
	});

	test('a document already here gets the versions it lacks and the tags; a different draft is kept as a version, never over the draft', async () => {
		const file = await exported();
		const { library, clock } = await fresh();
		await library.importLibrary(file);
		// The file's library goes on: a new version, a changed draft, a new tag.
		const later = JSON.parse(file);
		later.documents[0].tags.push('eu');
		later.documents[0].draft = 'changed in the other browser';
		later.documents[0].versions.push({ id: 'a9', number: 4, message: 'made elsewhere', origin: 'save', created: ISO(T0 + 9000), text: 'v4' });
		// Meanwhile this library made its own version 4.
		const session = await library.openDocument('a2');
		await session.saveVersion('made here', 'here');
		clock.advance(1);
		expect(await library.importLibrary(JSON.stringify(later))).toEqual({ added: 0, merged: 1, unchanged: 1, versionsAdded: 1, draftsKeptAsVersions: 1, keptOut: [], fileSecrets: 'omitted' });
		expect((await library.readDraft('a2')).text).toBe('here');
		expect((await library.versions('a2')).map((v) => [v.number, v.origin, v.message])).toEqual([
			[6, 'import', "Draft from an import (it differed from this library's draft)"],
			// The file's version 4 collides with this library's version 4: it comes after.
			[5, 'save', 'made elsewhere'],
			[4, 'save', 'made here'],
			[3, 'restore', 'Restored version 1'],
			[2, 'before-restore', 'Draft before restoring version 1'],
			[1, 'save', 'first']
		]);
		expect(library.get('a2')?.tags).toEqual(['apn', 'pilot', 'eu']);
		expect((await library.importLibrary(JSON.stringify(later))).unchanged).toBe(2);
		await library.close();
	});

	test.each([
		['', 'library import refused, nothing changed: the file is not JSON (it is empty); a library export starts with {"format": "provisioning-studio-library"'],
		['{"format": x}', 'library import refused, nothing changed: the file is not JSON (line 1, column 12: expected a JSON value); a library export starts with {"format": "provisioning-studio-library"'],
		['{"format": "provisioning-studio-library", "version": 1', 'library import refused, nothing changed: the file is not JSON (it ends early: expected "," or "}"); a library export starts with {"format": "provisioning-studio-library"'],
		// 100,000 brackets: the scanner gives up past 512 levels (value 513 starts at offset 513, column 514) instead of
		// running out of stack.
		['['.repeat(100_000), 'library import refused, nothing changed: the file is not JSON (line 1, column 514: expected less nesting); a library export starts with {"format": "provisioning-studio-library"'],
		['{"format": "provisioning-studio-library",\n "version": 1,\n "documents": [}', 'library import refused, nothing changed: the file is not JSON (line 3, column 16: expected a JSON value); a library export starts with {"format": "provisioning-studio-library"'],
		// A file saved as UTF-16 (LE with its BOM, and without), read as UTF-8 as the page's file.text() does: the
		// bytes FF FE and the NUL beside each ASCII character are no JSON; the line says which encoding it is.
		[new TextDecoder().decode(Buffer.from('\uFEFF{"format": "provisioning-studio-library"}', 'utf16le')), 'library import refused, nothing changed: the file is not JSON (it is UTF-16 text; an export file is UTF-8); a library export starts with {"format": "provisioning-studio-library"'],
		[new TextDecoder().decode(Buffer.from('{"format": "provisioning-studio-library"}', 'utf16le')), 'library import refused, nothing changed: the file is not JSON (it is UTF-16 text; an export file is UTF-8); a library export starts with {"format": "provisioning-studio-library"'],
		['[]', 'library import refused, nothing changed: $: expected an object, found an array'],
		['{"format": "other"}', 'library import refused, nothing changed: $.format: expected "provisioning-studio-library", found "other": this is not a library export'],
		['{"format": "provisioning-studio-library", "version": 2}', 'library import refused, nothing changed: $.version: the file is format version 2, written by a newer studio; this studio reads version 1']
	])('a file that is no library export is refused: %j', async (text, message) => {
		const { database, library } = await fresh();
		await library.create({ name: 'already here', kind: 'cp', text: 'kept' });
		const before = await database.dump();
		const error = await caught(() => library.importLibrary(text));
		expect(error.message).toBe(message);
		expect(await database.dump()).toEqual(before);
		await library.close();
	});

	test.each([
		[(f: FileShape) => void (f.documents[1].kind = 'xml'), '$.documents[1].kind (document "DM tree \\"acme\\""): expected one of cp, dm-account, dm-tree, found "xml"'],
		[(f: FileShape) => void (f.documents[0].versions[2].id = 'a3'), '$.documents[0].versions[2].id (document "APN one"): id a3 is also the id of $.documents[0].versions[0]'],
		[(f: FileShape) => void (f.documents[1].id = 'a2'), '$.documents[1].id (document "DM tree \\"acme\\""): id a2 is also the id of $.documents[0]'],
		[(f: FileShape) => void ((f.documents[0] as Record<string, unknown>).colour = 'red'), '$.documents[0].colour (document "APN one"): unknown member; expected id, name, kind, tags, created, updated, draft, versions, trashed'],
		[(f: FileShape) => void (f.documents[0].created = '2025-03-01 10:00'), '$.documents[0].created (document "APN one"): expected a time like 2025-03-01T10:00:00.000Z, found "2025-03-01 10:00"'],
		[(f: FileShape) => void (f.documents[0].versions[0].number = 0), '$.documents[0].versions[0].number (document "APN one"): expected an integer of at least 1, found 0'],
		[(f: FileShape) => void (f.documents[0].tags = ['apn', 'apn']), '$.documents[0].tags[1] (document "APN one"): tag "apn" appears twice'],
		[(f: FileShape) => void (f.documents[0].name = ' padded'), '$.documents[0].name: expected a name without leading or trailing spaces, found " padded"'],
		[(f: FileShape) => void (f.documents[0].draft = 42), '$.documents[0].draft (document "APN one"): expected a string, found 42']
	])('a damaged export is refused with the JSON path and the document, nothing changed (%#)', async (damage, where) => {
		const file = JSON.parse(await exported()) as FileShape;
		damage(file);
		const { database, library } = await fresh();
		await library.create({ name: 'already here', kind: 'cp', text: 'kept' });
		const before = await database.dump();
		const error = await caught(() => library.importLibrary(JSON.stringify(file)));
		expect([error.code, error.message]).toEqual(['bad-import', `library import refused, nothing changed: ${where}`]);
		expect(await database.dump()).toEqual(before);
		await library.close();
	});

	test('a version id that belongs to another document of this library is refused inside the transaction, nothing changed', async () => {
		const file = JSON.parse(await exported()) as FileShape;
		const { database, library } = await fresh();
		await library.create({ name: 'already here', kind: 'cp', text: 'kept' });
		await (await library.openDocument('b2')).saveVersion('mine', 'kept');
		file.documents[0].versions[1].id = 'b3';
		const before = await database.dump();
		const error = await caught(() => library.importLibrary(JSON.stringify(file)));
		expect(error.message).toBe('library import refused, nothing changed: $.documents[0].versions[1].id (document "APN one"): id b3 is already the id of a version of another document in this library');
		expect(await database.dump()).toEqual(before);
		expect(library.list().map((d) => d.name)).toEqual(['already here']);
		await library.close();
	});
});

describe('import of a document with very many versions', () => {
	test('a document with 150,000 versions takes a later draft of the same document as version 150,001', async () => {
		const clock = new ManualClock(T0);
		const library = await tab(BACKENDS[0].fresh(), clock, 'b');
		const file = (draft: string, versions: unknown[]): string =>
			JSON.stringify({ format: 'provisioning-studio-library', version: 1, exported: ISO(T0), secrets: 'omitted', documents: [{ id: 'big', name: 'Big', kind: 'cp', tags: [], created: ISO(T0), updated: ISO(T0), draft, versions }] });
		const many = Array.from({ length: 150_000 }, (_, i) => ({ id: `v${i + 1}`, number: i + 1, message: '', origin: 'save', created: ISO(T0), text: '' }));
		expect((await library.importLibrary(file('first', many))).versionsAdded).toBe(150_000);
		// The second file's draft differs from this library's: it is kept as a version numbered after the highest
		// one the document has (150,000), never written over the draft.
		expect(await library.importLibrary(file('second', []))).toMatchObject({ merged: 1, draftsKeptAsVersions: 1 });
		expect((await library.versions('big'))[0]).toMatchObject({ number: 150_001, origin: 'import' });
		expect((await library.readDraft('big')).text).toBe('first');
		await library.close();
	});
});

interface FileShape {
	documents: { id: string; name: string; kind: string; tags: string[]; created: string; draft: unknown; versions: { id: string; number: number }[] }[];
}

// ------------------------------------------------------------------------------------------------- property

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every path in a JSON value (containers and leaves), as lists of keys. */
function paths(value: Json, at: (string | number)[] = []): (string | number)[][] {
	const out = [at];
	if (Array.isArray(value)) value.forEach((v, i) => out.push(...paths(v, [...at, i])));
	else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...at, k]));
	return out;
}

function getAt(value: Json, path: (string | number)[]): Json {
	return path.reduce<Json>((v, k) => (v as Record<string | number, Json>)[k], value);
}

function setAt(value: Json, path: (string | number)[], next: Json | undefined): Json {
	if (path.length === 0) return next === undefined ? null : next;
	const parent = getAt(value, path.slice(0, -1)) as Record<string | number, Json> | Json[];
	const key = path[path.length - 1];
	if (next === undefined) {
		if (Array.isArray(parent)) parent.splice(Number(key), 1);
		else delete parent[key];
	} else (parent as Record<string | number, Json>)[key] = next;
	return value;
}

const mutation = fc.oneof(
	fc.record({ kind: fc.constant('set' as const), pick: fc.nat(), value: fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json> }),
	fc.record({ kind: fc.constant('copy' as const), pick: fc.nat(), from: fc.nat() }),
	fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }),
	fc.record({ kind: fc.constant('add' as const), pick: fc.nat(), key: fc.string({ maxLength: 6 }), value: fc.jsonValue({ maxDepth: 1 }) as fc.Arbitrary<Json> }),
	fc.record({ kind: fc.constant('text' as const), at: fc.nat(), remove: fc.nat({ max: 3 }), insert: fc.string({ maxLength: 3 }) }),
	fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() })
);
type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;

function mutate(file: string, m: Mutation): string {
	if (m.kind === 'text') {
		const at = m.at % (file.length + 1);
		return file.slice(0, at) + m.insert + file.slice(at + m.remove);
	}
	if (m.kind === 'truncate') return file.slice(0, m.at % file.length);
	let json: Json;
	try {
		json = JSON.parse(file) as Json;
	} catch {
		// An earlier mutation broke the JSON: this one becomes a text insertion.
		const at = m.pick % (file.length + 1);
		return file.slice(0, at) + JSON.stringify('value' in m ? m.value : null) + file.slice(at);
	}
	const all = paths(json);
	const path = all[m.pick % all.length];
	if (m.kind === 'set') return JSON.stringify(setAt(json, path, m.value));
	if (m.kind === 'copy') return JSON.stringify(setAt(json, path, structuredClone(getAt(json, all[m.from % all.length]))));
	if (m.kind === 'delete') return JSON.stringify(setAt(json, path, undefined));
	const target = getAt(json, path);
	if (Array.isArray(target)) target.push(m.value);
	else if (target !== null && typeof target === 'object') target[m.key] = m.value;
	else return JSON.stringify(setAt(json, path, m.value));
	return JSON.stringify(json);
}

interface ExportedDocument {
	id: string;
	draft: string;
	versions: { number: number; text: string }[];
	[key: string]: unknown;
}

/** A document as the library exports it after importing it from a file: texts under the secret rule, versions by number. */
function normalised(document: ExportedDocument): ExportedDocument {
	return {
		...document,
		draft: keepOut(document.draft).text,
		versions: [...document.versions].sort((a, b) => a.number - b.number).map((v) => ({ ...v, text: keepOut(v.text).text }))
	};
}

describe('any mutation of an export file imports exactly or is refused with nothing changed (property)', () => {
	// LIBRARY_IMPORT_RUNS=5000 for a longer run (memory; IndexedDB runs a seventh of it).
	const runs = Number(process.env.LIBRARY_IMPORT_RUNS ?? 420);
	test.each([
		['memory', runs],
		['indexeddb', Math.ceil(runs / 7)]
	] as const)('%s: %i mutated files', async (label, numRuns) => {
		const source = new ManualClock(T0);
		const origin = await tab(BACKENDS[0].fresh(), source, 'a', { channel: false });
		await sourceLibrary(origin, source);
		const file = await origin.exportLibrary();
		await origin.close();
		const backend = BACKENDS.find((b) => b.label === label) ?? BACKENDS[0];
		let imported = 0;
		let refused = 0;
		await fc.assert(
			fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 2 }), async (mutations) => {
				const text = mutations.reduce(mutate, file);
				const database = label === 'memory' ? undefined : backend.fresh();
				const storage = database === undefined ? await openMemoryStorage(createMemoryDatabase('property')) : await database.connect();
				const clock = new ManualClock(T0 + 60_000);
				const library = await openLibrary({ storage, now: clock.now, newId: (() => { let n = 0; return () => `x${++n}`; })(), timers: clock, channel: false });
				await library.create({ name: 'already here', kind: 'cp', text: 'kept', tags: ['t'] });
				const before = await library.exportLibrary();
				try {
					await library.importLibrary(text);
				} catch (error) {
					if (!(error instanceof LibraryError)) throw error;
					refused++;
					expect(['bad-import', 'newer-format']).toContain(error.code);
					expect(error.message).toMatch(/^library import refused, nothing changed: /);
					expect(error.message).not.toContain('\n');
					expect(await library.exportLibrary()).toBe(before);
					await library.close();
					return;
				}
				imported++;
				const fileDocuments = (JSON.parse(text) as { documents: ExportedDocument[] }).documents;
				const after = (JSON.parse(await library.exportLibrary()) as { documents: ExportedDocument[] }).documents;
				const byId = new Map(after.map((d) => [d.id, d]));
				for (const document of fileDocuments) expect(byId.get(document.id)).toEqual(normalised(document));
				expect(after.filter((d) => !fileDocuments.some((f) => f.id === d.id))).toEqual((JSON.parse(before) as { documents: ExportedDocument[] }).documents);
				await library.close();
			}),
			{ numRuns }
		);
		// Both outcomes occur: the property is not passing by refusing everything. About 1 mutated file in 18 imports
		// (24 of 420 with one seed), so this is asked of the memory run's 420 files, where none importing would be a
		// 1-in-10^10 draw; the IndexedDB run's 60 (the same generator) had none importing in ~3% of CI runs.
		if (process.env.LIBRARY_IMPORT_RUNS !== undefined) console.log(`${label}: ${imported} imported, ${refused} refused`);
		if (numRuns >= 400) {
			expect(imported).toBeGreaterThan(0);
			expect(refused).toBeGreaterThan(0);
		}
	}, 120_000);
});
