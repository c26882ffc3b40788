// One card operation at a time per reader: two browser tabs writing the same card at once would interleave their
// SELECT/UPDATE pairs (PC/SC exclusive mode makes the second connect fail instead; the queue makes it wait).
export class ReaderQueue {
	private readonly tails = new Map<string, Promise<unknown>>();

	run<T>(reader: string, job: () => Promise<T>): Promise<T> {
		const before = this.tails.get(reader) ?? Promise.resolve();
		const result = before.then(job, job);
		const tail = result.catch(() => undefined);
		this.tails.set(reader, tail);
		void tail.then(() => {
			if (this.tails.get(reader) === tail) this.tails.delete(reader);
		});
		return result;
	}

	/** Readers with an operation running or waiting. */
	busy(): string[] {
		return [...this.tails.keys()];
	}
}
