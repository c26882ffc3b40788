// Public face of the PKCS#15 provisioning layout (OMA ProvSC / DM bootstrap on a SIM/UICC).
export { Pkcs15Error, type Pkcs15ErrorCode, type Pkcs15File } from './error';
export type { CardFiles, FileInfo, FileStructure } from './card-files';
export type { DirRecord, DodfEntry, ObjectFlag, OdfEntry, OdfKind, Pkcs15Path, TokenFlag, TokenInfo } from './model';
export {
	DEFAULT_PROFILE,
	DOCUMENT_KINDS,
	PROFILES,
	type DocumentKind,
	type DocumentSlot,
	type Pkcs15Profile,
	type ProfileId,
	type Sourced,
	type Status
} from './profiles';
export { buildDirRecord, encodeDirRecord, parseDirRecord } from './ef-dir';
export { encodeOdf, parseOdf } from './odf';
export { encodeTokenInfo, parseTokenInfo } from './token-info';
export { encodeDodf, encodeOidDataObject, encodeOpaqueDataObject, parseDodf, type DataObjectSpec } from './dodf';
export {
	buildLayout,
	type FileSizes,
	type LayoutFile,
	type LayoutOptions,
	type LayoutRole,
	type Pkcs15Layout,
	type ProvisioningDocuments
} from './layout';
export { discover, type Discovery, type FoundApplication, type FoundDocument } from './discover';
export { writeLayout, type WrittenFile } from './write';
