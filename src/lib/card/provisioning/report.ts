// What a write tells its caller: per file what was written, how many APDUs it took and whether the read-back
// matched, plus the card identity. Paths are display text ("3F00 7F50 6E01"); bytes stay Uint8Array until
// reportJson turns them into hex at the edge.
import { toHex } from '../../codec/hex';
import type { LayoutRole } from '../pkcs15';
import type { CardIdentity } from './identity';

export interface FileReport {
	role: LayoutRole | 'dir';
	/** PKCS#15 object label or file name: "Bootstrap", "DODF", "EF.DIR". */
	label: string;
	/** FID as 4 hex digits, e.g. "6E01". */
	fid: string;
	/** Absolute path, e.g. "3F00 7F50 6E01". */
	path: string;
	/** The document's OID (documents only). */
	oid?: string;
	/** EF.DIR: the record written. */
	record?: number;
	/** CREATE FILE was needed (TS 102 222 §6.3). */
	created: boolean;
	/** Bytes of real content (document, DER structure or DIR template). */
	contentBytes: number;
	/** Bytes sent: the content FF-filled to the EF (or record) size, so nothing of an older, longer version is left. */
	bytesWritten: number;
	/** Every APDU sent while this file was current: SELECTs, CREATE, UPDATEs and the read-back. */
	apdus: number;
	/** The read-back equals bytesWritten byte for byte. */
	verified: boolean;
	/** First differing offset when not verified. */
	mismatchAt?: number;
}

export interface ProvisionReport {
	profile: string;
	identity: CardIdentity;
	files: FileReport[];
	/** Every file verified. */
	verified: boolean;
	/** APDUs of the whole operation (identity, VERIFY, probing, writing, read-back). */
	apdus: number;
	/** Largest READ / UPDATE chunk the card accepted. */
	chunks: { read: number; update: number };
}

/** The report as JSON with bytes in hex (for the CLI and the UI). It holds no secret: the ADM/PIN never enter it. */
export function reportJson(report: ProvisionReport, indent?: number): string {
	return JSON.stringify(report, (_key, value: unknown) => (value instanceof Uint8Array ? toHex(value) : value), indent);
}
