// A station in its own OS process, for the concurrency test (concurrency.test.ts): opens the ledger, says ready,
// waits for go, then claims rows as fast as it can and sends back every ICCID it was given.
//   mode 'claim': the inserted-card path, claim(iccid) over the ICCIDs in the order given (each process gets its own
//                 shuffle of the same list); mode 'next': claimNext() until none is left.
// Each claimed row is taken through writing to verified, so a row is never handed out twice even once finished.
import { LedgerError, type LedgerStore } from '../../src/lib/batch/ledger/index';
import { PostgresLedgerStore, SqliteLedgerStore } from '../../src/lib/server/ledger/index';

export interface ClaimerJob {
	readonly store: 'sqlite' | 'postgres';
	/** File path or postgres URL. */
	readonly where: string;
	readonly station: string;
	readonly mode: 'claim' | 'next';
	readonly iccids: readonly string[];
}

export type ClaimerMessage = { readonly kind: 'ready' } | { readonly kind: 'done'; readonly claimed: string[]; readonly refused: number; readonly from: number; readonly to: number } | { readonly kind: 'error'; readonly message: string };

function send(message: ClaimerMessage): void {
	process.send!(message);
}

async function run(job: ClaimerJob): Promise<void> {
	const store: LedgerStore = job.store === 'sqlite' ? SqliteLedgerStore.open(job.where, { busyTimeoutMs: 60_000 }) : await PostgresLedgerStore.open(job.where, { maxConnections: 2 });
	const holder = { station: job.station, reader: 'Reader 0' };
	const lease = 600_000;
	const claimed: string[] = [];
	let refused = 0;
	const take = async (iccid: string): Promise<void> => {
		claimed.push(iccid);
		try {
			await store.markWriting(iccid, holder);
			await store.markVerified(iccid, holder, { apdus: 1, statusWord: 0x9000 });
		} catch (e) {
			// A row given to both processes shows here as the loser's not-holder (or illegal-transition once the winner finished): the parent's count reports it.
			if (!(e instanceof LedgerError && (e.code === 'not-holder' || e.code === 'illegal-transition'))) throw e;
		}
	};
	await new Promise<void>((resolve) => {
		process.once('message', () => resolve());
		send({ kind: 'ready' });
	});
	const from = Date.now();
	if (job.mode === 'claim') {
		for (const iccid of job.iccids) {
			const result = await store.claim(iccid, holder, lease);
			if (result.ok) await take(iccid);
			else refused++;
		}
	} else {
		for (;;) {
			const next = await store.claimNext(holder, lease);
			if (next === undefined) break;
			await take(next.row.iccid);
		}
	}
	const to = Date.now();
	await store.close();
	send({ kind: 'done', claimed, refused, from, to });
}

process.once('message', (job: ClaimerJob) => {
	run(job).then(
		() => process.disconnect(),
		(e: unknown) => {
			send({ kind: 'error', message: e instanceof Error ? `${e.name}: ${e.message}` : String(e) });
			process.disconnect();
		}
	);
});
