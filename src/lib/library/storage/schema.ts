// Schema versions of the library database (the IndexedDB version number is the schema version) and the upgrade
// from each to the next. A database is always opened at SCHEMA_VERSION: an older one is upgraded in the opening
// transaction (all or nothing), a newer one is refused ('newer-schema': this tab runs an older studio).
//
// v1 — the first layout, the oldest this code upgrades from (tests/fixtures/library/v1-library.json is one):
//   documents  keyPath id, index 'updated' (keyPath updated)
//              { id, name, kind: 'cp' | 'dm-account' | 'dm-tree', tags: string[], created, updated, text }
//              — the working draft inline in `text`, secret values as typed (in clear).
//   versions   keyPath id, index 'documentId' (keyPath documentId)
//              { id, documentId, message, created, text }
// v2 — current (model.ts):
//   documents  keyPath id, no index (the list, tags and search are served from memory, built on open)
//              + revision, nameRevision, versionCount, lastVersion, trashed?  — text moved out
//   drafts     keyPath documentId: { documentId, text, revision, updated, sealed? } — a document's list entry is
//              read without its text, and the draft is written without rewriting the document
//   versions   keyPath id, index 'documentId' + number (1, 2, … by creation), origin, sealed?, restoredFrom?
//   meta       keyPath key: { key: 'secrets', salt, iterations, check } when "keep secrets" is on
// Upgrade 1 → 2: each document's text becomes its draft (revision 1), versions are numbered in creation order
// (ties by id) with origin 'save', versions of missing documents are dropped, the 'updated' index is dropped,
// and every secret value found in clear in a v1 text is replaced by the placeholder — v1 broke the secret rule,
// and no key exists during an upgrade to seal them — and listed in the UpgradeReport, so the user is told.
import { DOCUMENT_KINDS, type DocumentKind, type DocumentRecord, type DraftRecord, type VersionRecord } from '../model';
import { keepOut } from '../secrets/rule';
import type { StoreName, UpgradeReport } from './storage';

export const SCHEMA_VERSION = 2;

export interface IndexLayout {
	name: string;
	keyPath: string;
}

export interface StoreLayout {
	keyPath: string;
	indexes: readonly IndexLayout[];
}

export const CURRENT_LAYOUT: Readonly<Record<StoreName, StoreLayout>> = {
	documents: { keyPath: 'id', indexes: [] },
	drafts: { keyPath: 'documentId', indexes: [] },
	versions: { keyPath: 'id', indexes: [{ name: 'documentId', keyPath: 'documentId' }] },
	meta: { keyPath: 'key', indexes: [] }
};

/** What an upgrade does to a database: the operations IndexedDB's versionchange transaction and memory share. */
export interface SchemaUpgrade {
	storeNames(): string[];
	createStore(name: string, layout: StoreLayout): void;
	deleteStore(name: string): void;
	createIndex(store: string, index: IndexLayout): void;
	deleteIndex(store: string, name: string): void;
	indexNames(store: string): string[];
	getAll(store: string): Promise<unknown[]>;
	put(store: string, record: unknown): Promise<void>;
	delete(store: string, key: string): Promise<void>;
}

/** Brings a database from version `from` (0: new) to SCHEMA_VERSION. */
export async function upgradeSchema(upgrade: SchemaUpgrade, from: number, now: number): Promise<UpgradeReport | undefined> {
	if (from === 0) {
		for (const [name, layout] of Object.entries(CURRENT_LAYOUT)) upgrade.createStore(name, layout);
		return undefined;
	}
	const report: UpgradeReport = { from, to: SCHEMA_VERSION, secretsRemoved: [], orphanVersionsDropped: 0 };
	if (from < 2) await upgradeV1toV2(upgrade, now, report);
	return report;
}

interface V1Document {
	id: string;
	name: string;
	kind: DocumentKind;
	tags: string[];
	created: number;
	updated: number;
	text: string;
}

interface V1Version {
	id: string;
	documentId: string;
	message: string;
	created: number;
	text: string;
}

async function upgradeV1toV2(upgrade: SchemaUpgrade, now: number, report: UpgradeReport): Promise<void> {
	const documents = (await upgrade.getAll('documents')).map((record) => v1Document(record, now)).filter((d) => d !== undefined);
	const versions = (await upgrade.getAll('versions')).map((record) => v1Version(record, now)).filter((v) => v !== undefined);
	if (upgrade.indexNames('documents').includes('updated')) upgrade.deleteIndex('documents', 'updated');
	if (!upgrade.indexNames('versions').includes('documentId')) upgrade.createIndex('versions', CURRENT_LAYOUT.versions.indexes[0]);
	upgrade.createStore('drafts', CURRENT_LAYOUT.drafts);
	upgrade.createStore('meta', CURRENT_LAYOUT.meta);

	const byDocument = new Map<string, V1Version[]>();
	for (const version of versions) {
		const list = byDocument.get(version.documentId) ?? [];
		list.push(version);
		byDocument.set(version.documentId, list);
	}
	const known = new Set(documents.map((d) => d.id));
	for (const [documentId, list] of byDocument) {
		if (known.has(documentId)) continue;
		report.orphanVersionsDropped += list.length;
		for (const version of list) await upgrade.delete('versions', version.id);
	}

	for (const document of documents) {
		const own = (byDocument.get(document.id) ?? []).sort((a, b) => a.created - b.created || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
		const draft = keepOut(document.text);
		for (const field of draft.keptOut) report.secretsRemoved.push({ documentId: document.id, documentName: document.name, in: 'draft', ...field });
		const record: DocumentRecord = {
			id: document.id,
			name: document.name,
			kind: document.kind,
			tags: document.tags,
			created: document.created,
			updated: document.updated,
			revision: 1,
			nameRevision: 1,
			versionCount: own.length,
			lastVersion: own.length
		};
		await upgrade.put('documents', record);
		const draftRecord: DraftRecord = { documentId: document.id, text: draft.text, revision: 1, updated: document.updated };
		await upgrade.put('drafts', draftRecord);
		for (const [i, version] of own.entries()) {
			const text = keepOut(version.text);
			for (const field of text.keptOut) report.secretsRemoved.push({ documentId: document.id, documentName: document.name, in: i + 1, ...field });
			const versionRecord: VersionRecord = {
				id: version.id,
				documentId: document.id,
				number: i + 1,
				message: version.message,
				origin: 'save',
				created: version.created,
				text: text.text
			};
			await upgrade.put('versions', versionRecord);
		}
	}
}

function v1Document(value: unknown, now: number): V1Document | undefined {
	if (typeof value !== 'object' || value === null) return undefined;
	const r = value as Record<string, unknown>;
	if (typeof r.id !== 'string') return undefined;
	return {
		id: r.id,
		name: typeof r.name === 'string' && r.name.trim() !== '' ? r.name : 'Untitled',
		kind: (DOCUMENT_KINDS as readonly unknown[]).includes(r.kind) ? (r.kind as DocumentKind) : 'cp',
		tags: Array.isArray(r.tags) ? [...new Set(r.tags.filter((t): t is string => typeof t === 'string' && t.trim() !== ''))] : [],
		created: typeof r.created === 'number' ? r.created : now,
		updated: typeof r.updated === 'number' ? r.updated : now,
		text: typeof r.text === 'string' ? r.text : ''
	};
}

function v1Version(value: unknown, now: number): V1Version | undefined {
	if (typeof value !== 'object' || value === null) return undefined;
	const r = value as Record<string, unknown>;
	if (typeof r.id !== 'string' || typeof r.documentId !== 'string') return undefined;
	return {
		id: r.id,
		documentId: r.documentId,
		message: typeof r.message === 'string' ? r.message : '',
		created: typeof r.created === 'number' ? r.created : now,
		text: typeof r.text === 'string' ? r.text : ''
	};
}
