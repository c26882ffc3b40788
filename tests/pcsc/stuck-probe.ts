// Run by card-timeout.test.ts in a child process with libuv's default 4 threads: connects to the cards in the readers
// named on the command line, sends each commands until one goes unanswered (the simulators answer one), asks to
// disconnect, then reads a file. Prints one JSON line: how long the disconnects took and whether the file read came
// back within 3 s (it did not when each stuck card held two of the four threads). Ends once the cards are taken out.
import { readFile } from 'node:fs/promises';
import { PcscContext } from '../../src/lib/server/pcsc';

const readers = process.argv.slice(2);
const pcsc = PcscContext.open();
await pcsc.listReaders(readers.length, 10_000);
const SELECT_MF = Uint8Array.from([0x00, 0xa4, 0x00, 0x04, 0x02, 0x3f, 0x00]);
const disconnectMs = await Promise.all(
	readers.map(async (reader) => {
		const card = await pcsc.connect(reader, { commandTimeoutMs: 1000 });
		for (;;) {
			try {
				await card.transmit(SELECT_MF);
			} catch {
				break;
			}
		}
		const t0 = Date.now();
		await card.disconnect('reset');
		return Date.now() - t0;
	})
);
const t0 = Date.now();
const read = await Promise.race([readFile(process.argv[1]).then(() => true), new Promise<false>((r) => setTimeout(() => r(false), 3000))]);
process.stdout.write(`${JSON.stringify({ disconnectMs, read, readMs: Date.now() - t0 })}\n`);
pcsc.close();
// pcsclite's reader threads keep the event loop alive; the exit itself waits for the commands given up to come back.
process.exit(0);
