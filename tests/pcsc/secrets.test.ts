// No secret leaves the write flow: a full write through pcscd with ADM1 3838383838383838 ("88888888") and PIN1
// "0000" (VERIFY data 30303030FFFFFFFF), plus the failures a user meets (wrong ADM1, document too big), with every
// trace line, console line, progress event, vpcd log line, thrown message and the report collected and searched.
// pcscd's own debug log is searched too when this test started pcscd (pcsc-up.sh never passes -a, which would log
// every APDU in clear).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { format, inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CardSession } from '../../src/lib/card';
import { PROFILES } from '../../src/lib/card/pkcs15';
import { provisionCard, readProvisioning, reportJson, type ProvisionOptions } from '../../src/lib/card/provisioning';
import { fromHex } from '../../src/lib/codec/hex';
import { Secret } from '../../src/lib/security/secret';
import type { PcscContext } from '../../src/lib/server/pcsc';
import type { VpcdClient } from '../../src/lib/server/vpcd';
import { LIBWBXML_CP, NOWSMS_CP, simulator } from '../unit/card-provisioning/fixtures';
import { attachSimulator, openPcsc, startPcscd, type PcscdRun } from './harness';

const READER = 'Virtual PCD 00 01';
const PORT = 35964;

/** Every form a leaked ADM1 or PIN1 could take in text. */
const FORBIDDEN = [
	'3838383838383838',
	'38 38 38 38 38 38 38 38',
	'38:38:38:38:38:38:38:38',
	'88888888',
	'30303030',
	'30 30 30 30',
	'30:30:30:30',
	// the wrong ADM1 presented below ("24682468"), in the same forms; not "12345678": the IMSI 001010123456789 holds it
	'3234363832343638',
	'32 34 36 38 32 34 36 38',
	'24682468'
];

let pcscd: PcscdRun | undefined;
let pcsc: PcscContext | undefined;
let sim: VpcdClient | undefined;
const collected: string[] = [];
const vpcdLog: string[] = [];

function options(adm: Secret, bootstrap = NOWSMS_CP): ProvisionOptions {
	return {
		documents: { bootstrap, config1: LIBWBXML_CP },
		adm,
		pin1: Secret.fromText('PIN1', '0000'),
		profile: PROFILES['oma-provsc']
	};
}

/** One run on a fresh connection; everything it produced goes into `collected`. */
async function runAndCollect(opts: ProvisionOptions): Promise<void> {
	const conn = await pcsc!.connect(READER, { exclusive: true });
	const session = new CardSession(conn);
	try {
		const report = await provisionCard(session, opts, (event) => {
			console.log('event', event);
			collected.push(JSON.stringify(event), inspect(event, { depth: null }));
		});
		console.info('report', report);
		collected.push(reportJson(report), inspect(report, { depth: null }));
		const read = await readProvisioning(session, opts.profile);
		console.debug(read.identity);
		collected.push(inspect(read, { depth: null }));
	} catch (e) {
		console.error('write failed:', e);
		collected.push(String(e), (e as Error).message, inspect(e, { depth: null }), JSON.stringify(e));
	} finally {
		collected.push(session.trace.toText(), JSON.stringify(session.trace.entries), inspect(session.trace.entries, { depth: null }));
		await conn.disconnect();
	}
	collected.push(inspect(opts, { depth: null }), JSON.stringify(opts));
}

beforeAll(async () => {
	pcscd = await startPcscd('pstudio-secrets-');
	sim = await attachSimulator(PORT, simulator(), (line) => vpcdLog.push(line));
	pcsc = await openPcsc(READER);
}, 30_000);

afterAll(async () => {
	pcsc?.close();
	await sim?.stop();
	await pcscd?.stop();
}, 30_000);

describe('secrets stay out of traces, logs, errors and reports', () => {
	it('finds neither ADM1 nor PIN1 in anything a full write, a wrong ADM1 and a too-big document produced', async () => {
		const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((level) =>
			vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
				collected.push(format(...args));
			})
		);
		try {
			await runAndCollect(options(new Secret('ADM1', fromHex('3838383838383838'))));
			await runAndCollect(options(new Secret('ADM1', fromHex('3234363832343638'))));
			await runAndCollect(options(new Secret('ADM1', fromHex('3838383838383838')), new Uint8Array(4096)));
		} finally {
			for (const s of spies) s.mockRestore();
		}
		collected.push(...vpcdLog);
		const pcscdLog = join(pcscd!.dir, 'pcscd.log');
		if (existsSync(pcscdLog)) collected.push(readFileSync(pcscdLog, 'utf8'));

		const text = collected.join('\n');
		// The corpus is real: the write happened, VERIFY was traced (redacted), and both failures were caught.
		expect(text).toContain('"verified":true');
		expect(text).toContain('VERIFY ADM1 00 20 00 0A 08 ****');
		expect(text).toContain('VERIFY PIN1 00 20 00 01 08 ****');
		expect(text).toContain('VERIFY ADM1 00 20 00 0A 08 ****: 63C9 verification failed, 9 retries left');
		expect(text).toContain('Bootstrap is 4096 bytes; EF 6E01 holds 2048');
		expect(text).toContain('ADM1 ****');
		for (const form of FORBIDDEN) {
			expect(text.includes(form), `found ${form}`).toBe(false);
			expect(text.includes(form.toLowerCase()), `found ${form.toLowerCase()}`).toBe(false);
		}
	});
});
