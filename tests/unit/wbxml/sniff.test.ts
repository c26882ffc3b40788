// Telling a WBXML file from XML text by its first bytes (WAP-192 §5.4 version byte; XML 1.0 Appendix F).
import { describe, expect, it } from 'vitest';
import { looksLikeWbxml } from '../../../src/lib/codec/wbxml';

describe('looksLikeWbxml', () => {
	it('takes a version byte 00-03 for WBXML, and UTF-16 BE XML without a BOM (00 3C: "<") for text', () => {
		// 03 0B 6A: WBXML 1.3, PROV 1.0, UTF-8 (libwbxml's header); 00 0B: WBXML 1.0.
		expect(looksLikeWbxml(Uint8Array.of(0x03, 0x0b, 0x6a, 0x00))).toBe(true);
		expect(looksLikeWbxml(Uint8Array.of(0x00, 0x0b, 0x6a))).toBe(true);
		// "<?" in UTF-16 BE is 00 3C 00 3F: XML, which codec/xml reads; it was taken for WBXML 1.0 before.
		expect(looksLikeWbxml(Uint8Array.of(0x00, 0x3c, 0x00, 0x3f))).toBe(false);
		// '<', a UTF-8 BOM, a UTF-16 LE BOM, nothing at all.
		for (const bytes of [[0x3c, 0x3f], [0xef, 0xbb, 0xbf], [0xff, 0xfe], []]) expect(looksLikeWbxml(Uint8Array.from(bytes))).toBe(false);
	});
});
