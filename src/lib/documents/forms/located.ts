// The XML text of a wap-provisioningdoc with the offsets of every characteristic and parm: what the forms read
// from and write into. The document model (ProvDoc) drops comments, white space and the prolog, so a form never
// rewrites the text from it: it reads values here and changes the text by small edits at these offsets
// (see index.ts).
//
// The text is first read by the XML parser and the document model (which check well-formedness and the prov.dtd
// structure and decode the attribute values); a short scan of the same text then finds where each element and
// attribute value lies. Both walk the elements in document order, so the two are paired element by element.
import { parseXml, XmlError, type XmlElement } from '../../codec/xml';
import { provDocFromXml, ProvDocError } from '../provcont';
import { FormError } from './error';

/** An attribute as written: where its value lies between its quotes. */
export interface LocatedAttribute {
	name: string;
	/** Decoded value (entities and character references resolved). */
	value: string;
	/** text[valueFrom, valueTo) is the raw value between the quotes. */
	valueFrom: number;
	valueTo: number;
	quote: '"' | "'";
}

export interface LocatedElement {
	/** Element name: characteristic, parm (or a Windows CSP variant, which the forms leave alone). */
	name: string;
	attributes: LocatedAttribute[];
	/** text[start, end) is the whole element. */
	start: number;
	end: number;
	/** Offset just past the start tag's '>' (for a self-closing element, equal to `end`). */
	openEnd: number;
	/** Offset of the end tag's '<'; undefined for a self-closing element. */
	closeStart?: number;
	children: LocatedElement[];
}

/** A document as the forms see it: its text and, unless the text is blank, its root element located. */
export interface FormDocument {
	readonly text: string;
	/** Undefined for a blank text (a new document): writing a form into it writes the whole document. */
	readonly root?: LocatedElement;
	/** The edits that made this document from the one a form wrote into (empty for a document read from text). */
	readonly edits: readonly { from: number; to: number; insert: string }[];
}

/** Reads a text for the forms. A text that is no wap-provisioningdoc is refused with the model's ProvDocError. */
export function readFormDocument(text: string): FormDocument {
	if (/^[\s\uFEFF]*$/.test(text)) return { text, edits: [] };
	let tree: XmlElement;
	try {
		const parsed = parseXml(text);
		provDocFromXml(parsed);
		tree = parsed.root;
	} catch (error) {
		if (error instanceof XmlError) throw new ProvDocError('not-well-formed', { line: error.line, column: error.column }, error.reason);
		throw error;
	}
	const scanned = scanElements(text);
	if (scanned === undefined) throw new FormError('unsupported-markup', 'the root element could not be located in the text');
	pair(scanned, tree);
	return { text, root: scanned, edits: [] };
}

/** Copies the decoded attribute values of the parsed tree onto the scanned one, checking they are the same elements. */
function pair(located: LocatedElement, parsed: XmlElement): void {
	const children = parsed.children.filter((c): c is XmlElement => c.kind === 'element');
	if (located.name !== parsed.name || located.children.length !== children.length || located.attributes.length !== parsed.attributes.length) {
		throw new FormError('unsupported-markup', `element <${parsed.name}> could not be located in the text`, located.start);
	}
	located.attributes.forEach((attribute, i) => {
		attribute.value = parsed.attributes[i].value;
	});
	located.children.forEach((child, i) => pair(child, children[i]));
}

/**
 * Element structure of a well-formed text (the parser has checked it): comments, PIs, CDATA sections and the
 * DOCTYPE are skipped (XML 1.0 §2.5–2.8), text is ignored. Returns the root element.
 */
function scanElements(text: string): LocatedElement | undefined {
	const stack: LocatedElement[] = [];
	let root: LocatedElement | undefined;
	let i = 0;
	for (;;) {
		const lt = text.indexOf('<', i);
		if (lt < 0) return root;
		if (text.startsWith('<!--', lt)) i = text.indexOf('-->', lt + 4) + 3;
		else if (text.startsWith('<?', lt)) i = text.indexOf('?>', lt + 2) + 2;
		else if (text.startsWith('<![CDATA[', lt)) i = text.indexOf(']]>', lt + 9) + 3;
		else if (text.startsWith('<!', lt)) i = doctypeEnd(text, lt);
		else if (text.startsWith('</', lt)) {
			const gt = text.indexOf('>', lt);
			const open = stack.pop();
			if (open !== undefined) {
				open.closeStart = lt;
				open.end = gt + 1;
			}
			i = gt + 1;
		} else {
			const element = startTag(text, lt);
			const parent = stack[stack.length - 1];
			if (parent === undefined) root ??= element;
			else parent.children.push(element);
			if (element.end < 0) stack.push(element);
			i = element.openEnd;
		}
		if (i <= 0) return root;
	}
}

function doctypeEnd(text: string, lt: number): number {
	const gt = text.indexOf('>', lt);
	const bracket = text.indexOf('[', lt);
	if (bracket >= 0 && (gt < 0 || bracket < gt)) return text.indexOf('>', text.indexOf(']', bracket)) + 1;
	return gt + 1;
}

/** The start tag at text[lt]; `end` is -1 until the end tag is found, unless the element is self-closing. */
function startTag(text: string, lt: number): LocatedElement {
	let i = lt + 1;
	while (i < text.length && !isSpace(text.charCodeAt(i)) && text[i] !== '>' && text[i] !== '/') i++;
	const element: LocatedElement = { name: text.slice(lt + 1, i), attributes: [], start: lt, end: -1, openEnd: -1, children: [] };
	for (;;) {
		while (i < text.length && isSpace(text.charCodeAt(i))) i++;
		if (text[i] === '>') {
			element.openEnd = i + 1;
			return element;
		}
		if (text[i] === '/') {
			element.openEnd = text.indexOf('>', i) + 1;
			element.end = element.openEnd;
			return element;
		}
		const nameStart = i;
		while (i < text.length && text[i] !== '=' && !isSpace(text.charCodeAt(i))) i++;
		const name = text.slice(nameStart, i);
		i = text.indexOf('=', i) + 1;
		while (i < text.length && isSpace(text.charCodeAt(i))) i++;
		const quote = text[i] === "'" ? "'" : '"';
		const close = text.indexOf(quote, i + 1);
		element.attributes.push({ name, value: '', valueFrom: i + 1, valueTo: close, quote });
		i = close + 1;
	}
}

function isSpace(code: number): boolean {
	return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

/** The value of an attribute, or undefined. */
export function attributeValue(element: LocatedElement, name: string): string | undefined {
	return element.attributes.find((a) => a.name === name)?.value;
}

/** The characteristic children of type `type` (only `<characteristic>`: the CSP variants are not OMA CP). */
export function characteristicsOf(parent: LocatedElement, type: string): LocatedElement[] {
	return parent.children.filter((c) => c.name === 'characteristic' && attributeValue(c, 'type') === type);
}

/** The `<parm>` children named `name`, in document order. */
export function parmsOf(parent: LocatedElement, name: string): LocatedElement[] {
	return parent.children.filter((c) => c.name === 'parm' && attributeValue(c, 'name') === name);
}

/** A parm's value as a form shows it: a parm without value (a flag) reads as ''. */
export function parmValue(parm: LocatedElement): string {
	return attributeValue(parm, 'value') ?? '';
}
