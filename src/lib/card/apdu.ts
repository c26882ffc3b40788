// C-APDU model and codec, ISO/IEC 7816-3 §12.1.3 (cases 1–4, short and extended length fields).
import { CardError } from './error';

export interface Apdu {
	cla: number;
	ins: number;
	p1: number;
	p2: number;
	/** Command data (Nc = data.length); absent or empty for cases 1 and 2. */
	data?: Uint8Array;
	/** Expected response length Ne: 1..256 short (256 encodes as 00), up to 65536 extended (0000). Absent: no Le. */
	le?: number;
}

export type ApduCase = '1' | '2S' | '3S' | '4S' | '2E' | '3E' | '4E';

const MAX_SHORT_NC = 255;
const MAX_SHORT_NE = 256;
const MAX_EXT_NC = 65535;
const MAX_EXT_NE = 65536;

function checkByte(name: string, v: number): void {
	if (!Number.isInteger(v) || v < 0 || v > 0xff) {
		throw new CardError('APDU_ARGUMENT', `APDU ${name} must be a byte 00..FF, got ${v}`);
	}
}

/** Which case an APDU encodes to; extended when Nc > 255 or Ne > 256 (or when forced). */
export function apduCase(apdu: Apdu, forceExtended = false): ApduCase {
	const nc = apdu.data?.length ?? 0;
	const ne = apdu.le;
	const ext = forceExtended || nc > MAX_SHORT_NC || (ne !== undefined && ne > MAX_SHORT_NE);
	if (nc === 0 && ne === undefined) return '1';
	if (nc === 0) return ext ? '2E' : '2S';
	if (ne === undefined) return ext ? '3E' : '3S';
	return ext ? '4E' : '4S';
}

/** Encodes a C-APDU; chooses extended length fields only when the sizes need them (or `extended` is set). */
export function encodeApdu(apdu: Apdu, extended = false): Uint8Array {
	checkByte('CLA', apdu.cla);
	checkByte('INS', apdu.ins);
	checkByte('P1', apdu.p1);
	checkByte('P2', apdu.p2);
	const data = apdu.data ?? new Uint8Array(0);
	const ne = apdu.le;
	if (data.length > MAX_EXT_NC) throw new CardError('APDU_ARGUMENT', `APDU data of ${data.length} bytes exceeds 65535`);
	if (ne !== undefined && (!Number.isInteger(ne) || ne < 1 || ne > MAX_EXT_NE)) {
		throw new CardError('APDU_ARGUMENT', `APDU Le must be 1..65536, got ${ne}`);
	}
	const kind = apduCase(apdu, extended);
	const out: number[] = [apdu.cla, apdu.ins, apdu.p1, apdu.p2];
	const ext = kind.endsWith('E');
	if (data.length > 0) {
		if (ext) out.push(0x00, data.length >> 8, data.length & 0xff);
		else out.push(data.length);
		for (const b of data) out.push(b);
	}
	if (ne !== undefined) {
		if (!ext) out.push(ne & 0xff); // 256 → 00
		else {
			const v = ne & 0xffff; // 65536 → 0000
			// §12.1.3: case 2E carries the leading 00 before Le; case 4E's Le follows the data with no 00.
			if (data.length === 0) out.push(0x00);
			out.push(v >> 8, v & 0xff);
		}
	}
	return Uint8Array.from(out);
}

function malformed(message: string, offset: number): CardError {
	return new CardError('APDU_MALFORMED', `C-APDU offset ${offset}: ${message}`, { offset });
}

/** Decodes a C-APDU (ISO/IEC 7816-3 §12.1.3 decision rules); anything else is a CardError APDU_MALFORMED. */
export function parseApdu(bytes: Uint8Array): Apdu & { kind: ApduCase } {
	const n = bytes.length;
	if (n < 4) throw malformed(`expected at least 4 header bytes, found ${n}`, n);
	const head = { cla: bytes[0], ins: bytes[1], p1: bytes[2], p2: bytes[3] };
	if (n === 4) return { ...head, kind: '1' };
	const b4 = bytes[4];
	if (n === 5) return { ...head, le: b4 === 0 ? 256 : b4, kind: '2S' };
	if (b4 !== 0) {
		if (n === 5 + b4) return { ...head, data: bytes.slice(5, 5 + b4), kind: '3S' };
		if (n === 6 + b4) {
			const le = bytes[5 + b4];
			return { ...head, data: bytes.slice(5, 5 + b4), le: le === 0 ? 256 : le, kind: '4S' };
		}
		throw malformed(`short Lc ${b4} does not match ${n - 5} bytes after the header`, 4);
	}
	// b4 = 00 and more than one byte follows: extended length fields.
	if (n < 7) throw malformed(`extended length field needs 3 bytes, found ${n - 4}`, 4);
	const l = (bytes[5] << 8) | bytes[6];
	if (n === 7) return { ...head, le: l === 0 ? 65536 : l, kind: '2E' };
	if (l === 0) throw malformed('extended Lc is 0000 but data follows', 5);
	if (n === 7 + l) return { ...head, data: bytes.slice(7, 7 + l), kind: '3E' };
	if (n === 9 + l) {
		const le = (bytes[7 + l] << 8) | bytes[8 + l];
		return { ...head, data: bytes.slice(7, 7 + l), le: le === 0 ? 65536 : le, kind: '4E' };
	}
	throw malformed(`extended Lc ${l} does not match ${n - 7} bytes after the length field`, 5);
}

/** An R-APDU split into data and status word. */
export interface Response {
	data: Uint8Array;
	sw: number;
}

export function parseResponse(bytes: Uint8Array): Response {
	if (bytes.length < 2) {
		throw new CardError('RESPONSE_MALFORMED', `R-APDU of ${bytes.length} bytes has no SW1 SW2`, { offset: bytes.length });
	}
	const n = bytes.length;
	return { data: bytes.slice(0, n - 2), sw: (bytes[n - 2] << 8) | bytes[n - 1] };
}

export function encodeResponse(data: Uint8Array, sw: number): Uint8Array {
	const out = new Uint8Array(data.length + 2);
	out.set(data, 0);
	out[data.length] = (sw >> 8) & 0xff;
	out[data.length + 1] = sw & 0xff;
	return out;
}
