// READ BINARY (B0) / UPDATE BINARY (D6), ETSI TS 102 221 §11.1.3/§11.1.4: offset = (P1 & 7F) << 8 | P2 (15 bits),
// so files beyond 32 KiB are out of reach; chunks ≤ 256 bytes read (Le 00) and ≤ 255 written (apdu.md §3).
import { CardError } from '../error';
import type { CardSession } from '../session';
import { SW, updatedAfterRetries } from '../status-words';

const MAX_OFFSET = 0x7fff;

export interface BinaryOptions {
	cla?: number;
	/** Largest READ chunk: 256 (Le 00, default) or 255 for cards that reject Le 00. */
	readChunk?: number;
	/** Largest UPDATE chunk: 255 (default; T=0 cannot carry more). */
	updateChunk?: number;
}

/** Every chunk must start at an offset P1 P2 can carry; checked up front so nothing is half written. */
function checkRange(offset: number, length: number, chunk: number): void {
	const lastStart = offset + Math.max(0, Math.ceil(length / chunk) - 1) * chunk;
	if (!Number.isInteger(offset) || offset < 0 || !Number.isInteger(length) || length < 0 || lastStart > MAX_OFFSET) {
		throw new CardError('APDU_ARGUMENT', `binary range offset ${offset} length ${length} is outside the 15-bit offset space`);
	}
}

function offsetP1P2(offset: number): { p1: number; p2: number } {
	if (offset > MAX_OFFSET) throw new CardError('APDU_ARGUMENT', `offset ${offset} exceeds 7FFF`);
	return { p1: offset >> 8, p2: offset & 0xff };
}

/** Reads `length` bytes from `offset`; stops early (shorter result) on 6282 end of file. */
export async function readBinary(session: CardSession, offset: number, length: number, options: BinaryOptions = {}): Promise<Uint8Array> {
	const chunk = Math.min(256, Math.max(1, options.readChunk ?? 256));
	checkRange(offset, length, chunk);
	const out = new Uint8Array(length);
	let done = 0;
	while (done < length) {
		const n = Math.min(chunk, length - done);
		const res = await session.send(
			{ cla: options.cla ?? 0x00, ins: 0xb0, ...offsetP1P2(offset + done), le: n },
			{ name: 'READ BINARY', accept: (sw) => sw === SW.EOF_WARNING }
		);
		const got = Math.min(res.data.length, n);
		out.set(res.data.subarray(0, got), done);
		done += got;
		if (res.sw === SW.EOF_WARNING || got < n) return out.slice(0, done);
	}
	return out;
}

export async function updateBinary(session: CardSession, offset: number, data: Uint8Array, options: BinaryOptions = {}): Promise<void> {
	const chunk = Math.min(255, Math.max(1, options.updateChunk ?? 255));
	checkRange(offset, data.length, chunk);
	const cla = options.cla ?? 0x00;
	for (let done = 0; done < data.length; done += chunk) {
		await session.send(
			{ cla, ins: 0xd6, ...offsetP1P2(offset + done), data: data.subarray(done, Math.min(done + chunk, data.length)) },
			{ name: 'UPDATE BINARY', accept: (sw) => updatedAfterRetries(sw, cla) }
		);
	}
}
