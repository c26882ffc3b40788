// The Batch page's station job (issue 12 "a Batch page view of the same job"): the order written onto the cards in
// this server's readers, by the same station library as `pstudio batch run` (src/lib/batch/station), recorded in a
// SQLite job ledger in the station folder (PSTUDIO_STATION_DIR, else the server's temp folder). One job at a time per
// server: the readers belong to this machine. The ADM1 lives in the row source only (a Secret): never in an answer,
// a log or the ledger; the order's file is removed once read.
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { CardRows, csvField, mapColumns, openOrder, OrderError, type OrderHeader } from '../../batch';
import { LedgerError, reportRecord, type LedgerSeed, type LedgerStore } from '../../batch/ledger';
import { admColumn, OrderRowSource, Progress, readOrderRows, Station, type CardHandler, type SetAsideRow } from '../../batch/station';
import { openPcsc, profileNamed } from '../card-service';
import { compileCpTemplate, compileDmTemplate, type Template } from '../../documents/template';
import { Secret } from '../../security/secret';
import { PcscContext } from '../pcsc';
import { FeederCardHandler, ManualCardHandler } from './card-handler';
import { PcscReaderPort } from './pcsc-port';
import { defaultLedgerPath, openLedger } from '../ledger';
import { RequestError } from '../card-service/http';
import { admBytes, type AdmFormat } from '../../card/keys';
import type { RunStateJson } from '../../ui/batch/station-wire';
import { OrderUploads, orderPath, safeName, storageError, type ReceivedOrder } from './order-upload';

/** The report's columns, as `pstudio batch report` writes them (src/cli/batch-report.ts REPORT_HEADER). */
export const RUN_REPORT_HEADER = ['ICCID', 'station', 'reader', 'start', 'end', 'APDUs', 'outcome', 'status word'] as const;

export interface RunStartRequest {
	templateName: string;
	templateText: string;
	/** The order: its text in the request (a small one), or an upload finished through /api/batch/run/order. */
	order: { name: string; text: string } | { upload: string };
	adm: { source: 'column' } | { source: 'key'; format: AdmFormat; value: string };
	readers: 'all' | string[];
}


function isObject(v: unknown): v is Record<string, unknown> {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function text(body: Record<string, unknown>, name: string): string {
	const v = body[name];
	if (typeof v !== 'string' || v === '') throw new RequestError(`${name} is required (a non-empty string)`);
	return v;
}

/** POST /api/batch/run/start's body; every refusal names its field and never echoes the ADM1. */
export function parseRunStart(body: unknown): RunStartRequest {
	if (!isObject(body)) throw new RequestError('the body must be a JSON object');
	const adm = body.adm;
	if (!isObject(adm) || (adm.source !== 'column' && adm.source !== 'key')) throw new RequestError('adm must be { "source": "column" } or { "source": "key", "format": "digits"|"hex", "value": "…" }');
	let admOut: RunStartRequest['adm'];
	if (adm.source === 'column') admOut = { source: 'column' };
	else {
		if (adm.format !== 'digits' && adm.format !== 'hex') throw new RequestError('adm.format must be "digits" (8 decimal digits sent as ASCII) or "hex" (16 hex digits)');
		if (typeof adm.value !== 'string') throw new RequestError('adm.value is required');
		admOut = { source: 'key', format: adm.format, value: adm.value };
	}
	let readers: 'all' | string[] = 'all';
	if (Array.isArray(body.readers)) {
		if (!body.readers.every((r): r is string => typeof r === 'string' && r !== '')) throw new RequestError('readers must be "all" or a list of reader names');
		if (body.readers.length > 0) readers = body.readers;
	} else if (body.readers !== undefined && body.readers !== 'all') throw new RequestError('readers must be "all" or a list of reader names');
	let order: RunStartRequest['order'];
	if (body.orderUpload !== undefined) {
		if (typeof body.orderUpload !== 'string' || body.orderUpload === '') throw new RequestError('orderUpload must be the id /api/batch/run/order answered');
		order = { upload: body.orderUpload };
	} else order = { name: text(body, 'orderName'), text: text(body, 'orderText') };
	return { templateName: text(body, 'templateName'), templateText: text(body, 'templateText'), order, adm: admOut, readers };
}

/** Where the server's machine finds a finished card's way out: PSTUDIO_STATION_CARD_HANDLER=feeder:<socket>, else a person. */
function cardHandler(pcsc: PcscContext, stopping: () => boolean): CardHandler {
	const spec = process.env.PSTUDIO_STATION_CARD_HANDLER;
	if (spec !== undefined && spec.startsWith('feeder:') && spec.length > 'feeder:'.length) return new FeederCardHandler(spec.slice('feeder:'.length));
	return new ManualCardHandler(pcsc, stopping);
}

function stationDir(): string {
	return process.env.PSTUDIO_STATION_DIR ?? join(tmpdir(), 'pstudio-station');
}

class RunJob {
	state: RunStateJson['state'] = 'running';
	error: string | undefined;
	readonly progress = new Progress(Date.now);
	constructor(
		readonly order: string,
		readonly station: Station,
		readonly ledger: LedgerStore,
		readonly skipped: { line: number; reason: string }[]
	) {}
}

let job: RunJob | undefined;

/** Orders sent in pieces (src/lib/server/station/order-upload.ts), into the station folder. */
export const orderUploads = new OrderUploads(stationDir);

/** The order being read by a start request: its name, bytes read of its size and rows so far (the page polls them). */
let reading: Reading | undefined;

interface Reading {
	readonly name: string;
	/** 'order': the order file is read (bytes of size, rows so far); 'ledger': its rows go into a new ledger (rows). */
	phase: 'order' | 'ledger';
	bytes: number;
	readonly size: number;
	rows: number;
	/** 'ledger': the rows to enter. */
	total: number;
	stopped: boolean;
}

/** Seeds entered in a new ledger between two turns of the event loop: a 10-million-row ledger takes a minute to fill,
 *  and the server still answers the page's polls (and a Stop) meanwhile. */
const SEEDS_PER_TURN = 5000;

/** The ledger's seeds, counted into `now.rows`, ending with a RequestError once the start is stopped (the ledger's
 *  one transaction is then undone: no ledger is left). */
async function* enteredSeeds(seeds: Iterable<LedgerSeed>, now: Reading): AsyncGenerator<LedgerSeed> {
	for (const seed of seeds) {
		yield seed;
		if (++now.rows % SEEDS_PER_TURN === 0) {
			await new Promise((resolve) => setImmediate(resolve));
			if (now.stopped) throw new RequestError(`order ${now.name}: stopped while its ledger was filled; nothing was started`);
		}
	}
}

/** Rows set aside that the state lists (the count is always whole): a bad order can set aside millions. */
const SKIPPED_LISTED = 200;

/** The chunks of `source`, their bytes added to `progress` as they go by. */
async function* counted(source: AsyncIterable<Uint8Array>, progress: { bytes: number }): AsyncGenerator<Uint8Array> {
	for await (const chunk of source) {
		progress.bytes += chunk.length;
		yield chunk;
	}
}

/** The order of a start request: its bytes, its SHA-256 (which names its ledger: the same order sent again resumes
 *  the same ledger, like running `pstudio batch run` again), and `release` once it is read. */
interface StartOrder {
	readonly identity: string;
	readonly name: string;
	readonly size: number;
	chunks(): AsyncIterable<Uint8Array>;
	/** The start has read the order or given up: an uploaded order's file goes (it holds ADM1 and Ki). */
	release(): void;
}

function startOrder(order: RunStartRequest['order']): StartOrder {
	if ('upload' in order) {
		const received: ReceivedOrder = orderUploads.take(order.upload);
		let released = false;
		const release = (): void => {
			if (!released) orderUploads.release(received);
			released = true;
		};
		return { identity: received.identity, name: received.name, size: received.size, chunks: () => createReadStream(received.path), release };
	}
	// A small order came in the request itself: read from memory, never written.
	const bytes = Buffer.from(order.text);
	const identity = createHash('sha256').update(bytes).digest('hex');
	return {
		identity,
		name: order.name,
		size: bytes.length,
		chunks: async function* () {
			yield bytes;
		},
		release: () => {}
	};
}

/** Checks every input, opens the ledger and PC/SC, and starts the station; answers before the first card. */
export async function startRun(request: RunStartRequest): Promise<RunStateJson> {
	if (reading !== undefined || (job !== undefined && (job.state === 'running' || job.state === 'paused' || job.state === 'stopping'))) throw new RequestError('a run is already under way at this station: stop it first');
	const kindDm = request.templateText.replace(/^\uFEFF/, '').trimStart().startsWith('{') || !/<wap-provisioningdoc[\s>/]/.test(request.templateText);
	const compiled = kindDm ? compileDmTemplate(request.templateText, { rendering: { as: 'cp' } }) : compileCpTemplate(request.templateText);
	const errors = compiled.findings.filter((f) => f.severity === 'error');
	if (!compiled.ok || errors.length > 0) {
		const f = errors[0] ?? compiled.findings[0];
		throw new RequestError(`template ${request.templateName}: ${f === undefined ? 'cannot be compiled' : `${f.line > 0 ? `line ${f.line}: ` : ''}${f.message}`}`);
	}
	let adm: Secret | undefined;
	if (request.adm.source === 'key') {
		const checked = admBytes(request.adm.format, request.adm.value);
		if (!checked.ok) throw new RequestError(`adm: ${checked.problem}`);
		adm = new Secret('ADM1', checked.bytes);
	}
	const received = startOrder(request.order);
	// Until the station runs, the page's polls see the reading (and a second start is refused).
	const now: Reading = { name: received.name, phase: 'order', bytes: 0, size: received.size, rows: 0, total: 0, stopped: false };
	reading = now;
	try {
		return await readAndStart(request, compiled.template, adm, received, now);
	} finally {
		reading = undefined;
		received.release();
	}
}

/** Reads the order, fills its ledger, opens PC/SC and starts the station. */
async function readAndStart(request: RunStartRequest, template: Template, adm: Secret | undefined, received: StartOrder, now: Reading): Promise<RunStateJson> {
	const orderName = received.name;
	// Read as a stream, as `pstudio batch run` reads it (an order of 10 million rows is over 1 GB); the rows are held
	// packed (OrderRowSource).
	let rows: OrderRowSource;
	let header: OrderHeader;
	const skipped: SetAsideRow[] = [];
	try {
		const order = await openOrder(counted(received.chunks(), now), {});
		try {
			header = order.header;
			const mapping = mapColumns(template.placeholders, header, []);
			if (!mapping.ok) throw new RequestError(`order ${orderName}: ${mapping.findings[0]?.message ?? 'the columns do not fit the template'}`);
			if (adm === undefined && admColumn(header) === undefined) throw new RequestError(`order ${orderName}: no ADM1 column (ADM1, ADM, PIN_ADM or PIN_ADM_HEX): enter one ADM1 key for the order`);
			const cardRows = new CardRows(template, header, mapping, { require: ['iccid'] });
			rows = new OrderRowSource(header, cardRows, adm === undefined ? {} : { adm });
			await readOrderRows(
				order,
				rows,
				(row) => skipped.push(row),
				() => {
					now.rows = order.summary()?.rows ?? now.rows;
					if (now.stopped) throw new RequestError(`order ${orderName}: stopped while it was read; nothing was started`);
				}
			);
		} finally {
			await order.close();
			received.release();
		}
	} catch (e) {
		if (e instanceof RequestError) throw e;
		if (e instanceof OrderError) throw new RequestError(`order ${orderName}: ${e.message}`);
		if (e instanceof Error && 'syscall' in e) throw new RequestError(`order ${orderName}: the station cannot read it back (${String((e as NodeJS.ErrnoException).code)})`, 507);
		throw new RequestError(`order ${orderName}: ${e instanceof Error ? e.message : String(e)}`);
	}
	if (rows.size === 0) throw new RequestError(`order ${orderName}: no row with an ICCID: nothing to write`);

	const identity = received.identity;
	let ledger: LedgerStore;
	const dir = stationDir();
	const ledgerPath = defaultLedgerPath(orderPath(dir, identity, orderName));
	const fresh = !existsSync(ledgerPath);
	try {
		mkdirSync(dir, { recursive: true, mode: 0o700 });
	} catch (e) {
		throw storageError(dir, e);
	}
	try {
		ledger = await openLedger(ledgerPath, ledgerPath);
	} catch (e) {
		if (e instanceof LedgerError) throw new RequestError(`ledger: ${e.message}`);
		throw e;
	}
	try {
		now.phase = 'ledger';
		now.rows = 0;
		now.total = rows.size;
		await ledger.init({ identity, name: orderName }, enteredSeeds(rows.seeds(), now));
	} catch (e) {
		await ledger.close();
		// A new ledger whose filling was undone (stopped, a duplicate): its empty file goes too.
		if (fresh) for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${ledgerPath}${suffix}`, { force: true });
		if (e instanceof LedgerError) throw new RequestError(`ledger: ${e.message}`);
		throw e;
	}
	let pcsc: PcscContext;
	try {
		// No pcscd: CardServiceError PCSC_UNAVAILABLE, which serveCard answers 503 as for every card endpoint.
		pcsc = openPcsc();
	} catch (e) {
		await ledger.close();
		throw e;
	}
	let stationRef: Station | undefined;
	const station = new Station({
		station: hostname(),
		ledger,
		rows,
		profile: profileNamed(undefined),
		port: new PcscReaderPort(pcsc),
		handler: cardHandler(pcsc, () => stationRef?.stopping ?? false),
		readers: request.readers,
		onEvent: (event) => current?.progress.update(event)
	});
	stationRef = station;
	const current: RunJob = new RunJob(orderName, station, ledger, skipped);
	job = current;
	station
		.run()
		.then((summary) => {
			current.state = summary.stopped ? 'stopped' : 'done';
		})
		.catch((e: unknown) => {
			current.state = 'failed';
			current.error = e instanceof LedgerError ? `ledger: ${e.message}` : 'the run failed (see the server log)';
			if (!(e instanceof LedgerError)) console.error(e instanceof Error ? e.name : 'error');
		})
		.finally(() => {
			pcsc.close();
		});
	return runState();
}

export function runState(): RunStateJson {
	if (reading !== undefined) return { state: 'reading', order: reading.name, reading: { phase: reading.phase, bytes: reading.bytes, size: reading.size, rows: reading.rows, total: reading.total }, readers: [], skipped: [], reportReady: false };
	if (job === undefined) return { state: 'idle', readers: [], skipped: [], reportReady: false };
	return {
		state: job.state,
		order: job.order,
		progress: job.progress.order(),
		readers: job.progress.readers(),
		skipped: job.skipped.slice(0, SKIPPED_LISTED),
		skippedCount: job.skipped.length,
		...(job.error === undefined ? {} : { error: job.error }),
		reportReady: true
	};
}

export function controlRun(action: 'pause' | 'resume' | 'stop'): RunStateJson {
	// A start still reading its order: Stop ends the reading (the start answers so); there is nothing to pause yet.
	if (reading !== undefined) {
		if (action !== 'stop') throw new RequestError(`the order is still being read: nothing to ${action} yet`);
		reading.stopped = true;
		return runState();
	}
	const j = job;
	if (j === undefined || (j.state !== 'running' && j.state !== 'paused' && j.state !== 'stopping')) throw new RequestError(`no run under way to ${action}`);
	if (action === 'pause') {
		j.station.pause();
		j.state = 'paused';
	} else if (action === 'resume') {
		j.station.resume();
		if (j.state === 'paused') j.state = 'running';
	} else {
		j.station.stop();
		j.state = 'stopping';
	}
	return runState();
}

/** The report CSV of the last run, the columns of `pstudio batch report`. */
export async function runReport(): Promise<{ name: string; csv: string }> {
	const j = job;
	if (j === undefined) throw new RequestError('no run yet: nothing to report');
	const lines: string[] = [RUN_REPORT_HEADER.join(',') + '\n'];
	for await (const row of j.ledger.report()) lines.push(reportRecord(row).slice(1, 1 + RUN_REPORT_HEADER.length).map(csvField).join(',') + '\n');
	return { name: `${safeName(j.order).replace(/\.[A-Za-z0-9]+$/, '')}-report.csv`, csv: lines.join('') };
}
