// The bad-order corpus (tests/fixtures/batch/README.md): every kind of bad row, a Quantity mismatch, truncated
// files, mixed separators, a BOM, CRLF — each with the exact line, column and reason, and every good row out with
// its exact values. Expected values are written from the fixture by hand (the reasoning beside them), never taken
// from the reader's output.
import { describe, expect, it } from 'vitest';
import { OrderError } from '../../../../src/lib/batch';
import { asciiHex, readFixture, shown } from './helpers';

const KI = '000102030405060708090A0B0C0D0E0F';
const OPC = '0F0E0D0C0B0A09080706050403020100';
const KIC = '00112233445566778899AABBCCDDEEFF';

/** A good row of bad-rows.csv, with the ICCID, IMSI and MSISDN of its line. */
function goodRow(iccid: string, imsi: string, msisdn: string): string[] {
	return [iccid, imsi, msisdn, `PIN1=${asciiHex('1234')}`, `PUK1=${asciiHex('12345678')}`, `ADM1=${asciiHex('88888888')}`, `KI=${KI}`, `OPC=${OPC}`, `KIC1=${KIC}`, '0001', '262', '01'];
}

const ADM_RULE = 'an ADM key is 8 digits (sent as ASCII) or 16 hex digits (the 8 bytes VERIFY sends, TS 102 221 §9.5.1)';

describe('bad-rows.csv: one row per kind of fault, the good rows go on', () => {
	it('sets aside lines 3 to 20 with their column and reason, and gives lines 2, 21 and 22', async () => {
		const order = await readFixture('bad-rows.csv');
		expect(order.error).toBeUndefined();
		expect(order.header.delimiter).toBe(',');
		expect(order.rejections.map((r) => r.message)).toEqual([
			// 8949010000000000025: Luhn over the first 18 digits gives 4 (the fixture README's Python Luhn).
			'line 3, column 1 (ICCID): check digit 5 does not match the Luhn digit 4 of the first 18 digits (ITU-T E.118)',
			'line 4, column 1 (ICCID): character 12 is not a digit; an ICCID is 18 to 20 digits ending in its Luhn check digit (ITU-T E.118), optionally followed by F',
			'line 5, column 2 (IMSI): 16 digits; an IMSI is 6 to 15 digits (ITU-T E.212: MCC, MNC, MSIN)',
			'line 6, column 3 (MSISDN): character 4 is not a digit; an MSISDN is up to 15 digits (ITU-T E.164), optionally after +',
			'line 7, column 4 (PIN1): 3 digits; a PIN is 4 to 8 digits (TS 102 221 §9.5.1)',
			'line 8, column 5 (PUK1): 7 digits; a PUK is 8 digits (TS 102 221 §9.5.1)',
			`line 9, column 6 (ADM1): 5 characters; ${ADM_RULE}`,
			'line 10, column 7 (KI): 31 hex digits; KI is 16 bytes, 32 hex digits (TS 35.206)',
			'line 11, column 8 (OPC): character 5 is not a hex digit; OPC is 16 bytes, 32 hex digits (TS 35.206)',
			'line 12, column 9 (KIC1): 40 hex digits; KIC1 is a 16-, 24- or 32-byte key: 32, 48 or 64 hex digits (TS 102 225)',
			'line 13, column 10 (ACC): 3 hex digits; ACC is 2 bytes, 4 hex digits (EF.ACC, TS 31.102 §4.2.15)',
			// MCC 263 against IMSI 262010000000014.
			'line 14, column 11 (MCC): the IMSI does not begin with this MCC (ITU-T E.212)',
			'line 15, column 1 (ICCID): the same ICCID as line 2, which has it first',
			'line 16, column 2 (IMSI): the same IMSI as line 2, which has it first',
			'line 17: 11 values, fewer than the 12 columns the header names',
			"line 18: 1 value, fewer than the 12 columns the header names (this row holds ';'; the file's separator is ',')",
			'line 19: text after the closing quote of the value in column 1',
			'line 20, column 4 (PIN1): character 3 is not a digit; a PIN is 4 to 8 digits (TS 102 221 §9.5.1), or their ASCII hex FF-padded to 16 hex digits',
			'line 20, column 7 (KI): 34 hex digits; KI is 16 bytes, 32 hex digits (TS 35.206)'
		]);
		expect(order.rejections.map((r) => r.code)).toEqual([
			'bad-value',
			'bad-value',
			'bad-value',
			'bad-value',
			'bad-value',
			'bad-value',
			'bad-value',
			'bad-value',
			'bad-value',
			'bad-value',
			'bad-value',
			'bad-value',
			'duplicate-iccid',
			'duplicate-imsi',
			'field-count',
			'field-count',
			'bad-quoting',
			'bad-value',
			'bad-value'
		]);
		// Row numbers count data rows (line - 1 here: the header is line 1, no blank lines).
		expect(order.rejections.map((r) => r.row)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 19]);
		expect(order.rejections[12]).toMatchObject({ firstLine: 2, column: { number: 1, name: 'ICCID' } });
		expect(order.rows.map((r) => [r.line, r.row])).toEqual([
			[2, 1],
			[21, 20],
			[22, 21]
		]);
		expect(shown(order.rows[0])).toEqual(goodRow('8949010000000000016', '262010000000002', '+491701000002'));
		expect(shown(order.rows[1])).toEqual(goodRow('8949010000000000206', '262010000000021', '+491701000021'));
		// Line 22 in on-card forms: 98 94 10 00 00 00 00 00 12 F4 is 8949010000000000214 nibble-swapped with its F;
		// 08 29 26 10 00 00 00 00 22 is EF.IMSI of 262010000000022 (length 8; 2 with odd parity 9; 6 2; 0 1; …; 2 2);
		// 31323334FFFFFFFF is PIN 1234; 3132333435363738 is PUK 12345678; the ADM is taken as 16 hex digits.
		expect(shown(order.rows[2])).toEqual(goodRow('8949010000000000214', '262010000000022', '491701000022'));
		expect(order.summary).toMatchObject({ lines: 22, blankLines: 0, rows: 21, accepted: 3, rejectedRows: 18, rejections: 19 });
	});

	it('says per column which forms it found, with counts and the first line of each', async () => {
		const { summary } = await readFixture('bad-rows.csv');
		const forms = (n: number) => summary.forms[n - 1].map((f) => `${f.form}×${f.count}@${f.firstLine}`);
		// Forms are counted for values that pass their check, on rows whose values could be split (not 17–19).
		// ICCID: lines 2, 5–16, 20, 21 (3 fails Luhn, 4 has an X); line 22 is nibble-swapped.
		expect(forms(1)).toEqual(['digits×15@2', 'ef-iccid×1@22']);
		// IMSI: lines 2–4, 6–16, 20, 21 (5 has 16 digits); line 22 is EF.IMSI.
		expect(forms(2)).toEqual(['digits×16@2', 'ef-imsi×1@22']);
		// PIN1: lines 2–6, 8–16, 21 (7 and 20 fail); line 22 is ASCII hex.
		expect(forms(4)).toEqual(['digits×15@2', 'ascii-hex×1@22']);
		// ADM1: lines 2–8, 10–16, 20, 21 (9 fails) as ASCII digits; line 22 as 16 hex digits.
		expect(forms(6)).toEqual(['adm-ascii×16@2', 'adm-hex×1@22']);
	});
});

describe('BOM, CRLF, semicolons and quoted values', () => {
	it('reads bom-crlf-semicolon.csv: the BOM dropped, ; found, quotes undone, a line break inside quotes counted', async () => {
		const order = await readFixture('bom-crlf-semicolon.csv');
		expect(order.header).toMatchObject({ format: 'csv', bom: true, encoding: 'utf-8', delimiter: ';', line: 1 });
		expect(order.header.columns.map((c) => `${c.name}:${c.kind}`)).toEqual(['iccid:iccid', 'imsi:imsi', 'ki:aka-key', 'opc:aka-key', 'pin_adm:adm', 'acc:acc', 'notes:text']);
		expect(order.rows.map((r) => r.line)).toEqual([2, 3, 4]);
		expect(order.rows.map((r) => shown(r)[6])).toEqual(['first; with separator', 'a "quoted" word', 'two\r\nlines']);
		// pin_adm 88888888 is ASCII (pySim-prog), 3838383838383838 the same key as 16 hex digits.
		expect(order.rows.map((r) => shown(r)[4])).toEqual([`PIN_ADM=${asciiHex('88888888')}`, `PIN_ADM=${asciiHex('88888888')}`, `PIN_ADM=${asciiHex('12345678')}`]);
		// The row after the two-line value starts on line 6.
		expect(order.rejections.map((r) => r.message)).toEqual([`line 6, column 5 (pin_adm): 7 characters; ${ADM_RULE}`]);
		expect(order.summary).toMatchObject({ lines: 6, rows: 4, accepted: 3, rejectedRows: 1 });
	});

	it('reads tab.tsv: tab found, a blank line skipped, spaces around a value trimmed', async () => {
		const order = await readFixture('tab.tsv');
		expect(order.header.delimiter).toBe('\t');
		expect(order.rows.map((r) => [r.line, ...shown(r)])).toEqual([
			[2, '8949010000000000016', '262010000000002', `PIN1=${asciiHex('1234')}`, `PUK1=${asciiHex('12345678')}`],
			[4, '8949010000000000024', '262010000000003', `PIN1=${asciiHex('0000')}`, `PUK1=${asciiHex('87654321')}`]
		]);
		expect(order.summary).toMatchObject({ lines: 4, blankLines: 1, rows: 2 });
	});

	it("reads pySim's csv-format columns (iccid, imsi, mcc, mnc, smsp, ki, opc, acc, pin_adm)", async () => {
		const order = await readFixture('pysim-plain.csv');
		expect(order.header.columns.map((c) => c.kind)).toEqual(['iccid', 'imsi', 'mcc', 'mnc', 'text', 'aka-key', 'aka-key', 'acc', 'adm']);
		expect(order.rows.map(shown)).toEqual([
			['8949010000000000016', '262010000000002', '262', '01', '+491710760000', `KI=${KI}`, `OPC=${OPC}`, '0001', `PIN_ADM=${asciiHex('88888888')}`],
			['8949010000000000024', '262010000000003', '262', '01', '+491710760000', `KI=${KIC}`, 'OPC=FFEEDDCCBBAA99887766554433221100', '0002', `PIN_ADM=${asciiHex('12345678')}`]
		]);
	});
});

describe('truncated files', () => {
	it('truncated.csv: the cut row is set aside, the rows before it go on', async () => {
		const order = await readFixture('truncated.csv');
		expect(order.rows.map((r) => r.line)).toEqual([2, 3]);
		expect(order.rejections.map((r) => r.message)).toEqual(['line 4: 2 values, fewer than the 3 columns the header names']);
	});

	it('truncated-quote.csv: a file ending inside quotes names where the quote opened', async () => {
		const order = await readFixture('truncated-quote.csv');
		expect(order.rows.map((r) => r.line)).toEqual([2]);
		expect(order.rejections).toEqual([
			expect.objectContaining({
				code: 'bad-quoting',
				line: 3,
				row: 2,
				message: 'line 3: the file ends inside the quoted value opened on line 3 in column 3 (a truncated file?)'
			})
		]);
		expect(order.summary.lines).toBe(4);
	});

	it('truncated.out: the cut last row is set aside; it still counts towards Quantity', async () => {
		const order = await readFixture('truncated.out');
		expect(order.error).toBeUndefined();
		expect(order.rows.map((r) => r.line)).toEqual([18, 19]);
		expect(order.rejections.map((r) => r.message)).toEqual(['line 20: 1 value, fewer than the 3 columns the header names']);
	});
});

describe('vendor .out files', () => {
	it('footel.out (ostelco sample shape): trailing F stripped, every header and input entry kept', async () => {
		const order = await readFixture('footel.out');
		expect(order.error).toBeUndefined();
		expect(order.header).toMatchObject({ format: 'out', line: 17 });
		expect(order.header.columns.map((c) => c.name)).toEqual(['ICCID', 'IMSI', 'KI']);
		const vendor = order.header.vendor!;
		expect(vendor.entries.map((e) => [e.key, e.value, e.line])).toEqual([
			['Customer', 'Footel', 3],
			['ProfileType', 'BAR_FOOTEL_STD', 4],
			['Order Date', '2026011501', 5],
			['Batch No', '2026011501', 6],
			['Quantity', '3', 7]
		]);
		expect([vendor.customer?.value, vendor.type?.value, vendor.batch?.value, vendor.quantity?.value]).toEqual(['Footel', 'BAR_FOOTEL_STD', '2026011501', '3']);
		expect(vendor.inputVariables.map((e) => [e.key, e.value])).toEqual([
			['ICCID', '894700000000001214'],
			['IMSI', '242017100011213']
		]);
		expect(order.rows.map((r) => [r.line, ...shown(r)])).toEqual([
			[18, '8947000000000012140', '242017100011213', `KI=${'11'.repeat(16)}`],
			[19, '8947000000000012157', '242017100011214', `KI=${'22'.repeat(16)}`],
			[20, '8947000000000012165', '242017100011215', `KI=${'33'.repeat(16)}`]
		]);
		expect(order.summary.forms[0]).toEqual([{ form: 'trailing-f', count: 3, firstLine: 18 }]);
		expect(order.summary.separator).toBe('space');
	});

	it('loltel-comma.out: MNOID and the misspelt Quanitity, var_In as names and values, comma rows', async () => {
		const order = await readFixture('loltel-comma.out');
		expect(order.error).toBeUndefined();
		const vendor = order.header.vendor!;
		expect(vendor.customer).toEqual({ key: 'MNOID', value: 'Exampletel', line: 3 });
		expect(vendor.quantity).toEqual({ key: 'Quanitity', value: '2', line: 7 });
		// Empty values and keys nobody knows are kept.
		expect(vendor.entries.slice(-4).map((e) => [e.key, e.value])).toEqual([
			['SPN', 'Exampletel'],
			['SMSP', '4790000313'],
			['OP Key Index', ''],
			['Transport Key', '']
		]);
		expect(vendor.transportKey).toEqual({ key: 'Transport Key', value: '', line: 13 });
		expect(vendor.inputVariables).toEqual([
			{ key: 'ICCID', value: '8900000000000000003', line: 18 },
			{ key: 'IMSI', value: '0010100100001', line: 18 }
		]);
		expect(order.summary.separator).toBe('comma');
		expect(order.rows.map(shown)).toEqual([
			['8900000000000000003', '0010100100001', `PIN1=${asciiHex('1234')}`, `PIN2=${asciiHex('1234')}`, `PUK1=${asciiHex('12345678')}`, `PUK2=${asciiHex('12345678')}`, 'KI=123456789ABCDEF0123456789ABCDEF0'],
			['8900000000000000011', '0010100100002', `PIN1=${asciiHex('4321')}`, `PIN2=${asciiHex('4321')}`, `PUK1=${asciiHex('87654321')}`, `PUK2=${asciiHex('87654321')}`, 'KI=0FEDCBA9876543210FEDCBA987654321']
		]);
	});

	it('vendor-full.out (sample-out-2 shape): the repeated rows are duplicates of the first; vendor columns read', async () => {
		const order = await readFixture('vendor-full.out', { unchecked: ['adm2', 'ADM3', 'Adm4'] });
		expect(order.error).toBeUndefined();
		expect(order.header.line).toBe(27);
		expect(order.header.columns.map((c) => `${c.name}:${c.kind}${c.secret ? '*' : ''}${c.checked ? '' : '?'}`)).toEqual([
			'ICCID:iccid',
			'IMSI:imsi',
			'PIN1:pin*',
			'PUK1:puk*',
			'PIN2:pin*',
			'PUK2:puk*',
			'ADM1:adm*',
			'KI:aka-key*',
			'Access_Control:acc',
			'Code Retailer:text',
			'Code ADM:secret*',
			'ADM2:adm*?',
			'ADM3:adm*?',
			'ADM4:adm*?'
		]);
		const vendor = order.header.vendor!;
		expect(vendor.entries.map((e) => e.key)).toEqual(['Customer', 'Quantity', 'Type', 'Profile', 'Batch', 'Transport_key', 'Address1', 'Address2', 'Address6', 'Graph_ref', 'PO_ref_number']);
		expect(vendor.entries[6]).toEqual({ key: 'Address1', value: 'ExampleTel Communications Inc.', line: 12 });
		expect(vendor.inputVariables).toEqual([
			{ key: 'IMSI', value: '001010000000001', line: 23 },
			{ key: 'Ser_nb', value: '89601619103100050016', line: 24 }
		]);
		expect(order.rows.map((r) => r.line)).toEqual([28]);
		expect(shown(order.rows[0]).slice(7)).toEqual(['KI=A1A2A3A4A5A6A7A8A9AAABACADAEAFB0', '0001', 'C1C2C3C4C5C6C7C8C9CACBCCCDCECFD0', `CODE ADM=${asciiHex('11')}`, `ADM2=${asciiHex('8123')}`, `ADM3=${asciiHex('1')}`, `ADM4=${asciiHex('1')}`]);
		expect(order.rejections.map((r) => r.message)).toEqual([
			'line 29, column 1 (ICCID): the same ICCID as line 28, which has it first',
			'line 29, column 2 (IMSI): the same IMSI as line 28, which has it first',
			'line 30, column 1 (ICCID): the same ICCID as line 28, which has it first',
			'line 30, column 2 (IMSI): the same IMSI as line 28, which has it first'
		]);
		expect(order.summary).toMatchObject({ lines: 32, blankLines: 3, rows: 3 });
	});

	it('vendor-full.out checked as it is: ADM2–ADM4 of 4 and 1 characters are not ADM keys', async () => {
		const order = await readFixture('vendor-full.out');
		expect(order.rows).toEqual([]);
		expect(order.rejections.filter((r) => r.line === 28).map((r) => r.message)).toEqual([
			`line 28, column 12 (ADM2): 4 characters; ${ADM_RULE}`,
			`line 28, column 13 (ADM3): 1 character; ${ADM_RULE}`,
			`line 28, column 14 (ADM4): 1 character; ${ADM_RULE}`
		]);
	});

	it('quantity-mismatch.out: the rows go through, then the order is refused at its Quantity line', async () => {
		const order = await readFixture('quantity-mismatch.out');
		expect(order.rows.map((r) => r.line)).toEqual([18, 19, 20]);
		expect(order.error).toBeInstanceOf(OrderError);
		expect(order.error).toMatchObject({ code: 'quantity-mismatch', line: 7, message: 'line 7: Quantity says 4 cards; the file has 3 data rows' });
		expect(order.summary).toMatchObject({ rows: 3, accepted: 3 });
	});

	it('vendor-input.inp: a vendor input file (no rows) is refused with that hint', async () => {
		const order = await readFixture('vendor-input.inp');
		expect(order.error?.message).toBe('line 7: Quantity says 5 cards; the file has 0 data rows (a vendor input file, which names the columns it wants back but has no rows?)');
	});

	it('mixed-separators.out: the row separated by spaces in a comma file is set aside with the hint', async () => {
		const order = await readFixture('mixed-separators.out');
		expect(order.error).toBeUndefined();
		expect(order.rows.map((r) => r.line)).toEqual([9, 11]);
		expect(order.rejections.map((r) => r.message)).toEqual(['line 10: 1 value, fewer than the 3 columns the header names (this row separates values by spaces; the file by commas)']);
	});
});
