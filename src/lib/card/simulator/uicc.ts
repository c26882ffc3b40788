// A UICC / GSM SIM command processor over a SimCardState. It behaves like a T=0 card at APDU level: a SELECT
// that returns data answers 61XX (9FXX for CLA A0) and the data is served by GET RESPONSE (TS 102 221 §7.3.1.1;
// TS 51.011 §9.2.1). Status words follow TS 102 221 §10.2.1 (apdu.md §5).
import { encodeResponse, parseApdu, type Apdu } from '../apdu';
import { CardError } from '../error';
import { Secret } from '../../security/secret';
import { SW } from '../status-words';
import { parseFcp } from '../ts102221/fcp';
import { fcpOf, gsmResponseOf } from './fcp-build';
import { toGsmSw } from './gsm-sw';
import { accessOfArrRecord, KEY_REFERENCE, type AccessCondition, type SimCardState, type SimDf, type SimEf, type SimKeyName, type SimNode } from './model';

const EMPTY = new Uint8Array(0);
const CLA_GSM = 0xa0;

interface Reply {
	data?: Uint8Array;
	sw: number;
}

const sw = (code: number, data?: Uint8Array): Reply => ({ sw: code, data });

function keyOfReference(ref: number, gsm: boolean): SimKeyName | undefined {
	// GSM SIM (TS 51.011 §9.2.9): CHV1 = 01, CHV2 = 02; ADM is vendor specific, we take 0A as on the UICC.
	if (gsm && ref === 0x02) return 'PIN2';
	for (const [name, r] of Object.entries(KEY_REFERENCE)) if (r === ref) return name as SimKeyName;
	return undefined;
}

export class UiccSimulator {
	readonly state: SimCardState;
	private currentDf: SimDf;
	private currentEf: SimEf | undefined;
	private currentAdf: SimDf | undefined;
	private currentRecord = 0;
	private readonly verified = new Set<SimKeyName>();
	private pending: Uint8Array | undefined;
	private readonly random: (n: number) => Uint8Array;
	/** Called after every UPDATE BINARY / UPDATE RECORD the card accepted (the card feeder counts writes with it). */
	onUpdate: ((ef: SimEf) => void) | undefined;

	constructor(state: SimCardState, random?: (n: number) => Uint8Array) {
		this.state = state;
		this.currentDf = state.mf;
		this.random = random ?? ((n) => crypto.getRandomValues(new Uint8Array(n)));
	}

	get atr(): Uint8Array {
		return this.state.atr.slice();
	}

	/** Power-on / warm reset: security status and selection are lost (TS 102 221 §6.2.1), files and counters stay. */
	reset(): void {
		this.currentDf = this.state.mf;
		this.currentEf = undefined;
		this.currentAdf = undefined;
		this.currentRecord = 0;
		this.verified.clear();
		this.pending = undefined;
	}

	/** One C-APDU in, one R-APDU out. Never throws: malformed input gets a status word, like a real card. */
	transmit(capdu: Uint8Array): Uint8Array {
		let apdu: Apdu;
		try {
			apdu = parseApdu(capdu);
		} catch (e) {
			if (e instanceof CardError) {
				this.pending = undefined;
				return encodeResponse(EMPTY, SW.WRONG_LENGTH);
			}
			throw e;
		}
		const gsm = apdu.cla === CLA_GSM;
		let reply: Reply;
		if (!gsm && (apdu.cla & 0xfc) !== 0x00) reply = sw(SW.CLA_NOT_SUPPORTED);
		else if (!gsm && (apdu.cla & 0x03) !== 0) reply = sw(0x6881); // logical channels other than 0 are not simulated
		else reply = this.dispatch(apdu, gsm);
		if (apdu.ins !== 0xc0) {
			// Anything but GET RESPONSE discards undelivered response data (ISO/IEC 7816-4 §7.6.1).
			if (!(reply.sw >> 8 === 0x61 || reply.sw >> 8 === 0x9f)) this.pending = undefined;
		}
		if (gsm) {
			const s = toGsmSw(reply.sw);
			// GSM error words carry no data; only 9000/9FXX/67XX-style answers keep what they had.
			return encodeResponse(s === reply.sw || s === 0x9000 ? reply.data ?? EMPTY : EMPTY, s);
		}
		return encodeResponse(reply.data ?? EMPTY, reply.sw);
	}

	private dispatch(apdu: Apdu, gsm: boolean): Reply {
		switch (apdu.ins) {
			case 0xa4:
				return gsm ? this.selectGsm(apdu) : this.select(apdu);
			case 0xc0:
				return this.getResponse(apdu, gsm);
			case 0xb0:
				return this.readBinary(apdu);
			case 0xd6:
				return this.updateBinary(apdu);
			case 0xb2:
				return this.readRecord(apdu);
			case 0xdc:
				return this.updateRecord(apdu);
			case 0x20:
				return this.verify(apdu, gsm);
			case 0x84:
				return this.getChallenge(apdu);
			case 0xe0:
				return gsm ? sw(SW.INS_NOT_SUPPORTED) : this.createFile(apdu);
			case 0xe4:
				return gsm ? sw(SW.INS_NOT_SUPPORTED) : this.deleteFile(apdu);
			default:
				return sw(SW.INS_NOT_SUPPORTED);
		}
	}

	// ---- selection (TS 102 221 §8.4.1, §11.1.1) ----

	private findChild(df: SimDf, fid: number): SimNode | undefined {
		return df.children.find((c) => c.fid === fid);
	}

	/** P1 00: MF, the current DF, its children, its parent and the parent's children, 7FFF = current ADF. */
	private findByFid(fid: number): SimNode | undefined {
		if (fid === 0x3f00) return this.state.mf;
		if (fid === 0x7fff) return this.currentAdf;
		const df = this.currentDf;
		if (df.fid === fid) return df;
		const child = this.findChild(df, fid);
		if (child) return child;
		if (df.parent) {
			if (df.parent.fid === fid) return df.parent;
			return this.findChild(df.parent, fid);
		}
		return undefined;
	}

	private findByAid(aid: Uint8Array): SimDf | undefined {
		// Right-truncated AIDs match (TS 102 221 §8.5.2); first occurrence in tree order.
		const walk = (df: SimDf): SimDf | undefined => {
			if (df.aid && aid.length <= df.aid.length && aid.every((b, i) => b === df.aid?.[i])) return df;
			for (const c of df.children) {
				if (c.kind === 'df') {
					const hit = walk(c);
					if (hit) return hit;
				}
			}
			return undefined;
		};
		return walk(this.state.mf);
	}

	private findPath(start: SimDf, data: Uint8Array): SimNode | undefined {
		let node: SimNode = start;
		for (let i = 0; i < data.length; i += 2) {
			if (node.kind !== 'df') return undefined;
			const fid = (data[i] << 8) | data[i + 1];
			const next: SimNode | undefined = fid === 0x7fff && i === 0 ? this.currentAdf : this.findChild(node, fid);
			if (!next) return undefined;
			node = next;
		}
		return node;
	}

	private resolve(apdu: Apdu): SimNode | Reply {
		const data = apdu.data ?? EMPTY;
		switch (apdu.p1) {
			case 0x00:
				if (data.length === 0) return this.state.mf;
				if (data.length !== 2) return sw(SW.WRONG_LENGTH);
				return this.findByFid((data[0] << 8) | data[1]) ?? sw(SW.FILE_NOT_FOUND);
			case 0x01: {
				if (data.length !== 2) return sw(SW.WRONG_LENGTH);
				const c = this.findChild(this.currentDf, (data[0] << 8) | data[1]);
				return c && c.kind === 'df' ? c : sw(SW.FILE_NOT_FOUND);
			}
			case 0x03:
				if (data.length !== 0) return sw(SW.WRONG_LENGTH);
				return this.currentDf.parent ?? sw(SW.FILE_NOT_FOUND);
			case 0x04:
				if (data.length < 1 || data.length > 16) return sw(SW.WRONG_LENGTH);
				return this.findByAid(data) ?? sw(SW.FILE_NOT_FOUND);
			case 0x08:
			case 0x09:
				if (data.length === 0 || data.length % 2 !== 0) return sw(SW.WRONG_LENGTH);
				return this.findPath(apdu.p1 === 0x08 ? this.state.mf : this.currentDf, data) ?? sw(SW.FILE_NOT_FOUND);
			default:
				return sw(SW.INCORRECT_P1P2);
		}
	}

	private makeCurrent(node: SimNode): void {
		if (node.kind === 'df') {
			this.currentDf = node;
			this.currentEf = undefined;
			if (node.aid && node.parent === this.state.mf) this.currentAdf = node;
		} else {
			this.currentEf = node;
			if (node.parent) this.currentDf = node.parent;
		}
		this.currentRecord = 0;
	}

	private select(apdu: Apdu): Reply {
		// P2: 04 FCP, 0C no data, 00 "FCI" treated as FCP (OpenSC sends 00); the low 2 bits pick the occurrence.
		const mode = apdu.p2 & 0xfc;
		if (mode !== 0x04 && mode !== 0x0c && mode !== 0x00) return sw(SW.INCORRECT_P1P2);
		const target = this.resolve(apdu);
		if ('sw' in target) return target;
		this.makeCurrent(target);
		if (mode === 0x0c) return sw(SW.OK);
		return this.offer(fcpOf(target), 0x61);
	}

	private selectGsm(apdu: Apdu): Reply {
		if (apdu.p1 !== 0 || apdu.p2 !== 0) return sw(SW.WRONG_P1P2);
		const data = apdu.data ?? EMPTY;
		if (data.length !== 2) return sw(SW.WRONG_LENGTH);
		const target = this.findByFid((data[0] << 8) | data[1]);
		if (!target) return sw(SW.FILE_NOT_FOUND);
		this.makeCurrent(target);
		return this.offer(gsmResponseOf(target, this.state), 0x9f);
	}

	/** T=0: data is not returned with the command; XX bytes wait for GET RESPONSE. */
	private offer(data: Uint8Array, sw1: number): Reply {
		this.pending = data;
		return sw((sw1 << 8) | (data.length & 0xff));
	}

	private getResponse(apdu: Apdu, gsm: boolean): Reply {
		const p = this.pending;
		if (!p) return sw(SW.CONDITIONS_NOT_SATISFIED);
		if (apdu.p1 !== 0 || apdu.p2 !== 0) return sw(SW.WRONG_P1P2);
		const le = apdu.le ?? 256;
		if (le > p.length) return sw(0x6c00 | p.length);
		this.pending = le < p.length ? p.slice(le) : undefined;
		if (this.pending) return sw((gsm ? 0x9f00 : 0x6100) | (this.pending.length & 0xff), p.slice(0, le));
		return sw(SW.OK, p.slice(0, le));
	}

	// ---- access ----

	private allowed(ac: AccessCondition): boolean {
		if (ac === 'ALW') return true;
		if (ac === 'NEV') return false;
		return this.verified.has(ac);
	}

	/** SFI in P1 (READ/UPDATE BINARY) or P2 bits 8–4 (records): selects the EF in the current DF. */
	private efBySfi(sfi: number): SimEf | undefined {
		const ef = this.currentDf.children.find((c): c is SimEf => c.kind !== 'df' && c.sfi === sfi);
		if (ef) {
			this.currentEf = ef;
			this.currentRecord = 0;
		}
		return ef;
	}

	private binaryTarget(apdu: Apdu): { ef: SimEf; offset: number } | Reply {
		let ef = this.currentEf;
		let offset: number;
		if (apdu.p1 & 0x80) {
			// §11.1.3.2: P1 = 100xxxxx SFI, P2 = offset 0..255.
			if (apdu.p1 & 0x60) return sw(SW.INCORRECT_P1P2);
			ef = this.efBySfi(apdu.p1 & 0x1f);
			if (!ef) return sw(SW.FILE_NOT_FOUND);
			offset = apdu.p2;
		} else {
			offset = (apdu.p1 << 8) | apdu.p2;
		}
		if (!ef) return sw(SW.NO_EF_SELECTED);
		if (ef.kind !== 'transparent') return sw(SW.WRONG_FILE_STRUCTURE);
		return { ef, offset };
	}

	private readBinary(apdu: Apdu): Reply {
		const t = this.binaryTarget(apdu);
		if ('sw' in t) return t;
		if (!this.allowed(t.ef.read)) return sw(SW.SECURITY_NOT_SATISFIED);
		if (apdu.data && apdu.data.length > 0) return sw(SW.WRONG_LENGTH);
		if (t.offset >= t.ef.data.length) return sw(SW.WRONG_P1P2);
		const want = apdu.le ?? 256;
		const end = Math.min(t.offset + want, t.ef.data.length);
		const data = t.ef.data.slice(t.offset, end);
		return sw(end - t.offset < want ? SW.EOF_WARNING : SW.OK, data);
	}

	private updateBinary(apdu: Apdu): Reply {
		const t = this.binaryTarget(apdu);
		if ('sw' in t) return t;
		if (!this.allowed(t.ef.update)) return sw(SW.SECURITY_NOT_SATISFIED);
		const data = apdu.data ?? EMPTY;
		if (data.length === 0) return sw(SW.WRONG_LENGTH);
		if (t.offset >= t.ef.data.length) return sw(SW.WRONG_P1P2);
		if (t.offset + data.length > t.ef.data.length) return sw(SW.WRONG_LENGTH);
		t.ef.data.set(data, t.offset);
		this.onUpdate?.(t.ef);
		return sw(SW.OK);
	}

	private recordTarget(apdu: Apdu): { ef: SimEf; index: number } | Reply {
		const sfi = apdu.p2 >> 3;
		const mode = apdu.p2 & 0x07;
		const ef = sfi === 0 ? this.currentEf : this.efBySfi(sfi);
		if (!ef) return sw(sfi === 0 ? SW.NO_EF_SELECTED : SW.FILE_NOT_FOUND);
		if (ef.kind !== 'linear-fixed') return sw(SW.WRONG_FILE_STRUCTURE);
		const count = ef.data.length / (ef.recordLength ?? 1);
		let n: number;
		if (mode === 0x04) n = apdu.p1 === 0 ? this.currentRecord : apdu.p1;
		else if (mode === 0x02) n = this.currentRecord + 1; // next
		else if (mode === 0x03) n = this.currentRecord === 0 ? count : this.currentRecord - 1; // previous
		else return sw(SW.INCORRECT_P1P2);
		if (mode !== 0x04 && apdu.p1 !== 0) return sw(SW.INCORRECT_P1P2);
		if (n < 1 || n > count) return sw(SW.RECORD_NOT_FOUND);
		return { ef, index: n };
	}

	private readRecord(apdu: Apdu): Reply {
		const t = this.recordTarget(apdu);
		if ('sw' in t) return t;
		if (!this.allowed(t.ef.read)) return sw(SW.SECURITY_NOT_SATISFIED);
		const rl = t.ef.recordLength ?? 1;
		// T=0 card: a wrong Le is answered 6CXX with the record length (TS 102 221 §7.3.1.1.4).
		if (apdu.le !== rl) return sw(0x6c00 | (rl & 0xff));
		this.currentRecord = t.index;
		return sw(SW.OK, t.ef.data.slice((t.index - 1) * rl, t.index * rl));
	}

	private updateRecord(apdu: Apdu): Reply {
		const t = this.recordTarget(apdu);
		if ('sw' in t) return t;
		if (!this.allowed(t.ef.update)) return sw(SW.SECURITY_NOT_SATISFIED);
		const rl = t.ef.recordLength ?? 1;
		const data = apdu.data ?? EMPTY;
		if (data.length !== rl) return sw(SW.WRONG_LENGTH);
		t.ef.data.set(data, (t.index - 1) * rl);
		this.currentRecord = t.index;
		this.onUpdate?.(t.ef);
		return sw(SW.OK);
	}

	// ---- security (TS 102 221 §11.1.9) ----

	private verify(apdu: Apdu, gsm: boolean): Reply {
		if (apdu.p1 !== 0x00) return sw(SW.INCORRECT_P1P2);
		const name = keyOfReference(apdu.p2, gsm);
		const key = name ? this.state.keys[name] : undefined;
		if (!name || !key) return sw(SW.REFERENCED_DATA_NOT_FOUND);
		const data = apdu.data ?? EMPTY;
		if (data.length === 0) {
			if (key.remaining === 0) return sw(SW.AUTH_BLOCKED);
			return sw(this.verified.has(name) ? SW.OK : 0x63c0 | key.remaining);
		}
		if (data.length !== 8) return sw(SW.WRONG_LENGTH);
		if (key.remaining === 0) return sw(SW.AUTH_BLOCKED);
		if (key.value.equals(new Secret(name, data))) {
			key.remaining = key.maxRetries;
			this.verified.add(name);
			return sw(SW.OK);
		}
		key.remaining--;
		this.verified.delete(name);
		return sw(0x63c0 | key.remaining);
	}

	private getChallenge(apdu: Apdu): Reply {
		if (apdu.p1 !== 0 || apdu.p2 !== 0) return sw(SW.WRONG_P1P2);
		const n = apdu.le;
		if (n === undefined || n > 256 || (apdu.data?.length ?? 0) > 0) return sw(SW.WRONG_LENGTH);
		return sw(SW.OK, this.random(n));
	}

	// ---- administration (TS 102 222 §6.3, §6.4) ----

	private createFile(apdu: Apdu): Reply {
		if (apdu.p1 !== 0 || apdu.p2 !== 0) return sw(SW.WRONG_P1P2);
		if (!this.verified.has('ADM1')) return sw(SW.SECURITY_NOT_SATISFIED);
		let fcp;
		try {
			fcp = parseFcp(apdu.data ?? EMPTY);
		} catch {
			return sw(SW.INCORRECT_DATA);
		}
		const d = fcp.descriptor;
		const fid = fcp.fileId;
		if (!d || fid === undefined || fid === 0x3f00 || fid === 0x7fff || fid === 0xffff) return sw(SW.INCORRECT_DATA);
		const parent = this.currentDf;
		if (this.findChild(parent, fid)) return sw(SW.FILE_EXISTS);
		const access = fcp.securityReferenced ? accessOfArrRecord(fcp.securityReferenced.records[0]) : { read: 'ALW' as const, update: 'ADM1' as const };
		if (!access) return sw(SW.INCORRECT_DATA);
		let node: SimNode;
		if (d.structure === 'df') {
			node = { kind: 'df', fid, aid: fcp.dfName, children: [], parent };
		} else if (d.structure === 'transparent') {
			const size = fcp.fileSize;
			if (size === undefined || size < 1 || size > 0x8000) return sw(SW.INCORRECT_DATA);
			if (size > this.state.freeMemory) return sw(SW.NOT_ENOUGH_MEMORY);
			node = { kind: 'transparent', fid, data: new Uint8Array(size).fill(0xff), parent, ...access };
		} else if (d.structure === 'linear-fixed') {
			const rl = d.recordLength ?? 0;
			const nr = d.numberOfRecords ?? 0;
			if (rl < 1 || rl > 255 || nr < 1 || nr > 254) return sw(SW.INCORRECT_DATA);
			if (rl * nr > this.state.freeMemory) return sw(SW.NOT_ENOUGH_MEMORY);
			node = { kind: 'linear-fixed', fid, recordLength: rl, data: new Uint8Array(rl * nr).fill(0xff), parent, ...access };
		} else {
			return sw(SW.FUNCTION_NOT_SUPPORTED);
		}
		if (node.kind !== 'df') {
			if (fcp.sfi) node.sfi = fcp.sfi;
			this.state.freeMemory -= node.data.length;
		}
		parent.children.push(node);
		this.makeCurrent(node);
		return sw(SW.OK);
	}

	private deleteFile(apdu: Apdu): Reply {
		if (apdu.p1 !== 0 || apdu.p2 !== 0) return sw(SW.WRONG_P1P2);
		if (!this.verified.has('ADM1')) return sw(SW.SECURITY_NOT_SATISFIED);
		const data = apdu.data ?? EMPTY;
		if (data.length !== 2) return sw(SW.WRONG_LENGTH);
		const fid = (data[0] << 8) | data[1];
		const parent = this.currentDf;
		const idx = parent.children.findIndex((c) => c.fid === fid);
		if (idx < 0) return sw(SW.FILE_NOT_FOUND);
		const [gone] = parent.children.splice(idx, 1);
		this.state.freeMemory += bytesUnder(gone);
		if (this.currentEf && (this.currentEf === gone || isUnder(this.currentEf, gone))) this.currentEf = undefined;
		if (this.currentAdf && (this.currentAdf === gone || isUnder(this.currentAdf, gone))) this.currentAdf = undefined;
		return sw(SW.OK);
	}
}

function bytesUnder(n: SimNode): number {
	return n.kind === 'df' ? n.children.reduce((s, c) => s + bytesUnder(c), 0) : n.data.length;
}

function isUnder(n: SimNode, root: SimNode): boolean {
	for (let p = n.parent; p; p = p.parent) if (p === root) return true;
	return false;
}

