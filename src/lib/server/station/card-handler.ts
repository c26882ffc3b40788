// "Done, next card" (pySim's --card_handler): what happens to a card the station finished. With a card feeder (the
// simulator's robot, server/vpcd/feeder.ts) the station asks it to eject the card and the next goes in; without one
// a person takes the card out and the station waits until the reader is empty.
import type { CardHandler } from '../../batch/station';
import type { PcscContext } from '../pcsc';
import { feederRequest } from '../vpcd/feeder';

/** The card feeder's control socket: `eject <reader>`, answered once the next card is in (or the stack is empty). */
export class FeederCardHandler implements CardHandler {
	constructor(private readonly socket: string) {}

	async done(reader: string): Promise<void> {
		const answer = await feederRequest(this.socket, `eject ${reader}`);
		if (!answer.startsWith('ok')) throw new Error(`card feeder ${this.socket}: ${answer}`);
	}
}

/** A person at the reader: resolves when the finished card is out (checked every second, forever). */
export class ManualCardHandler implements CardHandler {
	constructor(
		private readonly pcsc: PcscContext,
		private readonly stopping: () => boolean
	) {}

	async done(reader: string): Promise<void> {
		while (!this.stopping()) {
			try {
				await this.pcsc.waitForRemoval(reader, 1000);
				return;
			} catch {
				if (!this.pcsc.readerNames().includes(reader)) return;
			}
		}
	}
}
