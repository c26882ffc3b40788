import { describe, expect, it } from 'vitest';
import { PROV } from '../../../src/lib/codec/wbxml';
import { parseXml } from '../../../src/lib/codec/xml';
import { HexSpans, viewSpans } from '../../../src/lib/ui/analysis';
import { BYTES_PER_ROW, HexRows, moveActive, offsetText } from '../../../src/lib/ui/hex/rows';
import { ORACLE_WBXML, ORACLE_XML } from './oracle-stream';

function oracleRows(): HexRows {
	return new HexRows(new HexSpans(viewSpans(ORACLE_XML, parseXml(ORACLE_XML), ORACLE_WBXML, PROV).spans, ORACLE_WBXML));
}

describe('hex view rows (one per span, long spans continued every 8 bytes)', () => {
	const rows = oracleRows();

	it('gives the 60 spans of ORACLES.md §1 64 rows: STR_I "Example GPRS" (14 bytes) takes 2, "internet.example.com" (22) 3, the URL (25) 4', () => {
		expect(BYTES_PER_ROW).toBe(8);
		expect(rows.count).toBe(60 + 1 + 2 + 3);
		expect(rows.byteCount).toBe(132);
		const row = rows.rowOf(0x12);
		expect([rows.starts[row], rows.end(row), rows.isFirst(row)]).toEqual([0x12, 0x1a, true]);
		expect([rows.starts[row + 1], rows.end(row + 1), rows.isFirst(row + 1)]).toEqual([0x1a, 0x20, false]);
		expect(rows.spanOf[row + 1]).toBe(rows.spanOf[row]);
	});

	it('moves by byte left and right, stopping at both ends', () => {
		const key = (k: string, at: number) => moveActive(rows, at, { key: k }, 10);
		expect(key('ArrowRight', 0x11)).toBe(0x12);
		expect(key('ArrowLeft', 0x12)).toBe(0x11);
		expect(key('ArrowLeft', 0)).toBe(0);
		expect(key('ArrowRight', 131)).toBe(131);
	});

	it('moves by row up and down in the same column, clamped to a shorter row', () => {
		const key = (k: string, at: number) => moveActive(rows, at, { key: k }, 10);
		// 0x14 is column 2 of the row 0x12..0x19; the next row 0x1A..0x1F has that column at 0x1C.
		expect(key('ArrowDown', 0x14)).toBe(0x1c);
		// The row after that is END (0x20, one byte): column 2 clamps to its only byte.
		expect(key('ArrowDown', 0x1c)).toBe(0x20);
		expect(key('ArrowUp', 0x20)).toBe(0x1a);
		expect(key('ArrowUp', 0)).toBe(0);
		expect(key('ArrowDown', 131)).toBe(131);
	});

	it('goes to the row’s ends with Home/End, the stream’s with Ctrl, and a page of rows with PageUp/PageDown', () => {
		expect(moveActive(rows, 0x1c, { key: 'Home' }, 10)).toBe(0x1a);
		expect(moveActive(rows, 0x1a, { key: 'End' }, 10)).toBe(0x1f);
		expect(moveActive(rows, 0x40, { key: 'Home', ctrlKey: true }, 10)).toBe(0);
		expect(moveActive(rows, 0, { key: 'End', ctrlKey: true }, 10)).toBe(131);
		// Rows 0..9 are the ten one-byte spans 00..09 (version, public id, charset, table 03..08 is one row, then C5 …).
		const down = moveActive(rows, 0, { key: 'PageDown' }, 5)!;
		expect(rows.rowOf(down)).toBe(5);
		expect(moveActive(rows, down, { key: 'PageUp' }, 5)).toBe(0);
		expect(moveActive(rows, 5, { key: 'a' }, 5)).toBeUndefined();
	});

	it('writes offsets with four upper-case hex digits', () => {
		expect(offsetText(0x1f)).toBe('001F');
		expect(offsetText(0x12345)).toBe('12345');
	});
});
