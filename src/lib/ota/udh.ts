import { OtaError } from './error';
import { Reader } from './reader';
import { hex2 } from './wsp-values';

// 3GPP TS 23.040 §9.2.3.24 User Data Header: UDHL, then information elements (IEI, IEDL, data).
// IEI 0x00 concatenation with 8-bit reference (ref, total, seq), 0x08 the same with a 16-bit reference,
// 0x05 application port addressing 16-bit (destination, source), 0x04 the same with 8-bit ports.
// Kannel writes the ports IE first and appends the concatenation IE when it splits (gw/ota_prov.c
// ota_pack_udh "0605040B840B84"; gw/sms.c prepend_catenation_udh `00 03 ref total seq`, UDHL recomputed).

export interface Udh {
	ports?: { destination: number; source: number };
	/** `wide`: the reference came in IEI 0x08 (16 bits); ref 5 in IEI 00 and ref 5 in IEI 08 are different messages. */
	concat?: { reference: number; total: number; sequence: number; wide?: true };
}

export const IEI_CONCAT_8 = 0x00;
export const IEI_PORTS_8 = 0x04;
export const IEI_PORTS_16 = 0x05;
export const IEI_CONCAT_16 = 0x08;

/** The UDH with its UDHL octet: ports (16-bit) first, then 8-bit concatenation when given. */
export function encodeUdh(udh: Udh): Uint8Array {
	const ies: number[] = [];
	if (udh.ports) {
		const { destination: d, source: s } = udh.ports;
		ies.push(IEI_PORTS_16, 4, d >> 8, d & 0xff, s >> 8, s & 0xff);
	}
	if (udh.concat) {
		const { reference, total, sequence } = udh.concat;
		ies.push(IEI_CONCAT_8, 3, reference, total, sequence);
	}
	return Uint8Array.from([ies.length, ...ies]);
}

function expectLength(r: Reader, iei: number, length: number, expected: number, at: number): void {
	if (length !== expected) {
		r.fail('bad-udh', `IEI 0x${hex2(iei)} must have length ${expected}; found ${length}`, at);
	}
}

/** Reads the UDH at r.pos (UDHL first); leaves r.pos after it. Unknown IEs are skipped. */
export function readUdh(r: Reader): Udh {
	const udhl = r.byte('UDHL');
	r.need(udhl, 'user data header');
	const ies = new Reader(r.bytes, r.layer, r.pos, r.pos + udhl);
	const udh: Udh = {};
	while (ies.remaining > 0) {
		const at = ies.pos;
		const iei = ies.byte('IEI');
		const length = ies.byte(`IEI 0x${hex2(iei)} length`);
		const data = ies.take(length, `IEI 0x${hex2(iei)} data`);
		if (iei === IEI_PORTS_16 || iei === IEI_PORTS_8) {
			const wide = iei === IEI_PORTS_16;
			expectLength(ies, iei, length, wide ? 4 : 2, at);
			if (udh.ports) ies.fail('bad-udh', 'application port addressing appears twice', at);
			udh.ports = wide
				? { destination: (data[0] << 8) | data[1], source: (data[2] << 8) | data[3] }
				: { destination: data[0], source: data[1] };
		} else if (iei === IEI_CONCAT_8 || iei === IEI_CONCAT_16) {
			const wide = iei === IEI_CONCAT_16;
			expectLength(ies, iei, length, wide ? 4 : 3, at);
			if (udh.concat) ies.fail('bad-udh', 'concatenation appears twice', at);
			const reference = wide ? (data[0] << 8) | data[1] : data[0];
			const total = data[wide ? 2 : 1];
			const sequence = data[wide ? 3 : 2];
			// §9.2.3.24.1: total 0 and a sequence of 0 or beyond total are to be ignored; for us they are errors.
			if (total === 0 || sequence === 0 || sequence > total) {
				throw new OtaError(
					'bad-segment-number',
					r.layer,
					at,
					`concatenation says part ${sequence} of ${total}; parts are numbered 1..total`
				);
			}
			udh.concat = wide ? { reference, total, sequence, wide } : { reference, total, sequence };
		}
	}
	r.pos = ies.end;
	return udh;
}
