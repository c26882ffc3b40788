// The export pipeline and its packages: each good row becomes its documents signed with the row's key, every bad
// row is named in rejected.csv, the package is the same bytes for the same inputs, progress is reported, an abort
// stops with no package, secrets need a passphrase or an explicit clear-text choice. Expected values: documents
// are the template's text with the row's values put in by the test; MACs by node:crypto under keys derived here by
// hand (helpers.ts); SHA-256 by node:crypto; packages read back by zip.js's reader.
import { createHash, createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BatchError, exportBatch, ManufacturerPackage, OrderError, OtaPackage, parseColumnMap, type ExportProgress } from '../../../src/lib/batch/index';
import { runOta } from '../../../src/cli/ota';
import { compileDmTemplate } from '../../../src/lib/documents/template/index';
import { compile, hmacSha1Hex, iccid, imsi, memorySink, msisdn, netwpinKeyHex, SIMPLE_TEMPLATE, unzipAll } from './helpers';

const work = mkdtempSync(join(tmpdir(), 'batch-export-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const decoder = new TextDecoder();
const HEADER = 'ICCID,IMSI,MSISDN,PIN1,APN';
const good = (n: number, apn = `apn${n}.example`): string => `${iccid(n)},${imsi(n)},${msisdn(n)},${1000 + n},${apn}`;

// Row 2: ICCID with a wrong Luhn digit (the reader's); row 4: an APN with a character XML cannot carry (the
// template's); row 5: no IMSI (the signature's); rows 1, 3 and 6 go on.
const badIccid = iccid(2).slice(0, 19) + String((Number(iccid(2)[19]) + 1) % 10);
const ORDER = [HEADER, good(1), `${badIccid},${imsi(2)},${msisdn(2)},1002,apn2`, good(3), `${iccid(4)},${imsi(4)},${msisdn(4)},1004,bad\u0001apn`, `${iccid(5)},,${msisdn(5)},1005,apn5`, good(6)].join('\n') + '\n';

const expectedXml = (n: number): string => SIMPLE_TEMPLATE.replace('${MSISDN}', msisdn(n)).replace('${APN}', `apn${n}.example`).replace('${ICCID}', iccid(n));

describe('manufacturer "Provisioning Content" package', () => {
	it('holds <ICCID>.xml and <ICCID>.wbxml per good row, manifest.csv with each MAC and SHA-256, rejected.csv with every reason', async () => {
		const sink = memorySink();
		const result = await exportBatch(compile(SIMPLE_TEMPLATE), ORDER, new ManufacturerPackage(), sink, { sec: 'NETWPIN' });
		expect({ rows: result.rows, good: result.good, rejected: result.rejected, rejections: result.rejections, entries: result.entries, encrypted: result.encrypted }).toEqual({
			rows: 6,
			good: 3,
			rejected: 3,
			rejections: 3,
			entries: 8,
			encrypted: false
		});
		const files = await unzipAll(sink.bytes());
		expect(files.map(([name]) => name)).toEqual([`${iccid(1)}.xml`, `${iccid(1)}.wbxml`, `${iccid(3)}.xml`, `${iccid(3)}.wbxml`, `${iccid(6)}.xml`, `${iccid(6)}.wbxml`, 'manifest.csv', 'rejected.csv']);
		const byName = new Map(files);
		const manifest = ['file,iccid,imsi,sec,mac,sha256'];
		for (const n of [1, 3, 6]) {
			expect(decoder.decode(byName.get(`${iccid(n)}.xml`))).toBe(expectedXml(n));
			const wbxml = byName.get(`${iccid(n)}.wbxml`)!;
			// WBXML 1.3, PROV 1.1 public id 0x0B? (PROV 1.0 = 0x0B), UTF-8: what `pstudio encode` writes.
			expect(wbxml[0]).toBe(0x03);
			const mac = hmacSha1Hex(netwpinKeyHex(imsi(n)), wbxml);
			manifest.push(`${iccid(n)}.wbxml,${iccid(n)},${imsi(n)},NETWPIN,${mac},${createHash('sha256').update(wbxml).digest('hex')}`);
		}
		expect(decoder.decode(byName.get('manifest.csv'))).toBe(manifest.join('\n') + '\n');
		const rejected = decoder.decode(byName.get('rejected.csv')).split('\n');
		expect(rejected[0]).toBe('row,column,reason');
		expect(rejected[1]).toMatch(/^2,ICCID,/);
		expect(rejected.slice(2)).toEqual(['4,APN,"the value of ${APN}: character 4 is U+0001, which XML 1.0 cannot carry"', '5,IMSI,SEC=NETWPIN needs the IMSI; none was given', '']);
	});

	it('is byte-identical from one run to the next', async () => {
		const run = async (): Promise<Buffer> => {
			const sink = memorySink();
			await exportBatch(compile(SIMPLE_TEMPLATE), ORDER, new ManufacturerPackage(), sink, { sec: 'NETWPIN' });
			return Buffer.from(sink.bytes());
		};
		const [a, b] = [await run(), await run()];
		expect(a.length).toBeGreaterThan(1000);
		expect(a.equals(b)).toBe(true);
	});

	it('signs with USERPIN from the PIN column: key = the PIN digits as ASCII (ProvBoot §5)', async () => {
		const sink = memorySink();
		await exportBatch(compile(SIMPLE_TEMPLATE), [HEADER, good(7)].join('\n'), new ManufacturerPackage(), sink, { sec: 'USERPIN' });
		const files = new Map(await unzipAll(sink.bytes()));
		const wbxml = files.get(`${iccid(7)}.wbxml`)!;
		const mac = hmacSha1Hex(Buffer.from('1007', 'ascii').toString('hex'), wbxml);
		expect(decoder.decode(files.get('manifest.csv')).split('\n')[1]).toBe(`${iccid(7)}.wbxml,${iccid(7)},${imsi(7)},USERPIN,${mac},${createHash('sha256').update(wbxml).digest('hex')}`);
	});

	it('signs with USERNETWPIN: key = the IMSI semi-octets followed by the PIN digits as ASCII (ProvBoot §5)', async () => {
		const sink = memorySink();
		await exportBatch(compile(SIMPLE_TEMPLATE), [HEADER, good(8)].join('\n'), new ManufacturerPackage(), sink, { sec: 'USERNETWPIN' });
		const files = new Map(await unzipAll(sink.bytes()));
		const wbxml = files.get(`${iccid(8)}.wbxml`)!;
		const mac = hmacSha1Hex(netwpinKeyHex(imsi(8)) + Buffer.from('1008', 'ascii').toString('hex'), wbxml);
		expect(decoder.decode(files.get('manifest.csv')).split('\n')[1].split(',').slice(3, 5)).toEqual(['USERNETWPIN', mac]);
	});

	it("signs with the caller's HMAC-SHA1 when one is given (node:crypto's here), to the same MACs", async () => {
		const run = async (hmac?: (key: Uint8Array, data: Uint8Array) => Uint8Array): Promise<Buffer> => {
			const sink = memorySink();
			await exportBatch(compile(SIMPLE_TEMPLATE), ORDER, new ManufacturerPackage(), sink, { sec: 'NETWPIN', ...(hmac === undefined ? {} : { hmac }) });
			return Buffer.from(sink.bytes());
		};
		let calls = 0;
		const native = (key: Uint8Array, data: Uint8Array): Uint8Array => (calls++, new Uint8Array(createHmac('sha1', key).update(data).digest()));
		expect((await run(native)).equals(await run())).toBe(true);
		expect(calls).toBe(3);
	});

	it('names files after the ICCID: refuses an order without one, sets aside a row whose ICCID cell is empty', async () => {
		await expect(exportBatch(compile(SIMPLE_TEMPLATE.replace('${ICCID}', 'x')), 'IMSI,MSISDN,APN\n262010000000001,491700000001,apn\n', new ManufacturerPackage(), memorySink(), {})).rejects.toThrow(
			new BatchError('bad-option', "the package needs each row's ICCID; the order has no ICCID column (its columns: IMSI, MSISDN, APN)")
		);
		const sink = memorySink();
		const order = `ICCID,IMSI,MSISDN,APN\n,${imsi(1)},${msisdn(1)},apn1.example\n`;
		const result = await exportBatch(compile(SIMPLE_TEMPLATE.replace('${ICCID}', 'x')), order, new ManufacturerPackage(), sink, {});
		expect([result.good, result.rejected]).toEqual([0, 1]);
		expect(decoder.decode(new Map(await unzipAll(sink.bytes())).get('rejected.csv'))).toBe('row,column,reason\n1,ICCID,no ICCID: the package needs it on every row (the cell is empty)\n');
	});

	it('tells onSetAside every reason a row is set aside, in row order', async () => {
		const seen: string[] = [];
		await exportBatch(compile(SIMPLE_TEMPLATE), ORDER, new ManufacturerPackage(), memorySink(), { sec: 'NETWPIN', onSetAside: (r) => seen.push(`${r.row}:${r.line}:${r.column}:${r.code}`) });
		expect(seen).toEqual(['2:3:ICCID:bad-value', '4:5:APN:value-not-xml', '5:6:IMSI:missing-imsi']);
	});

	it('reports progress: rows, good, rejected and rows/s, the last call with the totals', async () => {
		const seen: ExportProgress[] = [];
		let t = 0;
		await exportBatch(compile(SIMPLE_TEMPLATE), ORDER, new ManufacturerPackage(), memorySink(), { sec: 'NETWPIN', onProgress: (p) => seen.push(p), now: () => (t += 500) });
		const last = seen[seen.length - 1];
		expect({ rows: last.rows, good: last.good, rejected: last.rejected }).toEqual({ rows: 6, good: 3, rejected: 3 });
		expect(last.rowsPerSecond).toBe((6 * 1000) / last.elapsedMs);
		expect(last.consumed).toBe(ORDER.length);
		expect(last.etaMs).toBeUndefined();
	});

	it('gives an ETA from the part of the order read against its size', async () => {
		const seen: ExportProgress[] = [];
		let t = 0;
		// Two pieces: after the first (half the order's characters) the pace says as long again.
		const half = ORDER.indexOf('\n', ORDER.length / 2) + 1;
		await exportBatch(compile(SIMPLE_TEMPLATE), [ORDER.slice(0, half), ORDER.slice(half)], new ManufacturerPackage(), memorySink(), {
			sec: 'NETWPIN',
			orderSize: ORDER.length,
			progressInterval: 0,
			onProgress: (p) => seen.push(p),
			now: () => (t += 10)
		});
		const first = seen[0];
		expect(first.consumed).toBe(half);
		expect(first.etaMs).toBe((first.elapsedMs * (ORDER.length - half)) / half);
		expect(seen[seen.length - 1].etaMs).toBe(0);
	});

	it('stops on the AbortSignal with BatchError aborted, the sink holding no end record', async () => {
		const controller = new AbortController();
		const rows = Array.from({ length: 300 }, (_, i) => good(i + 10) + '\n');
		// The order arrives in pieces; the user stops after the second.
		function* pieces(): Generator<string> {
			yield HEADER + '\n';
			for (let i = 0; i < rows.length; i += 50) {
				if (i === 100) controller.abort();
				yield rows.slice(i, i + 50).join('');
			}
		}
		const sink = memorySink();
		const error = await exportBatch(compile(SIMPLE_TEMPLATE), pieces(), new ManufacturerPackage(), sink, { sec: 'NETWPIN', signal: controller.signal }).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(BatchError);
		expect((error as BatchError).code).toBe('aborted');
		// Stopped within the third piece: the first two pieces' 100 rows and at most the third's.
		const stoppedAfter = Number(/^the export was stopped after (\d+) rows: no package was written$/.exec((error as BatchError).message)?.[1]);
		expect(stoppedAfter).toBeGreaterThanOrEqual(99);
		expect(stoppedAfter).toBeLessThanOrEqual(150);
		// No end of central directory record (APPNOTE §4.3.16, PK 05 06) was written: no reader takes it for a zip.
		expect(Buffer.from(sink.bytes()).includes(Buffer.from([0x50, 0x4b, 0x05, 0x06]))).toBe(false);
	});
});

describe('an order refused as a whole', () => {
	it("writes no package when the .out file's Quantity does not match its rows (found after the last row)", async () => {
		const text = readFileSync(join(__dirname, '../../fixtures/batch/quantity-mismatch.out'));
		const sink = memorySink();
		const error = await exportBatch(compile(SIMPLE_TEMPLATE), new Uint8Array(text), new ManufacturerPackage(), sink, { mapping: parseColumnMap('MSISDN=IMSI\nAPN=IMSI'), sec: 'NETWPIN' }).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(OrderError);
		expect((error as OrderError).message).toBe('line 7: Quantity says 4 cards; the file has 3 data rows');
		expect(Buffer.from(sink.bytes()).includes(Buffer.from([0x50, 0x4b, 0x05, 0x06]))).toBe(false);
	});
});

describe('secrets in a package', () => {
	const SECRET_TEMPLATE = SIMPLE_TEMPLATE.replace('<parm name="NAP-ADDRTYPE" value="APN"/>', '<parm name="NAP-ADDRTYPE" value="APN"/>\n    <characteristic type="NAPAUTHINFO">\n      <parm name="AUTHTYPE" value="PAP"/>\n      <parm name="AUTHSECRET" value="${PIN1}"/>\n    </characteristic>');
	const order = [HEADER, good(1), good(3)].join('\n') + '\n';

	it('refuses a template that puts a secret column into every document without a passphrase or an explicit clear text', async () => {
		await expect(exportBatch(compile(SECRET_TEMPLATE), order, new ManufacturerPackage(), memorySink(), { sec: 'NETWPIN' })).rejects.toThrow(
			new BatchError('bad-option', 'every document holds a secret from column PIN1 (${PIN1}): give a passphrase to encrypt the package, or choose clear text explicitly')
		);
		await expect(exportBatch(compile(SIMPLE_TEMPLATE), order, new ManufacturerPackage({ secretColumns: ['PIN1'] }), memorySink(), {})).rejects.toThrow(
			'the manufacturer package holds the secrets asked for: give a passphrase to encrypt it, or choose clear text explicitly'
		);
		await expect(exportBatch(compile(SIMPLE_TEMPLATE), order, new ManufacturerPackage({ secretColumns: ['ADM1'] }), memorySink(), { clearText: true })).rejects.toThrow(
			'the secret column "ADM1" is not in the order (its columns: ICCID, IMSI, MSISDN, PIN1, APN)'
		);
	});

	it('encrypts with AES-256 under the passphrase: the right one reads every file, a wrong one none', async () => {
		const sink = memorySink();
		const result = await exportBatch(compile(SECRET_TEMPLATE), order, new ManufacturerPackage({ secretColumns: ['PIN1'] }), sink, { sec: 'NETWPIN', protection: { passphrase: 'correct horse' } });
		expect(result.encrypted).toBe(true);
		const files = new Map(await unzipAll(sink.bytes(), 'correct horse'));
		expect([...files.keys()]).toEqual([`${iccid(1)}.xml`, `${iccid(1)}.wbxml`, `${iccid(3)}.xml`, `${iccid(3)}.wbxml`, 'manifest.csv', 'rejected.csv', 'secrets.csv']);
		expect(decoder.decode(files.get('secrets.csv'))).toBe(`iccid,PIN1\n${iccid(1)},1001\n${iccid(3)},1003\n`);
		expect(decoder.decode(files.get(`${iccid(1)}.xml`))).toContain('<parm name="AUTHSECRET" value="1001"/>');
		// The secret is nowhere in the package's bytes as written.
		expect(Buffer.from(sink.bytes()).includes(Buffer.from('value="1001"'))).toBe(false);
		await expect(unzipAll(sink.bytes(), 'wrong horse')).rejects.toThrow();
	});

	it('writes key bytes in secrets.csv as the hex the order gave (Ki, OPc, a hex ADM1) and digit keys as digits', async () => {
		// Ki/OPc are 16 key bytes (32 hex in the order), ADM1 0A1B… is 8 key bytes, ADM1 12345678 is 8 digits sent as
		// their ASCII bytes (bureau-files.md §4): secrets.csv must give each back in the form a bureau reads, not raw bytes.
		const ki = '000102030405060708090A0B0C0D0E0F';
		const opc = 'F0E0D0C0B0A090807060504030201000';
		const keyed = [
			'ICCID,IMSI,MSISDN,PIN1,APN,KI,OPC,ADM1',
			`${iccid(1)},${imsi(1)},${msisdn(1)},1001,apn1,${ki.toLowerCase()},${opc},0a1b2c3d4e5f6071`,
			`${iccid(3)},${imsi(3)},${msisdn(3)},1003,apn3,${ki},${opc},12345678`
		].join('\n') + '\n';
		const sink = memorySink();
		await exportBatch(compile(SIMPLE_TEMPLATE), keyed, new ManufacturerPackage({ secretColumns: ['KI', 'OPC', 'ADM1', 'PIN1'] }), sink, { sec: 'NETWPIN', clearText: true });
		const files = new Map(await unzipAll(sink.bytes()));
		expect(decoder.decode(files.get('secrets.csv'))).toBe(`iccid,KI,OPC,ADM1,PIN1\n${iccid(1)},${ki},${opc},0A1B2C3D4E5F6071,1001\n${iccid(3)},${ki},${opc},12345678,1003\n`);
	});

	it('refuses a SEC method that is not one, also a name every object inherits (toString), echoing it safely', async () => {
		for (const [sec, shown] of [['toString', '"toString"'], ['NETW\u202ePIN', '"NETW\\u202ePIN"']]) {
			await expect(exportBatch(compile(SIMPLE_TEMPLATE), order, new ManufacturerPackage(), memorySink(), { sec: sec as 'NETWPIN' })).rejects.toThrow(
				new BatchError('bad-option', `SEC must be NETWPIN, USERPIN or USERNETWPIN; found ${shown}`)
			);
		}
	});

	it('writes secrets in clear text only when that is chosen explicitly', async () => {
		const sink = memorySink();
		await exportBatch(compile(SECRET_TEMPLATE), order, new ManufacturerPackage(), sink, { sec: 'NETWPIN', clearText: true });
		expect(Buffer.from(sink.bytes()).includes(Buffer.from('<parm name="AUTHSECRET" value="1003"/>'))).toBe(true);
	});
});

describe('operator OTA package', () => {
	it('holds msisdn,part,pdu lines with the PDUs `pstudio ota --to <MSISDN> --sec NETWPIN --imsi <IMSI>` prints for each row', async () => {
		const template = compile(SIMPLE_TEMPLATE);
		const sink = memorySink();
		const result = await exportBatch(template, ORDER, new OtaPackage(), sink, { sec: 'NETWPIN' });
		expect(result.entries).toBe(2);
		const files = new Map(await unzipAll(sink.bytes()));
		const expected = ['msisdn,part,pdu'];
		for (const n of [1, 3, 6]) {
			// The row's document as the manufacturer package writes it, then through `pstudio ota` one by one.
			const manufacturer = memorySink();
			await exportBatch(template, [HEADER, good(n)].join('\n'), new ManufacturerPackage(), manufacturer, {});
			const wbxml = new Map(await unzipAll(manufacturer.bytes())).get(`${iccid(n)}.wbxml`)!;
			const file = join(work, `${n}.wbxml`);
			writeFileSync(file, wbxml);
			let out = '';
			const code = await runOta([file, '--to', msisdn(n), '--sec', 'NETWPIN', '--imsi', imsi(n)], { stdout: (d) => void (out += String(d)), stderr: () => undefined });
			expect(code).toBe(0);
			out.trimEnd().split('\n').forEach((line, i) => expected.push(`${msisdn(n)},${i + 1},${line.split(' ')[1]}`));
		}
		expect(expected.length).toBeGreaterThan(4);
		expect(decoder.decode(files.get('pdus.csv'))).toBe(expected.join('\n') + '\n');
		expect(decoder.decode(files.get('rejected.csv')).split('\n').length).toBe(5);
	});

	it('pushes a DM bootstrap (SyncML DM WBXML) as `pstudio ota` does: the syncml.dm content type and application id', async () => {
		const text = readFileSync(join(__dirname, '../../fixtures/template/dm-account.xml'), 'utf8');
		const compiled = compileDmTemplate(text, { rendering: { as: 'syncml', deviceId: 'IMEI:${IMEI}' } });
		if (!compiled.ok) throw new Error(compiled.findings.map((f) => f.message).join('\n'));
		const order = ['ICCID,MSISDN,NODE,NAME,PORT,IMEI,CLIENT_SECRET,SERVER_SECRET', `${iccid(1)},${msisdn(1)},acme,Acme DM,443,490154203237518,c1secret,s1secret`].join('\n') + '\n';
		const manufacturer = memorySink();
		await exportBatch(compiled.template, order, new ManufacturerPackage(), manufacturer, { clearText: true });
		const wbxml = new Map(await unzipAll(manufacturer.bytes())).get(`${iccid(1)}.wbxml`)!;
		const file = join(work, 'dm.wbxml');
		writeFileSync(file, wbxml);
		let out = '';
		expect(await runOta([file, '--to', msisdn(1)], { stdout: (d) => void (out += String(d)), stderr: () => undefined })).toBe(0);
		const sink = memorySink();
		await exportBatch(compiled.template, order, new OtaPackage(), sink, { clearText: true });
		const expected = ['msisdn,part,pdu', ...out.trimEnd().split('\n').map((line, i) => `${msisdn(1)},${i + 1},${line.split(' ')[1]}`)];
		expect(decoder.decode(new Map(await unzipAll(sink.bytes())).get('pdus.csv'))).toBe(expected.join('\n') + '\n');
	});

	it('refuses an order without an MSISDN column: an SMS-SUBMIT holds its destination', async () => {
		await expect(exportBatch(compile(SIMPLE_TEMPLATE.replace('${MSISDN}', 'x')), `ICCID,IMSI,APN\n${iccid(1)},${imsi(1)},apn\n`, new OtaPackage(), memorySink(), {})).rejects.toThrow(
			"the package needs each row's MSISDN; the order has no MSISDN column (its columns: ICCID, IMSI, APN)"
		);
	});
});
