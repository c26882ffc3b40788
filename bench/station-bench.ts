// The station (issue 12, "Performance"): cards/s of `pstudio batch run` with 1, 2 and 4 simulated readers in one
// run — a private pcscd with 4 vpcd readers (scripts/card/pcsc-private.sh), the simulator's card feeder
// (run-feeder.ts) with a stack per slot, the real CLI in a child process with a SQLite ledger. Per reader count: the
// cards/s from the first card's start to the last card's end (the ledger's report times), the ratio to one reader
// (target 4 readers ≥ 3.5×), the APDUs per card against the lower bound the file sizes force, and where a card's
// time goes: in the card steps (ledger start→end: PC/SC round trips) versus the hand-over (feeder ejects, its
// 900 ms gap, pcscd noticing the next card). Needs root (unshare), like the card tests.
//   npx tsx bench/station-bench.ts [--cards 16] [--port 38400]
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { READERS, STATION_TEMPLATE as TEMPLATE, startFeeder, startPrivatePcscd, stationOrder, stopPrivatePcscd } from '../tests/fixtures/station/station-kit';
import { option } from './options';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(ROOT, 'bin', 'pstudio.js');
const CARDS_PER_READER = Number(option('--cards', '8'));
const PORT = Number(option('--port', '38400'));

// Files the write fills (default simulator profile, smartcard-provisioning.md §2): every byte written once by
// UPDATE BINARY (≤ 255 bytes an APDU) and read back once by READ BINARY (≤ 256), the EF.DIR record once each way.
const FILE_SIZES = { 'EF.Bootstrap': 2048, 'EF.DODF': 512, 'EF.TokenInfo': 128, 'EF.ODF': 128 };
const LOWER_BOUND = Object.values(FILE_SIZES).reduce((n, size) => n + Math.ceil(size / 255) + Math.ceil(size / 256), 0) + 2;


interface Result {
	readers: number;
	cards: number;
	seconds: number;
	cardsPerSecond: number;
	apdus: number;
	cardSeconds: number;
}

async function runWith(dir: string, socket: string, readers: number): Promise<Result> {
	const cards = CARDS_PER_READER * readers;
	const orders = join(dir, `order-${readers}.csv`);
	writeFileSync(orders, stationOrder(readers * 1000, cards));
	const used = READERS.slice(0, readers);
	const feeder = await startFeeder({ folder: dir, name: `feeder-${readers}`, orders, port: PORT, readers: used });
	const control = feeder.control;
	try {
		const ledger = join(dir, `ledger-${readers}.sqlite`);
		const env = { ...process.env, PCSCLITE_CSOCK_NAME: socket };
		const run = spawnSync(process.execPath, [CLI, 'batch', 'run', '--template', join(dir, 'template.xml'), '--orders', orders, '--ledger', ledger, '--station', 'bench', '--quiet', '--card-handler', `feeder:${control}`, ...used.flatMap((r) => ['--readers', r])], { env, encoding: 'utf8' });
		if (run.status !== 0) throw new Error(`batch run exited ${run.status}: ${run.stderr}`);
		const csv = execFileSync(process.execPath, [CLI, 'batch', 'report', '--ledger', ledger], { encoding: 'utf8' });
		const rows = csv.trimEnd().split('\n').slice(1).map((l) => l.split(','));
		const starts = rows.map((r) => Date.parse(r[3]));
		const ends = rows.map((r) => Date.parse(r[4]));
		const seconds = (Math.max(...ends) - Math.min(...starts)) / 1000;
		const cardSeconds = rows.reduce((t, r) => t + (Date.parse(r[4]) - Date.parse(r[3])), 0) / 1000 / rows.length;
		return { readers, cards, seconds, cardsPerSecond: cards / seconds, apdus: rows.reduce((t, r) => t + Number(r[5]), 0) / rows.length, cardSeconds };
	} finally {
		await feeder.stop();
	}
}

const dir = mkdtempSync(join(tmpdir(), 'pstudio-station-bench-'));
writeFileSync(join(dir, 'template.xml'), TEMPLATE);
const socket = await startPrivatePcscd(join(dir, 'pcscd'), PORT);
const load = (): string => (spawnSync('cat', ['/proc/loadavg'], { encoding: 'utf8' }).stdout.split(' ')[0] ?? '?');
try {
	const results: Result[] = [];
	for (const readers of [1, 2, 4]) results.push(await runWith(dir, socket, readers));
	const one = results[0].cardsPerSecond;
	console.log(`station: pstudio batch run, ${CARDS_PER_READER} cards per reader, SQLite ledger, card feeder gap 900 ms; load ${load()}`);
	console.log('readers | cards | seconds | cards/s | × 1 reader | APDUs/card (bound) | s in card steps | s hand-over per card');
	for (const r of results) {
		const cycle = (r.seconds * r.readers) / r.cards;
		console.log(
			`${String(r.readers).padStart(7)} | ${String(r.cards).padStart(5)} | ${r.seconds.toFixed(1).padStart(7)} | ${r.cardsPerSecond.toFixed(3).padStart(7)} | ${(r.cardsPerSecond / one).toFixed(2).padStart(10)} | ${r.apdus.toFixed(0).padStart(10)} (${LOWER_BOUND}) | ${r.cardSeconds.toFixed(2).padStart(15)} | ${Math.max(0, cycle - r.cardSeconds).toFixed(2).padStart(20)}`
		);
	}
	const four = results.find((r) => r.readers === 4)!;
	console.log(`4 readers = ${(four.cardsPerSecond / one).toFixed(2)}× one reader (target ≥ 3.5×)`);
} finally {
	await stopPrivatePcscd(join(dir, 'pcscd'));
	rmSync(dir, { recursive: true, force: true });
}
