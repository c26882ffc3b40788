// The one document tree shared by the XML parser and the WBXML codec: both produce and consume it,
// so a CP document parsed from text and one decoded from bytes compare node for node.

/** Where a node came from: a line/column in XML text (1-based) or a byte offset in a WBXML stream. */
export type SourcePosition = { line: number; column: number } | { offset: number };

export interface XmlAttribute {
	name: string;
	value: string;
	position?: SourcePosition;
}

export interface XmlElement {
	kind: 'element';
	name: string;
	attributes: XmlAttribute[];
	children: XmlNode[];
	position?: SourcePosition;
}

export interface XmlText {
	kind: 'text';
	text: string;
	position?: SourcePosition;
}

/** WBXML OPAQUE data (WAP-192 §5.8.4.6); in XML text a CDATA section or base64 in a marker element (opaque.ts). */
export interface XmlOpaque {
	kind: 'opaque';
	bytes: Uint8Array;
	position?: SourcePosition;
}

export type XmlNode = XmlElement | XmlText | XmlOpaque;

/** A whole document: the root plus what the prolog says about its language. */
export interface XmlDocument {
	root: XmlElement;
	/** DOCTYPE public identifier (FPI), when the document has one. */
	publicId?: string;
	/** DOCTYPE system identifier, when the document has one. */
	systemId?: string;
}
