// Reading an order from wherever it comes from — a browser File (in a Web Worker), a Node stream, text — one
// chunk at a time: openOrder reads until the columns are known, then batches() hands out the rows and rejections
// chunk by chunk, decrypting pySim's encrypted columns on the way (WebCrypto, asynchronous). Nothing but the
// current chunk and the duplicate index is held, so a 1-million-row order streams through in constant memory.
import { checkColumnKeys, ColumnDecryptor, type ColumnKey } from './column-keys';
import { OrderCore, type OrderBatch, type OrderHeader, type OrderParserOptions, type OrderSummary } from './parser';
import { OrderError, type OrderRejection } from './error';
import type { OrderRow } from './rows';

export type OrderChunk = string | Uint8Array;

/** Text, bytes, a Blob or File, or chunks of text or bytes from an iterable, an async iterable or a ReadableStream. */
export type OrderSource = OrderChunk | Blob | Iterable<OrderChunk> | AsyncIterable<OrderChunk> | ReadableStream<OrderChunk>;

export interface OrderOptions extends OrderParserOptions {
	/** pySim column keys (`--column-key FIELD:HEX`, see parseColumnKey). */
	readonly columnKeys?: readonly ColumnKey[];
}

/** An order being read. */
export interface Order {
	readonly header: OrderHeader;
	/**
	 * The rows and rejections, a batch per chunk read, in file order; returns the summary. Throws OrderError when the
	 * order as a whole is refused (a Quantity mismatch is found at the end, after the rows): an export must then
	 * write nothing. Call it once.
	 */
	batches(): AsyncGenerator<OrderBatch, OrderSummary, undefined>;
	/** What was read so far (the whole summary once batches() has returned). */
	summary(): OrderSummary | undefined;
	/** Stops reading and releases the source (a ReadableStream is cancelled). */
	close(): Promise<void>;
}

/** Larger chunks are cut so that one batch never holds more than this many characters' (or bytes') rows. */
export const PIECE = 1 << 16;

interface Pieces {
	next(): Promise<OrderChunk | undefined>;
	close(): Promise<void>;
}

function isAsyncIterable(x: object): x is AsyncIterable<OrderChunk> {
	return Symbol.asyncIterator in x;
}

function isIterable(x: object): x is Iterable<OrderChunk> {
	return Symbol.iterator in x;
}

/** The source as pieces of at most PIECE units, pulled one at a time. */
function pieces(source: OrderSource): Pieces {
	let pull: () => Promise<OrderChunk | undefined>;
	let release: () => Promise<void> = async () => undefined;
	if (typeof source === 'string' || source instanceof Uint8Array) {
		let given = false;
		pull = async () => (given ? undefined : ((given = true), source));
	} else if (typeof Blob !== 'undefined' && source instanceof Blob) {
		return pieces(source.stream() as ReadableStream<Uint8Array>);
	} else if (typeof ReadableStream !== 'undefined' && source instanceof ReadableStream) {
		// getReader() rather than async iteration: Safari's ReadableStream is not async iterable.
		const reader = (source as ReadableStream<OrderChunk>).getReader();
		pull = async () => {
			const { done, value } = await reader.read();
			return done ? undefined : value;
		};
		release = async () => {
			await reader.cancel().catch(() => undefined);
		};
	} else if (isAsyncIterable(source)) {
		const iterator = source[Symbol.asyncIterator]();
		pull = async () => {
			const { done, value } = await iterator.next();
			return done ? undefined : value;
		};
		release = async () => {
			await iterator.return?.();
		};
	} else if (isIterable(source)) {
		const iterator = source[Symbol.iterator]();
		pull = async () => {
			const { done, value } = iterator.next();
			return done ? undefined : value;
		};
		release = async () => {
			iterator.return?.();
		};
	} else {
		throw new TypeError('an order source is text, bytes, a Blob, or an iterable or stream of text or bytes');
	}
	let current: OrderChunk | undefined;
	let at = 0;
	return {
		async next() {
			while (current === undefined || at >= current.length) {
				current = await pull();
				at = 0;
				if (current === undefined) return undefined;
				if (typeof current !== 'string' && !(current instanceof Uint8Array)) {
					throw new TypeError('an order source gives text or bytes (Uint8Array) chunks');
				}
			}
			const piece = at === 0 && current.length <= PIECE ? current : typeof current === 'string' ? current.slice(at, at + PIECE) : current.subarray(at, at + PIECE);
			at += piece.length;
			return piece;
		},
		close: release
	};
}

/** Opens an order: reads until its columns are known (header row, or var_out) and checks the column keys. */
export async function openOrder(source: OrderSource, options: OrderOptions = {}): Promise<Order> {
	const keys = options.columnKeys ?? [];
	const decryptor = keys.length > 0 ? new ColumnDecryptor(keys) : undefined;
	await decryptor?.prepare();
	const core = new OrderCore(options, {
		encrypted: (key) => decryptor?.has(key) ?? false,
		columns: (columns) => checkColumnKeys(keys, columns)
	});
	const input = pieces(source);
	let ended = false;
	// A refusal found while reading a chunk comes after the rows that chunk completed before it.
	let refusal: unknown;
	try {
		while (core.header === undefined) {
			const chunk = await input.next();
			if (chunk === undefined) {
				ended = true;
				core.end();
				break;
			}
			core.push(chunk);
		}
	} catch (e) {
		if (core.header === undefined) {
			await input.close();
			throw e;
		}
		refusal = e;
	}
	const header = core.header!;
	let started = false;

	async function* batches(): AsyncGenerator<OrderBatch, OrderSummary, undefined> {
		if (started) throw new Error('Order.batches() can be called once');
		started = true;
		try {
			for (;;) {
				const batch = core.takeWithPending();
				if (batch.pending.length > 0) await decryptor!.decrypt(batch.pending);
				if (batch.rows.length > 0 || batch.rejections.length > 0) yield { rows: batch.rows, rejections: batch.rejections, consumed: batch.consumed };
				if (refusal !== undefined) throw refusal;
				if (ended) break;
				const chunk = await input.next();
				try {
					if (chunk === undefined) {
						ended = true;
						core.end();
					} else core.push(chunk);
				} catch (e) {
					refusal = e;
				}
			}
			return core.summary!;
		} finally {
			if (!ended) await input.close();
		}
	}

	return {
		header,
		batches,
		summary: () => core.partialSummary(),
		close: () => input.close()
	};
}

/** A whole order in memory: for small orders, previews and tests (a 1-million-row order should use openOrder). */
export interface WholeOrder {
	readonly header: OrderHeader;
	readonly rows: readonly OrderRow[];
	readonly rejections: readonly OrderRejection[];
	/** Complete, or what was read before `error`. */
	readonly summary: OrderSummary;
	/** The order refused as a whole after its header was read (a Quantity mismatch, a row too long): the rows and
	 * rejections read before it are kept. An order refused before its header is thrown by readWholeOrder. */
	readonly error?: OrderError;
}

export async function readWholeOrder(source: OrderSource, options: OrderOptions = {}): Promise<WholeOrder> {
	const order = await openOrder(source, options);
	const rows: OrderRow[] = [];
	const rejections: OrderRejection[] = [];
	const iterator = order.batches();
	for (;;) {
		let next: IteratorResult<OrderBatch, OrderSummary>;
		try {
			next = await iterator.next();
		} catch (e) {
			if (!(e instanceof OrderError)) throw e;
			return { header: order.header, rows, rejections, summary: order.summary()!, error: e };
		}
		if (next.done === true) return { header: order.header, rows, rejections, summary: next.value };
		for (const row of next.value.rows) rows.push(row);
		for (const r of next.value.rejections) rejections.push(r);
	}
}
