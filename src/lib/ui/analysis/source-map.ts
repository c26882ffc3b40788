// Which part of the XML text each WBXML span stands for, so that the editor and the hex view can select each
// other. Neither the encoder nor the annotator knows source positions; the parser knows where every element,
// attribute name and text run starts (line:column, codec/xml/parse.ts). This walks the annotated spans in stream
// order next to the parsed tree, following the grammar the walker reads (WAP-192 §5.8: element = [switchPage]
// stag [attribute* END] [content* END]), and scans the text from each start for where the node ends.
// What the encoder leaves out is skipped the way it leaves it out (codec/wbxml/plan.ts): whitespace-only text, and
// xmlns attributes implied by a code page. Anything unexpected stops the mapping there: the spans before keep their
// ranges, the rest have none — never a wrong range.
import type { WbxmlSpan, WbxmlSpanList } from '../../codec/wbxml';
import type { SourcePosition, XmlAttribute, XmlDocument, XmlElement, XmlNode } from '../../codec/xml';

export interface SourceMap {
	/** Per span: the XML range [start, end) in UTF-16 offsets of the text, or -1 for none. */
	sourceStarts: Int32Array;
	sourceEnds: Int32Array;
	/** Per element: XML start, XML end (start tag to end tag), first byte, end byte. */
	elements: Int32Array;
}

interface Range {
	start: number;
	end: number;
}

const NONE: Range = { start: -1, end: -1 };
const WHITESPACE_ONLY = /^[ \t\r\n]*$/;

class Mismatch extends Error {}

/** Line:column (1-based, a surrogate pair is one column: line-cursor.ts) → offset, cheap for increasing positions. */
class OffsetCursor {
	private readonly lineStarts: number[] = [0];
	private line = 1;
	private column = 1;
	private offset = 0;

	constructor(private readonly text: string) {
		// XML 1.0 §2.11: a line ends at LF, CRLF or a lone CR, as the parser counts.
		for (let i = 0; i < text.length; i++) {
			const c = text.charCodeAt(i);
			if (c === 0x0a || (c === 0x0d && text.charCodeAt(i + 1) !== 0x0a)) this.lineStarts.push(i + 1);
		}
	}

	at(line: number, column: number): number {
		if (line > this.lineStarts.length) return this.text.length;
		if (line !== this.line || column < this.column) {
			this.line = line;
			this.column = 1;
			this.offset = this.lineStarts[line - 1];
		}
		const text = this.text;
		while (this.column < column && this.offset < text.length) {
			const c = text.charCodeAt(this.offset);
			const pair = c >= 0xd800 && c <= 0xdbff && (text.charCodeAt(this.offset + 1) & 0xfc00) === 0xdc00;
			this.offset += pair ? 2 : 1;
			this.column++;
		}
		return this.offset;
	}
}

const isStart = (kind: WbxmlSpan['kind']): boolean => kind === 'attribute-start' || kind === 'literal';
const isTextPiece = (kind: WbxmlSpan['kind']): boolean => kind === 'inline-string' || kind === 'table-string' || kind === 'entity';

class Mapper {
	private i = 0;
	readonly starts: Int32Array;
	readonly ends: Int32Array;
	readonly elements: number[] = [];
	private readonly cursor: OffsetCursor;
	/** Elements mapped, for `pause`. */
	private mapped = 0;

	constructor(
		/** The text the parser read (without a byte order mark); `base` is added to every offset given out. */
		private readonly s: string,
		private readonly base: number,
		private readonly spans: WbxmlSpanList,
		private readonly bytes: Uint8Array,
		private readonly tagName: (span: number) => string | undefined,
		private readonly pause: (() => void) | undefined
	) {
		this.starts = new Int32Array(spans.count).fill(-1);
		this.ends = new Int32Array(spans.count).fill(-1);
		this.cursor = new OffsetCursor(s);
	}

	run(document: XmlDocument): void {
		const rootAt = this.offsetOf(document.root.position);
		const declaration = this.s.startsWith('<?xml') ? { start: 0, end: this.after('?>', 0) } : NONE;
		const doctype = this.doctype(rootAt);
		while (this.i < this.spans.count) {
			const kind = this.spans.kind(this.i);
			// The charset byte says what the declaration's encoding says; the version byte has no counterpart in the XML.
			if (kind === 'charset') this.set(declaration);
			// Without a DOCTYPE the language was found from the root element (registry.ts languageForDocument).
			else if (kind === 'public-id') this.set(doctype.start >= 0 ? doctype : this.startTag(rootAt));
			else if (kind !== 'string-table' && kind !== 'version') break;
			this.i++;
		}
		this.element(document.root);
	}

	private kind(): WbxmlSpan['kind'] {
		if (this.i >= this.spans.count) throw new Mismatch('the spans end inside an element');
		return this.spans.kind(this.i);
	}

	private set(range: Range): void {
		if (range.start < 0) return;
		this.starts[this.i] = range.start + this.base;
		this.ends[this.i] = range.end + this.base;
	}

	private offsetOf(position: SourcePosition | undefined): number {
		if (position === undefined || !('line' in position)) throw new Mismatch('a node without a line:column');
		return this.cursor.at(position.line, position.column);
	}

	/** Offset just past the next `close` from `from` (or the end of the text). */
	private after(close: string, from: number): number {
		const at = this.s.indexOf(close, from);
		return at < 0 ? this.s.length : at + close.length;
	}

	private doctype(before: number): Range {
		const at = this.s.indexOf('<!DOCTYPE');
		if (at < 0 || at > before) return NONE;
		const gt = this.s.indexOf('>', at);
		const bracket = this.s.indexOf('[', at);
		// An internal subset ends at "]" then ">" (XML 1.0 §2.8 doctypedecl).
		return { start: at, end: bracket >= 0 && bracket < gt ? this.after('>', this.after(']', bracket)) : gt + 1 };
	}

	/** The start tag at `lt`: to its '>' outside quoted values. */
	private startTag(lt: number): Range & { selfClosing: boolean } {
		const s = this.s;
		let quote = 0;
		for (let i = lt + 1; i < s.length; i++) {
			const c = s.charCodeAt(i);
			if (quote !== 0) {
				if (c === quote) quote = 0;
			} else if (c === 0x22 || c === 0x27) quote = c;
			else if (c === 0x3e) return { start: lt, end: i + 1, selfClosing: s.charCodeAt(i - 1) === 0x2f };
		}
		throw new Mismatch('a start tag without its ">"');
	}

	/** name="value": the whole attribute, and the value between the quotes. */
	private attribute(attribute: XmlAttribute): { whole: Range; value: Range } {
		if (attribute.position === undefined) return { whole: NONE, value: NONE };
		const s = this.s;
		const start = this.offsetOf(attribute.position);
		let i = s.indexOf('=', start) + 1;
		while (s.charCodeAt(i) === 0x20 || s.charCodeAt(i) === 0x09 || s.charCodeAt(i) === 0x0a || s.charCodeAt(i) === 0x0d) i++;
		const quote = s[i];
		const close = s.indexOf(quote, i + 1);
		if (i === 0 || close < 0) throw new Mismatch('an attribute without its value');
		return { whole: { start, end: close + 1 }, value: { start: i + 1, end: close } };
	}

	/** Where the next markup that is not a comment or PI starts, from `from` (text runs across them, parse.ts). */
	private nextMarkup(from: number): number {
		const s = this.s;
		let i = from;
		for (;;) {
			const lt = s.indexOf('<', i);
			if (lt < 0) return s.length;
			if (s.startsWith('<!--', lt)) i = this.after('-->', lt + 4);
			else if (s.startsWith('<?', lt)) i = this.after('?>', lt + 2);
			else return lt;
		}
	}

	/** The end tag after `from`, past text, comments, PIs and CDATA sections the stream did not carry. */
	private endTag(from: number): Range {
		const s = this.s;
		let i = from;
		for (;;) {
			const lt = this.nextMarkup(i);
			if (s.startsWith('<![CDATA[', lt)) {
				i = this.after(']]>', lt + 9);
				continue;
			}
			if (!s.startsWith('</', lt)) throw new Mismatch('an element where its end tag was expected');
			return { start: lt, end: this.after('>', lt) };
		}
	}

	/** The whole of a node the stream carries as one OPAQUE: a CDATA section, the base64 marker element
	 *  (codec/xml/opaque.ts), or an element written as an embedded document (codec/wbxml/embedded.ts). */
	private extent(node: XmlNode): Range {
		const start = this.offsetOf(node.position);
		if (node.kind === 'opaque') {
			if (this.s.startsWith('<![CDATA[', start)) return { start, end: this.after(']]>', start + 9) };
			const tag = this.startTag(start);
			return tag.selfClosing ? tag : { start, end: this.endTag(tag.end).end };
		}
		if (node.kind === 'text') return { start, end: this.nextMarkup(start) };
		const tag = this.startTag(start);
		if (tag.selfClosing) return tag;
		let cursor = tag.end;
		for (const child of node.children) if (child.kind !== 'text') cursor = this.extent(child).end;
		return { start, end: this.endTag(cursor).end };
	}

	/** Maps the spans of `element` (from its first SWITCH_PAGE or tag token to its last END); returns its XML end. */
	private element(element: XmlElement): number {
		if (this.pause !== undefined && (++this.mapped & 511) === 0) this.pause();
		const firstSpan = this.i;
		const tag = this.startTag(this.offsetOf(element.position));
		while (this.kind() === 'switch-page') {
			this.set(tag);
			this.i++;
		}
		const kind = this.kind();
		if ((kind !== 'tag' && kind !== 'literal') || this.tagName(this.i) !== element.name) throw new Mismatch(`<${element.name}> is not the next tag`);
		this.set(tag);
		// WAP-192 §5.8.2: bit 7 of the tag token says attributes follow, bit 6 content (LITERAL has the same bits).
		const token = this.bytes[this.spans.offset(this.i)];
		this.i++;
		if (token & 0x80) this.attributes(element, tag);
		let end: number;
		if (token & 0x40) end = this.content(element, tag.end);
		else end = tag.selfClosing ? tag.end : this.endTag(tag.end).end;
		const last = this.i - 1;
		this.elements.push(tag.start + this.base, end + this.base, this.spans.offset(firstSpan), this.spans.offset(last) + this.spans.length(last));
		return end;
	}

	private attributes(element: XmlElement, tag: Range & { selfClosing: boolean }): void {
		let listEnd = this.i;
		let startCount = 0;
		while (listEnd < this.spans.count && this.spans.kind(listEnd) !== 'end') {
			if (isStart(this.spans.kind(listEnd))) startCount++;
			listEnd++;
		}
		if (listEnd === this.spans.count) throw new Mismatch(`the attributes of <${element.name}> have no END`);
		let attributes = element.attributes;
		// The encoder drops an xmlns its code page implies (plan.ts); the decoder restores it.
		if (attributes.length !== startCount) attributes = attributes.filter((a) => a.name !== 'xmlns');
		if (attributes.length !== startCount) throw new Mismatch(`<${element.name}> has ${attributes.length} attributes, the stream ${startCount}`);
		let index = -1;
		let current = { whole: NONE, value: NONE };
		while (this.i < listEnd) {
			const kind = this.spans.kind(this.i);
			if (kind === 'switch-page') {
				// A page switch before an attribute start belongs to that attribute; inside a value, to the value.
				let next = this.i;
				while (this.spans.kind(next) === 'switch-page') next++;
				this.set(next < listEnd && isStart(this.spans.kind(next)) ? this.attribute(attributes[index + 1]).whole : current.value);
			} else if (isStart(kind)) {
				current = this.attribute(attributes[++index]);
				this.set(current.whole);
			} else {
				if (index < 0) throw new Mismatch('an attribute value before any attribute start');
				this.set(current.value);
			}
			this.i++;
		}
		// The END of the attribute list stands for the '>' (or '/>') that closes the start tag.
		this.set({ start: tag.end - (tag.selfClosing ? 2 : 1), end: tag.end });
		this.i++;
	}

	/** Maps the content spans up to the element's END; returns the end of its end tag. */
	private content(element: XmlElement, from: number): number {
		const children = element.children.filter((c) => c.kind !== 'text' || (c.text !== '' && !WHITESPACE_ONLY.test(c.text)));
		let next = 0;
		let cursor = from;
		for (;;) {
			const kind = this.kind();
			if (kind === 'end') {
				const end = this.endTag(cursor);
				this.set(end);
				this.i++;
				return end.end;
			}
			const child = children[next++];
			if (child === undefined) throw new Mismatch(`more content in the stream than in <${element.name}>`);
			if (kind === 'switch-page' || kind === 'tag' || kind === 'literal') {
				if (child.kind !== 'element') throw new Mismatch('a tag where the XML has no element');
				cursor = this.element(child);
			} else if (isTextPiece(kind)) {
				if (child.kind !== 'text') throw new Mismatch('text where the XML has none');
				const range = this.extent(child);
				while (this.i < this.spans.count && isTextPiece(this.spans.kind(this.i))) {
					this.set(range);
					this.i++;
				}
				cursor = range.end;
			} else if (kind === 'opaque') {
				if (child.kind === 'text') throw new Mismatch('OPAQUE where the XML has text');
				const range = this.extent(child);
				this.set(range);
				this.i++;
				cursor = range.end;
			} else {
				throw new Mismatch(`unexpected ${kind} in the content of <${element.name}>`);
			}
		}
	}
}

/** The XML range of every span of `spans` (the annotation of the encoding of `document`, parsed from `text`);
 *  `tagName` names the element a tag or LITERAL tag span opens (WbxmlLabels.tagName). */
export function mapSpansToSource(
	text: string,
	document: XmlDocument,
	spans: WbxmlSpanList,
	bytes: Uint8Array,
	tagName: (span: number) => string | undefined,
	/** Called every few hundred elements (the analysis worker's input gate). */
	pause?: () => void
): SourceMap {
	// parseXml counts lines and columns after a byte order mark (parse.ts).
	const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
	const mapper = new Mapper(bom ? text.slice(1) : text, bom, spans, bytes, tagName, pause);
	try {
		mapper.run(document);
	} catch (e) {
		if (!(e instanceof Mismatch)) throw e;
	}
	return { sourceStarts: mapper.starts, sourceEnds: mapper.ends, elements: Int32Array.from(mapper.elements) };
}
