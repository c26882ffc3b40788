// Value domains of CP parms. Every enumeration below is the list of value tokens of
// OMA-WAP-ProvCont-V1_1 §7.3 (client-provisioning.md §4), in token order, unless its comment says otherwise.

/** NAP-ADDRTYPE, PXADDRTYPE, LOCAL-ADDRTYPE: page-0 tokens 0x85–0x8C. */
export const ADDRESS_TYPES = ['IPV4', 'IPV6', 'E164', 'ALPHA', 'APN', 'SCODE', 'TETRA-ITSI', 'MAN'] as const;

/** CALLTYPE: page-0 tokens 0x90–0x95. */
export const CALL_TYPES = ['ANALOG-MODEM', 'V.120', 'V.110', 'X.31', 'BIT-TRANSPARENT', 'DIRECT-ASYNCHRONOUS-DATA-SERVICE'] as const;

/** AUTHTYPE (NAPAUTHINFO): PAP 0x9A, CHAP 0x9B, MD5 0x9F. */
export const NAP_AUTH_TYPES = ['PAP', 'CHAP', 'MD5'] as const;

/** PXAUTH-TYPE: HTTP-BASIC 0x9C, HTTP-DIGEST 0x9D, WTLS-SS 0x9E. */
export const PROXY_AUTH_TYPES = ['HTTP-BASIC', 'HTTP-DIGEST', 'WTLS-SS'] as const;

/** PPGAUTH-TYPE: HTTP-BASIC, HTTP-DIGEST (client-provisioning.md §5 "Value constraints"). */
export const PPG_AUTH_TYPES = ['HTTP-BASIC', 'HTTP-DIGEST'] as const;

/** BEARER: page-0 tokens 0xA2–0xBA (spelling TETRA-… and CDMA2000-1X-… as the spec, not libwbxml's typos). */
export const BEARERS = [
	'GSM-USSD',
	'GSM-SMS',
	'ANSI-136-GUTS',
	'IS-95-CDMA-SMS',
	'IS-95-CDMA-CSD',
	'IS-95-CDMA-PACKET',
	'ANSI-136-CSD',
	'ANSI-136-GPRS',
	'GSM-CSD',
	'GSM-GPRS',
	'AMPS-CDPD',
	'PDC-CSD',
	'PDC-PACKET',
	'IDEN-SMS',
	'IDEN-CSD',
	'IDEN-PACKET',
	'FLEX/REFLEX',
	'PHS-SMS',
	'PHS-CSD',
	'TETRA-SDS',
	'TETRA-PACKET',
	'ANSI-136-GHOST',
	'MOBITEX-MPAK',
	'CDMA2000-1X-SIMPLE-IP',
	'CDMA2000-1X-MOBILE-IP'
] as const;

/** SERVICE (PORT): page-0 tokens 0xCA–0xD3. */
export const SERVICES = [
	'CL-WSP',
	'CO-WSP',
	'CL-SEC-WSP',
	'CO-SEC-WSP',
	'CL-SEC-WTA',
	'CO-SEC-WTA',
	'OTA-HTTP-TO',
	'OTA-HTTP-TLS-TO',
	'OTA-HTTP-PO',
	'OTA-HTTP-TLS-PO'
] as const;

/** AUTH-ENTITY (NAPAUTHINFO): AAA 0xE0, HA 0xE1. */
export const AUTH_ENTITIES = ['AAA', 'HA'] as const;

/**
 * AAUTHLEVEL (APPAUTH): APPSRV 0x8D and OBEX 0x8E are page-1 tokens; CLIENT has no token but is the third level
 * in the DM bootstrap mapping (client-provisioning.md §6: APPSRV→CLCRED, CLIENT→SRVCRED, OBEX→OBEX).
 */
export const APP_AUTH_LEVELS = ['APPSRV', 'CLIENT', 'OBEX'] as const;

/**
 * ADDRTYPE (APPADDR): page-1 tokens IPV6, E164, ALPHA, APPSRV, OBEX, plus IPV4 (valid, written as a string)
 * and URI (DM bootstrap, client-provisioning.md §6). Not a closed list in our sources → checked as a warning.
 */
export const APP_ADDRESS_TYPES = ['IPV4', 'IPV6', 'E164', 'ALPHA', 'APPSRV', 'OBEX', 'URI'] as const;

/**
 * AAUTHTYPE (APPAUTH, RESOURCE): a comma-separated list built from the page-1 fragments HTTP-, BASIC, DIGEST
 * (§7.3, tokens 0x90–0x93), plus the DM AAuthType names HMAC, X509 (client-provisioning.md §6, which ends the
 * list with "..."). Open list → checked as a warning.
 */
export const APP_AUTH_TYPES = ['HTTP-BASIC', 'HTTP-DIGEST', 'BASIC', 'DIGEST', 'HMAC', 'X509'] as const;
