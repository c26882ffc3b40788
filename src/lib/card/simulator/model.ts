// The simulated card's file system: DFs (MF, DFs, ADFs) and EFs with their access conditions (TS 102 221 §8, §9).
import type { Secret } from '../../security/secret';

/** Access conditions a file can carry, simplified from TS 102 221 §9.2 security attributes. */
export const ACCESS_CONDITIONS = ['ALW', 'PIN1', 'ADM1', 'NEV'] as const;
export type AccessCondition = (typeof ACCESS_CONDITIONS)[number];

export const KEY_NAMES = ['PIN1', 'PIN2', 'ADM1'] as const;
export type SimKeyName = (typeof KEY_NAMES)[number];

/** Key references, TS 102 221 §9.5.1 (01 PIN1, 81 PIN2, 0A ADM1). */
export const KEY_REFERENCE: Readonly<Record<SimKeyName, number>> = { PIN1: 0x01, PIN2: 0x81, ADM1: 0x0a };

export interface SimDf {
	kind: 'df';
	fid: number;
	name?: string;
	/** DF name (AID) for ADFs and application DFs selectable with P1 04. */
	aid?: Uint8Array;
	children: SimNode[];
	parent?: SimDf;
}

export interface SimEf {
	kind: 'transparent' | 'linear-fixed';
	fid: number;
	name?: string;
	sfi?: number;
	read: AccessCondition;
	update: AccessCondition;
	/** Transparent: the bytes; linear fixed: the records back to back. */
	data: Uint8Array;
	recordLength?: number;
	parent?: SimDf;
}

export type SimNode = SimDf | SimEf;

export interface SimKey {
	value: Secret;
	maxRetries: number;
	remaining: number;
}

export interface SimCardState {
	atr: Uint8Array;
	mf: SimDf;
	keys: Partial<Record<SimKeyName, SimKey>>;
	/** Bytes left for CREATE FILE (6A84 beyond). */
	freeMemory: number;
}

/**
 * Our simulated EF.ARR (2F06): record number = read × 4 + update + 1 with ALW 0, PIN1 1, ADM1 2, NEV 3, so that
 * FCP tag 8B (TS 102 221 §11.1.1.4.7.3) and CREATE FILE can carry the two conditions. Record 3 = read ALW, update ADM1.
 */
export function arrRecordOf(read: AccessCondition, update: AccessCondition): number {
	return ACCESS_CONDITIONS.indexOf(read) * 4 + ACCESS_CONDITIONS.indexOf(update) + 1;
}

export function accessOfArrRecord(record: number): { read: AccessCondition; update: AccessCondition } | undefined {
	if (!Number.isInteger(record) || record < 1 || record > 16) return undefined;
	return { read: ACCESS_CONDITIONS[(record - 1) >> 2], update: ACCESS_CONDITIONS[(record - 1) & 3] };
}

export const EF_ARR_FID = 0x2f06;
