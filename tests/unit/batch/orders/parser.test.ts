// The order as a whole: what is refused (one OrderError naming its line), what is only said (warnings), encodings,
// line breaks, options, and the sources openOrder reads from.
import { describe, expect, it } from 'vitest';
import { openOrder, OrderError, OrderParser, readWholeOrder, type OrderOptions, type OrderSource } from '../../../../src/lib/batch';
import { shown } from './helpers';

async function refusal(source: OrderSource, options: OrderOptions = {}): Promise<string> {
	try {
		const order = await readWholeOrder(source, options);
		if (order.error !== undefined) return `${order.error.code}: ${order.error.message}`;
	} catch (e) {
		if (e instanceof OrderError) return `${e.code}: ${e.message}`;
		throw e;
	}
	throw new Error('the order was not refused');
}

describe('orders refused as a whole', () => {
	it('an empty file, a headerless file, duplicate column names', async () => {
		expect(await refusal('')).toBe('not-an-order: no header row: the file holds no CSV row');
		expect(await refusal('\n\n  \r\n')).toBe('not-an-order: no header row: the file holds no CSV row');
		// The first row of a file without a header is data: refused without quoting it back (it may hold keys).
		expect(await refusal('8949010000000000016,262010000000002,1234\n')).toBe(
			"bad-header: line 1: column 1's name looks like a value (4 digits or 8 hex digits in a row): the first row holds data, not column names (an order needs a header row)"
		);
		expect(await refusal('ICCID,imsi,Iccid\n')).toBe('bad-header: line 1: columns 1 and 3 are both named ICCID (names are compared without case, as pySim does)');
	});

	it('column names and no row: a cut export or the wrong file, not an order of 0 cards', async () => {
		// Was read as an order of 0 rows: `batch export` wrote an empty package with exit 0.
		expect(await refusal('ICCID,IMSI,PIN1\n')).toBe('not-an-order: line 1: no data rows: the file ends after its column names');
		// Blank lines after the names are no rows either (a spreadsheet's trailing empty lines); the header line is 2.
		expect(await refusal('\nICCID;IMSI\r\n\r\n;\r\n')).toBe('not-an-order: line 2: no data rows: the file ends after its column names');
	});

	it('a row longer than the reader holds, with or without an open quote', async () => {
		expect(await refusal(`a,b\n${'x'.repeat(1_100_000)}`)).toBe('line-too-long: line 2: a row longer than 1048576 characters: not a CSV order');
		expect(await refusal(`a,b\n1,"${'x'.repeat(1_100_000)}`)).toBe(
			'line-too-long: line 2: the quoted value opened on line 2 in column 2 runs past 1048576 characters: its closing quote is missing'
		);
		expect(await refusal(`a\n${','.repeat(5000)}\n`)).toBe('line-too-long: line 2: more than 4096 values in one row');
	});

	it('.out structure: no var_out, two var_out lines, rows before var_out, empty names, Quantity not a number', async () => {
		expect(await refusal('*HEADER DESCRIPTION\nQuantity : 1\n')).toBe('not-an-order: no var_out line naming the columns: not a vendor output file');
		expect(await refusal('*OUTPUT\nvar_out: ICCID\n8949010000000000016\nvar_out: IMSI\n')).toBe('bad-header: line 4: a second var_out line (the first is on line 2)');
		expect(await refusal('*OUTPUT VARIABLES\n8949010000000000016\n')).toBe('bad-header: line 2: a data row before the var_out line that names the columns');
		expect(await refusal('var_out: ICCID//IMSI\n')).toBe('bad-header: line 1: var_out: column 2 has no name');
		expect(await refusal('var_out:\n')).toBe('bad-header: line 1: var_out names no columns');
		expect(await refusal('*HEADER\nQuantity : many\n*OUTPUT\nvar_out: ICCID\n')).toBe('bad-quantity: line 2: Quantity is not a whole number of cards');
		expect(await refusal('ICCID\n8949010000000000016\n', { format: 'out' })).toBe('not-an-order: no var_out line naming the columns: not a vendor output file');
	});

	it('options that cannot be used', async () => {
		expect(await refusal('x', { delimiter: '|' as ',' })).toBe(`bad-option: the CSV separator must be ',', ';' or tab, not "|"`);
		expect(await refusal('x', { format: 'xlsx' as 'csv' })).toBe('bad-option: the order format must be csv or out, not "xlsx"');
	});
});

describe('what the reader says without refusing', () => {
	it('header lines without a colon, unknown sections, input values that do not match their names, no Quantity', async () => {
		const order = await readWholeOrder(
			'*HEADER\nCustomer : X\nthis line has no colon\n*TRAILER\nwhatever\n*INPUT\nvar_In: ICCID/IMSI\n8949010000000000016\n*OUTPUT\nvar_out: ICCID\n8949010000000000016\n'
		);
		expect(order.error).toBeUndefined();
		expect(order.summary.warnings.map((w) => w.message)).toEqual([
			'line 3: not a "Key : value" line in the header block; ignored',
			'line 4: a section other than HEADER, INPUT or OUTPUT; its lines are ignored',
			'line 8: 1 input value for the 2 names of line 7',
			'no Quantity in the header block: the number of rows cannot be checked'
		]);
		expect(order.rows.map((r) => r.line)).toEqual([11]);
	});
});

describe('encodings and line breaks', () => {
	it('reads UTF-16 LE and BE after their BOM', async () => {
		const le = Uint8Array.from([0xff, 0xfe, ...Buffer.from('ICCID;PIN1\r\n8949010000000000016;1234\r\n', 'utf16le')]);
		const be = Uint8Array.from([0xfe, 0xff, ...Buffer.from('ICCID\tPIN1\n8949010000000000016\t1234\n', 'utf16le').swap16()]);
		for (const [bytes, encoding, delimiter] of [
			[le, 'utf-16le', ';'],
			[be, 'utf-16be', '\t']
		] as const) {
			const order = await readWholeOrder(bytes);
			expect(order.header).toMatchObject({ encoding, bom: true, delimiter });
			expect(order.rows.map(shown)).toEqual([['8949010000000000016', 'PIN1=31323334']]);
		}
	});

	it('reads UTF-16 LE and BE without a BOM, known by the NUL byte of the first ASCII character', async () => {
		// 'I' in UTF-16 LE is the bytes 49 00 and in BE 00 49; no UTF-8 text has a NUL byte, so the order is UTF-16.
		const text = 'ICCID,PIN1\r\n8949010000000000016,1234\r\n';
		const le = new Uint8Array(Buffer.from(text, 'utf16le'));
		const be = new Uint8Array(Buffer.from(text, 'utf16le').swap16());
		for (const [bytes, encoding] of [
			[le, 'utf-16le'],
			[be, 'utf-16be']
		] as const) {
			const order = await readWholeOrder(bytes);
			expect(order.header).toMatchObject({ encoding, bom: false, delimiter: ',' });
			expect(order.header.columns.map((c) => c.name)).toEqual(['ICCID', 'PIN1']);
			expect(order.rows.map(shown)).toEqual([['8949010000000000016', 'PIN1=31323334']]);
		}
	});

	it('sets aside a row holding bytes that are not UTF-8 (a Windows-1252 file), keeping the good rows', async () => {
		// "M\xfcller" is Müller in Windows-1252; 0xFC is no UTF-8 sequence, so the decoder could only give U+FFFD
		// (at character 2) and the name would reach the documents changed.
		const bytes = Uint8Array.from([...Buffer.from('ICCID,NAME\n8949010000000000016,M'), 0xfc, ...Buffer.from('ller\n8949010000000000024,Muller\n')]);
		const order = await readWholeOrder(bytes);
		expect(order.rows.map(shown)).toEqual([['8949010000000000024', 'Muller']]);
		expect(order.rejections.map((r) => r.message)).toEqual([
			'line 2, column 2 (NAME): character 2 is not UTF-8 (a byte of another encoding, e.g. Windows-1252 "ANSI": save the file as UTF-8)'
		]);
	});

	it('refuses column names holding a control character or a byte that is not UTF-8, without repeating them', async () => {
		// ESC (U+001B) at character 2 of "K\x1b[31mI" would colour every terminal line that names the column.
		expect(await refusal('ICCID,K\u001b[31mI\n8949010000000000016,x\n')).toBe(
			"bad-header: line 1: column 2's name: character 2 is U+001B, a control character; a column name is printable text"
		);
		expect(await refusal(Uint8Array.from([...Buffer.from('ICCID,N'), 0xe4, ...Buffer.from('me\n')]))).toBe(
			'bad-header: line 1: column 2\'s name: character 2 is not UTF-8 (a byte of another encoding, e.g. Windows-1252 "ANSI": save the file as UTF-8); a column name is printable text'
		);
	});

	it('takes LF, CRLF and CR in one file, and counts a blank line', async () => {
		const order = await readWholeOrder('ICCID,PIN1\r8949010000000000016,1234\r\n8949010000000000024,1234\n\r\n8949010000000000032,1234');
		expect(order.rows.map((r) => [r.line, r.row])).toEqual([
			[2, 1],
			[3, 2],
			[5, 3]
		]);
		expect(order.summary).toMatchObject({ lines: 5, blankLines: 1 });
	});

	it('drops trailing empty values past the last column (a spreadsheet export)', async () => {
		const order = await readWholeOrder('ICCID,PIN1,,\n8949010000000000016,1234,,\n8949010000000000024,1234,,,,\n');
		expect(order.header.columns.map((c) => c.name)).toEqual(['ICCID', 'PIN1', '', '']);
		expect(order.rows.map(shown)).toEqual([
			['8949010000000000016', 'PIN1=31323334', '', ''],
			['8949010000000000024', 'PIN1=31323334', '', '']
		]);
	});

	it('a forced separator is used as given', async () => {
		const order = await readWholeOrder('ICCID;IMSI\n8949010000000000016;262010000000002\n', { delimiter: ',' });
		expect(order.header.columns.map((c) => c.name)).toEqual(['ICCID;IMSI']);
	});
});

describe('sources', () => {
	const text = 'ICCID,PIN1\n8949010000000000016,1234\n8949010000000000024,5678\n';
	const expected = [
		['8949010000000000016', 'PIN1=31323334'],
		['8949010000000000024', 'PIN1=35363738']
	];
	const bytes = new TextEncoder().encode(text);

	it('text, bytes, a Blob, an array of chunks, an async iterable and a ReadableStream give the same rows', async () => {
		const sources: OrderSource[] = [
			text,
			bytes,
			new Blob([bytes]),
			[bytes.subarray(0, 7), text.slice(7)],
			(async function* () {
				yield bytes.subarray(0, 20);
				yield bytes.subarray(20);
			})(),
			new ReadableStream<Uint8Array>({
				start(controller) {
					controller.enqueue(bytes.subarray(0, 30));
					controller.enqueue(bytes.subarray(30));
					controller.close();
				}
			})
		];
		for (const source of sources) expect((await readWholeOrder(source)).rows.map(shown)).toEqual(expected);
	});

	it('hands out a batch per chunk, with the input consumed so far', async () => {
		const order = await openOrder([bytes.subarray(0, 40), bytes.subarray(40)]);
		const consumed: number[] = [];
		for await (const batch of order.batches()) consumed.push(batch.consumed);
		expect(consumed).toEqual([40, bytes.length]);
	});

	it('stopping early cancels a ReadableStream', async () => {
		let cancelled = false;
		const stream = new ReadableStream<string>({
			pull(controller) {
				controller.enqueue('ICCID\n8949010000000000016\n'.repeat(1));
			},
			cancel() {
				cancelled = true;
			}
		});
		const order = await openOrder(stream);
		for await (const batch of order.batches()) {
			expect(batch.rows.length).toBeGreaterThan(0);
			break;
		}
		expect(cancelled).toBe(true);
	});

	it('refuses a source that is not text or bytes', async () => {
		await expect(openOrder([42 as unknown as string])).rejects.toThrow('an order source gives text or bytes (Uint8Array) chunks');
	});
});

describe('the synchronous parser', () => {
	it('gives rows as they complete, and the summary after end()', () => {
		const parser = new OrderParser();
		parser.push('ICCID,PIN1\n8949010000000000016,12');
		expect(parser.take().rows).toEqual([]);
		parser.push('34\n8949010000000000024,1');
		expect(parser.take().rows.map(shown)).toEqual([['8949010000000000016', 'PIN1=31323334']]);
		parser.end();
		const last = parser.take();
		expect(last.rejections.map((r) => r.message)).toEqual(['line 3, column 2 (PIN1): 1 digit; a PIN is 4 to 8 digits (TS 102 221 §9.5.1)']);
		expect(parser.summary).toMatchObject({ rows: 2, accepted: 1, rejectedRows: 1, lines: 3 });
		expect(() => parser.push('more')).toThrow('text given after the end of the order');
	});
});
