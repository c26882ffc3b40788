// Plain models of the PKCS#15 structures we read and write (bytes are Uint8Array, never ArrayBuffer or hex).
import type { OdfKind } from './schema';

export type { OdfKind } from './schema';

/** PKCS#15 v1.1 §6.1.5 Path. A path starting with 3F00 is absolute; otherwise it is relative to DF(PKCS#15). */
export interface Pkcs15Path {
	path: Uint8Array;
	/** Offset in a transparent EF (record number in a record EF); present together with `length`. */
	index?: number;
	length?: number;
}

/** EF(DIR) application template (ISO 7816-4 §8.2.1.1, PKCS#15 v1.1 §5.4): 61 { 4F AID, 50 label, 51 path }. */
export interface DirRecord {
	aid: Uint8Array;
	label?: string;
	path?: Uint8Array;
}

/** One ODF entry (§6.2). `path` is absent when the entry carries the objects directly (not used on SIMs). */
export interface OdfEntry {
	kind: OdfKind | 'unknown';
	/** Tag byte as read, e.g. 0xA7 for dataObjects. */
	tag: number;
	offset: number;
	path?: Pkcs15Path;
}

/** TokenFlags (§6.9) bit names, in bit order. */
export const TOKEN_FLAGS = ['readonly', 'loginRequired', 'prnGeneration', 'eidCompliant'] as const;
export type TokenFlag = (typeof TOKEN_FLAGS)[number];

export interface TokenInfo {
	version: number;
	serialNumber?: Uint8Array;
	manufacturerID?: string;
	label?: string;
	flags: TokenFlag[];
}

/** CommonObjectFlags (§6.1.9) bit names, in bit order. */
export const OBJECT_FLAGS = ['private', 'modifiable'] as const;
export type ObjectFlag = (typeof OBJECT_FLAGS)[number];

interface DataObjectCommon {
	offset: number;
	label?: string;
	flags: ObjectFlag[];
	authId?: Uint8Array;
	applicationName?: string;
	applicationOID?: string;
	path: Pkcs15Path;
}

/** A DODF entry (§6.7): an oidDO (what ProvSC readers look for), an opaqueDO (what OpenSC lists), or anything else. */
export type DodfEntry =
	| (DataObjectCommon & { type: 'oidDO'; oid: string })
	| (DataObjectCommon & { type: 'opaqueDO' })
	| { type: 'other'; tag: number; offset: number };
