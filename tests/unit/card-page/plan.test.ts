// The comparison shown before a write (src/lib/card/provisioning/plan.ts) against what provisionCard then really
// does to the simulated UICC: every row's sizes and content lengths are checked against the simulator's own files
// after the write (its EF sizes come from default-profile.ts: ODF 128, TokenInfo 128, DODF 512, Bootstrap 2048,
// Config1 1024, Config2 1024), and a plan made after the write finds nothing left to change. The documents are
// third-party bytes (fixtures.ts: NOWSMS_CP 118 bytes, LIBWBXML_CP 132 bytes).
import { describe, expect, it } from 'vitest';
import { DEFAULT_PROFILE, PROFILES } from '../../../src/lib/card/pkcs15';
import {
	capacityProblems,
	planWrite,
	provisionCard,
	readCardSnapshot,
	SessionCardFiles,
	type CardSnapshot,
	type PlannedFile
} from '../../../src/lib/card/provisioning';
import type { UiccSimulator } from '../../../src/lib/card/simulator';
import { toHex } from '../../../src/lib/codec/hex';
import { snapshotJson, snapshotOf } from '../../../src/lib/ui/card/snapshot-json';
import { ADM1, efData, ffFilled, LIBWBXML_CP, NOWSMS_CP, sessionOn, simNode, simulator } from '../card-provisioning/fixtures';

const profile = PROFILES[DEFAULT_PROFILE];

async function snapshotOfCard(card: UiccSimulator): Promise<{ snapshot: CardSnapshot; apdus: string[] }> {
	const { session } = sessionOn(card);
	// EF.ICCID 2FE2 is the TokenInfo serialNumber, as provisionCard reads it.
	const iccid = efData(card, 0x2fe2).slice();
	const snapshot = await readCardSnapshot(new SessionCardFiles(session), profile, iccid);
	return { snapshot, apdus: session.trace.entries.map((e) => e.command) };
}

function row(rows: PlannedFile[], label: string): PlannedFile {
	const r = rows.find((f) => f.label === label);
	if (!r) throw new Error(`no row ${label} in ${rows.map((f) => f.label).join(', ')}`);
	return r;
}

function summary(rows: PlannedFile[]): string[] {
	return rows.map((f) => `${f.label} ${f.path}${f.record ? ` #${f.record}` : ''} ${f.action} ${f.sizeNow ?? '-'}→${f.sizeAfter} used ${f.contentNow ?? '-'}→${f.contentAfter ?? '-'} ${f.changes ? 'changes' : 'same'}`);
}

describe('readCardSnapshot: SELECT and READ only', () => {
	it('sends no VERIFY, no UPDATE and no CREATE FILE', async () => {
		const { apdus, snapshot } = await snapshotOfCard(simulator());
		// T=0: a SELECT's FCP comes with GET RESPONSE (TS 102 221 §7.3.1.1).
		expect(new Set(apdus.map((c) => c.split(' ').slice(0, 2).join(' ').replace(/ (PATH|AID|BINARY|RECORD|RESPONSE)$/, '')))).toEqual(new Set(['SELECT', 'GET', 'READ']));
		expect(apdus.filter((c) => /^(VERIFY|UPDATE|CREATE)/.test(c))).toEqual([]);
		expect(snapshot.files.bootstrap).toMatchObject({ state: 'present', size: 2048 });
		expect(snapshot.dir.state).toBe('present');
	});

	it('travels to the page and back unchanged (wire JSON)', async () => {
		const { snapshot } = await snapshotOfCard(simulator());
		expect(snapshotOf(JSON.parse(JSON.stringify(snapshotJson(snapshot))))).toEqual(snapshot);
	});
});

describe('planWrite on a fresh card, then the write itself', () => {
	it('lists each file replaced with its size, and the card after the write holds exactly that', async () => {
		const card = simulator();
		const { snapshot } = await snapshotOfCard(card);
		const plan = planWrite(snapshot, { bootstrap: NOWSMS_CP }, profile);
		expect(plan.problems).toEqual([]);
		// The default card's EF.DIR record 2 already names the PKCS#15 application with label WAP and path 3F00 7F50
		// (default-profile.ts DIR_PKCS15, 27 bytes): the write puts the same bytes back.
		expect(summary(plan.files)).toEqual([
			'EF.DIR 3F00 2F00 #2 replace 32→32 used 27→27 same',
			'ODF 3F00 7F50 5031 replace 128→128 used 0→8 changes',
			expect.stringMatching(/^TokenInfo 3F00 7F50 5032 replace 128→128 used 0→\d+ changes$/),
			'DODF 3F00 7F50 6E00 replace 512→512 used 0→' + row(plan.files, 'DODF').contentAfter + ' changes',
			'Bootstrap 3F00 7F50 6E01 replace 2048→2048 used 0→118 changes',
			'Config1 3F00 7F50 6E02 leave 1024→1024 used 0→- same',
			'Config2 3F00 7F50 6E03 leave 1024→1024 used 0→- same'
		]);

		const { session } = sessionOn(card);
		const report = await provisionCard(session, { documents: { bootstrap: NOWSMS_CP }, adm: ADM1, profile });
		expect(report.verified).toBe(true);
		// The simulator's files, read directly (not through our card layer): sizes and content as the plan said.
		for (const [label, fid] of [['ODF', 0x5031], ['TokenInfo', 0x5032], ['DODF', 0x6e00], ['Bootstrap', 0x6e01]] as const) {
			const r = row(plan.files, label);
			const data = efData(card, 0x7f50, fid);
			expect(data.length, label).toBe(r.sizeAfter);
			expect(data.subarray(r.contentAfter).every((b) => b === 0xff), label).toBe(true);
			expect(data[(r.contentAfter ?? 0) - 1], label).not.toBe(0xff);
		}
		expect(toHex(efData(card, 0x7f50, 0x6e01))).toBe(toHex(ffFilled(NOWSMS_CP, 2048)));
		// The files the plan left alone are as they were: erased.
		expect(efData(card, 0x7f50, 0x6e02).every((b) => b === 0xff)).toBe(true);

		// Planned again on the written card: every file rewritten with the bytes it already holds.
		const again = planWrite((await snapshotOfCard(card)).snapshot, { bootstrap: NOWSMS_CP }, profile);
		expect(again.files.filter((f) => f.changes)).toEqual([]);
		expect(row(again.files, 'Bootstrap')).toMatchObject({ action: 'replace', contentNow: 118, contentAfter: 118 });
	});

	it('says a Config1 left on the card stops being listed when only the Bootstrap is written', async () => {
		const card = simulator();
		await provisionCard(sessionOn(card).session, { documents: { bootstrap: NOWSMS_CP, config1: LIBWBXML_CP }, adm: ADM1, profile });
		const plan = planWrite((await snapshotOfCard(card)).snapshot, { bootstrap: LIBWBXML_CP }, profile);
		expect(row(plan.files, 'Config1')).toEqual({
			role: 'config1',
			label: 'Config1',
			path: '3F00 7F50 6E02',
			action: 'leave',
			sizeNow: 1024,
			sizeAfter: 1024,
			contentNow: 132,
			changes: false,
			note: 'listed in the DODF now; the new DODF no longer lists it, so a phone will not find it'
		});
		expect(row(plan.files, 'Bootstrap')).toMatchObject({ action: 'replace', contentNow: 118, contentAfter: 132, changes: true });
		expect(row(plan.files, 'DODF').changes).toBe(true);
	});
});

describe('planWrite on a card without DF(PKCS#15): everything created, at the sizes CREATE FILE then gives', () => {
	it('lists the DF and each EF as created, with the profile sizes, and the write creates exactly those', async () => {
		const card = simulator((p) => {
			p.mf.children = (p.mf.children ?? []).filter((c) => c.fid !== '7F50');
		});
		const { snapshot } = await snapshotOfCard(card);
		expect(snapshot.dfExists).toBe(false);
		const plan = planWrite(snapshot, { bootstrap: NOWSMS_CP, config1: LIBWBXML_CP }, profile);
		const created = plan.files.filter((f) => f.action === 'create').map((f) => `${f.label} ${f.path} ${f.sizeAfter}`);
		// profiles.ts defaultSizes: ODF 32, TokenInfo 64, DODF 256; documents 1024.
		expect(created).toEqual(['DF(PKCS#15) 3F00 7F50 0', 'ODF 3F00 7F50 5031 32', expect.stringMatching(/^TokenInfo 3F00 7F50 5032 64$/), 'DODF 3F00 7F50 6E00 256', 'Bootstrap 3F00 7F50 6E01 1024', 'Config1 3F00 7F50 6E02 1024']);
		await provisionCard(sessionOn(card).session, { documents: { bootstrap: NOWSMS_CP, config1: LIBWBXML_CP }, adm: ADM1, profile });
		for (const [fid, size] of [[0x5031, 32], [0x5032, 64], [0x6e00, 256], [0x6e01, 1024], [0x6e02, 1024]] as const) {
			expect(efData(card, 0x7f50, fid).length).toBe(size);
		}
		expect(() => simNode(card, 0x7f50, 0x6e03)).toThrow('no file 6e03');
	});
});

describe('capacity, as documents are edited', () => {
	it('names the document, its size and the EF size the card reports', async () => {
		const { snapshot } = await snapshotOfCard(simulator());
		const big = new Uint8Array(1500).fill(0x01);
		// Config1's EF is 1024 bytes on the default card: 1500 - 1024 = 476 too many. The Bootstrap EF holds 2048.
		expect(capacityProblems(snapshot, { bootstrap: big, config1: big }, profile)).toEqual([
			{ role: 'config1', message: 'Config1 is 1500 bytes; EF 6E02 on the card holds 1024 (its FCP): 476 bytes too many' }
		]);
		// No card read yet: the profile's size for a file to be created (1024), and said to be that.
		expect(capacityProblems(undefined, { bootstrap: big }, profile)).toEqual([
			{ role: 'bootstrap', message: "Bootstrap is 1500 bytes; EF 6E01 would be created with 1024 (the profile's size): 476 bytes too many" }
		]);
		// planWrite refuses the same before it plans anything.
		expect(planWrite(snapshot, { bootstrap: NOWSMS_CP, config1: big }, profile)).toEqual({ files: [], problems: [{ role: 'config1', message: 'Config1 is 1500 bytes; EF 6E02 on the card holds 1024 (its FCP): 476 bytes too many' }] });
	});

	it('refuses to plan over a document EF it could not read (PIN1-protected), naming it', async () => {
		const card = simulator((p) => {
			const df = (p.mf.children ?? []).find((c) => c.fid === '7F50');
			if (!df || df.type !== 'df') throw new Error('no 7F50');
			const ef = (df.children ?? []).find((c) => c.fid === '6E02');
			if (!ef || ef.type === 'df') throw new Error('no 6E02');
			ef.read = 'PIN1';
		});
		const { snapshot } = await snapshotOfCard(card);
		expect(snapshot.files.config1).toMatchObject({ state: 'unreadable', size: 1024 });
		const plan = planWrite(snapshot, { bootstrap: NOWSMS_CP, config1: LIBWBXML_CP }, profile);
		expect(plan.files).toEqual([]);
		expect(plan.problems).toHaveLength(1);
		expect(plan.problems[0].role).toBe('config1');
		expect(plan.problems[0].message).toMatch(/^Config1: the card's EF could not be read \(.*6982.*\), so what it holds cannot be shown; enter PIN1 if the EF needs it$/);
	});
});
