import { describe, expect, it } from 'vitest';
import { buildFcp, createEfFcp, parseFcp } from '../../../src/lib/card';
import { fromHex, toHex } from '../../../src/lib/codec/hex';

describe('FCP template parsing, TS 102 221 §11.1.1.3', () => {
	it('decodes the EF.ICCID example from apdu.md', () => {
		const fcp = parseFcp(fromHex('62 1F 82 02 41 21 83 02 2F E2 A5 06 C0 01 00 DE 01 00 8A 01 05 8B 03 2F 06 0C 80 02 00 0A 88 01 10'));
		expect(fcp.descriptor).toEqual({ fdb: 0x41, dataCoding: 0x21, structure: 'transparent', shareable: true });
		expect(fcp.fileId).toBe(0x2fe2);
		expect(fcp.lifeCycle).toBe(0x05);
		expect(fcp.securityReferenced?.arrFileId).toBe(0x2f06);
		expect(toHex(fcp.securityReferenced?.records ?? new Uint8Array())).toBe('0C');
		expect(fcp.fileSize).toBe(10);
		// 88 01 10: SFI in bits 8..4 → 0x10 >> 3 = 2, EF.ICCID's SFI (TS 102 221 §13.2).
		expect(fcp.sfi).toBe(2);
		expect(fcp.proprietary?.map((t) => [t.tag, toHex(t.value)])).toEqual([
			[0xc0, '00'],
			[0xde, '00']
		]);
	});
	it('decodes the pySim file-descriptor vectors 82024121 and 82054221006e05', () => {
		expect(parseFcp(fromHex('6204 82024121')).descriptor).toEqual({ fdb: 0x41, dataCoding: 0x21, structure: 'transparent', shareable: true });
		// 42 = linear fixed shareable, record length 006E = 110, 5 records.
		expect(parseFcp(fromHex('6207 82054221006e05')).descriptor).toEqual({
			fdb: 0x42,
			dataCoding: 0x21,
			structure: 'linear-fixed',
			shareable: true,
			recordLength: 110,
			numberOfRecords: 5
		});
	});
	it('decodes a DF with DF name, total size and PIN status template', () => {
		const fcp = parseFcp(fromHex('621F 82027821 83027F50 8403A00000 8A0105 81020100 C60990 01C0 830101 83010A'));
		expect(fcp.descriptor?.structure).toBe('df');
		expect(toHex(fcp.dfName ?? new Uint8Array())).toBe('A00000');
		expect(fcp.totalFileSize).toBe(256);
		expect(fcp.pinKeyReferences).toEqual([0x01, 0x0a]);
		expect(toHex(fcp.pinStatus ?? new Uint8Array())).toBe('C0');
	});
	it('reads 88 00 as "no SFI"', () => {
		expect(parseFcp(fromHex('6206 82020121 8800')).sfi).toBeNull();
	});
	it('rejects a file ID of 3 bytes and a length running past the end', () => {
		expect(() => parseFcp(fromHex('6205 8303 3F0000'))).toThrow('FCP offset 2: file identifier (83) of 3 bytes, expected 2');
		expect(() => parseFcp(fromHex('6210 8202'))).toThrow('TLV offset 0: tag 62 declares 16 bytes, 2 remain');
		expect(() => parseFcp(fromHex('6F00'))).toThrow('FCP offset 0: expected one FCP template tag 62, found 6F');
	});
	it('skips 00 and FF padding before, between and after data objects', () => {
		// ISO/IEC 7816-4 §5.2.2.1: 00 and FF are not first tag bytes; they may pad BER-TLV data (OpenSC's
		// sc_asn1_read_tag reads them as end of data). The FCP below is 62 0C {82 02 41 21, 83 02 6E 01, 80 02 00 10}.
		expect(parseFcp(fromHex('620C 82024121 83026E01 80020010 FFFFFF')).fileSize).toBe(16);
		expect(parseFcp(fromHex('620C 82024121 83026E01 80020010 0000')).fileId).toBe(0x6e01);
		expect(parseFcp(fromHex('620E 82024121 FF00 83026E01 80020010')).fileId).toBe(0x6e01);
	});
	it('places errors after a long-form length (62 81 xx) at the right byte', () => {
		// 62 81 05 | A5 03 | C0 05 01: the template header is 3 bytes, so A5 is at offset 3 and C0 at offset 5
		// (not 4, which a fixed 2-byte header would give).
		expect(() => parseFcp(fromHex('628105 A503 C00501'))).toThrow('TLV offset 5: tag C0 declares 5 bytes, 1 remain');
		// 62 81 06 | 82 02 41 21 | 83 05: 83 is at offset 7.
		expect(() => parseFcp(fromHex('628106 82024121 8305'))).toThrow('TLV offset 7: tag 83 declares 5 bytes, 0 remain');
	});
});

describe('CREATE FILE FCP, TS 102 222 §6.3', () => {
	it('builds the apdu.md §7 worked example: EF 6E01, 1024 bytes, EF.ARR 2F06 record 1, no SFI', () => {
		const fcp = createEfFcp({ fileId: 0x6e01, structure: 'transparent', size: 1024, arr: { fileId: 0x2f06, record: 1 }, sfi: null, shareable: false });
		expect(toHex(fcp, ' ')).toBe('62 16 82 02 01 21 83 02 6E 01 8A 01 05 8B 03 2F 06 01 80 02 04 00 88 00');
	});
	it('drops 88 when no SFI field is wanted (apdu.md §7: "62 14 …")', () => {
		const fcp = buildFcp({ fdb: 0x01, fileId: 0x6e01, arr: { fileId: 0x2f06, record: 1 }, fileSize: 1024 });
		expect(toHex(fcp.slice(0, 2))).toBe('6214');
	});
});
