// The write flow against the in-process UICC simulator (default profile: DF(PKCS#15) 7F50 with erased EFs
// 5031/5032 of 128 bytes, DODF 6E00 of 512, Bootstrap 6E01 of 2048, Config1 6E02 of 1024, Config2 6E03 of 1024
// with update PIN1; EF.DIR records: 1 = USIM, 2 = PKCS#15 app).
import { describe, expect, it } from 'vitest';
import { CardSession } from '../../../src/lib/card';
import { PROFILES, Pkcs15Error } from '../../../src/lib/card/pkcs15';
import { provisionCard, readProvisioning, reportJson, type ProvisionEvent } from '../../../src/lib/card/provisioning';
import { DEFAULT_ATR } from '../../../src/lib/card/simulator';
import { fromHex, toHex } from '../../../src/lib/codec/hex';
import { Secret } from '../../../src/lib/security/secret';
import { ADM1, efData, ffFilled, LIBWBXML_CP, NOWSMS_CP, PIN1, profileDf, sessionOn, simulator, simNode } from './fixtures';

const PROFILE = PROFILES['oma-provsc'];

/** smartcard-provisioning.md §4: the Bootstrap oidDO, checked there with openssl asn1parse. */
const DODF_BOOTSTRAP = 'A123300F0C09426F6F747374726170030206403000A10E300C0604672B0701300404026E01';
/**
 * The same shape for Config1, worked out by hand from that vector: label "Config1" (0C 07 + 7) and flags
 * (03 02 06 40) make CommonObjectAttributes 30 0D (15 bytes); + 30 00 (2) + A1 0E … (16) = 33 = 0x21;
 * OID 2.23.43.7.2 = 67 2B 07 02; path 6E02.
 */
const DODF_CONFIG1 = 'A121300D0C07436F6E66696731030206403000A10E300C0604672B0702300404026E02';
/** §4: ODF pointing at DODF 6E00. */
const ODF = 'A706300404026E00';
/** §4: EF.DIR record, PKCS#15 app, label "WAP", path 3F00 7F50. */
const DIR_PKCS15 = '61194F0CA000000063504B43532D3135500357415051043F007F50';

function hasUpdate(seen: string[]): boolean {
	// INS D6 (UPDATE BINARY) / DC (UPDATE RECORD) in the raw C-APDUs that reached the card.
	return seen.some((c) => c.slice(2, 4) === 'D6' || c.slice(2, 4) === 'DC');
}

describe('provisionCard writes, then proves the write by reading back', () => {
	it('writes the NowSMS Bootstrap and the libwbxml Config1 and reads back exactly those bytes', async () => {
		const card = simulator();
		const { session } = sessionOn(card);
		const events: ProvisionEvent[] = [];
		const report = await provisionCard(
			session,
			{ documents: { bootstrap: NOWSMS_CP, config1: LIBWBXML_CP }, adm: ADM1, pin1: PIN1, profile: PROFILE },
			(e) => events.push(e)
		);

		expect(report.verified).toBe(true);
		expect(report.identity).toMatchObject({ iccid: '8949000000000000001', imsi: '001010123456789', notes: [] });
		expect(toHex(report.identity.atr as Uint8Array)).toBe(DEFAULT_ATR);
		expect(report.files.map((f) => [f.label, f.path, f.oid, f.contentBytes, f.bytesWritten, f.verified, f.created])).toEqual([
			['Bootstrap', '3F00 7F50 6E01', '2.23.43.7.1', 118, 2048, true, false],
			['Config1', '3F00 7F50 6E02', '2.23.43.7.2', 132, 1024, true, false],
			['DODF', '3F00 7F50 6E00', undefined, 72, 512, true, false],
			// TokenInfo: 30 12 { 02 01 00, 04 0A <EF.ICCID bytes>, 03 01 00 } = 20 bytes.
			['TokenInfo', '3F00 7F50 5032', undefined, 20, 128, true, false],
			['ODF', '3F00 7F50 5031', undefined, 8, 128, true, false],
			['EF.DIR', '3F00 2F00', undefined, 27, 32, true, false]
		]);
		expect(report.files[5].record).toBe(2);

		// What the card holds now, read from the simulator's own state.
		expect(toHex(efData(card, 0x7f50, 0x6e01))).toBe(toHex(ffFilled(NOWSMS_CP, 2048)));
		expect(toHex(efData(card, 0x7f50, 0x6e02))).toBe(toHex(ffFilled(LIBWBXML_CP, 1024)));
		expect(toHex(efData(card, 0x7f50, 0x6e00))).toBe(toHex(ffFilled(fromHex(DODF_BOOTSTRAP + DODF_CONFIG1), 512)));
		expect(toHex(efData(card, 0x7f50, 0x5031))).toBe(toHex(ffFilled(fromHex(ODF), 128)));
		expect(toHex(efData(card, 0x7f50, 0x5032).subarray(0, 20))).toBe('30120201000' + '40A989400000000000000F1030100');
		const dir = efData(card, 0x2f00);
		expect(toHex(dir.subarray(32, 64))).toBe(toHex(ffFilled(fromHex(DIR_PKCS15), 32)));
		// The USIM record is never touched.
		expect(toHex(dir.subarray(0, 22))).toBe('61144F0CA0000000871002FF49FF058950045553494D');

		// Events: ADM1 is verified after every size check, writes come after it, read-back last.
		const order = events.map((e) => e.type);
		expect(order.lastIndexOf('checked')).toBeLessThan(order.indexOf('verified', order.indexOf('identity')));
		expect(order.indexOf('writing')).toBeGreaterThan(order.lastIndexOf('verified'));
		expect(order.indexOf('read-back')).toBeGreaterThan(order.lastIndexOf('writing'));
	});

	it('counts the APDUs per file: probe, checks, chunked UPDATEs and the read-back', async () => {
		const { session } = sessionOn(simulator());
		const report = await provisionCard(session, { documents: { bootstrap: NOWSMS_CP, config1: LIBWBXML_CP }, adm: ADM1, pin1: PIN1, profile: PROFILE });
		// Bootstrap, EF of 2048: probe SELECT with FCP (61XX + GET RESPONSE = 2), writeLayout's check SELECT and its
		// write SELECT (P2 0C, 1 + 1), ceil(2048/255) = 9 UPDATEs, read-back SELECT (1) + 2048/256 = 8 READs → 22.
		// Config1 (1024): 2 + 2 + 5 + 1 + 4 = 14. DODF (512): 2 + 2 + 3 + 1 + 2 = 10. TokenInfo, ODF (128): 2 + 2 + 1 + 1 + 1 = 7.
		// EF.DIR: probe SELECT (FCP already known from the identity read: 1), check SELECT + READ RECORD 1, 2
		// (the PKCS#15 record is found at 2), write SELECT + UPDATE RECORD, read-back SELECT + READ RECORD → 8.
		expect(report.files.map((f) => f.apdus)).toEqual([22, 14, 10, 7, 7, 8]);
		// + VERIFY PIN1 (query + verify, 2), identity (ICCID 2 + 1, EF.DIR record 1, SELECT AID 2, EF.IMSI 2 + 1 → 8,
		// its EF.DIR SELECT 2 → 11 with it), DF 7F50 probe (2), VERIFY ADM1 (2): 68 + 2 + 11 + 2 + 2 = 85.
		expect(report.apdus).toBe(85);
		expect(report.apdus).toBe(session.trace.entries.length);
		expect(report.chunks).toEqual({ read: 256, update: 255 });
	});

	it('is read back by readProvisioning (EF.DIR → AID → ODF → DODF) in a fresh session', async () => {
		const card = simulator();
		await provisionCard(sessionOn(card).session, { documents: { bootstrap: NOWSMS_CP, config1: LIBWBXML_CP }, adm: ADM1, profile: PROFILE });
		card.reset(); // power cycle: security state gone
		const { identity, discovery } = await readProvisioning(sessionOn(card).session, PROFILE);
		expect(identity.iccid).toBe('8949000000000000001');
		// No PIN1 this time: the IMSI is not readable, and the notes say exactly why.
		expect(identity.imsi).toBeUndefined();
		expect(identity.notes).toEqual([
			'IMSI: ADF.USIM 6F07: READ BINARY 00 B0 00 00 09: 6982 security status not satisfied',
			'IMSI: 3F00 7F20 6F07: READ BINARY 00 B0 00 00 09: 6982 security status not satisfied'
		]);
		expect(discovery.application.selectedBy).toBe('aid');
		// discover returns whole EFs, FF padding included (the WBXML parser knows where a document ends).
		expect(discovery.documents.map((d) => [d.label, d.oid, toHex(d.bytes)])).toEqual([
			['Bootstrap', '2.23.43.7.1', toHex(ffFilled(NOWSMS_CP, 2048))],
			['Config1', '2.23.43.7.2', toHex(ffFilled(LIBWBXML_CP, 1024))]
		]);
	});

	it('a second run over the same card rewrites the same bytes and verifies again', async () => {
		const card = simulator();
		const options = { documents: { bootstrap: NOWSMS_CP }, adm: ADM1, profile: PROFILE };
		await provisionCard(sessionOn(card).session, options);
		const again = await provisionCard(sessionOn(card).session, { ...options, documents: { bootstrap: LIBWBXML_CP } });
		expect(again.verified).toBe(true);
		// The longer NowSMS bytes are gone: 132 new bytes, then FF where the old document went on to 118.
		expect(toHex(efData(card, 0x7f50, 0x6e01))).toBe(toHex(ffFilled(LIBWBXML_CP, 2048)));
	});

	it('serialises the report to JSON with bytes in hex', async () => {
		const { session } = sessionOn(simulator());
		const report = await provisionCard(session, { documents: { bootstrap: NOWSMS_CP }, adm: ADM1, profile: PROFILE });
		const json = JSON.parse(reportJson(report)) as { identity: { atr: string; iccidBytes: string } };
		expect(json.identity.atr).toBe(DEFAULT_ATR);
		expect(json.identity.iccidBytes).toBe('989400000000000000F1');
	});
});

describe('provisionCard creates what is missing (TS 102 222 §6.3)', () => {
	it('creates a missing Config1 EF with CREATE FILE, then writes and verifies it', async () => {
		const card = simulator((p) => {
			const df = profileDf(p, '7F50');
			df.children = df.children?.filter((c) => c.fid !== '6E02');
		});
		const { session } = sessionOn(card);
		const report = await provisionCard(session, { documents: { bootstrap: NOWSMS_CP, config1: LIBWBXML_CP }, adm: ADM1, profile: PROFILE });
		// FCP by hand (TS 102 221 §11.1.1.3, apdu.md §7 order): 82 02 41 21 (shareable transparent) | 83 02 6E 02 |
		// 8A 01 05 | 8B 03 2F 06 03 (EF.ARR record 3 = read ALW, update ADM1 in the simulator) | 80 02 04 00 (1024,
		// the profile default) = 20 bytes → 62 14, Lc 16.
		const create = session.trace.entries.find((e) => e.command === 'CREATE FILE');
		expect(create?.capdu).toBe('00 E0 00 00 16 62 14 82 02 41 21 83 02 6E 02 8A 01 05 8B 03 2F 06 03 80 02 04 00');
		expect(report.files[1]).toMatchObject({ label: 'Config1', created: true, bytesWritten: 1024, verified: true });
		const ef = simNode(card, 0x7f50, 0x6e02);
		expect(ef).toMatchObject({ kind: 'transparent', read: 'ALW', update: 'ADM1' });
		expect(toHex(efData(card, 0x7f50, 0x6e02))).toBe(toHex(ffFilled(LIBWBXML_CP, 1024)));
	});

	it('creates DF(PKCS#15) with its AID and every file when the card has none, and a reader then finds them', async () => {
		const card = simulator((p) => {
			p.mf.children = p.mf.children?.filter((c) => c.fid !== '7F50');
		});
		const { session } = sessionOn(card);
		const report = await provisionCard(session, { documents: { bootstrap: NOWSMS_CP }, adm: ADM1, profile: PROFILE });
		expect(session.trace.entries.filter((e) => e.command === 'CREATE FILE')).toHaveLength(5); // DF + Bootstrap, DODF, TokenInfo, ODF
		expect(report.files.filter((f) => f.created).map((f) => f.label)).toEqual(['Bootstrap', 'DODF', 'TokenInfo', 'ODF']);
		expect(report.verified).toBe(true);
		card.reset();
		const { discovery } = await readProvisioning(sessionOn(card).session, PROFILE);
		expect(discovery.application.selectedBy).toBe('aid');
		expect(toHex(discovery.documents[0].bytes)).toBe(toHex(ffFilled(NOWSMS_CP, 1024)));
	});

	it('refuses with the CREATE FILE APDU and 6A84 when the card has no memory left, before any UPDATE', async () => {
		const card = simulator((p) => {
			p.freeMemory = 0;
			const df = profileDf(p, '7F50');
			df.children = df.children?.filter((c) => c.fid !== '6E02');
		});
		const { session, transport } = sessionOn(card);
		const err = await provisionCard(session, { documents: { bootstrap: NOWSMS_CP, config1: LIBWBXML_CP }, adm: ADM1, profile: PROFILE }).catch((e: unknown) => e);
		expect(err).toMatchObject({
			name: 'CardError',
			code: 'STATUS',
			sw: 0x6a84,
			apdu: 'CREATE FILE 00 E0 00 00 16',
			message: 'Config1 EF 3F00 7F50 6E02 does not exist and the card refused CREATE FILE: CREATE FILE 00 E0 00 00 16: 6A84 not enough memory space'
		});
		expect(hasUpdate(transport.seen)).toBe(false);
	});
});

describe('provisionCard refuses before writing', () => {
	it('refuses a Bootstrap one byte larger than its EF before any UPDATE and before ADM1 is presented', async () => {
		const card = simulator();
		const { session, transport } = sessionOn(card);
		const tooBig = ffFilled(NOWSMS_CP, 2049);
		const err = await provisionCard(session, { documents: { bootstrap: tooBig, config1: LIBWBXML_CP }, adm: ADM1, profile: PROFILE }).catch((e: unknown) => e);
		expect(err).toBeInstanceOf(Pkcs15Error);
		expect((err as Pkcs15Error).code).toBe('document-too-large');
		expect((err as Pkcs15Error).message).toBe('layout: Bootstrap is 2049 bytes; EF 6E01 holds 2048');
		expect(hasUpdate(transport.seen)).toBe(false);
		expect(session.trace.entries.some((e) => e.capdu.startsWith('00 D6'))).toBe(false);
		// Not even a VERIFY with data: ADM1 tries are not spent on a write that cannot happen.
		expect(session.trace.entries.some((e) => e.command === 'VERIFY ADM1')).toBe(false);
		expect(toHex(efData(card, 0x7f50, 0x6e01))).toBe('FF'.repeat(2048));
	});

	it('refuses a Config1 that does not fit even though the Bootstrap before it does', async () => {
		const { session, transport } = sessionOn(simulator());
		const err = await provisionCard(session, { documents: { bootstrap: NOWSMS_CP, config1: ffFilled(LIBWBXML_CP, 1025) }, adm: ADM1, profile: PROFILE }).catch(
			(e: unknown) => e
		);
		expect((err as Error).message).toBe('layout: Config1 is 1025 bytes; EF 6E02 holds 1024');
		expect(hasUpdate(transport.seen)).toBe(false);
	});

	it('stops at a wrong ADM1 with the tries left, and writes nothing', async () => {
		const card = simulator();
		const { session, transport } = sessionOn(card);
		const wrong = new Secret('ADM1', fromHex('3132333435363738'));
		const err = await provisionCard(session, { documents: { bootstrap: NOWSMS_CP }, adm: wrong, profile: PROFILE }).catch((e: unknown) => e);
		expect(err).toMatchObject({ name: 'CardError', code: 'STATUS', sw: 0x63c9 });
		expect((err as Error).message).toBe('VERIFY ADM1 00 20 00 0A 08 ****: 63C9 verification failed, 9 retries left');
		expect(card.state.keys.ADM1?.remaining).toBe(9);
		expect(hasUpdate(transport.seen)).toBe(false);
	});

	it('refuses to present ADM1 with one try left unless forced', async () => {
		const card = simulator((p) => {
			const adm = p.keys.ADM1;
			if (adm) adm.remaining = 1;
		});
		const { session, transport } = sessionOn(card);
		const err = await provisionCard(session, { documents: { bootstrap: NOWSMS_CP }, adm: ADM1, profile: PROFILE }).catch((e: unknown) => e);
		expect(err).toMatchObject({ name: 'CardError', code: 'RETRY_GUARD' });
		expect((err as Error).message).toBe('VERIFY ADM1: only 1 try left; refusing to risk blocking ADM1 (pass force to try anyway)');
		// Only the retry query (no data) reached the card; the counter is untouched.
		expect(transport.seen.filter((c) => c.startsWith('0020000A'))).toEqual(['0020000A']);
		expect(card.state.keys.ADM1?.remaining).toBe(1);
		expect(hasUpdate(transport.seen)).toBe(false);

		const forced = await provisionCard(new CardSession(transport), { documents: { bootstrap: NOWSMS_CP }, adm: ADM1, profile: PROFILE, force: true });
		expect(forced.verified).toBe(true);
		expect(card.state.keys.ADM1?.remaining).toBe(10); // a right key resets the counter (TS 102 221 §9.5.1)
	});
});

describe('provisionCard failures on the card side name the APDU and the SW', () => {
	it('reports a read-only Config1 with the file, the UPDATE BINARY header and 6982, and leaves the ODF unwritten', async () => {
		const card = simulator((p) => {
			const ef = profileDf(p, '7F50').children?.find((c) => c.fid === '6E02');
			if (ef && ef.type !== 'df') ef.update = 'NEV';
		});
		const { session } = sessionOn(card);
		const err = await provisionCard(session, { documents: { bootstrap: NOWSMS_CP, config1: LIBWBXML_CP }, adm: ADM1, profile: PROFILE }).catch((e: unknown) => e);
		expect(err).toMatchObject({ name: 'CardError', code: 'STATUS', sw: 0x6982, apdu: 'UPDATE BINARY 00 D6 00 00 FF' });
		expect((err as Error).message).toBe('Config1 3F00 7F50 6E02: UPDATE BINARY 00 D6 00 00 FF: 6982 security status not satisfied');
		// Documents go first, pointers last (writeLayout): nothing announces the half-written set.
		expect(toHex(efData(card, 0x7f50, 0x5031))).toBe('FF'.repeat(128));
		expect(toHex(efData(card, 0x7f50, 0x6e00))).toBe('FF'.repeat(512));
	});

	it('needs PIN1 for the PIN1-protected Config2 and says so with the SW', async () => {
		const { session } = sessionOn(simulator());
		const err = await provisionCard(session, { documents: { bootstrap: NOWSMS_CP, config2: LIBWBXML_CP }, adm: ADM1, profile: PROFILE }).catch((e: unknown) => e);
		expect((err as Error).message).toBe('Config2 3F00 7F50 6E03: UPDATE BINARY 00 D6 00 00 FF: 6982 security status not satisfied');
		const ok = await provisionCard(sessionOn(simulator()).session, { documents: { bootstrap: NOWSMS_CP, config2: LIBWBXML_CP }, adm: ADM1, pin1: PIN1, profile: PROFILE });
		expect(ok.files.find((f) => f.label === 'Config2')).toMatchObject({ path: '3F00 7F50 6E03', oid: '2.23.43.7.3', verified: true });
	});
});
