// What the simulator answers to SELECT: the UICC FCP (TS 102 221 §11.1.1.3) or the GSM header (TS 51.011 §9.2.1).
import { buildFcp } from '../ts102221/fcp';
import { arrRecordOf, EF_ARR_FID, type AccessCondition, type SimCardState, type SimDf, type SimEf, type SimNode } from './model';

export function fcpOf(node: SimNode): Uint8Array {
	if (node.kind === 'df') {
		// FDB 78: DF, shareable; PIN status template lists PIN1 and ADM1 (C6 is for DFs/ADFs only).
		return buildFcp({ fdb: 0x78, fileId: node.fid, dfName: node.aid, arr: { fileId: EF_ARR_FID, record: arrRecordOf('ALW', 'ADM1') }, pinKeyReferences: [0x01, 0x0a] });
	}
	const arr = { fileId: EF_ARR_FID, record: arrRecordOf(node.read, node.update) };
	const sfi = node.sfi ?? null;
	if (node.kind === 'transparent') return buildFcp({ fdb: 0x41, fileId: node.fid, arr, fileSize: node.data.length, sfi });
	const rl = node.recordLength ?? 1;
	return buildFcp({ fdb: 0x42, fileId: node.fid, recordLength: rl, numberOfRecords: node.data.length / rl, arr, fileSize: node.data.length, sfi });
}

/** GSM access condition nibbles (TS 51.011 §9.3): 0 ALW, 1 CHV1, A (one of 4..E) ADM, F NEV. */
function gsmAc(ac: AccessCondition): number {
	return ac === 'ALW' ? 0x0 : ac === 'PIN1' ? 0x1 : ac === 'ADM1' ? 0xa : 0xf;
}

/** CHV status byte (TS 51.011 §9.2.1 bytes 19–22): b8 = initialised, b4..b1 = false presentations remaining. */
function chvStatus(state: SimCardState, key: 'PIN1' | 'PIN2'): number {
	const k = state.keys[key];
	return k ? 0x80 | (k.remaining & 0x0f) : 0x00;
}

export function gsmResponseOf(node: SimNode, state: SimCardState): Uint8Array {
	if (node.kind === 'df') return gsmDfResponse(node, state);
	return gsmEfResponse(node);
}

function gsmDfResponse(df: SimDf, state: SimCardState): Uint8Array {
	const mem = Math.min(state.freeMemory, 0xffff);
	const dfs = df.children.filter((c) => c.kind === 'df').length;
	const efs = df.children.length - dfs;
	return Uint8Array.from([
		0x00, 0x00, mem >> 8, mem & 0xff, df.fid >> 8, df.fid & 0xff, df.parent ? 0x02 : 0x01,
		0x00, 0x00, 0x00, 0x00, 0x00,
		0x09, // byte 13: length of the GSM specific data that follows (bytes 14–22)
		0x00, dfs, efs, 0x02, 0x00,
		chvStatus(state, 'PIN1'), 0x00, chvStatus(state, 'PIN2'), 0x00
	]);
}

function gsmEfResponse(ef: SimEf): Uint8Array {
	const size = ef.data.length;
	return Uint8Array.from([
		0x00, 0x00, size >> 8, size & 0xff, ef.fid >> 8, ef.fid & 0xff, 0x04,
		0x00,
		(gsmAc(ef.read) << 4) | gsmAc(ef.update), 0xff, 0xff, // READ|UPDATE; INCREASE, REHABILITATE|INVALIDATE = NEV
		0x01, // not invalidated
		0x02,
		ef.kind === 'transparent' ? 0x00 : 0x01,
		ef.recordLength ?? 0x00
	]);
}
