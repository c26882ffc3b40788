// Import and export of the whole library (the file format is transfer.ts): what they read and write in storage.
// Import reads the whole file first (a bad file is refused before anything is written), applies the secret rule
// to every text, then writes in one transaction: a document new here is added as it is; a document already here
// (same id) gets the versions it lacks and the tags it lacks; a draft that differs from this library's draft is
// kept as a version (origin 'import'), never written over the draft — nothing is ever overwritten.
import { LibraryError, quoted } from './error';
import type { DocumentRecord, DraftRecord, SecretFieldIn, VersionRecord } from './model';
import { compareIds, withSealed } from './records';
import { revealText, type ProtectedText } from './secrets/rule';
import type { StorageTransaction, StoreName, TransactionMode } from './storage/storage';
import { parseLibraryFile, serialiseLibraryFile, type FileDocument, type LibraryFile } from './transfer';

export interface ImportReport {
	/** Documents new to this library / already here (merged by id) / already here and identical. */
	added: number;
	merged: number;
	unchanged: number;
	versionsAdded: number;
	/** Drafts that differed from this library's draft of the same document, kept as versions (origin 'import'). */
	draftsKeptAsVersions: number;
	/** Secret values of the file not stored (keep secrets off or locked): to be entered again. */
	keptOut: SecretFieldIn[];
	fileSecrets: 'omitted' | 'included';
}

export interface ExportOptions {
	/** 'omit' (default): secret values stay placeholders. 'include': in clear, the file says so. */
	secrets?: 'omit' | 'include';
}

/** What import and export need from the library. */
export interface ExchangeContext {
	run<T>(stores: readonly StoreName[], mode: TransactionMode, work: (tx: StorageTransaction) => Promise<T>): Promise<T>;
	protect(text: string, documentId: string): Promise<ProtectedText>;
	key(): CryptoKey | undefined;
	now(): number;
	newId(): string;
}

interface Prepared {
	file: FileDocument;
	draft: ProtectedText;
	versions: ProtectedText[];
}

/** The whole library as one export file. */
export async function exportLibraryFile(ctx: ExchangeContext, options: ExportOptions): Promise<string> {
	const include = options.secrets === 'include';
	const { documents, drafts, versions } = await ctx.run(['documents', 'drafts', 'versions'], 'readonly', async (tx) => ({
		documents: await tx.getAll('documents'),
		drafts: await tx.getAll('drafts'),
		versions: await tx.getAll('versions')
	}));
	const sealedAnywhere = [...drafts, ...versions].some((r) => (r.sealed?.length ?? 0) > 0);
	if (include && sealedAnywhere && ctx.key() === undefined) {
		throw new LibraryError('locked', 'enter the passphrase first: the secrets kept in this browser are sealed with it');
	}
	const text = async (record: DraftRecord | VersionRecord, id: string): Promise<string> =>
		include && (record.sealed?.length ?? 0) > 0 ? (await revealText(record.text, record.sealed, id, ctx.key())).text : record.text;
	const draftOf = new Map(drafts.map((d) => [d.documentId, d]));
	const versionsOf = new Map<string, VersionRecord[]>();
	for (const v of versions) {
		const list = versionsOf.get(v.documentId);
		if (list === undefined) versionsOf.set(v.documentId, [v]);
		else list.push(v);
	}
	const file: LibraryFile = { exported: ctx.now(), secrets: include ? 'included' : 'omitted', documents: [] };
	for (const d of documents.sort((a, b) => a.created - b.created || compareIds(a.id, b.id))) {
		const draft = draftOf.get(d.id);
		const entry: FileDocument = {
			id: d.id,
			name: d.name,
			kind: d.kind,
			tags: d.tags,
			created: d.created,
			updated: d.updated,
			draft: draft === undefined ? '' : await text(draft, d.id),
			versions: []
		};
		if (d.trashed !== undefined) entry.trashed = d.trashed;
		for (const v of (versionsOf.get(d.id) ?? []).sort((a, b) => a.number - b.number)) {
			const version: FileDocument['versions'][number] = { id: v.id, number: v.number, message: v.message, origin: v.origin, created: v.created, text: await text(v, d.id) };
			if (v.updated !== undefined) version.updated = v.updated;
			if (v.restoredFrom !== undefined) version.restoredFrom = v.restoredFrom;
			entry.versions.push(version);
		}
		file.documents.push(entry);
	}
	return serialiseLibraryFile(file);
}

/** Reads an export file and writes what it adds; the caller updates its memory from `written`. */
export async function importLibraryFile(ctx: ExchangeContext, text: string): Promise<{ report: ImportReport; written: { document: DocumentRecord; draft: DraftRecord | undefined }[] }> {
	const file = parseLibraryFile(text);
	const report: ImportReport = { added: 0, merged: 0, unchanged: 0, versionsAdded: 0, draftsKeptAsVersions: 0, keptOut: [], fileSecrets: file.secrets };
	const prepared: Prepared[] = [];
	for (const document of file.documents) {
		const draft = await ctx.protect(document.draft, document.id);
		const versions: ProtectedText[] = [];
		for (const version of document.versions) versions.push(await ctx.protect(version.text, document.id));
		const where = { documentId: document.id, documentName: document.name };
		for (const field of draft.keptOut) report.keptOut.push({ ...where, in: 'draft', ...field });
		document.versions.forEach((v, i) => {
			for (const field of versions[i].keptOut) report.keptOut.push({ ...where, in: v.number, ...field });
		});
		prepared.push({ file: document, draft, versions });
	}
	const now = ctx.now();
	const written = await ctx.run(['documents', 'drafts', 'versions'], 'readwrite', async (tx) => {
		const out: { document: DocumentRecord; draft: DraftRecord | undefined }[] = [];
		for (const [i, item] of prepared.entries()) {
			const f = item.file;
			const path = `$.documents[${i}]`;
			for (const [k, v] of f.versions.entries()) {
				const other = await tx.get('versions', v.id);
				if (other !== undefined && other.documentId !== f.id) {
					throw new LibraryError('bad-import', `library import refused, nothing changed: ${path}.versions[${k}].id (document ${quoted(f.name)}): id ${v.id} is already the id of a version of another document in this library`, { jsonPath: `${path}.versions[${k}].id`, document: f.name });
				}
			}
			const existing = await tx.get('documents', f.id);
			if (existing === undefined) {
				out.push(await importNew(tx, item));
				report.added++;
				report.versionsAdded += f.versions.length;
			} else {
				const merged = await importMerge(ctx, tx, existing, item, now, report);
				if (merged === undefined) report.unchanged++;
				else {
					report.merged++;
					out.push(merged);
				}
			}
		}
		return out;
	});
	return { report, written };
}

async function importNew(tx: StorageTransaction, item: Prepared): Promise<{ document: DocumentRecord; draft: DraftRecord }> {
	const f = item.file;
	const document: DocumentRecord = {
		id: f.id,
		name: f.name,
		kind: f.kind,
		tags: [...f.tags],
		created: f.created,
		updated: f.updated,
		revision: 1,
		nameRevision: 1,
		versionCount: f.versions.length,
		lastVersion: f.versions.reduce((max, v) => Math.max(max, v.number), 0)
	};
	if (f.trashed !== undefined) document.trashed = f.trashed;
	const draft = withSealed<DraftRecord>({ documentId: f.id, text: item.draft.text, revision: 1, updated: f.updated }, item.draft.sealed);
	await tx.put('documents', document);
	await tx.put('drafts', draft);
	for (const [k, v] of f.versions.entries()) {
		const record: VersionRecord = { id: v.id, documentId: f.id, number: v.number, message: v.message, origin: v.origin, created: v.created, text: item.versions[k].text };
		if (v.updated !== undefined) record.updated = v.updated;
		if (v.restoredFrom !== undefined) record.restoredFrom = v.restoredFrom;
		await tx.put('versions', withSealed(record, item.versions[k].sealed));
	}
	return { document, draft };
}

async function importMerge(
	ctx: ExchangeContext,
	tx: StorageTransaction,
	document: DocumentRecord,
	item: Prepared,
	now: number,
	report: ImportReport
): Promise<{ document: DocumentRecord; draft: DraftRecord | undefined } | undefined> {
	const f = item.file;
	const versions = await tx.getAllByIndex('versions', 'documentId', f.id);
	const ids = new Set(versions.map((v) => v.id));
	const numbers = new Set(versions.map((v) => v.number));
	let changed = false;
	for (const [k, v] of f.versions.entries()) {
		if (ids.has(v.id)) continue;
		const number = numbers.has(v.number) ? highest(document.lastVersion, numbers) + 1 : v.number;
		numbers.add(number);
		const record: VersionRecord = { id: v.id, documentId: f.id, number, message: v.message, origin: v.origin, created: v.created, text: item.versions[k].text };
		if (v.updated !== undefined) record.updated = v.updated;
		if (v.restoredFrom !== undefined) record.restoredFrom = v.restoredFrom;
		const sealed = withSealed(record, item.versions[k].sealed);
		await tx.put('versions', sealed);
		versions.push(sealed);
		document.versionCount++;
		document.lastVersion = Math.max(document.lastVersion, number);
		report.versionsAdded++;
		changed = true;
	}
	const draft = await tx.get('drafts', f.id);
	const fileDraft = { text: item.draft.text, sealed: item.draft.sealed };
	if (draft !== undefined && draft.text !== fileDraft.text && !versions.some((v) => v.text === fileDraft.text)) {
		const number = highest(document.lastVersion, numbers) + 1;
		const record = withSealed<VersionRecord>(
			{ id: ctx.newId(), documentId: f.id, number, message: 'Draft from an import (it differed from this library\'s draft)', origin: 'import', created: now, text: fileDraft.text },
			fileDraft.sealed
		);
		await tx.put('versions', record);
		document.versionCount++;
		document.lastVersion = number;
		report.draftsKeptAsVersions++;
		changed = true;
	}
	const tags = [...document.tags, ...f.tags.filter((t) => !document.tags.includes(t))];
	if (tags.length !== document.tags.length) {
		document.tags = tags.slice(0, 64);
		changed = true;
	}
	if (!changed) return undefined;
	document.revision++;
	document.updated = Math.max(document.updated, f.updated);
	await tx.put('documents', document);
	return { document, draft };
}

/** The largest of `start` and the numbers, by a loop: spread into Math.max, a document's 150,000 versions (a file
 *  this import takes) overflowed the call stack and the next import of that document failed. */
function highest(start: number, numbers: Iterable<number>): number {
	let max = start;
	for (const n of numbers) if (n > max) max = n;
	return max;
}
