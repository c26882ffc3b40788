// `--ledger L`: a postgres:// URL → the PostgreSQL store; a path → the SQLite file; absent → `<order>.ledger.sqlite`
// next to the order file (issue 12: the embedded default lives beside what it records).
import { LedgerError, type LedgerStore } from '../../batch/ledger/index';
import { PostgresLedgerStore, type PostgresLedgerOptions } from './postgres';
import { SqliteLedgerStore, type SqliteLedgerOptions } from './sqlite';

export interface OpenLedgerOptions {
	readonly sqlite?: SqliteLedgerOptions;
	readonly postgres?: PostgresLedgerOptions;
}

/** Whether `--ledger` names a PostgreSQL database rather than a file. */
export function isPostgresUrl(spec: string): boolean {
	return /^postgres(ql)?:\/\//i.test(spec);
}

/** The default ledger file of an order: `orders.csv` → `orders.csv.ledger.sqlite`, in the same folder. */
export function defaultLedgerPath(orderPath: string): string {
	return `${orderPath}.ledger.sqlite`;
}

/** Where the ledger of this run is, for messages (a URL without its password). */
export function describeLedger(spec: string | undefined, orderPath: string): string {
	if (spec === undefined || spec === '') return defaultLedgerPath(orderPath);
	if (isPostgresUrl(spec)) {
		try {
			const url = new URL(spec);
			url.password = '';
			return url.toString();
		} catch {
			return 'postgres://…';
		}
	}
	return spec;
}

/** Opens the ledger `--ledger` names (or the order's default file). Throws LedgerError `storage` / `bad-argument`. */
export async function openLedger(spec: string | undefined, orderPath: string, options: OpenLedgerOptions = {}): Promise<LedgerStore> {
	if (spec === undefined || spec === '') return SqliteLedgerStore.open(defaultLedgerPath(orderPath), options.sqlite);
	if (isPostgresUrl(spec)) return PostgresLedgerStore.open(spec, options.postgres);
	if (/^[a-z][a-z0-9+.-]*:\/\//i.test(spec)) throw new LedgerError('bad-argument', `--ledger takes a file path or a postgres:// URL; found a ${spec.slice(0, spec.indexOf(':'))}:// URL`);
	return SqliteLedgerStore.open(spec, options.sqlite);
}
