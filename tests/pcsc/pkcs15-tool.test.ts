// OpenSC's pkcs15-tool as an independent PKCS#15 reader of what provisionCard wrote (ORACLES.md §3): the default
// card driver enabled through a private opensc.conf, file caching off, reader index 1 (vpcd slot 1, TCP 35964).
// OpenSC only decodes opaqueDO data objects (pkcs15-data.c), so the layout is written with openscMirror: true.
// harness.ts starts pcscd unless PSTUDIO_PCSCD=running says the test command already did.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CardSession } from '../../src/lib/card';
import { PROFILES } from '../../src/lib/card/pkcs15';
import { provisionCard, type ProvisionOptions } from '../../src/lib/card/provisioning';
import { toHex } from '../../src/lib/codec/hex';
import type { PcscContext } from '../../src/lib/server/pcsc';
import type { VpcdClient } from '../../src/lib/server/vpcd';
import { ADM1, ffFilled, LIBWBXML_CP, NOWSMS_CP, simulator } from '../unit/card-provisioning/fixtures';
import { attachSimulator, openPcsc, run, startPcscd, type PcscdRun } from './harness';

const READER = 'Virtual PCD 00 01';
const PORT = 35964;
const OPTIONS: ProvisionOptions = {
	documents: { bootstrap: NOWSMS_CP, config1: LIBWBXML_CP },
	adm: ADM1,
	profile: PROFILES['oma-provsc'],
	openscMirror: true
};

let dir = '';
let pcscd: PcscdRun | undefined;
let pcsc: PcscContext | undefined;
let sim: VpcdClient | undefined;

async function write(options: ProvisionOptions): Promise<void> {
	const conn = await pcsc!.connect(READER, { exclusive: true });
	try {
		const report = await provisionCard(new CardSession(conn), options);
		expect(report.verified).toBe(true);
	} finally {
		// pkcs15-tool needs the reader: our exclusive connection must be gone first.
		await conn.disconnect();
	}
}

async function pkcs15Tool(...args: string[]): Promise<string> {
	const env = { ...process.env, OPENSC_CONF: join(dir, 'opensc.conf'), OPENSC_DRIVER: 'default' };
	const { stdout } = await run('pkcs15-tool', ['--reader', '1', '--no-cache', ...args], { env, timeout: 30_000, maxBuffer: 1 << 22 });
	return stdout;
}

beforeAll(async () => {
	pcscd = await startPcscd('pstudio-p15-');
	dir = pcscd.dir;
	// ORACLES.md §3: enable_default_driver defaults to false for pkcs15-tool; caching off so every run reads the card.
	writeFileSync(join(dir, 'opensc.conf'), 'app default {\n\tenable_default_driver = true;\n\tframework pkcs15 { use_file_caching = no; }\n}\n');
	sim = await attachSimulator(PORT, simulator());
	pcsc = await openPcsc(READER);
	await write(OPTIONS);
}, 60_000);

afterAll(async () => {
	pcsc?.close();
	await sim?.stop();
	await pcscd?.stop();
}, 30_000);

describe('pkcs15-tool reads the layout provisionCard wrote', () => {
	it('lists both documents with -C: label, applicationName, applicationOID and the absolute path', async () => {
		const out = await pkcs15Tool('-C');
		const header = out
			.split('\n')
			.filter((l) => /^(Data object|\t(applicationName|applicationOID|Path):)/.test(l))
			.map((l) => l.replace(/\s+/g, ' ').trim());
		// Paths: OpenSC joins the relative DODF path 6E01 to the application DF 3F00 7F50 taken from EF.DIR.
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
		expect(out).toContain('Data (2048 bytes): 030B6A0674657374310045C6');
		expect(out).toContain('Data (1024 bytes): 030B6A054E41503100C54601');
	});

	it('reads back exactly the Bootstrap bytes with -R <OID> --raw', async () => {
		const file = join(dir, 'bootstrap.bin');
		await pkcs15Tool('-R', '2.23.43.7.1', '--raw', '-o', file);
		expect(toHex(new Uint8Array(readFileSync(file)))).toBe(toHex(ffFilled(NOWSMS_CP, 2048)));
	});

	it('reads back exactly the Config1 bytes with -R <label> --raw', async () => {
		const file = join(dir, 'config1.bin');
		await pkcs15Tool('-R', 'Config1', '--raw', '-o', file);
		expect(toHex(new Uint8Array(readFileSync(file)))).toBe(toHex(ffFilled(LIBWBXML_CP, 1024)));
	});

	// Last in this file: it rewrites the card without the mirror.
	it('lists no data object when the mirror is off: OpenSC stops at the first oidDO it cannot decode (layout.ts)', async () => {
		await write({ ...OPTIONS, openscMirror: false });
		const out = await pkcs15Tool('-C');
		expect(out).not.toContain('Data object');
	});
});
