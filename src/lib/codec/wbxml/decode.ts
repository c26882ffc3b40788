// The one WBXML walker (WAP-192 §5): decodes a stream into an XmlDocument and, when given a sink, reports every span
// it reads for the annotated hex view, with what its label needs besides the bytes (label.ts builds the labels, so
// a view that shows 30 rows of 90,000 spans labels only those). Total by construction: every read is bounds-checked, every length read from
// the stream is compared with what remains before anything is allocated, and nesting is capped.
import type { XmlAttribute, XmlElement, XmlNode } from '../xml/tree';
import { languageByFpi, languageByPublicId } from './languages/registry';
import { readMbUint32 } from './mb-u-int32';
import { decodeText, isSupportedCharset, NOT_XML_CHAR, xmlCharName } from './text';
import {
	CHARSET_UTF8,
	END,
	ENTITY,
	extensionName,
	isExtension,
	isGlobalToken,
	LITERAL,
	LITERAL_A,
	LITERAL_AC,
	LITERAL_C,
	OPAQUE,
	PI,
	PUBLIC_ID_LITERAL,
	STR_I,
	STR_T,
	SWITCH_PAGE,
	TAG_ATTRIBUTES,
	TAG_CONTENT,
	TAG_ID_MASK
} from './tokens';
import { WbxmlSpans } from './spans';
import type { DecodedWbxml, WbxmlLanguage, WbxmlSpan, WbxmlVersion } from './types';
import { WbxmlError } from './types';

/** Deeper nesting than any real CP/DM document; protects the recursive walker's stack. */
export const MAX_DEPTH = 200;

export interface WalkOptions {
	language?: WbxmlLanguage;
	/** Where the spans go, when someone wants them (the annotated hex view). */
	spans?: WbxmlSpans;
	/** Called every few hundred elements (EncodeOptions.pause: a worker may sleep in it). */
	pause?: () => void;
}

/** options.pause is called every PAUSE_EVERY + 1 elements (a power of two less one: a mask). */
const PAUSE_EVERY = 511;

const hexToken = (b: number): string => `0x${b.toString(16).toUpperCase().padStart(2, '0')}`;

/** Where the parent of an element came from: no parent, a tokenized tag on a page, or a LITERAL tag. */
type ParentPage = number | 'root' | 'literal';

class Walker {
	private pos = 0;
	private version: WbxmlVersion = 0x03;
	private charset = CHARSET_UTF8;
	private table: Uint8Array = new Uint8Array(0);
	/** Known once the header is read (undefined when the stream fails before). */
	language: WbxmlLanguage | undefined;
	private tagPage = 0;
	private attrPage = 0;
	private depth = 0;
	/** Elements read, for options.pause. */
	private read = 0;

	constructor(
		private readonly bytes: Uint8Array,
		private readonly options: WalkOptions
	) {}

	run(): DecodedWbxml {
		const header = this.readHeader();
		const root = this.readBody();
		return {
			version: this.version,
			publicId: header.publicId,
			charset: this.charset,
			language: this.lang,
			document: { root, publicId: this.lang.fpi, systemId: this.lang.systemId }
		};
	}

	/** The language, once the header named it (the body is read only then). */
	private get lang(): WbxmlLanguage {
		return this.language as WbxmlLanguage;
	}

	// ---- spans -------------------------------------------------------------------------------------------

	/** `context` is what the label needs besides the bytes (WbxmlSpan.context). Returns the span's index (-1 when
	 *  nobody keeps spans). */
	private note(offset: number, length: number, kind: WbxmlSpan['kind'], context = 0): number {
		return this.options.spans?.add(offset, length, kind, this.depth, context) ?? -1;
	}

	// ---- primitives --------------------------------------------------------------------------------------

	private byte(what: string): number {
		if (this.pos >= this.bytes.length) throw this.truncated(what);
		return this.bytes[this.pos];
	}

	private truncated(what: string): WbxmlError {
		return new WbxmlError('truncated', this.pos, `stream ends where ${what} was expected`);
	}

	private mb(what: string): number {
		const r = readMbUint32(this.bytes, this.pos, what);
		this.pos = r.next;
		return r.value;
	}

	/** The NUL-terminated string at `offset` in the string table; `at` is the stream offset of the reference. */
	private tableString(offset: number, at: number, what: string): string {
		if (offset >= this.table.length) {
			throw new WbxmlError(
				'string-table-offset',
				at,
				`${what} offset ${offset} is beyond the ${this.table.length}-byte string table`
			);
		}
		const end = this.table.indexOf(0, offset);
		if (end < 0) {
			throw new WbxmlError('unterminated-string', at, `string-table entry at ${offset} has no NUL terminator`);
		}
		return decodeText(this.table.subarray(offset, end), this.charset, at);
	}

	/** STR_I payload at the current position (after the token); `at` is the token's offset. */
	private inlineString(at: number): string {
		const end = this.bytes.indexOf(0, this.pos);
		if (end < 0) throw new WbxmlError('unterminated-string', at, `STR_I has no NUL terminator`);
		const text = decodeText(this.bytes.subarray(this.pos, end), this.charset, this.pos);
		this.pos = end + 1;
		return text;
	}

	// ---- header (WAP-192 §5.4–5.7) -----------------------------------------------------------------------

	private readHeader(): { publicId: number | string } {
		const version = this.byte('the version byte');
		if (version > 0x03) {
			throw new WbxmlError('bad-version', 0, `version byte ${hexToken(version)} is not WBXML 1.0–1.3`);
		}
		this.version = version as WbxmlVersion;
		this.note(0, 1, 'version');
		this.pos = 1;

		const idAt = this.pos;
		const numericId = this.mb('public id');
		let fpiIndex: number | undefined;
		if (numericId === PUBLIC_ID_LITERAL) fpiIndex = this.mb('public id string-table index');
		// The public id is named once the string table is read (it may be a string-table reference): its span says so
		// then (context 1); a stream that fails before shows the public id as far as it was read (context 0).
		const idSpan = this.note(idAt, this.pos - idAt, 'public-id', 0);
		return this.readHeaderRest(idAt, numericId, fpiIndex, idSpan);
	}

	/** The header after the public id: charset, string table, then the language the public id names. */
	private readHeaderRest(idAt: number, numericId: number, fpiIndex: number | undefined, idSpan: number): { publicId: number | string } {
		// WBXML 1.0 has no charset field (WAP-104); 1.1+ do (WAP-192 §5.6).
		if (this.version >= 0x01) {
			const charsetAt = this.pos;
			const charset = this.mb('charset');
			if (!isSupportedCharset(charset)) {
				throw new WbxmlError(
					'unsupported-charset',
					charsetAt,
					`charset MIBenum ${charset} is not supported (only UTF-8 = 106, ISO-8859-1 = 4, US-ASCII = 3, and 0 = unknown, read as UTF-8)`
				);
			}
			this.charset = charset;
			this.note(charsetAt, this.pos - charsetAt, 'charset');
		}

		const tableAt = this.pos;
		const tableLength = this.mb('string table length');
		const left = this.bytes.length - this.pos;
		if (tableLength > left) {
			throw new WbxmlError('truncated', tableAt, `string table length ${tableLength} exceeds the ${left} bytes left`);
		}
		this.table = this.bytes.subarray(this.pos, this.pos + tableLength);
		this.note(tableAt, this.pos - tableAt + tableLength, 'string-table');
		this.pos += tableLength;

		let publicId: number | string = numericId;
		let language = this.options.language;
		if (fpiIndex !== undefined) {
			publicId = this.tableString(fpiIndex, idAt, 'public id');
			language ??= languageByFpi(publicId);
		} else {
			language ??= languageByPublicId(numericId);
		}
		if (!language) {
			const what = typeof publicId === 'string' ? `"${publicId}"` : `0x${numericId.toString(16).toUpperCase().padStart(2, '0')}`;
			throw new WbxmlError('unknown-public-id', idAt, `public id ${what} is not a known language; force one with the language option`);
		}
		this.language = language;
		if (idSpan >= 0) this.options.spans?.setContext(idSpan, 1);
		return { publicId };
	}

	// ---- body (WAP-192 §5.8) -----------------------------------------------------------------------------

	private readBody(): XmlElement {
		this.skipProcessingInstructions();
		const root = this.readElement('root');
		this.skipProcessingInstructions();
		if (this.pos < this.bytes.length) {
			const n = this.bytes.length - this.pos;
			throw new WbxmlError('trailing-bytes', this.pos, `${n} byte${n === 1 ? '' : 's'} after the root element`);
		}
		return root;
	}

	private skipProcessingInstructions(): void {
		while (this.pos < this.bytes.length && this.bytes[this.pos] === PI) this.readProcessingInstruction();
	}

	/** PI = PI attrStart *attrValue END (WAP-192 §5.8.4.4); kept out of the tree, which has no PI node. */
	private readProcessingInstruction(): void {
		const at = this.pos;
		this.note(at, 1, 'pi');
		this.pos++;
		const target: XmlAttribute[] = [];
		this.readAttributes(target, undefined, at);
	}

	private switchPage(state: 'tag' | 'attribute'): number {
		const at = this.pos;
		this.pos++;
		const page = this.byte('a code page number');
		this.pos++;
		this.note(at, 2, 'switch-page', state === 'tag' ? 0 : 1);
		return page;
	}

	private readElement(parentPage: ParentPage): XmlElement {
		if (this.options.pause !== undefined && (++this.read & PAUSE_EVERY) === 0) this.options.pause();
		// Code-page switches may precede any tag, including the root (e.g. MetInf tags live on page 1).
		while (this.byte('a tag') === SWITCH_PAGE) this.tagPage = this.switchPage('tag');
		if (this.depth >= MAX_DEPTH) {
			throw new WbxmlError('too-deep', this.pos, `elements nested deeper than ${MAX_DEPTH}`);
		}
		const at = this.pos;
		const token = this.bytes[at];
		this.pos++;
		let name: string;
		let page: number | 'literal';
		if ((token & TAG_ID_MASK) === LITERAL) {
			const index = this.mb('LITERAL tag name index');
			name = this.tableString(index, at, 'LITERAL tag name');
			page = 'literal';
			this.note(at, this.pos - at, 'literal', 0);
		} else if (isGlobalToken(token)) {
			throw new WbxmlError('unexpected-token', at, `expected a tag, found ${globalName(token)}`);
		} else {
			const id = token & TAG_ID_MASK;
			const found = this.lang.pages[this.tagPage]?.tags?.[id];
			if (found === undefined) {
				throw new WbxmlError(
					'unknown-tag',
					at,
					`tag token ${hexToken(id)} is not defined in ${this.lang.name} code page ${this.tagPage}`
				);
			}
			name = found;
			page = this.tagPage;
			this.note(at, 1, 'tag', this.tagPage);
		}
		const element: XmlElement = { kind: 'element', name, attributes: [], children: [], position: { offset: at } };

		this.depth++;
		if (token & TAG_ATTRIBUTES) this.readAttributes(element.attributes, name, at);
		this.restoreNamespace(element, page, parentPage);
		if (token & TAG_CONTENT) this.readContent(element, page, at);
		this.depth--;
		return element;
	}

	/**
	 * xmlns is implied by the code page; it is written back where the page changes from the parent's, as libwbxml's
	 * wbxml2xml does (src/wbxml_encoder.c xml_encode_tag): on the root and on a tokenized child of a tokenized parent
	 * on another page, when that page has a namespace.
	 */
	private restoreNamespace(element: XmlElement, page: number | 'literal', parentPage: ParentPage): void {
		if (page === 'literal' || parentPage === 'literal' || parentPage === page) return;
		const namespace = this.lang.pages[page]?.namespace;
		if (namespace === undefined || element.attributes.some((a) => a.name === 'xmlns')) return;
		element.attributes.unshift({ name: 'xmlns', value: namespace });
	}

	/** `tagAt`: the offset of the element's tag (its END's label names it). */
	private readContent(element: XmlElement, page: number | 'literal', tagAt: number): void {
		const children = element.children;
		for (;;) {
			// The bounds check of byte(), with the label built only when it is needed, not one string per token read
			// (the hex view's annotation decodes every encoding).
			if (this.pos >= this.bytes.length) throw this.truncated(`content or END of <${element.name}>`);
			const token = this.bytes[this.pos];
			const at = this.pos;
			if (token === END) {
				this.depth--;
				this.note(at, 1, 'end', tagAt);
				this.depth++;
				this.pos++;
				return;
			}
			if (token === SWITCH_PAGE) {
				this.tagPage = this.switchPage('tag');
			} else if (token === STR_I || token === STR_T || token === ENTITY) {
				appendText(children, this.readTextPiece(token), at);
			} else if (token === OPAQUE) {
				children.push({ kind: 'opaque', bytes: this.readOpaque().slice(), position: { offset: at } });
			} else if (token === PI) {
				this.readProcessingInstruction();
			} else if (isExtension(token)) {
				throw this.extensionError(token);
			} else {
				children.push(this.readElement(page));
			}
		}
	}

	/** STR_I, STR_T or ENTITY at the current position, as text. */
	private readTextPiece(token: number): string {
		const at = this.pos;
		this.pos++;
		if (token === STR_I) {
			const text = this.inlineString(at);
			this.note(at, this.pos - at, 'inline-string');
			return text;
		}
		if (token === STR_T) {
			const offset = this.mb('STR_T offset');
			const text = this.tableString(offset, at, 'STR_T');
			this.note(at, this.pos - at, 'table-string');
			return text;
		}
		const code = this.mb('ENTITY code point');
		if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
			throw new WbxmlError('bad-entity', at, `ENTITY ${code} is not a Unicode scalar value`);
		}
		if (code <= 0xffff && NOT_XML_CHAR.test(String.fromCharCode(code))) {
			throw new WbxmlError('bad-entity', at, `ENTITY ${xmlCharName(code)} is not an XML 1.0 character (XML 1.0 §2.2 Char)`);
		}
		this.note(at, this.pos - at, 'entity');
		return String.fromCodePoint(code);
	}

	/** OPAQUE payload as a view into the input (callers copy); the length is checked before anything is taken. */
	private readOpaque(): Uint8Array {
		const at = this.pos;
		if (this.version === 0x00) {
			throw new WbxmlError('unexpected-token', at, `OPAQUE (0xC3) is reserved in WBXML 1.0`);
		}
		this.pos++;
		const length = this.mb('OPAQUE length');
		const left = this.bytes.length - this.pos;
		if (length > left) {
			throw new WbxmlError('truncated', at, `OPAQUE length ${length} exceeds the ${left} bytes left`);
		}
		this.note(at, this.pos - at + length, 'opaque');
		const data = this.bytes.subarray(this.pos, this.pos + length);
		this.pos += length;
		return data;
	}

	private extensionError(token: number): WbxmlError {
		return new WbxmlError(
			'unexpected-token',
			this.pos,
			`extension token ${extensionName(token)} (${hexToken(token)}) has no meaning in ${this.lang.name}`
		);
	}

	/** Attribute list up to its END (WAP-192 §5.8.3): starts, then values until the next start or END. `element`: the
	 *  name of the element the list belongs to (undefined: a processing instruction's); `ownerAt`: the offset of its
	 *  tag (or PI), which the list's END's label names. */
	private readAttributes(into: XmlAttribute[], element: string | undefined, ownerAt: number): void {
		// Named in messages only: built when one is written (see readContent).
		const owner = (): string => (element === undefined ? 'processing instruction' : `<${element}>`);
		let current: XmlAttribute | undefined;
		for (;;) {
			if (this.pos >= this.bytes.length) throw this.truncated(`an attribute or END of ${owner()}`);
			const token = this.bytes[this.pos];
			const at = this.pos;
			if (token === END) {
				this.note(at, 1, 'end', -ownerAt);
				this.pos++;
				return;
			}
			if (token === SWITCH_PAGE) {
				this.attrPage = this.switchPage('attribute');
				continue;
			}
			if (token === LITERAL) {
				this.pos++;
				const index = this.mb('LITERAL attribute name index');
				const name = this.tableString(index, at, 'LITERAL attribute name');
				this.note(at, this.pos - at, 'literal', 1);
				current = { name, value: '', position: { offset: at } };
				into.push(current);
				continue;
			}
			if (token < 0x80 && !isGlobalToken(token)) {
				const start = this.lang.pages[this.attrPage]?.attributeStarts?.[token];
				if (start === undefined) {
					throw new WbxmlError(
						'unknown-attribute-start',
						at,
						`attribute token ${hexToken(token)} is not defined in ${this.lang.name} code page ${this.attrPage}`
					);
				}
				this.note(at, 1, 'attribute-start', this.attrPage);
				this.pos++;
				current = { name: start.name, value: start.prefix, position: { offset: at } };
				into.push(current);
				continue;
			}
			// Everything else is part of a value and needs an attribute to belong to.
			if (isExtension(token)) throw this.extensionError(token);
			if (token === PI || token === LITERAL_A || token === LITERAL_C || token === LITERAL_AC) {
				throw new WbxmlError('unexpected-token', at, `${globalName(token)} is not allowed in the attributes of ${owner()}`);
			}
			if (current === undefined) {
				throw new WbxmlError('unexpected-token', at, `attribute value ${hexToken(token)} comes before any attribute start`);
			}
			if (token === STR_I || token === STR_T || token === ENTITY) {
				current.value += this.readTextPiece(token);
			} else if (token === OPAQUE) {
				// OPAQUE inside an attribute value (WAP-192 §5.8.4.6): its bytes are text in the document charset.
				const data = this.readOpaque();
				// Offsets in the message count from the first data byte, which ends at the current position.
				current.value += decodeText(data, this.charset, this.pos - data.length);
			} else {
				const value = this.lang.pages[this.attrPage]?.attributeValues?.[token];
				if (value === undefined) {
					throw new WbxmlError(
						'unknown-attribute-value',
						at,
						`attribute value token ${hexToken(token)} is not defined in ${this.lang.name} code page ${this.attrPage}`
					);
				}
				this.note(at, 1, 'attribute-value', this.attrPage);
				this.pos++;
				current.value += value;
			}
		}
	}
}

function globalName(token: number): string {
	const names: Record<number, string> = {
		[SWITCH_PAGE]: 'SWITCH_PAGE',
		[END]: 'END',
		[ENTITY]: 'ENTITY',
		[STR_I]: 'STR_I',
		[LITERAL]: 'LITERAL',
		[PI]: 'PI',
		[LITERAL_C]: 'LITERAL_C',
		[STR_T]: 'STR_T',
		[LITERAL_A]: 'LITERAL_A',
		[OPAQUE]: 'OPAQUE',
		[LITERAL_AC]: 'LITERAL_AC'
	};
	return names[token] ?? extensionName(token);
}

/** Consecutive STR_I / STR_T / ENTITY pieces form one text node, positioned at the first piece. */
function appendText(children: XmlNode[], text: string, at: number): void {
	if (text === '') return;
	const last = children[children.length - 1];
	if (last !== undefined && last.kind === 'text') last.text += text;
	else children.push({ kind: 'text', text, position: { offset: at } });
}

export function walkWbxml(bytes: Uint8Array, options: WalkOptions = {}): DecodedWbxml {
	return new Walker(bytes, options).run();
}

/** The spans of `bytes` in stream order, as far as the stream is valid (`error` says where and why it stopped), and
 *  the language they are in once the header named it. */
export function spansOfWbxml(bytes: Uint8Array, language?: WbxmlLanguage, pause?: () => void): { spans: WbxmlSpans; language?: WbxmlLanguage; error?: WbxmlError } {
	const spans = new WbxmlSpans();
	const walker = new Walker(bytes, { language, spans, pause });
	let error: WbxmlError | undefined;
	try {
		walker.run();
	} catch (e) {
		if (!(e instanceof WbxmlError)) throw e;
		error = e;
	}
	return { spans, language: walker.language, error };
}
