// Public face of the generic WBXML codec (WAP-192). Languages are data in ./languages; nothing OMA-specific lives
// in the encoder or the decoder.
import type { XmlDocument, XmlOpaque } from '../xml/tree';
import { spansOfWbxml, walkWbxml } from './decode';
import { WbxmlLabels } from './label';
import type { WbxmlSpans } from './spans';
import { shiftOffsets, unembedDocuments } from './embedded';
import { mbUint32Length } from './mb-u-int32';
import { encodeWbxml as encode } from './encode';
import type { DecodedWbxml, EncodeOptions, WbxmlAnnotation, WbxmlLanguage } from './types';
import { WbxmlError } from './types';
export { WbxmlError } from './types';
export type { WbxmlLanguage, DecodedWbxml, EncodeOptions, WbxmlVersion, WbxmlErrorCode, CodePage, AttributeStart, WbxmlAnnotation, WbxmlSpan, Embedding, EmbeddedDocument } from './types';
export { WbxmlLabels, type WbxmlSpanList } from './label';
export { WbxmlSpans, WBXML_SPAN_KINDS } from './spans';
export { languageByName, languageForDocument, languageByPublicId, LANGUAGES } from './languages/registry';
export { PROV } from './languages/prov';
export { SYNCML12 } from './languages/syncml12';
export { METINF12 } from './languages/metinf12';
export { DEVINF12 } from './languages/devinf12';
export { DMDDF12 } from './languages/ddf12';
export { SYNCML11, SYNCML10 } from './languages/syncml11';
export { METINF11 } from './languages/metinf11';
export { DEVINF11, DEVINF10 } from './languages/devinf11';
export { readMbUint32, writeMbUint32 } from './mb-u-int32';
export { looksLikeWbxml } from './sniff';
export { compileWbxml, CompiledWbxml, type ParametrizedDocument, type ParametrizedText } from './compiled';

export function encodeWbxml(document: XmlDocument, language: WbxmlLanguage, options?: EncodeOptions): Uint8Array {
	return encode(document, language, options);
}

/** `language` forces the language (like `wbxml2xml -l`), needed when the public id is 0x01 (unknown). */
export function decodeWbxml(bytes: Uint8Array, options: { language?: WbxmlLanguage } = {}): DecodedWbxml {
	const decoded = walkWbxml(bytes, { language: options.language });
	if (decoded.language.embedding === undefined) return decoded;
	return { ...decoded, document: unembedDocuments(decoded.document, decoded.language, decodeEmbedded) };
}

/** Decodes an OPAQUE payload as a document of `language` exactly (by its own public id, never forced), with byte
 *  offsets counted in the outer stream; undefined when it is not one, and then it stays OPAQUE. */
function decodeEmbedded(opaque: XmlOpaque, language: WbxmlLanguage): XmlDocument | undefined {
	let inner: DecodedWbxml;
	try {
		inner = walkWbxml(opaque.bytes);
	} catch (e) {
		if (e instanceof WbxmlError) return undefined;
		throw e;
	}
	if (inner.language !== language) return undefined;
	// The payload starts after the OPAQUE token and its mb_u_int32 length (WAP-192 §5.8.4.6).
	if (opaque.position !== undefined && 'offset' in opaque.position) {
		shiftOffsets(inner.document.root, opaque.position.offset + 1 + mbUint32Length(opaque.bytes.length));
	}
	return inner.document;
}

/** Annotates as far as the stream is valid; `error` tells where and why it stopped. Same walker as decodeWbxml. */
export function annotateWbxml(bytes: Uint8Array, options: { language?: WbxmlLanguage } = {}): { annotations: WbxmlAnnotation[]; error?: WbxmlError } {
	const { spans, language, error } = spansOfWbxml(bytes, options.language);
	const labels = new WbxmlLabels(bytes, spans, language);
	const annotations: WbxmlAnnotation[] = [];
	for (let i = 0; i < spans.count; i++) {
		annotations.push({ offset: spans.offsets[i], length: spans.lengths[i], kind: spans.kind(i), label: labels.label(i), depth: spans.depths[i] });
	}
	return { annotations, error };
}

/**
 * annotateWbxml without the labels, for a view that shows a few spans of many, in columns (typed arrays, no object
 * per span): each span carries what its label needs besides the bytes (WbxmlSpan.context), and
 * `new WbxmlLabels(bytes, spans, language).label(i)` gives span i the label annotateWbxml gives it. `language` is the
 * one the stream was read in (undefined when it failed in the header).
 */
export function annotateWbxmlSpans(
	bytes: Uint8Array,
	options: { language?: WbxmlLanguage; pause?: () => void } = {}
): { spans: WbxmlSpans; language?: WbxmlLanguage; error?: WbxmlError } {
	return spansOfWbxml(bytes, options.language, options.pause);
}
