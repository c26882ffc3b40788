import { HEADER_X_WAP_APPLICATION_ID, PARAM, PDU_CONFIRMED_PUSH, PDU_PUSH } from './content-types';
import { echoed } from '../text';
import { OtaError } from './error';
import { Reader } from './reader';
import { encodeUintvar, readUintvar } from './uintvar';
import { LENGTH_QUOTE, hex2, readInteger, readText, readValueLength, skipValue } from './wsp-values';

// WAP-230-WSP §8.2.4.1 connectionless Push PDU: TID, PDU type 0x06, HeadersLen (uintvar), Content-Type and
// Headers (HeadersLen octets together), then Data. For OMA CP the content type carries SEC and MAC
// (ProvCont §4.3); Kannel's bytes: `01 06 <uintvar> 1F 2D B6 91 8s 92 <40 hex> 00` (bootstrap-security.md §4).

export interface PushMessage {
	/** Transaction id, 0–255 (Kannel sends 0x01). */
	tid: number;
	/** PDU type 0x07 ConfirmedPush rather than 0x06 Push (same fields, WAP-230 §8.2.4.1); absent for Push. */
	confirmed?: true;
	/** A well-known content type code 0–0x7F (see CONTENT_TYPE) or a media type text. */
	contentType: number | string;
	/** SEC parameter 0–3 (NETWPIN, USERPIN, USERNETWPIN, USERPINMAC). */
	sec?: number;
	/** MAC parameter: 40 hex characters. */
	mac?: string;
	/** X-Wap-Application-Id: a well-known id (0x07 syncml.dm) or an application URI. */
	applicationId?: number | string;
	body: Uint8Array;
}

const MAC_HEX = /^[0-9A-Fa-f]{40}$/;
const TOKEN_TEXT = /^[\x21-\x7e]*$/;

function encodeError(code: 'bad-tid' | 'bad-content-type' | 'bad-sec' | 'bad-mac' | 'bad-header', detail: string): OtaError {
	return new OtaError(code, 'encode', -1, detail);
}

function text(value: string, what: string): number[] {
	if (!TOKEN_TEXT.test(value) || value.length === 0) {
		throw encodeError('bad-header', `${what} must be printable ASCII; found ${echoed(value)}`);
	}
	return [...[...value].map((c) => c.charCodeAt(0)), 0x00];
}

function contentTypeValue(m: PushMessage): number[] {
	let media: number[];
	if (typeof m.contentType === 'number') {
		if (!Number.isInteger(m.contentType) || m.contentType < 0 || m.contentType > 0x7f) {
			throw encodeError('bad-content-type', `content type code must be 0–0x7F; found ${m.contentType}`);
		}
		media = [0x80 | m.contentType];
	} else {
		media = text(m.contentType, 'content type');
	}
	const params: number[] = [];
	if (m.sec !== undefined) {
		if (!Number.isInteger(m.sec) || m.sec < 0 || m.sec > 3) throw encodeError('bad-sec', `SEC must be 0–3; found ${m.sec}`);
		params.push(0x80 | PARAM.SEC, 0x80 | m.sec);
	}
	if (m.mac !== undefined) {
		if (!MAC_HEX.test(m.mac)) throw encodeError('bad-mac', `MAC must be 40 hex characters; found ${m.mac.length} characters`);
		params.push(0x80 | PARAM.MAC, ...text(m.mac, 'MAC'));
	}
	if (params.length === 0) return media; // Constrained-media (§8.4.2.24)
	// Content-general-form: Value-length Media-type; Short-length up to 30, else Length-quote + uintvar (§8.4.2.2).
	const length = media.length + params.length;
	const prefix = length <= 30 ? [length] : [LENGTH_QUOTE, ...encodeUintvar(length)];
	return [...prefix, ...media, ...params];
}

function applicationIdHeader(id: number | string): number[] {
	if (typeof id === 'string') return [0x80 | HEADER_X_WAP_APPLICATION_ID, ...text(id, 'application id')];
	if (!Number.isInteger(id) || id < 0 || id > 0xffffffff) {
		throw encodeError('bad-header', `application id must be 0–0xFFFFFFFF; found ${id}`);
	}
	if (id < 0x80) return [0x80 | HEADER_X_WAP_APPLICATION_ID, 0x80 | id];
	const octets: number[] = [];
	for (let v = id; v > 0; v = Math.floor(v / 256)) octets.unshift(v % 256);
	return [0x80 | HEADER_X_WAP_APPLICATION_ID, octets.length, ...octets]; // Long-integer
}

export function encodePush(m: PushMessage): Uint8Array {
	if (!Number.isInteger(m.tid) || m.tid < 0 || m.tid > 0xff) throw encodeError('bad-tid', `TID must be 0–255; found ${m.tid}`);
	const headers = [...contentTypeValue(m), ...(m.applicationId === undefined ? [] : applicationIdHeader(m.applicationId))];
	const length = encodeUintvar(headers.length);
	const out = new Uint8Array(2 + length.length + headers.length + m.body.length);
	out[0] = m.tid;
	out[1] = m.confirmed ? PDU_CONFIRMED_PUSH : PDU_PUSH;
	out.set(length, 2);
	out.set(headers, 2 + length.length);
	out.set(m.body, 2 + length.length + headers.length);
	return out;
}

// SEC values by name, as the textual header writes them (ProvBoot §5: `SEC=USERPIN`; bootstrap-security.md §1, §4).
const SEC_NAMES: Readonly<Record<string, number>> = { NETWPIN: 0, USERPIN: 1, USERNETWPIN: 2, USERPINMAC: 3 };

function readSec(r: Reader, m: PushMessage, at: number, typed: boolean): void {
	if (m.sec !== undefined) r.fail('duplicate-parameter', 'SEC appears twice in the content type', at);
	const valueAt = r.pos;
	const v = r.peek('SEC value');
	// Table 38 gives SEC a Short-integer; a Long-integer is the same Integer-value (§8.4.2.3), so it is read too.
	if (v >= 0x80 || v <= 4) {
		if (v === 0) r.fail('bad-sec', 'SEC must be an integer; found 0x00', valueAt);
		m.sec = readInteger(r, 'SEC value');
		return;
	}
	// An Untyped-parameter (§8.4.2.4) `"SEC" 00 <Text-value>` carries the name or the digit as text.
	const text = typed || v < 0x20 ? undefined : readText(r, 'SEC value');
	const sec = text === undefined ? undefined : /^[0-9]$/.test(text) ? Number(text) : SEC_NAMES[text.toUpperCase()];
	if (sec === undefined) {
		const found = text === undefined ? `0x${hex2(v)}` : echoed(text);
		r.fail('bad-sec', `SEC must be an integer (0x80–0xFF or a Long-integer)${typed ? '' : ' or NETWPIN, USERPIN, USERNETWPIN, USERPINMAC'}; found ${found}`, valueAt);
	}
	m.sec = sec;
}

function readMac(r: Reader, m: PushMessage, at: number): void {
	if (m.mac !== undefined) r.fail('duplicate-parameter', 'MAC appears twice in the content type', at);
	const v = r.peek('MAC value');
	if (v === 0x00) {
		r.pos++;
		m.mac = ''; // No-value
	} else if (v < 0x20 || v >= 0x80) {
		r.fail('bad-mac', `MAC must be a Text-value; found 0x${hex2(v)}`);
	} else {
		m.mac = readText(r, 'MAC value');
	}
}

function readParameters(r: Reader, m: PushMessage): void {
	while (r.remaining > 0) {
		const at = r.pos;
		const b = r.peek('parameter');
		if (b < 0x20) {
			// Long-integer parameter codes exist in theory; none is defined for these media types.
			readInteger(r, 'parameter code');
			skipValue(r, 'parameter value');
			continue;
		}
		if (b < 0x80) {
			// Untyped-parameter (§8.4.2.4): Token-text then Integer-value or Text-value. SEC and MAC may come so, by
			// name (parameter names are case-insensitive, RFC 2045 §5.1).
			const name = readText(r, 'parameter name').toUpperCase();
			if (name === 'SEC') readSec(r, m, at, false);
			else if (name === 'MAC') readMac(r, m, at);
			else skipValue(r, 'parameter value');
			continue;
		}
		r.pos++;
		const code = b & 0x7f;
		if (code === PARAM.SEC) readSec(r, m, at, true);
		else if (code === PARAM.MAC) readMac(r, m, at);
		else skipValue(r, `parameter 0x${hex2(code)} value`);
	}
}

function readContentType(r: Reader, m: PushMessage): void {
	const b = r.peek('content type');
	if (b >= 0x80) {
		r.pos++;
		m.contentType = b & 0x7f;
		return;
	}
	if (b >= 0x20) {
		m.contentType = readText(r, 'content type');
		return;
	}
	const length = readValueLength(r, 'content type');
	const general = new Reader(r.bytes, r.layer, r.pos, r.pos + length);
	const media = general.peek('media type');
	if (media >= 0x80) {
		general.pos++;
		m.contentType = media & 0x7f;
	} else if (media >= 0x20 || media === 0x00) {
		m.contentType = readText(general, 'media type');
	} else {
		m.contentType = readInteger(general, 'media type'); // Long-integer well-known media (§8.4.2.24)
	}
	readParameters(general, m);
	r.pos = general.end;
}

function readHeaders(r: Reader, m: PushMessage): void {
	while (r.remaining > 0) {
		const at = r.pos;
		const b = r.peek('header');
		if (b >= 0x80) {
			r.pos++;
			if ((b & 0x7f) === HEADER_X_WAP_APPLICATION_ID) {
				const v = r.peek('application id');
				m.applicationId = v >= 0x20 && v < 0x80 ? readText(r, 'application id') : readInteger(r, 'application id');
			} else {
				skipValue(r, `header 0x${hex2(b & 0x7f)} value`);
			}
		} else if (b >= 0x20) {
			// Application-header (§8.4.2.6): Token-text Application-specific-value. A sender may spell the
			// X-Wap-Application-Id header out (header names are case-insensitive, RFC 2616 §4.2).
			const name = readText(r, 'header name');
			const v = r.peek('header value');
			if (name.toLowerCase() === 'x-wap-application-id' && v >= 0x20 && v < 0x80) m.applicationId = readText(r, 'application id');
			else skipValue(r, 'header value');
		} else {
			r.fail('bad-header', `header code page shifts are not supported (found 0x${hex2(b)})`, at);
		}
	}
}

/** Decodes a connectionless WSP Push PDU. Every outcome is a PushMessage or an OtaError (layer 'wsp'). */
export function decodePush(bytes: Uint8Array): PushMessage {
	const r = new Reader(bytes, 'wsp');
	const tid = r.byte('TID');
	const type = r.byte('PDU type');
	// AOSP WapPushOverSms.dispatchWapPdu takes both: ConfirmedPush has the Push PDU's fields (WAP-230 §8.2.4.1).
	if (type !== PDU_PUSH && type !== PDU_CONFIRMED_PUSH) {
		r.fail('not-push', `PDU type must be 0x06 (Push) or 0x07 (ConfirmedPush); found 0x${hex2(type)}`, 1);
	}
	const headersLength = readUintvar(r, 'HeadersLen');
	r.need(headersLength, 'headers');
	const headersEnd = r.pos + headersLength;
	if (headersLength === 0) r.fail('bad-content-type', 'HeadersLen is 0: the content type is missing');
	const m: PushMessage = { tid, contentType: 0, body: new Uint8Array(0) };
	if (type === PDU_CONFIRMED_PUSH) m.confirmed = true;
	const headers = new Reader(bytes, 'wsp', r.pos, headersEnd);
	readContentType(headers, m);
	readHeaders(headers, m);
	m.body = bytes.slice(headersEnd);
	return m;
}
