// `pstudio batch plan` and the Batch page's preview: what an export would do, with nothing written. The order is
// read whole (streamed, constant memory) so the counts are the export's own: every row goes through the same
// CardRows as the export (order checks, mapping, expansion, signature), and only the first rows are kept.
import type { RowFinding, Template } from '../documents/template/index';
import { CardRows, fromOrderRejection, identityColumns, type IdentityColumns, type SigningOptions } from './card-rows';
import { BatchError } from './error';
import { mapColumns, type ColumnMapping, type MapEntry } from './mapping';
import { openOrder, OrderError, type OrderBatch, type OrderHeader, type OrderOptions, type OrderRow, type OrderSource, type OrderSummary } from './orders/index';
import type { RejectedRow } from './packages/kind';

/** `require`: give the package kind's `requires` (manufacturer: iccid, OTA: msisdn) so the counts are the export's. */
export interface PlanOptions extends SigningOptions {
	/** How many of the order's first rows to show (good and set aside). Default 10. */
	readonly previewRows?: number;
	/** Options of the order reader (format, separator, pySim column keys, …). */
	readonly order?: OrderOptions;
	/** Stops reading: planBatch rejects with BatchError `aborted`. */
	readonly signal?: AbortSignal;
	/** Called after each chunk of the order with the rows read so far. */
	readonly onProgress?: (counts: PlanCounts) => void;
}

/** One of the first rows of the order, as the export would take it. */
export interface PreviewRow {
	readonly row: number;
	readonly line: number;
	readonly ok: boolean;
	/** The value each placeholder would take, in the template's placeholder order; a Secret shows as `****`. */
	readonly values: readonly (string | undefined)[];
	/** The reasons the row is set aside (empty when ok). */
	readonly rejected: readonly RejectedRow[];
	/** The expansion's findings (warnings on a good row). */
	readonly findings: readonly RowFinding[];
}

export interface PlanCounts {
	/** Data rows read (good and set aside). */
	readonly rows: number;
	/** Rows the export would package. */
	readonly good: number;
	/** Rows set aside (by the order reader, the template or the signature). */
	readonly rejected: number;
}

export interface BatchPlan {
	readonly header: OrderHeader;
	readonly mapping: ColumnMapping;
	/** The ICCID, IMSI, MSISDN and PIN columns the export names rows by and signs with. */
	readonly identity: IdentityColumns;
	readonly preview: readonly PreviewRow[];
	/** With a mapping that has findings, no row is expanded: good counts the rows the order reader accepted. */
	readonly counts: PlanCounts;
	/** The reader's summary (what it read before `error`, if any). */
	readonly summary: OrderSummary | undefined;
	/** The order refused as a whole after its header (a Quantity mismatch, a truncated file): an export would write nothing. */
	readonly error?: OrderError;
}

const MASK = '****';

/**
 * Reads the order through the template and the mapping; writes nothing. Throws OrderError when the order cannot be
 * opened (no header), BatchError for a signing choice that cannot work or `aborted`.
 */
export async function planBatch(template: Template, source: OrderSource, mapEntries: readonly MapEntry[] | undefined, options: PlanOptions = {}): Promise<BatchPlan> {
	const wanted = options.previewRows ?? 10;
	const signal = options.signal;
	signal?.throwIfAborted?.();
	const order = await openOrder(source, options.order);
	const header = order.header;
	const mapping = mapColumns(template.placeholders, header, mapEntries ?? []);
	let rows: CardRows | undefined;
	let identity: IdentityColumns;
	try {
		identity = identityColumns(header, options.pinColumn);
		if (mapping.ok) {
			rows = new CardRows(template, header, mapping, options);
			identity = rows.identity;
		}
	} catch (error) {
		await order.close();
		throw error;
	}
	const preview: PreviewRow[] = [];
	let read = 0;
	let good = 0;
	let rejected = 0;
	let error: OrderError | undefined;
	const shown = (row: OrderRow): (string | undefined)[] => mapping.values(row).map((v) => (v === undefined ? undefined : typeof v === 'string' ? v : MASK));
	const iterator = order.batches();
	try {
		for (;;) {
			if (signal?.aborted) throw new BatchError('aborted', 'the plan was stopped');
			let next: IteratorResult<OrderBatch, OrderSummary>;
			try {
				next = await iterator.next();
			} catch (e) {
				if (!(e instanceof OrderError)) throw e;
				error = e;
				break;
			}
			if (next.done === true) break;
			const batch = next.value;
			// The reader's rejections of this chunk by row; rows set aside there have no OrderRow.
			const setAside = new Map<number, RejectedRow[]>();
			for (const r of batch.rejections) {
				const list = setAside.get(r.row);
				if (list === undefined) setAside.set(r.row, [fromOrderRejection(r)]);
				else list.push(fromOrderRejection(r));
			}
			rejected += setAside.size;
			read += setAside.size + batch.rows.length;
			const previewed = new Map<number, PreviewRow>();
			if (preview.length < wanted) for (const [row, list] of setAside) previewed.set(row, { row, line: list[0].line, ok: false, values: [], rejected: list, findings: [] });
			for (const row of batch.rows) {
				if (rows === undefined) {
					good++;
					if (preview.length < wanted) previewed.set(row.row, { row: row.row, line: row.line, ok: true, values: shown(row), rejected: [], findings: [] });
					continue;
				}
				const result = await rows.process(row);
				if (result.ok) good++;
				else rejected++;
				if (preview.length < wanted) {
					previewed.set(row.row, {
						row: row.row,
						line: row.line,
						ok: result.ok,
						values: shown(row),
						rejected: result.ok ? [] : result.rejected,
						findings: result.ok ? result.row.findings : result.findings
					});
				}
			}
			if (previewed.size > 0) {
				for (const p of [...previewed.values()].sort((a, b) => a.row - b.row)) if (preview.length < wanted) preview.push(p);
			}
			options.onProgress?.({ rows: read, good, rejected });
		}
	} finally {
		await order.close();
	}
	return { header, mapping, identity, preview, counts: { rows: read, good, rejected }, summary: order.summary(), ...(error === undefined ? {} : { error }) };
}
