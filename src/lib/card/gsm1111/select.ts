// GSM SIM SELECT (CLA A0, P1P2 00 00), 3GPP TS 51.011 §9.2.1: the card answers 9FXX and the header comes with
// GET RESPONSE (A0 C0 00 00 XX); the session does that exchange (apdu.md §1, §2).
import { CardError } from '../error';
import type { CardSession } from '../session';

export const CLA_GSM = 0xa0;

export type GsmFileType = 'MF' | 'DF' | 'EF';
export type GsmEfStructure = 'transparent' | 'linear-fixed' | 'cyclic';

export interface GsmSelectResponse {
	fileId: number;
	type: GsmFileType;
	/** MF/DF: free memory; EF: file size. */
	sizeOrFreeMemory: number;
	/** EF only. */
	structure?: GsmEfStructure;
	recordLength?: number;
	/** EF only: bytes 9–11, access conditions as nibbles. */
	accessConditions?: Uint8Array;
	/** EF only: byte 12, file status. */
	status?: number;
	/** MF/DF only. */
	childDfs?: number;
	childEfs?: number;
	chvCount?: number;
}

function fail(message: string, offset: number): CardError {
	return new CardError('GSM_RESPONSE_MALFORMED', `GSM response offset ${offset}: ${message}`, { offset });
}

/** Decodes the TS 51.011 §9.2.1 header (byte numbers below are the spec's, 1-based). */
export function parseGsmResponse(b: Uint8Array): GsmSelectResponse {
	if (b.length < 14) throw fail(`expected at least 14 bytes, found ${b.length}`, b.length);
	const typeByte = b[6];
	const type: GsmFileType | undefined = typeByte === 1 ? 'MF' : typeByte === 2 ? 'DF' : typeByte === 4 ? 'EF' : undefined;
	if (type === undefined) throw fail(`type of file ${typeByte.toString(16).padStart(2, '0')} is not 01, 02 or 04`, 6);
	const base = { fileId: (b[4] << 8) | b[5], type, sizeOrFreeMemory: (b[2] << 8) | b[3] };
	if (type !== 'EF') {
		if (b.length < 17) throw fail(`MF/DF response needs 17 bytes, found ${b.length}`, b.length);
		return { ...base, childDfs: b[14], childEfs: b[15], chvCount: b[16] };
	}
	const s = b[13];
	const structure: GsmEfStructure | undefined = s === 0 ? 'transparent' : s === 1 ? 'linear-fixed' : s === 3 ? 'cyclic' : undefined;
	if (structure === undefined) throw fail(`EF structure ${s.toString(16).padStart(2, '0')} is not 00, 01 or 03`, 13);
	const r: GsmSelectResponse = { ...base, structure, accessConditions: b.slice(8, 11), status: b[11] };
	if (structure !== 'transparent') {
		if (b.length < 15) throw fail('record EF response has no record length (byte 15)', b.length);
		r.recordLength = b[14];
	}
	return r;
}

export async function selectGsm(session: CardSession, fid: number): Promise<GsmSelectResponse> {
	if (!Number.isInteger(fid) || fid < 0 || fid > 0xffff) throw new CardError('APDU_ARGUMENT', `file ID ${fid} is not 16 bits`);
	const res = await session.send({ cla: CLA_GSM, ins: 0xa4, p1: 0x00, p2: 0x00, data: Uint8Array.from([fid >> 8, fid & 0xff]) }, { name: 'SELECT' });
	return parseGsmResponse(res.data);
}
