// A bureau package's per-card script run as a bureau would run it: pcsc-tools' `scriptor` (unchanged, a child
// process) against our simulated UICC through the real pcscd + vpcd (slot 1, TCP 35964 = "Virtual PCD 00 01"), then
// `pstudio card read` (the real launcher) and OpenSC's pkcs15-tool read what it wrote. The simulator runs in this
// process, so the test also sees the EF bytes the script left. harness.ts starts pcscd unless PSTUDIO_PCSCD=running.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bureauPackage } from '../../src/lib/batch/packages/bureau';
import type { ExportedRow, PackageEntry } from '../../src/lib/batch/packages/kind';
import type { UiccSimulator } from '../../src/lib/card/simulator';
import { PROV } from '../../src/lib/codec/wbxml/index';
import { toHex } from '../../src/lib/codec/hex';
import type { VpcdClient } from '../../src/lib/server/vpcd';
import { ADM1, efData, ffFilled, LIBWBXML_CP, NOWSMS_CP, PIN1, simulator } from '../unit/card-provisioning/fixtures';
import { attachSimulator, openPcsc, REPO_ROOT, run, startPcscd, type PcscdRun } from './harness';

const LAUNCHER = join(REPO_ROOT, 'bin', 'pstudio.js');
const READER = 'Virtual PCD 00 01';
const PORT = 35964;
/** Luhn: 8949440000001234564 (check digit 4). */
const ICCID = '8949440000001234564';
/** The same ICCID as EF.ICCID holds it (TS 102 221 §13.2), by hand: 89 49 44 00 00 00 12 34 56 4F, nibbles swapped. */
const EF_ICCID = '989444000000214365F4';
/** The simulator's EF sizes (default-profile.ts), as a bureau's card profile would give them. */
const SIM_SIZES = { bootstrap: 2048, config1: 1024, dodf: 512, tokenInfo: 128, odf: 128, dirRecord: 32 };
/** ORACLES.md §1's prov.xml: the document libwbxml encodes to LIBWBXML_CP. */
const CP_XML = readFileSync(join(REPO_ROOT, 'tests/fixtures/provcont/oracles-prov.xml'), 'utf8');

let dir = '';
let pcscd: PcscdRun | undefined;
let card: UiccSimulator | undefined;
let sim: VpcdClient | undefined;
let entries: PackageEntry[] = [];

function row(): ExportedRow {
	const values: Record<string, string | typeof ADM1> = { ICCID, IMSI: '001010123456789', ADM1, PIN1 };
	return {
		row: 1,
		line: 2,
		iccid: ICCID,
		imsi: '001010123456789',
		documents: [
			{ wbxml: LIBWBXML_CP, xml: () => CP_XML, language: PROV },
			{ wbxml: NOWSMS_CP, xml: () => '', language: PROV }
		],
		secrets: [
			{ column: 'ADM1', value: ADM1 },
			{ column: 'PIN1', value: PIN1 }
		],
		findings: [],
		value: (column) => values[column.toUpperCase()]
	};
}

function bytesOf(entry: PackageEntry | undefined): Uint8Array {
	if (!(entry?.data instanceof Uint8Array)) throw new Error(`no byte entry ${entry?.path}`);
	return entry.data;
}

function entry(name: string): Uint8Array {
	return bytesOf(entries.find((e) => e.path === `${ICCID}/${name}`));
}

interface Result {
	code: number;
	stdout: string;
	stderr: string;
}

async function tool(cmd: string, args: string[], env?: NodeJS.ProcessEnv): Promise<Result> {
	try {
		const { stdout, stderr } = await run(cmd, args, { cwd: dir, timeout: 60_000, maxBuffer: 1 << 24, ...(env ? { env } : {}) });
		return { code: 0, stdout, stderr };
	} catch (e) {
		const err = e as { code?: unknown; stdout?: string; stderr?: string };
		if (typeof err.code !== 'number') throw e;
		return { code: err.code, stdout: err.stdout ?? '', stderr: err.stderr ?? '' };
	}
}

/** The status words scriptor printed, in order ("< 90 00 : Normal processing." → "90 00"); RESET's "< OK: <ATR>" is not one. */
function statusWords(stdout: string): string[] {
	return stdout
		.split('\n')
		.filter((l) => l.startsWith('< ') && !l.startsWith('< OK: '))
		.map((l) => {
			const m = /([0-9A-F]{2} [0-9A-F]{2}) : /.exec(l);
			return m ? m[1] : l;
		});
}

beforeAll(async () => {
	pcscd = await startPcscd('pstudio-bureau-', { reuse: true });
	dir = pcscd.dir;
	writeFileSync(join(dir, 'opensc.conf'), 'app default {\n\tenable_default_driver = true;\n\tframework pkcs15 { use_file_caching = no; }\n}\n');
	card = simulator((p) => {
		const iccid = p.mf.children?.find((c) => c.fid === '2FE2');
		if (!iccid || iccid.type === 'df') throw new Error('no EF.ICCID in the default profile');
		iccid.contents = EF_ICCID;
	});
	sim = await attachSimulator(PORT, card);
	const pcsc = await openPcsc(READER);
	pcsc.close();
	entries = await bureauPackage({ fileSizes: SIM_SIZES, openscMirror: true }).entriesFor(row());
}, 60_000);

afterAll(async () => {
	await sim?.stop();
	await pcscd?.stop();
}, 30_000);

describe('bureau script through scriptor, pcscd and vpcd', () => {
	it('as packaged, scriptor stops at the ADM1 placeholder before any UPDATE: the card keeps its empty files', async () => {
		writeFileSync(join(dir, 'unfilled.scriptor'), entry('write.scriptor'));
		const r = await tool('scriptor', ['-r', READER, 'unfilled.scriptor']);
		expect(r.code).not.toBe(0);
		expect(r.stderr).toContain('ascii_to_array: wrong value (??)');
		// reset, then the retry query (no data: 63 CX, X = 10 tries of the default profile), then nothing.
		expect(r.stdout).toContain('> RESET\n< OK: ');
		expect(statusWords(r.stdout)).toEqual(['63 CA']);
		expect(r.stdout).not.toContain('00 D6');
		expect(efData(card!, 0x7f50, 0x6e01)).toEqual(new Uint8Array(2048).fill(0xff));
	});

	it('with the TEST ADM1 filled in, every command answers 90 00 and the EFs hold the package bytes', async () => {
		const script = new TextDecoder().decode(entry('write.scriptor'));
		const placeholder = '00 20 00 0A 08 ?? ?? ?? ?? ?? ?? ?? ??';
		expect(script.split('\n').filter((l) => l === placeholder)).toHaveLength(1);
		// The simulator's ADM1 is "88888888" (default-profile.ts): 38 × 8 on the wire.
		writeFileSync(join(dir, 'filled.scriptor'), script.replace(placeholder, '00 20 00 0A 08 38 38 38 38 38 38 38 38'));
		const r = await tool('scriptor', ['-r', READER, 'filled.scriptor']);
		expect(r.stderr).not.toContain('wrong value');
		expect(r.code).toBe(0);
		// APDUs: retry query, VERIFY, then per file SELECT + UPDATEs of ≤ 255 bytes:
		// Bootstrap 2048 → 9 (8 × 255 + 8), Config1 1024 → 5, DODF 512 → 3, TokenInfo 128 → 1, ODF 128 → 1, EF.DIR 1 record.
		const sws = statusWords(r.stdout);
		expect(sws[0]).toBe('63 CA');
		expect(sws.slice(1)).toEqual(new Array(1 + (1 + 9) + (1 + 5) + (1 + 3) + (1 + 1) + (1 + 1) + (1 + 1)).fill('90 00'));
		expect(r.stdout).toContain('> 00 A4 08 0C 04 7F 50 6E 01\n< 90 00 : Normal processing.');
		expect(r.stdout).toContain('> 00 A4 08 0C 02 2F 00\n< 90 00 : Normal processing.');

		expect(efData(card!, 0x7f50, 0x6e01)).toEqual(entry('EF.Bootstrap.bin'));
		expect(efData(card!, 0x7f50, 0x6e02)).toEqual(entry('EF.Config1.bin'));
		expect(efData(card!, 0x7f50, 0x6e00)).toEqual(entry('EF.DODF.bin'));
		expect(efData(card!, 0x7f50, 0x5032)).toEqual(entry('EF.TokenInfo.bin'));
		expect(efData(card!, 0x7f50, 0x5031)).toEqual(entry('EF.ODF.bin'));
		// EF.DIR record 2 (32 bytes) of 4: the PKCS#15 template 61 19 { 4F 0C <AID> | 50 03 "WAP" | 51 04 3F00 7F50 }
		// (smartcard-provisioning.md §4), FF-filled; record 1 (USIM) untouched.
		const dirEf = efData(card!, 0x2f00);
		expect(toHex(dirEf.subarray(32, 64))).toBe('61194F0CA000000063504B43532D3135500357415051043F007F50' + 'FF'.repeat(5));
		expect(toHex(dirEf.subarray(0, 6))).toBe('61144F0CA000');
		// TokenInfo: 30 12 { 02 01 00 | 04 0A <EF.ICCID of this card> | 03 01 00 }, the serial number the writer
		// would have read from this card's EF.ICCID.
		expect(toHex(efData(card!, 0x7f50, 0x5032).subarray(0, 20))).toBe(`3012020100040A${EF_ICCID}030100`);
	});

	it('pstudio card read finds the Bootstrap and Config1 and decodes the Bootstrap to the row document', async () => {
		const raw = await tool(process.execPath, [LAUNCHER, 'card', 'read', '--reader', READER, '--only', 'Bootstrap', '-o', 'bootstrap.wbxml']);
		expect(raw.code).toBe(0);
		expect(toHex(readFileSync(join(dir, 'bootstrap.wbxml')))).toBe(toHex(LIBWBXML_CP));

		const listing = await tool(process.execPath, [LAUNCHER, 'card', 'read', '--reader', READER]);
		expect(listing.code).toBe(0);
		expect(listing.stdout).toContain(`ICCID:  ${ICCID}\n`);
		expect(listing.stdout).toMatch(/^Bootstrap {2}OID 2\.23\.43\.7\.1 {2}path 6E01 {2}132 bytes \(file 2048\)$/m);
		expect(listing.stdout).toMatch(/^Config1 {2}OID 2\.23\.43\.7\.2 {2}path 6E02 {2}118 bytes \(file 1024\)$/m);

		const xml = await tool(process.execPath, [LAUNCHER, 'card', 'read', '--reader', READER, '--only', 'Bootstrap', '--xml']);
		expect(xml.code).toBe(0);
		// The decoded Bootstrap is the authored text of the row's document (only the declaration gains its encoding).
		expect(xml.stdout).toBe(CP_XML.replace('<?xml version="1.0"?>', '<?xml version="1.0" encoding="UTF-8"?>'));
	});

	it('pkcs15-tool lists both documents from the DODF the script wrote', async () => {
		const env = { ...process.env, OPENSC_CONF: join(dir, 'opensc.conf'), OPENSC_DRIVER: 'default' };
		const r = await tool('pkcs15-tool', ['--reader', '1', '--no-cache', '-C'], env);
		expect(r.code).toBe(0);
		const header = r.stdout
			.split('\n')
			.filter((l) => /^(Data object|\t(applicationName|applicationOID|Path):)/.test(l))
			.map((l) => l.replace(/\s+/g, ' ').trim());
		expect(header).toEqual([
			"Data object 'Bootstrap'",
			'applicationName: WAP',
			'applicationOID: 2.23.43.7.1',
			'Path: 3f007f506e01',
			"Data object 'Config1'",
			'applicationName: WAP',
			'applicationOID: 2.23.43.7.2',
			'Path: 3f007f506e02'
		]);
		// The whole EF through OpenSC: Config1 FF-filled to the 1024-byte EF, as the script wrote it.
		const file = join(dir, 'config1.bin');
		const data = await tool('pkcs15-tool', ['--reader', '1', '--no-cache', '-R', '2.23.43.7.2', '--raw', '-o', file], env);
		expect(data.code).toBe(0);
		expect(toHex(new Uint8Array(readFileSync(file)))).toBe(toHex(ffFilled(NOWSMS_CP, 1024)));
	});

	it('with keys in the script asked for, the package script runs unchanged: the VERIFY line carries the row ADM1', async () => {
		const keyed = await bureauPackage({ fileSizes: SIM_SIZES, openscMirror: true, keysInScript: true }).entriesFor(row());
		const script = bytesOf(keyed.find((e) => e.path === `${ICCID}/write.scriptor`));
		writeFileSync(join(dir, 'keyed.scriptor'), script);
		const r = await tool('scriptor', ['-r', READER, 'keyed.scriptor']);
		expect(r.code).toBe(0);
		// The row's ADM1 is the simulator's key (fixtures ADM1 = 38 × 8).
		expect(r.stdout).toContain('> 00 20 00 0A 08 38 38 38 38 38 38 38 38\n< 90 00 : Normal processing.');
		const sws = statusWords(r.stdout);
		expect(sws[0]).toBe('63 CA');
		expect(sws.slice(1).every((sw) => sw === '90 00')).toBe(true);
		expect(sws).toHaveLength(2 + 10 + 6 + 4 + 2 + 2 + 2);
		expect(efData(card!, 0x7f50, 0x6e01)).toEqual(entry('EF.Bootstrap.bin'));
	});
});

describe('from an order to the card: pstudio batch export --package bureau, then the script of one card', () => {
	it('the card of the order row gets the template filled with that row, and pstudio card read decodes it', async () => {
		// The template is ORACLES.md's prov.xml with its APN as a placeholder; the row fills in another APN.
		writeFileSync(join(dir, 'template.xml'), CP_XML.replace('internet.example.com', '${APN}'));
		writeFileSync(
			join(dir, 'order.csv'),
			`ICCID,IMSI,ADM1,PIN1,APN\n${ICCID},001010123456789,88888888,0000,bureau.example.net\n8949440000001234572,001010123456790,12345678,1234,x.example.org\n`
		);
		const exp = await tool(process.execPath, [LAUNCHER, 'batch', 'export', '--template', 'template.xml', '--orders', 'order.csv', '--package', 'bureau', '--sec', 'NETWPIN', '--out', 'bureau.zip', '-q']);
		expect(exp.stderr).toBe('');
		expect(exp.code).toBe(0);
		const list = await tool('unzip', ['-Z1', 'bureau.zip']);
		expect(list.stdout.split('\n').filter((l) => l.startsWith(ICCID))).toEqual(
			['EF.Bootstrap.bin', 'EF.DODF.bin', 'EF.TokenInfo.bin', 'EF.ODF.bin', 'EF.DIR.bin', 'write.scriptor'].map((f) => `${ICCID}/${f}`)
		);
		expect(list.stdout).toContain('8949440000001234572/write.scriptor\n');
		expect(list.stdout).toContain('rejected.csv');
		const script = (await tool('unzip', ['-p', 'bureau.zip', `${ICCID}/write.scriptor`])).stdout;
		writeFileSync(join(dir, 'order-card.scriptor'), script.replace('00 20 00 0A 08 ?? ?? ?? ?? ?? ?? ?? ??', '00 20 00 0A 08 38 38 38 38 38 38 38 38'));
		const r = await tool('scriptor', ['-r', READER, 'order-card.scriptor']);
		expect(r.code).toBe(0);
		const sws = statusWords(r.stdout);
		// Default EF sizes of the package (Bootstrap 1024 → 5 UPDATEs, DODF 256 → 2, TokenInfo 64, ODF 32, record 32).
		expect(sws).toEqual(['63 CA', ...new Array(1 + (1 + 5) + (1 + 2) + (1 + 1) + (1 + 1) + (1 + 1)).fill('90 00')]);

		const xml = await tool(process.execPath, [LAUNCHER, 'card', 'read', '--reader', READER, '--only', 'Bootstrap', '--xml']);
		expect(xml.code).toBe(0);
		const expected = CP_XML.replace('internet.example.com', 'bureau.example.net').replace('<?xml version="1.0"?>', '<?xml version="1.0" encoding="UTF-8"?>');
		expect(xml.stdout).toBe(expected);
		// And libwbxml reads the card's bytes as the same document (ORACLES.md §1: compare with -m 0).
		await tool(process.execPath, [LAUNCHER, 'card', 'read', '--reader', READER, '--only', 'Bootstrap', '-o', 'order-card.wbxml']);
		const libwbxml = await tool('wbxml2xml', ['-m', '0', '-o', '-', 'order-card.wbxml']);
		expect(libwbxml.code).toBe(0);
		expect(libwbxml.stdout).toContain('<parm name="NAP-ADDRESS" value="bureau.example.net"/>');
		expect(libwbxml.stdout).toContain('<parm name="ADDR" value="http://www.example.com/"/>');
	});
});
