// A row's value by column name, for code that maps columns (templates, packages).
import { columnKey } from './columns';
import type { OrderHeader } from './parser';
import type { OrderRow } from './rows';
import type { OrderValue } from './values';

/** The value of the column with this name (any case) in the row; undefined for an empty cell or no such column. */
export function valueOf(header: OrderHeader, row: OrderRow, name: string): OrderValue | undefined {
	const column = header.byKey.get(columnKey(name));
	return column === undefined ? undefined : row.values[column.number - 1];
}
