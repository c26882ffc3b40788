// Read-back files → document bytes + XML: the FF padding provisionCard writes is cut where the WBXML ends.
import { describe, expect, it } from 'vitest';
import { toHex } from '../../../src/lib/codec/hex';
import { documentOfFile, looksLikeWbxml } from '../../../src/lib/server/card-service';
import { compareBytes, comparisonText, errorText } from '../../../src/lib/ui/card/compare';
import { ffFilled, LIBWBXML_CP, NOWSMS_CP } from '../card-provisioning/fixtures';

describe('documentOfFile', () => {
	it('cuts a libwbxml document (132 bytes) out of its 1024-byte FF-padded EF', () => {
		const doc = documentOfFile(ffFilled(LIBWBXML_CP, 1024));
		expect(toHex(doc.bytes)).toBe(toHex(LIBWBXML_CP));
		expect(doc.problem).toBeUndefined();
		expect(doc.xml).toContain('<parm name="NAP-ADDRESS" value="internet.example.com"/>');
	});

	it('keeps a document that fills its file exactly', () => {
		expect(toHex(documentOfFile(NOWSMS_CP).bytes)).toBe(toHex(NOWSMS_CP));
	});

	it('reports a tail that is not FF padding instead of dropping it silently', () => {
		const file = ffFilled(NOWSMS_CP, 200);
		file[150] = 0x00;
		const doc = documentOfFile(file);
		expect(doc.bytes.length).toBe(118);
		expect(doc.problem).toBe('byte 150 after the document is 00, not FF padding');
	});

	it('says an erased file holds nothing yet', () => {
		expect(documentOfFile(new Uint8Array(64).fill(0xff)).problem).toBe('the file is erased (all FF): nothing written yet');
	});

	it('tells WBXML from XML text by its first byte (version 0x00..0x03, WAP-192 §5.4)', () => {
		expect(looksLikeWbxml(NOWSMS_CP)).toBe(true);
		expect(looksLikeWbxml(new TextEncoder().encode('<?xml'))).toBe(false);
		expect(looksLikeWbxml(new Uint8Array([0xef, 0xbb, 0xbf]))).toBe(false);
	});
});

describe('the Card page comparison', () => {
	it('says yes only for the same bytes, else where the first difference is', () => {
		expect(comparisonText(compareBytes(NOWSMS_CP, NOWSMS_CP.slice()))).toBe('Equal to what was authored: yes (byte for byte, 118 bytes)');
		const changed = NOWSMS_CP.slice();
		changed[5] ^= 1;
		expect(comparisonText(compareBytes(NOWSMS_CP, changed))).toBe('Equal to what was authored: no (first difference at byte 5; authored 118 bytes, card 118)');
		expect(compareBytes(NOWSMS_CP, NOWSMS_CP.subarray(0, 100))).toEqual({ equal: false, at: 100, authoredBytes: 118, cardBytes: 100 });
	});

	it('adds the tries left to a wrong-key message', () => {
		expect(errorText({ code: 'STATUS', message: 'VERIFY ADM1 00 20 00 0A 08 ****: 63C2 verification failed, 2 retries left', retriesLeft: 2 })).toBe(
			'VERIFY ADM1 00 20 00 0A 08 ****: 63C2 verification failed, 2 retries left — 2 tries left before the key is blocked'
		);
	});
});
