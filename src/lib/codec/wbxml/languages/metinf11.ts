// SyncML Meta Information 1.1 (standalone MetInf documents) as a WBXML token table. It has no numeric public id
// (libwbxml: WBXML_PUBLIC_ID_SYNCML_METINF11 = unknown): the FPI goes into the string table (WAP-192 §5.5).
// Source: SyncML Meta Information 1.1 (syncml_metinf_v11_20020215) WBXML annex, as tabled in libwbxml
// src/wbxml_tables.c `sv_syncml_metinf11_tag_table` (code page 1, even standalone, like MetInf 1.2): MetInf 1.2's
// values without 0x16 FieldLevel (syncml-dm.md §2). Its namespace is implied, as in SyncML (see metinf12.ts).
import type { WbxmlLanguage } from '../types';
import { METINF_NAMESPACE } from './metinf12';

/** MetInf 1.1 tags; also SyncML 1.0/1.1 code page 1. */
export const METINF11_TAGS: Readonly<Record<number, string>> = {
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
	0x15: 'MaxObjSize'
};

export const METINF11: WbxmlLanguage = {
	name: 'METINF11',
	fpi: '-//SYNCML//DTD MetInf 1.1//EN',
	systemId: 'http://www.syncml.org/docs/syncml_metinf_v11_20020215.dtd',
	root: 'MetInf',
	source: 'SyncML MetInf 1.1 WBXML annex; libwbxml sv_syncml_metinf11_tag_table (code page 1)',
	pages: { 1: { namespace: METINF_NAMESPACE, tags: METINF11_TAGS } }
};
