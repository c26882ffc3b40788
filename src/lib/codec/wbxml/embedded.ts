// Documents inside documents, as libwbxml writes and reads them (src/wbxml_tree_clb_xml.c, wbxml_encoder.c
// wbxml_encode_tree, wbxml_tree.c wbxml_tree_node_get_syncml_data_type): SyncML has no code page for DevInf, and
// DM DDF (TNDS) travels as a document of its own, so a DevInf or MgmtTree element inside a SyncML message is
// encoded as a separate WBXML document of the DevInf (or DM DDF) language that goes with the message's SyncML
// version, written as OPAQUE, and the content type announcing it in Meta/Type says so: "...+xml" in XML becomes
// "...+wbxml" in WBXML. Decoding does the reverse when the Type says "+wbxml" and the bytes are a whole document of
// that language (of exactly that version: a DevInf 1.2 inside SyncML 1.1 stays OPAQUE rather than be relabelled).
// The language tables say which documents a language carries (WbxmlLanguage.embedding); this file knows no names.
import type { XmlDocument, XmlElement, XmlNode, XmlOpaque } from '../xml/tree';
import type { EmbeddedDocument, EncodeOptions, WbxmlLanguage } from './types';

export type EncodeDocument = (document: XmlDocument, language: WbxmlLanguage, options: EncodeOptions) => Uint8Array;
export type DecodeDocument = (opaque: XmlOpaque, language: WbxmlLanguage) => XmlDocument | undefined;

/** The tree to encode: each embedded document replaced by its WBXML as OPAQUE, its Type rewritten. The input tree
 *  is not changed; only the elements on the way to a change are copied. */
export function embedDocuments(document: XmlDocument, language: WbxmlLanguage, options: EncodeOptions, encode: EncodeDocument): XmlDocument {
	const embedding = language.embedding;
	if (embedding === undefined) return document;
	const replaced = new Map<XmlNode, XmlNode>();
	const retyped = new Map<XmlElement, string>();
	const visit = (element: XmlElement, namespace: string | undefined, parent: XmlElement | undefined, grandparent: XmlElement | undefined): void => {
		for (const child of element.children) {
			if (child.kind !== 'element') continue;
			const childNamespace = namespaceOf(child) ?? namespace;
			const embedded = embedding.documents.find((d) => d.root === child.name && d.namespace === childNamespace);
			if (embedded === undefined) {
				visit(child, childNamespace, element, parent);
				continue;
			}
			const inner: XmlDocument = { root: child, publicId: embedded.language.fpi, systemId: embedded.language.systemId };
			replaced.set(child, { kind: 'opaque', bytes: encode(inner, embedded.language, options), position: child.position });
			if (element.name !== embedding.container) continue;
			const type = typeElement(embedding.meta, embedding.type, parent, grandparent);
			if (type !== undefined && textOf(type).toLowerCase() === embedded.contentType.xml.toLowerCase()) retyped.set(type, embedded.contentType.wbxml);
		}
	};
	visit(document.root, namespaceOf(document.root), undefined, undefined);
	if (replaced.size === 0) return document;
	return { ...document, root: rebuild(document.root, replaced, retyped) };
}

/** The decoded tree with each OPAQUE that holds an announced document of the right language decoded in place. */
export function unembedDocuments(document: XmlDocument, language: WbxmlLanguage, decode: DecodeDocument): XmlDocument {
	const embedding = language.embedding;
	if (embedding === undefined) return document;
	const replaced = new Map<XmlNode, XmlNode>();
	const retyped = new Map<XmlElement, string>();
	const visit = (element: XmlElement, parent: XmlElement | undefined, grandparent: XmlElement | undefined): void => {
		for (const child of element.children) {
			if (child.kind === 'element') visit(child, element, parent);
		}
		if (element.name !== embedding.container || !element.children.some((c) => c.kind === 'opaque')) return;
		const type = typeElement(embedding.meta, embedding.type, parent, grandparent);
		if (type === undefined) return;
		const announced: EmbeddedDocument | undefined = embedding.documents.find((d) => d.contentType.wbxml === textOf(type));
		if (announced === undefined) return;
		for (const child of element.children) {
			if (child.kind !== 'opaque') continue;
			const inner = decode(child, announced.language);
			if (inner === undefined || inner.root.name !== announced.root) continue;
			replaced.set(child, inner.root);
			retyped.set(type, announced.contentType.xml);
		}
	};
	visit(document.root, undefined, undefined);
	if (replaced.size === 0) return document;
	return { ...document, root: rebuild(document.root, replaced, retyped) };
}

function namespaceOf(element: XmlElement): string | undefined {
	for (const attribute of element.attributes) if (attribute.name === 'xmlns') return attribute.value;
	return undefined;
}

/** libwbxml's lookup: the first `meta` child of the parent, then of the grandparent, that has a `type` child. */
function typeElement(meta: string, type: string, parent: XmlElement | undefined, grandparent: XmlElement | undefined): XmlElement | undefined {
	for (const holder of [parent, grandparent]) {
		if (holder === undefined) continue;
		const metaElement = holder.children.find((c): c is XmlElement => c.kind === 'element' && c.name === meta);
		const typed = metaElement?.children.find((c): c is XmlElement => c.kind === 'element' && c.name === type);
		if (typed !== undefined) return typed;
	}
	return undefined;
}

function textOf(element: XmlElement): string {
	let text = '';
	for (const child of element.children) if (child.kind === 'text') text += child.text;
	return text;
}

function rebuild(element: XmlElement, replaced: ReadonlyMap<XmlNode, XmlNode>, retyped: ReadonlyMap<XmlElement, string>): XmlElement {
	const type = retyped.get(element);
	if (type !== undefined) return { ...element, children: [{ kind: 'text', text: type }] };
	let children: XmlNode[] | undefined;
	element.children.forEach((child, i) => {
		const next = replaced.get(child) ?? (child.kind === 'element' ? rebuild(child, replaced, retyped) : child);
		if (next !== child) (children ??= element.children.slice())[i] = next;
	});
	return children === undefined ? element : { ...element, children };
}

/** Adds `by` to every byte offset in the tree: an embedded document's offsets are counted from its first byte. */
export function shiftOffsets(element: XmlElement, by: number): void {
	if (element.position !== undefined && 'offset' in element.position) element.position = { offset: element.position.offset + by };
	for (const attribute of element.attributes) {
		if (attribute.position !== undefined && 'offset' in attribute.position) attribute.position = { offset: attribute.position.offset + by };
	}
	for (const child of element.children) {
		if (child.kind === 'element') shiftOffsets(child, by);
		else if (child.position !== undefined && 'offset' in child.position) child.position = { offset: child.position.offset + by };
	}
}
