// What a write would do to the card, shown before anyone presents ADM1: the provisioning files as the card holds
// them now (readCardSnapshot: SELECT, READ BINARY and READ RECORD only, no key) beside what provisionCard would
// write (planWrite, pure), file by file: created, replaced (with or without a change of content) or left alone,
// and every document that does not fit its EF, named against the size the card reports in its FCP
// (TS 102 221 §11.1.1.4.3) or, for a file still to be created, the profile's default size.
// planWrite mirrors provisionCard (provision.ts) and writeLayout (pkcs15/write.ts): the same sizes (an existing EF
// keeps its size), the same layout (buildLayout with the ICCID as TokenInfo serialNumber), the same EF.DIR record
// choice (the record naming the PKCS#15 AID, else the first empty one).
import { CardError } from '../error';
import { SW } from '../status-words';
import {
	buildLayout,
	parseDirRecord,
	parseDodf,
	Pkcs15Error,
	type CardFiles,
	type FileSizes,
	type Pkcs15Profile
} from '../pkcs15';
import { fidsOf, fidsText } from './session-files';
import type { ProvisionDocuments } from './provision';

/** The files inside DF(PKCS#15) that a write touches, in the order the page lists them. */
export const SNAPSHOT_ROLES = ['odf', 'tokenInfo', 'dodf', 'bootstrap', 'config1', 'config2'] as const;
export type SnapshotRole = (typeof SNAPSHOT_ROLES)[number];
export type PlanRole = 'dir' | 'df' | SnapshotRole;
type DocumentRole = 'bootstrap' | 'config1' | 'config2';
const DOCUMENT_ROLES: readonly DocumentRole[] = ['bootstrap', 'config1', 'config2'];

/** One transparent EF as the card holds it now. */
export type FileNow =
	| { state: 'missing' }
	| { state: 'present'; size: number; bytes: Uint8Array }
	/** Selected but not read (e.g. 6982: the EF needs PIN1), or not a transparent EF. */
	| { state: 'unreadable'; size?: number; reason: string };

export type DirNow = { state: 'missing' } | { state: 'present'; recordLength: number; records: Uint8Array[] } | { state: 'unreadable'; reason: string };

export interface CardSnapshot {
	profile: Pkcs15Profile['id'];
	/** EF.ICCID bytes: provisionCard writes them as TokenInfo serialNumber. */
	serialNumber?: Uint8Array;
	dir: DirNow;
	/** Whether DF(PKCS#15) (the profile's appDf) exists. */
	dfExists: boolean;
	files: Record<SnapshotRole, FileNow>;
}

const MF_EF_DIR = Uint8Array.from([0x3f, 0x00, 0x2f, 0x00]);
/** Records of an EF.DIR provisionCard creates (provision.ts CREATED_DIR_RECORDS). */
const CREATED_DIR_RECORDS = 4;

function isNotFound(e: unknown): boolean {
	return e instanceof CardError && e.code === 'STATUS' && e.sw === SW.FILE_NOT_FOUND;
}

/** A card's answer (a status word, a bad FCP) is a fact to show; a transport failure ends the read. */
function cardAnswer(e: unknown): string {
	if (e instanceof CardError && e.code !== 'TRANSPORT') return e.message;
	throw e;
}

function rolePath(profile: Pkcs15Profile, role: SnapshotRole): Uint8Array {
	const fid = role === 'odf' ? profile.odf.value : role === 'tokenInfo' ? profile.tokenInfo.value : role === 'dodf' ? profile.dodf.value : profile.documents[role].fid.value;
	return Uint8Array.from([...profile.appDf.value, ...fid]);
}

async function readDir(files: CardFiles): Promise<DirNow> {
	let info;
	try {
		info = await files.selectPath(MF_EF_DIR);
	} catch (e) {
		if (isNotFound(e)) return { state: 'missing' };
		return { state: 'unreadable', reason: cardAnswer(e) };
	}
	if (info.structure !== 'linear-fixed' || info.recordLength === undefined) {
		return { state: 'unreadable', reason: `EF.DIR 2F00 is ${info.structure}; expected a linear fixed EF` };
	}
	const records: Uint8Array[] = [];
	try {
		for (let n = 1; n <= (info.recordCount ?? 0); n++) records.push(await files.readRecord(n));
	} catch (e) {
		return { state: 'unreadable', reason: cardAnswer(e) };
	}
	return { state: 'present', recordLength: info.recordLength, records };
}

async function readFile(files: CardFiles, path: Uint8Array): Promise<FileNow> {
	let info;
	try {
		info = await files.selectPath(path);
	} catch (e) {
		if (isNotFound(e)) return { state: 'missing' };
		return { state: 'unreadable', reason: cardAnswer(e) };
	}
	if (info.structure !== 'transparent') return { state: 'unreadable', reason: `EF ${fidsText(fidsOf(path))} is ${info.structure}; expected a transparent EF` };
	if (info.size === undefined) return { state: 'unreadable', reason: `EF ${fidsText(fidsOf(path))}: the card did not report a size` };
	try {
		return { state: 'present', size: info.size, bytes: info.size === 0 ? new Uint8Array(0) : await files.readBinary(0, info.size) };
	} catch (e) {
		return { state: 'unreadable', size: info.size, reason: cardAnswer(e) };
	}
}

/** The provisioning files as the card holds them: SELECT and READ only, no key presented, nothing written. */
export async function readCardSnapshot(files: CardFiles, profile: Pkcs15Profile, serialNumber?: Uint8Array): Promise<CardSnapshot> {
	const dir = await readDir(files);
	let dfExists = true;
	try {
		await files.selectPath(profile.appDf.value);
	} catch (e) {
		if (!isNotFound(e)) cardAnswer(e);
		dfExists = !isNotFound(e);
	}
	const missing: FileNow = { state: 'missing' };
	const out: CardSnapshot = {
		profile: profile.id,
		dir,
		dfExists,
		files: { odf: missing, tokenInfo: missing, dodf: missing, bootstrap: missing, config1: missing, config2: missing }
	};
	if (serialNumber !== undefined) out.serialNumber = serialNumber.slice();
	if (!dfExists) return out;
	for (const role of SNAPSHOT_ROLES) out.files[role] = await readFile(files, rolePath(profile, role));
	return out;
}

export type PlanAction = 'create' | 'replace' | 'leave';

export interface PlannedFile {
	role: PlanRole;
	/** "EF.DIR", "ODF", "TokenInfo", "DODF", "Bootstrap", "Config1", "Config2". */
	label: string;
	/** "3F00 2F00" or "3F00 7F50 6E01". */
	path: string;
	/** EF.DIR: the record written. */
	record?: number;
	action: PlanAction;
	/** Bytes of the EF (of the record, for EF.DIR) on the card now; undefined when it does not exist. */
	sizeNow?: number;
	/** Bytes of the EF after the write (an existing EF keeps its size; a created one gets the profile's). */
	sizeAfter: number;
	/** Bytes in use now: the file up to its FF padding. */
	contentNow?: number;
	/** Bytes the write puts before the FF padding; undefined for a file left alone. */
	contentAfter?: number;
	/** Whether any byte of the EF differs after the write (a created file always counts as a change). */
	changes: boolean;
	note?: string;
}

/** A document (or a directory file) that does not fit, named for the control that chose it. */
export interface CapacityProblem {
	role: PlanRole;
	message: string;
}

export interface WritePlan {
	files: PlannedFile[];
	problems: CapacityProblem[];
}

/** Bytes before the FF padding: WBXML ends with END (01), never FF; the DER files end with their last value byte. */
export function usedBytes(bytes: Uint8Array): number {
	let n = bytes.length;
	while (n > 0 && bytes[n - 1] === 0xff) n--;
	return n;
}

function padded(content: Uint8Array, size: number): Uint8Array {
	const image = new Uint8Array(size).fill(0xff);
	image.set(content.subarray(0, size), 0);
	return image;
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
	return a.length === b.length && a.every((x, i) => x === b[i]);
}

function startsWith(bytes: Uint8Array, prefix: Uint8Array): boolean {
	return bytes.length >= prefix.length && prefix.every((b, i) => bytes[i] === b);
}

/** The EF.DIR record writeLayout picks: the one naming the PKCS#15 AID, else the first empty one (pkcs15/write.ts). */
export function chosenDirRecord(records: readonly Uint8Array[], aid: Uint8Array): number | undefined {
	let firstEmpty: number | undefined;
	for (const [i, bytes] of records.entries()) {
		if (bytes.length === 0 || bytes[0] === 0xff || bytes[0] === 0x00) {
			firstEmpty ??= i + 1;
			continue;
		}
		try {
			if (parseDirRecord(bytes).some((r) => startsWith(r.aid, aid))) return i + 1;
		} catch {
			// another application's record that does not parse: writeLayout leaves it alone too
		}
	}
	return firstEmpty;
}

/** OIDs the card's DODF lists now (an unreadable or erased DODF lists none). */
function listedOids(dodf: FileNow): Set<string> {
	if (dodf.state !== 'present' || usedBytes(dodf.bytes) === 0) return new Set();
	try {
		return new Set(parseDodf(dodf.bytes).flatMap((e) => (e.type === 'oidDO' ? [e.oid] : [])));
	} catch {
		return new Set();
	}
}

function labelOf(profile: Pkcs15Profile, role: SnapshotRole): string {
	return role === 'odf' ? 'ODF' : role === 'tokenInfo' ? 'TokenInfo' : role === 'dodf' ? 'DODF' : profile.documents[role].name;
}

function defaultSize(profile: Pkcs15Profile, role: SnapshotRole): number {
	return role === 'odf' || role === 'tokenInfo' || role === 'dodf' ? profile.defaultSizes[role] : profile.documents[role].defaultSize;
}

/** The size a file will have: the card's when it exists (its FCP), else the size CREATE FILE gives it. */
function sizeFor(snapshot: CardSnapshot | undefined, profile: Pkcs15Profile, role: SnapshotRole): { size: number; fromCard: boolean } {
	const now = snapshot?.files[role];
	if (now !== undefined && now.state !== 'missing' && now.size !== undefined) return { size: now.size, fromCard: true };
	return { size: defaultSize(profile, role), fromCard: false };
}

/**
 * Capacity only, as the page checks it while documents are edited: each document against its EF. Without a
 * snapshot (no card read yet) the profile's default sizes stand in, and the message says so.
 */
export function capacityProblems(snapshot: CardSnapshot | undefined, documents: Partial<ProvisionDocuments>, profile: Pkcs15Profile): CapacityProblem[] {
	const problems: CapacityProblem[] = [];
	for (const role of DOCUMENT_ROLES) {
		const bytes = documents[role];
		if (bytes === undefined) continue;
		const { size, fromCard } = sizeFor(snapshot, profile, role);
		if (bytes.length > size) {
			const fid = fidsText(fidsOf(profile.documents[role].fid.value));
			const where = fromCard ? `EF ${fid} on the card holds ${size} (its FCP)` : `EF ${fid} would be created with ${size} (the profile's size)`;
			problems.push({ role, message: `${profile.documents[role].name} is ${bytes.length} bytes; ${where}: ${bytes.length - size} bytes too many` });
		}
	}
	return problems;
}

/**
 * What a write of `documents` would do to the card `snapshot` shows. Pure: the same inputs give the same plan, and
 * the plan is the write's (same layout and sizes), so the confirmation lists the files as the card will hold them.
 */
export function planWrite(snapshot: CardSnapshot, documents: ProvisionDocuments, profile: Pkcs15Profile): WritePlan {
	const problems = capacityProblems(snapshot, documents, profile);
	const unreadable = DOCUMENT_ROLES.filter((r) => documents[r] !== undefined && snapshot.files[r].state === 'unreadable');
	for (const role of unreadable) {
		const now = snapshot.files[role];
		problems.push({ role, message: `${profile.documents[role].name}: the card's EF could not be read (${now.state === 'unreadable' ? now.reason : ''}), so what it holds cannot be shown; enter PIN1 if the EF needs it` });
	}
	if (snapshot.dir.state === 'unreadable') problems.push({ role: 'dir', message: `EF.DIR could not be read: ${snapshot.dir.reason}` });
	if (problems.length > 0) return { files: [], problems };

	const sizes: FileSizes = {};
	for (const role of SNAPSHOT_ROLES) {
		const now = snapshot.files[role];
		if (now.state === 'present') sizes[role] = now.size;
	}
	if (snapshot.dir.state === 'present') sizes.dirRecord = snapshot.dir.recordLength;
	const written: Partial<Record<DocumentRole, Uint8Array>> = {};
	for (const role of DOCUMENT_ROLES) if (documents[role] !== undefined) written[role] = documents[role];
	let layout;
	try {
		layout = buildLayout(written, profile, sizes, snapshot.serialNumber ? { serialNumber: snapshot.serialNumber } : {});
	} catch (e) {
		if (!(e instanceof Pkcs15Error)) throw e;
		// A directory file (DODF, ODF, TokenInfo) that the card made too small: named for the Write button.
		return { files: [], problems: [{ role: 'dir', message: e.message }] };
	}

	const files: PlannedFile[] = [];
	// EF.DIR: one record, the one writeLayout will choose.
	const dirPath = fidsText(fidsOf(MF_EF_DIR));
	if (snapshot.dir.state === 'missing') {
		files.push({ role: 'dir', label: 'EF.DIR', path: dirPath, record: 1, action: 'create', sizeAfter: layout.dir.recordLength, contentAfter: layout.dir.template.length, changes: true, note: `EF.DIR created with ${CREATED_DIR_RECORDS} records` });
	} else if (snapshot.dir.state === 'present') {
		const record = chosenDirRecord(snapshot.dir.records, profile.aid.value);
		if (record === undefined) return { files: [], problems: [{ role: 'dir', message: `EF.DIR 2F00 has no free record among ${snapshot.dir.records.length} (USIM/ISIM records are never overwritten)` }] };
		const now = snapshot.dir.records[record - 1];
		const after = padded(layout.dir.template, snapshot.dir.recordLength);
		files.push({
			role: 'dir',
			label: 'EF.DIR',
			path: dirPath,
			record,
			action: 'replace',
			sizeNow: now.length,
			sizeAfter: after.length,
			contentNow: usedBytes(now),
			contentAfter: layout.dir.template.length,
			changes: !equalBytes(now, after),
			...(usedBytes(now) === 0 ? { note: 'an empty record' } : {})
		});
	}

	if (!snapshot.dfExists) {
		const df = fidsText(fidsOf(profile.appDf.value));
		files.push({ role: 'df', label: 'DF(PKCS#15)', path: df, action: 'create', sizeAfter: 0, changes: true, note: 'the application folder, created first' });
	}

	const listed = listedOids(snapshot.files.dodf);
	const byRole = new Map(layout.files.map((f) => [f.role, f]));
	for (const role of SNAPSHOT_ROLES) {
		const path = fidsText(fidsOf(rolePath(profile, role)));
		const label = labelOf(profile, role);
		const now = snapshot.files[role];
		const file = byRole.get(role);
		if (file === undefined) {
			// A document not in this write: its EF is not touched, but the new DODF lists only what is written.
			if (now.state === 'missing') continue;
			const oid = profile.documents[role as DocumentRole].oid.value;
			const contentNow = now.state === 'present' ? usedBytes(now.bytes) : undefined;
			const note = listed.has(oid) ? `listed in the DODF now; the new DODF no longer lists it, so a phone will not find it` : undefined;
			files.push({
				role,
				label,
				path,
				action: 'leave',
				...(now.size !== undefined ? { sizeNow: now.size, sizeAfter: now.size } : { sizeAfter: 0 }),
				...(contentNow !== undefined ? { contentNow } : {}),
				changes: false,
				...(note ? { note } : {})
			});
			continue;
		}
		if (now.state === 'present') {
			const after = padded(file.content, now.size);
			files.push({ role, label, path, action: 'replace', sizeNow: now.size, sizeAfter: now.size, contentNow: usedBytes(now.bytes), contentAfter: file.content.length, changes: !equalBytes(now.bytes, after) });
		} else if (now.state === 'missing') {
			files.push({ role, label, path, action: 'create', sizeAfter: file.size, contentAfter: file.content.length, changes: true });
		} else {
			// Only the directory files get here (unreadable documents were refused above): written over, unseen.
			files.push({ role, label, path, action: 'replace', ...(now.size !== undefined ? { sizeNow: now.size } : {}), sizeAfter: now.size ?? file.size, contentAfter: file.content.length, changes: true, note: `not readable now (${now.reason})` });
		}
	}
	return { files, problems: [] };
}
