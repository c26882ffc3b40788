// Public face of order files: CSV (pySim's conventions included, encrypted columns too) and SIM vendors' .out
// files, read as a stream into checked rows (secrets as Secret) and rejections that name line, column and reason.
export { openOrder, readWholeOrder, PIECE, type Order, type OrderChunk, type OrderOptions, type OrderSource, type WholeOrder } from './order';
export {
	OrderParser,
	MAX_WARNINGS,
	type OrderBatch,
	type OrderEncoding,
	type OrderFormat,
	type OrderHeader,
	type OrderParserOptions,
	type OrderSummary,
	type OrderWarning
} from './parser';
export { OrderError, describePlace, type OrderColumnRef, type OrderErrorCode, type OrderRejection } from './error';
export { COLUMN_RULES, columnKey, ruleFor, type ColumnKind, type ColumnRule, type OrderColumn } from './columns';
export type { FormCount, OrderRow } from './rows';
export { FORM_DESCRIPTIONS, luhnDigit, type OrderValue, type ValueForm } from './values';
export { COLUMN_KEY_GROUPS, decryptValues, parseColumnKey, type ColumnKey } from './column-keys';
export { CSV_DELIMITERS, delimiterName, type CsvDelimiter } from './csv';
export type { RowSeparator, VendorEntry, VendorHeader } from './vendor-out';
export { MAX_ROW_CHARS, MAX_VALUES } from './context';
export { valueOf } from './access';
export { orderValueText } from './value-text';
