// The station's readers through PC/SC (server/pcsc): reader names as pcscd lists them (joined and dropped as they
// come and go), a card's presence from the status events, and an exclusive connection per card so no other PC/SC
// client interleaves APDUs with a write.
import type { CardLink, ReaderPort } from '../../batch/station';
import type { PcscContext } from '../pcsc';

export class PcscReaderPort implements ReaderPort {
	/** One SCardConnect at a time: pcscd with vpcd hangs in power-up when two slots connect at once (seen here). */
	#connecting: Promise<unknown> = Promise.resolve();

	constructor(private readonly pcsc: PcscContext) {}

	readers(): readonly string[] {
		return this.pcsc.readerNames();
	}

	async waitForCard(reader: string, timeoutMs: number): Promise<boolean> {
		try {
			await this.pcsc.waitForCard(reader, timeoutMs);
			return true;
		} catch {
			return false;
		}
	}

	async connect(reader: string): Promise<CardLink> {
		const run = this.#connecting.then(() => this.pcsc.connect(reader, { exclusive: true }));
		this.#connecting = run.catch(() => undefined);
		const card = await run;
		return { transport: card, close: (disposition) => card.disconnect(disposition) };
	}
}
