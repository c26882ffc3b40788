// CardFiles (what the PKCS#15 layer needs) over a CardSession on a UICC (CLA 00, TS 102 221). It remembers what
// each SELECT told it, so selecting a file again costs one `P2 0C` APDU instead of SELECT + GET RESPONSE, and it
// counts APDUs per file for the write report. Chunk sizes start at the short-APDU maximum (READ Le 00 = 256,
// UPDATE Lc 255, apdu.md §3) and step down when the card answers 6700 wrong length.
import { CardError } from '../error';
import type { CardSession } from '../session';
import { SW } from '../status-words';
import { readBinary as readBinaryApdu, updateBinary as updateBinaryApdu } from '../ts102221/binary';
import { parseFcp, type Fcp } from '../ts102221/fcp';
import { readRecord as readRecordApdu, updateRecord as updateRecordApdu } from '../ts102221/record';
import { createFile } from '../ts102222/create-file';
import type { CardFiles, FileInfo } from '../pkcs15';

const MF = 0x3f00;
/** Read and write chunk sizes tried in order when the card answers 6700 (a T=0 reader may refuse Le 00). */
const READ_CHUNKS = [256, 255, 128, 64, 32];
const UPDATE_CHUNKS = [255, 128, 64, 32];

function hex4(fid: number): string {
	return fid.toString(16).toUpperCase().padStart(4, '0');
}

/** "3F00 7F50 6E01" for messages and report keys. */
export function fidsText(fids: readonly number[]): string {
	return fids.map(hex4).join(' ');
}

/** 2-byte FIDs of a PKCS#15 path. */
export function fidsOf(path: Uint8Array): number[] {
	if (path.length === 0 || path.length % 2 !== 0) {
		throw new CardError('APDU_ARGUMENT', `path of ${path.length} bytes is not a sequence of 2-byte file IDs`);
	}
	const out: number[] = [];
	for (let i = 0; i < path.length; i += 2) out.push((path[i] << 8) | path[i + 1]);
	return out;
}

export function fileInfoOf(fcp: Fcp): FileInfo {
	const d = fcp.descriptor;
	const s = d?.structure;
	const structure: FileInfo['structure'] =
		s === 'df' || s === 'transparent' || s === 'linear-fixed' || s === 'cyclic' ? s : 'other';
	const info: FileInfo = { structure };
	if (structure === 'transparent' && fcp.fileSize !== undefined) info.size = fcp.fileSize;
	if (d?.recordLength !== undefined) info.recordLength = d.recordLength;
	if (d?.numberOfRecords !== undefined) info.recordCount = d.numberOfRecords;
	return info;
}

function isWrongLength(e: unknown): boolean {
	return e instanceof CardError && e.code === 'STATUS' && (e.sw === SW.WRONG_LENGTH || (e.sw !== undefined && e.sw >> 8 === 0x67));
}

export class SessionCardFiles implements CardFiles {
	/** Absolute path (text) → what its SELECT answered. */
	private readonly known = new Map<string, FileInfo>();
	/** Absolute FIDs of the current DF, undefined after a SELECT by AID (the card knows, we do not). */
	private currentDf: number[] | undefined = [MF];
	private current: { path?: number[]; info: FileInfo } | undefined;
	/** The file of the latest SELECT, set before it is sent: an error while selecting names the file wanted. */
	private target: string | undefined;
	private readChunk = 0;
	private updateChunk = 0;
	/** APDUs sent while each file was the current one (its SELECTs included), keyed by fidsText of the path. */
	readonly apdusByFile = new Map<string, number>();
	/** Told before every UPDATE BINARY / UPDATE RECORD, for progress events. */
	onWrite?: (file: string | undefined, bytes: number) => void;

	constructor(readonly session: CardSession) {}

	/** Largest chunks the card has accepted so far (for reports). */
	get chunkSizes(): { read: number; update: number } {
		return { read: READ_CHUNKS[this.readChunk], update: UPDATE_CHUNKS[this.updateChunk] };
	}

	/** Absolute FIDs for a path as CardFiles defines it (3F00… absolute, anything else relative to the current DF). */
	absolute(path: Uint8Array): number[] | undefined {
		const fids = fidsOf(path);
		if (fids[0] === MF) return fids;
		return this.currentDf === undefined ? undefined : [...this.currentDf, ...fids];
	}

	private async counted<T>(key: string | undefined, run: () => Promise<T>): Promise<T> {
		const before = this.session.trace.entries.length;
		try {
			return await run();
		} finally {
			if (key !== undefined) this.apdusByFile.set(key, (this.apdusByFile.get(key) ?? 0) + this.session.trace.entries.length - before);
		}
	}

	async selectPath(path: Uint8Array): Promise<FileInfo> {
		const fids = fidsOf(path);
		const abs = this.absolute(path);
		const key = abs === undefined ? undefined : fidsText(abs);
		const cached = key === undefined ? undefined : this.known.get(key);
		this.target = key;
		// P1 08: path from MF without 3F00; P1 09: path from the current DF (TS 102 221 §11.1.1.2).
		const fromMf = fids[0] === MF;
		const rest = fromMf ? fids.slice(1) : fids;
		const p1 = rest.length === 0 ? 0x00 : fromMf ? 0x08 : 0x09;
		const data = Uint8Array.from((rest.length === 0 ? [MF] : rest).flatMap((f) => [f >> 8, f & 0xff]));
		const name = fromMf ? 'SELECT PATH' : 'SELECT';
		const info = await this.counted(key, async () => {
			if (cached) {
				await this.session.send({ cla: 0x00, ins: 0xa4, p1, p2: 0x0c, data }, { name });
				return cached;
			}
			const res = await this.session.send({ cla: 0x00, ins: 0xa4, p1, p2: 0x04, data, le: 256 }, { name });
			return fileInfoOf(parseFcp(res.data));
		});
		if (key !== undefined) this.known.set(key, info);
		if (info.structure === 'df') {
			this.currentDf = abs;
			this.current = undefined;
		} else {
			this.currentDf = abs?.slice(0, -1);
			this.current = { path: abs, info };
		}
		return info;
	}

	async selectAid(aid: Uint8Array): Promise<FileInfo> {
		if (aid.length < 1 || aid.length > 16) throw new CardError('APDU_ARGUMENT', `AID of ${aid.length} bytes, expected 1..16`);
		const res = await this.session.send({ cla: 0x00, ins: 0xa4, p1: 0x04, p2: 0x04, data: aid, le: 256 }, { name: 'SELECT AID' });
		const info = fileInfoOf(parseFcp(res.data));
		this.target = undefined;
		this.currentDf = undefined;
		this.current = undefined;
		return info;
	}

	/** The file last selected (or being selected) as "3F00 7F50 6E01", when known. */
	get currentFile(): string | undefined {
		return this.target;
	}

	private currentKey(): string | undefined {
		return this.current?.path === undefined ? undefined : fidsText(this.current.path);
	}

	private requireEf(what: string): FileInfo {
		if (!this.current) throw new CardError('APDU_ARGUMENT', `${what}: no EF selected through this adapter`);
		return this.current.info;
	}

	async readBinary(offset: number, length: number): Promise<Uint8Array> {
		this.requireEf('READ BINARY');
		return this.counted(this.currentKey(), async () => {
			for (;;) {
				try {
					const out = await readBinaryApdu(this.session, offset, length, { readChunk: READ_CHUNKS[this.readChunk] });
					if (out.length !== length) {
						throw new CardError('RESPONSE_MALFORMED', `READ BINARY: the EF ended after ${out.length} of ${length} bytes from offset ${offset}`);
					}
					return out;
				} catch (e) {
					if (!isWrongLength(e) || this.readChunk === READ_CHUNKS.length - 1) throw e;
					this.readChunk++;
				}
			}
		});
	}

	async updateBinary(offset: number, data: Uint8Array): Promise<void> {
		const info = this.requireEf('UPDATE BINARY');
		// With the range checked here, a 6700 can only mean "chunk too long for this card/reader".
		if (info.size !== undefined && offset + data.length > info.size) {
			throw new CardError('APDU_ARGUMENT', `UPDATE BINARY: ${data.length} bytes at offset ${offset} pass the end of the ${info.size}-byte EF`);
		}
		this.onWrite?.(this.currentKey(), data.length);
		await this.counted(this.currentKey(), async () => {
			for (;;) {
				try {
					await updateBinaryApdu(this.session, offset, data, { updateChunk: UPDATE_CHUNKS[this.updateChunk] });
					return;
				} catch (e) {
					if (!isWrongLength(e) || this.updateChunk === UPDATE_CHUNKS.length - 1) throw e;
					this.updateChunk++;
				}
			}
		});
	}

	private recordLength(what: string): number {
		const info = this.requireEf(what);
		if (info.recordLength === undefined) throw new CardError('APDU_ARGUMENT', `${what}: the current EF is ${info.structure}, not a record EF`);
		return info.recordLength;
	}

	readRecord(record: number): Promise<Uint8Array> {
		const length = this.recordLength('READ RECORD');
		return this.counted(this.currentKey(), () => readRecordApdu(this.session, record, length));
	}

	updateRecord(record: number, data: Uint8Array): Promise<void> {
		const length = this.recordLength('UPDATE RECORD');
		if (data.length !== length) throw new CardError('APDU_ARGUMENT', `UPDATE RECORD: ${data.length} bytes for a ${length}-byte record`);
		this.onWrite?.(this.currentKey(), data.length);
		return this.counted(this.currentKey(), () => updateRecordApdu(this.session, record, data));
	}

	/**
	 * TS 102 222 §6.3 CREATE FILE in the DF at `dfPath` (absolute); the new file becomes the current one.
	 * The FCP is the caller's (createEfFcp / createDfFcp).
	 */
	async create(dfPath: Uint8Array, fcp: Uint8Array, childFid: number): Promise<void> {
		await this.selectPath(dfPath);
		const df = fidsOf(dfPath);
		const key = fidsText([...df, childFid]);
		await this.counted(key, () => createFile(this.session, fcp));
		// What the new file is, we learn from the card on the next SELECT rather than trusting our own FCP.
		this.known.delete(key);
		this.current = undefined;
		this.currentDf = undefined;
	}
}
