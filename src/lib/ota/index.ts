// OTA envelope for provisioning documents: WSP connectionless Push (WAP-230) carried by WDP over SMS (WAP-259,
// 3GPP 23.040), as Kannel's sendota builds it (bootstrap-security.md §4).
export { OtaError, type OtaErrorCode, type OtaLayer } from './error';
export { CONTENT_TYPE, APPLICATION_ID, PORT_WSP_PUSH, OTHER_PUSH_CONTENT, OTHER_PUSH_PUBLIC_ID } from './content-types';
export { encodePush, decodePush, type PushMessage } from './wsp-push';
export { pushTypeFor, type PushType } from './push-type';
export { describeContentType, describeApplicationId, wellKnownContentType } from './push-names';
export { encodeOtaSms, decodeOtaSms, type OtaSmsOptions, type SmsSegment, type DecodedOtaSms } from './wdp-sms';
export { decodePushSms, type ReceivedPush } from './push-sms';
export type { DataCoding } from './sms-pdu';
export type { SmsAddress } from './address';
export { PduLineReader, pduLine, pduLines, MAX_SMS_PDU_OCTETS, MAX_SMS_PARTS, MAX_PDU_LINE, type PduLine } from './pdu-lines';
