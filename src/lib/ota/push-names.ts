// The names `pstudio ota --decode` and the studio print for the push's content type and application
// (WAP-230 Appendix A table 40; OMNA push application ids, bootstrap-security.md §4).
import { APPLICATION_ID, CONTENT_TYPE, OTHER_PUSH_CONTENT } from './content-types';

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

/** `x-wap-application:syncml.dm (0x07)`, or the text as sent. */
export function describeApplicationId(id: number | string): string {
	if (typeof id === 'string') return id;
	return `${APPLICATION_NAMES[id] ?? 'unknown'} (0x${hex2(id)})`;
}


/**
 * The well-known code of a content type sent as its code or spelled out (`application/vnd.wap.connectivity-wbxml`
 * is 0x36: WAP-230 §8.4.2.24 allows either form; media types are case-insensitive, RFC 2045 §5.1), or undefined.
 */
export function wellKnownContentType(type: number | string): number | undefined {
	if (typeof type === 'number') return type;
	const text = type.trim().toLowerCase();
	for (const [code, name] of Object.entries(CONTENT_TYPE_NAMES)) if (name === text) return Number(code);
	for (const [code, known] of Object.entries(OTHER_PUSH_CONTENT)) if (known.type === text) return Number(code);
	return undefined;
}
