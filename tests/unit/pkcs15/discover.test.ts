import { describe, expect, test } from 'vitest';
import { fromHex, toHex } from '../../../src/lib/codec/hex';
import { buildLayout, discover, PROFILES, Pkcs15Error, writeLayout } from '../../../src/lib/card/pkcs15';
import { ffRecord, MemoryCard } from './memory-card';

const profile = PROFILES['oma-provsc'];
const AID = profile.aid.value;
const BOOT = fromHex('030B6A00C54601');
const CONF1 = fromHex('030B6A00C501');
// A USIM application record (61 { 4F 07 A0000000871002 }) that must survive every write.
const USIM = fromHex('61094F07A0000000871002' + 'FF'.repeat(21));

/** A UICC with MF, EF.DIR (USIM in record 1, two free records) and the PKCS#15 DF with empty EFs. */
function blankCard(options = { aidSelection: true }): MemoryCard {
	return new MemoryCard(options)
		.linearFixed('3F002F00', [USIM, ffRecord(32), ffRecord(32)])
		.df('3F007F50', AID)
		.emptyEf('3F007F505031', 32)
		.emptyEf('3F007F505032', 64)
		.emptyEf('3F007F506E00', 256)
		.emptyEf('3F007F506E01', 1024)
		.emptyEf('3F007F506E02', 512);
}

async function rejection(p: Promise<unknown>): Promise<Pkcs15Error> {
	try {
		await p;
	} catch (e) {
		if (e instanceof Pkcs15Error) return e;
		throw e;
	}
	throw new Error('expected a Pkcs15Error');
}

describe('writeLayout', () => {
	test('writes documents, DODF, TokenInfo, ODF, then the EF.DIR record into the first free record', async () => {
		const card = blankCard();
		const written = await writeLayout(card, buildLayout({ bootstrap: BOOT, config1: CONF1 }, profile));
		expect(written.map((w) => [toHex(w.path), w.record, w.length])).toEqual([
			['3F007F506E01', undefined, 1024],
			['3F007F506E02', undefined, 512],
			['3F007F506E00', undefined, 256],
			['3F007F505032', undefined, 64],
			['3F007F505031', undefined, 32],
			['3F002F00', 2, 32]
		]);
		expect(toHex(card.record('3F002F00', 1))).toBe(toHex(USIM));
		expect(toHex(card.record('3F002F00', 2))).toBe('61194F0CA000000063504B43532D3135500357415051043F007F50' + 'FFFFFFFFFF');
		// Config1 EF is 512 bytes on this card (layout assumed 1024): the FF fill follows the card's size.
		expect(toHex(card.data('3F007F506E02').subarray(0, 8))).toBe('030B6A00C501FFFF');
		expect(card.data('3F007F505031').subarray(0, 9)).toEqual(fromHex('A706300404026E00FF'));
	});

	test('rewrites the record that already names the PKCS#15 AID', async () => {
		const card = blankCard();
		await writeLayout(card, buildLayout({ bootstrap: BOOT }, profile));
		await writeLayout(card, buildLayout({ bootstrap: CONF1 }, profile));
		expect(toHex(card.record('3F002F00', 3))).toBe('FF'.repeat(32));
		expect(toHex(card.data('3F007F506E01').subarray(0, 7))).toBe('030B6A00C501FF');
	});

	test('refuses a document larger than the card EF before writing anything', async () => {
		const card = blankCard();
		const e = await rejection(writeLayout(card, buildLayout({ bootstrap: BOOT, config1: new Uint8Array(600) }, profile)));
		expect(e.message).toBe('card: Config1 is 600 bytes; EF 6E02 holds 512');
		expect(card.log.filter((l) => l.startsWith('UPDATE'))).toEqual([]);
	});

	test('refuses a full EF.DIR without touching the USIM record', async () => {
		const card = blankCard().linearFixed('3F002F00', [USIM]);
		const e = await rejection(writeLayout(card, buildLayout({ bootstrap: BOOT }, profile)));
		expect(e.code).toBe('ef-dir-full');
		expect(card.log.filter((l) => l.startsWith('UPDATE'))).toEqual([]);
	});
});

describe('discover (spec §1 reader algorithm)', () => {
	test('finds both documents through EF.DIR → AID → ODF → DODF on a UICC', async () => {
		const card = blankCard();
		await writeLayout(card, buildLayout({ bootstrap: BOOT, config1: CONF1 }, profile, {}, { tokenLabel: 'WAP Prov' }));
		const found = await discover(card, profile);
		expect(found.application.selectedBy).toBe('aid');
		expect(found.tokenInfo).toEqual({ version: 0, serialNumber: fromHex('00'), label: 'WAP Prov', flags: [] });
		expect(found.dodfPaths).toEqual([{ path: fromHex('6E00') }]);
		expect(found.documents.map((d) => [d.kinds, d.oid, d.label, toHex(d.path.path), toHex(d.bytes.subarray(0, 8)), d.bytes.length])).toEqual([
			[['bootstrap', 'dmBootstrap'], '2.23.43.7.1', 'Bootstrap', '6E01', '030B6A00C54601FF', 1024],
			[['config1'], '2.23.43.7.2', 'Config1', '6E02', '030B6A00C501FFFF', 512]
		]);
		// Relative paths were selected inside the application reached by AID.
		expect(card.log).toContain('SELECT AID A000000063504B43532D3135');
		expect(card.log).toContain('SELECT 3F007F506E01');
	});

	test('uses the EF.DIR path (tag 51) on a SIM without AID selection', async () => {
		const card = blankCard({ aidSelection: false });
		await writeLayout(card, buildLayout({ bootstrap: BOOT }, profile));
		const found = await discover(card, profile);
		expect(found.application.selectedBy).toBe('dir-path');
		expect(toHex(found.application.dfPath ?? new Uint8Array())).toBe('3F007F50');
		expect(found.documents.map((d) => toHex(d.absolutePath ?? new Uint8Array()))).toEqual(['3F007F506E01']);
	});

	test('falls back to probing 7F50 then 5015 when there is no EF.DIR', async () => {
		const source = blankCard();
		await writeLayout(source, buildLayout({ bootstrap: BOOT }, profile));
		// Same files (relative DODF paths) under 3F00 5015 on a SIM without EF.DIR: the 7F50 probe fails first.
		const card = new MemoryCard({ aidSelection: false }).df('3F005015');
		for (const fid of ['5031', '5032', '6E00', '6E01']) card.ef(`3F005015${fid}`, source.data(`3F007F50${fid}`));
		const found = await discover(card, profile);
		expect(found.application).toEqual({ selectedBy: 'fallback-path', dfPath: fromHex('3F005015') });
		expect(found.documents[0].label).toBe('Bootstrap');
	});

	test('follows an index/length Path and an absolute Path', async () => {
		// DODF written by hand: Bootstrap at absolute path 3F00 7F50 6E01, bytes 2..5 only.
		// A1 2D { 30 0F label/flags | 30 00 | A1 18 { 30 16 { 06 04 672B0701 | 30 0E { 04 06 3F007F506E01 | 02 01 02 | 80 01 04 } } } }
		const entry = 'A12D300F0C09426F6F747374726170030206403000A118301606046' + '72B0701300E04063F007F506E01020102800104';
		const card = blankCard();
		await writeLayout(card, buildLayout({ bootstrap: BOOT }, profile));
		card.ef('3F007F506E00', fromHex(entry + 'FFFF'));
		const found = await discover(card, profile);
		expect(found.documents.map((d) => [toHex(d.path.path), d.path.index, d.path.length, toHex(d.bytes)])).toEqual([
			['3F007F506E01', 2, 4, '6A00C546']
		]);
	});

	test('skips opaqueDO mirrors and unknown OIDs, listing them as other entries', async () => {
		const card = blankCard();
		await writeLayout(card, buildLayout({ bootstrap: BOOT }, profile, {}, { openscMirror: true }));
		const found = await discover(card, profile);
		expect(found.documents.map((d) => d.label)).toEqual(['Bootstrap']);
		expect(found.otherEntries.map((e) => e.type)).toEqual(['opaqueDO']);
	});

	test('reports every attempt when no PKCS#15 application exists', async () => {
		const card = new MemoryCard({ aidSelection: false }).linearFixed('3F002F00', [USIM]);
		const e = await rejection(discover(card, profile));
		expect(e.code).toBe('no-pkcs15-application');
		expect(e.message).toBe(
			'card: no PKCS#15 application found (EF.DIR 2F00: no record with the PKCS#15 AID among 1; ' +
				'DF 3F00 7F50: 6A82: file 3F007F505031 not found; DF 3F00 5015: 6A82: file 3F0050155031 not found)'
		);
	});

	test('reports a corrupt DODF with its offset', async () => {
		const card = blankCard();
		await writeLayout(card, buildLayout({ bootstrap: BOOT }, profile));
		card.ef('3F007F506E00', fromHex('A1233000'));
		const e = await rejection(discover(card, profile));
		expect(e.message).toBe('DODF offset 0x0: tag 0xA1 announces 35 value bytes but only 2 remain');
	});
});
