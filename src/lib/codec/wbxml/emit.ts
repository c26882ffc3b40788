// Last encoder step: writes the bytes of a plan with the layout chosen for it (WAP-192 §5.4–5.8). Every decision was
// taken before; this file only serialises them, into a buffer of exactly the measured size.
import type { Layout } from './layout';
import type { EncodePlan, PlannedElement } from './plan';
import { CHARSET_UTF8, END, LITERAL, OPAQUE, STR_I, STR_T, SWITCH_PAGE, TAG_ATTRIBUTES, TAG_CONTENT } from './tokens';
import { WbxmlError } from './types';
import type { ValuePiece } from './value-dp';

const utf8Encoder = new TextEncoder();
const SHORT_STRING = 32;

export function emit(plan: EncodePlan, layout: Layout): Uint8Array {
	const writer = new Writer(plan, layout);
	writer.document();
	return writer.out;
}

/** The output and where we are in it. A class rather than closures: this runs per byte. */
class Writer {
	readonly out: Uint8Array;
	private pos = 0;
	private readonly pageNumbers: readonly number[];
	private readonly offsets: readonly number[];
	private entryIndex: Map<string, number> | undefined;
	private tagPage: number;
	private attributePage: number;
	private attributeAt = 0;
	private textAt = 0;

	constructor(
		private readonly plan: EncodePlan,
		private readonly layout: Layout
	) {
		this.out = new Uint8Array(layout.size);
		this.pageNumbers = plan.pageNumbers;
		this.offsets = layout.offsets;
		this.tagPage = plan.startPage;
		this.attributePage = plan.startPage;
	}

	document(): void {
		const { plan, layout } = this;
		const language = plan.language;
		// Header (WAP-192 §5.4–5.7).
		this.byte(plan.version);
		if (language.publicId !== undefined) this.mbUint32(language.publicId);
		else {
			this.byte(0x00);
			this.reference(language.fpi);
		}
		if (plan.version >= 0x01) this.mbUint32(CHARSET_UTF8);
		this.mbUint32(layout.tableLength);
		for (const s of layout.table) {
			this.utf8(s);
			this.byte(0);
		}
		this.element(plan.root);
		// Writes past the end are dropped (typed array, encodeInto), so overruns are caught here, once.
		if (this.pos > this.out.length) throw internal('the document is longer than measured');
		if (this.pos !== this.out.length) throw internal(`wrote ${this.pos} bytes, measured ${this.out.length}`);
	}

	private byte(b: number): void {
		this.out[this.pos++] = b;
	}

	// mb_u_int32 (WAP-192 §5.1): base-128, most significant group first, 0x80 on every byte but the last.
	private mbUint32(value: number): void {
		let shift = 28;
		while (shift > 0 && value >>> shift === 0) shift -= 7;
		for (; shift > 0; shift -= 7) this.byte(0x80 | ((value >>> shift) & 0x7f));
		this.byte(value & 0x7f);
	}

	private utf8(text: string): void {
		// Most strings are short: written here, where encodeInto would first allocate a view of the output. Longer
		// ones go to the native encoder. Texts are well-formed (checked when planning): a high surrogate is always
		// followed by a low one, and encodeInto never writes a replacement character.
		if (text.length > SHORT_STRING) {
			this.pos += utf8Encoder.encodeInto(text, this.out.subarray(this.pos)).written;
			return;
		}
		const out = this.out;
		let pos = this.pos;
		for (let i = 0; i < text.length; i++) {
			let c = text.charCodeAt(i);
			if (c < 0x80) out[pos++] = c;
			else if (c < 0x800) {
				out[pos++] = 0xc0 | (c >> 6);
				out[pos++] = 0x80 | (c & 0x3f);
			} else if (c >= 0xd800 && c <= 0xdbff) {
				c = 0x10000 + ((c - 0xd800) << 10) + (text.charCodeAt(++i) - 0xdc00);
				out[pos++] = 0xf0 | (c >> 18);
				out[pos++] = 0x80 | ((c >> 12) & 0x3f);
				out[pos++] = 0x80 | ((c >> 6) & 0x3f);
				out[pos++] = 0x80 | (c & 0x3f);
			} else {
				out[pos++] = 0xe0 | (c >> 12);
				out[pos++] = 0x80 | ((c >> 6) & 0x3f);
				out[pos++] = 0x80 | (c & 0x3f);
			}
		}
		this.pos = pos;
	}

	private reference(name: string): void {
		if (this.entryIndex === undefined) {
			this.entryIndex = new Map<string, number>();
			const table = this.layout.table;
			for (let i = 0; i < table.length; i++) this.entryIndex.set(table[i], i);
		}
		const entry = this.entryIndex.get(name);
		if (entry === undefined) throw internal(`"${name}" is not in the string table`);
		this.mbUint32(this.offsets[entry]);
	}

	/** STR_I (WAP-192 §5.8.4.1): the string and its NUL. */
	private inline(text: string): void {
		this.byte(STR_I);
		this.utf8(text);
		this.byte(0);
	}

	private pieces(list: readonly ValuePiece[]): void {
		for (const piece of list) {
			if (piece.kind === 'inline') this.inline(piece.text);
			else if (piece.kind === 'table') {
				this.byte(STR_T);
				this.mbUint32(this.offsets[piece.entry]);
			} else {
				if (piece.pageIndex !== this.attributePage) {
					this.byte(SWITCH_PAGE);
					this.byte(this.pageNumbers[piece.pageIndex]);
					this.attributePage = piece.pageIndex;
				}
				this.byte(piece.token);
			}
		}
	}

	private element(e: PlannedElement): void {
		const layout = this.layout;
		const flags = (e.attributeCount > 0 ? TAG_ATTRIBUTES : 0) | (e.content.length > 0 ? TAG_CONTENT : 0);
		if (e.page < 0) {
			this.byte(LITERAL | flags);
			this.reference(e.name);
		} else {
			if (e.page !== this.tagPage) {
				this.byte(SWITCH_PAGE);
				this.byte(this.pageNumbers[e.page]);
				this.tagPage = e.page;
			}
			this.byte(e.token | flags);
		}
		if (e.attributeCount > 0) {
			for (let k = 0; k < e.attributeCount; k++) {
				const at = this.attributeAt++;
				if (layout.literal(at)) {
					this.byte(LITERAL);
					this.reference(this.plan.attributes[at].name);
				} else {
					const startPage = layout.startPage(at);
					if (startPage !== this.attributePage) {
						this.byte(SWITCH_PAGE);
						this.byte(this.pageNumbers[startPage]);
						this.attributePage = startPage;
					}
					this.byte(layout.startToken(at));
				}
				const inline = layout.inlineValue(at);
				if (inline === undefined) this.pieces(layout.attributePieces(at));
				else if (inline !== '') this.inline(inline);
				this.attributePage = layout.endPage(at);
			}
			this.byte(END);
		}
		if (e.content.length > 0) {
			for (const c of e.content) {
				if (c.kind === 'element') this.element(c);
				else if (c.kind === 'text') {
					const at = this.textAt++;
					const inline = layout.inlineText(at);
					if (inline === undefined) this.pieces(layout.textPieces(at));
					else if (inline !== '') this.inline(inline);
				}
				else {
					this.byte(OPAQUE);
					this.mbUint32(c.bytes.length);
					if (this.pos + c.bytes.length > this.out.length) throw internal('the document is longer than measured');
					this.out.set(c.bytes, this.pos);
					this.pos += c.bytes.length;
				}
			}
			this.byte(END);
		}
	}
}

const internal = (message: string): WbxmlError => new WbxmlError('unencodable', -1, `internal encoder error: ${message}`);
