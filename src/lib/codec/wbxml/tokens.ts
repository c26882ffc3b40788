// Global tokens: the same value on every code page, in tag and in attribute state (WAP-192 §7.1).
export const SWITCH_PAGE = 0x00;
export const END = 0x01;
export const ENTITY = 0x02;
export const STR_I = 0x03;
export const LITERAL = 0x04;
export const EXT_I_0 = 0x40;
export const EXT_I_2 = 0x42;
export const PI = 0x43;
export const LITERAL_C = 0x44;
export const EXT_T_0 = 0x80;
export const EXT_T_2 = 0x82;
export const STR_T = 0x83;
export const LITERAL_A = 0x84;
export const EXT_0 = 0xc0;
export const EXT_2 = 0xc2;
export const OPAQUE = 0xc3;
export const LITERAL_AC = 0xc4;

/** Tag byte flags (WAP-192 §5.8.2). */
export const TAG_ATTRIBUTES = 0x80;
export const TAG_CONTENT = 0x40;
export const TAG_ID_MASK = 0x3f;

/** Bytes that are global tokens: 0x00–0x04, 0x40–0x44, 0x80–0x84, 0xC0–0xC4. */
export function isGlobalToken(byte: number): boolean {
	return (byte & TAG_ID_MASK) <= 0x04;
}

/** The name of a global extension token, for messages. */
export function extensionName(byte: number): string {
	const n = byte & 0x03;
	if (byte >= EXT_I_0 && byte <= EXT_I_2) return `EXT_I_${n}`;
	if (byte >= EXT_T_0 && byte <= EXT_T_2) return `EXT_T_${n}`;
	return `EXT_${n}`;
}

export function isExtension(byte: number): boolean {
	return (byte >= EXT_I_0 && byte <= EXT_I_2) || (byte >= EXT_T_0 && byte <= EXT_T_2) || (byte >= EXT_0 && byte <= EXT_2);
}

/** Public id 0x01: "unknown or missing" (WAP-192 §7.2.1); 0x00 means "FPI in the string table". */
export const PUBLIC_ID_LITERAL = 0x00;
export const PUBLIC_ID_UNKNOWN = 0x01;

/** IANA MIBenum values we decode (WAP-192 §5.6). US-ASCII is a subset of both others, accepted as libwbxml does
 *  (src/wbxml_charset.c lists it first). */
export const CHARSET_UTF8 = 106;
export const CHARSET_LATIN1 = 4;
export const CHARSET_US_ASCII = 3;
