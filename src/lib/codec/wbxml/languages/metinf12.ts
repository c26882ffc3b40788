// SyncML Meta Information 1.2 (standalone MetInf documents, public id 0x1202) as a WBXML token table.
// Source: OMA-TS-SyncML_MetaInfo-V1_2 WBXML annex, checked against libwbxml src/wbxml_tables.c
// `sv_syncml_metinf12_tag_table` (which, like the annex, keeps the tags on code page 1 even standalone) and
// Wireshark packet-wbxml.c `wbxml_syncmlc12_tags_cp1` (syncml-dm.md §2).
import type { WbxmlLanguage } from '../types';

/** The MetInf namespace. A standalone MetInf document's root carries it in XML; like SyncML's pages, the page implies
 *  it (dropped on encode, restored on decode). xml2wbxml drops it too (expat reads xmlns as a namespace declaration,
 *  never as an attribute); libwbxml has no namespace table for MetInf, so wbxml2xml does not write it back. */
export const METINF_NAMESPACE = 'syncml:metinf';

/** MetInf tags; also SyncML 1.2 code page 1. */
export const METINF12_TAGS: Readonly<Record<number, string>> = {
	0x05: 'Anchor',
	0x06: 'EMI',
	0x07: 'Format',
	0x08: 'FreeID',
	0x09: 'FreeMem',
	0x0a: 'Last',
	0x0b: 'Mark',
	0x0c: 'MaxMsgSize',
	0x0d: 'Mem',
	0x0e: 'MetInf',
	0x0f: 'Next',
	0x10: 'NextNonce',
	0x11: 'SharedMem',
	0x12: 'Size',
	0x13: 'Type',
	0x14: 'Version',
	0x15: 'MaxObjSize',
	0x16: 'FieldLevel'
};

export const METINF12: WbxmlLanguage = {
	name: 'METINF12',
	publicId: 0x1202,
	fpi: '-//SYNCML//DTD MetInf 1.2//EN',
	systemId: 'http://www.openmobilealliance.org/tech/DTD/OMA-TS-SyncML_MetaInfo_DTD-V1_2.dtd',
	root: 'MetInf',
	source: 'OMA-TS-SyncML_MetaInfo-V1_2 WBXML annex; libwbxml sv_syncml_metinf12_tag_table (code page 1)',
	pages: { 1: { namespace: METINF_NAMESPACE, tags: METINF12_TAGS } }
};
