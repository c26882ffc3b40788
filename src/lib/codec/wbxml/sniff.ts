// Is a file WBXML or XML text? WBXML begins with its version byte (WAP-192 §5.4: 0x00–0x03 for 1.0–1.3); XML text
// begins with '<', a BOM or blanks. The one overlap is 0x00: also the first byte of UTF-16 BE without a BOM ("<" as
// 00 3C), which XML 1.0 Appendix F allows and codec/xml/encoding.ts reads.

export function looksLikeWbxml(bytes: Uint8Array): boolean {
	if (bytes.length === 0 || bytes[0] > 0x03) return false;
	return !(bytes[0] === 0x00 && bytes[1] === 0x3c);
}
