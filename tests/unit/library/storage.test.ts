import { describe, expect, test } from 'vitest';
import { IDBFactory } from 'fake-indexeddb';
import { LibraryError, openDefaultStorage, openIndexedDbStorage, SECRET_PLACEHOLDER, type LibraryStorage } from '../../../src/lib/library';
import type { DocumentRecord } from '../../../src/lib/library/model';
import { BACKENDS, createRawIndexedDb, rawLayout, uniqueName, v1Fixture } from './helpers';

const doc = (id: string, name = id): DocumentRecord => ({
	id,
	name,
	kind: 'cp',
	tags: [],
	created: 1,
	updated: 1,
	revision: 1,
	nameRevision: 1,
	versionCount: 0,
	lastVersion: 0
});

async function caught(work: () => Promise<unknown>): Promise<unknown> {
	try {
		await work();
	} catch (error) {
		return error;
	}
	throw new Error('expected a failure');
}

const byKey = (key: string) => (a: unknown, b: unknown) => {
	const x = String((a as Record<string, unknown>)[key]);
	const y = String((b as Record<string, unknown>)[key]);
	return x < y ? -1 : x > y ? 1 : 0;
};

describe.each(BACKENDS)('storage contract ($label)', (backend) => {
	async function open(): Promise<LibraryStorage> {
		return backend.fresh().connect();
	}

	test('a new database has schema version 2 with the stores documents, drafts, versions (by documentId) and meta', async () => {
		const database = backend.fresh();
		const storage = await database.connect();
		expect(await database.layout()).toEqual({
			version: 2,
			stores: {
				documents: { keyPath: 'id', indexes: [] },
				drafts: { keyPath: 'documentId', indexes: [] },
				versions: { keyPath: 'id', indexes: ['documentId'] },
				meta: { keyPath: 'key', indexes: [] }
			}
		});
		expect(storage.upgrade).toBeUndefined();
		storage.close();
	});

	test('get returns a copy of what was put: changing it changes nothing stored', async () => {
		const storage = await open();
		const record = doc('a', 'first');
		await storage.run(['documents'], 'readwrite', (tx) => tx.put('documents', record));
		record.name = 'changed after put';
		const read = await storage.run(['documents'], 'readonly', (tx) => tx.get('documents', 'a'));
		expect(read?.name).toBe('first');
		if (read !== undefined) read.name = 'changed after get';
		expect((await storage.run(['documents'], 'readonly', (tx) => tx.get('documents', 'a')))?.name).toBe('first');
		storage.close();
	});

	test('getAll lists records in key order, getAllByIndex the records of one key in primary key order', async () => {
		const storage = await open();
		await storage.run(['documents', 'versions'], 'readwrite', async (tx) => {
			for (const id of ['m', 'b', 'z', 'a']) await tx.put('documents', doc(id));
			for (const [id, documentId] of [['v3', 'b'], ['v1', 'b'], ['v2', 'a'], ['v0', 'b']]) {
				await tx.put('versions', { id, documentId, number: 1, message: '', origin: 'save', created: 1, text: '' });
			}
		});
		const all = await storage.run(['documents'], 'readonly', (tx) => tx.getAll('documents'));
		expect(all.map((d) => d.id)).toEqual(['a', 'b', 'm', 'z']);
		const ofB = await storage.run(['versions'], 'readonly', (tx) => tx.getAllByIndex('versions', 'documentId', 'b'));
		expect(ofB.map((v) => v.id)).toEqual(['v0', 'v1', 'v3']);
		expect(await storage.run(['versions'], 'readonly', (tx) => tx.getAllByIndex('versions', 'documentId', 'none'))).toEqual([]);
		storage.close();
	});

	test('delete removes a record; a later get finds nothing', async () => {
		const storage = await open();
		await storage.run(['documents'], 'readwrite', (tx) => tx.put('documents', doc('a')));
		await storage.run(['documents'], 'readwrite', (tx) => tx.delete('documents', 'a'));
		expect(await storage.run(['documents'], 'readonly', (tx) => tx.get('documents', 'a'))).toBeUndefined();
		storage.close();
	});

	test('a transaction sees its own writes, and when its work throws none of them is kept', async () => {
		const storage = await open();
		await storage.run(['documents'], 'readwrite', (tx) => tx.put('documents', doc('kept')));
		const error = await caught(() =>
			storage.run(['documents', 'drafts'], 'readwrite', async (tx) => {
				await tx.put('documents', doc('a'));
				await tx.put('drafts', { documentId: 'a', text: 'x', revision: 1, updated: 1 });
				await tx.delete('documents', 'kept');
				expect((await tx.get('documents', 'a'))?.id).toBe('a');
				expect(await tx.get('documents', 'kept')).toBeUndefined();
				throw new Error('work failed');
			})
		);
		expect((error as Error).message).toBe('work failed');
		const after = await storage.run(['documents', 'drafts'], 'readonly', async (tx) => ({ documents: await tx.getAll('documents'), drafts: await tx.getAll('drafts') }));
		expect(after).toEqual({ documents: [doc('kept')], drafts: [] });
		storage.close();
	});

	test('a read-only transaction refuses a write with ReadOnlyError', async () => {
		const storage = await open();
		const error = await caught(() => storage.run(['documents'], 'readonly', (tx) => tx.put('documents', doc('a'))));
		expect((error as DOMException).name).toBe('ReadOnlyError');
		storage.close();
	});

	test('two connections to one database see each other\'s records', async () => {
		const database = backend.fresh();
		const one = await database.connect();
		const two = await database.connect();
		await one.run(['documents'], 'readwrite', (tx) => tx.put('documents', doc('a', 'from one')));
		expect((await two.run(['documents'], 'readonly', (tx) => tx.get('documents', 'a')))?.name).toBe('from one');
		one.close();
		two.close();
	});

	test('a closed connection refuses work with a LibraryError "closed"', async () => {
		const storage = await open();
		storage.close();
		const error = await caught(() => storage.run(['documents'], 'readonly', (tx) => tx.getAll('documents')));
		expect(error).toBeInstanceOf(LibraryError);
		expect((error as LibraryError).message).toBe('the library is closed');
	});
});

// The expected records are written from the fixture by hand, following the upgrade rules in schema.ts.
const APN_DRAFT_STORED = v1Fixture().stores.documents.records
	.map((r) => (r as { text: string }).text)[0]
	.replace('v0da-pw-2024', SECRET_PLACEHOLDER);

describe.each(BACKENDS)('upgrade from schema version 1 ($label)', (backend) => {
	test('opening the v1 fixture gives the v2 layout: drafts and meta added, the documents index "updated" dropped', async () => {
		const database = await backend.fromSnapshot(v1Fixture());
		const storage = await database.connect(() => 1_800_000_000_000);
		expect(await database.layout()).toEqual({
			version: 2,
			stores: {
				documents: { keyPath: 'id', indexes: [] },
				versions: { keyPath: 'id', indexes: ['documentId'] },
				drafts: { keyPath: 'documentId', indexes: [] },
				meta: { keyPath: 'key', indexes: [] }
			}
		});
		storage.close();
	});

	test('each v1 text becomes its draft (revision 1), versions are numbered in creation order, the orphan version is dropped', async () => {
		const database = await backend.fromSnapshot(v1Fixture());
		const storage = await database.connect(() => 1_800_000_000_000);
		const dump = await database.dump();
		expect([...dump.documents].sort(byKey('id'))).toEqual([
			{ id: 'doc-apn', name: 'APN Vodafone', kind: 'cp', tags: ['vodafone', 'apn'], created: 1700000000000, updated: 1700000300000, revision: 1, nameRevision: 1, versionCount: 2, lastVersion: 2 },
			{ id: 'doc-dm', name: 'DM account ACME', kind: 'dm-account', tags: ['acme'], created: 1700000400000, updated: 1700000500000, revision: 1, nameRevision: 1, versionCount: 0, lastVersion: 0 },
			{ id: 'doc-tree', name: 'ACME tree (DM 1.1)', kind: 'dm-tree', tags: [], created: 1700000600000, updated: 1700000600000, revision: 1, nameRevision: 1, versionCount: 0, lastVersion: 0 }
		]);
		expect([...dump.drafts].sort(byKey('documentId'))).toEqual([
			{ documentId: 'doc-apn', text: APN_DRAFT_STORED, revision: 1, updated: 1700000300000 },
			{
				documentId: 'doc-dm',
				text: '{\n\t"ServerID": "dm.acme.example",\n\t"AppAddr": [{ "Addr": "https://dm.acme.example/dm" }],\n\t"AppAuth": [\n\t\t{ "AAuthLevel": "CLCRED", "AAuthType": "DIGEST", "AAuthName": "imei:1", "AAuthSecret": "[secret not stored]" }\n\t]\n}\n',
				revision: 1,
				updated: 1700000500000
			},
			{ documentId: 'doc-tree', text: '{\n\t"./SyncML/DMAcc/acme/ServerPW": "[secret not stored]",\n\t"./SyncML/DMAcc/acme/Name": "ACME"\n}\n', revision: 1, updated: 1700000600000 }
		]);
		const versions = [...dump.versions].sort(byKey('id'));
		expect(versions.map((v) => ({ ...(v as Record<string, unknown>), text: undefined }))).toEqual([
			// ver-a was made first (1700000100000), so it is version 1 although the fixture lists it second.
			{ id: 'ver-a', documentId: 'doc-apn', number: 1, message: 'first', origin: 'save', created: 1700000100000, text: undefined },
			{ id: 'ver-b', documentId: 'doc-apn', number: 2, message: 'without the password', origin: 'save', created: 1700000200000, text: undefined }
		]);
		expect((versions[0] as { text: string }).text).toBe(APN_DRAFT_STORED);
		expect((versions[1] as { text: string }).text).not.toContain('AUTHSECRET');
		storage.close();
	});

	test('secret values found in clear in v1 texts are removed and reported with document, text, path and line:column', async () => {
		const database = await backend.fromSnapshot(v1Fixture());
		const storage = await database.connect(() => 1_800_000_000_000);
		// Positions by hand: line 10 of the APN is 6 spaces + `<parm name="AUTHSECRET" value="` (31 characters), so the
		// value starts in column 38; line 5 of the account puts "AAuthSecret": at columns 75–88 and its value's quote
		// at 90; line 2 of the tree is a tab, the 30-character key, ": " and the quote at 34.
		expect(storage.upgrade).toEqual({
			from: 1,
			to: 2,
			secretsRemoved: [
				{ documentId: 'doc-apn', documentName: 'APN Vodafone', in: 'draft', name: 'AUTHSECRET', path: 'NAPDEF[1]/NAPAUTHINFO[1]/AUTHSECRET', line: 10, column: 38 },
				{ documentId: 'doc-apn', documentName: 'APN Vodafone', in: 1, name: 'AUTHSECRET', path: 'NAPDEF[1]/NAPAUTHINFO[1]/AUTHSECRET', line: 10, column: 38 },
				{ documentId: 'doc-dm', documentName: 'DM account ACME', in: 'draft', name: 'AAuthSecret', path: '$.AppAuth[0].AAuthSecret', line: 5, column: 90 },
				{ documentId: 'doc-tree', documentName: 'ACME tree (DM 1.1)', in: 'draft', name: 'ServerPW', path: '$["./SyncML/DMAcc/acme/ServerPW"]', line: 2, column: 34 }
			],
			orphanVersionsDropped: 1
		});
		const all = JSON.stringify(await database.dump());
		for (const secret of ['v0da-pw-2024', 'old-pw', 'cl1ent-s3cret', 'srv-pw-1']) expect(all).not.toContain(secret);
		storage.close();
	});

	test('an upgrade that fails half way leaves the v1 database as it was', async () => {
		// A v1 database without its versions store: the upgrade's first read of it fails.
		const fixture = v1Fixture();
		const broken = { version: 1, stores: { documents: fixture.stores.documents } };
		const database = await backend.fromSnapshot(broken);
		const error = await caught(() => database.connect());
		expect(error).toBeInstanceOf(LibraryError);
		expect((error as LibraryError).code).toBe('storage');
		expect((error as LibraryError).message).toMatch(/^the library could not be opened: NotFoundError: /);
		expect(await database.layout()).toEqual({ version: 1, stores: { documents: { keyPath: 'id', indexes: ['updated'] } } });
		expect((await database.dump()).documents).toHaveLength(3);
	});

	test('a database written by a newer studio (schema version 3) is refused, not opened', async () => {
		const database = await backend.fromSnapshot({ version: 3, stores: { documents: { keyPath: 'id', records: [] } } });
		const error = await caught(() => database.connect());
		expect(error).toBeInstanceOf(LibraryError);
		expect((error as LibraryError).code).toBe('newer-schema');
	});
});

describe('IndexedDB specifics', () => {
	test('the newer-schema refusal says what to do', async () => {
		const factory = new IDBFactory();
		const name = uniqueName();
		await createRawIndexedDb(factory, name, { version: 3, stores: {} });
		const error = await caught(() => openIndexedDbStorage({ factory, name }));
		expect((error as LibraryError).message).toBe('this library was written by a newer studio (this studio reads schema version 2): reload the page');
		expect((await rawLayout(factory, name)).version).toBe(3);
	});
});

describe('the default storage', () => {
	test('is IndexedDB when the browser gives it, persistent', async () => {
		const storage = await openDefaultStorage({ factory: new IDBFactory(), name: uniqueName() });
		expect([storage.kind, storage.persistent]).toEqual(['indexeddb', true]);
		storage.close();
	});

	test('is memory, not persistent, when IndexedDB refuses (a private mode)', async () => {
		const refusing = { open: () => { throw new DOMException('The operation is insecure.', 'SecurityError'); } } as unknown as IDBFactory;
		const storage = await openDefaultStorage({ factory: refusing, name: uniqueName() });
		expect([storage.kind, storage.persistent]).toEqual(['memory', false]);
		storage.close();
	});
});
