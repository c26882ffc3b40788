// OMA DM tree commands as data (OMA-TS-DM_RepPro-V1_2 §6.6: Add, Replace, Delete), before they become SyncML.
import type { Secret } from '../../security/secret';
import type { DfFormat } from './schema';

export type DmCommand =
	| { op: 'Add'; uri: string; format: DfFormat; /** Absent for interior nodes. */ value?: string | Secret; mime?: string }
	| { op: 'Replace'; uri: string; format: DfFormat; value: string | Secret; mime?: string }
	/** Deleting an interior node deletes its whole subtree (TND §8.2: "the children MUST also be deleted"). */
	| { op: 'Delete'; uri: string };
