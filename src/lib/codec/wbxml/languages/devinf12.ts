// SyncML Device Information 1.2 (public id 0x1203, namespace syncml:devinf) as a WBXML token table.
// Source: libwbxml src/wbxml_tables.c `sv_syncml_devinf12_tag_table` and `sv_syncml_devinf12_ns_table`
// (github libwbxml/libwbxml @ebeb80d), which cites OMA-TS-DS_DevInf-V1_2-20060710-A. 0x2F is unassigned there.
import type { WbxmlLanguage } from '../types';

export const DEVINF12: WbxmlLanguage = {
	name: 'DEVINF12',
	publicId: 0x1203,
	fpi: '-//SYNCML//DTD DevInf 1.2//EN',
	systemId: 'http://www.openmobilealliance.org/tech/DTD/OMA-SyncML-Device_Information-DTD-1.2.dtd',
	root: 'DevInf',
	source: 'OMA-TS-DS_DevInf-V1_2 WBXML annex as tabled in libwbxml sv_syncml_devinf12_tag_table',
	pages: {
		0: {
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
				0x1c: 'MaxSize',
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
				0x2a: 'SupportLargeObjs',
				0x2b: 'Property',
				0x2c: 'PropParam',
				0x2d: 'MaxOccur',
				0x2e: 'NoTruncate',
				0x30: 'Filter-Rx',
				0x31: 'FilterCap',
				0x32: 'FilterKeyword',
				0x33: 'FieldLevel',
				0x34: 'SupportHierarchicalSync'
			}
		}
	}
};
