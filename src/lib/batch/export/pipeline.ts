// The export: rows from the order (streamed), mapped to the template's placeholders, expanded, encoded and signed
// (CardRows), handed to one package kind, written into one zip as they come. Nothing but the current chunk of the
// order, the order reader's duplicate index, the zip's central directory and the kind's closing files is held:
// a row is packaged and forgotten.
//
// All or nothing: the sink receives the package's bytes as they are made, and the package is whole only when
// exportBatch resolves. When it rejects — the order refused as a whole (a Quantity mismatch found at its end), the
// AbortSignal, a write that failed — what the sink got is no package: the caller discards it (the CLI writes to
// a temporary file and renames it on success; the browser drops the chunks).
import type { Template } from '../../documents/template/index';
import { CardRows, fromOrderRejection, type SigningOptions } from '../card-rows';
import { BatchError } from '../error';
import { mapColumns, type MapEntry } from '../mapping';
import { openOrder, type OrderOptions, type OrderRow, type OrderSource, type OrderSummary } from '../orders/index';
import { RowRejected, type ExportedRow, type PackageEntry, type PackageKind, type RejectedRow } from '../packages/kind';
import { packageWriter, type PackageProtection, type PackageWriter } from '../packages/writer';
import type { Spool } from '../packages/spool';
import type { ByteSink } from '../packages/zip';

export interface ExportOptions extends SigningOptions {
	/** The map file's lines (parseColumnMap); default: every placeholder takes the column of its name. */
	readonly mapping?: readonly MapEntry[];
	/** Options of the order reader (format, separator, pySim column keys, …). */
	readonly order?: OrderOptions;
	/** AES-256 encryption of the package with this passphrase. */
	readonly protection?: PackageProtection;
	/**
	 * The user chose explicitly to write secrets in clear text. Without it, a package that holds secrets (the kind
	 * asked for secret columns, or the template puts a secret column into every document) needs `protection`.
	 */
	readonly clearText?: boolean;
	/**
	 * Where the zip's central directory waits for the end (default: memory, about 70 bytes a file). Give the
	 * package kind the same factory (its `spool` option) for its closing files: then nothing grows with the order
	 * in memory but the order reader's duplicate index.
	 */
	readonly spool?: () => Spool;
	/** Stops the export: exportBatch rejects with BatchError `aborted` at the next row. */
	readonly signal?: AbortSignal;
	/** Called for every reason a row is set aside, in order, as the package kind is told (the UI lists them). */
	readonly onSetAside?: (rejected: RejectedRow) => void;
	/** Called at most every `progressInterval` ms, and once at the end. */
	readonly onProgress?: (progress: ExportProgress) => void;
	/** Default 250 ms. */
	readonly progressInterval?: number;
	/** The order's size in the units `consumed` counts (a file's bytes; characters for text): progress gets an ETA. */
	readonly orderSize?: number;
	/** Clock in ms (default performance.now / Date.now): tests give their own. */
	readonly now?: () => number;
}

export interface ExportProgress {
	/** Data rows read (good and set aside). */
	readonly rows: number;
	/** Rows packaged. */
	readonly good: number;
	/** Rows set aside. */
	readonly rejected: number;
	/** Rows read per second since the start. */
	readonly rowsPerSecond: number;
	/** Bytes (or characters) of the order read: against the file's size, an ETA. */
	readonly consumed: number;
	readonly elapsedMs: number;
	/** Time left at the pace so far, from `consumed` against ExportOptions.orderSize; absent without it. */
	readonly etaMs?: number;
}

export interface ExportResult {
	readonly rows: number;
	readonly good: number;
	readonly rejected: number;
	/** Reasons recorded (a row set aside may have several). */
	readonly rejections: number;
	/** Files in the package. */
	readonly entries: number;
	readonly encrypted: boolean;
	readonly elapsedMs: number;
	readonly rowsPerSecond: number;
	readonly summary: OrderSummary;
}

function clock(): () => number {
	return typeof performance !== 'undefined' ? () => performance.now() : () => Date.now();
}

/** Whether a row's documents carry order secrets: a secret placeholder, or a placeholder fed by a secret column. */
function documentsHoldSecrets(template: Template, mapping: ReturnType<typeof mapColumns>): string | undefined {
	for (let i = 0; i < template.placeholders.length; i++) {
		const column = mapping.bindings[i].column;
		if (column?.secret === true) return `column ${column.name} (\${${template.placeholders[i].name}})`;
		if (template.placeholders[i].secret) return `\${${template.placeholders[i].name}}`;
	}
	return undefined;
}

async function write(writer: PackageWriter, entries: readonly PackageEntry[]): Promise<void> {
	for (const entry of entries) {
		if (entry.data instanceof Uint8Array) {
			if (entry.append === true) await writer.append(entry.path, entry.data);
			else await writer.add(entry.path, entry.data);
		} else await writer.addStream(entry.path, entry.data);
	}
}

/**
 * Exports an order through a template into one package of the given kind. Throws OrderError (the order refused),
 * BatchError (`bad-mapping`, `bad-option`, `aborted`); the sink's content is a package only when this resolves.
 */
export async function exportBatch(template: Template, source: OrderSource, kind: PackageKind, sink: ByteSink, options: ExportOptions = {}): Promise<ExportResult> {
	const now = options.now ?? clock();
	const started = now();
	const signal = options.signal;
	const stopped = (): BatchError => new BatchError('aborted', `the export was stopped after ${rows} rows: no package was written`);
	let rows = 0;
	// A function, not a property read: TypeScript would keep the first read's answer.
	const aborted = (): boolean => signal?.aborted === true;
	if (aborted()) throw stopped();
	const order = await openOrder(source, options.order);
	try {
		const header = order.header;
		const mapping = mapColumns(template.placeholders, header, options.mapping ?? []);
		const cards = new CardRows(template, header, mapping, { sec: options.sec, pinColumn: options.pinColumn, hmac: options.hmac, require: [...(options.require ?? []), ...(kind.requires ?? [])] });
		kind.check?.(header);
		const secret = documentsHoldSecrets(template, mapping);
		if (options.protection === undefined && options.clearText !== true) {
			if (secret !== undefined) throw new BatchError('bad-option', `every document holds a secret from ${secret}: give a passphrase to encrypt the package, or choose clear text explicitly`);
			if (kind.holdsSecrets) throw new BatchError('bad-option', `the ${kind.name} package holds the secrets asked for: give a passphrase to encrypt it, or choose clear text explicitly`);
		}
		const writer = packageWriter(sink, options.protection, options.spool === undefined ? {} : { directory: options.spool() });
		let good = 0;
		let rejected = 0;
		let rejections = 0;
		const interval = options.progressInterval ?? 250;
		let lastProgress = started;
		let consumed = 0;
		const progress = (force: boolean): void => {
			if (options.onProgress === undefined) return;
			const t = now();
			if (!force && t - lastProgress < interval) return;
			lastProgress = t;
			const elapsedMs = t - started;
			const size = options.orderSize;
			const eta = size !== undefined && consumed > 0 ? { etaMs: Math.max(0, (elapsedMs * (size - consumed)) / consumed) } : {};
			options.onProgress({ rows, good, rejected, consumed, elapsedMs, rowsPerSecond: elapsedMs > 0 ? (rows * 1000) / elapsedMs : 0, ...eta });
		};
		const setAside = async (records: readonly RejectedRow[]): Promise<void> => {
			rejected++;
			for (const r of records) {
				rejections++;
				options.onSetAside?.(r);
				await kind.setAside(r);
			}
		};
		const packageRow = async (row: ExportedRow): Promise<void> => {
			let entries: PackageEntry[];
			try {
				entries = await kind.entriesFor(row);
			} catch (error) {
				if (!(error instanceof RowRejected)) throw error;
				await setAside([{ row: row.row, line: row.line, reason: error.reason, code: error.code, ...(error.column === undefined ? {} : { column: error.column }) }]);
				return;
			}
			await write(writer, entries);
			good++;
		};
		const processRow = async (row: OrderRow): Promise<void> => {
			const result = await cards.process(row);
			if (result.ok) await packageRow(result.row);
			else await setAside(result.rejected);
		};

		const batches = order.batches();
		let summary: OrderSummary;
		for (;;) {
			const next = await batches.next();
			if (next.done === true) {
				summary = next.value;
				break;
			}
			const batch = next.value;
			consumed = batch.consumed;
			// Rows and the reader's rejections come apart, each in file order: merged by row number so the package
			// sees the order's rows in order.
			const accepted = batch.rows;
			const bad = batch.rejections;
			let g = 0;
			let b = 0;
			while (g < accepted.length || b < bad.length) {
				if (aborted()) throw stopped();
				if (b < bad.length && (g >= accepted.length || bad[b].row < accepted[g].row)) {
					const row = bad[b].row;
					const records: RejectedRow[] = [];
					while (b < bad.length && bad[b].row === row) records.push(fromOrderRejection(bad[b++]));
					rows++;
					await setAside(records);
				} else {
					rows++;
					await processRow(accepted[g++]);
				}
			}
			progress(false);
		}
		if (aborted()) throw stopped();
		await write(writer, await kind.finish({ rows, good, rejectedRows: rejected }));
		await writer.close();
		const elapsedMs = now() - started;
		progress(true);
		return { rows, good, rejected, rejections, entries: writer.entries, encrypted: options.protection !== undefined, elapsedMs, rowsPerSecond: elapsedMs > 0 ? (rows * 1000) / elapsedMs : 0, summary };
	} finally {
		await order.close();
	}
}
