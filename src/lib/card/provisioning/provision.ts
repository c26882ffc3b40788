// The write flow (smartcard-provisioning.md §5): identity → probe the files → build and size-check the layout →
// VERIFY ADM1 → CREATE FILE what is missing (TS 102 222 §6.3) → write (pkcs15 writeLayout: documents, DODF,
// TokenInfo, ODF, then EF.DIR, so an interrupted write never announces files that are not there) → read every
// file back and compare. Every check that can refuse runs before the first UPDATE, and before ADM1 is presented:
// a write that cannot happen must not spend a key try.
import { CardError } from '../error';
import type { Secret } from '../../security/secret';
import type { CardSession } from '../session';
import { SW } from '../status-words';
import { createDfFcp, createEfFcp } from '../ts102222/create-file';
import { verify } from '../ts102221/verify';
import {
	buildLayout,
	Pkcs15Error,
	writeLayout,
	type FileInfo,
	type FileSizes,
	type LayoutFile,
	type LayoutRole,
	type Pkcs15Layout,
	type Pkcs15Profile
} from '../pkcs15';
import { cardInfo, type CardIdentity } from './identity';
import type { FileReport, ProvisionReport } from './report';
import { fidsOf, fidsText, SessionCardFiles } from './session-files';

export interface ProvisionDocuments {
	/** WBXML bytes of each document. */
	bootstrap: Uint8Array;
	config1?: Uint8Array;
	config2?: Uint8Array;
}

/** An EF.ARR reference (FCP tag 8B, TS 102 221 §11.1.1.4.7.3): which access rule a created file gets. */
export interface AccessRule {
	arrFileId: number;
	record: number;
}

/**
 * Default rule for files we create: EF.ARR 2F06 record 3, which in our simulator means read ALW / update ADM1
 * (simulator/model.ts arrRecordOf). ARR record numbers are card specific: give the card's own for a real card.
 */
export const DEFAULT_ACCESS_RULE: AccessRule = { arrFileId: 0x2f06, record: 3 };

/** Records of an EF.DIR we have to create (a UICC has one already; 4 leaves room for USIM, ISIM, PKCS#15, one more). */
const CREATED_DIR_RECORDS = 4;

export interface ProvisionOptions {
	documents: ProvisionDocuments;
	adm: Secret;
	/** Presented before reading the IMSI and before writing (a Config file may be PIN1-protected). */
	pin1?: Secret;
	profile: Pkcs15Profile;
	/** Also list the documents as opaqueDO so OpenSC's pkcs15-tool sees them (layout.ts). */
	openscMirror?: boolean;
	/** Present ADM1 / PIN1 even with a single try left (the default refuses: a wrong key would block it). */
	force?: boolean;
	/** Sizes of files this write has to create; an existing EF keeps the size the card reports. */
	fileSizes?: FileSizes;
	accessRule?: AccessRule;
	tokenLabel?: string;
	manufacturerID?: string;
}

export type ProvisionEvent =
	| { type: 'identity'; identity: CardIdentity }
	| { type: 'verified'; key: 'ADM1' | 'PIN1' }
	| { type: 'checked'; file: string; label: string; contentBytes: number; size: number; exists: boolean }
	| { type: 'created'; file: string; label: string; size: number }
	| { type: 'writing'; file: string; bytes: number }
	| { type: 'read-back'; file: string; label: string; verified: boolean };

export type ProvisionListener = (event: ProvisionEvent) => void;

const MF_EF_DIR = Uint8Array.from([0x3f, 0x00, 0x2f, 0x00]);

function isNotFound(e: unknown): boolean {
	return e instanceof CardError && e.code === 'STATUS' && e.sw === SW.FILE_NOT_FOUND;
}

/** A CardError with the file it happened in put in front of the message; code, APDU and SW unchanged. */
function inFile(e: unknown, where: string): unknown {
	if (!(e instanceof CardError) || e.message.startsWith(where)) return e;
	return new CardError(e.code, `${where}: ${e.message}`, { apdu: e.apdu, sw: e.sw, reader: e.reader, field: e.field, offset: e.offset });
}

/** What SELECT found for a path, or 'missing' on 6A82 (any other answer is an error). */
async function probe(files: SessionCardFiles, path: Uint8Array): Promise<FileInfo | 'missing'> {
	try {
		return await files.selectPath(path);
	} catch (e) {
		if (isNotFound(e)) return 'missing';
		throw e;
	}
}

interface Plan {
	dfMissing: boolean;
	dirMissing: boolean;
	/** Existing EF sizes by role; roles absent here must be created. */
	existing: Map<LayoutRole, number>;
	dirRecordLength?: number;
}

function expectTransparent(info: FileInfo, where: string): number {
	if (info.structure !== 'transparent') {
		throw new Pkcs15Error('wrong-structure', 'card', -1, `${where} is ${info.structure}; expected a transparent EF`);
	}
	if (info.size === undefined) throw new Pkcs15Error('file-size-unknown', 'card', -1, `${where}: the card did not report a size`);
	return info.size;
}

/** SELECTs only: which files exist and how big they are. */
async function probeCard(files: SessionCardFiles, profile: Pkcs15Profile, roles: LayoutRole[], paths: Map<LayoutRole, Uint8Array>): Promise<Plan> {
	const plan: Plan = { dfMissing: false, dirMissing: false, existing: new Map() };
	const dir = await probe(files, MF_EF_DIR);
	if (dir === 'missing') plan.dirMissing = true;
	else if (dir.recordLength !== undefined) plan.dirRecordLength = dir.recordLength;
	const df = await probe(files, profile.appDf.value);
	if (df === 'missing') {
		plan.dfMissing = true;
		return plan;
	}
	for (const role of roles) {
		const path = paths.get(role) as Uint8Array;
		const info = await probe(files, path);
		if (info !== 'missing') plan.existing.set(role, expectTransparent(info, `EF ${fidsText(fidsOf(path))}`));
	}
	return plan;
}

function structuralPath(profile: Pkcs15Profile, fid: Uint8Array): Uint8Array {
	return Uint8Array.from([...profile.appDf.value, ...fid]);
}

function rolePaths(profile: Pkcs15Profile, kinds: (keyof ProvisionDocuments)[]): Map<LayoutRole, Uint8Array> {
	const paths = new Map<LayoutRole, Uint8Array>();
	for (const kind of kinds) paths.set(kind, structuralPath(profile, profile.documents[kind].fid.value));
	paths.set('dodf', structuralPath(profile, profile.dodf.value));
	paths.set('tokenInfo', structuralPath(profile, profile.tokenInfo.value));
	paths.set('odf', structuralPath(profile, profile.odf.value));
	return paths;
}

async function createMissing(
	files: SessionCardFiles,
	layout: Pkcs15Layout,
	plan: Plan,
	profile: Pkcs15Profile,
	rule: AccessRule,
	emit: ProvisionListener
): Promise<Set<string>> {
	const created = new Set<string>();
	const arr = { fileId: rule.arrFileId, record: rule.record };
	const refused = (what: string) => (e: unknown) => {
		throw inFile(e, `${what} does not exist and the card refused CREATE FILE`);
	};
	if (plan.dirMissing) {
		const where = 'EF.DIR 3F00 2F00';
		await files
			.create(Uint8Array.from([0x3f, 0x00]), createEfFcp({ fileId: 0x2f00, structure: 'linear-fixed', recordLength: layout.dir.recordLength, numberOfRecords: CREATED_DIR_RECORDS, arr }), 0x2f00)
			.catch(refused(where));
		created.add('3F00 2F00');
		emit({ type: 'created', file: '3F00 2F00', label: 'EF.DIR', size: layout.dir.recordLength * CREATED_DIR_RECORDS });
	}
	if (plan.dfMissing) {
		const dfFids = fidsOf(profile.appDf.value);
		const parent = Uint8Array.from(profile.appDf.value.subarray(0, profile.appDf.value.length - 2));
		const fid = dfFids[dfFids.length - 1];
		const where = `DF(PKCS#15) ${fidsText(dfFids)}`;
		await files.create(parent, createDfFcp({ fileId: fid, dfName: profile.aid.value, arr }), fid).catch(refused(where));
		created.add(fidsText(dfFids));
		emit({ type: 'created', file: fidsText(dfFids), label: 'DF(PKCS#15)', size: 0 });
	}
	for (const file of layout.files) {
		if (plan.existing.has(file.role)) continue;
		const fids = fidsOf(file.path);
		const where = `${file.name} EF ${fidsText(fids)}`;
		await files
			.create(profile.appDf.value, createEfFcp({ fileId: fids[fids.length - 1], structure: 'transparent', size: file.size, arr }), fids[fids.length - 1])
			.catch(refused(where));
		created.add(fidsText(fids));
		emit({ type: 'created', file: fidsText(fids), label: file.name, size: file.size });
	}
	return created;
}

function firstDifference(a: Uint8Array, b: Uint8Array): number | undefined {
	const n = Math.min(a.length, b.length);
	for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
	return a.length === b.length ? undefined : n;
}

function fidText(fid: Uint8Array): string {
	return fidsText(fidsOf(fid));
}

/** Writes the provisioning documents and the PKCS#15 files that point at them, then proves it by reading back. */
export async function provisionCard(session: CardSession, options: ProvisionOptions, events?: ProvisionListener): Promise<ProvisionReport> {
	const emit: ProvisionListener = events ?? (() => undefined);
	const { profile } = options;
	const startApdus = session.trace.entries.length;
	const files = new SessionCardFiles(session);

	if (options.pin1) {
		await verify(session, 'PIN1', options.pin1, { force: options.force });
		emit({ type: 'verified', key: 'PIN1' });
	}
	const identity = await cardInfo(session, files);
	emit({ type: 'identity', identity });
	// APDUs per file count from here: the identity reads are not part of any file's write.
	files.apdusByFile.clear();

	const kinds = (['bootstrap', 'config1', 'config2'] as const).filter((k) => options.documents[k] !== undefined);
	const paths = rolePaths(profile, [...kinds]);
	const plan = await probeCard(files, profile, [...paths.keys()], paths);

	// Existing EFs are as big as the card says; missing ones get the caller's size or the profile default.
	const sizes: FileSizes = { ...options.fileSizes };
	for (const [role, size] of plan.existing) sizes[role] = size;
	if (plan.dirRecordLength !== undefined) sizes.dirRecord = plan.dirRecordLength;
	const documents: Partial<Record<keyof ProvisionDocuments, Uint8Array>> = {};
	for (const k of kinds) documents[k] = options.documents[k];
	// buildLayout refuses anything that does not fit, naming both sizes ("Config1 is 1500 bytes; EF 6E02 holds 1024").
	const layout = buildLayout(documents, profile, sizes, {
		openscMirror: options.openscMirror,
		...(identity.iccidBytes ? { serialNumber: identity.iccidBytes } : {}),
		...(options.tokenLabel !== undefined ? { tokenLabel: options.tokenLabel } : {}),
		...(options.manufacturerID !== undefined ? { manufacturerID: options.manufacturerID } : {})
	});
	for (const file of layout.files) {
		emit({ type: 'checked', file: fidText(file.path), label: file.name, contentBytes: file.content.length, size: file.size, exists: plan.existing.has(file.role) });
	}

	await verify(session, 'ADM1', options.adm, { force: options.force });
	emit({ type: 'verified', key: 'ADM1' });

	const created = await createMissing(files, layout, plan, profile, options.accessRule ?? DEFAULT_ACCESS_RULE, emit);

	files.onWrite = (file, bytes) => emit({ type: 'writing', file: file ?? '?', bytes });
	const labels = new Map(layout.files.map((f): [string, string] => [fidText(f.path), f.name]));
	labels.set('3F00 2F00', 'EF.DIR');
	let written;
	try {
		written = await writeLayout(files, layout);
	} catch (e) {
		const current = files.currentFile;
		throw current === undefined ? e : inFile(e, `${labels.get(current) ?? 'EF'} ${current}`);
	} finally {
		files.onWrite = undefined;
	}

	const reports = await readBack(files, layout, written, created, emit);
	for (const r of reports) r.apdus = files.apdusByFile.get(r.path) ?? 0;
	return {
		profile: profile.id,
		identity,
		files: reports,
		verified: reports.every((r) => r.verified),
		apdus: session.trace.entries.length - startApdus,
		chunks: files.chunkSizes
	};
}

async function readBack(
	files: SessionCardFiles,
	layout: Pkcs15Layout,
	written: Awaited<ReturnType<typeof writeLayout>>,
	created: Set<string>,
	emit: ProvisionListener
): Promise<FileReport[]> {
	const reports: FileReport[] = [];
	const byPath = new Map(layout.files.map((f): [string, LayoutFile] => [fidText(f.path), f]));
	for (const w of written) {
		const path = fidText(w.path);
		const fids = fidsOf(w.path);
		const file = byPath.get(path);
		const where = `${file?.name ?? 'EF.DIR'} ${path}`;
		let expected: Uint8Array;
		let actual: Uint8Array;
		try {
			await files.selectPath(w.path);
			if (w.record !== undefined) {
				expected = new Uint8Array(w.length).fill(0xff);
				expected.set(layout.dir.template, 0);
				actual = await files.readRecord(w.record);
			} else {
				const content = (file as LayoutFile).content;
				expected = new Uint8Array(w.length).fill(0xff);
				expected.set(content, 0);
				actual = await files.readBinary(0, w.length);
			}
		} catch (e) {
			throw inFile(e, `read-back of ${where}`);
		}
		const mismatch = firstDifference(expected, actual);
		const report: FileReport = {
			role: file?.role ?? 'dir',
			label: file?.name ?? 'EF.DIR',
			fid: fids[fids.length - 1].toString(16).toUpperCase().padStart(4, '0'),
			path,
			created: created.has(path),
			contentBytes: w.record !== undefined ? layout.dir.template.length : (file as LayoutFile).content.length,
			bytesWritten: w.length,
			apdus: 0,
			verified: mismatch === undefined
		};
		if (file?.oid !== undefined) report.oid = file.oid;
		if (w.record !== undefined) report.record = w.record;
		if (mismatch !== undefined) report.mismatchAt = mismatch;
		emit({ type: 'read-back', file: path, label: report.label, verified: report.verified });
		reports.push(report);
	}
	return reports;
}
