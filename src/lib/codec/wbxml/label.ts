// The labels of the annotated hex view ('C6 <characteristic> attrs+content', '55 type="NAPDEF"',
// '83 00 STR_T[0] "NAP1"'), built from one span the walker noted (decode.ts: kind, offset, length, context) and the
// stream's bytes. Apart from the walker so that a view labels only the rows it shows: building all 90,000 labels of
// a 20,000-line document took most of the annotation's time, for the ~30 rows a view shows at once.
import { readMbUint32 } from './mb-u-int32';
import { charsetName, decodeText } from './text';
import { CHARSET_UTF8, PUBLIC_ID_LITERAL, TAG_ATTRIBUTES, TAG_CONTENT, TAG_ID_MASK } from './tokens';
import type { WbxmlLanguage, WbxmlSpan } from './types';

/** Spans read by index, whatever holds them: the walker's columns (spans.ts) or the columns a view was sent. */
export interface WbxmlSpanList {
	readonly count: number;
	offset(i: number): number;
	length(i: number): number;
	kind(i: number): WbxmlSpan['kind'];
	context(i: number): number;
}

const hex2 = (b: number): string => b.toString(16).toUpperCase().padStart(2, '0');
const hexToken = (b: number): string => `0x${hex2(b)}`;

/** Short human name of a language from its FPI: "-//WAPFORUM//DTD PROV 1.0//EN" -> "PROV 1.0". */
function shortName(language: WbxmlLanguage): string {
	const m = /^-\/\/[^/]*\/\/DTD[ -]?(.*)\/\/[A-Z]{2}$/.exec(language.fpi);
	return m ? m[1] : language.name;
}

function flagsLabel(token: number): string {
	const a = (token & TAG_ATTRIBUTES) !== 0;
	const c = (token & TAG_CONTENT) !== 0;
	return a && c ? ' attrs+content' : a ? ' attrs' : c ? ' content' : '';
}

/** Labels the spans of one stream (all of them, as annotateWbxml does, or a view's few), in any order. */
export class WbxmlLabels {
	/** Charset and string table, from the header spans (WBXML 1.0 has no charset field: UTF-8, as the walker reads it). */
	private readonly charset: number = CHARSET_UTF8;
	private readonly table: Uint8Array = new Uint8Array(0);

	constructor(
		private readonly bytes: Uint8Array,
		private readonly spans: WbxmlSpanList,
		/** The language the walker read the stream in (undefined when it failed in the header). */
		private readonly language: WbxmlLanguage | undefined
	) {
		for (let i = 0; i < spans.count && spans.offset(i) < bytes.length; i++) {
			const kind = spans.kind(i);
			if (kind === 'charset') this.charset = readMbUint32(bytes, spans.offset(i)).value;
			else if (kind === 'string-table') {
				const length = readMbUint32(bytes, spans.offset(i));
				this.table = bytes.subarray(length.next, length.next + length.value);
			} else if (kind !== 'version' && kind !== 'public-id') break;
		}
	}

	/** The label of span i, e.g. '55 type="NAPDEF"' (the leading hex is the span's own bytes). */
	label(i: number): string {
		const bytes = this.bytes;
		const at = this.spans.offset(i);
		const end = at + this.spans.length(i);
		const context = this.spans.context(i);
		const token = bytes[at];
		switch (this.spans.kind(i)) {
			case 'version':
				return `${hex2(token)} WBXML 1.${token}`;
			case 'public-id':
				return `${this.hex(at, end)} ${this.publicIdName(at, context === 1)}`;
			case 'charset':
				return `${this.hex(at, end)} charset ${charsetName(this.charset)}`;
			case 'string-table': {
				const length = readMbUint32(bytes, at);
				return `${this.hex(at, length.next)} string table, ${length.value} bytes`;
			}
			case 'switch-page':
				return `00 ${hex2(bytes[at + 1])} SWITCH_PAGE ${context === 0 ? 'tag' : 'attribute'} page ${bytes[at + 1]}`;
			case 'tag':
				return `${hex2(token)} <${this.tagName(i)}>${flagsLabel(token)}`;
			case 'literal':
				return context === 0 ? `${this.hex(at, end)} LITERAL <${this.tagName(i)}>${flagsLabel(token)}` : `${this.hex(at, end)} LITERAL ${this.literalName(at)}=`;
			case 'end':
				return context > 0 ? `01 END </${this.tagName(this.spanAt(context))}>` : `01 END attributes of ${this.ownerName(-context)}`;
			case 'attribute-start': {
				const start = this.language?.pages[context]?.attributeStarts?.[token];
				return `${hex2(token)} ${start?.name}=${start?.prefix ? JSON.stringify(start.prefix) : ''}`;
			}
			case 'attribute-value':
				return `${hex2(token)} ${JSON.stringify(this.language?.pages[context]?.attributeValues?.[token])}`;
			case 'inline-string':
				return `03 STR_I ${JSON.stringify(decodeText(bytes.subarray(at + 1, end - 1), this.charset, at + 1))}`;
			case 'table-string': {
				const offset = readMbUint32(bytes, at + 1).value;
				return `${this.hex(at, end)} STR_T[${offset}] ${JSON.stringify(this.tableString(offset))}`;
			}
			case 'entity':
				return `${this.hex(at, end)} ENTITY &#x${readMbUint32(bytes, at + 1).value.toString(16).toUpperCase()};`;
			case 'opaque': {
				const length = readMbUint32(bytes, at + 1);
				return `${this.hex(at, length.next)} OPAQUE ${length.value} bytes`;
			}
			case 'pi':
				return '43 PI';
			case 'extension':
				return `${hex2(token)} extension`;
		}
	}

	/** The element name a tag or LITERAL tag span opens; undefined for any other span. */
	tagName(i: number): string | undefined {
		const kind = this.spans.kind(i);
		const at = this.spans.offset(i);
		if (kind === 'literal' && this.spans.context(i) === 0) return this.literalName(at);
		if (kind !== 'tag') return undefined;
		return this.language?.pages[this.spans.context(i)]?.tags?.[this.bytes[at] & TAG_ID_MASK];
	}

	/** What an attribute list's END closes: '<name>' of the tag at `offset`, or the processing instruction there. */
	private ownerName(offset: number): string {
		const owner = this.spanAt(offset);
		return this.spans.kind(owner) === 'pi' ? 'processing instruction' : `<${this.tagName(owner)}>`;
	}

	/** The public id as the header read it: named once the language was found, else as far as it was read. */
	private publicIdName(at: number, named: boolean): string {
		const id = readMbUint32(this.bytes, at);
		if (id.value !== PUBLIC_ID_LITERAL) return named && this.language ? `public id ${shortName(this.language)}` : `public id ${hexToken(id.value)}`;
		const index = readMbUint32(this.bytes, id.next).value;
		return named ? `public id STR_T[${index}] "${this.tableString(index)}"` : `public id STR_T[${index}]`;
	}

	/** The name a LITERAL token at `at` takes from the string table. */
	private literalName(at: number): string {
		return this.tableString(readMbUint32(this.bytes, at + 1).value);
	}

	private tableString(offset: number): string {
		const end = this.table.indexOf(0, offset);
		return decodeText(this.table.subarray(offset, end < 0 ? this.table.length : end), this.charset, offset);
	}

	/** The index of the span starting at byte `offset` (spans are in stream order). */
	private spanAt(offset: number): number {
		let lo = 0;
		let hi = this.spans.count - 1;
		while (lo < hi) {
			const mid = (lo + hi + 1) >> 1;
			if (this.spans.offset(mid) <= offset) lo = mid;
			else hi = mid - 1;
		}
		return lo;
	}

	/** Hex of the bytes [from, to). */
	private hex(from: number, to: number): string {
		let out = '';
		for (let k = from; k < to; k++) out += k === from ? hex2(this.bytes[k]) : ` ${hex2(this.bytes[k])}`;
		return out;
	}
}
