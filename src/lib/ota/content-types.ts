// WSP well-known values used by OTA provisioning pushes. Content types: WAP-230-WSP Appendix A table 40 / OMNA
// (W packet-wsp.c); SEC and MAC parameters: WAP-230 table 38, WSP 1.4 (bootstrap-security.md §4).

export const CONTENT_TYPE = {
	/** text/vnd.wap.connectivity-xml */
	CONNECTIVITY_XML: 0x35,
	/** application/vnd.wap.connectivity-wbxml — OMA CP (ProvCont §4.3) */
	CONNECTIVITY_WBXML: 0x36,
	/** application/vnd.syncml.dm+wbxml — DM bootstrap (bootstrap-security.md §6) */
	SYNCML_DM_WBXML: 0x42,
	/** application/vnd.syncml.dm+xml */
	SYNCML_DM_XML: 0x43,
	/** application/vnd.syncml.notification */
	SYNCML_NOTIFICATION: 0x44
} as const;

/** Well-known parameter codes (sent as short-integer 0x80|code). */
export const PARAM = { SEC: 0x11, MAC: 0x12 } as const;

/** X-Wap-Application-Id header field (0x2F, sent as 0xAF) and the ids seen with provisioning pushes. */
export const HEADER_X_WAP_APPLICATION_ID = 0x2f;
export const APPLICATION_ID = { WML_UA: 0x02, MMS_UA: 0x04, PUSH_SYNCML: 0x05, SYNCML_DM: 0x07 } as const;

/** WSP PDU types Push and ConfirmedPush (WAP-230 table 34); both are read, Push is what we send. */
export const PDU_PUSH = 0x06;
export const PDU_CONFIRMED_PUSH = 0x07;

/** WDP ports (WAP-259 / W packet-wap.h): connectionless push; secure (WTLS) push is 2949. */
export const PORT_WSP_PUSH = 2948;
export const PORT_WTLS_WSP_PUSH = 2949;

/**
 * Well-known content types of pushes that carry no provisioning document, and what they are, so a decoder can say
 * so (WAP-230 Appendix A table 40, as AOSP WspTypeDecoder lists them; the specs named for each kind).
 */
export const OTHER_PUSH_CONTENT: Readonly<Record<number, { type: string; what: string }>> = {
	0x2d: { type: 'text/vnd.wap.si', what: 'a Service Indication (WAP-167)' },
	0x2e: { type: 'application/vnd.wap.sic', what: 'a Service Indication (WAP-167)' },
	0x2f: { type: 'text/vnd.wap.sl', what: 'a Service Loading (WAP-168)' },
	0x30: { type: 'application/vnd.wap.slc', what: 'a Service Loading (WAP-168)' },
	0x31: { type: 'text/vnd.wap.co', what: 'a Cache Operation (WAP-175)' },
	0x32: { type: 'application/vnd.wap.coc', what: 'a Cache Operation (WAP-175)' },
	0x3e: { type: 'application/vnd.wap.mms-message', what: 'an MMS notification (OMA MMS)' },
	0x44: { type: 'application/vnd.syncml.notification', what: 'a DM server notification (package #0, OMA DM Notification)' }
};

/** WBXML public ids (WAP-192 §7.2.1 table, libwbxml) of push languages that are not provisioning. */
export const OTHER_PUSH_PUBLIC_ID: Readonly<Record<number, string>> = {
	0x05: 'SI 1.0, a Service Indication (WAP-167)',
	0x06: 'SL 1.0, a Service Loading (WAP-168)',
	0x07: 'CO 1.0, a Cache Operation (WAP-175)'
};
