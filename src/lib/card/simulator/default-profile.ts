// The default simulated card: a UICC with MF, EF.ICCID, EF.DIR (USIM + PKCS#15 application records), DF.GSM with
// EF.IMSI, ADF.USIM with EF.IMSI, and DF(PKCS#15) 7F50 holding EMPTY (FF) provisioning files ready to be written.
// FIDs: smartcard-provisioning.md §2 (ODF 5031, TokenInfo 5032, EF.DIR 2F00) and apdu.md §8; the DODF and
// Bootstrap/Config FIDs are issuer-chosen (spec §2: "card-issuer chosen") — 6E00..6E03 follow the spec's examples.
// Test values only: ADM1 = 3838383838383838 ("88888888"), PIN1 = "0000" (30303030 FF-padded).
import { PROFILE_FORMAT, type SimProfile } from './profile';

/** sysmoUSIM-SJS1 ATR: T=0 (TD1 80), T=15 global bytes, TCK A5 correct (checked with ATR_analysis). */
export const DEFAULT_ATR = '3B9F96801FC78031A073BE21136743200718000001A5';

/** PKCS#15 application AID: RID A000000063 + "PKCS-15" (smartcard-provisioning.md §2). */
export const PKCS15_AID = 'A000000063504B43532D3135';
/** USIM AID: RID A000000087 + app code 1002 (apdu.md §8), with a plausible 3GPP PIX tail. */
export const USIM_AID = 'A0000000871002FF49FF0589';

/** EF.DIR record for PKCS#15, label "WAP", path 3F00 7F50 (smartcard-provisioning.md §4, checked with openssl). */
const DIR_PKCS15 = '61194F0CA000000063504B43532D3135500357415051043F007F50';
/** EF.DIR record for USIM: 61 L 4F 0C <AID> 50 04 "USIM". */
const DIR_USIM = '61144F0CA0000000871002FF49FF05895004' + '5553494D';
const DIR_RECORD_LENGTH = 32;

function padRecord(hex: string, len: number): string {
	return hex + 'FF'.repeat(len - hex.length / 2);
}

/** IMSI 001010123456789 → 08 09 10 10 10 32 54 76 98 (apdu.md §9 worked example). */
const EF_IMSI = '080910101032547698';
/** ICCID 8949000000000000001 (19 digits), BCD nibble-swapped, F-padded (apdu.md §8). */
const EF_ICCID = '989400000000000000F1';

export function defaultProfile(): SimProfile {
	return {
		format: PROFILE_FORMAT,
		atr: DEFAULT_ATR,
		freeMemory: 16384,
		keys: {
			PIN1: { value: '30303030FFFFFFFF', retries: 3 },
			PIN2: { value: '31323334FFFFFFFF', retries: 3 },
			ADM1: { value: '3838383838383838', retries: 10 }
		},
		mf: {
			fid: '3F00',
			type: 'df',
			name: 'MF',
			children: [
				{ fid: '2FE2', type: 'transparent', name: 'EF.ICCID', size: 10, sfi: 2, read: 'ALW', update: 'NEV', contents: EF_ICCID },
				{
					fid: '2F00',
					type: 'linear-fixed',
					name: 'EF.DIR',
					recordLength: DIR_RECORD_LENGTH,
					records: 4,
					sfi: 30,
					read: 'ALW',
					update: 'ADM1',
					contents: padRecord(DIR_USIM, DIR_RECORD_LENGTH) + padRecord(DIR_PKCS15, DIR_RECORD_LENGTH)
				},
				{
					fid: '7F20',
					type: 'df',
					name: 'DF.GSM',
					children: [{ fid: '6F07', type: 'transparent', name: 'EF.IMSI', size: 9, read: 'PIN1', update: 'ADM1', contents: EF_IMSI }]
				},
				{
					fid: '7FF0',
					type: 'df',
					name: 'ADF.USIM',
					aid: USIM_AID,
					children: [{ fid: '6F07', type: 'transparent', name: 'EF.IMSI', size: 9, sfi: 7, read: 'PIN1', update: 'ADM1', contents: EF_IMSI }]
				},
				{
					fid: '7F50',
					type: 'df',
					name: 'DF.PKCS15',
					aid: PKCS15_AID,
					children: [
						{ fid: '5031', type: 'transparent', name: 'EF.ODF', size: 128, read: 'ALW', update: 'ADM1' },
						{ fid: '5032', type: 'transparent', name: 'EF.TokenInfo', size: 128, read: 'ALW', update: 'ADM1' },
						{ fid: '6E00', type: 'transparent', name: 'EF.DODF', size: 512, read: 'ALW', update: 'ADM1' },
						{ fid: '6E01', type: 'transparent', name: 'EF.Bootstrap', size: 2048, read: 'ALW', update: 'ADM1' },
						{ fid: '6E02', type: 'transparent', name: 'EF.Config1', size: 1024, read: 'ALW', update: 'ADM1' },
						{ fid: '6E03', type: 'transparent', name: 'EF.Config2', size: 1024, read: 'ALW', update: 'PIN1' }
					]
				}
			]
		}
	};
}
