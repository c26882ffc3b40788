// The text of a document file a user opens in the studio, read as `pstudio` reads it: XML in the encoding its byte
// order mark or declaration names (a CP document saved as UTF-16 or ISO-8859-1 by another tool; File.text() would
// read every file as UTF-8 and turn each Latin-1 byte into U+FFFD without a word), and a WBXML file decoded into
// its XML (a device vendor's or an OTA tool's binary document opened to be read and edited). A file that is neither
// is refused with one line naming the file and where it stops being readable.
import { decodeWbxml, looksLikeWbxml, WbxmlError } from '../../codec/wbxml';
import { decodeXmlBytes, serializeXml, XmlError } from '../../codec/xml';

/** Why a file could not be opened: `<file>: <where>: <why>`. */
export class DocumentFileError extends Error {
	override readonly name = 'DocumentFileError';
}

/** The XML text of `bytes`, the content of the file `fileName`. */
export function documentFileText(fileName: string, bytes: Uint8Array): string {
	try {
		if (isWbxml(fileName, bytes)) {
			const xml = serializeXml(decodeWbxml(bytes).document, { declaration: true, doctype: true });
			return xml.endsWith('\n') ? xml : `${xml}\n`;
		}
		return decodeXmlBytes(bytes);
	} catch (error) {
		if (error instanceof XmlError) throw new DocumentFileError(`${fileName}: line ${error.line}, column ${error.column}: ${error.reason}`);
		if (error instanceof WbxmlError) throw new DocumentFileError(`${fileName}: ${error.message}`);
		throw error;
	}
}

/** The bytes decide (codec/wbxml looksLikeWbxml); a name ending in .wbxml says so whatever they are. */
function isWbxml(fileName: string, bytes: Uint8Array): boolean {
	return /\.wbxml$/i.test(fileName) || looksLikeWbxml(bytes);
}
