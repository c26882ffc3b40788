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

/** WSP PDU type Push (WAP-230 table 34; 0x07 ConfirmedPush is connection-mode only). */
export const PDU_PUSH = 0x06;

/** WDP ports (WAP-259 / W packet-wap.h): connectionless push; secure (WTLS) push is 2949. */
export const PORT_WSP_PUSH = 2948;
export const PORT_WTLS_WSP_PUSH = 2949;
