// The CLI's side of the export pipeline (lib/batch exportBatch): the package kind chosen by --package, built with
// what --include-secrets asks for, its closing files spooled to disk (batch-spool.ts) so memory stays flat at any
// order size, and the package's bytes handed to the caller's sink (a temp file beside --out).
import {
	bureauPackage,
	exportBatch,
	ManufacturerPackage,
	openOrder,
	OtaPackage,
	type ColumnKey,
	type ExportResult,
	type MapEntry,
	type OrderSource,
	type PackageKind,
	type RejectedRow,
	type Spool
} from '../lib/batch';
import { createHmac } from 'node:crypto';
import type { Template } from '../lib/documents/template';
import type { Secret } from '../lib/security';
import type { ProgressCounts } from './batch-progress';
import type { BatchSigning } from './batch-signing';
import { FileSpool } from './batch-spool';

export const PACKAGE_KINDS = ['manufacturer', 'bureau', 'ota'] as const;
export type PackageKindName = (typeof PACKAGE_KINDS)[number];

export interface PipelineOptions {
	template: Template;
	source: OrderSource;
	entries: readonly MapEntry[];
	columnKeys: readonly ColumnKey[];
	kind: PackageKindName;
	signing: BatchSigning;
	/** The order's secret columns into the package (manufacturer secrets.csv, bureau ADM1 in the script). */
	includeSecrets: boolean;
	passphrase: Secret | undefined;
	/** Secrets written unencrypted, chosen explicitly. */
	clearText: boolean;
	/** Where the spool files live (the package's folder: same file system, same permissions). */
	spoolFolder: string;
	signal: AbortSignal;
	write(bytes: Uint8Array): void;
	onProgress(counts: ProgressCounts): void;
	/** Each reason a row is set aside, as the package records it. */
	onSetAside(rejected: RejectedRow): void;
}

/** The secret columns of an order, read from its header alone (the package kind is made before the rows). */
export async function secretColumns(source: OrderSource, columnKeys: readonly ColumnKey[]): Promise<string[]> {
	const order = await openOrder(source, { columnKeys });
	try {
		return order.header.columns.filter((c) => c.secret).map((c) => c.name);
	} finally {
		await order.close();
	}
}

function packageKind(name: PackageKindName, secrets: readonly string[] | undefined, spool: () => Spool): PackageKind {
	switch (name) {
		case 'manufacturer':
			return new ManufacturerPackage({ spool, ...(secrets === undefined ? {} : { secretColumns: secrets }) });
		case 'bureau':
			return bureauPackage({ keysInScript: secrets !== undefined });
		case 'ota':
			return new OtaPackage({ spool });
	}
}

/**
 * HMAC-SHA1 (RFC 2104) through node:crypto (OpenSSL): one synchronous call per row instead of WebCrypto's
 * importKey + sign promises; the same MACs (the oracle test checks them against openssl dgst).
 */
function nodeHmacSha1(key: Uint8Array, data: Uint8Array): Uint8Array {
	const digest = createHmac('sha1', key).update(data).digest();
	return new Uint8Array(digest.buffer, digest.byteOffset, digest.length);
}

export async function runPipeline(options: PipelineOptions, secrets: readonly string[] | undefined): Promise<ExportResult> {
	const spools: FileSpool[] = [];
	const spool = (): Spool => {
		const s = new FileSpool(options.spoolFolder);
		spools.push(s);
		return s;
	};
	try {
		const kind = packageKind(options.kind, secrets, spool);
		return await exportBatch(options.template, options.source, kind, { write: options.write }, {
			mapping: options.entries,
			// The zip's central directory (~70 bytes a file, two files a row) on disk too: memory stays flat.
			spool,
			order: { columnKeys: options.columnKeys },
			...(options.signing.sec === undefined ? {} : { sec: options.signing.sec, hmac: nodeHmacSha1 }),
			...(options.signing.pinColumn === undefined ? {} : { pinColumn: options.signing.pinColumn }),
			...(options.passphrase === undefined ? {} : { protection: { passphrase: options.passphrase.revealText() } }),
			clearText: options.clearText,
			signal: options.signal,
			onSetAside: options.onSetAside,
			progressInterval: 200,
			onProgress: (p) => options.onProgress({ rows: p.rows, rejected: p.rejected, consumed: p.consumed })
		});
	} finally {
		for (const s of spools) s.close();
	}
}
