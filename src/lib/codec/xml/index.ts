// Public face of the XML layer.
export type { XmlDocument, XmlElement, XmlAttribute, XmlNode, XmlText, XmlOpaque, SourcePosition } from './tree';
export { XmlError, type XmlErrorCode } from './error';
export { parseXml, MAX_XML_LENGTH, MAX_XML_DEPTH } from './parse';
export { decodeXmlBytes } from './encoding';
export { serializeXml, canonicalXml } from './serialize';
export { firstNonXmlChar, describeNonXmlChar, type NonXmlChar } from './xml-char';
export { escapeAttribute, escapeText } from './escape';
export { XmlReparser } from './reparse';
