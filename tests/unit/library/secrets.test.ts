// The secret rule, checked by reading every store back raw and searching it for the secret values. With "keep
// secrets" on, the sealed values are opened here by an independent implementation (node:crypto's PBKDF2 and
// AES-256-GCM, i.e. OpenSSL) from the stored salt, IV and ciphertext: that they open proves the scheme
// (PBKDF2-HMAC-SHA256, 600,000 iterations, AES-GCM with the document id and path as associated data).
import { createDecipheriv, pbkdf2Sync } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { LibraryError, SECRET_PLACEHOLDER, type Library, type SessionEvent } from '../../../src/lib/library';
import type { DraftRecord, SecretsMetaRecord } from '../../../src/lib/library/model';
import { BACKENDS, ManualClock, everything, settle, tab, type TestDatabase } from './helpers';

const T0 = Date.UTC(2025, 2, 1, 10, 0, 0);
const PASSPHRASE = 'correct horse battery';
const SECRETS = ['v0da-pw-2024', 'dm-s3cret-XYZ'];
const DOC = [
	'<wap-provisioningdoc version="1.1">',
	'  <characteristic type="NAPDEF">',
	'    <parm name="NAPID" value="NAP1"/>',
	'    <characteristic type="NAPAUTHINFO">',
	'      <parm name="AUTHNAME" value="web"/>',
	'      <parm name="AUTHSECRET" value="v0da-pw-2024"/>',
	'    </characteristic>',
	'  </characteristic>',
	'  <characteristic type="APPLICATION">',
	'    <parm name="APPID" value="w7"/>',
	'    <characteristic type="APPAUTH">',
	'      <parm name="AAUTHSECRET" value="dm-s3cret-XYZ"/>',
	'    </characteristic>',
	'  </characteristic>',
	'</wap-provisioningdoc>',
	''
].join('\n');
const STORED = DOC.replace('v0da-pw-2024', SECRET_PLACEHOLDER).replace('dm-s3cret-XYZ', SECRET_PLACEHOLDER);
// Line 6: 6 spaces + `<parm name="AUTHSECRET" value="` (31) → column 38; line 12: `…AAUTHSECRET" value="` (32) → 39.
const AUTHSECRET = { name: 'AUTHSECRET', path: 'NAPDEF[1]/NAPAUTHINFO[1]/AUTHSECRET', line: 6, column: 38 };
const AAUTHSECRET = { name: 'AAUTHSECRET', path: 'APPLICATION[1]/APPAUTH[1]/AAUTHSECRET', line: 12, column: 39 };

async function caught(work: () => Promise<unknown>): Promise<LibraryError> {
	try {
		await work();
	} catch (error) {
		if (error instanceof LibraryError) return error;
		throw error;
	}
	throw new Error('expected a LibraryError');
}

/** Fails with the store and the secret when a secret value is anywhere in the database. */
async function expectNoSecretStored(database: TestDatabase): Promise<void> {
	const dump = await database.dump();
	for (const [store, records] of Object.entries(dump)) {
		const text = everything(records);
		for (const secret of SECRETS) expect(text.includes(secret), `${secret} found in store ${store}`).toBe(false);
	}
}

/** Opens a sealed value with node:crypto (OpenSSL), not with the library's WebCrypto code. */
function openWithOpenSsl(meta: SecretsMetaRecord, documentId: string, sealed: { path: string; iv: Uint8Array; data: Uint8Array }): string {
	const key = pbkdf2Sync(PASSPHRASE, meta.salt, meta.iterations, 32, 'sha256');
	const decipher = createDecipheriv('aes-256-gcm', key, sealed.iv);
	decipher.setAAD(Buffer.from(`${documentId}\u0000${sealed.path}`, 'utf8'));
	decipher.setAuthTag(Buffer.from(sealed.data.subarray(sealed.data.length - 16)));
	return Buffer.concat([decipher.update(sealed.data.subarray(0, sealed.data.length - 16)), decipher.final()]).toString('utf8');
}

describe.each(BACKENDS)('secrets in the library ($label)', (backend) => {
	async function setup(): Promise<{ database: TestDatabase; clock: ManualClock; library: Library }> {
		const database = backend.fresh();
		const clock = new ManualClock(T0);
		return { database, clock, library: await tab(database, clock, 'a') };
	}

	test('keep secrets off: drafts, versions, conflict copies and imports store no secret value, and each write says which were kept out', async () => {
		const { database, library } = await setup();
		const created = await library.create({ name: 'APN with secrets', kind: 'cp', text: DOC });
		expect(created.keptOut).toEqual([AUTHSECRET, AAUTHSECRET]);
		const session = await library.openDocument('a2');
		expect(session.opened).toEqual({ revision: 1, text: STORED, missingSecrets: [AUTHSECRET, AAUTHSECRET], locked: false });
		void session.saveDraft(DOC.replace('NAP1', 'NAP2'));
		expect(await session.flush()).toEqual({ status: 'saved', revision: 2, keptOut: [AUTHSECRET, AAUTHSECRET] });
		expect(await session.saveVersion('with secrets', DOC)).toMatchObject({ status: 'saved', keptOut: [AUTHSECRET, AAUTHSECRET] });
		expect(await library.writeDraft('a2', DOC.replace('web', 'stale'), 1)).toMatchObject({ status: 'conflict', keptOut: [AUTHSECRET, AAUTHSECRET] });
		const file = JSON.parse(await library.exportLibrary());
		file.documents[0].id = 'imported';
		file.documents[0].draft = DOC;
		file.documents[0].versions = [];
		const report = await library.importLibrary(JSON.stringify(file));
		expect(report.keptOut).toEqual([
			{ documentId: 'imported', documentName: 'APN with secrets', in: 'draft', ...AUTHSECRET },
			{ documentId: 'imported', documentName: 'APN with secrets', in: 'draft', ...AAUTHSECRET }
		]);
		await expectNoSecretStored(database);
		expect(library.search('v0da').total).toBe(0);
		await library.close();
	});

	test('keep secrets on: the stored values are AES-GCM ciphertext under a PBKDF2-SHA256 key of 600,000 iterations', async () => {
		const { database, library } = await setup();
		await library.keepSecrets(PASSPHRASE);
		expect(library.secretsStatus()).toEqual({ keep: true, unlocked: true });
		expect((await library.create({ name: 'APN', kind: 'cp', text: DOC })).keptOut).toEqual([]);
		await expectNoSecretStored(database);
		const dump = await database.dump();
		const meta = dump.meta[0] as SecretsMetaRecord;
		expect([meta.key, meta.iterations, meta.salt.length, meta.check.iv.length]).toEqual(['secrets', 600_000, 16, 12]);
		const draft = dump.drafts[0] as DraftRecord;
		expect(draft.text).toBe(STORED);
		expect(draft.sealed?.map((s) => [s.path, s.iv.length, s.data.length])).toEqual([
			// ciphertext = value length + the 16-byte tag
			[AUTHSECRET.path, 12, 'v0da-pw-2024'.length + 16],
			[AAUTHSECRET.path, 12, 'dm-s3cret-XYZ'.length + 16]
		]);
		expect(draft.sealed?.map((s) => openWithOpenSsl(meta, 'a2', s))).toEqual(SECRETS);
		expect(await library.readDraft('a2')).toEqual({ revision: 1, text: DOC, missingSecrets: [], locked: false });
		await library.close();
	});

	test('a wrong passphrase opens nothing and changes nothing; the right one opens the secrets', async () => {
		const { database, clock, library } = await setup();
		await library.keepSecrets(PASSPHRASE);
		await library.create({ name: 'APN', kind: 'cp', text: DOC });
		await library.close();
		const other = await tab(database, clock, 'b');
		expect(other.secretsStatus()).toEqual({ keep: true, unlocked: false });
		expect(await other.readDraft('a2')).toEqual({ revision: 1, text: STORED, missingSecrets: [AUTHSECRET, AAUTHSECRET], locked: true });
		const before = await database.dump();
		const error = await caught(() => other.unlockSecrets('correct horse battery!'));
		expect([error.code, error.message]).toEqual(['wrong-passphrase', 'wrong passphrase: no secret was opened']);
		expect(other.secretsStatus()).toEqual({ keep: true, unlocked: false });
		expect((await other.readDraft('a2')).locked).toBe(true);
		expect(await database.dump()).toEqual(before);
		await other.unlockSecrets(PASSPHRASE);
		expect((await other.readDraft('a2')).text).toBe(DOC);
		await other.close();
	});

	test('a passphrase shorter than 8 characters is refused', async () => {
		const { library } = await setup();
		expect((await caught(() => library.keepSecrets('short'))).message).toBe('a passphrase has at least 8 characters');
		expect(library.secretsStatus()).toEqual({ keep: false, unlocked: false });
		await library.close();
	});

	test('edits made while locked keep the sealed values of untouched fields, and drop the one typed anew', async () => {
		const { database, clock, library } = await setup();
		await library.keepSecrets(PASSPHRASE);
		await library.create({ name: 'APN', kind: 'cp', text: DOC });
		await library.close();
		const locked = await tab(database, clock, 'b');
		const session = await locked.openDocument('a2');
		void session.saveDraft(session.opened.text.replace('NAP1', 'NAP2'));
		expect(await session.flush()).toEqual({ status: 'saved', revision: 2, keptOut: [] });
		// A new AUTHSECRET typed while locked cannot be sealed: kept out, and the old sealed value is not brought back.
		void session.saveDraft(session.opened.text.replace('NAP1', 'NAP2').replace(`value="${SECRET_PLACEHOLDER}"/>\n    </characteristic>\n  </characteristic>\n  <characteristic type="APPLICATION">`, 'value="typed-while-locked"/>\n    </characteristic>\n  </characteristic>\n  <characteristic type="APPLICATION">'));
		expect(await session.flush()).toEqual({ status: 'saved', revision: 3, keptOut: [AUTHSECRET] });
		const seen: SessionEvent[] = [];
		session.onChange((event) => seen.push(event));
		await locked.unlockSecrets(PASSPHRASE);
		await settle();
		const expected = DOC.replace('NAP1', 'NAP2').replace('v0da-pw-2024', SECRET_PLACEHOLDER);
		expect(await locked.readDraft('a2')).toEqual({ revision: 3, text: expected, missingSecrets: [AUTHSECRET], locked: false });
		// The open editor is given the text with the value it can now show.
		expect(seen).toEqual([{ type: 'updated', draft: { revision: 3, text: expected, missingSecrets: [AUTHSECRET], locked: false } }]);
		await expectNoSecretStored(database);
		expect(everything(await database.dump()).includes('typed-while-locked')).toBe(false);
		await locked.close();
	});

	test('turning keep secrets off deletes every sealed value and the passphrase check', async () => {
		const { database, library } = await setup();
		await library.keepSecrets(PASSPHRASE);
		await library.create({ name: 'APN', kind: 'cp', text: DOC });
		await (await library.openDocument('a2')).saveVersion('v', DOC);
		expect(await library.stopKeepingSecrets()).toBe(4);
		const dump = await database.dump();
		expect(dump.meta).toEqual([]);
		expect([...dump.drafts, ...dump.versions].some((r) => 'sealed' in (r as object))).toBe(false);
		expect(await library.readDraft('a2')).toEqual({ revision: 2, text: STORED, missingSecrets: [AUTHSECRET, AAUTHSECRET], locked: false });
		await library.close();
	});

	test('export leaves secrets out unless asked; asked, the file has them in clear and says so; locked, it is refused', async () => {
		const { database, clock, library } = await setup();
		await library.keepSecrets(PASSPHRASE);
		await library.create({ name: 'APN', kind: 'cp', text: DOC });
		const omitted = JSON.parse(await library.exportLibrary());
		expect([omitted.secrets, omitted.warning, omitted.documents[0].draft]).toEqual(['omitted', undefined, STORED]);
		const included = JSON.parse(await library.exportLibrary({ secrets: 'include' }));
		expect([included.secrets, included.warning, included.documents[0].draft]).toEqual([
			'included',
			'This file holds secret values (passwords, shared secrets) in clear text. Keep it like a password.',
			DOC
		]);
		const locked = await tab(database, clock, 'b');
		const error = await caught(() => locked.exportLibrary({ secrets: 'include' }));
		expect([error.code, error.message]).toEqual(['locked', 'enter the passphrase first: the secrets kept in this browser are sealed with it']);
		await Promise.all([library.close(), locked.close()]);
	});

	test('a sealed value moved to another field does not open there (its path is authenticated)', async () => {
		const { database, clock, library } = await setup();
		await library.keepSecrets(PASSPHRASE);
		await library.create({ name: 'APN', kind: 'cp', text: DOC });
		await library.close();
		// Swap the two sealed values' paths in the stored draft: each now claims the other's field.
		const storage = await database.connect(clock.now);
		await storage.run(['drafts'], 'readwrite', async (tx) => {
			const draft = await tx.get('drafts', 'a2');
			if (draft?.sealed === undefined) throw new Error('no sealed values');
			const [x, y] = draft.sealed;
			draft.sealed = [{ ...x, path: y.path }, { ...y, path: x.path }];
			await tx.put('drafts', draft);
		});
		storage.close();
		const other = await tab(database, clock, 'b');
		await other.unlockSecrets(PASSPHRASE);
		expect(await other.readDraft('a2')).toEqual({ revision: 1, text: STORED, missingSecrets: [AUTHSECRET, AAUTHSECRET], locked: false });
		await other.close();
	});
});

describe.each(BACKENDS)('keep secrets across tabs ($label)', (backend) => {
	test('turned on in one tab, another tab is told and stays locked until its own passphrase; turned off, both drop it', async () => {
		const database = backend.fresh();
		const clock = new ManualClock(T0);
		const a = await tab(database, clock, 'a');
		const b = await tab(database, clock, 'b');
		const statuses: unknown[] = [];
		b.onChange((event) => {
			if (event.type === 'secrets') statuses.push(event.status);
		});
		await a.keepSecrets(PASSPHRASE);
		await settle();
		expect(b.secretsStatus()).toEqual({ keep: true, unlocked: false });
		// Locked, B cannot seal: the values are kept out and B says so.
		expect((await b.create({ name: 'from B', kind: 'cp', text: DOC })).keptOut).toEqual([AUTHSECRET, AAUTHSECRET]);
		await b.unlockSecrets(PASSPHRASE);
		expect((await b.create({ name: 'from B, unlocked', kind: 'cp', text: DOC })).keptOut).toEqual([]);
		await a.stopKeepingSecrets();
		await settle();
		expect(statuses).toEqual([
			{ keep: true, unlocked: false },
			{ keep: true, unlocked: true },
			{ keep: false, unlocked: false }
		]);
		await expectNoSecretStored(database);
		await Promise.all([a.close(), b.close()]);
	});
});

describe.each(BACKENDS)('keep secrets turned on in two tabs at once ($label)', (backend) => {
	test('the second passphrase is refused and the first one stays the only key', async () => {
		const database = backend.fresh();
		const clock = new ManualClock(T0);
		const a = await tab(database, clock, 'a');
		const b = await tab(database, clock, 'b');
		await a.keepSecrets(PASSPHRASE);
		await a.create({ name: 'APN', kind: 'cp', text: DOC });
		// B has not heard of it yet (no settle): its own attempt finds the setting in the database.
		const error = await caught(() => b.keepSecrets('another passphrase'));
		expect([error.code, error.message]).toEqual(['bad-input', 'secrets are already kept in this browser: enter the passphrase to unlock them']);
		expect(b.secretsStatus()).toEqual({ keep: true, unlocked: false });
		await b.unlockSecrets(PASSPHRASE);
		expect((await b.readDraft('a2')).text).toBe(DOC);
		await Promise.all([a.close(), b.close()]);
	});
});
