// What `pstudio ota` puts around a document and reads back: the WSP content type for its language (ProvCont
// §4.3 for CP; bootstrap-security.md §6 for a DM bootstrap) and the lines of a PDU file.
import { PROV, SYNCML12, type WbxmlLanguage } from '../lib/codec/wbxml';
import { APPLICATION_ID, CONTENT_TYPE, pduLines } from '../lib/ota';

/** WSP well-known content type (and push application id) for a WBXML language that is pushed. */
export function pushTypeFor(language: WbxmlLanguage): { contentType: number; applicationId?: number } | undefined {
	if (language === PROV) return { contentType: CONTENT_TYPE.CONNECTIVITY_WBXML };
	// A DM bootstrap goes to the syncml.dm push application (X-Wap-Application-Id 0x07).
	if (language === SYNCML12) return { contentType: CONTENT_TYPE.SYNCML_DM_WBXML, applicationId: APPLICATION_ID.SYNCML_DM };
	return undefined;
}

const CONTENT_TYPE_NAMES: Readonly<Record<number, string>> = {
	[CONTENT_TYPE.CONNECTIVITY_XML]: 'text/vnd.wap.connectivity-xml',
	[CONTENT_TYPE.CONNECTIVITY_WBXML]: 'application/vnd.wap.connectivity-wbxml',
	[CONTENT_TYPE.SYNCML_DM_WBXML]: 'application/vnd.syncml.dm+wbxml',
	[CONTENT_TYPE.SYNCML_DM_XML]: 'application/vnd.syncml.dm+xml',
	[CONTENT_TYPE.SYNCML_NOTIFICATION]: 'application/vnd.syncml.notification'
};

const APPLICATION_NAMES: Readonly<Record<number, string>> = {
	[APPLICATION_ID.WML_UA]: 'x-wap-application:wml.ua',
	[APPLICATION_ID.MMS_UA]: 'x-wap-application:mms.ua',
	[APPLICATION_ID.PUSH_SYNCML]: 'x-wap-application:push.syncml',
	[APPLICATION_ID.SYNCML_DM]: 'x-wap-application:syncml.dm'
};

function hex2(n: number): string {
	return n.toString(16).toUpperCase().padStart(2, '0');
}

/** `application/vnd.wap.connectivity-wbxml (0x36)`, or the text as sent. */
export function describeContentType(type: number | string): string {
	if (typeof type === 'string') return type;
	return `${CONTENT_TYPE_NAMES[type] ?? 'unknown'} (0x${hex2(type)})`;
}

export function describeApplicationId(id: number | string): string {
	if (typeof id === 'string') return id;
	return `${APPLICATION_NAMES[id] ?? 'unknown'} (0x${hex2(id)})`;
}

/** The line `pstudio ota` prints for one segment; --decode reads it back. */
export function pduLine(tpduLength: number, hex: string): string {
	return `AT+CMGS=${tpduLength} ${hex}`;
}

/** PDUs from a text: one per line, bare hex or as pduLine wrote it; blank lines and `#` comments skipped (pdu-lines.ts). */
export function pdusFromText(text: string): string[] {
	return pduLines(text).map((pdu) => pdu.hex);
}
