// The documents a card holds, at the edge between bytes and people: what a caller gives to write (XML text or
// WBXML hex) becomes bytes, and what discover() read back (the whole EF, FF padding included) becomes the exact
// document bytes plus its decoded XML. Pure (no Node), shared by the CLI and the studio server.
import { fromHex, toHex } from '../../codec/hex';
import { decodeWbxml, encodeWbxml, languageForDocument, WbxmlError } from '../../codec/wbxml';
import { parseXml, serializeXml } from '../../codec/xml';
import type { FoundDocument } from '../../card/pkcs15';

/** A document as a caller gives it: XML text (encoded here) or the WBXML bytes themselves. */
export type DocumentInput = { xml: string } | { wbxml: Uint8Array };

/** XML text → WBXML 1.3 with a string table (the encoder's defaults, like `pstudio encode`). */
export function encodeDocumentXml(text: string): Uint8Array {
	const document = parseXml(text);
	const language = languageForDocument(document);
	if (!language) throw new DocumentInputError(`no WBXML language known for root element <${document.root.name}>`);
	return encodeWbxml(document, language);
}

export class DocumentInputError extends Error {
	override readonly name = 'DocumentInputError';
}

export function documentBytes(input: DocumentInput): Uint8Array {
	return 'xml' in input ? encodeDocumentXml(input.xml) : input.wbxml;
}

/** Bytes of a file that could be WBXML (starts with a version byte 00..03) rather than XML text ('<', BOM). */
export function looksLikeWbxml(bytes: Uint8Array): boolean {
	return bytes.length > 0 && bytes[0] <= 0x03;
}

export interface ReadDocument {
	oid: string;
	label?: string;
	/** Path as written in the DODF, e.g. "6E01". */
	path: string;
	/** Bytes of the EF as read (document + erased padding). */
	fileBytes: number;
	/** The document itself: the file up to the end of its root element (WAP-192 §5.8: body = one element). */
	bytes: Uint8Array;
	/** Canonical XML of the decoded document, when it decodes. */
	xml?: string;
	/** Why there is no XML, e.g. "WBXML offset 0x05: ...", or what follows the document that is not padding. */
	problem?: string;
}

/**
 * Cuts the erased tail off a file: a written EF holds the document, then FF up to its size (provisionCard fills
 * with FF so no byte of an older, longer document stays). The decoder tells where the root element ends
 * (WbxmlError 'trailing-bytes' at that offset); the tail must be all FF, else it is reported, not dropped.
 */
export function documentOfFile(file: Uint8Array): { bytes: Uint8Array; xml?: string; problem?: string } {
	try {
		const decoded = decodeWbxml(file);
		return { bytes: file.slice(), xml: serializeXml(decoded.document, { declaration: true, doctype: true }) };
	} catch (e) {
		if (!(e instanceof WbxmlError)) throw e;
		if (e.code !== 'trailing-bytes') {
			const erased = file.every((b) => b === 0xff);
			return { bytes: file.slice(), problem: erased ? 'the file is erased (all FF): nothing written yet' : e.message };
		}
		const end = e.offset;
		const body = file.slice(0, end);
		const tail = file.subarray(end);
		const stray = tail.findIndex((b) => b !== 0xff);
		const decoded = decodeWbxml(body);
		const xml = serializeXml(decoded.document, { declaration: true, doctype: true });
		if (stray >= 0) {
			return { bytes: body, xml, problem: `byte ${end + stray} after the document is ${toHex(tail.subarray(stray, stray + 1))}, not FF padding` };
		}
		return { bytes: body, xml };
	}
}

function pathText(path: Uint8Array): string {
	const parts: string[] = [];
	for (let i = 0; i + 1 < path.length; i += 2) parts.push(toHex(path.subarray(i, i + 2)));
	return parts.join(' ');
}

export function readDocument(found: FoundDocument): ReadDocument {
	const doc = documentOfFile(found.bytes);
	const out: ReadDocument = { oid: found.oid, path: pathText(found.absolutePath ?? found.path.path), fileBytes: found.bytes.length, bytes: doc.bytes };
	if (found.label !== undefined) out.label = found.label;
	if (doc.xml !== undefined) out.xml = doc.xml;
	if (doc.problem !== undefined) out.problem = doc.problem;
	return out;
}

/** Hex in requests (WBXML given as hex) and in secrets: whitespace and ':' allowed, nothing else. */
export function parseHexField(name: string, text: string): Uint8Array {
	try {
		return fromHex(text);
	} catch (e) {
		throw new DocumentInputError(`${name}: ${e instanceof Error ? e.message : String(e)}`);
	}
}
