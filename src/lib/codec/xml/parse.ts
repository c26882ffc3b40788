// XML text → XmlDocument with the source position of every element, attribute name and text run.
// saxes checks well-formedness (XML 1.0 + namespaces off: CP and SyncML documents are read by name);
// positions are computed from the offsets saxes reports, see line-cursor.ts and tag-scan.ts.
import { SaxesParser } from 'saxes';
import { clipped, echoed } from '../../text';
import { parseDoctype } from './doctype';
import { XmlError, type XmlErrorCode } from './error';
import { LineCursor } from './line-cursor';
import { cdataBytes, markerBytes, OPAQUE_ELEMENT } from './opaque';
import { attributeNameOffsets } from './tag-scan';
import type { SourceIndex } from './source-index';
import type { XmlDocument, XmlElement, XmlText } from './tree';

/** Inputs above this many UTF-16 code units (16 MiB) are refused: CP/DM documents are a few KiB. */
export const MAX_XML_LENGTH = 16 * 1024 * 1024;
/** Element nesting limit: real documents nest under 10 levels; this keeps recursive consumers safe. */
export const MAX_XML_DEPTH = 256;

/** An entity declaration (XML 1.0 §4.2 EntityDecl), general or parameter, with its name. */
const ENTITY_DECLARATION = /<!ENTITY\s+(?:%\s+)?([^\s>]*)/;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Parses `input`; with `index`, also records where each node's position and each attribute value lie in the text
 *  (reparse.ts patches a document through it). */
export function parseXml(input: string, index?: SourceIndex): XmlDocument {
	if (input.length > MAX_XML_LENGTH) {
		throw new XmlError('too-large', 1, 1, `document is ${input.length} characters, the limit is ${MAX_XML_LENGTH}`);
	}
	// A byte order mark is not part of the first line's columns (editors do not show it).
	const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
	const cursor = new LineCursor(text);
	// A lone surrogate is not an XML Char (§2.2). saxes pairs a high surrogate with whatever follows it, so it
	// would accept one and swallow the next character (a closing quote, say); refuse it here, where it is.
	const lone = LONE_SURROGATE.exec(text);
	if (lone !== null) {
		const where = cursor.at(lone.index);
		const unit = text.charCodeAt(lone.index).toString(16).toUpperCase();
		throw new XmlError('not-well-formed', where.line, where.column, `lone surrogate U+${unit} is not an XML character`);
	}
	// The position of a node that starts at `offset`, recorded in the index when there is one.
	const place = (offset: number): { line: number; column: number } => {
		const position = cursor.at(offset);
		if (index !== undefined) {
			index.positions.push(position);
			index.offsets.push(offset);
		}
		return position;
	};
	const parser = new SaxesParser({ xmlns: false, position: true });
	const stack: XmlElement[] = [];
	const document: { root?: XmlElement; publicId?: string; systemId?: string } = {};
	// Offset where the text run that saxes reports next began, give or take comments and PIs (see textStart):
	// the end of the previous markup, or the '<' that ended the previous run.
	let markupEnd = 0;

	const fail = (code: XmlErrorCode, reason: string, offset?: number): never => {
		const where = offset === undefined ? { line: parser.line, column: Math.max(1, parser.column) } : cursor.at(offset);
		throw new XmlError(code, where.line, where.column, reason);
	};

	// Six handlers (no opentagstart: the start tag's '<' is found at opentag), and no comment/PI handler: saxes' `on`
	// adds each handler to the parser under a computed name, and past seven of them V8 turns the parser into a
	// dictionary-mode object, which made every field access in saxes' character loop (and so all of parseXml) 4-5x
	// slower. Comments and PIs are skipped in textStart.
	parser.on('doctype', (body) => {
		// XML 1.0 §4.2: entities declared in the internal subset. saxes never expands them, so a reference would
		// fail later as "undefined entity"; refuse the declaration itself, where it is, with the real reason.
		const declaration = ENTITY_DECLARATION.exec(body.slice(Math.max(0, body.indexOf('['))));
		if (body.includes('[') && declaration !== null) {
			const at = parser.position - 1 - body.length + body.indexOf('[') + declaration.index;
			fail('not-well-formed', `the DOCTYPE declares entity ${echoed(declaration[1])}: entity declarations are refused, never expanded (no billion laughs, no external entities)`, at);
		}
		const ids = parseDoctype(body);
		if (ids.publicId !== undefined) document.publicId = ids.publicId;
		if (ids.systemId !== undefined) document.systemId = ids.systemId;
	});
	parser.on('text', (value) => {
		appendText(stack, value, text, markupEnd, place);
		// saxes reports a run when it reads the '<' after it.
		markupEnd = parser.position - 1;
	});
	parser.on('cdata', (value) => {
		// A CDATA section is WBXML OPAQUE (opaque.ts): a node of its own, not merged with the text around it.
		const parent = stack[stack.length - 1];
		if (parent !== undefined) parent.children.push({ kind: 'opaque', bytes: cdataBytes(value), position: place(textStart(text, markupEnd)) });
		// saxes fires this before the closing '>' of ']]>'; the markup ends at the first '>' from the last character read.
		markupEnd = text.indexOf('>', parser.position - 1) + 1 || parser.position;
	});
	// The attributes in document order, as saxes reads them: its own record of them is a prototype-less object
	// (dictionary mode in V8) that a for-in walked for every start tag; the events give the same order directly.
	let attributes: { name: string; value: string }[] = [];
	// With an index: where each value's text lies, between its quotes (saxes reports an attribute at its closing quote).
	let valueRanges: number[] = [];
	parser.on('attribute', (attribute) => {
		attributes.push(attribute);
		if (index !== undefined) {
			const end = parser.position - 1;
			valueRanges.push(text.lastIndexOf(text[end], end - 1) + 1, end);
		}
	});
	parser.on('opentag', (tag) => {
		// A start tag holds no '<' (XML 1.0 §3.1: AttValue excludes it): the last one before its end is where it begins.
		const tagStart = text.lastIndexOf('<', parser.position - 1);
		if (stack.length >= MAX_XML_DEPTH) {
			fail('too-deep', `element <${clipped(tag.name)}> is nested deeper than ${MAX_XML_DEPTH} levels`, tagStart);
		}
		const element: XmlElement = { kind: 'element', name: tag.name, attributes: [], children: [], position: place(tagStart) };
		if (attributes.length > 0) {
			const offsets = attributeNameOffsets(text, tagStart, parser.position);
			for (let i = 0; i < attributes.length; i++) {
				const { name, value } = attributes[i];
				const offset = offsets[i];
				const attribute = offset === undefined ? { name, value } : { name, value, position: place(offset) };
				element.attributes.push(attribute);
				if (index !== undefined) {
					index.attributes.push(attribute);
					index.valueStarts.push(valueRanges[2 * i]);
					index.valueEnds.push(valueRanges[2 * i + 1]);
				}
			}
			attributes = [];
			valueRanges = [];
		}
		const parent = stack[stack.length - 1];
		if (parent === undefined) document.root = element;
		else parent.children.push(element);
		stack.push(element);
		markupEnd = parser.position;
	});
	parser.on('closetag', (tag) => {
		const open = stack.pop();
		if (!tag.isSelfClosing) {
			// saxes reports a wrong end tag only after popping, as "unexpected close tag"; name both tags instead.
			const lt = text.lastIndexOf('</', parser.position - 1);
			if (!isEndTagOf(text, lt, parser.position - 1, tag.name)) {
				const found = text.slice(lt + 2, parser.position - 1).trim();
				if (found !== tag.name) {
					// The end tag of an element further out: the one still open was never closed. Say so where it
					// opened, which is where the reader has to look (a missing </characteristic> is otherwise
					// reported at the root's end tag, far from it).
					if (open?.position !== undefined && 'line' in open.position && stack.some((e) => e.name === found)) {
						const at = cursor.at(lt);
						throw new XmlError(
							'not-well-formed',
							open.position.line,
							open.position.column,
							`unclosed tag <${clipped(tag.name)}>: no </${clipped(tag.name)}> before </${clipped(found)}> at line ${at.line}, column ${at.column}`
						);
					}
					fail('not-well-formed', `mismatched end tag </${clipped(found)}>, expected </${clipped(tag.name)}>`, lt);
				}
			}
		}
		if (open === undefined) fail('not-well-formed', `unexpected end tag </${clipped(tag.name)}>`);
		else if (open.name === OPAQUE_ELEMENT) opaqueMarker(open, stack[stack.length - 1]);
		markupEnd = parser.position;
	});

	try {
		parser.write(text).close();
	} catch (error) {
		if (error instanceof XmlError) throw error;
		const raw = error instanceof Error ? error.message : String(error);
		const reason = raw.replace(/^\d+:\d+: /, '');
		// saxes takes everything from a bare '&' up to the next ';' as an entity name, so its own report comes
		// late and names something else ("unclosed tag", "unexpected end"); the '&' is the cause.
		const amp = bareAmpersand(text, parser.position);
		if (amp >= 0) fail('not-well-formed', '"&" starts no entity or character reference: write &amp; for a literal &', amp);
		const unclosed = /^unclosed tag: /.test(reason) ? stack[stack.length - 1] : undefined;
		if (unclosed?.position !== undefined && 'line' in unclosed.position) {
			const { line, column } = unclosed.position;
			throw new XmlError('not-well-formed', line, column, `unclosed tag <${clipped(unclosed.name)}>: no </${clipped(unclosed.name)}> before the end of the document`);
		}
		const specific = disallowed(reason, text, parser.position);
		if (specific !== undefined) fail('not-well-formed', specific.reason, specific.offset);
		fail(codeFor(reason), describe(reason, text, parser.position));
	}
	if (document.root === undefined) return fail('no-root', 'document must contain a root element');
	const result: XmlDocument = { root: document.root };
	if (document.publicId !== undefined) result.publicId = document.publicId;
	if (document.systemId !== undefined) result.systemId = document.systemId;
	return result;
}

/** The base64 marker element of OPAQUE bytes (opaque.ts) becomes the OPAQUE node it stands for. */
function opaqueMarker(element: XmlElement, parent: XmlElement | undefined): void {
	const bytes = markerBytes(element);
	if (bytes === undefined || parent === undefined) return;
	const at = element.position !== undefined && 'line' in element.position ? element.position : { line: 1, column: 1 };
	if (!(bytes instanceof Uint8Array)) throw new XmlError('not-well-formed', at.line, at.column, bytes.reason);
	parent.children[parent.children.length - 1] = { kind: 'opaque', bytes, position: element.position };
}

function appendText(stack: readonly XmlElement[], value: string, text: string, markupEnd: number, place: (offset: number) => { line: number; column: number }): void {
	const parent = stack[stack.length - 1];
	// Text outside the root is whitespace (saxes rejects anything else) and is not part of the tree.
	if (parent === undefined || value === '') return;
	const children = parent.children;
	const last = children[children.length - 1];
	if (last !== undefined && last.kind === 'text') {
		// Text split by comments/PIs forms one text node.
		last.text += value;
		return;
	}
	const node: XmlText = { kind: 'text', text: value, position: place(textStart(text, markupEnd)) };
	children.push(node);
}

/**
 * Where a text run begins, from the end of the markup before it: past any comments and PIs there (no handler
 * reports them, see parseXml). saxes has checked them: a comment ends at the first "-->" (XML 1.0 §2.5), a PI at
 * the first "?>" (§2.6). Text between two of them is a run of its own, reported at the '<' after it.
 */
function textStart(text: string, at: number): number {
	for (;;) {
		if (text.startsWith('<!--', at)) at = text.indexOf('-->', at + 4) + 3;
		else if (text.startsWith('<?', at)) at = text.indexOf('?>', at + 2) + 2;
		else return at;
	}
}

/** True when text[lt, gt) is `</name` followed by nothing but XML white space (§3.1 ETag). */
function isEndTagOf(text: string, lt: number, gt: number, name: string): boolean {
	if (!text.startsWith(name, lt + 2)) return false;
	for (let i = lt + 2 + name.length; i < gt; i++) {
		const c = text.charCodeAt(i);
		if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return false;
	}
	return true;
}

/** A well-formed reference from its '&' (XML 1.0 §4.1 EntityRef, CharRef); names are checked loosely, saxes does the rest. */
const REFERENCE = /&(?:#[0-9]+|#x[0-9A-Fa-f]+|[^\s&;<>"'#][^\s&;<>"']*);/y;

/**
 * Offset of the first '&' before `end` that starts no reference, outside comments, CDATA sections, PIs and the
 * DOCTYPE (where '&' is literal text), or -1. Only called once saxes has failed.
 */
function bareAmpersand(text: string, end: number): number {
	let i = 0;
	while (i < end) {
		const amp = text.indexOf('&', i);
		if (amp < 0 || amp >= end) return -1;
		const lt = text.indexOf('<', i);
		if (lt >= 0 && lt < amp) {
			i = skipMarkup(text, lt);
			if (i < 0) return -1;
			continue;
		}
		REFERENCE.lastIndex = amp;
		if (!REFERENCE.test(text)) return amp;
		i = REFERENCE.lastIndex;
	}
	return -1;
}

/** Offset after the markup that starts at text[lt] when '&' is literal inside it, else lt + 1; -1 when it never ends. */
function skipMarkup(text: string, lt: number): number {
	const past = (close: string, from: number): number => {
		const at = text.indexOf(close, from);
		return at < 0 ? -1 : at + close.length;
	};
	if (text.startsWith('<!--', lt)) return past('-->', lt + 4);
	if (text.startsWith('<![CDATA[', lt)) return past(']]>', lt + 9);
	if (text.startsWith('<?', lt)) return past('?>', lt + 2);
	if (text.startsWith('<!DOCTYPE', lt)) {
		const gt = text.indexOf('>', lt);
		const bracket = text.indexOf('[', lt);
		// An internal subset holds entity values with '&' in them; it ends at "]" then ">".
		return bracket >= 0 && (gt < 0 || bracket < gt) ? past(']', bracket) : gt < 0 ? -1 : gt + 1;
	}
	return lt + 1;
}

/**
 * saxes' "disallowed character" names no character and no remedy. `position` is saxes' position when it failed:
 * the offending character is the last one it read.
 */
function disallowed(reason: string, text: string, position: number): { reason: string; offset: number } | undefined {
	const at = position - 1;
	const ch = text.codePointAt(at);
	if (ch === undefined) return undefined;
	if (reason === 'disallowed character.') {
		// XML 1.0 §3.1 AttValue: [^<&"] — a '<' is never literal inside an attribute value.
		if (ch === 0x3c) return { reason: '"<" is not allowed in an attribute value: write &lt; instead', offset: at };
		return { reason: `character U+${ch.toString(16).toUpperCase().padStart(4, '0')} is not allowed in XML 1.0 (§2.2 Char)`, offset: at };
	}
	if (reason.startsWith('disallowed character in tag name') && text.charCodeAt(at - 1) === 0x3c) {
		// `1 < 2` in text: the '<' starts markup (§2.4 CharData excludes it).
		// Quoted as every echoed value is: a control, DEL, C1 or bidi override shows as its escape, never raw.
		const shown = /\s/.test(text[at]) ? 'a space' : echoed(String.fromCodePoint(ch));
		return { reason: `"<" followed by ${shown} starts no tag: write &lt; for a literal <`, offset: at - 1 };
	}
	return undefined;
}

function codeFor(reason: string): XmlErrorCode {
	if (reason.startsWith('document must contain a root element')) return 'no-root';
	if (reason.startsWith('documents may contain only one root')) return 'multiple-roots';
	return 'not-well-formed';
}

/** saxes' reasons, reworded where they do not name what was found. */
function describe(reason: string, text: string, position: number): string {
	const unclosed = /^unclosed tag: (.*)$/.exec(reason);
	if (unclosed) return `unclosed tag <${clipped(unclosed[1])}>`;
	if (reason === 'undefined entity.') {
		// saxes fails right after the ';' of the reference; the name is between the last '&' and it.
		const semicolon = text.lastIndexOf(';', position - 1);
		const amp = text.lastIndexOf('&', semicolon);
		return `undefined entity ${clipped(text.slice(amp, semicolon + 1))}`;
	}
	if (reason === 'malformed character entity.') {
		const semicolon = text.lastIndexOf(';', position - 1);
		const amp = text.lastIndexOf('&', semicolon);
		return `character reference ${clipped(text.slice(amp, semicolon + 1))} names no XML character (§4.1 WFC: Legal Character)`;
	}
	if (reason === 'documents may contain only one root.') return 'a second root element (documents may contain only one root)';
	return reason.replace(/\.$/, '');
}
