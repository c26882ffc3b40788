import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../../src/lib/codec/hex';
import { CONTENT_TYPE, OtaError, decodePush, encodePush } from '../../../src/lib/ota/index';

// WAP-230-WSP §8.2.4.1 Push PDU and §8.4.2.24 Content-Type; layout as Kannel's ota_pack_push_headers
// (bootstrap-security.md §4). Expected bytes are written out by hand.

const MAC = 'C483EC25F7E3E0CF100380DA5F6714CF204A5EC5';
const macAscii = toHex(new TextEncoder().encode(MAC));
// An empty PROV document: WBXML 1.3, public id 0x0B, UTF-8, no string table, <wap-provisioningdoc/> with content, END.
const BODY = fromHex('030B6A004501');

function otaError(f: () => unknown): OtaError {
	try {
		f();
	} catch (e) {
		if (e instanceof OtaError) return e;
		throw e;
	}
	throw new Error('expected an OtaError');
}

describe('encodePush: the bytes Kannel sends', () => {
	it('CP with SEC=NETWPIN and MAC: 01 06 2F 1F 2D B6 91 80 92 <40 hex> 00 + body', () => {
		// HeadersLen = 1F 2D (2) + B6 (1) + 91 80 (2) + 92 (1) + 40 MAC chars + 00 (1) = 47 = 0x2F.
		// 0x2D = 45 = B6 + 91 80 + 92 + 40 + 00; over 30, so Length-quote 0x1F then uintvar 0x2D.
		const pdu = encodePush({ tid: 1, contentType: CONTENT_TYPE.CONNECTIVITY_WBXML, sec: 0, mac: MAC, body: BODY });
		expect(toHex(pdu)).toBe('01062F1F2DB69180' + '92' + macAscii + '00' + '030B6A004501');
	});
	it('content type alone is the constrained form: 25 06 01 B6', () => {
		expect(toHex(encodePush({ tid: 0x25, contentType: 0x36, body: BODY }))).toBe('25060' + '1B6' + '030B6A004501');
	});
	it('a short general form uses a Short-length: SEC only → 03 B6 91 83', () => {
		expect(toHex(encodePush({ tid: 0, contentType: 0x36, sec: 3, body: new Uint8Array(0) }))).toBe('00060403B69183');
	});
	it('DM bootstrap: 0x42 with SEC/MAC and X-Wap-Application-Id 0x07 (AF 87)', () => {
		// HeadersLen = 47 (content type as above, C2 for 0x42) + AF 87 = 49 = 0x31.
		const pdu = encodePush({ tid: 2, contentType: CONTENT_TYPE.SYNCML_DM_WBXML, sec: 1, mac: MAC, applicationId: 7, body: BODY });
		expect(toHex(pdu)).toBe('0206311F2DC29181' + '92' + macAscii + '00' + 'AF87' + '030B6A004501');
	});
	it('a textual content type and a long application id', () => {
		// "a/b" 00 = 4 octets constrained; AF 02 01 00 = Long-integer 0x0100.
		expect(toHex(encodePush({ tid: 0, contentType: 'a/b', applicationId: 0x100, body: new Uint8Array(0) }))).toBe(
			'000608612F6200AF020100'
		);
	});
	it('refuses values it cannot put on the wire', () => {
		expect(otaError(() => encodePush({ tid: 256, contentType: 0x36, body: BODY })).code).toBe('bad-tid');
		expect(otaError(() => encodePush({ tid: 1, contentType: 0x80, body: BODY })).code).toBe('bad-content-type');
		expect(otaError(() => encodePush({ tid: 1, contentType: 0x36, sec: 4, body: BODY })).code).toBe('bad-sec');
		expect(otaError(() => encodePush({ tid: 1, contentType: 0x36, mac: 'ABC', body: BODY })).message).toBe(
			'MAC must be 40 hex characters; found 3 characters'
		);
		expect(otaError(() => encodePush({ tid: 1, contentType: 'a b', body: BODY })).code).toBe('bad-header');
	});
});

describe('decodePush', () => {
	it('reads a hand-built CP push', () => {
		const pdu = fromHex('01062F1F2DB69181' + '92' + macAscii + '00' + '030B6A004501');
		expect(decodePush(pdu)).toEqual({ tid: 1, contentType: 0x36, sec: 1, mac: MAC, body: BODY });
	});
	it('skips parameters and headers it does not interpret', () => {
		// Content type, general form, Length-quote 1F + uintvar 0A = 10 octets: B6 | 81 EA (charset=UTF-8, skipped)
		// | 92 'A' 'B' 00 (MAC text) | 'x' 00 83 (untyped parameter x=3, skipped). Then headers: 8D 85
		// (Content-Length, skipped) and the application header "X-A" 00 "b" 00. HeadersLen = 2 + 10 + 2 + 6 = 0x14.
		const pdu = fromHex('0A06' + '14' + '1F0A' + 'B6' + '81EA' + '92414200' + '780083' + '8D85' + '582D4100' + '6200' + 'FF');
		expect(decodePush(pdu)).toEqual({ tid: 10, contentType: 0x36, mac: 'AB', body: Uint8Array.of(0xff) });
	});
	it('reads a long-integer media type and a textual application id', () => {
		// 03 02 02 01: value-length 3, Long-integer length 2 = 0x0201; AF "x-wap-application:wml.ua" 00.
		const app = toHex(new TextEncoder().encode('x-wap-application:wml.ua'));
		const headers = '03020201' + 'AF' + app + '00';
		const pdu = fromHex('0006' + (headers.length / 2).toString(16).padStart(2, '0') + headers);
		expect(decodePush(pdu)).toEqual({ tid: 0, contentType: 0x201, applicationId: 'x-wap-application:wml.ua', body: new Uint8Array(0) });
	});

	const cases: [string, string, string, number][] = [
		['an empty PDU', '', 'truncated', 0],
		['a PDU without HeadersLen', '0106', 'truncated', 2],
		['PDU type 0x05 (Disconnect)', '0105', 'not-push', 1],
		['a six-octet uintvar', '0106FFFFFFFFFF7F', 'bad-uintvar', 2],
		['a uintvar above 32 bits', '01069FFFFFFFFF7F', 'bad-uintvar', 2],
		['HeadersLen past the end', '010605B6', 'truncated', 3],
		['HeadersLen 0', '010600', 'bad-content-type', 3],
		['SEC as a text value', '01060403B69105', 'bad-sec', 6],
		['MAC as a short-integer', '01060403B69285', 'bad-mac', 6],
		['SEC twice', '01060605B6918091 81'.replace(' ', ''), 'duplicate-parameter', 7],
		['a header code-page shift', '010602B601', 'bad-header', 4],
		['an unterminated media type text', '010603612F62', 'truncated', 3],
		['a value-length past the content type', '0106021F05', 'truncated', 5],
		['a Long-integer of 5 octets as media type', '01060201 05'.replace(' ', ''), 'bad-header', 4]
	];
	it.each(cases)('rejects %s with a located OtaError', (_what, hex, code, offset) => {
		const e = otaError(() => decodePush(fromHex(hex)));
		expect({ code: e.code, layer: e.layer, offset: e.offset }).toEqual({ code, layer: 'wsp', offset });
		expect(e.message).toMatch(new RegExp(`^WSP offset 0x${offset.toString(16).toUpperCase().padStart(2, '0')}: `));
	});
	it('names what it expected and what it found', () => {
		expect(otaError(() => decodePush(fromHex('0105'))).message).toBe(
			'WSP offset 0x01: PDU type must be 0x06 (Push) or 0x07 (ConfirmedPush); found 0x05'
		);
	});
});

// What other senders write: the forms WAP-230 allows besides Kannel's. Each PDU is hand-assembled.
const ascii = (text: string): string => toHex(new TextEncoder().encode(text)) + '00'; // Text-string: the octets, then NUL

describe('decodePush: other senders (WAP-230 §8.2.4.1, §8.4.2)', () => {
	it('reads a ConfirmedPush (0x07): the same fields as Push, as AOSP WapPushOverSms.dispatchWapPdu takes it', () => {
		// 01 TID | 07 ConfirmedPush | 01 HeadersLen | B6 Constrained-media 0x36 | body.
		expect(decodePush(fromHex('010701B6' + '030B6A004501'))).toEqual({ tid: 1, confirmed: true, contentType: 0x36, body: BODY });
	});
	it('reads SEC and MAC sent as Untyped-parameters, by name (§8.4.2.4: Token-text, then Integer-value or Text-value)', () => {
		// Content type general form: 1F 33 = Length-quote, 51 octets: B6 (1) | "SEC" 00 (4) 80 (1: Short-integer 0 =
		// NETWPIN) | "MAC" 00 (4) | the 40 MAC characters 00 (41). HeadersLen = 2 + 51 = 53 = 0x35.
		const headers = '1F33' + 'B6' + ascii('SEC') + '80' + ascii('MAC') + macAscii + '00';
		expect(headers.length / 2).toBe(0x35);
		expect(decodePush(fromHex('0106' + '35' + headers + '030B6A004501'))).toEqual({ tid: 1, contentType: 0x36, sec: 0, mac: MAC, body: BODY });
	});
	it('reads an untyped SEC given as its name or digit in text, names case-insensitive (ProvBoot §5: SEC=USERPIN)', () => {
		// 0D = Short-length 13: B6 (1) | "sec" 00 (4) | "USERPIN" 00 (8). HeadersLen 14 = 0x0E. USERPIN is SEC 1.
		expect(decodePush(fromHex('0106' + '0E' + '0D' + 'B6' + ascii('sec') + ascii('USERPIN'))).sec).toBe(1);
		// 07 = Short-length 7: B6 | "SEC" 00 | "2" 00. HeadersLen 8.
		expect(decodePush(fromHex('0106' + '08' + '07' + 'B6' + ascii('SEC') + ascii('2'))).sec).toBe(2);
	});
	it('reads SEC as a Long-integer (Integer-value, §8.4.2.3): 91 01 02 is SEC 2', () => {
		// 04 = Short-length 4: B6 | 91 (SEC, 0x11 | 0x80) | 01 02 (Long-integer of one octet, 2). HeadersLen 5.
		expect(decodePush(fromHex('0106' + '05' + '04' + 'B6' + '91' + '0102'))).toEqual({ tid: 1, contentType: 0x36, sec: 2, body: new Uint8Array(0) });
	});
	it('refuses an untyped SEC whose text is no SEC name, at the value', () => {
		// 09 = Short-length 9: B6 (WSP offset 4) | "SEC" 00 (5–8) | "FOO" 00 (9–12).
		const e = otaError(() => decodePush(fromHex('0106' + '0A' + '09' + 'B6' + ascii('SEC') + ascii('FOO'))));
		expect([e.code, e.offset, e.detail]).toEqual([
			'bad-sec',
			9,
			'SEC must be an integer (0x80–0xFF or a Long-integer) or NETWPIN, USERPIN, USERNETWPIN, USERPINMAC; found "FOO"'
		]);
	});
	it('reads X-Wap-Application-Id spelled out as an Application-header (§8.4.2.6)', () => {
		// B6 | "X-Wap-Application-Id" 00 (21) | "x-wap-application:wml.ua" 00 (25). HeadersLen 47 = 0x2F.
		const headers = 'B6' + ascii('X-Wap-Application-Id') + ascii('x-wap-application:wml.ua');
		expect(headers.length / 2).toBe(0x2f);
		expect(decodePush(fromHex('0106' + '2F' + headers)).applicationId).toBe('x-wap-application:wml.ua');
	});
});
