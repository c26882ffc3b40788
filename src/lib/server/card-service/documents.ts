// The documents a card holds, at the edge between bytes and people: what a caller gives to write (XML text or
// WBXML hex) becomes bytes, and what discover() read back (the whole EF, FF padding included) becomes the exact
// document bytes plus its decoded XML. Pure (no Node), shared by the CLI and the studio server.
import { fromHex, toHex } from '../../codec/hex';
import { decodeWbxml, encodeWbxml, languageForDocument, looksLikeWbxml, PROV, SYNCML11, SYNCML12, WbxmlError } from '../../codec/wbxml';
import { parseXml, serializeXml, type SourcePosition, type XmlDocument, type XmlElement } from '../../codec/xml';
import type { FoundDocument } from '../../card/pkcs15';
import { provDocFromXml, ProvDocError, validateProvDoc, type Finding } from '../../documents/provcont';
import { clipped } from '../../text';

/** A document as a caller gives it: XML text (encoded here) or the WBXML bytes themselves. */
export type DocumentInput = { xml: string } | { wbxml: Uint8Array };

/** XML text → WBXML 1.3 with a string table (the encoder's defaults, like `pstudio encode`). */
export function encodeDocumentXml(text: string): Uint8Array {
	const document = parseXml(text);
	const language = languageForDocument(document);
	if (!language) throw new DocumentInputError(`no WBXML language known for root element <${clipped(document.root.name)}>`);
	return encodeWbxml(document, language);
}

export class DocumentInputError extends Error {
	override readonly name = 'DocumentInputError';
}

export function documentBytes(input: DocumentInput): Uint8Array {
	return 'xml' in input ? encodeDocumentXml(input.xml) : input.wbxml;
}

export { looksLikeWbxml };

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

/** The provisioning files a card write fills (PKCS#15 DODF entries, profiles.ts). */
export type CardDocumentName = 'bootstrap' | 'config1' | 'config2';

/**
 * A document a card should not get: it names the document, where (WBXML byte offset, or line and column of the
 * XML it was encoded from) and why. Raised before any APDU is sent (issue 8 §6).
 */
export class CardDocumentError extends DocumentInputError {
	constructor(
		readonly document: string,
		readonly code: 'empty' | 'not-wbxml' | 'not-provisioning' | 'invalid',
		/** WBXML byte offset, when the problem is in the bytes. */
		readonly offset: number | undefined,
		reason: string
	) {
		super(`${document}: ${reason}`);
	}
}

function where(position: SourcePosition | undefined): string {
	if (position === undefined) return '';
	if ('offset' in position) return `WBXML offset 0x${position.offset.toString(16).toUpperCase()} (byte ${position.offset}): `;
	return `line ${position.line}, column ${position.column}: `;
}

function positionOf(finding: Finding): SourcePosition | undefined {
	if (finding.offset !== undefined) return { offset: finding.offset };
	return finding.line > 0 ? { line: finding.line, column: finding.column } : undefined;
}

function offsetOf(position: SourcePosition | undefined): number | undefined {
	return position !== undefined && 'offset' in position ? position.offset : undefined;
}

/** PROV: the ProvCont rules (src/lib/documents/provcont) with no error-severity finding; warnings do not stop a write. */
function checkProv(name: string, document: XmlDocument): void {
	let findings: Finding[];
	try {
		const doc = provDocFromXml(document);
		// prov.dtd: <!ELEMENT wap-provisioningdoc (characteristic+)>; an empty one would overwrite a file with nothing.
		if (doc.characteristics.length === 0) {
			throw new CardDocumentError(name, 'invalid', offsetOf(document.root.position), `${where(document.root.position)}<wap-provisioningdoc> holds no characteristic (prov.dtd: characteristic+)`);
		}
		findings = validateProvDoc(doc);
	} catch (e) {
		if (!(e instanceof ProvDocError)) throw e;
		const position: SourcePosition | undefined = e.offset !== undefined ? { offset: e.offset } : e.line > 0 ? { line: e.line, column: e.column } : undefined;
		throw new CardDocumentError(name, 'invalid', e.offset, `${where(position)}${e.reason}`);
	}
	const errors = findings.filter((f) => f.severity === 'error');
	if (errors.length === 0) return;
	const first = errors[0];
	const more = errors.length > 1 ? ` (and ${errors.length - 1} more error${errors.length > 2 ? 's' : ''})` : '';
	throw new CardDocumentError(name, 'invalid', first.offset, `${where(positionOf(first))}${first.message} [${first.rule}]${more}`);
}

/** SyncML DM bootstrap message: <SyncML> holds <SyncHdr> then <SyncBody> (OMA-TS-SyncML_RepPro-V1_2 DTD, `<!ELEMENT SyncML (SyncHdr, SyncBody)>`). */
function checkSyncMl(name: string, document: XmlDocument): void {
	const elements = document.root.children.filter((c): c is XmlElement => c.kind === 'element');
	if (elements.length !== 2 || elements[0].name !== 'SyncHdr' || elements[1].name !== 'SyncBody') {
		const found = elements.map((e) => `<${e.name}>`).join(', ') || 'nothing';
		throw new CardDocumentError(name, 'invalid', offsetOf(document.root.position), `${where(document.root.position)}<SyncML> must hold <SyncHdr> then <SyncBody> (SyncML RepPro DTD); found ${found}`);
	}
}

function checkDecoded(name: string, document: XmlDocument, languageName: string): void {
	if (languageName === PROV.name) return checkProv(name, document);
	// DM 1.2 bootstraps are SyncML 1.2; DM 1.1 devices still in the field take SyncML 1.1 (issue 8 §10).
	if (languageName === SYNCML12.name || languageName === SYNCML11.name) return checkSyncMl(name, document);
	throw new CardDocumentError(name, 'not-provisioning', undefined, `a ${languageName} document is not a provisioning document (PROV, or a SyncML DM bootstrap)`);
}

/**
 * The bytes a card write would send for one document, checked: they decode as one WBXML document (nothing after
 * its root element), in PROV or SyncML, with no validation error. Throws CardDocumentError; `raw` writes skip this.
 */
export function checkCardDocument(name: string, bytes: Uint8Array): void {
	if (bytes.length === 0) throw new CardDocumentError(name, 'empty', 0, 'the document is empty');
	let decoded;
	try {
		decoded = decodeWbxml(bytes);
	} catch (e) {
		if (!(e instanceof WbxmlError)) throw e;
		const offset = e.offset >= 0 ? e.offset : undefined;
		const reason = e.message.replace(/^WBXML offset 0x[0-9A-F]+: /, '');
		throw new CardDocumentError(name, 'not-wbxml', offset, `${offset !== undefined ? where({ offset }) : ''}not a WBXML document: ${reason}`);
	}
	checkDecoded(name, decoded.document, decoded.language.name);
}

/** XML text → the WBXML a card gets, checked on the XML first so a finding points at its line and column. */
export function cardDocumentFromXml(name: string, text: string): Uint8Array {
	// An XmlError goes out as it is: it carries its line and column, which the CLI prints as file:line:col.
	const document = parseXml(text);
	const language = languageForDocument(document);
	if (!language) throw new CardDocumentError(name, 'not-provisioning', undefined, `no WBXML language known for root element <${clipped(document.root.name)}>`);
	checkDecoded(name, document, language.name);
	const bytes = encodeWbxml(document, language);
	checkCardDocument(name, bytes);
	return bytes;
}
