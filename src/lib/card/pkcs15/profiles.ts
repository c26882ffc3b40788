// Every identifier the PKCS#15 provisioning layout uses, with where it was checked. Status legend as in
// /work/shared/spec/smartcard-provisioning.md: V2 = two independent public places, V1 = one, UNVERIFIED = none.
// "spec §n" below means that file's section. OIDs are data, not code: swap them here once ProvSC is readable.
import type { ObjectFlag } from './model';

export type Status = 'V2' | 'V1' | 'UNVERIFIED';

/** A value with its provenance, so the UI and reports can show how far to trust it. */
export interface Sourced<T> {
	value: T;
	status: Status;
	source: string;
}

export type DocumentKind = 'bootstrap' | 'config1' | 'config2' | 'dmBootstrap';
export const DOCUMENT_KINDS: readonly DocumentKind[] = ['bootstrap', 'config1', 'config2', 'dmBootstrap'];

export interface DocumentSlot {
	/** Name used in messages and as the PKCS#15 object label ("Config1 is 1830 bytes; …"). */
	name: string;
	/** FID of the transparent EF inside DF(PKCS#15); reached through the DODF, never hard-coded by readers. */
	fid: Sourced<Uint8Array>;
	oid: Sourced<string>;
	/** Default EF size when the caller gives none (ProvSC maximum sizes are UNVERIFIED, spec §2). */
	defaultSize: number;
	flags: readonly ObjectFlag[];
}

export type ProfileId = 'oma-provsc' | 'oma-provsc-5015';

export interface Pkcs15Profile {
	id: ProfileId;
	description: string;
	aid: Sourced<Uint8Array>;
	efDir: Sourced<Uint8Array>;
	/** Absolute path of DF(PKCS#15), written as tag 51 of the EF.DIR record. */
	appDf: Sourced<Uint8Array>;
	odf: Sourced<Uint8Array>;
	tokenInfo: Sourced<Uint8Array>;
	dodf: Sourced<Uint8Array>;
	documents: Readonly<Record<DocumentKind, DocumentSlot>>;
	/** Label of the EF.DIR template (tag 50) and applicationName of the data objects. */
	applicationLabel: string;
	/** DFs to probe when EF.DIR does not lead to the application (spec §7: 7F50, then 5015). */
	fallbackDfs: readonly Uint8Array[];
	defaultSizes: { odf: number; tokenInfo: number; dodf: number; dirRecord: number };
}

const b = (...bytes: number[]) => new Uint8Array(bytes);

const PKCS15_AID: Sourced<Uint8Array> = {
	value: b(0xa0, 0x00, 0x00, 0x00, 0x63, 0x50, 0x4b, 0x43, 0x53, 0x2d, 0x31, 0x35),
	status: 'V2',
	source:
		'spec §2; checked here: Android UiccPkcs15 PKCS15_AID "A000000063504B43532D3135" (smali of frameworks/opt/telephony), ' +
		'gnupg scd/app-p15.c pkcs15_aid[], a Java PKCS#15 lib AIDs.PKCS15_AID (RID A000000063 + "PKCS-15")'
};

const EF_DIR: Sourced<Uint8Array> = {
	value: b(0x2f, 0x00),
	status: 'V2',
	source: 'spec §2 (SIMalliance FID_EF_DIR, libosmocore card_fs_usim.c); checked here: OpenSC pkcs15init profiles "EF DIR file-id = 2F00"'
};

const EF_ODF: Sourced<Uint8Array> = {
	value: b(0x50, 0x31),
	status: 'V2',
	source: 'spec §2; checked here: OpenSC ias_adele_admin2.profile "EF PKCS15-ODF file-id = 5031", SIMalliance FID_EF_ODF'
};

const EF_TOKEN_INFO: Sourced<Uint8Array> = {
	value: b(0x50, 0x32),
	status: 'V2',
	source: 'spec §2 (OpenSC pkcs15.c, SIMalliance FID_EF_TOKEN_INFO probed with 5031 in currentDirIsPkcs15FileStructure)'
};

const EF_DODF: Sourced<Uint8Array> = {
	value: b(0x6e, 0x00),
	status: 'UNVERIFIED',
	source: 'spec §2: issuer-chosen, reached via the ODF; 6E00 is the spec §4 example ODF target'
};

/** OIDs under the WAP arc 2.23.43 (spec §2: "wap" V2). */
const DOCUMENTS: Record<DocumentKind, DocumentSlot> = {
	bootstrap: {
		name: 'Bootstrap',
		fid: { value: b(0x6e, 0x01), status: 'UNVERIFIED', source: 'spec §4 example path 6E01; ProvSC FID not known' },
		oid: {
			value: '2.23.43.7.1',
			status: 'UNVERIFIED',
			source:
				'spec §2 "memory says .1"; arc 2.23.43.7 is the one SIMalliance PKCS15Provider.java cites for OMA-DM ' +
				'("EF(DODF) containing the OID 2.23.43.7.1 … referencing the EF(DM_Bootstrap)"); no ProvSC text reachable'
		},
		defaultSize: 1024,
		flags: ['modifiable']
	},
	config1: {
		name: 'Config1',
		fid: { value: b(0x6e, 0x02), status: 'UNVERIFIED', source: 'issuer-chosen (spec §2); next to 6E01' },
		oid: { value: '2.23.43.7.2', status: 'UNVERIFIED', source: 'spec §2 "memory says 2.23.43.7.2"; not found in any public code here' },
		defaultSize: 1024,
		flags: ['modifiable']
	},
	config2: {
		name: 'Config2',
		fid: { value: b(0x6e, 0x03), status: 'UNVERIFIED', source: 'issuer-chosen (spec §2)' },
		oid: { value: '2.23.43.7.3', status: 'UNVERIFIED', source: 'spec §2 "memory says 2.23.43.7.3"; not found in any public code here' },
		defaultSize: 1024,
		flags: ['modifiable']
	},
	dmBootstrap: {
		name: 'DM-Bootstrap',
		fid: { value: b(0x6e, 0x04), status: 'UNVERIFIED', source: 'issuer-chosen (spec §2)' },
		oid: {
			value: '2.23.43.7.1',
			status: 'V1',
			source:
				'SIMalliance open-mobile-api PKCS15Provider.java searchOID() javadoc (re-read here); ' +
				'same value as the ProvSC Bootstrap guess, so one card cannot carry both (buildLayout refuses)'
		},
		defaultSize: 1024,
		flags: ['modifiable']
	}
};

const COMMON = {
	aid: PKCS15_AID,
	efDir: EF_DIR,
	odf: EF_ODF,
	tokenInfo: EF_TOKEN_INFO,
	dodf: EF_DODF,
	documents: DOCUMENTS,
	applicationLabel: 'WAP',
	defaultSizes: { odf: 32, tokenInfo: 64, dodf: 256, dirRecord: 32 }
};

const DF_7F50: Sourced<Uint8Array> = {
	value: b(0x3f, 0x00, 0x7f, 0x50),
	status: 'UNVERIFIED',
	source: 'spec §2: "on GSM SIMs commonly 7F50", one public test only; spec §4 EF.DIR example path 3F00 7F50'
};

const DF_5015: Sourced<Uint8Array> = {
	value: b(0x3f, 0x00, 0x50, 0x15),
	status: 'V2',
	source: 'spec §2 (OpenSC pkcs15.c "3F005015", pkcs15init profiles); OpenSC binds here without EF.DIR'
};

export const PROFILES: Readonly<Record<ProfileId, Pkcs15Profile>> = {
	'oma-provsc': {
		...COMMON,
		id: 'oma-provsc',
		description: 'OMA ProvSC on a SIM/UICC: DF(PKCS#15) 3F00 7F50, announced in EF.DIR by AID and path',
		appDf: DF_7F50,
		fallbackDfs: [DF_7F50.value, DF_5015.value]
	},
	'oma-provsc-5015': {
		...COMMON,
		id: 'oma-provsc-5015',
		description: 'Same files under the ISO 7816-15 default DF(PKCS#15) 3F00 5015',
		appDf: DF_5015,
		fallbackDfs: [DF_5015.value, DF_7F50.value]
	}
};

export const DEFAULT_PROFILE: ProfileId = 'oma-provsc';
