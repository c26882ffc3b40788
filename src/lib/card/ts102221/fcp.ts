// FCP template (tag 62) returned by SELECT and consumed by CREATE FILE: ETSI TS 102 221 §11.1.1.3
// (tags 82/83/84/A5/8A/8B/C6/80/81/88), same set as pySim ts_102_221.py FcpTemplate and OpenSC iso7816_process_fci.
import { CardError } from '../error';
import { concat, encodeTlv, parseTlvs, type Tlv } from '../ber-tlv';

export type FileStructure = 'df' | 'transparent' | 'linear-fixed' | 'cyclic' | 'ber-tlv' | 'unknown';

export interface FileDescriptor {
	/** File descriptor byte (TS 102 221 §11.1.1.4.3). */
	fdb: number;
	dataCoding?: number;
	structure: FileStructure;
	shareable: boolean;
	recordLength?: number;
	numberOfRecords?: number;
}

export interface Fcp {
	descriptor?: FileDescriptor;
	fileId?: number;
	dfName?: Uint8Array;
	/** Life Cycle Status Integer (8A): 05 operational activated, 04 deactivated. */
	lifeCycle?: number;
	/** 8B: EF.ARR FID and record numbers. */
	securityReferenced?: { arrFileId: number; records: Uint8Array };
	/** 80: data bytes of an EF. */
	fileSize?: number;
	/** 81: total size including structural overhead. */
	totalFileSize?: number;
	/** 88: null = `88 00` (no SFI), number = SFI (value >> 3), undefined = tag absent. */
	sfi?: number | null;
	/** A5 proprietary information, as inner TLVs. */
	proprietary?: Tlv[];
	/** C6 PIN status template DO: key references (83) in order. */
	pinKeyReferences?: number[];
	/** C6 PS_DO (90): which of those keys are enabled, as a bit map. */
	pinStatus?: Uint8Array;
}

function structureOf(fdb: number): FileStructure {
	if ((fdb & 0xbf) === 0x38) return 'df';
	if ((fdb & 0xbf) === 0x39) return 'ber-tlv';
	switch (fdb & 0x07) {
		case 0x01:
			return 'transparent';
		case 0x02:
			return 'linear-fixed';
		case 0x06:
			return 'cyclic';
		default:
			return 'unknown';
	}
}

function uint(bytes: Uint8Array): number {
	let v = 0;
	for (const b of bytes) v = v * 256 + b;
	return v;
}

function fail(message: string, offset: number): CardError {
	return new CardError('FCP_MALFORMED', `FCP offset ${offset}: ${message}`, { offset });
}

export function parseFcp(bytes: Uint8Array): Fcp {
	const outer = parseTlvs(bytes, 'FCP_MALFORMED');
	if (outer.length !== 1 || outer[0].tag !== 0x62) {
		throw fail(`expected one FCP template tag 62, found ${outer.map((t) => t.tag.toString(16).toUpperCase()).join(',') || 'nothing'}`, 0);
	}
	const fcp: Fcp = {};
	for (const t of parseTlvs(outer[0].value, 'FCP_MALFORMED', outer[0].valueOffset)) {
		const v = t.value;
		switch (t.tag) {
			case 0x82: {
				if (v.length !== 2 && v.length !== 5 && v.length !== 1) throw fail(`file descriptor (82) of ${v.length} bytes, expected 2 or 5`, t.offset);
				const d: FileDescriptor = { fdb: v[0], structure: structureOf(v[0]), shareable: (v[0] & 0x40) !== 0 };
				if (v.length >= 2) d.dataCoding = v[1];
				if (v.length === 5) {
					d.recordLength = (v[2] << 8) | v[3];
					d.numberOfRecords = v[4];
				}
				fcp.descriptor = d;
				break;
			}
			case 0x83:
				if (v.length !== 2) throw fail(`file identifier (83) of ${v.length} bytes, expected 2`, t.offset);
				fcp.fileId = (v[0] << 8) | v[1];
				break;
			case 0x84:
				if (v.length < 1 || v.length > 16) throw fail(`DF name (84) of ${v.length} bytes, expected 1..16`, t.offset);
				fcp.dfName = v;
				break;
			case 0x8a:
				if (v.length !== 1) throw fail(`life cycle status (8A) of ${v.length} bytes, expected 1`, t.offset);
				fcp.lifeCycle = v[0];
				break;
			case 0x8b:
				if (v.length < 3) throw fail(`referenced security attributes (8B) of ${v.length} bytes, expected ≥ 3`, t.offset);
				fcp.securityReferenced = { arrFileId: (v[0] << 8) | v[1], records: v.slice(2) };
				break;
			case 0x80:
				if (v.length < 1 || v.length > 4) throw fail(`file size (80) of ${v.length} bytes, expected 1..4`, t.offset);
				fcp.fileSize = uint(v);
				break;
			case 0x81:
				if (v.length < 1 || v.length > 4) throw fail(`total file size (81) of ${v.length} bytes, expected 1..4`, t.offset);
				fcp.totalFileSize = uint(v);
				break;
			case 0x88:
				if (v.length > 1) throw fail(`short file identifier (88) of ${v.length} bytes, expected 0..1`, t.offset);
				// §11.1.1.4.8: 88 00 (or empty) = SFI not supported; else SFI in bits b8..b4.
				fcp.sfi = v.length === 0 || v[0] === 0 ? null : v[0] >> 3;
				break;
			case 0xa5:
				fcp.proprietary = parseTlvs(v, 'FCP_MALFORMED', t.valueOffset);
				break;
			case 0xc6: {
				const inner = parseTlvs(v, 'FCP_MALFORMED', t.valueOffset);
				fcp.pinKeyReferences = inner.filter((x) => x.tag === 0x83 && x.value.length === 1).map((x) => x.value[0]);
				fcp.pinStatus = inner.find((x) => x.tag === 0x90)?.value;
				break;
			}
			default:
				// 8C/AB and other security forms are legal; they are kept out of the model, not rejected.
				break;
		}
	}
	return fcp;
}

export interface FcpSpec {
	fdb: number;
	fileId: number;
	dfName?: Uint8Array;
	recordLength?: number;
	numberOfRecords?: number;
	fileSize?: number;
	lifeCycle?: number;
	arr?: { fileId: number; record: number };
	/** undefined: no 88 tag; null: `88 00`; number: SFI. */
	sfi?: number | null;
	pinKeyReferences?: number[];
}

/** Builds an FCP template in pySim create_ef order: 82, 83, 84, 8A, 8B, C6, 80, 88 (apdu.md §7). */
export function buildFcp(spec: FcpSpec): Uint8Array {
	const parts: Uint8Array[] = [];
	const desc = [spec.fdb, 0x21];
	if (spec.recordLength !== undefined) desc.push(spec.recordLength >> 8, spec.recordLength & 0xff, spec.numberOfRecords ?? 0);
	parts.push(encodeTlv(0x82, desc));
	parts.push(encodeTlv(0x83, [spec.fileId >> 8, spec.fileId & 0xff]));
	if (spec.dfName) parts.push(encodeTlv(0x84, spec.dfName));
	parts.push(encodeTlv(0x8a, [spec.lifeCycle ?? 0x05]));
	if (spec.arr) parts.push(encodeTlv(0x8b, [spec.arr.fileId >> 8, spec.arr.fileId & 0xff, spec.arr.record]));
	if (spec.pinKeyReferences && spec.pinKeyReferences.length > 0) {
		// PS_DO: one bit per key reference, all enabled (b8 first).
		const n = spec.pinKeyReferences.length;
		const ps = new Uint8Array(Math.ceil(n / 8));
		for (let i = 0; i < n; i++) ps[i >> 3] |= 0x80 >> (i & 7);
		parts.push(encodeTlv(0xc6, concat([encodeTlv(0x90, ps), ...spec.pinKeyReferences.map((r) => encodeTlv(0x83, [r]))])));
	}
	if (spec.fileSize !== undefined) parts.push(encodeTlv(0x80, [spec.fileSize >> 8, spec.fileSize & 0xff]));
	if (spec.sfi !== undefined) parts.push(encodeTlv(0x88, spec.sfi === null ? [] : [spec.sfi << 3]));
	return encodeTlv(0x62, concat(parts));
}
