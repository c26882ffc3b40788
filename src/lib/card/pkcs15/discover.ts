// Reader side of the provisioning layout (spec §1): EF.DIR → DF(PKCS#15) by AID or path → ODF → DODF → oidDO
// with the wanted OID → Path → file. Pure over CardFiles; every card error passes through untouched except
// where a step has a documented fallback.
import type { CardFiles, FileInfo } from './card-files';
import { parseDirRecord } from './ef-dir';
import { parseDodf } from './dodf';
import { Pkcs15Error } from './error';
import type { DirRecord, DodfEntry, Pkcs15Path, TokenInfo } from './model';
import { parseOdf } from './odf';
import { isAbsolute, pathText, resolvePath } from './path';
import { DOCUMENT_KINDS, type DocumentKind, type Pkcs15Profile } from './profiles';
import { parseTokenInfo } from './token-info';

const MF_EF_DIR = new Uint8Array([0x3f, 0x00, 0x2f, 0x00]);

export interface FoundApplication {
	/** How DF(PKCS#15) was reached: spec §1 step 3a (AID), 3b (EF.DIR path) or the §7 fallback probe. */
	selectedBy: 'aid' | 'dir-path' | 'fallback-path';
	/** Absolute path of the DF when known (path routes); undefined when selected by AID only. */
	dfPath?: Uint8Array;
	dirRecord?: DirRecord;
}

export interface FoundDocument {
	/** Every profile slot that uses this OID (the ProvSC Bootstrap and DM bootstrap guesses share 2.23.43.7.1). */
	kinds: DocumentKind[];
	oid: string;
	label?: string;
	/** The Path as written in the DODF. */
	path: Pkcs15Path;
	/** Absolute path when DF(PKCS#15) was reached by path. */
	absolutePath?: Uint8Array;
	/** Raw file content (or the index/length slice), FF padding included: WBXML parsing knows where it ends. */
	bytes: Uint8Array;
}

export interface Discovery {
	application: FoundApplication;
	tokenInfo?: TokenInfo;
	/** Path of every DODF the ODF lists. */
	dodfPaths: Pkcs15Path[];
	documents: FoundDocument[];
	/** DODF entries not matching a profile OID (other applications' objects, opaque mirrors), not read. */
	otherEntries: DodfEntry[];
}

function startsWith(bytes: Uint8Array, prefix: Uint8Array): boolean {
	if (bytes.length < prefix.length) return false;
	for (let i = 0; i < prefix.length; i++) if (bytes[i] !== prefix[i]) return false;
	return true;
}

function reason(e: unknown): string {
	return e instanceof Error ? e.message : String(e);
}

async function readTransparent(files: CardFiles, info: FileInfo, what: string): Promise<Uint8Array> {
	if (info.structure !== 'transparent') {
		throw new Pkcs15Error('wrong-structure', 'card', -1, `${what} is a ${info.structure} file; expected a transparent EF`);
	}
	if (info.size === undefined) throw new Pkcs15Error('file-size-unknown', 'card', -1, `${what}: the card did not report a file size`);
	return files.readBinary(0, info.size);
}

/** Selects files inside DF(PKCS#15), re-entering the DF when an absolute path moved the current DF away. */
class AppCursor {
	private inApp = true;
	constructor(
		private readonly files: CardFiles,
		private readonly app: FoundApplication,
		private readonly aid: Uint8Array
	) {}

	async select(path: Uint8Array): Promise<FileInfo> {
		if (isAbsolute(path)) {
			this.inApp = false;
			return this.files.selectPath(path);
		}
		if (this.app.dfPath !== undefined) return this.files.selectPath(resolvePath(this.app.dfPath, path));
		if (!this.inApp && this.files.selectAid) await this.files.selectAid(this.aid);
		this.inApp = true;
		return this.files.selectPath(path);
	}
}

async function readDir(files: CardFiles, aid: Uint8Array, attempts: string[]): Promise<DirRecord | undefined> {
	let info: FileInfo;
	try {
		info = await files.selectPath(MF_EF_DIR);
	} catch (e) {
		// Spec §1 step 1: a classic GSM SIM may have no EF.DIR; the §7 fallback takes over.
		attempts.push(`EF.DIR 2F00: ${reason(e)}`);
		return undefined;
	}
	const count = info.recordCount ?? 0;
	for (let n = 1; n <= count; n++) {
		let records: DirRecord[];
		try {
			records = parseDirRecord(await files.readRecord(n));
		} catch (e) {
			// Another application's broken record must not hide ours.
			if (!(e instanceof Pkcs15Error)) throw e;
			attempts.push(`EF.DIR record ${n}: ${e.message}`);
			continue;
		}
		const match = records.find((r) => startsWith(r.aid, aid));
		if (match) return match;
	}
	attempts.push(`EF.DIR 2F00: no record with the PKCS#15 AID among ${count}`);
	return undefined;
}

async function findApplication(files: CardFiles, profile: Pkcs15Profile, attempts: string[]): Promise<FoundApplication> {
	const aid = profile.aid.value;
	const dirRecord = await readDir(files, aid, attempts);
	if (dirRecord) {
		// Step 3a: select by AID where the card/reader can; step 3b: the 51 path of the same record.
		if (files.selectAid) {
			try {
				await files.selectAid(dirRecord.aid);
				return { selectedBy: 'aid', dirRecord };
			} catch (e) {
				attempts.push(`SELECT AID: ${reason(e)}`);
			}
		}
		if (dirRecord.path !== undefined) {
			const dfPath = resolvePath(new Uint8Array([0x3f, 0x00]), dirRecord.path);
			try {
				await files.selectPath(dfPath);
				return { selectedBy: 'dir-path', dfPath, dirRecord };
			} catch (e) {
				attempts.push(`DF ${pathText(dfPath)} from EF.DIR: ${reason(e)}`);
			}
		}
	}
	// Spec §7: no usable EF.DIR entry → probe the usual DFs for ODF + TokenInfo.
	for (const dfPath of profile.fallbackDfs) {
		try {
			// SIMalliance currentDirIsPkcs15FileStructure: a DF is PKCS#15 when both ODF and TokenInfo exist.
			await files.selectPath(resolvePath(dfPath, profile.odf.value));
			await files.selectPath(resolvePath(dfPath, profile.tokenInfo.value));
			return { selectedBy: 'fallback-path', dfPath };
		} catch (e) {
			attempts.push(`DF ${pathText(dfPath)}: ${reason(e)}`);
		}
	}
	throw new Pkcs15Error('no-pkcs15-application', 'card', -1, `no PKCS#15 application found (${attempts.join('; ')})`);
}

export async function discover(files: CardFiles, profile: Pkcs15Profile): Promise<Discovery> {
	const attempts: string[] = [];
	const application = await findApplication(files, profile, attempts);
	const cursor = new AppCursor(files, application, application.dirRecord?.aid ?? profile.aid.value);

	const odf = parseOdf(await readTransparent(files, await cursor.select(profile.odf.value), 'EF(ODF) 5031'));

	let tokenInfo: TokenInfo | undefined;
	let tokenInfoInfo: FileInfo | undefined;
	try {
		tokenInfoInfo = await cursor.select(profile.tokenInfo.value);
	} catch {
		// TokenInfo is mandatory in PKCS#15, but the provisioning files are reachable without it (nRF never reads it).
	}
	if (tokenInfoInfo) {
		const bytes = await readTransparent(files, tokenInfoInfo, 'EF(TokenInfo) 5032');
		// An erased EF (FF, or 00 on some personalisations) is a TokenInfo not written yet, e.g. a card whose write was
		// interrupted before the directory files: that card has no documents to report, not a decode error.
		if (bytes.length > 0 && bytes[0] !== 0xff && bytes[0] !== 0x00) tokenInfo = parseTokenInfo(bytes);
	}

	const wanted = new Map<string, DocumentKind[]>();
	for (const kind of DOCUMENT_KINDS) {
		const oid = profile.documents[kind].oid.value;
		wanted.set(oid, [...(wanted.get(oid) ?? []), kind]);
	}

	const dodfPaths: Pkcs15Path[] = [];
	const documents: FoundDocument[] = [];
	const otherEntries: DodfEntry[] = [];
	for (const entry of odf) {
		if (entry.kind !== 'dataObjects' || entry.path === undefined) continue;
		dodfPaths.push(entry.path);
		const dodfInfo = await cursor.select(entry.path.path);
		const dodf = parseDodf(await readTransparent(files, dodfInfo, `EF(DODF) ${pathText(entry.path.path)}`));
		for (const object of dodf) {
			const kinds = object.type === 'oidDO' ? wanted.get(object.oid) : undefined;
			if (object.type !== 'oidDO' || kinds === undefined) {
				otherEntries.push(object);
				continue;
			}
			const where = pathText(object.path.path);
			const info = await cursor.select(object.path.path);
			let bytes: Uint8Array;
			if (object.path.index !== undefined && object.path.length !== undefined) {
				const end = object.path.index + object.path.length;
				if (info.size !== undefined && end > info.size) {
					throw new Pkcs15Error('bad-path', 'DODF', object.offset, `Path ${where} slice ends at ${end}; the EF holds ${info.size}`);
				}
				bytes = await files.readBinary(object.path.index, object.path.length);
			} else {
				bytes = await readTransparent(files, info, `EF ${where} (${object.label ?? object.oid})`);
			}
			const found: FoundDocument = { kinds, oid: object.oid, path: object.path, bytes };
			if (object.label !== undefined) found.label = object.label;
			if (application.dfPath !== undefined) found.absolutePath = resolvePath(application.dfPath, object.path.path);
			documents.push(found);
		}
	}
	const result: Discovery = { application, dodfPaths, documents, otherEntries };
	if (tokenInfo) result.tokenInfo = tokenInfo;
	return result;
}
