// SyncML 1.1 (DS/DM 1.1.x messages, public id 0x0FD3) and SyncML 1.0 (0x0FD1) as WBXML token tables: page 0 SyncML,
// page 1 MetInf 1.1 (namespace syncml:metinf). DM 1.1 devices are still in the field; a 1.1 message keeps 1.1's
// public id and namespace (`03 9F 53 …` as libwbxml writes it), it is never relabelled 1.2.
// Source: SyncML Representation Protocol 1.1 (syncml_represent_v11_20020215) WBXML annex and SyncML Meta Information
// 1.1 (syncml_metinf_v11_20020215), as tabled in libwbxml src/wbxml_tables.c `sv_syncml_syncml11_tag_table` /
// `sv_syncml_syncml11_ns_table` (github libwbxml/libwbxml @ebeb80d): the 1.2 values 0x05–0x34 and 0x05–0x15 without
// 1.2's additions (syncml-dm.md §1–2). libwbxml also reads 0x39 SourceParent in 1.1, "a proprietary extension" that
// Nokia phones send when synchronising SMS; kept so that those messages decode. libwbxml uses the same table for
// SyncML 1.0 (with a to-do to check it against the 1.0 specification), and so do we. An embedded DevInf is DevInf
// 1.1 in SyncML 1.1 and 1.0 in 1.0 (libwbxml src/wbxml_tree_clb_xml.c pairs them so; it refuses a MgmtTree outside
// SyncML 1.2, which DM 1.1 did not have: here such an element has no page in its namespace and is written LITERAL).
import type { CodePage, WbxmlLanguage } from '../types';
import { DEVINF10, DEVINF11 } from './devinf11';
import { METINF11_TAGS } from './metinf11';
import { DEVINF_CONTENT_TYPE, syncmlEmbedding } from './syncml12';

const SYNCML11_TAGS: Readonly<Record<number, string>> = {
	0x05: 'Add',
	0x06: 'Alert',
	0x07: 'Archive',
	0x08: 'Atomic',
	0x09: 'Chal',
	0x0a: 'Cmd',
	0x0b: 'CmdID',
	0x0c: 'CmdRef',
	0x0d: 'Copy',
	0x0e: 'Cred',
	0x0f: 'Data',
	0x10: 'Delete',
	0x11: 'Exec',
	0x12: 'Final',
	0x13: 'Get',
	0x14: 'Item',
	0x15: 'Lang',
	0x16: 'LocName',
	0x17: 'LocURI',
	0x18: 'Map',
	0x19: 'MapItem',
	0x1a: 'Meta',
	0x1b: 'MsgID',
	0x1c: 'MsgRef',
	0x1d: 'NoResp',
	0x1e: 'NoResults',
	0x1f: 'Put',
	0x20: 'Replace',
	0x21: 'RespURI',
	0x22: 'Results',
	0x23: 'Search',
	0x24: 'Sequence',
	0x25: 'SessionID',
	0x26: 'SftDel',
	0x27: 'Source',
	0x28: 'SourceRef',
	0x29: 'Status',
	0x2a: 'Sync',
	0x2b: 'SyncBody',
	0x2c: 'SyncHdr',
	0x2d: 'SyncML',
	0x2e: 'Target',
	0x2f: 'TargetRef',
	0x31: 'VerDTD',
	0x32: 'VerProto',
	0x33: 'NumberOfChanges',
	0x34: 'MoreData',
	0x39: 'SourceParent'
};

const METINF_PAGE: CodePage = { namespace: 'syncml:metinf', tags: METINF11_TAGS };

export const SYNCML11: WbxmlLanguage = {
	name: 'SYNCML11',
	publicId: 0x0fd3,
	fpi: '-//SYNCML//DTD SyncML 1.1//EN',
	systemId: 'http://www.syncml.org/docs/syncml_represent_v11_20020213.dtd',
	root: 'SyncML',
	source: 'SyncML RepPro 1.1 and MetInf 1.1 WBXML annexes; libwbxml sv_syncml_syncml11_tag_table / sv_syncml_syncml11_ns_table',
	wholeTextStrings: true,
	embedding: syncmlEmbedding([{ root: 'DevInf', namespace: 'syncml:devinf', language: DEVINF11, contentType: DEVINF_CONTENT_TYPE }]),
	pages: { 0: { namespace: 'SYNCML:SYNCML1.1', tags: SYNCML11_TAGS }, 1: METINF_PAGE }
};

export const SYNCML10: WbxmlLanguage = {
	name: 'SYNCML10',
	publicId: 0x0fd1,
	fpi: '-//SYNCML//DTD SyncML 1.0//EN',
	systemId: 'http://www.syncml.org/docs/syncml_represent_v10_20001207.dtd',
	root: 'SyncML',
	source: 'libwbxml sv_syncml_syncml10_public_id / sv_syncml_syncml10_ns_table with the SyncML 1.1 tag table (as libwbxml does)',
	wholeTextStrings: true,
	embedding: syncmlEmbedding([{ root: 'DevInf', namespace: 'syncml:devinf', language: DEVINF10, contentType: DEVINF_CONTENT_TYPE }]),
	pages: { 0: { namespace: 'SYNCML:SYNCML1.0', tags: SYNCML11_TAGS }, 1: METINF_PAGE }
};
