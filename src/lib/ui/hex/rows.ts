// The hex view's rows: each span starts a row, and a span longer than BYTES_PER_ROW continues on the next rows, so
// every row has the same height and the view can render only the rows in its scroll window. Also the keyboard:
// where the active byte goes for each key (a grid: left/right by byte, up/down by row, Home/End in the row,
// Ctrl+Home/End in the stream, PageUp/PageDown by a page of rows).
import type { HexSpans } from '../analysis';

export const BYTES_PER_ROW = 8;

export class HexRows {
	/** First byte offset of each row, increasing. */
	readonly starts: Uint32Array;
	/** The span each row belongs to. */
	readonly spanOf: Uint32Array;
	readonly count: number;
	/** Bytes in the stream the spans cover. */
	readonly byteCount: number;

	constructor(readonly spans: HexSpans) {
		let count = 0;
		for (let i = 0; i < spans.count; i++) count += Math.max(1, Math.ceil(spans.length(i) / BYTES_PER_ROW));
		this.count = count;
		this.starts = new Uint32Array(count);
		this.spanOf = new Uint32Array(count);
		let r = 0;
		for (let i = 0; i < spans.count; i++) {
			const offset = spans.offset(i);
			const length = spans.length(i);
			for (let k = 0; k < Math.max(1, length); k += BYTES_PER_ROW) {
				this.starts[r] = offset + k;
				this.spanOf[r] = i;
				r++;
			}
		}
		const last = spans.count - 1;
		this.byteCount = last < 0 ? 0 : spans.offset(last) + spans.length(last);
	}

	/** Past the last byte of row r. */
	end(r: number): number {
		const span = this.spanOf[r];
		return Math.min(this.starts[r] + BYTES_PER_ROW, this.spans.offset(span) + this.spans.length(span));
	}

	/** True when row r is the first row of its span (the one that shows the meaning). */
	isFirst(r: number): boolean {
		return this.starts[r] === this.spans.offset(this.spanOf[r]);
	}

	/** The row holding byte `offset` (clamped to the rows there are). */
	rowOf(offset: number): number {
		const starts = this.starts;
		let lo = 0;
		let hi = this.count - 1;
		while (lo < hi) {
			const mid = (lo + hi + 1) >> 1;
			if (starts[mid] <= offset) lo = mid;
			else hi = mid - 1;
		}
		return lo;
	}
}

export interface NavigationKey {
	key: string;
	ctrlKey?: boolean;
	metaKey?: boolean;
}

/** The byte the active byte moves to for `event`, or undefined when the key is not one of the grid's. */
export function moveActive(rows: HexRows, active: number, event: NavigationKey, pageRows: number): number | undefined {
	if (rows.count === 0) return undefined;
	const last = rows.byteCount - 1;
	const at = Math.min(Math.max(active, 0), last);
	const row = rows.rowOf(at);
	const column = at - rows.starts[row];
	const toRow = (r: number): number => {
		const target = Math.min(Math.max(r, 0), rows.count - 1);
		return Math.min(rows.starts[target] + column, rows.end(target) - 1);
	};
	const wholeStream = event.ctrlKey === true || event.metaKey === true;
	switch (event.key) {
		case 'ArrowLeft':
			return Math.max(at - 1, 0);
		case 'ArrowRight':
			return Math.min(at + 1, last);
		case 'ArrowUp':
			return toRow(row - 1);
		case 'ArrowDown':
			return toRow(row + 1);
		case 'Home':
			return wholeStream ? 0 : rows.starts[row];
		case 'End':
			return wholeStream ? last : rows.end(row) - 1;
		case 'PageUp':
			return toRow(row - Math.max(pageRows, 1));
		case 'PageDown':
			return toRow(row + Math.max(pageRows, 1));
		default:
			return undefined;
	}
}

/** Offsets as the view writes them: four hex digits at least, upper case. */
export function offsetText(offset: number): string {
	return offset.toString(16).toUpperCase().padStart(4, '0');
}

const HEX = '0123456789ABCDEF';

export function byteText(b: number): string {
	return HEX[b >> 4] + HEX[b & 15];
}
