// The order's rows at the station (src/lib/batch/station/rows.ts OrderRowSource): rows taken one by one as the
// order is read, a row without a usable ICCID or with an ICCID an earlier row has set aside with its line, each
// card's row found by ICCID and expanded from the template, with the row's ADM1 or the order's.
import { describe, expect, it } from 'vitest';
import { CardRows, mapColumns, openOrder, readWholeOrder } from '../../../src/lib/batch';
import { OrderRowSource, readOrderRows } from '../../../src/lib/batch/station';
import { decodeWbxml } from '../../../src/lib/codec/wbxml';
import { serializeXml } from '../../../src/lib/codec/xml';
import { compileCpTemplate } from '../../../src/lib/documents/template';
import { Secret } from '../../../src/lib/security/secret';

const TEMPLATE = `<wap-provisioningdoc version="1.0">
  <characteristic type="NAPDEF">
    <parm name="NAPID" value="NAP1"/>
    <parm name="NAME" value="Card \${ICCID}"/>
  </characteristic>
</wap-provisioningdoc>
`;

// ICCIDs 89490100000000000x with their Luhn digit (doubling every second digit from the right): 8, 16, 24.
const ORDER = [
	'ICCID,IMSI,ADM1',
	'8949010000000000008,262011000000000,20000000',
	'8949010000000000016,262011000000001,', // no ADM1 value: the order's key
	',262011000000002,20000002', // no ICCID
	'8949010000000000008,262011000000003,20000003', // the ICCID of line 2 again
	'8949010000000000024,262011000000004,20000004',
	''
].join('\n');

async function source(adm?: Secret) {
	const order = await readWholeOrder(ORDER);
	const compiled = compileCpTemplate(TEMPLATE);
	if (!compiled.ok) throw new Error('template');
	const mapping = mapColumns(compiled.template.placeholders, order.header, []);
	const cardRows = new CardRows(compiled.template, order.header, mapping, { require: ['iccid'] });
	const rows = new OrderRowSource(order.header, cardRows, adm === undefined ? {} : { adm });
	const misses = order.rows.map((row) => rows.add(row));
	return { rows, misses, order };
}

describe('OrderRowSource', () => {
	it('sets aside the rows it cannot match to a card, with their lines, as they come', async () => {
		const { rows, misses, order } = await source();
		// The order reader sets aside the second row with an ICCID; the row without one comes through.
		expect(order.rejections.map((r) => `${r.line}: ${r.reason}`)).toEqual(['5: the same ICCID as line 2, which has it first']);
		expect(misses).toEqual([undefined, undefined, { line: 4, reason: 'no ICCID: the row cannot be matched to a card' }, undefined]);
		// Rows given by other means than the reader (the Batch page's upload) are checked here too: the same card
		// twice (F filler is no difference: ledger ICCIDs are digits), or an ICCID the ledger cannot hold.
		const again = { line: 9, row: 8, values: ['8949010000000000008FF', '262011000000009', Secret.fromText('ADM1', '20000009')] };
		expect(rows.add(again)).toEqual({ line: 9, reason: 'ICCID 8949010000000000008 is also on line 2' });
		const bad = { line: 10, row: 9, values: ['12345', '262011000000010', Secret.fromText('ADM1', '20000010')] };
		expect(rows.add(bad)).toEqual({ line: 10, reason: 'an ICCID is 18 to 20 digits, optionally followed by F filler; found "12345"' });
		expect(rows.size).toBe(3);
		expect([...rows.seeds()]).toEqual([
			{ iccid: '8949010000000000008', rowIndex: 1 },
			{ iccid: '8949010000000000016', rowIndex: 2 },
			{ iccid: '8949010000000000024', rowIndex: 5 }
		]);
	});

	it('reads an order into the rows with every row set aside in file order: the reader\'s refusals and the rows without ICCID', async () => {
		const compiled = compileCpTemplate(TEMPLATE);
		if (!compiled.ok) throw new Error('template');
		const order = await openOrder(ORDER);
		const cardRows = new CardRows(compiled.template, order.header, mapColumns(compiled.template.placeholders, order.header, []), { require: ['iccid'] });
		const rows = new OrderRowSource(order.header, cardRows);
		const setAside: string[] = [];
		let batches = 0;
		await readOrderRows(order, rows, (row) => setAside.push(`${row.line}: ${row.reason}`), () => batches++);
		// Line 4 has no ICCID (the row store's refusal); line 5 repeats line 2's (the order reader's, with its column).
		expect(setAside).toEqual(['4: no ICCID: the row cannot be matched to a card', '5: ICCID: the same ICCID as line 2, which has it first']);
		expect(batches).toBe(1);
		expect([...rows.seeds()].map((s) => s.rowIndex)).toEqual([1, 2, 5]);
	});

	it("writes a card with its own row's document and ADM1", async () => {
		const { rows } = await source();
		const found = await rows.lookup('8949010000000000024');
		if (!found.ok) throw new Error(found.reason);
		expect(new TextDecoder().decode(found.write.adm.reveal())).toBe('20000004');
		const xml = serializeXml(decodeWbxml(found.write.documents.bootstrap).document);
		expect(xml).toContain('<parm name="NAME" value="Card 8949010000000000024"/>');
	});

	it("takes the order's ADM1 for a row without one, and says so when there is none", async () => {
		expect(await (await source()).rows.lookup('8949010000000000016')).toEqual({
			ok: false,
			reason: 'row on line 3 has no ADM1 (no ADM1 value and no key for the order)'
		});
		const found = await (await source(Secret.fromText('ADM1', '88888888'))).rows.lookup('8949010000000000016');
		if (!found.ok) throw new Error(found.reason);
		expect(found.write.adm.revealText()).toBe('88888888');
	});

	it('answers an ICCID that is not in the order', async () => {
		expect(await (await source()).rows.lookup('8949010000000000032')).toEqual({ ok: false, reason: 'ICCID 8949010000000000032 is not in the order' });
	});
});
