// The JSON the studio's /api/card endpoints speak, shared by the server (src/lib/server/card-service/http.ts) and
// the Card page. Bytes travel as uppercase hex; ADM and PIN travel only in requests and never come back.
import type { AdmFormat } from '../../card/keys';

export interface ReaderJson {
	name: string;
	present: boolean;
	atr?: string;
	/**
	 * A slot of the vpcd driver on the server's machine (simulated-reader.ts): the reader the studio's simulated
	 * card is attached to. Only then does the page show the simulator's TEST keys.
	 */
	simulated?: boolean;
}

export interface IdentityJson {
	atr?: string;
	iccid?: string;
	imsi?: string;
	/** Why a field is missing ("IMSI: ... 6982 security status not satisfied"). */
	notes: string[];
}

/** One exchange of the APDU trace; VERIFY data is "****" (card/trace.ts). */
export interface TraceLineJson {
	command: string;
	capdu: string;
	response: string;
	/** "63C9 verification failed, 9 retries left". */
	status: string;
}

export interface ErrorJson {
	/** CardError / Pkcs15Error / service code, 'BAD_REQUEST', 'BAD_DOCUMENT', 'PAYLOAD_TOO_LARGE', 'FORBIDDEN' or 'INTERNAL'. */
	code: string;
	message: string;
	/** The command that failed, e.g. "VERIFY ADM1 00 20 00 0A 08 ****". */
	apdu?: string;
	/** SW1SW2 as 4 hex digits. */
	sw?: string;
	/** Tries left for the key, from a 63CX answer (TS 102 221 §10.2.1.4). */
	retriesLeft?: number;
}

export interface FileReportJson {
	role: string;
	label: string;
	fid: string;
	path: string;
	oid?: string;
	record?: number;
	created: boolean;
	contentBytes: number;
	bytesWritten: number;
	apdus: number;
	verified: boolean;
	mismatchAt?: number;
}

export interface ReportJson {
	profile: string;
	identity: IdentityJson;
	files: FileReportJson[];
	verified: boolean;
	apdus: number;
	chunks: { read: number; update: number };
}

export interface ReadDocumentJson {
	oid: string;
	label?: string;
	path: string;
	/** Bytes of the EF as read, padding included. */
	fileBytes: number;
	/** The document without the erased tail. */
	hex: string;
	xml?: string;
	problem?: string;
}

/** A document to write: XML text (the server encodes it) or WBXML bytes as hex. */
export type DocumentJson = { xml: string } | { wbxmlHex: string };

export interface WriteRequestJson {
	reader?: string;
	documents: { bootstrap: DocumentJson; config1?: DocumentJson; config2?: DocumentJson };
	/** ADM1 as typed: 8 decimal digits ("88888888") or 16 hex digits ("3838383838383838"), as admFormat says. */
	adm: string;
	/** How adm is read (keys.ts): "digits" = ASCII bytes, like pySim --adm; "hex" = the bytes, like pySim --adm-hex. */
	admFormat: AdmFormat;
	pin1?: string;
	force?: boolean;
	profile?: string;
	/** Write the bytes as they are, without checking that each is a PROV or SyncML document (issue 8 §6). */
	raw?: boolean;
	/**
	 * The ICCID of the card the confirmation was read from: the server reads EF.ICCID before any key is presented
	 * and refuses (409 CARD_CHANGED) when another card is in the reader now.
	 */
	expectIccid?: string;
}

export interface ReadRequestJson {
	reader?: string;
	pin1?: string;
	force?: boolean;
	profile?: string;
}

/** POST /api/card/plan: what the card holds now, read without a key, for the page's pre-write comparison. */
export type PlanRequestJson = ReadRequestJson;

/** One transparent EF as the card holds it (provisioning/plan.ts FileNow). */
export type CardFileJson =
	| { state: 'missing' }
	| { state: 'present'; size: number; hex: string }
	| { state: 'unreadable'; size?: number; reason: string };

export interface CardSnapshotJson {
	profile: string;
	serialNumberHex?: string;
	dir: { state: 'missing' } | { state: 'present'; recordLength: number; records: string[] } | { state: 'unreadable'; reason: string };
	dfExists: boolean;
	files: Record<'odf' | 'tokenInfo' | 'dodf' | 'bootstrap' | 'config1' | 'config2', CardFileJson>;
}

export interface InfoRequestJson {
	reader?: string;
	pin1?: string;
	force?: boolean;
}

interface Answer {
	ok: boolean;
	reader?: string;
	error?: ErrorJson;
	trace: TraceLineJson[];
}

export interface InfoResponseJson extends Answer {
	identity?: IdentityJson;
}

export interface WriteResponseJson extends Answer {
	report?: ReportJson;
}

export interface ReadResponseJson extends Answer {
	identity?: IdentityJson;
	selectedBy?: string;
	documents?: ReadDocumentJson[];
}

export interface PlanResponseJson extends Answer {
	identity?: IdentityJson;
	snapshot?: CardSnapshotJson;
}

export interface ReadersResponseJson {
	readers: ReaderJson[];
	error?: ErrorJson;
}
