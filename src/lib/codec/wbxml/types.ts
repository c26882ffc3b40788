import type { XmlDocument } from '../xml/tree';

/** WBXML version byte (WAP-192 §5.4): major-1 in the high nibble, minor in the low nibble (0x00 = 1.0, no charset byte). */
export type WbxmlVersion = 0x00 | 0x01 | 0x02 | 0x03;

/** An attribute-start token: the attribute name and the value prefix it carries (e.g. PROV 0x07 = name="NAME"). */
export interface AttributeStart {
	name: string;
	/** Value prefix carried by the token; '' when the token names only the attribute. */
	prefix: string;
}

/** One code page of a language: token → meaning. Tokens are the values on the wire (without tag flag bits). */
export interface CodePage {
	tags?: Readonly<Record<number, string>>;
	attributeStarts?: Readonly<Record<number, AttributeStart>>;
	attributeValues?: Readonly<Record<number, string>>;
	/** XML namespace implied by tags of this page (SyncML: page 1 = syncml:metinf), restored on decode. */
	namespace?: string;
}

/** A document of another language carried inside this one's element content as OPAQUE (WAP-192 §5.8.4.6) holding
 *  a whole WBXML document: in XML it is an element `root` in `namespace` somewhere below the root. */
export interface EmbeddedDocument {
	root: string;
	namespace: string;
	language: WbxmlLanguage;
	/** The content type that announces it in XML and in WBXML; `Meta/Type` text is rewritten between the two. */
	contentType: { xml: string; wbxml: string };
}

/** How a language carries other documents (libwbxml's SyncML handling of DevInf and DM DDF, see embedded.ts). */
export interface Embedding {
	/** The element holding an embedded document (SyncML Data). */
	container: string;
	/** Its content type: the text of `type` in the first `meta` child of the container's parent, else grandparent. */
	meta: string;
	type: string;
	documents: readonly EmbeddedDocument[];
}

/** A WBXML language as data (libwbxml's model): nothing OMA-specific lives in the encoder or decoder. */
export interface WbxmlLanguage {
	/** Short name used on the CLI and in messages, e.g. 'PROV', 'SYNCML12'. */
	name: string;
	/** Well-known public identifier (WAP-192 §5.5 / OMNA registry), or undefined when only the FPI exists. */
	publicId?: number;
	fpi: string;
	systemId?: string;
	root: string;
	pages: Readonly<Record<number, CodePage>>;
	/** Documents of other languages it carries as OPAQUE, when it does. */
	embedding?: Embedding;
	/** Text content is written as one string token (one STR_I or one STR_T), never a mix: libwbxml's wbxml2xml turns
	 *  a SyncML <Data> made of several into nested CDATA sections and drops </Data> (WAP-192 §5.8.4.2 allows it). */
	wholeTextStrings?: boolean;
	/** Where the token values come from (spec section, implementations compared). */
	source: string;
}

export interface EncodeOptions {
	version?: WbxmlVersion; // default 0x03
	/** Use a string table for repeated strings (default true). */
	stringTable?: boolean;
	/** Keep whitespace-only text nodes (default false: dropped, like xml2wbxml without -k). */
	keepWhitespace?: boolean;
	/** Called between the encoder's steps and now and then inside them; a worker may sleep in it to give the CPU to
	 *  its page (the studio's analysis worker while a keystroke is drawn). Changes nothing in the bytes. */
	pause?: () => void;
}

export interface DecodedWbxml {
	version: WbxmlVersion;
	/** The numeric public id as read, or the FPI when it was given through the string table. */
	publicId: number | string;
	charset: number;
	language: WbxmlLanguage;
	document: XmlDocument;
}

/** One span of the byte stream and what it means, for the annotated hex view. */
export interface WbxmlAnnotation {
	offset: number;
	length: number;
	kind:
		| 'version' | 'public-id' | 'charset' | 'string-table'
		| 'switch-page' | 'tag' | 'end' | 'attribute-start' | 'attribute-value'
		| 'inline-string' | 'table-string' | 'entity' | 'opaque' | 'literal' | 'extension' | 'pi';
	/** e.g. 'C6 <characteristic> attrs+content', '55 type="NAPDEF"', '83 00 STR_T[0] "NAP1"'. */
	label: string;
	/** Element nesting depth at this span (0 = header / root level). */
	depth: number;
}

/**
 * A span without its label (annotateWbxmlSpans): what the label needs besides the stream's bytes, so a view labels
 * only the spans it shows (WbxmlLabels). `context` by kind:
 * - tag, attribute-start, attribute-value: the code page the token was read on;
 * - switch-page, literal: 0 where a tag was expected, 1 in an attribute list;
 * - end: the offset of the tag whose content it closes, or minus the offset of the tag (or PI) whose attribute list
 *   it closes (a tag or PI is never at offset 0, the version byte);
 * - public-id: 1 when the language was found (the label names it), 0 when the stream failed before;
 * - any other kind: 0.
 */
export interface WbxmlSpan {
	offset: number;
	length: number;
	kind: WbxmlAnnotation['kind'];
	depth: number;
	context: number;
}

export type WbxmlErrorCode =
	| 'truncated'
	| 'bad-version'
	| 'unknown-public-id'
	| 'unsupported-charset'
	| 'mb-u-int32-too-long'
	| 'string-table-offset'
	| 'unterminated-string'
	| 'unknown-tag'
	| 'unknown-attribute-start'
	| 'unknown-attribute-value'
	| 'unexpected-token'
	| 'trailing-bytes'
	| 'too-deep'
	| 'invalid-utf8'
	| 'invalid-text'
	| 'bad-entity'
	| 'unencodable';

/** Every WBXML failure: a stable code and the byte offset where the stream stopped making sense. */
export class WbxmlError extends Error {
	override readonly name = 'WbxmlError';
	constructor(
		readonly code: WbxmlErrorCode,
		/** Byte offset in the input (decode) or -1 when the problem is in the tree being encoded. */
		readonly offset: number,
		message: string
	) {
		super(offset >= 0 ? `WBXML offset 0x${offset.toString(16).toUpperCase()}: ${message}` : message);
	}
}
