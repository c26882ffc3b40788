// XmlDocument → text. Two forms: serializeXml (for people and files) and canonicalXml (for comparing two
// documents, e.g. ours against libwbxml's wbxml2xml output). Both indent element-only content by two spaces
// and keep text on the line of its element (`<Data>w7</Data>`); an element mixing text and elements is
// written without added whitespace, so mixed content is never changed.
import { escapeAttribute, escapeText } from './escape';
import { opaqueXml, utf8OrUndefined } from './opaque';
import type { XmlDocument, XmlElement, XmlNode } from './tree';

type Piece = { kind: 'element'; element: XmlElement } | { kind: 'raw'; xml: string; blank: boolean };

interface Mode {
	/** Whitespace-only text is dropped everywhere (canonical form). */
	dropBlankText: boolean;
	/** How OPAQUE bytes are written. */
	opaque: (bytes: Uint8Array) => { xml: string; text?: string };
}

// OPAQUE in a file: a CDATA section, or the base64 marker element when CDATA cannot carry the bytes (opaque.ts), so
// that the XML encodes back to the same OPAQUE.
const FILE_MODE: Mode = {
	dropBlankText: false,
	opaque: (bytes) => ({ xml: opaqueXml(bytes) })
};

// OPAQUE in the canonical form: UTF-8 bytes are written exactly like a text node with that content, so
// libwbxml's `<![CDATA[w7]]>` and our `w7` compare equal; other bytes as the marker element of a file.
const CANONICAL_MODE: Mode = {
	dropBlankText: true,
	opaque(bytes) {
		const text = utf8OrUndefined(bytes);
		return text !== undefined ? { xml: escapeText(text), text } : { xml: opaqueXml(bytes) };
	}
};

/** Writes a document back as text: declaration, DOCTYPE (when known), two-space indent, empty elements as <x/>. */
export function serializeXml(document: XmlDocument, options?: { declaration?: boolean; doctype?: boolean }): string {
	let out = '';
	if (options?.declaration ?? true) out += '<?xml version="1.0" encoding="UTF-8"?>\n';
	if ((options?.doctype ?? true) && (document.publicId !== undefined || document.systemId !== undefined)) {
		out += doctype(document) + '\n';
	}
	return out + element(document.root, 0, FILE_MODE) + '\n';
}

/** The form two documents are compared in: no prolog, whitespace-only text dropped, two-space indent, attribute order kept. */
export function canonicalXml(document: XmlDocument): string {
	return element(document.root, 0, CANONICAL_MODE) + '\n';
}

function doctype(document: XmlDocument): string {
	const name = document.root.name;
	// XML 1.0 §4.2.2: PUBLIC needs a system literal; an empty one stands for "none" (see doctype.ts).
	if (document.publicId !== undefined) {
		return `<!DOCTYPE ${name} PUBLIC ${quote(document.publicId)} ${quote(document.systemId ?? '')}>`;
	}
	return `<!DOCTYPE ${name} SYSTEM ${quote(document.systemId ?? '')}>`;
}

function quote(literal: string): string {
	return literal.includes('"') ? `'${literal}'` : `"${literal}"`;
}

function startTag(node: XmlElement): string {
	let out = `<${node.name}`;
	for (const attribute of node.attributes) out += ` ${attribute.name}="${escapeAttribute(attribute.value)}"`;
	return out;
}

/** Children as pieces, adjacent text and (canonical) UTF-8 opaque merged into one run. */
function pieces(children: XmlNode[], mode: Mode): Piece[] {
	const out: Piece[] = [];
	let run: { xml: string; text: string | undefined } | undefined;
	const flush = (): void => {
		if (run === undefined) return;
		const blank = run.text !== undefined && /^[ \t\r\n]*$/.test(run.text);
		if (!(blank && mode.dropBlankText)) out.push({ kind: 'raw', xml: run.xml, blank });
		run = undefined;
	};
	for (const child of children) {
		if (child.kind === 'element') {
			flush();
			out.push({ kind: 'element', element: child });
			continue;
		}
		const next = child.kind === 'text' ? { xml: escapeText(child.text), text: child.text } : mode.opaque(child.bytes);
		if (run === undefined) run = { xml: '', text: '' };
		run.xml += next.xml;
		run.text = run.text !== undefined && next.text !== undefined ? run.text + next.text : undefined;
	}
	flush();
	return out;
}

function element(node: XmlElement, depth: number, mode: Mode): string {
	const parts = pieces(node.children, mode);
	const open = startTag(node);
	if (parts.length === 0) return `${open}/>`;
	const hasElement = parts.some((p) => p.kind === 'element');
	const hasContent = parts.some((p) => p.kind === 'raw' && !p.blank);
	if (!hasElement) return `${open}>${parts.map((p) => (p.kind === 'raw' ? p.xml : '')).join('')}</${node.name}>`;
	if (hasContent) return `${open}>${parts.map((p) => inline(p, mode)).join('')}</${node.name}>`;
	const pad = '  '.repeat(depth);
	const inner = parts
		.filter((p): p is Extract<Piece, { kind: 'element' }> => p.kind === 'element')
		.map((p) => `${pad}  ${element(p.element, depth + 1, mode)}\n`)
		.join('');
	return `${open}>\n${inner}${pad}</${node.name}>`;
}

/** Mixed content: every byte of whitespace is significant, so nothing is added. */
function inline(piece: Piece, mode: Mode): string {
	if (piece.kind === 'raw') return piece.xml;
	const parts = pieces(piece.element.children, mode);
	const open = startTag(piece.element);
	if (parts.length === 0) return `${open}/>`;
	return `${open}>${parts.map((p) => inline(p, mode)).join('')}</${piece.element.name}>`;
}
