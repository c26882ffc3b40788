// Generic WBXML encoder (WAP-192 §5): the language tables say what exists, these steps pick the shortest bytes.
// 1. plan.ts: the tree checked against the language; tag code pages by a shortest path over the whole document
//    (SWITCH_PAGE costs 2 bytes; tag and attribute pages are independent, §5.8.1); value tokens found per value.
// 2. string-table.ts + layout.ts: candidate string tables (none, libwbxml's, a savings-driven one, pruned variants),
//    each measured exactly with the cheapest attribute pages and value pieces (value-dp.ts) for that table.
// 3. emit.ts: only the smallest layout is written.
// Before that, documents of other languages inside this one (SyncML's DevInf, TNDS) become OPAQUE (embedded.ts).
import { embedDocuments } from './embedded';
import { emit } from './emit';
import { makePlan } from './plan';
import { chooseLayout } from './string-table';
import type { EncodeOptions, WbxmlLanguage } from './types';
import type { XmlDocument } from '../xml/tree';

export function encodeWbxml(document: XmlDocument, language: WbxmlLanguage, options: EncodeOptions = {}): Uint8Array {
	const plan = makePlan(embedDocuments(document, language, options, encodeWbxml), language, options);
	options.pause?.();
	const layout = chooseLayout(plan, options.stringTable !== false, options.pause);
	options.pause?.();
	return emit(plan, layout);
}
