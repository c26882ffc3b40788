// The annotated spans of a WBXML stream in columns: typed arrays, built in the worker and read by the hex view,
// which labels only the rows it shows (codec/wbxml WbxmlLabels). A 20,000-line document has ~90,000 spans; as
// objects they cost ~25 MB of heap on the page and most of a second to clone, as columns ~3 MB and a buffer
// transfer; their labels, built in the worker, were a quarter of its time per keystroke.
import { annotateWbxmlSpans, languageByName, WBXML_SPAN_KINDS, WbxmlLabels, type WbxmlError, type WbxmlLanguage, type WbxmlSpanList, type WbxmlSpans } from '../../codec/wbxml';
import type { XmlDocument } from '../../codec/xml';
import type { WireSpans } from './protocol';
import { mapSpansToSource, type SourceMap } from './source-map';

/** Every annotation kind, in a fixed order: kinds[i] is an index into this list (the codec's columns, as they are). */
export const SPAN_KINDS = WBXML_SPAN_KINDS;

export type SpanKind = (typeof SPAN_KINDS)[number];

const HEX_DIGITS = '0123456789ABCDEF';

/**
 * The label without the hex of the span's own leading bytes the codec writes first ('55 type="NAPDEF"' →
 * 'type="NAPDEF"'): the view shows the bytes in their own column. Compares characters, builds no hex string.
 */
export function meaningOf(label: string, bytes: Uint8Array, offset: number, length: number): string {
	let at = 0;
	for (let k = 0; k < length; k++) {
		const b = bytes[offset + k];
		if (label.charCodeAt(at + 2) !== 0x20 || label[at] !== HEX_DIGITS[b >> 4] || label[at + 1] !== HEX_DIGITS[b & 15]) break;
		at += 3;
	}
	return at === 0 ? label : label.slice(at);
}

/** The columns of `spans` (annotateWbxmlSpans) of a stream in `language`, with their XML ranges: the codec's own
 *  columns, cut to the spans there are (views, not copies: their buffers are transferred whole). */
export function toWireSpans(spans: WbxmlSpans, source: SourceMap, language: WbxmlLanguage): WireSpans {
	const count = spans.count;
	return {
		count,
		offsets: spans.offsets.subarray(0, count),
		lengths: spans.lengths.subarray(0, count),
		kinds: spans.kinds.subarray(0, count),
		depths: spans.depths.subarray(0, count),
		contexts: spans.contexts.subarray(0, count),
		language: language.name,
		sourceStarts: source.sourceStarts,
		sourceEnds: source.sourceEnds,
		elements: source.elements
	};
}

/** The spans of `bytes`, the encoding in `language` of `document` parsed from `text`, in columns with their XML
 *  ranges; `error` when the annotation stopped early (never for the encoder's own output). */
export function viewSpans(
	text: string,
	document: XmlDocument,
	bytes: Uint8Array,
	language: WbxmlLanguage,
	/** Called between the steps (the analysis worker's input gate). */
	pause?: () => void
): { spans: WireSpans; error?: WbxmlError } {
	const annotated = annotateWbxmlSpans(bytes, { language, pause });
	pause?.();
	const labels = new WbxmlLabels(bytes, annotated.spans, language);
	const source = mapSpansToSource(text, document, annotated.spans, bytes, (i) => labels.tagName(i), pause);
	pause?.();
	return { spans: toWireSpans(annotated.spans, source, language), error: annotated.error };
}

/** The buffers of `spans` (and of the bytes) to transfer rather than copy. */
export function transferables(bytes: Uint8Array, spans: WireSpans): ArrayBuffer[] {
	const views = [bytes, spans.offsets, spans.lengths, spans.kinds, spans.depths, spans.contexts, spans.sourceStarts, spans.sourceEnds, spans.elements];
	const buffers = new Set<ArrayBuffer>();
	for (const v of views) if (v.buffer instanceof ArrayBuffer) buffers.add(v.buffer);
	return [...buffers];
}

export interface ByteRange {
	/** First byte offset, and the offset past the last byte. */
	start: number;
	end: number;
}

export interface TextRange {
	/** UTF-16 offsets in the analysed text: [from, to). */
	from: number;
	to: number;
}

/** Read access to WireSpans for the view (labels built for the spans asked for), and the two lookups between XML
 *  ranges and byte ranges. */
export class HexSpans implements WbxmlSpanList {
	private readonly labels: WbxmlLabels;

	constructor(
		readonly wire: WireSpans,
		/** The stream the spans cover. */
		readonly bytes: Uint8Array
	) {
		this.labels = new WbxmlLabels(bytes, this, languageByName(wire.language));
	}

	get count(): number {
		return this.wire.count;
	}

	offset(i: number): number {
		return this.wire.offsets[i];
	}

	length(i: number): number {
		return this.wire.lengths[i];
	}

	kind(i: number): SpanKind {
		return SPAN_KINDS[this.wire.kinds[i]];
	}

	depth(i: number): number {
		return this.wire.depths[i];
	}

	context(i: number): number {
		return this.wire.contexts[i];
	}

	/** The annotator's label, e.g. '55 type="NAPDEF"' (codec/wbxml annotateWbxml gives the same). */
	label(i: number): string {
		return this.labels.label(i);
	}

	/** The label without the span's leading hex, e.g. 'type="NAPDEF"'. */
	meaning(i: number): string {
		return meaningOf(this.label(i), this.bytes, this.wire.offsets[i], this.wire.lengths[i]);
	}

	/** The span holding byte `offset`, or -1 past the end. */
	spanAt(offset: number): number {
		const { offsets, count } = this.wire;
		let lo = 0;
		let hi = count - 1;
		if (count === 0 || offset < offsets[0]) return -1;
		while (lo < hi) {
			const mid = (lo + hi + 1) >> 1;
			if (offsets[mid] <= offset) lo = mid;
			else hi = mid - 1;
		}
		return offset < offsets[lo] + this.wire.lengths[lo] ? lo : -1;
	}

	/** The XML range span i stands for, or undefined. */
	source(i: number): TextRange | undefined {
		const from = this.wire.sourceStarts[i];
		return from < 0 ? undefined : { from, to: this.wire.sourceEnds[i] };
	}

	/**
	 * The bytes of the XML under `caret`: the spans whose XML range is the narrowest one holding the caret (an
	 * attribute value's pieces, an attribute, a start or end tag), else the whole element around it.
	 */
	bytesAt(caret: number): ByteRange | undefined {
		const { sourceStarts, sourceEnds, offsets, lengths, count, elements } = this.wire;
		let width = Infinity;
		let from = -1;
		for (let i = 0; i < count; i++) {
			const s = sourceStarts[i];
			if (s < 0 || s > caret || caret >= sourceEnds[i]) continue;
			const w = sourceEnds[i] - s;
			if (w < width) {
				width = w;
				from = s;
			}
		}
		if (from >= 0) {
			let start = Infinity;
			let end = -1;
			for (let i = 0; i < count; i++) {
				if (sourceStarts[i] !== from || sourceEnds[i] - from !== width) continue;
				start = Math.min(start, offsets[i]);
				end = Math.max(end, offsets[i] + lengths[i]);
			}
			return { start, end };
		}
		let best: ByteRange | undefined;
		for (let e = 0; e < elements.length; e += 4) {
			const s = elements[e];
			if (s > caret || caret >= elements[e + 1]) continue;
			const w = elements[e + 1] - s;
			if (w < width) {
				width = w;
				best = { start: elements[e + 2], end: elements[e + 3] };
			}
		}
		return best;
	}
}
