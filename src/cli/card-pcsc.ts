// The CLI's PC/SC session: open a context, pick the reader (the named one, else the first with a card), run, and
// close every reader and then the context (ORACLES.md §4). Shared by `pstudio readers` and `pstudio card …`.
import type { PcscContext } from '../lib/server/pcsc';
import { chooseReader, openPcsc, readerStates, type ReaderState } from '../lib/server/card-service';

/**
 * How long to let PC/SC report readers and their card states after the context opens: pcsclite lists readers,
 * then each reader's status, asynchronously (vpcd's two slots arrive a few ms apart).
 */
const SETTLE_MS = 250;

export async function withPcsc<T>(job: (pcsc: PcscContext) => Promise<T>): Promise<T> {
	const pcsc = openPcsc();
	try {
		return await job(pcsc);
	} finally {
		pcsc.close();
		// pcsclite's status thread can outlive close() by a poll; the CLI must not hang on it. Unref'd: when nothing
		// else is left the process ends by itself first.
		setTimeout(() => process.exit(), 1000).unref();
	}
}

export async function settledReaders(pcsc: PcscContext): Promise<ReaderState[]> {
	const first = await readerStates(pcsc, 3000);
	if (first.length === 0) return first;
	await new Promise((r) => setTimeout(r, SETTLE_MS));
	return readerStates(pcsc, 0);
}

export async function pickReader(pcsc: PcscContext, wanted: string | undefined): Promise<string> {
	return chooseReader(await settledReaders(pcsc), wanted);
}
