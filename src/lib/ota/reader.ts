import { OtaError, type OtaErrorCode, type OtaLayer } from './error';

// A bounds-checked cursor: every length read from input is checked against what remains before use
// (STYLE.md "decoders are total").

export class Reader {
	pos: number;
	constructor(
		readonly bytes: Uint8Array,
		readonly layer: OtaLayer,
		start = 0,
		/** Exclusive end of the region being read. */
		public end = bytes.length
	) {
		this.pos = start;
	}

	get remaining(): number {
		return this.end - this.pos;
	}

	fail(code: OtaErrorCode, detail: string, at = this.pos): never {
		throw new OtaError(code, this.layer, at, detail);
	}

	need(count: number, what: string): void {
		if (count > this.remaining) {
			this.fail('truncated', `${what} needs ${count} byte(s) but only ${this.remaining} remain`);
		}
	}

	peek(what: string): number {
		this.need(1, what);
		return this.bytes[this.pos];
	}

	byte(what: string): number {
		this.need(1, what);
		return this.bytes[this.pos++];
	}

	take(count: number, what: string): Uint8Array {
		this.need(count, what);
		const out = this.bytes.subarray(this.pos, this.pos + count);
		this.pos += count;
		return out;
	}
}
