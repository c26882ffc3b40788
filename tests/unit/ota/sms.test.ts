import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../../src/lib/codec/hex';
import { OtaError, decodeOtaSms, decodePushSms, encodeOtaSms, encodePush } from '../../../src/lib/ota/index';

// WDP over SMS as Kannel sends it: UDH `06 05 04 0B84 0B84` (gw/ota_prov.c ota_pack_udh), concatenation IE
// `00 03 ref total seq` appended when split (gw/sms.c prepend_catenation_udh, UDHL recomputed to 0B), 8-bit
// DCS 0x04 (gw/sms.c fields_to_dcs, mode 0), user data at most 140 octets (MAX_SMS_OCTETS). SMS-SUBMIT layout:
// 3GPP 23.040 §9.2.2.2, with the `00` SMSC prefix AT+CMGS takes in PDU mode. All expected bytes by hand.

const MAC = 'C483EC25F7E3E0CF100380DA5F6714CF204A5EC5';
const macAscii = toHex(new TextEncoder().encode(MAC));
const PUBLISHED_HEX = readFileSync(join(__dirname, '../../fixtures/security/nowsms-netwpin.hex'), 'utf8').trim();
const PUBLISHED = fromHex(PUBLISHED_HEX);

function otaError(f: () => unknown): OtaError {
	try {
		f();
	} catch (e) {
		if (e instanceof OtaError) return e;
		throw e;
	}
	throw new Error('expected an OtaError');
}

describe('encodeOtaSms: one SMS', () => {
	// WSP: 01 06 2F 1F 2D B6 91 81 92 <40> 00 + 030B6A004501 = 3 + 47 + 6 = 56 octets.
	const wsp = fromHex('01062F1F2DB69181' + '92' + macAscii + '00' + '030B6A004501');
	it('writes 00 | 41 | MR 00 | DA 0B 81 10325476 98F0 | PID 00 | DCS 04 | UDL 3F | 0605040B840B84 | WSP', () => {
		// 41 = TP-MTI 01 (SUBMIT) + TP-UDHI 0x40, no validity period. DA "01234567890": 11 digits = 0x0B, TOA 81,
		// pairs (0,1)(2,3)(4,5)(6,7)(8,9)(0,F) → 10 32 54 76 98 F0. UDL = 7 UDH octets + 56 = 63 = 0x3F.
		const [segment, ...rest] = encodeOtaSms(wsp, { destination: '01234567890' });
		expect(rest).toEqual([]);
		const expected = '00' + '41' + '00' + '0B811032547698F0' + '00' + '04' + '3F' + '0605040B840B84' + toHex(wsp);
		expect(segment.hex).toBe(expected);
		expect(toHex(segment.bytes)).toBe(expected);
		// AT+CMGS=<length> counts the TPDU without the SMSC octet: 77 - 1.
		expect(segment.tpduLength).toBe(76);
	});
	it('with a validity period and DCS F5: first octet 51 (VPF relative), F5, VP A7; source port 9200', () => {
		const [segment] = encodeOtaSms(wsp, { destination: '+491', dcs: 0xf5, validityPeriod: 0xa7, messageReference: 9, sourcePort: 9200 });
		// DA "+491": 3 digits, TOA 91, (4,9)(1,F) → 94 F1. Ports 0B84 / 23F0.
		expect(segment.hex).toBe('00' + '51' + '09' + '039194F1' + '00' + 'F5' + 'A7' + '3F' + '0605040B8423F0' + toHex(wsp));
	});
	it('fills one SMS to 140 octets with a 133-octet datagram, and splits at 134', () => {
		expect(encodeOtaSms(new Uint8Array(133), { destination: '1' }).map((s) => s.bytes[8])).toEqual([140]);
		// 134 octets → 128 + 6, each with the 12-octet UDH: UDL 140 and 18 (UDL is octet 8 after 00 41 00 01 81 F1 00 04).
		expect(encodeOtaSms(new Uint8Array(134), { destination: '1' }).map((s) => s.bytes[8])).toEqual([140, 18]);
	});
});

describe('encodeOtaSms: the published CP document needs two SMS', () => {
	// WSP = 01 06 2F 1F 2D B6 91 80 92 <40> 00 (50 octets) + 118 octets = 168 > 133 → parts of 128 + 40.
	const wspHex = '01062F1F2DB69180' + '92' + macAscii + '00' + PUBLISHED_HEX;
	const wsp = fromHex(wspHex);
	const segments = encodeOtaSms(wsp, { destination: '+4915123456789', reference: 0x5a });
	it('writes both SMS-SUBMIT PDUs byte for byte', () => {
		// DA "+4915123456789": 13 digits = 0x0D, TOA 91, (4,9)(1,5)(1,2)(3,4)(5,6)(7,8)(9,F) → 94 51 21 43 65 87 F9.
		// UDH 0B | 05 04 0B84 0B84 | 00 03 5A 02 seq. UDL part 1 = 12 + 128 = 140 = 0x8C; part 2 = 12 + 40 = 52 = 0x34.
		const head = '00' + '41' + '00' + '0D91945121436587F9' + '00' + '04';
		expect(segments.map((s) => s.hex)).toEqual([
			head + '8C' + '0B05040B840B8400035A0201' + wspHex.slice(0, 256),
			head + '34' + '0B05040B840B8400035A0202' + wspHex.slice(256)
		]);
		expect(segments.map((s) => s.tpduLength)).toEqual([154, 66]);
	});
	it('decodes its own two PDUs back into the WSP push, in either order', () => {
		for (const order of [segments, [...segments].reverse()]) {
			const got = decodePushSms(order.map((s) => s.hex));
			expect(got.push).toEqual({ tid: 1, contentType: 0x36, sec: 0, mac: MAC, body: PUBLISHED });
			expect(got.ports).toEqual({ destination: 2948, source: 2948 });
			expect(got.reference).toBe(0x5a);
			expect(got.address).toEqual({ number: '+4915123456789', toa: 0x91 });
		}
	});
});

describe('decoding PDUs built elsewhere', () => {
	it('reads a real SMS-DELIVER DM notification push (Eclipse Mihini smspdu test.c)', () => {
		// 07 91 4487200030 23: SMSC +447802000332 | 64: DELIVER, UDHI, SRI, no more messages | OA 08 E6 02710079
		// "20170097" | PID 00 | DCS 04 | SCTS 90901241440540 | UDL 39 = 57 | UDH 06 05 04 0B84 0B84 | WSP:
		// TID 55, 06 Push, HeadersLen 04, C4 = application/vnd.syncml.notification, AF 87 = X-Wap-Application-Id 7,
		// then 43 octets of DM notification (ending "WAVECOM-RDMS-SERVER").
		const body = '2DE46143016A29441C325FEE961FE50F02F80000009E721357415645434F4D2D52444D532D534552564552';
		const pdu = '07914487200030236408E602710079000490901241440540390605040B840B8455060401C4AF87' + body;
		const got = decodePushSms([pdu]);
		expect(got.push).toEqual({ tid: 0x55, contentType: 0x44, applicationId: 7, body: fromHex(body) });
		expect(got.address).toEqual({ number: '20170097', toa: 0xe6 });
		expect(got.reference).toBeUndefined();
	});
	it('reassembles hand-built parts with a 16-bit reference (IEI 08), given out of order', () => {
		// WSP: 07 06 01 B6 | 45 01 → split by hand into "070601" and "B64501".
		// UDH 0C | 05 04 0B84 23F0 | 08 04 1234 02 seq  (IEI 08 = concatenation, 16-bit reference 0x1234).
		// SUBMIT 01 | TP-UDHI 40 → 41; DA 01 81 F1 ("1": digit in the low nibble, F filler); UDL = 13 + 3 = 16 = 0x10.
		const part = (seq: string, data: string) => '00' + '41' + '00' + '0181F1' + '00' + '04' + '10' + '0C05040B8423F00804123402' + '0' + seq + data;
		const got = decodePushSms([part('2', 'B64501'), part('1', '070601')]);
		expect(got.push).toEqual({ tid: 7, contentType: 0x36, body: Uint8Array.of(0x45, 0x01) });
		expect(got.reference).toBe(0x1234);
		expect(got.ports).toEqual({ destination: 2948, source: 9200 });
		expect(got.parts).toEqual([
			// payload after 00 41 00 01 81 F1 00 04 10 (9 octets) and the 13-octet UDH: offset 22.
			{ segment: 2, wspOffset: 0, pduOffset: 22 },
			{ segment: 1, wspOffset: 3, pduOffset: 22 }
		]);
	});
	it('reads 8-bit port addressing (IEI 04), which cannot name the push port 2948', () => {
		// UDH 04 | 04 02 84 84: 8-bit ports 0x84 = 132, not the push port. UDL = 5 + 4 = 9.
		const pdu = '00' + '41' + '00' + '0181F1' + '00' + '04' + '09' + '0404028484' + '010601B6';
		const e = otaError(() => decodeOtaSms([pdu]));
		expect([e.code, e.segment, e.message]).toEqual([
			'wrong-port',
			1,
			'SMS PDU offset 0x00 (segment 1): destination port 132 is not the WSP push port 2948'
		]);
	});
	it('a 4-part CP push whose UDH carries no port (Eclipse Mihini test vectors) is not a WAP push', () => {
		// Each part: UDH 05 | 00 03 01 04 n — concatenation only, so nothing says "port 2948".
		const parts = [
			'07914477581006504408A1027100790004905091312162408C050003010401DEADBEEF31062F1F2DB69181924435354641464639314446443933463538303838333342443643414131454234453034333234343400030B6A00C54601C655018711060357636D4E41504944000187070603496E73674E41504E616D650001871006AB01870806037761702E766F69636573747265616D2E636F6D00018709060341504E0001',
			'07914477581006504008A1027100790004905091315155408C050003010402871401C65A01870C06035041500001870D0603757365726E616D650001870E060370776400010101C600015501873606037737000187380603504C54000187070603504C540001870503494E49540001C6560187340603687474703A2F2F3132372E302E302E312F0001C60000530187230603383000010101870503544F2D50524F58590006',
			'07914477581006504008A1027100790004905091316163408C050003010403036C6F6750726F78790001C6000157018730068D0187310603504C54000187320603393939390001872F06033930323030000101C6570187300603434C49454E540001873106033432353938333431373732323732360001873306930187320603393939390001872F0603393032303000010101C600005101871506036C6F6750726F787900',
			'07914477581006504408A102710079000490509131716140490500030104040187070603426F6F7473747261702050726F78790001C65201872F060370687950726F7879000187200603000187210685018722060357636D4E415049440001010101'
		];
		expect(otaError(() => decodeOtaSms(parts)).code).toBe('no-port');
	});
});

// What real senders and phones produce besides Kannel's SMS-SUBMIT. All PDUs by hand (23.040 §9.2.2.1 SMS-DELIVER:
// first octet, TP-OA, TP-PID, TP-DCS, TP-SCTS (7 octets), TP-UDL, TP-UD; §9.2.2.2 SMS-SUBMIT as above).
describe('decoding PDUs as real senders and phones give them', () => {
	// WSP: 01 TID | 06 Push | 01 HeadersLen | B6 = 0x36 connectivity-wbxml | the empty PROV document 030B6A004501.
	const WSP = '010601B6' + '030B6A004501';
	const EMPTY_PROV = fromHex('030B6A004501');
	// 44 = DELIVER (MTI 00), TP-UDHI 0x40, TP-MMS 0x04 (no more messages) | OA 0B 91 13 26 88 07 36 F4 = +31628870634
	// (11 digits, international, semi-octets swapped, F filler) | 00 PID | 04 DCS | SCTS 52 10 31 21 43 00 40 |
	// UDL 0x11 = 7 UDH + 10 WSP | UDH 06 05 04 0B84 23F0 (ports 2948 <- 9200).
	const TPDU_DELIVER = '44' + '0B911326880736F4' + '00' + '04' + '52103121430040' + '11' + '0605040B8423F0' + WSP;
	// 41 = SUBMIT with UDHI | 00 MR | DA 01 81 F1 = "1" | 00 PID | 04 DCS | UDL 0x11 | the same UDH and WSP.
	const TPDU_SUBMIT = '41' + '00' + '0181F1' + '00' + '04' + '11' + '0605040B8423F0' + WSP;
	it.each([
		// With the SMSC address a phone reports (+CMGR): 07 91 13 26 04 00 00 F0 = +31624000000, 8 octets.
		['SMS-DELIVER with its SMSC address', '07911326040000F0' + TPDU_DELIVER, '+31628870634', 8 + 26],
		// A TPDU-only capture (a network trace, a modem that leaves the SMSC out): the first octet comes first.
		['SMS-DELIVER without an SMSC address', TPDU_DELIVER, '+31628870634', 26],
		['SMS-SUBMIT without an SMSC address', TPDU_SUBMIT, '1', 15]
	])('reads an %s', (_what, pdu, address, payloadOffset) => {
		const got = decodePushSms([pdu]);
		expect(got.push).toEqual({ tid: 1, contentType: 0x36, body: EMPTY_PROV });
		expect(got.address.number).toBe(address);
		// Payload offset: DELIVER 1 + 8 + 1 + 1 + 7 + 1 UDL + 7 UDH = 26; SUBMIT 1 + 1 + 3 + 1 + 1 + 1 + 7 = 15.
		expect(got.parts).toEqual([{ segment: 1, wspOffset: 0, pduOffset: payloadOffset }]);
	});
	it('reads TP-DCS 0x44 (8-bit data, marked for automatic deletion: 23.038 §4 group 01xx) and refuses 0x64 and 0x48', () => {
		// Group 01xx codes bits 5..0 as group 00xx: 0x44 = not compressed, 8-bit; 0x64 compressed; 0x48 UCS2.
		const withDcs = (dcs: string) => '00' + '41' + '00' + '0181F1' + '00' + dcs + '11' + '0605040B8423F0' + WSP;
		expect(decodePushSms([withDcs('44')]).push.body).toEqual(EMPTY_PROV);
		expect(otaError(() => decodePushSms([withDcs('64')])).code).toBe('unsupported-dcs');
		expect(otaError(() => decodePushSms([withDcs('48')])).code).toBe('unsupported-dcs');
	});

	// Two parts: WSP "010601B6" and "030B6A004501". 00 SMSC | 44 DELIVER with UDHI | OA | 00 PID | 04 DCS | SCTS |
	// UDL = 12 + payload | UDH 0B | 05 04 0B84 23F0 | 00 03 2A 02 seq (8-bit reference 0x2A, 2 parts).
	const OA_A = '0B911326880736F4'; // +31628870634
	const OA_B = '0B911326880736F5'; // +31628870635
	const deliver = (oa: string, concat: string, payload: string) =>
		'00' + '44' + oa + '00' + '04' + '52103121430040' + (7 + concat.length / 2 + payload.length / 2).toString(16).padStart(2, '0') +
		(6 + concat.length / 2).toString(16).padStart(2, '0') + '05040B8423F0' + concat + payload;
	const part1 = deliver(OA_A, '00032A0201', '010601B6');
	const part2 = deliver(OA_A, '00032A0202', '030B6A004501');
	it('assembles the parts of one sender', () => {
		expect(decodePushSms([part2, part1]).push.body).toEqual(EMPTY_PROV);
	});
	it('never joins parts of two senders that used the same reference (23.040 §9.2.3.24.1)', () => {
		const e = otaError(() => decodeOtaSms([part1, deliver(OA_B, '00032A0202', '030B6A004501')]));
		// The TP-OA of segment 2 starts after 00 SMSC and 44: offset 2.
		expect([e.code, e.segment, e.message]).toEqual([
			'mixed-reference',
			2,
			'SMS PDU offset 0x02 (segment 2): SMS-DELIVER from +31628870635, but segment 1 is SMS-DELIVER from +31628870634: the same reference from two senders is two messages'
		]);
	});
	it('never joins an 8-bit reference 0x2A with a 16-bit reference 0x002A: two different messages', () => {
		// Part 2 with IEI 08: 08 04 00 2A 02 02.
		const e = otaError(() => decodeOtaSms([part1, deliver(OA_A, '0804002A0202', '030B6A004501')]));
		expect([e.code, e.segment, e.detail]).toEqual(['mixed-reference', 2, 'part of message ref 42 (16-bit) (2 parts), expected ref 42 (2 parts)']);
	});
	it('takes a part delivered twice with the same octets once (a network retry)', () => {
		const got = decodePushSms([part1, part2, part1]);
		expect(got.push.body).toEqual(EMPTY_PROV);
		expect(got.parts.map((p) => p.segment)).toEqual([1, 2]);
	});
	it('refuses a part given twice with other octets: a second message reusing the reference, named by both segments', () => {
		const e = otaError(() => decodeOtaSms([part1, part2, deliver(OA_A, '00032A0201', '020601B6')]));
		expect([e.code, e.segment, e.detail]).toEqual([
			'duplicate-segment',
			3,
			'part 1 was given twice with different contents (segments 1 and 3): two messages with ref 42 (2 parts)'
		]);
	});
	it('names every missing part', () => {
		// Part 2 of 4 alone: 00 03 2A 04 02.
		const e = otaError(() => decodeOtaSms([deliver(OA_A, '00032A0402', '030B6A004501')]));
		expect([e.code, e.message]).toEqual(['missing-segment', 'SMS PDU offset 0x00: parts 1, 3 and 4 of 4 are missing']);
	});
});

describe('decoder errors say which segment and where', () => {
	const segments = encodeOtaSms(new Uint8Array(200).fill(0x41), { destination: '1', reference: 3 });
	const seg1 = segments[0].bytes;
	const seg2 = segments[1].bytes;
	const mutate = (bytes: Uint8Array, at: number, value: number) => {
		const copy = bytes.slice();
		copy[at] = value;
		return copy;
	};
	// Offsets in a segment from encodeOtaSms(…, destination '1'): 0 SMSC len, 1 first octet, 2 MR, 3–5 DA 01 81 F1,
	// 6 PID, 7 DCS, 8 UDL, 9 UDHL, 10–15 ports IE, 16–20 concat IE (16 IEI, 17 len, 18 ref, 19 total, 20 seq), 21 payload.

	const cases: [string, () => unknown, string, number, number | undefined][] = [
		['no PDUs', () => decodeOtaSms([]), 'no-segments', 0, undefined],
		['odd hex digit count', () => decodeOtaSms([segments[0].hex, 'ABC']), 'bad-hex', 1, 2],
		['a stray character in hex', () => decodeOtaSms(['00G1']), 'bad-hex', 1, 1],
		['SMSC length past the end', () => decodeOtaSms([Uint8Array.of(0x05, 0x00)]), 'truncated', 1, 1],
		['TP-MTI 2 (STATUS-REPORT)', () => decodeOtaSms([mutate(seg1, 1, 0x42)]), 'unsupported-mti', 1, 1],
		['7-bit DCS 00', () => decodeOtaSms([seg1, mutate(seg2, 7, 0x00)]), 'unsupported-dcs', 7, 2],
		['compressed 8-bit DCS 24', () => decodeOtaSms([mutate(seg1, 7, 0x24)]), 'unsupported-dcs', 7, 1],
		['UCS2 DCS 08', () => decodeOtaSms([mutate(seg1, 7, 0x08)]), 'unsupported-dcs', 7, 1],
		['address longer than 20 digits', () => decodeOtaSms([mutate(seg1, 3, 21)]), 'bad-address', 3, 1],
		['UDL larger than what follows', () => decodeOtaSms([mutate(seg2, 8, 0x20)]), 'length-mismatch', 8, 1],
		['UDL above 140', () => decodeOtaSms([mutate(seg1, 8, 141)]), 'length-mismatch', 8, 1],
		['port IE with length 3', () => decodeOtaSms([mutate(seg1, 11, 3)]), 'bad-udh', 10, 1],
		['IE longer than the UDH', () => decodeOtaSms([mutate(seg1, 17, 9)]), 'truncated', 18, 1],
		['part 0 of 2', () => decodeOtaSms([mutate(seg1, 20, 0)]), 'bad-segment-number', 16, 1],
		['part 3 of 2', () => decodeOtaSms([mutate(seg1, 20, 3)]), 'bad-segment-number', 16, 1],
		['part 1 twice with different octets', () => decodeOtaSms([seg1, mutate(seg1, 30, 0x42), seg2]), 'duplicate-segment', 0, 2],
		['part 2 missing', () => decodeOtaSms([seg1]), 'missing-segment', 0, undefined],
		['another reference', () => decodeOtaSms([seg1, mutate(seg2, 18, 4)]), 'mixed-reference', 0, 2],
		['other ports', () => decodeOtaSms([seg1, mutate(seg2, 15, 0x85)]), 'mixed-ports', 21, 2],
		['WSP PDU type 0x05 (Disconnect) in segment 1', () => decodePushSms([mutate(seg1, 22, 0x05), seg2]), 'not-push', 22, 1]
	];
	it.each(cases)('%s', (_what, run, code, offset, segment) => {
		const e = otaError(run);
		expect({ code: e.code, offset: e.offset, segment: e.segment }).toEqual({ code, offset, segment });
	});
	it('places a WSP truncation in the PDU: WSP offset 4 is PDU offset 16 + 4 in a single SMS', () => {
		// HeadersLen FF 7F = 0x3FFF = 16383 octets, but only B6 follows. Payload starts after 9 + 7 UDH octets = 16.
		const wsp = Uint8Array.from([0x01, 0x06, 0xff, 0x7f, 0xb6]);
		const e = otaError(() => decodePushSms(encodeOtaSms(wsp, { destination: '1' }).map((s) => s.bytes)));
		expect([e.code, e.segment, e.offset]).toEqual(['truncated', 1, 16 + 4]);
		expect(e.message).toBe('SMS PDU offset 0x14 (segment 1): WSP offset 0x04: headers needs 16383 byte(s) but only 1 remain');
	});
	it('places a WSP error in the second segment when the offending byte travelled there', () => {
		// WSP: 01 06 | HeadersLen 148 = uintvar 81 14 | B6 | 73 × (8D 85) skipped headers | 01 (code-page shift,
		// unsupported) at WSP offset 4 + 1 + 146 = 151 | 10 body octets. 162 octets → parts of 128 + 34, so
		// offset 151 is octet 23 of part 2, whose payload starts at 9 + 12 = 21: PDU offset 44 = 0x2C.
		const headers = [0xb6, ...Array.from({ length: 73 }, () => [0x8d, 0x85]).flat(), 0x01];
		const wsp = Uint8Array.from([0x01, 0x06, 0x81, 0x14, ...headers, ...new Array(10).fill(0)]);
		const parts = encodeOtaSms(wsp, { destination: '1' }).map((s) => s.hex);
		expect(parts).toHaveLength(2);
		const e = otaError(() => decodePushSms(parts));
		expect(e.message).toBe(
			'SMS PDU offset 0x2C (segment 2): WSP offset 0x97: header code page shifts are not supported (found 0x01)'
		);
		expect([e.code, e.layer, e.segment, e.offset]).toEqual(['bad-header', 'sms', 2, 44]);
	});
	it('encoder refusals', () => {
		expect(otaError(() => encodeOtaSms(new Uint8Array(1), { destination: '12a' })).code).toBe('bad-address');
		expect(otaError(() => encodeOtaSms(new Uint8Array(1), { destination: '' })).code).toBe('bad-address');
		expect(otaError(() => encodeOtaSms(new Uint8Array(1), { destination: '1', reference: 256 })).code).toBe('bad-option');
		expect(otaError(() => encodeOtaSms(new Uint8Array(1), { destination: '1', sourcePort: 70000 })).code).toBe('bad-option');
		expect(otaError(() => encodeOtaSms(new Uint8Array(1), { destination: '1', dcs: 0x00 as 0x04 })).code).toBe('bad-option');
		expect(otaError(() => encodeOtaSms(new Uint8Array(1), { destination: '1', messageReference: -1 })).code).toBe('bad-option');
		expect(otaError(() => encodeOtaSms(new Uint8Array(255 * 128 + 1), { destination: '1' })).message).toBe(
			'32641 octets need 256 SMS; at most 255 can be concatenated'
		);
		expect(encodeOtaSms(new Uint8Array(255 * 128), { destination: '1' })).toHaveLength(255);
	});
	it('encodePush output travels through encodeOtaSms and back', () => {
		const push = { tid: 9, contentType: 0x36, sec: 2, mac: MAC, body: PUBLISHED };
		expect(decodePushSms(encodeOtaSms(encodePush(push), { destination: '1' }).map((s) => s.hex)).push).toEqual(push);
	});
});
