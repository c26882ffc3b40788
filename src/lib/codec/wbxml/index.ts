// Public face of the generic WBXML codec (WAP-192). Languages are data in ./languages; nothing OMA-specific lives
// in the encoder or the decoder.
import type { XmlDocument, XmlOpaque } from '../xml/tree';
import { walkWbxml } from './decode';
import { shiftOffsets, unembedDocuments } from './embedded';
import { mbUint32Length } from './mb-u-int32';
import { encodeWbxml as encode } from './encode';
import type { DecodedWbxml, EncodeOptions, WbxmlAnnotation, WbxmlLanguage } from './types';
import { WbxmlError } from './types';
export { WbxmlError } from './types';
export type { WbxmlLanguage, DecodedWbxml, EncodeOptions, WbxmlVersion, WbxmlErrorCode, CodePage, AttributeStart, WbxmlAnnotation, Embedding, EmbeddedDocument } from './types';
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
	const annotations: WbxmlAnnotation[] = [];
	let error: WbxmlError | undefined;
	try {
		walkWbxml(bytes, { language: options.language, sink: (a) => annotations.push(a) });
	} catch (e) {
		if (!(e instanceof WbxmlError)) throw e;
		error = e;
	}
	// The public id is labelled once the string table is read, so spans are put back in stream order.
	annotations.sort((a, b) => a.offset - b.offset);
	return { annotations, error };
}
