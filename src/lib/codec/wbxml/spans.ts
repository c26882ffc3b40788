// The spans the walker notes (decode.ts), kept in columns: growable typed arrays rather than one object per span. A
// 20,000-line document has ~90,000 spans; as objects they were a third of the annotation's time (allocation and
// garbage collection), and a view or a worker wants them as typed arrays anyway (to transfer them, not clone them).
import type { WbxmlSpanList } from './label';
import type { WbxmlAnnotation, WbxmlSpan } from './types';

/** Every span kind, in a fixed order: the kinds column holds indexes into this list. */
export const WBXML_SPAN_KINDS = [
	'version',
	'public-id',
	'charset',
	'string-table',
	'switch-page',
	'tag',
	'end',
	'attribute-start',
	'attribute-value',
	'inline-string',
	'table-string',
	'entity',
	'opaque',
	'literal',
	'extension',
	'pi'
] as const satisfies readonly WbxmlAnnotation['kind'][];

// A kind added to WbxmlAnnotation but not to the list above fails the type check here.
type Missing = Exclude<WbxmlAnnotation['kind'], (typeof WBXML_SPAN_KINDS)[number]>;
const everyKindListed: [Missing] extends [never] ? true : Missing = true;
void everyKindListed;

const KIND_INDEX = Object.fromEntries(WBXML_SPAN_KINDS.map((k, i) => [k, i])) as Record<WbxmlSpan['kind'], number>;

/** The spans of one stream in stream order, in columns; span i is read through the WbxmlSpanList methods. */
export class WbxmlSpans implements WbxmlSpanList {
	count = 0;
	/** Byte offset and length of each span. */
	offsets = new Uint32Array(64);
	lengths = new Uint32Array(64);
	/** Index into WBXML_SPAN_KINDS. */
	kinds = new Uint8Array(64);
	/** Element nesting depth (the walker stops at 200, decode.ts MAX_DEPTH). */
	depths = new Uint8Array(64);
	/** WbxmlSpan.context. */
	contexts = new Int32Array(64);

	/** Adds a span at the end; returns its index. */
	add(offset: number, length: number, kind: WbxmlSpan['kind'], depth: number, context: number): number {
		const i = this.count;
		if (i === this.offsets.length) this.grow();
		this.offsets[i] = offset;
		this.lengths[i] = length;
		this.kinds[i] = KIND_INDEX[kind];
		this.depths[i] = Math.min(depth, 255);
		this.contexts[i] = context;
		this.count = i + 1;
		return i;
	}

	setContext(i: number, context: number): void {
		this.contexts[i] = context;
	}

	offset(i: number): number {
		return this.offsets[i];
	}

	length(i: number): number {
		return this.lengths[i];
	}

	kind(i: number): WbxmlSpan['kind'] {
		return WBXML_SPAN_KINDS[this.kinds[i]];
	}

	depth(i: number): number {
		return this.depths[i];
	}

	context(i: number): number {
		return this.contexts[i];
	}

	private grow(): void {
		const size = this.offsets.length * 2;
		const grown = <T extends Uint32Array | Uint8Array | Int32Array>(column: T, make: (n: number) => T): T => {
			const next = make(size);
			next.set(column);
			return next;
		};
		this.offsets = grown(this.offsets, (n) => new Uint32Array(n));
		this.lengths = grown(this.lengths, (n) => new Uint32Array(n));
		this.kinds = grown(this.kinds, (n) => new Uint8Array(n));
		this.depths = grown(this.depths, (n) => new Uint8Array(n));
		this.contexts = grown(this.contexts, (n) => new Int32Array(n));
	}
}
