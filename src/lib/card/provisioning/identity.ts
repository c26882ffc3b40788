// Which card is in the reader: ATR (from the transport), ICCID (EF 2FE2 in the MF, always readable) and IMSI
// (EF 6F07 in ADF.USIM, found through EF.DIR, else in DF.GSM 7F20; usually needs PIN1). What cannot be read is
// said in `notes`, never guessed.
import { CardError } from '../error';
import type { CardSession } from '../session';
import { parseDirRecord } from '../pkcs15';
import { decodeIccid } from './iccid';
import { decodeImsi } from './imsi';
import { SessionCardFiles } from './session-files';

export interface CardIdentity {
	atr?: Uint8Array;
	/** EF.ICCID as stored (10 bytes, nibble-swapped BCD). */
	iccidBytes?: Uint8Array;
	iccid?: string;
	imsi?: string;
	/** Why a field is missing, e.g. "IMSI: 3F00 7F20 6F07: READ BINARY 00 B0 00 00 09: 6982 security status not satisfied". */
	notes: string[];
}

const EF_ICCID = Uint8Array.from([0x3f, 0x00, 0x2f, 0xe2]);
const EF_DIR = Uint8Array.from([0x3f, 0x00, 0x2f, 0x00]);
const DF_GSM_IMSI = Uint8Array.from([0x3f, 0x00, 0x7f, 0x20, 0x6f, 0x07]);
const EF_IMSI = Uint8Array.from([0x6f, 0x07]);
/** USIM application: RID A000000087 + application code 1002 (TS 101 220 Annex E; apdu.md §8). */
const USIM_PREFIX = [0xa0, 0x00, 0x00, 0x00, 0x87, 0x10, 0x02];

/** Only card answers (status words, bad content) are notes; a transport failure ends the whole operation. */
function noteOrThrow(e: unknown, notes: string[], what: string): void {
	if (e instanceof CardError && e.code === 'TRANSPORT') throw e;
	if (!(e instanceof CardError)) throw e;
	notes.push(`${what}: ${e.message}`);
}

async function usimAid(files: SessionCardFiles): Promise<Uint8Array | undefined> {
	const info = await files.selectPath(EF_DIR);
	for (let n = 1; n <= (info.recordCount ?? 0); n++) {
		const record = await files.readRecord(n);
		if (record[0] !== 0x61) continue;
		let apps;
		try {
			apps = parseDirRecord(record);
		} catch {
			continue; // not a record we can read; the next one may be USIM
		}
		const usim = apps.find((a) => USIM_PREFIX.every((b, i) => a.aid[i] === b));
		if (usim) return usim.aid;
	}
	return undefined;
}

async function readImsi(files: SessionCardFiles, notes: string[]): Promise<string | undefined> {
	let aid: Uint8Array | undefined;
	try {
		aid = await usimAid(files);
	} catch (e) {
		noteOrThrow(e, notes, 'EF.DIR 3F00 2F00');
	}
	const attempts: [string, () => Promise<unknown>, Uint8Array][] = [];
	if (aid) attempts.push(['ADF.USIM 6F07', () => files.selectAid(aid), EF_IMSI]);
	attempts.push(['3F00 7F20 6F07', async () => undefined, DF_GSM_IMSI]);
	for (const [what, enter, path] of attempts) {
		try {
			await enter();
			const info = await files.selectPath(path);
			const imsi = decodeImsi(await files.readBinary(0, Math.min(info.size ?? 9, 9)));
			if (imsi === undefined) notes.push(`IMSI: ${what} is erased (not personalised)`);
			return imsi;
		} catch (e) {
			noteOrThrow(e, notes, `IMSI: ${what}`);
		}
	}
	return undefined;
}

/** ATR, ICCID and IMSI as far as the card lets us read them (the IMSI needs PIN1 on most cards). */
export async function cardInfo(session: CardSession, files = new SessionCardFiles(session)): Promise<CardIdentity> {
	const identity: CardIdentity = { notes: [] };
	const atr = session.transport.atr;
	if (atr !== undefined) identity.atr = atr.slice();
	else identity.notes.push(`ATR: transport ${session.transport.name} does not report it`);
	try {
		const info = await files.selectPath(EF_ICCID);
		const bytes = await files.readBinary(0, Math.min(info.size ?? 10, 10));
		identity.iccidBytes = bytes;
		identity.iccid = decodeIccid(bytes);
	} catch (e) {
		noteOrThrow(e, identity.notes, 'ICCID: 3F00 2FE2');
	}
	const imsi = await readImsi(files, identity.notes);
	if (imsi !== undefined) identity.imsi = imsi;
	return identity;
}
