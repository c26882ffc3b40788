// Card write + read-back through PC/SC (issue 5, Performance): a 2 KiB provisioning set (Bootstrap 1024 B +
// Config1 1024 B) written to our UICC simulator attached to pcscd by vpcd, by three clients in this one run:
//   1. ours, the full flow: provisionCard (identity, probe, VERIFY, documents + PKCS#15 files, read-back);
//   2. ours, the bare transfer: VERIFY ADM1 + the SELECT / UPDATE BINARY / READ BINARY APDUs of run 1 for the two
//      document files, sent by our CardSession over our pcsclite wrapper;
//   3. opensc-tool: the same APDUs as run 2, in one `opensc-tool -r N -c default -s … -s …` invocation.
// pcscd must be running (bench/run.sh starts one through scripts/card/pcsc-up.sh when none is).
// The ADM1 key never reaches the output: VERIFY is printed as "00 20 00 0A 08 ****", opensc-tool's own output
// (which echoes every APDU) is parsed and never printed, and any error text is scrubbed of the key first.
//   npx tsx bench/card-bench.ts [--slot 0|1]
import { execFile, execFileSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { CardSession, parseApdu, REDACTED, type TraceEntry } from '../src/lib/card';
import { PROFILES } from '../src/lib/card/pkcs15';
import { provisionCard } from '../src/lib/card/provisioning';
import { defaultProfile, loadProfile, UiccSimulator } from '../src/lib/card/simulator';
import type { SimNode } from '../src/lib/card/simulator/model';
import { fromHex, toHex } from '../src/lib/codec/hex';
import { encodeWbxml, languageForDocument, PROV } from '../src/lib/codec/wbxml';
import { parseXml } from '../src/lib/codec/xml';
import { Secret } from '../src/lib/security';
import { PcscContext } from '../src/lib/server/pcsc';
import { VpcdClient } from '../src/lib/server/vpcd';
import { corpusTexts, variant } from './corpus';
import { option } from './options';

const run = promisify(execFile);
const DOC_SIZE = 1024;
const BOOTSTRAP_FID = 0x6e01;
const CONFIG1_FID = 0x6e02;
const DF_PKCS15 = 0x7f50;
/** Short APDUs (apdu.md §3): UPDATE BINARY carries at most 255 bytes (Lc), READ BINARY returns at most 256 (Le 00). */
const MAX_UPDATE = 255;
const MAX_READ = 256;

// ---- the documents: real CP WBXML from the corpus, one free-text value padded until the document is 1024 bytes.
function documentOf(text: string, size: number): Uint8Array {
	let pad = 1;
	for (let attempt = 0; attempt < 8; attempt++) {
		const parsed = parseXml(variant(text, 'p'.repeat(pad)));
		const bytes = encodeWbxml(parsed, languageForDocument(parsed) ?? PROV);
		if (bytes.length === size) return bytes;
		pad += size - bytes.length;
		if (pad < 1) break;
	}
	throw new Error(`could not pad a corpus document to exactly ${size} bytes of WBXML`);
}
const corpus = corpusTexts();
const bootstrap = documentOf(corpus[0], DOC_SIZE); // prov-001: NowSMS BOOTSTRAP + NAPDEF
const config1 = documentOf(corpus[1], DOC_SIZE); // prov-002: browser APPLICATION w2 over GPRS

// ---- the card: the default simulated UICC, EF.Bootstrap shrunk to 1024 bytes so both files are exactly 2 KiB.
const simProfile = defaultProfile();
const pkcs15 = simProfile.mf.children?.find((c) => c.fid === '7F50');
const bootstrapEf = pkcs15?.type === 'df' ? pkcs15.children?.find((c) => c.fid === '6E01') : undefined;
if (!bootstrapEf || bootstrapEf.type !== 'transparent') throw new Error('default simulator profile has no transparent EF 7F50/6E01');
bootstrapEf.size = DOC_SIZE;
const admKey = simProfile.keys.ADM1?.value;
const pin1Hex = simProfile.keys.PIN1?.value;
if (!admKey || !pin1Hex) throw new Error('default simulator profile has no ADM1 / PIN1');
const admHex: string = admKey;
const adm = new Secret('ADM1', fromHex(admHex));
// PIN1 is stored FF-padded; the PIN the user types is the digits before the padding.
const pin1 = new Secret('PIN1', fromHex(pin1Hex.replace(/(FF)+$/i, '')));
const card = new UiccSimulator(loadProfile(simProfile));

function ef(fid: number): Uint8Array {
	const df = card.state.mf.children.find((c): c is SimNode & { kind: 'df' } => c.kind === 'df' && c.fid === DF_PKCS15);
	const node = df?.children.find((c) => c.fid === fid);
	if (!node || node.kind === 'df') throw new Error(`simulator has no EF ${fid.toString(16)}`);
	return node.data;
}
/** Erases both document EFs (FF), so every run really transfers the bytes; checked after each run. */
function eraseDocuments(): void {
	ef(BOOTSTRAP_FID).fill(0xff);
	ef(CONFIG1_FID).fill(0xff);
}
function checkDocuments(who: string): void {
	if (toHex(ef(BOOTSTRAP_FID)) !== toHex(bootstrap) || toHex(ef(CONFIG1_FID)) !== toHex(config1)) {
		throw new Error(`${who}: the card's EF 6E01 / 6E02 do not hold the two documents after the run`);
	}
}

// ---- scrubbing: the key in any form it could take in a message.
const admSpaced = admHex.replace(/(..)(?=.)/g, '$1 ');
function scrub(text: string): string {
	let out = text;
	for (const form of [admHex, admHex.toLowerCase(), admSpaced, admSpaced.toLowerCase(), new TextDecoder().decode(fromHex(admHex))]) {
		out = out.split(form).join(REDACTED);
	}
	return out;
}

// ---- which vpcd slot: one no other client is attached to (slot n = TCP 35963 + n, ORACLES.md §2.1).
function slotInUse(port: number): boolean {
	return execFileSync('ss', ['-Htn', 'state', 'established', `( dport = :${port} )`], { encoding: 'utf8', timeout: 10_000 }).trim() !== '';
}
const wantedSlot = option('--slot', '');
const slot = wantedSlot !== '' ? Number(wantedSlot) : [1, 0].find((s) => !slotInUse(35963 + s));
if (slot === undefined) throw new Error('both vpcd slots (35963, 35964) already have a card attached; stop it or pass --slot');
const PORT = 35963 + slot;
const READER = `Virtual PCD 00 0${slot}`;

// ---- trace analysis
interface Exchange {
	capdu: Uint8Array;
	/** The file selected when it was sent, e.g. "7F506E01", "" when none. */
	file: string;
	entry: TraceEntry;
}
function exchanges(entries: readonly TraceEntry[]): Exchange[] {
	let file = '';
	return entries.map((entry) => {
		const redacted = entry.capdu.includes(REDACTED);
		const capdu = redacted ? new Uint8Array(0) : fromHex(entry.capdu.replace(/ /g, ''));
		if (!redacted && capdu[1] === 0xa4) file = toHex(capdu.subarray(5, 5 + capdu[4]));
		return { capdu, file, entry };
	});
}
const isDocumentFile = (file: string): boolean => file.endsWith('6E01') || file.endsWith('6E02');
const isData = (x: Exchange): boolean => x.capdu[1] === 0xd6 || x.capdu[1] === 0xb0;
/** Bytes a data APDU carries: Lc of UPDATE BINARY, response length of READ BINARY. */
const payload = (x: Exchange): number => (x.capdu[1] === 0xd6 ? x.capdu[4] : x.entry.response.replace(/ /g, '').length / 2);

function dataStats(list: Exchange[]): string {
	const sizes = list.map(payload);
	const total = sizes.reduce((a, b) => a + b, 0);
	return `${list.length} data APDUs, ${total} bytes, avg ${(total / list.length).toFixed(1)} / max ${Math.max(...sizes)} bytes per APDU`;
}

function byCommand(entries: readonly TraceEntry[]): string {
	const counts = new Map<string, number>();
	for (const e of entries) counts.set(e.command, (counts.get(e.command) ?? 0) + 1);
	return [...counts].map(([name, n]) => `${name} ${n}`).join(', ');
}

// ---- opensc-tool output: "Sending: …" then "Received (SW1=0x90, SW2=0x00)" and a hex dump per APDU.
interface OpenscAnswer {
	sw: string;
	data: string;
}
function openscAnswers(out: string): OpenscAnswer[] {
	return out
		.split(/^Received \(/m)
		.slice(1)
		.map((part) => {
			const [head, ...lines] = part.split('\n');
			const sw = /SW1=0x([0-9a-f]{2}), SW2=0x([0-9a-f]{2})/i.exec(head);
			const data = lines
				.map((l) => /^((?:[0-9A-F]{2} )+)/.exec(l)?.[1] ?? '')
				.join('')
				.replace(/ /g, '');
			return { sw: sw ? (sw[1] + sw[2]).toUpperCase() : '?', data };
		});
}
async function readerIndex(): Promise<number> {
	const { stdout: list } = await run('opensc-tool', ['-l'], { timeout: 20_000 });
	const line = list.split('\n').find((l) => l.trimEnd().endsWith(READER));
	const match = line ? /^\s*(\d+)\s/.exec(line) : null;
	if (!match) throw new Error(`opensc-tool -l does not list ${READER}`);
	return Number(match[1]);
}

// ---- the runs. vpcd and pcscd can stall (another client on the slot, pcscd restarting): fail with a reason.
function within<T>(ms: number, promise: Promise<T>, what: string): Promise<T> {
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms ${what}`)), ms)));
	return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
const WATCHDOG_MS = 180_000;
setTimeout(() => {
	console.error(`card bench: no result after ${WATCHDOG_MS / 1000} s; giving up`);
	process.exit(1);
}, WATCHDOG_MS).unref();

const sim = new VpcdClient(card, { port: PORT });
const pcsc = PcscContext.open();
try {
	await within(10_000, sim.start(), `attaching the simulator to vpcd on port ${PORT} (is pcscd running?)`);
	await pcsc.listReaders(slot + 1);
	await pcsc.waitForCard(READER, 5000);

	// 1. Ours, the full write flow.
	eraseDocuments();
	let cardApdus = sim.stats.apdus;
	let start = performance.now();
	const conn = await pcsc.connect(READER, { exclusive: true });
	const session = new CardSession(conn);
	const report = await provisionCard(session, { documents: { bootstrap, config1 }, adm, pin1, profile: PROFILES['oma-provsc'] });
	await conn.disconnect();
	const fullMs = performance.now() - start;
	const fullCardApdus = sim.stats.apdus - cardApdus;
	if (!report.verified) throw new Error('provisionCard: read-back did not verify');
	checkDocuments('provisionCard');
	const all = exchanges(session.trace.entries);
	const docData = all.filter((x) => isDocumentFile(x.file) && isData(x));
	const oursTrace = session.trace.entries;

	// 2 and 3 send the same APDUs: VERIFY ADM1, then per document file SELECT (P2 0C: no FCP wanted) and run 1's
	// UPDATE / READ BINARY APDUs for that file, in run 1's order.
	const verify = Uint8Array.from([0x00, 0x20, 0x00, 0x0a, adm.length, ...adm.reveal()]);
	const sequence: Uint8Array[] = [verify];
	for (const fid of [BOOTSTRAP_FID, CONFIG1_FID]) {
		const path = `${DF_PKCS15.toString(16)}${fid.toString(16)}`.toUpperCase();
		sequence.push(fromHex(`00A4080C04${path}`));
		for (const x of docData) if (x.file.endsWith(path)) sequence.push(x.capdu);
	}
	const shown = sequence.map((a, i) => (i === 0 ? `${toHex(a.subarray(0, 5))}${REDACTED}` : toHex(a)));

	// 2. Ours, the bare transfer.
	eraseDocuments();
	cardApdus = sim.stats.apdus;
	start = performance.now();
	const conn2 = await pcsc.connect(READER, { exclusive: true });
	const bare = new CardSession(conn2);
	for (const [i, apdu] of sequence.entries()) {
		await bare.send(parseApdu(apdu), { name: i === 0 ? 'VERIFY ADM1' : 'APDU', redactData: i === 0 });
	}
	await conn2.disconnect();
	const bareMs = performance.now() - start;
	const bareCardApdus = sim.stats.apdus - cardApdus;
	checkDocuments('our bare transfer');

	// 3. opensc-tool, one invocation.
	eraseDocuments();
	const index = await readerIndex();
	cardApdus = sim.stats.apdus;
	start = performance.now();
	let stdout: string;
	try {
		({ stdout } = await run('opensc-tool', ['-r', String(index), '-c', 'default', ...sequence.flatMap((a) => ['-s', toHex(a)])], { timeout: 60_000 }));
	} catch (e) {
		throw new Error(scrub(`opensc-tool failed: ${e instanceof Error ? e.message : String(e)}`));
	}
	const openscMs = performance.now() - start;
	const openscCardApdus = sim.stats.apdus - cardApdus;
	const answers = openscAnswers(stdout);
	const bad = answers.findIndex((a) => a.sw !== '9000');
	if (answers.length !== sequence.length || bad >= 0) {
		throw new Error(`opensc-tool: ${answers.length} answers to ${sequence.length} APDUs${bad >= 0 ? `; APDU ${bad} (${shown[bad]}) got SW ${answers[bad].sw}` : ''}`);
	}
	checkDocuments('opensc-tool');
	// Its READ BINARY answers are the documents, byte for byte.
	const readBack = sequence.flatMap((a, i) => (a[1] === 0xb0 ? [answers[i].data] : [])).join('');
	if (readBack !== toHex(bootstrap) + toHex(config1)) throw new Error('opensc-tool read back other bytes than the documents');

	// ---- report
	const minimum = [bootstrap, config1].reduce((n, d) => n + Math.ceil(d.length / MAX_UPDATE) + Math.ceil(d.length / MAX_READ), 0);
	const docDataLabel = `Bootstrap ${bootstrap.length} B + Config1 ${config1.length} B`;
	console.log(`card bench: write + read-back of ${docDataLabel} (CP WBXML) through pcscd, vpcd slot ${slot} ("${READER}"), our UICC simulator`);
	console.log(`  minimum the file sizes require: ceil(size/${MAX_UPDATE}) UPDATE + ceil(size/${MAX_READ}) READ per file = ${minimum} data APDUs`);
	console.log(
		`  ours, full flow (provisionCard: identity, probe, VERIFY PIN1/ADM1, documents + DODF/TokenInfo/ODF/EF.DIR, read-back of all): ` +
			`${fullMs.toFixed(0)} ms, ${report.apdus} APDUs (card received ${fullCardApdus}); ${byCommand(oursTrace)}`
	);
	console.log(
		`    on the two document files: ${dataStats(docData)} — ${docData.length <= minimum ? 'no more than' : 'MORE than'} the minimum ${minimum}; ` +
			`largest chunks accepted: UPDATE ${report.chunks.update}, READ ${report.chunks.read}`
	);
	console.log(
		`  ours, the same transfer alone (${sequence.length} APDUs: VERIFY ADM1, 2 SELECT, ${docData.length} data; CardSession over pcsclite): ` +
			`${bareMs.toFixed(0)} ms (card received ${bareCardApdus}), ${(bareMs / sequence.length).toFixed(1)} ms/APDU`
	);
	console.log(
		`  opensc-tool -r ${index} -c default -s ${shown[0]} -s ${shown[1]} -s … (${sequence.length} APDUs, one process): ` +
			`${openscMs.toFixed(0)} ms (card received ${openscCardApdus}), ${(openscMs / sequence.length).toFixed(1)} ms/APDU`
	);
	console.log(
		`  same transfer, ours/opensc-tool wall time = ${(bareMs / openscMs).toFixed(2)}x; APDUs ${bareCardApdus} vs ${openscCardApdus}; ` +
			`bytes per data APDU identical (the same APDUs)`
	);
	console.log(`  checked: after each run EF 6E01/6E02 hold the documents (erased to FF before it); opensc-tool's READ answers equal them; VERIFY shown as ${REDACTED}`);
} finally {
	pcsc.close();
	await sim.stop();
}
