// A station process for kill.test.ts: takes the ledger's rows through claim → writing → verified, and after each
// call has resolved tells the parent (IPC) which step of which row is done. The parent SIGKILLs it at a random
// message; every step it was told of must then be in the ledger.
import type { LedgerStore } from '../../src/lib/batch/ledger/index';
import { PostgresLedgerStore, SqliteLedgerStore } from '../../src/lib/server/ledger/index';

export interface KilledJob {
	readonly store: 'sqlite' | 'postgres';
	readonly where: string;
	readonly station: string;
}

export type KilledMessage = { readonly kind: 'step'; readonly iccid: string; readonly step: 'claimed' | 'writing' | 'verified' } | { readonly kind: 'finished' } | { readonly kind: 'error'; readonly message: string };

async function run(job: KilledJob): Promise<void> {
	const store: LedgerStore = job.store === 'sqlite' ? SqliteLedgerStore.open(job.where) : await PostgresLedgerStore.open(job.where, { maxConnections: 1 });
	const holder = { station: job.station, reader: 'Reader 0' };
	// A restarted station first lets go of what its killed process held (index.ts: lease semantics).
	await store.releaseStation(job.station);
	const tell = (iccid: string, step: 'claimed' | 'writing' | 'verified'): Promise<void> => new Promise((resolve) => process.send!({ kind: 'step', iccid, step } satisfies KilledMessage, () => resolve()));
	for (;;) {
		const next = await store.claimNext(holder, 60_000);
		if (next === undefined) break;
		const iccid = next.row.iccid;
		await tell(iccid, 'claimed');
		if (next.row.state === 'claimed') {
			await store.markWriting(iccid, holder);
			await tell(iccid, 'writing');
		}
		// (A real station reads the card here when next.reconcile says so; the ledger alone is tested.)
		await store.markVerified(iccid, holder, { apdus: 1, statusWord: 0x9000, ...(next.reconcile ? { reconciled: true } : {}) });
		await tell(iccid, 'verified');
	}
	await store.close();
	process.send!({ kind: 'finished' } satisfies KilledMessage);
}

process.once('message', (job: KilledJob) => {
	run(job).then(
		() => process.disconnect(),
		(e: unknown) => {
			process.send!({ kind: 'error', message: e instanceof Error ? `${e.name}: ${e.message}` : String(e) } satisfies KilledMessage);
			process.disconnect();
		}
	);
});
