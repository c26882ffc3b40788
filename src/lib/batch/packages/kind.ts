// What a package kind is: the receiver's layout of an export (manufacturer "Provisioning Content", bureau per-card
// data, operator OTA). The export pipeline (export/) reads the order, maps, expands, encodes and signs each row,
// then hands the rows to ONE package kind, in order, and writes what it returns into one streaming zip
// (packages/zip.ts): deterministic, ZIP64 when needed, AES-256 when the package carries secrets.
//
// For the helpers writing a kind (bureau, …) — the contract:
//  - entriesFor(row) is called once per good row, in order (row numbers rise). Return that row's files; they are
//    written to the zip in the order returned, right away. Do not keep rows: an order has up to 10 million.
//  - setAside(rejected) is called once per reason a row was set aside (a row may have several), in order. Record
//    what you need (manufacturer: a rejected.csv line); keep it small.
//  - finish() is called once, after the last row, when the order was read whole: return the closing files
//    (manifest, rejected list). A file too large to hold (one line per row) is given as a Spool's stream (spool.ts),
//    filled as the rows went by. An aborted or refused export never calls finish(): no package is written.
//  - A row the kind cannot package (an MSISDN no SMS can be addressed to, a document too long for 255 SMS) is
//    set aside by throwing RowRejected from entriesFor: the pipeline records it like any other and goes on.
//  - An entry with `append: true` continues the file of the same path that the previous entry wrote (one file
//    streamed over many rows, e.g. the OTA kind's pdus.csv); any other entry in between closes it.
//  - `secrets`: what the user asked to put in the package (ADM keys, PINs, Ki/OPc, AAuthSecret). A kind puts a
//    secret in a file only when it is asked here; the zip is then AES-256 encrypted (unless clear text was chosen
//    explicitly). A Secret is revealed only into the bytes of a file, never into a path or a message.
//  - Paths: `/`-separated, relative, no `..`; the same inputs must give the same paths and bytes (the package is
//    byte-identical from one run to the next: no dates, no random numbers, no Map iteration over hashes).
import type { WbxmlLanguage } from '../../codec/wbxml/index';
import type { RowFinding } from '../../documents/template/index';
import type { SecMethod, Secret } from '../../security/index';
import type { OrderHeader, OrderValue } from '../orders/index';

/** One file of a package. */
export interface PackageEntry {
	/** Path inside the zip: `/`-separated, relative. */
	readonly path: string;
	/** The file's bytes, or a stream of them (a Spool's, for files of one line per row). */
	readonly data: Uint8Array | ReadableStream<Uint8Array>;
	/** The bytes continue the file of this path the previous entry wrote (see the contract above). */
	readonly append?: boolean;
}

/** Thrown by PackageKind.entriesFor for a row the kind cannot package: the row is set aside with this reason. */
export class RowRejected extends Error {
	override readonly name = 'RowRejected';
	constructor(
		/** Stable code (the underlying error's, e.g. an OtaErrorCode). */
		readonly code: string,
		/** One line, never a secret's value. */
		readonly reason: string,
		/** The order column at fault, by name. */
		readonly column?: string
	) {
		super(reason);
	}
}

/** One document of a row: the template filled with the row's values. */
export interface ExportedDocument {
	/** The WBXML as sent, the bytes the MAC is over (secrets of the template included). */
	readonly wbxml: Uint8Array;
	/** The same document as XML text (made on demand: not every kind needs it). */
	xml(): string;
	/** PROV (a CP document) or SYNCML12 (a DM bootstrap). */
	readonly language: WbxmlLanguage;
	/** HMAC-SHA1 of wbxml under the row's key, 40 uppercase hex (ProvBoot §5); absent when the export is unsigned. */
	readonly mac?: string;
}

/** A secret column of the row, as Secret (never text). */
export interface RowSecret {
	/** The column's name as the order writes it (ADM1, PIN1, KI, …). */
	readonly column: string;
	readonly value: Secret;
}

/** A good row, ready to be packaged. */
export interface ExportedRow {
	/** Position among the order's data rows, 1-based (set-aside rows count too). */
	readonly row: number;
	/** Line of the order file where the row starts. */
	readonly line: number;
	readonly iccid: string;
	readonly imsi?: string;
	readonly msisdn?: string;
	/** The row's documents (one per template; today one). */
	readonly documents: readonly ExportedDocument[];
	/** The SEC method the documents are signed with; absent when unsigned. */
	readonly sec?: SecMethod;
	/** The MAC of the first document (documents[0].mac), for manifests. */
	readonly mac?: string;
	/** The order's secret columns of this row (empty cells left out), in column order. */
	readonly secrets: readonly RowSecret[];
	/** Warnings and notes of the expansion (nothing that sets the row aside). */
	readonly findings: readonly RowFinding[];
	/** Any column of the row by name (any case); undefined for an empty cell or no such column. */
	value(column: string): OrderValue | undefined;
}

/** One reason a row was set aside (the order reader's, the template's, or the signature's). */
export interface RejectedRow {
	readonly row: number;
	readonly line: number;
	/** The order column at fault, by its name; absent when the row as a whole is (wrong number of values). */
	readonly column?: string;
	/** One line, without the place; never a secret's value. */
	readonly reason: string;
	/** Stable code: an OrderErrorCode, a template rule id, or a BootstrapErrorCode. */
	readonly code: string;
}

/** What a package kind is given when the order has been read whole. */
export interface ExportTotals {
	readonly rows: number;
	readonly good: number;
	readonly rejectedRows: number;
}

/** The receiver's layout of an export. See the contract at the top of this file. */
export interface PackageKind {
	/** `manufacturer`, `bureau`, `ota`. */
	readonly name: string;
	/** Whether the package holds secrets (then it is encrypted unless clear text was chosen explicitly). */
	readonly holdsSecrets: boolean;
	/**
	 * Identity columns every row must have a value in: the export refuses an order without the column (BatchError
	 * `bad-option`) and sets aside a row whose cell is empty, before entriesFor sees it.
	 */
	readonly requires?: readonly ('iccid' | 'imsi' | 'msisdn')[];
	/** Called once with the order's header before any row: throw BatchError `bad-option` for a column it lacks. */
	check?(header: OrderHeader): void;
	entriesFor(row: ExportedRow): PackageEntry[] | Promise<PackageEntry[]>;
	setAside(rejected: RejectedRow): void | Promise<void>;
	finish(totals: ExportTotals): PackageEntry[] | Promise<PackageEntry[]>;
}
