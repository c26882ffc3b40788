// SyncML 1.2 (OMA DS/DM messages, public id 0x1201) as WBXML token tables: page 0 SyncML, page 1 MetInf
// (namespace syncml:metinf), page 2 DM DDF (namespace syncml:dmddf1.2, for TNDS objects carried in DM messages).
// Source: OMA-TS-SyncML_RepPro-V1_2 WBXML annex, checked against libwbxml src/wbxml_tables.c
// `sv_syncml_syncml12_tag_table` / `sv_syncml_syncml12_ns_table` and Wireshark `wbxml_syncmlc12_tags_cp0`
// (syncml-dm.md §1–3; note 0x27 = Source, 0x2E = Target; 0x30 is reserved). libwbxml's SyncML 1.2 has no page 2:
// it carries a TNDS MgmtTree, like a DevInf, as an embedded DDF document (embedding below, embedded.ts), and so do
// we; page 2 is kept for reading messages that write DDF tags in line.
import type { Embedding, WbxmlLanguage } from '../types';
import { DMDDF12, DMDDF12_NAMESPACE, DMDDF12_TAGS } from './ddf12';
import { DEVINF12 } from './devinf12';
import { METINF12_TAGS } from './metinf12';

/** libwbxml's content types (src/wbxml_tree.c wbxml_tree_node_get_syncml_data_type, wbxml_encoder.c). */
export const DEVINF_CONTENT_TYPE = { xml: 'application/vnd.syncml-devinf+xml', wbxml: 'application/vnd.syncml-devinf+wbxml' };
export const TNDS_CONTENT_TYPE = { xml: 'application/vnd.syncml.dmtnds+xml', wbxml: 'application/vnd.syncml.dmtnds+wbxml' };

/** A SyncML message's embedded documents: DevInf (and, from 1.2, TNDS) in a Data whose Meta/Type announces them. */
export function syncmlEmbedding(documents: Embedding['documents']): Embedding {
	return { container: 'Data', meta: 'Meta', type: 'Type', documents };
}

export const SYNCML12: WbxmlLanguage = {
	name: 'SYNCML12',
	publicId: 0x1201,
	fpi: '-//SYNCML//DTD SyncML 1.2//EN',
	systemId: 'http://www.openmobilealliance.org/tech/DTD/OMA-TS-SyncML_RepPro_DTD-V1_2.dtd',
	root: 'SyncML',
	source: 'OMA-TS-SyncML_RepPro-V1_2 WBXML annex; libwbxml sv_syncml_syncml12_tag_table; Wireshark wbxml_syncmlc12_tags_cp0/cp1',
	wholeTextStrings: true,
	embedding: syncmlEmbedding([
		{ root: 'DevInf', namespace: 'syncml:devinf', language: DEVINF12, contentType: DEVINF_CONTENT_TYPE },
		{ root: 'MgmtTree', namespace: DMDDF12_NAMESPACE, language: DMDDF12, contentType: TNDS_CONTENT_TYPE }
	]),
	pages: {
		0: {
			namespace: 'SYNCML:SYNCML1.2',
			tags: {
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
				0x35: 'Field',
				0x36: 'Filter',
				0x37: 'Record',
				0x38: 'FilterType',
				0x39: 'SourceParent',
				0x3a: 'TargetParent',
				0x3b: 'Move',
				0x3c: 'Correlator'
			}
		},
		1: { namespace: 'syncml:metinf', tags: METINF12_TAGS },
		2: { namespace: DMDDF12_NAMESPACE, tags: DMDDF12_TAGS }
	}
};
