// XML text → XmlDocument with the source position of every element, attribute name and text run.
// saxes checks well-formedness (XML 1.0 + namespaces off: CP and SyncML documents are read by name);
// positions are computed from the offsets saxes reports, see line-cursor.ts and tag-scan.ts.
import { SaxesParser } from 'saxes';
import { parseDoctype } from './doctype';
import { XmlError, type XmlErrorCode } from './error';
import { LineCursor } from './line-cursor';
import { attributeNameOffsets } from './tag-scan';
import type { XmlAttribute, XmlDocument, XmlElement, XmlText } from './tree';

/** Inputs above this many UTF-16 code units (16 MiB) are refused: CP/DM documents are a few KiB. */
export const MAX_XML_LENGTH = 16 * 1024 * 1024;
/** Element nesting limit: real documents nest under 10 levels; this keeps recursive consumers safe. */
export const MAX_XML_DEPTH = 256;

interface OpenElement {
	element: XmlElement;
	start: number;
	attributes: { name: string; value: string }[];
}

export function parseXml(input: string): XmlDocument {
	if (input.length > MAX_XML_LENGTH) {
		throw new XmlError('too-large', 1, 1, `document is ${input.length} characters, the limit is ${MAX_XML_LENGTH}`);
	}
	// A byte order mark is not part of the first line's columns (editors do not show it).
	const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
	const cursor = new LineCursor(text);
	const parser = new SaxesParser({ xmlns: false, position: true });
	const stack: OpenElement[] = [];
	const document: { root?: XmlElement; publicId?: string; systemId?: string } = {};
	// Offset where the text run that saxes reports next began: the end of the previous markup.
	let markupEnd = 0;
	let current: OpenElement | undefined;
	// Some saxes events fire before the closing '>' of their markup (comments: after the first '-' of
	// '-->'); the markup ends at the first '>' from the last character read.
	const endOfMarkup = (): number => text.indexOf('>', parser.position - 1) + 1 || parser.position;

	const fail = (code: XmlErrorCode, reason: string, offset?: number): never => {
		const where = offset === undefined ? { line: parser.line, column: Math.max(1, parser.column) } : cursor.at(offset);
		throw new XmlError(code, where.line, where.column, reason);
	};

	const appendText = (value: string, start: number): void => {
		const parent = stack[stack.length - 1];
		// Text outside the root is whitespace (saxes rejects anything else) and is not part of the tree.
		if (parent === undefined || value === '') return;
		const children = parent.element.children;
		const last = children[children.length - 1];
		if (last !== undefined && last.kind === 'text') {
			// CDATA sections and text split by comments/PIs form one text node.
			last.text += value;
			return;
		}
		const node: XmlText = { kind: 'text', text: value, position: cursor.at(start) };
		children.push(node);
	};

	parser.on('doctype', (body) => {
		const ids = parseDoctype(body);
		if (ids.publicId !== undefined) document.publicId = ids.publicId;
		if (ids.systemId !== undefined) document.systemId = ids.systemId;
		markupEnd = endOfMarkup();
	});
	parser.on('text', (value) => {
		appendText(value, markupEnd);
		markupEnd = parser.position;
	});
	parser.on('cdata', (value) => {
		appendText(value, markupEnd);
		markupEnd = endOfMarkup();
	});
	parser.on('comment', () => {
		markupEnd = endOfMarkup();
	});
	parser.on('processinginstruction', () => {
		markupEnd = endOfMarkup();
	});
	parser.on('opentagstart', (tag) => {
		// saxes fires this after the name and one delimiter; the '<' is the last one before here.
		const start = text.lastIndexOf('<', parser.position - 1);
		if (stack.length >= MAX_XML_DEPTH) {
			fail('too-deep', `element <${tag.name}> is nested deeper than ${MAX_XML_DEPTH} levels`, start);
		}
		const element: XmlElement = { kind: 'element', name: tag.name, attributes: [], children: [], position: cursor.at(start) };
		current = { element, start, attributes: [] };
	});
	parser.on('attribute', (attribute) => {
		current?.attributes.push({ name: attribute.name, value: attribute.value });
	});
	parser.on('opentag', () => {
		const open = current;
		if (open === undefined) return;
		current = undefined;
		const offsets = attributeNameOffsets(text, open.start, parser.position);
		open.element.attributes = open.attributes.map(({ name, value }, index): XmlAttribute => {
			const offset = offsets[index];
			return offset === undefined ? { name, value } : { name, value, position: cursor.at(offset) };
		});
		const parent = stack[stack.length - 1];
		if (parent === undefined) document.root = open.element;
		else parent.element.children.push(open.element);
		stack.push(open);
		markupEnd = parser.position;
	});
	parser.on('closetag', (tag) => {
		const open = stack.pop();
		if (!tag.isSelfClosing) {
			// saxes reports a wrong end tag only after popping, as "unexpected close tag"; name both tags instead.
			const lt = text.lastIndexOf('</', parser.position - 1);
			const found = text.slice(lt + 2, parser.position - 1).trim();
			if (found !== tag.name) fail('not-well-formed', `mismatched end tag </${found}>, expected </${tag.name}>`, lt);
		}
		if (open === undefined) fail('not-well-formed', `unexpected end tag </${tag.name}>`);
		markupEnd = parser.position;
	});

	try {
		parser.write(text).close();
	} catch (error) {
		if (error instanceof XmlError) throw error;
		const raw = error instanceof Error ? error.message : String(error);
		const reason = raw.replace(/^\d+:\d+: /, '');
		fail(codeFor(reason), describe(reason, text, parser.position));
	}
	if (document.root === undefined) return fail('no-root', 'document must contain a root element');
	const result: XmlDocument = { root: document.root };
	if (document.publicId !== undefined) result.publicId = document.publicId;
	if (document.systemId !== undefined) result.systemId = document.systemId;
	return result;
}

function codeFor(reason: string): XmlErrorCode {
	if (reason.startsWith('document must contain a root element')) return 'no-root';
	if (reason.startsWith('documents may contain only one root')) return 'multiple-roots';
	return 'not-well-formed';
}

/** saxes' reasons, reworded where they do not name what was found. */
function describe(reason: string, text: string, position: number): string {
	const unclosed = /^unclosed tag: (.*)$/.exec(reason);
	if (unclosed) return `unclosed tag <${unclosed[1]}>`;
	if (reason === 'undefined entity.') {
		// saxes fails right after the ';' of the reference; the name is between the last '&' and it.
		const semicolon = text.lastIndexOf(';', position - 1);
		const amp = text.lastIndexOf('&', semicolon);
		return `undefined entity ${text.slice(amp, semicolon + 1)}`;
	}
	if (reason === 'documents may contain only one root.') return 'a second root element (documents may contain only one root)';
	return reason.replace(/\.$/, '');
}
