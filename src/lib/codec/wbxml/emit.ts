// Last encoder step: writes the bytes of a plan with the layout chosen for it (WAP-192 §5.4–5.8). Every decision was
// taken before; this file only serialises them, into a buffer of exactly the measured size.
import type { Layout } from './layout';
import type { EncodePlan, PlannedElement } from './plan';
import { CHARSET_UTF8, END, LITERAL, OPAQUE, STR_I, STR_T, SWITCH_PAGE, TAG_ATTRIBUTES, TAG_CONTENT } from './tokens';
import { WbxmlError } from './types';
import type { ValuePiece } from './value-dp';

export function emit(plan: EncodePlan, layout: Layout): Uint8Array {
	const { language, pageNumbers } = plan;
	const { table, offsets } = layout;
	const out = new Uint8Array(layout.size);
	let pos = 0;

	const byte = (b: number): void => {
		if (pos >= out.length) throw internal('the document is longer than measured');
		out[pos++] = b;
	};
	// mb_u_int32 (WAP-192 §5.1): base-128, most significant group first, 0x80 on every byte but the last.
	const mbUint32 = (value: number): void => {
		let shift = 28;
		while (shift > 0 && value >>> shift === 0) shift -= 7;
		for (; shift > 0; shift -= 7) byte(0x80 | ((value >>> shift) & 0x7f));
		byte(value & 0x7f);
	};
	const utf8 = (text: string): void => {
		for (let i = 0; i < text.length; i++) {
			let c = text.charCodeAt(i);
			if (c < 0x80) byte(c);
			else if (c < 0x800) {
				byte(0xc0 | (c >> 6));
				byte(0x80 | (c & 0x3f));
			} else if (c >= 0xd800 && c <= 0xdbff) {
				// Well-formed (checked when planning): a high surrogate is always followed by a low one.
				c = 0x10000 + ((c - 0xd800) << 10) + (text.charCodeAt(++i) - 0xdc00);
				byte(0xf0 | (c >> 18));
				byte(0x80 | ((c >> 12) & 0x3f));
				byte(0x80 | ((c >> 6) & 0x3f));
				byte(0x80 | (c & 0x3f));
			} else {
				byte(0xe0 | (c >> 12));
				byte(0x80 | ((c >> 6) & 0x3f));
				byte(0x80 | (c & 0x3f));
			}
		}
	};
	const entryIndex = new Map<string, number>();
	table.forEach((s, i) => entryIndex.set(s, i));
	const reference = (name: string): void => {
		const entry = entryIndex.get(name);
		if (entry === undefined) throw internal(`"${name}" is not in the string table`);
		mbUint32(offsets[entry]);
	};

	// Header (WAP-192 §5.4–5.7).
	byte(plan.version);
	if (language.publicId !== undefined) mbUint32(language.publicId);
	else {
		byte(0x00);
		reference(language.fpi);
	}
	if (plan.version >= 0x01) mbUint32(CHARSET_UTF8);
	mbUint32(layout.tableLength);
	for (const s of table) {
		utf8(s);
		byte(0);
	}

	let tagPage = plan.startPage;
	let attributePage = plan.startPage;
	let attributeAt = 0;
	let textAt = 0;
	const pieces = (list: ValuePiece[]): void => {
		for (const piece of list) {
			if (piece.kind === 'inline') {
				byte(STR_I);
				utf8(piece.text);
				byte(0);
			} else if (piece.kind === 'table') {
				byte(STR_T);
				mbUint32(offsets[piece.entry]);
			} else {
				if (piece.pageIndex !== attributePage) {
					byte(SWITCH_PAGE);
					byte(pageNumbers[piece.pageIndex]);
					attributePage = piece.pageIndex;
				}
				byte(piece.token);
			}
		}
	};

	const element = (e: PlannedElement): void => {
		const flags = (e.attributes.length > 0 ? TAG_ATTRIBUTES : 0) | (e.content.length > 0 ? TAG_CONTENT : 0);
		if (e.page < 0) {
			byte(LITERAL | flags);
			reference(e.name);
		} else {
			if (e.page !== tagPage) {
				byte(SWITCH_PAGE);
				byte(pageNumbers[e.page]);
				tagPage = e.page;
			}
			byte(e.token | flags);
		}
		if (e.attributes.length > 0) {
			for (const a of e.attributes) {
				const choice = layout.choice(attributeAt++);
				if (choice.option.pageIndex < 0) {
					byte(LITERAL);
					reference(a.name);
				} else {
					if (choice.startPage !== attributePage) {
						byte(SWITCH_PAGE);
						byte(pageNumbers[choice.startPage]);
						attributePage = choice.startPage;
					}
					byte(choice.option.token);
				}
				pieces(choice.pieces);
				attributePage = choice.endPage;
			}
			byte(END);
		}
		if (e.content.length > 0) {
			for (const c of e.content) {
				if (c.kind === 'element') element(c.element);
				else if (c.kind === 'text') pieces(layout.textPieces(textAt++));
				else {
					byte(OPAQUE);
					mbUint32(c.bytes.length);
					if (pos + c.bytes.length > out.length) throw internal('the document is longer than measured');
					out.set(c.bytes, pos);
					pos += c.bytes.length;
				}
			}
			byte(END);
		}
	};
	element(plan.root);
	if (pos !== out.length) throw internal(`wrote ${pos} bytes, measured ${out.length}`);
	return out;
}

const internal = (message: string): WbxmlError => new WbxmlError('unencodable', -1, `internal encoder error: ${message}`);
