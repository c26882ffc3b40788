// `pstudio batch run`: the order written onto cards at the station (issue 12). Every card put in any reader is
// identified by its ICCID, matched to its row, written with the row's documents (the same expansion and signing as
// `batch export`), read back, compared, and recorded in the job ledger (SQLite file, or PostgreSQL for several
// stations). Ctrl-C stops after the current cards; Ctrl-C again stops at once (the ledger stays consistent: each
// transition is committed before the next card step, and the next run reconciles what was under way).
import { createHash, type Hash } from 'node:crypto';
import { hostname } from 'node:os';
import { CardRows, openOrder, type Order, type OrderHeader } from '../lib/batch';
import { LedgerError, type LedgerStore } from '../lib/batch/ledger';
import { admColumn, OrderRowSource, Progress, readOrderRows, Station, type CardHandler, type StationEvent } from '../lib/batch/station';
import { PcscContext, pcscThreads } from '../lib/server/pcsc';
import { FeederCardHandler, ManualCardHandler, PcscReaderPort } from '../lib/server/station';
import { describeLedger, openLedger } from '../lib/server/ledger';
import { echoed } from '../lib/text';
import { UsageError, type ParsedArgs } from './args';
import { bindColumns, loadMap, loadTemplate, openOrderFile, orderFailureLines } from './batch-inputs';
import { COMMON_HELP, COMMON_OPTIONS, columnKeys, listOption, parseBatchArgs, requiredOption, stringOption, type Values } from './batch-options';
import { readBatchSec, SIGNING_HELP, SIGNING_OPTIONS } from './batch-signing';
import { admOption, keyOptions, profileOption } from './card-options';
import { displayName, PROGRAM } from './report';
import type { Streams } from './streams';

const COMMAND = 'batch run';
/** How often a line says how far the reading of a large order is. */
const READING_EVERY = 5000;

export const batchRunHelp = `Usage: pstudio batch run --template <T> --orders <F> [--ledger <L>] [--readers all|NAME…] [options]

Writes the order onto cards at the station: each card in any reader is identified by its ICCID, matched to
its row, written with that row's documents (the expansion and signing of 'batch export'), read back and
compared, and recorded in the job ledger. One worker per reader; readers plugged in during the run join.
Cards not in the order, or whose row is done, are refused and left untouched. A failed card is set aside
with the command and status word; a wrong ADM is never tried twice (the tries left are reported).
A run stopped or crashed is resumed by running the same command again: a card left half-written is read
first, and a card that already holds its documents is marked verified without a second write.

Options:
${COMMON_HELP}
${SIGNING_HELP}
  --ledger <L>            the job ledger: a SQLite file (default: <orders>.ledger.sqlite next to the
                          order) or postgres://user@host/db (several stations on one order)
  --readers <NAME>        a PC/SC reader to use, repeatable; 'all' (default) uses every reader
  --station <NAME>        this station's name in the ledger and report (default: the host name); a run
                          lets go of the claims its name holds on its readers (its crashed predecessor's)
  --adm <key>, --adm-hex <hex>, --adm-file <file>
                          ADM1 for rows without an ADM1 column value (the order's ADM1 column wins):
                          8 digits sent as ASCII (pySim --adm) or exactly 16 hex digits (pySim --adm-hex)
  --pin1 <digits>, --pin1-file <file>
                          PIN1, when the card wants it before writing
  --profile <id>          PKCS#15 profile: oma-provsc (default, DF 7F50) or oma-provsc-5015
  --force-last-retry      present a key even with one try left (may block it)
  --card-handler <H>      what takes a finished card out: 'manual' (default: a person; the station waits
                          until the reader is empty) or feeder:<socket> (the simulator's card feeder)
  --lease <seconds>       how long a claimed row is held without news from this station (default 60)
  -h, --help              show this help

Progress goes to stderr: a line per card, and every 2 s the order (done, failed, left, cards/min, ETA).
Ctrl-C stops after the current cards; Ctrl-C twice stops at once. Ctrl-Z (SIGTSTP) pauses, SIGCONT resumes.
Exit status: 0 every row of the order verified; 1 some rows set aside (failed), a reader taken out of
  rotation or none left; 2 bad usage or bad input (nothing written); 130 stopped by Ctrl-C before the order was done.
`;

const OPTIONS = {
	...COMMON_OPTIONS,
	...SIGNING_OPTIONS,
	ledger: { type: 'string' },
	readers: { type: 'string', multiple: true },
	station: { type: 'string' },
	adm: { type: 'string' },
	'adm-hex': { type: 'string' },
	'adm-file': { type: 'string' },
	pin1: { type: 'string' },
	'pin1-file': { type: 'string' },
	profile: { type: 'string' },
	'force-last-retry': { type: 'boolean' },
	'card-handler': { type: 'string' },
	lease: { type: 'string' },
	quiet: { type: 'boolean' }
} as const;

/** card-options.ts reads keys from the hand-rolled ParsedArgs; the same values, handed over. */
function keyArgs(values: Values): ParsedArgs {
	const map = new Map<string, string>();
	for (const name of ['adm', 'adm-hex', 'adm-file', 'pin1', 'pin1-file', 'profile']) {
		const v = stringOption(values, name);
		if (v !== undefined) map.set(name, v);
	}
	const flags = new Set<string>();
	if (values['force-last-retry'] === true) flags.add('force-last-retry');
	return { positionals: [], values: map, flags };
}

function minutes(ms: number): string {
	const s = Math.round(ms / 1000);
	return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

function eventLine(event: StationEvent): string | undefined {
	switch (event.type) {
		case 'reader-joined':
			return `reader ${echoed(event.reader)}: joined`;
		case 'reader-dropped':
			return `reader ${echoed(event.reader)}: gone`;
		case 'reader-out':
			return `reader ${echoed(event.reader)}: taken out of rotation: ${event.reason}`;
		case 'card': {
			const o = event.outcome;
			const who = `reader ${echoed(event.reader)}: ${o.iccid ?? 'card'}`;
			const took = `${(event.ms / 1000).toFixed(1)} s`;
			switch (o.kind) {
				case 'verified':
					return `${who} verified${o.reconciled ? ' (found written: not written again)' : ''} (${took}, ${o.apdus} APDUs)`;
				case 'failed': {
					const tries = o.auth?.triesLeft === undefined ? '' : `; ${o.auth.triesLeft} ${o.auth.triesLeft === 1 ? 'try' : 'tries'} left`;
					return `${who} set aside${o.auth !== undefined ? ' (authentication: not retried)' : ''}: ${o.reason}${tries}`;
				}
				case 'refused':
					return `${who} refused: ${o.reason}`;
				case 'reader-error':
					return `${who}: reader failed: ${o.reason}`;
			}
			return undefined;
		}
		default:
			return undefined;
	}
}

function orderLine(progress: Progress): string {
	const o = progress.order();
	const readers = progress
		.readers()
		.map((r) => `${r.reader} ${r.iccid ?? '-'} ${r.state} ${r.cardsPerMinute.toFixed(1)}/min`)
		.join('; ');
	return `order: ${o.done} done, ${o.failed} failed, ${o.left} left of ${o.total}, ${o.cardsPerMinute.toFixed(1)} cards/min${o.etaMs === undefined ? '' : `, ETA ${minutes(o.etaMs)}`}${readers === '' ? '' : ` | ${readers}`}`;
}

/** The order file's chunks, each added to `hash` as it goes by. */
async function* hashed(stream: AsyncIterable<Uint8Array>, hash: Hash, read: { bytes: number }): AsyncGenerator<Uint8Array> {
	for await (const chunk of stream) {
		hash.update(chunk);
		read.bytes += chunk.length;
		yield chunk;
	}
}

/** While a large order is read: a line every READING_EVERY ms (rows so far, and how much of the file), else none. */
function readingLine(file: string, size: number, read: { bytes: number }, order: Order): () => string | undefined {
	let next = Date.now() + READING_EVERY;
	return () => {
		const now = Date.now();
		if (now < next) return undefined;
		next = now + READING_EVERY;
		const rows = order.summary()?.rows ?? 0;
		const part = size > 0 ? ` (${Math.min(100, Math.floor((read.bytes / size) * 100))}% of the file)` : '';
		return `${PROGRAM}: reading ${displayName(file)}: ${rows.toLocaleString('en-US')} rows so far${part}\n`;
	};
}

/** --card-handler: undefined for a person at the reader, else the feeder's control socket. */
function feederSocket(text: string | undefined): string | undefined {
	if (text === undefined || text === 'manual') return undefined;
	if (text.startsWith('feeder:') && text.length > 'feeder:'.length) return text.slice('feeder:'.length);
	throw new UsageError(`--card-handler must be 'manual' or feeder:<socket>; found ${echoed(text)}`, COMMAND);
}

export async function runBatchRun(argv: readonly string[], io: Streams): Promise<number> {
	const { values, positionals } = parseBatchArgs(argv, OPTIONS, COMMAND);
	if (values.help === true) {
		io.stdout(batchRunHelp);
		return 0;
	}
	if (positionals.length > 0) throw new UsageError(`batch run takes no file names (found ${JSON.stringify(positionals[0])}): give --template and --orders`, COMMAND);
	const templateFile = requiredOption(values, 'template', COMMAND);
	const ordersFile = requiredOption(values, 'orders', COMMAND);
	// The ledger belongs to the order file (named after it, keyed by its content): a pipe cannot be resumed.
	if (ordersFile === '-') throw new UsageError("batch run reads the order from a file, not from standard input ('-'): its ledger belongs to that file", COMMAND);
	const mapFile = stringOption(values, 'map');
	const keys = columnKeys(values, COMMAND);
	const signing = readBatchSec(values, COMMAND);
	const ledgerSpec = stringOption(values, 'ledger');
	const station = stringOption(values, 'station') ?? hostname();
	if (station === '' || station.length > 64 || /[\u0000-\u001f\u007f]/.test(station)) throw new UsageError('--station must be 1 to 64 printable characters', COMMAND);
	const readerList = listOption(values, 'readers');
	const readers: 'all' | string[] = readerList.length === 0 || readerList.includes('all') ? 'all' : readerList;
	const leaseText = stringOption(values, 'lease') ?? '60';
	if (!/^[1-9][0-9]{0,4}$/.test(leaseText)) throw new UsageError(`--lease must be a whole number of seconds from 1 to 99999; found ${JSON.stringify(leaseText)}`, COMMAND);
	const leaseMs = Number(leaseText) * 1000;
	const args = keyArgs(values);
	const keyOpts = keyOptions(args, COMMAND);
	const adm = args.values.has('adm') || args.values.has('adm-hex') || args.values.has('adm-file') ? admOption(args, COMMAND) : undefined;
	const profile = profileOption(args, COMMAND);
	const feeder = feederSocket(stringOption(values, 'card-handler'));

	const quiet = values.quiet === true;

	// Inputs first, all of them, before a reader or the ledger is touched: a bad input changes nothing. The order is
	// read as a stream (an order of 10 million rows is over 1 GB, more than Node holds in one string) and hashed on the
	// way: its SHA-256 names the ledger's order.
	let rows: OrderRowSource;
	let header: OrderHeader;
	let identity: string;
	try {
		const loaded = loadTemplate(templateFile);
		const entries = loadMap(mapFile);
		const file = openOrderFile(ordersFile);
		const hash = createHash('sha256');
		const read = { bytes: 0 };
		const order = await openOrder(hashed(file.stream, hash, read), { columnKeys: keys });
		try {
			header = order.header;
			const mapping = bindColumns(loaded, header, entries, { template: templateFile, ...(mapFile === undefined ? {} : { map: mapFile }) });
			const cardRows = new CardRows(loaded.template, header, mapping, { ...signing, require: ['iccid'] });
			rows = new OrderRowSource(header, cardRows, { ...(adm === undefined ? {} : { adm }), ...(keyOpts.pin1 === undefined ? {} : { pin1: keyOpts.pin1 }) });
			const reading = quiet ? undefined : readingLine(ordersFile, file.size, read, order);
			await readOrderRows(
				order,
				rows,
				(row) => io.stderr(`${PROGRAM}: ${displayName(ordersFile)}:${row.line}: ${row.reason} (row not in the ledger)\n`),
				() => {
					const line = reading?.();
					if (line !== undefined) io.stderr(line);
				}
			);
		} finally {
			await order.close();
		}
		identity = hash.digest('hex');
	} catch (err) {
		const lines = orderFailureLines(ordersFile, err);
		if (lines === undefined) throw err;
		for (const line of lines) io.stderr(line);
		return 2;
	}
	if (adm === undefined && admColumn(header) === undefined) {
		throw new UsageError('writing needs the ADM1 key: an ADM1 column in the order, or --adm <8 digits|16 hex>, --adm-hex <16 hex> or --adm-file <file>', COMMAND);
	}
	if (rows.size === 0) {
		io.stderr(`${PROGRAM}: ${displayName(ordersFile)}: no row with an ICCID: nothing to write\n`);
		return 2;
	}

	let ledger: LedgerStore;
	try {
		ledger = await openLedger(ledgerSpec, ordersFile);
		// A new ledger of 10 million rows takes a minute or two to fill: say what the wait is.
		if (!quiet && rows.size >= 100_000) io.stderr(`${PROGRAM}: ledger ${echoed(ledger.where)}: ${rows.size.toLocaleString('en-US')} rows (entered once, when the ledger is new)\n`);
		await ledger.init({ identity, name: displayName(ordersFile) }, rows.seeds());
	} catch (e) {
		if (e instanceof LedgerError) {
			io.stderr(`${PROGRAM}: ledger ${echoed(describeLedger(ledgerSpec, ordersFile))}: ${e.message}\n`);
			return 2;
		}
		throw e;
	}

	let pcsc: PcscContext;
	try {
		pcsc = PcscContext.open();
	} catch (e) {
		await ledger.close();
		io.stderr(`${PROGRAM}: PC/SC is not available (is pcscd running?): ${e instanceof Error ? e.message : String(e)}\n`);
		return 1;
	}
	const progress = new Progress(Date.now);
	// More readers than PC/SC calls can run at once (bin/pstudio.js says why): said once, with the way out.
	const threads = pcscThreads();
	const present = new Set<string>();
	let threadsSaid = false;
	let stopRequests = 0;
	let stationRef: Station | undefined;
	const handler: CardHandler = feeder === undefined ? new ManualCardHandler(pcsc, () => stationRef?.stopping ?? false) : new FeederCardHandler(feeder);
	const stationRun = new Station({
		station,
		ledger,
		rows,
		profile,
		port: new PcscReaderPort(pcsc),
		handler,
		readers,
		leaseMs,
		...(keyOpts.force === true ? { force: true } : {}),
		onEvent: (event) => {
			progress.update(event);
			const line = quiet ? undefined : eventLine(event);
			if (line !== undefined) io.stderr(`${line}\n`);
			if (event.type === 'reader-joined') present.add(event.reader);
			else if (event.type === 'reader-dropped') present.delete(event.reader);
			if (!threadsSaid && present.size > threads) {
				threadsSaid = true;
				io.stderr(`${PROGRAM}: ${present.size} readers and ${threads} thread${threads === 1 ? '' : 's'} for PC/SC calls (UV_THREADPOOL_SIZE): at most ${threads} reader${threads === 1 ? '' : 's'} work${threads === 1 ? 's' : ''} at once; start it as npx pstudio (64 threads) or node bin/pstudio.js with UV_THREADPOOL_SIZE=${present.size + 4}\n`);
			}
		}
	});
	stationRef = stationRun;
	const onInt = (): void => {
		stopRequests++;
		if (stopRequests === 1) {
			io.stderr(`${PROGRAM}: stopping after the current cards (Ctrl-C again to stop now)\n`);
			stationRun.stop();
		} else {
			// Every transition is committed before the next card step: the next run reconciles the rest.
			io.stderr(`${PROGRAM}: stopped now; run the same command again to resume\n`);
			process.exit(130);
		}
	};
	const onTstp = (): void => {
		stationRun.pause();
		io.stderr(`${PROGRAM}: paused after the current cards (SIGCONT resumes: 'fg' or 'kill -CONT ${process.pid}')\n`);
	};
	const onCont = (): void => {
		if (!stationRun.paused) return;
		stationRun.resume();
		io.stderr(`${PROGRAM}: resumed\n`);
	};
	process.on('SIGINT', onInt);
	process.on('SIGTERM', onInt);
	process.on('SIGTSTP', onTstp);
	process.on('SIGCONT', onCont);
	const ticker = quiet ? undefined : setInterval(() => io.stderr(`${orderLine(progress)}\n`), 2000);
	try {
		const summary = await stationRun.run();
		if (!quiet) io.stderr(`${orderLine(progress)}\n`);
		const c = summary.counts;
		io.stdout(`${c.verified} verified, ${c.failed} set aside, ${c.pending + c.claimed + c.writing} left of ${c.total} (ledger ${ledger.where})\n`);
		if (summary.stopped && stopRequests > 0) return 130;
		// Set aside rows, a reader out of rotation, or rows left with no reader to take them: 1.
		return c.failed > 0 || summary.stopped || summary.readers.some((r) => r.out !== undefined) ? 1 : 0;
	} catch (e) {
		if (e instanceof LedgerError) {
			io.stderr(`${PROGRAM}: ledger ${echoed(ledger.where)}: ${e.message}\n`);
			return 1;
		}
		throw e;
	} finally {
		if (ticker !== undefined) clearInterval(ticker);
		process.off('SIGINT', onInt);
		process.off('SIGTERM', onInt);
		process.off('SIGTSTP', onTstp);
		process.off('SIGCONT', onCont);
		// pcsclite keeps the process alive when its context is closed before it has announced the readers (a run on
		// an order already done ends within milliseconds): let it list them first, then close every one.
		if (pcsc.readerNames().length === 0) await pcsc.listReaders(1, 2000).catch(() => undefined);
		pcsc.close();
		await ledger.close();
	}
}
