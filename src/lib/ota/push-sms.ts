import { OtaError } from './error';
import { decodeOtaSms, type DecodedOtaSms } from './wdp-sms';
import { decodePush, type PushMessage } from './wsp-push';

// The whole receive path: SMS PDUs → WDP datagram → WSP Push. A WSP error is placed back in the segment
// that holds the offending byte, with the offset inside that segment's PDU.

export interface ReceivedPush extends DecodedOtaSms {
	push: PushMessage;
}

export function decodePushSms(pdus: readonly (Uint8Array | string)[]): ReceivedPush {
	const sms = decodeOtaSms(pdus);
	try {
		return { ...sms, push: decodePush(sms.wsp) };
	} catch (e) {
		if (!(e instanceof OtaError)) throw e;
		let part = sms.parts[0];
		for (const p of sms.parts) if (p.wspOffset <= e.offset) part = p;
		// An offset past the end (truncation) belongs to the last segment.
		const wspWhere = OtaError.format('wsp', e.offset, e.detail);
		throw new OtaError(e.code, 'sms', part.pduOffset + (e.offset - part.wspOffset), wspWhere, part.segment);
	}
}
