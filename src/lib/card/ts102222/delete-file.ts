// DELETE FILE (INS E4), ETSI TS 102 222 §6.4: data = FID of a file in the current DF; needs ADM.
import { CardError } from '../error';
import type { CardSession } from '../session';

export async function deleteFile(session: CardSession, fileId: number): Promise<void> {
	if (!Number.isInteger(fileId) || fileId < 0 || fileId > 0xffff) throw new CardError('APDU_ARGUMENT', `file ID ${fileId} is not 16 bits`);
	await session.send({ cla: 0x00, ins: 0xe4, p1: 0x00, p2: 0x00, data: Uint8Array.from([fileId >> 8, fileId & 0xff]) }, { name: 'DELETE FILE' });
}
