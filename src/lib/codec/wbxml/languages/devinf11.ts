// SyncML Device Information 1.1 (public id 0x0FD4) and 1.0 (0x0FD2), namespace syncml:devinf, as WBXML token tables.
// Source: SyncML DevInf 1.1 (syncml_devinf_v11_20020215) WBXML annex, as tabled in libwbxml src/wbxml_tables.c
// `sv_syncml_devinf11_tag_table` / `sv_syncml_devinf11_ns_table` (github libwbxml/libwbxml @ebeb80d): DevInf 1.2's
// values 0x05–0x2A, except 0x1C, which is Size here and MaxSize in 1.2. libwbxml uses the same table for DevInf 1.0
// (its main table pairs WBXML_LANG_SYNCML_DEVINF10 with sv_syncml_devinf11_tag_table), and so do we.
import type { CodePage, WbxmlLanguage } from '../types';

const DEVINF11_PAGE: CodePage = {
	namespace: 'syncml:devinf',
	tags: {
		0x05: 'CTCap',
		0x06: 'CTType',
		0x07: 'DataStore',
		0x08: 'DataType',
		0x09: 'DevID',
		0x0a: 'DevInf',
		0x0b: 'DevTyp',
		0x0c: 'DisplayName',
		0x0d: 'DSMem',
		0x0e: 'Ext',
		0x0f: 'FwV',
		0x10: 'HwV',
		0x11: 'Man',
		0x12: 'MaxGUIDSize',
		0x13: 'MaxID',
		0x14: 'MaxMem',
		0x15: 'Mod',
		0x16: 'OEM',
		0x17: 'ParamName',
		0x18: 'PropName',
		0x19: 'Rx',
		0x1a: 'Rx-Pref',
		0x1b: 'SharedMem',
		0x1c: 'Size',
		0x1d: 'SourceRef',
		0x1e: 'SwV',
		0x1f: 'SyncCap',
		0x20: 'SyncType',
		0x21: 'Tx',
		0x22: 'Tx-Pref',
		0x23: 'ValEnum',
		0x24: 'VerCT',
		0x25: 'VerDTD',
		0x26: 'XNam',
		0x27: 'XVal',
		0x28: 'UTC',
		0x29: 'SupportNumberOfChanges',
		0x2a: 'SupportLargeObjs'
	}
};

export const DEVINF11: WbxmlLanguage = {
	name: 'DEVINF11',
	publicId: 0x0fd4,
	fpi: '-//SYNCML//DTD DevInf 1.1//EN',
	systemId: 'http://www.syncml.org/docs/devinf_v11_20020215.dtd',
	root: 'DevInf',
	source: 'SyncML DevInf 1.1 WBXML annex; libwbxml sv_syncml_devinf11_tag_table / sv_syncml_devinf11_ns_table',
	pages: { 0: DEVINF11_PAGE }
};

export const DEVINF10: WbxmlLanguage = {
	name: 'DEVINF10',
	publicId: 0x0fd2,
	fpi: '-//SYNCML//DTD DevInf 1.0//EN',
	systemId: 'http://www.syncml.org/docs/syncml_devinf_v10_20001207.dtd',
	root: 'DevInf',
	source: 'libwbxml sv_syncml_devinf10_public_id with the DevInf 1.1 tag table (as libwbxml does)',
	pages: { 0: DEVINF11_PAGE }
};
