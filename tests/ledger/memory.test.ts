// The ledger contract on the in-memory store (the reference the SQLite and PostgreSQL stores are held to).
import { MemoryLedgerStore } from '../../src/lib/batch/ledger/index';
import { ledgerContract } from './contract';

ledgerContract('memory', async () => {
	let now = Date.UTC(2026, 11, 5, 1, 0, 0);
	const store = new MemoryLedgerStore({ clock: () => now });
	return {
		store,
		advance: (ms) => {
			now += ms;
		},
		now: async () => now,
		another: async () => store,
		dispose: () => store.close()
	};
});
