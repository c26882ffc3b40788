// Public face of the ledger stores (issue 12), the Node side of batch/ledger: SQLite (embedded default, one file
// next to the order) and PostgreSQL (several stations on one order). openLedger() resolves `--ledger`.
export { SqliteLedgerStore, type SqliteLedgerOptions } from './sqlite';
export { PostgresLedgerStore, parsePostgresUrl, type PostgresLedgerOptions, type PostgresPlace } from './postgres';
export { defaultLedgerPath, describeLedger, isPostgresUrl, openLedger, type OpenLedgerOptions } from './resolve';
