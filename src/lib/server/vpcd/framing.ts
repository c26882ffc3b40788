// vpcd wire format (ORACLES.md §2.4, from vsmartcard's VirtualSmartcard.py): every message in both directions is
// a 2-byte big-endian length followed by the payload. Length 1 from vpcd is a control byte.

export const VPCD_CTRL_OFF = 0x00;
export const VPCD_CTRL_ON = 0x01;
export const VPCD_CTRL_RESET = 0x02;
export const VPCD_CTRL_ATR = 0x04;

export function frame(payload: Uint8Array): Uint8Array {
	const out = new Uint8Array(payload.length + 2);
	out[0] = payload.length >> 8;
	out[1] = payload.length & 0xff;
	out.set(payload, 2);
	return out;
}

/** Accumulates stream bytes and yields whole messages; partial frames wait for more input. */
export class FrameReader {
	private buf = new Uint8Array(0);

	push(chunk: Uint8Array): Uint8Array[] {
		const joined = new Uint8Array(this.buf.length + chunk.length);
		joined.set(this.buf, 0);
		joined.set(chunk, this.buf.length);
		const out: Uint8Array[] = [];
		let i = 0;
		while (joined.length - i >= 2) {
			const len = (joined[i] << 8) | joined[i + 1];
			if (joined.length - i - 2 < len) break;
			out.push(joined.slice(i + 2, i + 2 + len));
			i += 2 + len;
		}
		this.buf = joined.slice(i);
		return out;
	}
}
