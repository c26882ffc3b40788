// Public face of the generic WBXML codec (WAP-192). Languages are data in ./languages; nothing OMA-specific lives
// in the encoder or the decoder.
import type { XmlDocument } from '../xml/tree';
import { walkWbxml } from './decode';
import { encodeWbxml as encode } from './encode';
import type { DecodedWbxml, EncodeOptions, WbxmlAnnotation, WbxmlLanguage } from './types';
import { WbxmlError } from './types';
export { WbxmlError } from './types';
export type { WbxmlLanguage, DecodedWbxml, EncodeOptions, WbxmlVersion, WbxmlErrorCode, CodePage, AttributeStart, WbxmlAnnotation } from './types';
export { languageByName, languageForDocument, languageByPublicId, LANGUAGES } from './languages/registry';
export { PROV } from './languages/prov';
export { SYNCML12 } from './languages/syncml12';
export { METINF12 } from './languages/metinf12';
export { DEVINF12 } from './languages/devinf12';
export { DMDDF12 } from './languages/ddf12';
export { readMbUint32, writeMbUint32 } from './mb-u-int32';

export function encodeWbxml(document: XmlDocument, language: WbxmlLanguage, options?: EncodeOptions): Uint8Array {
	return encode(document, language, options);
}

/** `language` forces the language (like `wbxml2xml -l`), needed when the public id is 0x01 (unknown). */
export function decodeWbxml(bytes: Uint8Array, options: { language?: WbxmlLanguage } = {}): DecodedWbxml {
	return walkWbxml(bytes, { language: options.language });
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
