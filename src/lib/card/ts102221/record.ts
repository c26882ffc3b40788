// READ RECORD (B2) / UPDATE RECORD (DC), ETSI TS 102 221 §11.1.5/§11.1.6: P1 record number 01..FE,
// P2 04 = absolute mode in the current EF (apdu.md §3). The record length comes from the FCP (tag 82).
import { CardError } from '../error';
import type { CardSession } from '../session';
import { updatedAfterRetries } from '../status-words';

const MODE_ABSOLUTE = 0x04;

function checkRecord(n: number): void {
	if (!Number.isInteger(n) || n < 1 || n > 0xfe) throw new CardError('APDU_ARGUMENT', `record number ${n} is outside 1..254`);
}

export async function readRecord(session: CardSession, record: number, length: number, cla = 0x00): Promise<Uint8Array> {
	checkRecord(record);
	if (!Number.isInteger(length) || length < 1 || length > 256) throw new CardError('APDU_ARGUMENT', `record length ${length} is outside 1..256`);
	const res = await session.send({ cla, ins: 0xb2, p1: record, p2: MODE_ABSOLUTE, le: length }, { name: 'READ RECORD' });
	return res.data;
}

export async function updateRecord(session: CardSession, record: number, data: Uint8Array, cla = 0x00): Promise<void> {
	checkRecord(record);
	if (data.length < 1 || data.length > 255) throw new CardError('APDU_ARGUMENT', `record data of ${data.length} bytes, expected 1..255`);
	await session.send({ cla, ins: 0xdc, p1: record, p2: MODE_ABSOLUTE, data }, { name: 'UPDATE RECORD', accept: (sw) => updatedAfterRetries(sw, cla) });
}
