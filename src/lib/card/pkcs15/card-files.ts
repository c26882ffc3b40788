// What the PKCS#15 layer needs from a card, and nothing more. The card session (APDU layer) adapts itself to
// this interface; tests use an in-memory implementation. All offsets and lengths are in bytes.

export type FileStructure = 'df' | 'transparent' | 'linear-fixed' | 'cyclic' | 'other';

/** The parts of a SELECT response (FCP tag 82/80, or the GSM 51.011 §9.2.1 header) this layer uses. */
export interface FileInfo {
	structure: FileStructure;
	/** Transparent EF: number of data bytes (FCP 80 / GSM bytes 3-4). */
	size?: number;
	/** Record EF: record length and count (FCP 82 bytes 3-5 / GSM byte 15). */
	recordLength?: number;
	recordCount?: number;
}

export interface CardFiles {
	/**
	 * Selects a file. A path starting with 3F00 is absolute from the MF (SELECT P1=08, or FID by FID on a GSM
	 * SIM); any other path is relative to the current DF (P1=09, or FID by FID). Rejects (throws) when the file
	 * does not exist or cannot be selected; the error passes through unchanged.
	 */
	selectPath(path: Uint8Array): Promise<FileInfo>;
	/** SELECT by DF name (P1=04). Absent on readers/cards without AID selection (classic GSM SIM). */
	selectAid?(aid: Uint8Array): Promise<FileInfo>;
	/** Exactly `length` bytes of the current transparent EF from `offset`; the adapter splits into APDUs (≤256 B). */
	readBinary(offset: number, length: number): Promise<Uint8Array>;
	/** One whole record (1-based, absolute mode P2=04) of the current record EF. */
	readRecord(record: number): Promise<Uint8Array>;
	/** Writes `data` at `offset` of the current transparent EF; the adapter splits into APDUs (≤255 B). */
	updateBinary(offset: number, data: Uint8Array): Promise<void>;
	/** Replaces one whole record (absolute mode) of the current record EF. */
	updateRecord(record: number, data: Uint8Array): Promise<void>;
}
