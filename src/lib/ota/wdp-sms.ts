import { toHex, fromHex, HexError } from '../codec/hex';
import { PORT_WSP_PUSH } from './content-types';
import { OtaError } from './error';
import { MAX_SMS_PARTS, MAX_SMS_PDU_OCTETS } from './pdu-lines';
import { decodeSmsPdu, encodeSmsSubmit, MAX_USER_DATA, type SmsPdu, type SmsSubmitOptions } from './sms-pdu';
import { encodeUdh } from './udh';
import type { SmsAddress } from './address';

// WAP-259-WDP §6.5 / Annex: WDP over GSM SMS = the datagram in 8-bit user data with a port-addressing UDH,
// split over concatenated SMS when it does not fit. We follow Kannel: ports IE `05 04 0B84 0B84` in every
// part, concatenation IE `00 03 ref total seq` appended after it when split (gw/ota_prov.c ota_pack_udh,
// gw/sms.c sms_split / prepend_catenation_udh); each part's user data (UDH + payload) at most 140 octets.

export interface OtaSmsOptions extends SmsSubmitOptions {
	/** Concatenation reference 0–255 (Kannel: the low 8 bits of a message counter). Default 0. */
	reference?: number;
	/** Default 2948 (connectionless WSP push). */
	destinationPort?: number;
	/** Default 2948 as Kannel sends for oma-settings; other senders use 9200. */
	sourcePort?: number;
}

export interface SmsSegment {
	/** The PDU for AT+CMGS, SMSC prefix `00` included. */
	bytes: Uint8Array;
	/** The same in uppercase hex, as typed after AT+CMGS's prompt. */
	hex: string;
	/** The <length> for AT+CMGS=<length>: TPDU octets, without the SMSC prefix. */
	tpduLength: number;
}

const PORTS_UDH_LENGTH = 7; // UDHL + 05 04 dd dd ss ss
const CONCAT_IE_LENGTH = 5; // 00 03 ref total seq
const MAX_PARTS = 255;

function port(value: number | undefined, what: string): number {
	const v = value ?? PORT_WSP_PUSH;
	if (!Number.isInteger(v) || v < 0 || v > 0xffff) {
		throw new OtaError('bad-option', 'encode', -1, `${what} must be 0–65535; found ${v}`);
	}
	return v;
}

/** Splits a WSP Push PDU into SMS-SUBMIT PDUs. */
export function encodeOtaSms(wsp: Uint8Array, options: OtaSmsOptions): SmsSegment[] {
	const ports = {
		destination: port(options.destinationPort, 'destination port'),
		source: port(options.sourcePort, 'source port')
	};
	const reference = options.reference ?? 0;
	if (!Number.isInteger(reference) || reference < 0 || reference > 0xff) {
		throw new OtaError('bad-option', 'encode', -1, `concatenation reference must be 0–255; found ${reference}`);
	}
	const single = MAX_USER_DATA - PORTS_UDH_LENGTH; // 133
	const parts: Uint8Array[] = [];
	if (wsp.length <= single) {
		parts.push(wsp);
	} else {
		const per = MAX_USER_DATA - PORTS_UDH_LENGTH - CONCAT_IE_LENGTH; // 128
		for (let i = 0; i < wsp.length; i += per) parts.push(wsp.subarray(i, i + per));
		if (parts.length > MAX_PARTS) {
			const detail = `${wsp.length} octets need ${parts.length} SMS; at most ${MAX_PARTS} can be concatenated`;
			throw new OtaError('too-long', 'encode', -1, detail);
		}
	}
	return parts.map((payload, i) => {
		const concat = parts.length > 1 ? { reference, total: parts.length, sequence: i + 1 } : undefined;
		const udh = encodeUdh({ ports, concat });
		const userData = new Uint8Array(udh.length + payload.length);
		userData.set(udh, 0);
		userData.set(payload, udh.length);
		const bytes = encodeSmsSubmit(userData, true, options);
		return { bytes, hex: toHex(bytes), tpduLength: bytes.length - 1 };
	});
}

export interface DecodedOtaSms {
	/** The reassembled WSP Push PDU. */
	wsp: Uint8Array;
	ports: { destination: number; source: number };
	/** Concatenation reference when the datagram came in several parts. */
	reference?: number;
	address: SmsAddress;
	/** Where each WSP byte range came from: segment i (1-based input position) starts at wspOffset. */
	parts: { segment: number; wspOffset: number; pduOffset: number }[];
}

function parse(pdu: Uint8Array | string, segment: number): SmsPdu {
	// A known largest size (pdu-lines.ts): a longer input is refused before it is converted.
	const octets = typeof pdu === 'string' ? Math.ceil(pdu.length / 2) : pdu.length;
	if (octets > MAX_SMS_PDU_OCTETS) {
		throw new OtaError('too-long', 'sms', 0, `the PDU is ${octets} octets; an SMS PDU with its SMSC address is at most ${MAX_SMS_PDU_OCTETS} (3GPP TS 23.040 §9.2.2, TS 27.005 §3.5.1)`, segment);
	}
	let bytes: Uint8Array;
	if (typeof pdu === 'string') {
		try {
			bytes = fromHex(pdu);
		} catch (e) {
			if (e instanceof HexError) throw new OtaError('bad-hex', 'sms', Math.floor(e.index / 2), e.message, segment);
			throw e;
		}
	} else {
		bytes = pdu;
	}
	try {
		return decodeSmsPdu(bytes);
	} catch (e) {
		if (e instanceof OtaError) throw e.inSegment(segment);
		throw e;
	}
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
	return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Reassembles SMS PDUs (any order, SMSC prefix included) into the WDP datagram sent to the push port. */
export function decodeOtaSms(pdus: readonly (Uint8Array | string)[]): DecodedOtaSms {
	if (pdus.length === 0) throw new OtaError('no-segments', 'sms', 0, 'no SMS PDUs were given');
	if (pdus.length > MAX_SMS_PARTS) {
		throw new OtaError('too-long', 'sms', 0, `${pdus.length} PDUs; a concatenated message has at most ${MAX_SMS_PARTS} parts (3GPP TS 23.040 §9.2.3.24.1)`, MAX_SMS_PARTS + 1);
	}
	const decoded = pdus.map((p, i) => parse(p, i + 1));
	let ports: DecodedOtaSms['ports'] | undefined;
	decoded.forEach((d, i) => {
		if (!d.udh.ports) return;
		if (ports && (ports.destination !== d.udh.ports.destination || ports.source !== d.udh.ports.source)) {
			throw new OtaError('mixed-ports', 'sms', d.payloadOffset, 'application ports differ from an earlier segment', i + 1);
		}
		ports = d.udh.ports;
	});
	if (!ports) throw new OtaError('no-port', 'sms', 0, 'no segment has an application port addressing header (IEI 05 or 04)', 1);
	if (ports.destination !== PORT_WSP_PUSH) {
		throw new OtaError('wrong-port', 'sms', 0, `destination port ${ports.destination} is not the WSP push port ${PORT_WSP_PUSH}`, 1);
	}

	const first = decoded[0].udh.concat;
	const ordered: { d: SmsPdu; segment: number }[] = [];
	if (!first) {
		if (decoded.length > 1) {
			throw new OtaError('mixed-reference', 'sms', 0, 'segment 1 is a complete message but more segments were given', 2);
		}
		ordered.push({ d: decoded[0], segment: 1 });
	} else {
		// 23.040 §9.2.3.24.1: a concatenated message is its reference (8- or 16-bit: IEI 00 and 08 are different
		// references) from one originator — the address the parts share (TP-OA; TP-DA for what is sent).
		const which = (c: { reference: number; total: number; wide?: true }) =>
			`ref ${c.reference}${c.wide ? ' (16-bit)' : ''} (${c.total} parts)`;
		const from = decoded[0];
		const slots: ({ d: SmsPdu; segment: number } | undefined)[] = new Array(first.total).fill(undefined);
		decoded.forEach((d, i) => {
			const c = d.udh.concat;
			if (!c || c.reference !== first.reference || c.total !== first.total || c.wide !== first.wide) {
				const detail = c ? `part of message ${which(c)}, expected ${which(first)}` : `not a part of message ${which(first)}`;
				throw new OtaError('mixed-reference', 'sms', 0, detail, i + 1);
			}
			if (d.kind !== from.kind || d.address.number !== from.address.number) {
				const role = (p: SmsPdu) => `${p.kind === 'submit' ? 'SMS-SUBMIT to' : 'SMS-DELIVER from'} ${p.address.number}`;
				throw new OtaError(
					'mixed-reference',
					'sms',
					d.addressOffset,
					`${role(d)}, but segment 1 is ${role(from)}: the same reference from two senders is two messages`,
					i + 1
				);
			}
			const earlier = slots[c.sequence - 1];
			if (earlier) {
				// The network may deliver a part twice (a retry): the same octets are the same part, other octets
				// are another message that reused the reference, and no document is assembled from either.
				if (sameBytes(earlier.d.payload, d.payload)) return;
				throw new OtaError(
					'duplicate-segment',
					'sms',
					0,
					`part ${c.sequence} was given twice with different contents (segments ${earlier.segment} and ${i + 1}): two messages with ${which(c)}`,
					i + 1
				);
			}
			slots[c.sequence - 1] = { d, segment: i + 1 };
		});
		const missing = slots.flatMap((s, i) => (s ? [] : [i + 1]));
		if (missing.length > 0) {
			// One line however many are missing: the first ten by number, then how many more.
			const named = missing.length > 10 ? [...missing.slice(0, 10).map(String), `${missing.length - 10} more`] : missing.map(String);
			const parts = named.length === 1 ? `part ${named[0]}` : `parts ${named.slice(0, -1).join(', ')} and ${named[named.length - 1]}`;
			throw new OtaError('missing-segment', 'sms', 0, `${parts} of ${first.total} ${missing.length === 1 ? 'is' : 'are'} missing`);
		}
		for (const s of slots) if (s) ordered.push(s);
	}

	const total = ordered.reduce((n, s) => n + s.d.payload.length, 0);
	const wsp = new Uint8Array(total);
	const parts: DecodedOtaSms['parts'] = [];
	let at = 0;
	for (const { d, segment } of ordered) {
		wsp.set(d.payload, at);
		parts.push({ segment, wspOffset: at, pduOffset: d.payloadOffset });
		at += d.payload.length;
	}
	return { wsp, ports, reference: first?.reference, address: ordered[0].d.address, parts };
}
