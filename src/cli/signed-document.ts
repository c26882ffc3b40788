// The document a bootstrap MAC is computed over: the WBXML bytes exactly as sent (ProvBoot §5: A = the whole
// WBXML document). A WBXML input is taken byte for byte; an XML input is encoded first (PROV for a
// wap-provisioningdoc, SyncML 1.2 for a DM bootstrap message), and those bytes are the ones to send.
import { decodeWbxml, encodeWbxml, languageForDocument, looksLikeWbxml, type WbxmlLanguage } from '../lib/codec/wbxml';
import { decodeXmlBytes, parseXml } from '../lib/codec/xml';
import { FileError, readInput } from './io';
import { InputError } from './report';

export interface SignedDocument {
	bytes: Uint8Array;
	language: WbxmlLanguage;
	/** true when the input was XML and `bytes` is our encoding of it. */
	encoded: boolean;
}

export { looksLikeWbxml };

export function readSignedDocument(file: string, options: { wbxmlOnly?: boolean } = {}): SignedDocument {
	const bytes = readInput(file);
	if (looksLikeWbxml(bytes)) return { bytes, language: decodeWbxml(bytes).language, encoded: false };
	if (options.wbxmlOnly) {
		// Re-encoding XML could give other bytes than the ones that were sent, and the MAC covers bytes.
		throw new FileError(file, 'not WBXML (the first byte is not a WBXML version 0x00-0x03): a MAC is checked over the WBXML bytes as sent');
	}
	const document = parseXml(decodeXmlBytes(bytes));
	const language = languageForDocument(document);
	if (!language) {
		const at = document.root.position;
		const where = at && 'line' in at ? at : { line: 1, column: 1 };
		throw new InputError(`no WBXML language known for root element <${document.root.name}>`, where.line, where.column);
	}
	return { bytes: encodeWbxml(document, language), language, encoded: true };
}
