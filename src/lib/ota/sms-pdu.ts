import { encodeAddress, readAddress, type SmsAddress } from './address';
import { OtaError } from './error';
import { Reader } from './reader';
import { readUdh, type Udh } from './udh';
import { hex2 } from './wsp-values';

// 3GPP TS 23.040 §9.2.2.2 SMS-SUBMIT (and §9.2.2.1 SMS-DELIVER for decoding), in the form a modem takes with
// AT+CMGS in PDU mode (27.005 §3.5.1): SMSC address first — `00` = use the SMSC stored in the modem
// (AOSP reference-ril requestSendSMS uses "00" for the default SMSC) — and AT+CMGS=<length> counts the TPDU
// only, without the SMSC octets.

/** TP-User-Data holds at most 140 octets (23.040 §9.2.3.16; Kannel SMS_8BIT_MAX_LEN / MAX_SMS_OCTETS). */
export const MAX_USER_DATA = 140;

/** TP-DCS for 8-bit data: 0x04 = general group, no class (Kannel fields_to_dcs mode 0, the default);
 *  0xF5 = data coding/message class group, 8-bit, class 1 (Kannel with alt-dcs). */
export type DataCoding = 0x04 | 0xf5;

export interface SmsSubmitOptions {
	destination: string;
	/** TP-MR (default 0; modems usually assign their own). */
	messageReference?: number;
	dcs?: DataCoding;
	/** TP-VP relative format octet (Kannel sends 167 = 24 h); omitted by default (TP-VPF = 00). */
	validityPeriod?: number;
}

const MTI_DELIVER = 0x00;
const MTI_SUBMIT = 0x01;
const UDHI = 0x40;
const VPF_RELATIVE = 0x10;

function byteOption(value: number | undefined, fallback: number, what: string): number {
	const v = value ?? fallback;
	if (!Number.isInteger(v) || v < 0 || v > 0xff) {
		throw new OtaError('bad-option', 'encode', -1, `${what} must be 0–255; found ${v}`);
	}
	return v;
}

/** One SMS-SUBMIT with the SMSC prefix `00`; userData already includes the UDH (UDHI is set when hasUdh). */
export function encodeSmsSubmit(userData: Uint8Array, hasUdh: boolean, options: SmsSubmitOptions): Uint8Array {
	if (userData.length > MAX_USER_DATA) {
		throw new OtaError('too-long', 'encode', -1, `user data is ${userData.length} octets; an SMS holds at most ${MAX_USER_DATA}`);
	}
	const dcs = options.dcs ?? 0x04;
	if (dcs !== 0x04 && dcs !== 0xf5) throw new OtaError('bad-option', 'encode', -1, `DCS must be 0x04 or 0xF5; found ${dcs}`);
	const mr = byteOption(options.messageReference, 0, 'message reference');
	const vp = options.validityPeriod === undefined ? [] : [byteOption(options.validityPeriod, 0, 'validity period')];
	const firstOctet = MTI_SUBMIT | (hasUdh ? UDHI : 0) | (vp.length ? VPF_RELATIVE : 0);
	const address = encodeAddress(options.destination);
	return Uint8Array.from([0x00, firstOctet, mr, ...address, 0x00, dcs, ...vp, userData.length, ...userData]);
}

export interface SmsPdu {
	kind: 'submit' | 'deliver';
	/** Destination (SUBMIT) or originator (DELIVER). */
	address: SmsAddress;
	/** Offset of the TP-DA / TP-OA field in the PDU bytes. */
	addressOffset: number;
	dcs: number;
	udh: Udh;
	/** User data after the UDH. */
	payload: Uint8Array;
	/** Offset of payload[0] in the PDU bytes, so later layers can point back into this segment. */
	payloadOffset: number;
}

/** 23.040 §4 / 23.038 §4: only uncompressed 8-bit data can carry a WDP datagram. */
function checkDcs(r: Reader, dcs: number, at: number): void {
	const group = dcs & 0xf0;
	// 23.038 §4: groups 00xx (general) and 01xx (marked for automatic deletion) code bits 5..0 alike: bit 5
	// compressed, bits 3..2 the alphabet (01 = 8-bit data); group 1111 has bit 2 set for 8-bit data.
	const eightBit = group === 0xf0 ? (dcs & 0x04) !== 0 : (dcs & 0x80) === 0 && (dcs & 0x20) === 0 && ((dcs >> 2) & 3) === 1;
	if (!eightBit) {
		r.fail('unsupported-dcs', `TP-DCS 0x${hex2(dcs)} is not uncompressed 8-bit data (expected e.g. 0x04 or 0xF5)`, at);
	}
}

/**
 * Decodes an SMS-SUBMIT or SMS-DELIVER PDU that starts with its SMSC address octets (as AT+CMGS / +CMGR carry it),
 * or the bare TPDU (as a network trace or a TPDU-only capture gives it): the PDU is read with the SMSC octets
 * first, and only when that fails as a TPDU. Either reading must end exactly where TP-UDL says, so a PDU read
 * the wrong way fails rather than yields a message. A PDU neither way reads is reported as read with SMSC octets.
 */
export function decodeSmsPdu(bytes: Uint8Array): SmsPdu {
	try {
		return decodeTpdu(bytes, true);
	} catch (withSmsc) {
		if (!(withSmsc instanceof OtaError)) throw withSmsc;
		try {
			return decodeTpdu(bytes, false);
		} catch (bare) {
			if (!(bare instanceof OtaError)) throw bare;
			throw withSmsc;
		}
	}
}

function decodeTpdu(bytes: Uint8Array, smsc: boolean): SmsPdu {
	const r = new Reader(bytes, 'sms');
	if (smsc) {
		const smscLength = r.byte('SMSC length');
		r.take(smscLength, 'SMSC address');
	}
	const firstAt = r.pos;
	const first = r.byte('first octet');
	const mti = first & 0x03;
	if (mti !== MTI_SUBMIT && mti !== MTI_DELIVER) {
		r.fail('unsupported-mti', `TP-MTI ${mti} is neither SMS-DELIVER (0) nor SMS-SUBMIT (1)`, firstAt);
	}
	const kind = mti === MTI_SUBMIT ? 'submit' : 'deliver';
	if (kind === 'submit') r.byte('TP-MR');
	const addressOffset = r.pos;
	const address = readAddress(r, kind === 'submit' ? 'TP-DA' : 'TP-OA');
	r.byte('TP-PID');
	const dcsAt = r.pos;
	const dcs = r.byte('TP-DCS');
	checkDcs(r, dcs, dcsAt);
	if (kind === 'deliver') {
		r.take(7, 'TP-SCTS');
	} else {
		const vpf = (first >> 3) & 0x03; // 00 none, 10 relative (1 octet), 01 enhanced / 11 absolute (7 octets)
		if (vpf === 2) r.byte('TP-VP');
		else if (vpf !== 0) r.take(7, 'TP-VP');
	}
	const udlAt = r.pos;
	const udl = r.byte('TP-UDL');
	if (udl > MAX_USER_DATA) r.fail('length-mismatch', `TP-UDL ${udl} exceeds ${MAX_USER_DATA} octets`, udlAt);
	if (udl !== r.remaining) {
		r.fail('length-mismatch', `TP-UDL says ${udl} octets but ${r.remaining} follow`, udlAt);
	}
	let udh: Udh = {};
	if (first & UDHI) udh = readUdh(r);
	return { kind, address, addressOffset, dcs, udh, payload: bytes.slice(r.pos), payloadOffset: r.pos };
}
