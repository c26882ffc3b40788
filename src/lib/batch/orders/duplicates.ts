// Duplicate ICCIDs and IMSIs within one order. Finding a duplicate exactly means remembering every value seen; an
// order's ICCIDs and IMSIs are ranges, though (a vendor file gives "the first ICCID and the first IMSI of the range",
// bureau-files.md §1), so the index keeps runs: values that follow each other on lines that follow each other are
// one run of (first value, first line, length), whatever its length. Values outside long runs go to a hash table
// of typed arrays (16 bytes a slot, at most 3 slots in 4 used). A sequential order of any size costs a few bytes;
// a shuffled one about 21–43 bytes per value.
// Keys are exact (no hash that could call two different ICCIDs equal), a pair (high, low) with low < 10^9:
// - ICCID (18–20 digits, Luhn-checked before it gets here): the check digit follows from the others, so the key is
//   the other 17–19 digits: the last 9 as low, the first 8–10 times 4 plus (length - 17) as high (< 2^36, exact).
// - IMSI (6–15 digits): "1" + the digits as one number n (< 2 × 10^15 < 2^53, exact; the 1 keeps leading zeros),
//   high = n div 10^9, low = n mod 10^9.
// Consecutive values are (high, low) and (high, low + 1): the next ICCID of a range, the next IMSI.

/** Runs shorter than this are kept value by value in the hash table (a long run costs a few array slots). */
const RUN_MIN = 32;
const LOW_LIMIT = 1e9;

export class KeyIndex {
	// Values outside long runs: open addressing, linear probing.
	#high: Float64Array;
	#low: Uint32Array;
	/** The line the key was first seen on; 0 marks an empty slot (lines start at 1). */
	#line: Uint32Array;
	#size = 0;
	// The run being extended.
	#runHigh = -1;
	#runLow = 0;
	#runLine = 0;
	#runLength = 0;
	// Closed runs of RUN_MIN values or more, sorted by (high, low) of their first value; they never overlap.
	readonly #runs: { high: number; low: number; line: number; length: number }[] = [];

	constructor(capacity = 64) {
		this.#high = new Float64Array(capacity);
		this.#low = new Uint32Array(capacity);
		this.#line = new Uint32Array(capacity);
	}

	/** Bytes held: the hash table's arrays and the runs (about 48 bytes each). */
	get bytes(): number {
		return this.#high.byteLength + this.#low.byteLength + this.#line.byteLength + this.#runs.length * 48;
	}

	/** The line on which this key was first seen; or 0 when it is new, and it is recorded with `line`. */
	firstLineOrAdd(high: number, low: number, line: number): number {
		if (high === this.#runHigh && low >= this.#runLow && low < this.#runLow + this.#runLength) return this.#runLine + (low - this.#runLow);
		const inRun = this.#inRuns(high, low);
		if (inRun !== 0) return inRun;
		const seen = this.#find(high, low);
		if (seen !== 0) return seen;
		if (this.#runLength > 0 && high === this.#runHigh && low === this.#runLow + this.#runLength && line === this.#runLine + this.#runLength) {
			this.#runLength++;
			return 0;
		}
		this.#closeRun();
		this.#runHigh = high;
		this.#runLow = low;
		this.#runLine = line;
		this.#runLength = 1;
		return 0;
	}

	#inRuns(high: number, low: number): number {
		const runs = this.#runs;
		// The last run starting at or before (high, low).
		let lo = 0;
		let hi = runs.length - 1;
		let at = -1;
		while (lo <= hi) {
			const mid = (lo + hi) >> 1;
			const r = runs[mid];
			if (r.high < high || (r.high === high && r.low <= low)) {
				at = mid;
				lo = mid + 1;
			} else hi = mid - 1;
		}
		if (at < 0) return 0;
		const r = runs[at];
		return r.high === high && low < r.low + r.length ? r.line + (low - r.low) : 0;
	}

	#closeRun(): void {
		const length = this.#runLength;
		if (length === 0) return;
		if (length >= RUN_MIN) {
			const run = { high: this.#runHigh, low: this.#runLow, line: this.#runLine, length };
			const runs = this.#runs;
			let at = runs.length;
			while (at > 0 && (runs[at - 1].high > run.high || (runs[at - 1].high === run.high && runs[at - 1].low > run.low))) at--;
			runs.splice(at, 0, run);
		} else {
			for (let i = 0; i < length; i++) this.#add(this.#runHigh, this.#runLow + i, this.#runLine + i);
		}
		this.#runLength = 0;
	}

	#find(high: number, low: number): number {
		const mask = this.#line.length - 1;
		for (let slot = hash(high, low) & mask; ; slot = (slot + 1) & mask) {
			const seen = this.#line[slot];
			if (seen === 0) return 0;
			if (this.#high[slot] === high && this.#low[slot] === low) return seen;
		}
	}

	#add(high: number, low: number, line: number): void {
		if (4 * (this.#size + 1) > 3 * this.#line.length) this.#grow();
		const mask = this.#line.length - 1;
		let slot = hash(high, low) & mask;
		while (this.#line[slot] !== 0) slot = (slot + 1) & mask;
		this.#high[slot] = high;
		this.#low[slot] = low;
		this.#line[slot] = line;
		this.#size++;
	}

	#grow(): void {
		const high = this.#high;
		const low = this.#low;
		const line = this.#line;
		const capacity = line.length * 2;
		this.#high = new Float64Array(capacity);
		this.#low = new Uint32Array(capacity);
		this.#line = new Uint32Array(capacity);
		const mask = capacity - 1;
		for (let i = 0; i < line.length; i++) {
			if (line[i] === 0) continue;
			let slot = hash(high[i], low[i]) & mask;
			while (this.#line[slot] !== 0) slot = (slot + 1) & mask;
			this.#high[slot] = high[i];
			this.#low[slot] = low[i];
			this.#line[slot] = line[i];
		}
	}
}

function hash(high: number, low: number): number {
	let h = Math.imul(low ^ 0x9e3779b9, 0x85ebca6b);
	h ^= Math.imul((high >>> 0) ^ (h >>> 13), 0xc2b2ae35);
	h ^= Math.imul(Math.floor(high / 4294967296) ^ (h >>> 16), 0x27d4eb2f);
	return (h ^ (h >>> 15)) >>> 0;
}

/** Key of a Luhn-checked ICCID of 18–20 digits. */
export function iccidKey(digits: string): [high: number, low: number] {
	const payload = digits.length - 1;
	return [Number(digits.slice(0, payload - 9)) * 4 + (payload - 17), Number(digits.slice(payload - 9, payload))];
}

/** Key of an IMSI of 6–15 digits. */
export function imsiKey(digits: string): [high: number, low: number] {
	const n = Number(`1${digits}`);
	const high = Math.floor(n / LOW_LIMIT);
	return [high, n - high * LOW_LIMIT];
}
