// CREATE FILE (INS E0), ETSI TS 102 222 §6.3: data = FCP template; created in the current DF, then selected.
// Needs ADM (6982 otherwise), 6A84 when memory is short (apdu.md §7).
import { CardError } from '../error';
import type { CardSession } from '../session';
import { buildFcp, type FcpSpec } from '../ts102221/fcp';

export interface CreateEfSpec {
	fileId: number;
	structure: 'transparent' | 'linear-fixed';
	/** Transparent: data bytes. */
	size?: number;
	/** Linear fixed: record length and count. */
	recordLength?: number;
	numberOfRecords?: number;
	/** Access rule reference into EF.ARR (8B). */
	arr: { fileId: number; record: number };
	sfi?: number | null;
	shareable?: boolean;
}

export function createEfFcp(spec: CreateEfSpec): Uint8Array {
	const share = spec.shareable === false ? 0x00 : 0x40;
	const base: FcpSpec = { fdb: 0, fileId: spec.fileId, arr: spec.arr, sfi: spec.sfi };
	if (spec.structure === 'transparent') {
		if (spec.size === undefined || spec.size < 1 || spec.size > 0xffff) throw new CardError('APDU_ARGUMENT', `transparent EF size ${spec.size} is outside 1..65535`);
		return buildFcp({ ...base, fdb: 0x01 | share, fileSize: spec.size });
	}
	const rl = spec.recordLength ?? 0;
	const nr = spec.numberOfRecords ?? 0;
	if (rl < 1 || rl > 255 || nr < 1 || nr > 254) throw new CardError('APDU_ARGUMENT', `linear fixed EF needs record length 1..255 and 1..254 records, got ${rl} × ${nr}`);
	return buildFcp({ ...base, fdb: 0x02 | share, recordLength: rl, numberOfRecords: nr, fileSize: rl * nr });
}

export interface CreateDfSpec {
	fileId: number;
	dfName?: Uint8Array;
	arr: { fileId: number; record: number };
}

export function createDfFcp(spec: CreateDfSpec): Uint8Array {
	return buildFcp({ fdb: 0x78, fileId: spec.fileId, dfName: spec.dfName, arr: spec.arr, pinKeyReferences: [0x01, 0x0a] });
}

export async function createFile(session: CardSession, fcp: Uint8Array): Promise<void> {
	if (fcp.length > 255) throw new CardError('APDU_ARGUMENT', `FCP of ${fcp.length} bytes does not fit a short APDU`);
	await session.send({ cla: 0x00, ins: 0xe0, p1: 0x00, p2: 0x00, data: fcp }, { name: 'CREATE FILE' });
}
