// SELECT (INS A4), ETSI TS 102 221 §11.1.1: by FID (P1 00), path from MF (P1 08), DF name / AID (P1 04);
// P2 04 returns the FCP template, 0C returns nothing (apdu.md §2).
import { CardError } from '../error';
import type { CardSession } from '../session';
import { parseFcp, type Fcp } from './fcp';

export const P2_FCP = 0x04;
export const P2_NO_DATA = 0x0c;

export interface SelectOptions {
	/** true (default): P2 04, parse the FCP; false: P2 0C. */
	fcp?: boolean;
	cla?: number;
}

function fidBytes(fid: number): number[] {
	if (!Number.isInteger(fid) || fid < 0 || fid > 0xffff) throw new CardError('APDU_ARGUMENT', `file ID ${fid} is not 16 bits`);
	return [fid >> 8, fid & 0xff];
}

async function select(session: CardSession, p1: number, data: Uint8Array, name: string, options: SelectOptions): Promise<Fcp | undefined> {
	const wantFcp = options.fcp !== false;
	const res = await session.send(
		{ cla: options.cla ?? 0x00, ins: 0xa4, p1, p2: wantFcp ? P2_FCP : P2_NO_DATA, data, le: wantFcp ? 256 : undefined },
		{ name }
	);
	return wantFcp ? parseFcp(res.data) : undefined;
}

export function selectFid(session: CardSession, fid: number, options: SelectOptions = {}): Promise<Fcp | undefined> {
	return select(session, 0x00, Uint8Array.from(fidBytes(fid)), 'SELECT', options);
}

/** Path from MF (P1 08): the FIDs after 3F00; a leading 3F00 is dropped as §11.1.1.2 requires. */
export function selectPath(session: CardSession, path: number[], options: SelectOptions = {}): Promise<Fcp | undefined> {
	const rest = path[0] === 0x3f00 ? path.slice(1) : path;
	if (rest.length === 0) return selectFid(session, 0x3f00, options);
	return select(session, 0x08, Uint8Array.from(rest.flatMap(fidBytes)), 'SELECT PATH', options);
}

export function selectAid(session: CardSession, aid: Uint8Array, options: SelectOptions = {}): Promise<Fcp | undefined> {
	if (aid.length < 1 || aid.length > 16) throw new CardError('APDU_ARGUMENT', `AID of ${aid.length} bytes, expected 1..16`);
	return select(session, 0x04, aid, 'SELECT AID', options);
}
