import { describe, expect, test } from 'vitest';
import { fromHex, toHex } from '../../../src/lib/codec/hex';
import { buildLayout, PROFILES, Pkcs15Error, type Pkcs15Layout } from '../../../src/lib/card/pkcs15';

const profile = PROFILES['oma-provsc'];
// A WBXML-looking payload (WBXML 1.3, PROV 1.0, UTF-8, empty string table, wap-provisioningdoc …); content is opaque here.
const BOOT = fromHex('030B6A00C54601');
const CONF1 = fromHex('030B6A00C501');

function file(layout: Pkcs15Layout, role: string) {
	const f = layout.files.find((x) => x.role === role);
	if (!f) throw new Error(`no ${role}`);
	return f;
}

describe('buildLayout (spec §5 writing side)', () => {
	test('orders files documents → DODF → TokenInfo → ODF, with absolute paths under DF 3F00 7F50', () => {
		const layout = buildLayout({ bootstrap: BOOT, config1: CONF1 }, profile);
		expect(layout.files.map((f) => [f.role, toHex(f.path), f.size])).toEqual([
			['bootstrap', '3F007F506E01', 1024],
			['config1', '3F007F506E02', 1024],
			['dodf', '3F007F506E00', 256],
			['tokenInfo', '3F007F505032', 64],
			['odf', '3F007F505031', 32]
		]);
	});

	test('pads each document with FF to its EF size', () => {
		const boot = file(buildLayout({ bootstrap: BOOT }, profile, { bootstrap: 10 }), 'bootstrap');
		expect(toHex(boot.image)).toBe('030B6A00C54601FFFFFF');
		expect(toHex(boot.content)).toBe('030B6A00C54601');
	});

	test('writes the DODF as one oidDO per document, relative paths, in document order', () => {
		const dodf = file(buildLayout({ bootstrap: BOOT, config1: CONF1 }, profile), 'dodf');
		// The two hand-derived entries of vectors.test.ts (Bootstrap 6E01 2.23.43.7.1, Config1 6E02 2.23.43.7.2).
		expect(toHex(dodf.content)).toBe(
			'A123300F0C09426F6F747374726170030206403000A10E300C0604672B0701300404026E01' +
				'A121300D0C07436F6E6669673103020640' +
				'3000' +
				'A10E300C0604672B0702300404026E02'
		);
	});

	test('puts the opaqueDO mirrors before the oidDO entries when asked for OpenSC', () => {
		const dodf = file(buildLayout({ bootstrap: BOOT }, profile, {}, { openscMirror: true }), 'dodf');
		expect(toHex(dodf.content)).toBe(
			'3026300F0C09426F6F74737472617003020640300B0C035741500604672B0701A106300404026E01' +
				'A123300F0C09426F6F747374726170030206403000A10E300C0604672B0701300404026E01'
		);
	});

	test('writes ODF A7 → 6E00, a minimal TokenInfo and the spec EF.DIR record', () => {
		const layout = buildLayout({ bootstrap: BOOT }, profile, {}, {});
		expect(toHex(file(layout, 'odf').content)).toBe('A706300404026E00');
		// 30 09 { 02 01 00 (v1) | 04 01 00 (serial 00) | 03 01 00 (no flags) }
		expect(toHex(file(layout, 'tokenInfo').content)).toBe('3009020100040100030100');
		expect(toHex(layout.dir.image)).toBe('61194F0CA000000063504B43532D3135500357415051043F007F50' + 'FFFFFFFFFF');
	});

	test('refuses a document larger than its EF, naming both sizes, before building anything', () => {
		let error: unknown;
		try {
			buildLayout({ bootstrap: BOOT, config1: new Uint8Array(1830) }, profile, { config1: 1024 });
		} catch (e) {
			error = e;
		}
		expect(error).toBeInstanceOf(Pkcs15Error);
		expect((error as Pkcs15Error).code).toBe('document-too-large');
		expect((error as Pkcs15Error).message).toBe('layout: Config1 is 1830 bytes; EF 6E02 holds 1024');
	});

	test('refuses Bootstrap and DM bootstrap together: both use OID 2.23.43.7.1', () => {
		expect(() => buildLayout({ bootstrap: BOOT, dmBootstrap: BOOT }, profile)).toThrow(
			'layout: Bootstrap and DM-Bootstrap both use OID 2.23.43.7.1 in profile oma-provsc; a reader could not tell them apart'
		);
	});

	test('refuses an empty set of documents and an empty document', () => {
		expect(() => buildLayout({}, profile)).toThrow('layout: no provisioning document given');
		expect(() => buildLayout({ config2: new Uint8Array(0) }, profile)).toThrow('layout: Config2 is empty');
	});

	test('refuses a DODF that does not fit its EF', () => {
		expect(() => buildLayout({ bootstrap: BOOT, config1: CONF1 }, profile, { dodf: 40 })).toThrow(
			'layout: DODF is 72 bytes; EF 6E00 holds 40'
		);
	});

	test('uses DF 3F00 5015 in the oma-provsc-5015 profile', () => {
		const layout = buildLayout({ dmBootstrap: BOOT }, PROFILES['oma-provsc-5015']);
		expect(toHex(layout.appDfPath)).toBe('3F005015');
		expect(toHex(layout.files[0].path)).toBe('3F0050156E04');
	});
});
