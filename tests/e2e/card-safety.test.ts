// Issue 11 §4: the Card page made safe for real cards, end to end in headless Chromium against the production build
// and the machine's pcscd, with our simulated card on vpcd slot 1 (TCP 35964 = "Virtual PCD 00 01") in this test
// process, so the test can look at the card itself: its ADM1 retry counter and every APDU it receives.
// - ADM1 typed as 8 digits writes (sent as ASCII 38…, like pySim --adm);
// - the same 8 digits in 16 hex digits mode are refused before any APDU, on the page and by the server (400), the
//   card's ADM1 counter unchanged and not one APDU received;
// - the confirmation lists each file as the card holds it after the write (checked against the simulator's own
//   files and the page's read back); Escape and Enter do not write;
// - the TEST keys are shown for the vpcd reader only (the server marks it), not for a reader the server does not mark;
// - errors next to their controls (aria-invalid, aria-describedby): a Config1 too large for its EF while it is
//   chosen, a wrong ADM1 under the ADM1 field.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stackCard, type UiccSimulator } from '../../src/lib/card/simulator';
import type { SimEf } from '../../src/lib/card/simulator/model';
import type { VpcdClient } from '../../src/lib/server/vpcd';
import { attachSimulator, startPcscd, type PcscdRun } from '../pcsc/harness';
import { openStudio, type StudioInBrowser } from './browser';
import { efOf, recordCommands, recordedCard } from './simulated-card';
import { documentOpen, newDocument, saved, setEditorText } from './studio-page';

const READER = 'Virtual PCD 00 01';
const PORT = 35964;

function cpDocument(name: string, apn: string, extra = ''): string {
	return `<?xml version="1.0"?>
<!DOCTYPE wap-provisioningdoc PUBLIC "-//WAPFORUM//DTD PROV 1.0//EN" "http://www.wapforum.org/DTD/prov.dtd">
<wap-provisioningdoc version="1.0">
  <characteristic type="NAPDEF">
    <parm name="NAME" value="${name}"/>
    <parm name="NAPID" value="${apn.toUpperCase().replace(/\W/g, '')}"/>
    <parm name="BEARER" value="GSM-GPRS"/>
    <parm name="NAP-ADDRESS" value="${apn}"/>
    <parm name="NAP-ADDRTYPE" value="APN"/>
  </characteristic>${extra}
</wap-provisioningdoc>
`;
}

const BOOTSTRAP = cpDocument('Safety APN', 'safety.example.net');
const CONFIG1 = cpDocument('Config APN', 'config.example.net');
// A browser w2 with 40 bookmarks (RESOURCE) of distinct 60-character addresses: each string is inline (used once), so
// the WBXML is well over the 1024 bytes of the card's EF 6E02 (40 × ~70 bytes).
const BOOKMARKS = `
  <characteristic type="APPLICATION">
    <parm name="APPID" value="w2"/>
    <parm name="TO-NAPID" value="BIGEXAMPLENET"/>${Array.from({ length: 40 }, (_, i) => `
    <characteristic type="RESOURCE">
      <parm name="URI" value="http://bookmark-${String(i).padStart(2, '0')}.example.net/a/long/path/to/fill/the/file/${i}"/>
    </characteristic>`).join('')}
  </characteristic>`;
const TOO_BIG = cpDocument('Too big', 'big.example.net', BOOKMARKS);

let pcscd: PcscdRun | undefined;
let sim: VpcdClient | undefined;
let card: UiccSimulator;
let studio: StudioInBrowser;
let page: Page;
/** Every command APDU the card received, as hex. */
let received: string[] = [];
let updates = 0;

beforeAll(async () => {
	pcscd = await startPcscd('pstudio-e2e-card-safety-', { reuse: true });
	({ card, received } = recordedCard());
	card.onUpdate = () => updates++;
	sim = await attachSimulator(PORT, card);
	studio = await openStudio();
	page = studio.page;
});

afterAll(async () => {
	await studio?.close();
	await sim?.stop();
	await pcscd?.stop();
});

function admRetries(): number {
	const key = card.state.keys.ADM1;
	if (!key) throw new Error('the simulated card has no ADM1');
	return key.remaining;
}

const ef = (...fids: number[]): SimEf => efOf(card, ...fids);

/** Bytes before the FF padding, counted here from the card's bytes. */
function used(bytes: Uint8Array): number {
	let n = bytes.length;
	while (n > 0 && bytes[n - 1] === 0xff) n--;
	return n;
}

async function chooseReader(): Promise<void> {
	await page.locator(`[data-testid="reader-select"] option[value="${READER}"]`, { hasText: 'card' }).waitFor({ state: 'attached', timeout: 15_000 });
	await page.getByTestId('reader-select').selectOption(READER);
	await expect.poll(() => page.getByTestId('card-iccid').textContent(), { timeout: 15_000 }).toBe('8949000000000000001');
	// The card's files are read once it is chosen (the capacity check uses their sizes).
	await expect.poll(() => page.getByTestId('capacity-source').textContent(), { timeout: 15_000 }).toContain("this card's files");
}

/** A new library document with `text`, saved; its name. */
async function libraryDocument(text: string): Promise<string> {
	const name = await newDocument(page, 'cp-empty');
	await setEditorText(page, text);
	await saved(page);
	return name;
}

/** The input's aria-describedby resolves to elements whose text contains `text`. */
async function describedAs(selector: string, text: string): Promise<boolean> {
	return page.locator(selector).evaluate((el, wanted) => {
		const ids = (el.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean);
		return ids.some((id) => document.getElementById(id)?.textContent?.includes(wanted) ?? false);
	}, text);
}

let config1Name = '';
let bigName = '';

describe('Card page: ADM1 format, confirmation, TEST keys, errors at their controls', () => {
	it('refuses 88888888 in 16 hex digits mode before any APDU: on the page, and the server with 400', async () => {
		await studio.withScreenshot('card-safety-hex-refused', async () => {
			await page.goto(studio.url);
			bigName = await libraryDocument(TOO_BIG);
			config1Name = await libraryDocument(CONFIG1);
			await libraryDocument(BOOTSTRAP);
			await page.goto(`${studio.url}card`);
			await documentOpen(page);
			await chooseReader();

			// The page's reading of the card is done: from here on the card must receive nothing.
			await new Promise((r) => setTimeout(r, 1500));
			const before = received.length;
			const retries = admRetries();
			expect(retries).toBe(10);

			await page.getByTestId('adm-format-hex').check();
			await page.getByTestId('adm').fill('88888888');
			const problem = 'ADM in hex mode needs 16 hex digits; 8 given — did you mean 8 digits mode?';
			await expect.poll(() => page.getByTestId('adm-problem').textContent()).toBe(problem);
			expect(await page.getByTestId('adm').getAttribute('aria-invalid')).toBe('true');
			expect(await describedAs('[data-testid="adm"]', problem)).toBe(true);
			expect(await page.getByTestId('write').isDisabled()).toBe(true);
			expect(await page.getByTestId('write-hint').textContent()).toBe('The ADM1 key does not fit its format (see above).');

			// The server refuses the same, whoever sends it: the page's own origin, the key "88888888" as hex.
			const answer = await page.evaluate(async (reader) => {
				const r = await fetch('/api/card/write', {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify({ reader, documents: { bootstrap: { wbxmlHex: '030B6A00C50101' } }, adm: '88888888', admFormat: 'hex' })
				});
				return { status: r.status, body: (await r.json()) as { error: { message: string }; trace: unknown[] } };
			}, READER);
			expect(answer).toEqual({ status: 400, body: { ok: false, error: { code: 'BAD_REQUEST', message: `adm: ${problem}` }, trace: [] } });

			await new Promise((r) => setTimeout(r, 1000));
			expect(received.length - before).toBe(0);
			expect(admRetries()).toBe(retries);
		});
	});

	it('shows a Config1 too large for its EF next to its picker as it is chosen, not after Write', async () => {
		await studio.withScreenshot('card-safety-capacity', async () => {
			await page.getByTestId('config1-select').selectOption({ label: bigName });
			const problem = page.getByTestId('config1-problem');
			await problem.waitFor({ timeout: 15_000 });
			// EF 6E02 is 1024 bytes on the default card (default-profile.ts); the message gives both sizes.
			expect(await problem.textContent()).toMatch(/^Config1: Config1 is (\d{4}) bytes; EF 6E02 on the card holds 1024 \(its FCP\): \d+ bytes too many$/);
			const size = Number(/is (\d+) bytes/.exec((await problem.textContent()) ?? '')?.[1]);
			expect(await problem.textContent()).toContain(`${size - 1024} bytes too many`);
			expect(await page.getByTestId('config1-select').getAttribute('aria-invalid')).toBe('true');
			expect(await describedAs('[data-testid="config1-select"]', 'EF 6E02 on the card holds 1024')).toBe(true);
			await page.getByTestId('adm-format-digits').check();
			await page.getByTestId('adm').fill('88888888');
			expect(await page.getByTestId('write').isDisabled()).toBe(true);
			await page.getByTestId('config1-select').selectOption({ label: config1Name });
			await expect.poll(() => page.getByTestId('config1-problem').count()).toBe(0);
			await expect.poll(() => page.getByTestId('write').isDisabled()).toBe(false);
		});
	});

	it('asks before writing: Escape and Enter cancel, nothing is written', async () => {
		await studio.withScreenshot('card-safety-cancel', async () => {
			const verifies = () => received.filter((c) => c.startsWith('0020')).length;
			const before = verifies();
			await page.getByTestId('write').click();
			await page.getByTestId('plan-dialog').waitFor({ timeout: 30_000 });
			// Focus starts on Cancel: an Enter pressed by habit cancels.
			expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('plan-cancel');
			await page.keyboard.press('Escape');
			await expect.poll(() => page.getByTestId('plan-dialog').count()).toBe(0);
			await page.getByTestId('write').click();
			await page.getByTestId('plan-dialog').waitFor({ timeout: 30_000 });
			await page.keyboard.press('Enter');
			await expect.poll(() => page.getByTestId('plan-dialog').count()).toBe(0);
			expect(verifies()).toBe(before);
			expect(updates).toBe(0);
		});
	});

	it('writes with ADM1 typed as 8 digits, after a confirmation that lists the files as the card then holds them', async () => {
		await studio.withScreenshot('card-safety-write', async () => {
			expect(await page.getByTestId('adm-preview').textContent()).toContain('VERIFY ADM1 (P2=0A), 8 bytes: 3• 3• 3• 3• 3• 3• 3• 3•');
			await page.getByTestId('write').click();
			await page.getByTestId('plan-dialog').waitFor({ timeout: 30_000 });
			const rows = await page.getByTestId('plan-row').evaluateAll((trs) => trs.map((tr) => ({ line: tr.getAttribute('data-line') ?? '', action: tr.getAttribute('data-action') ?? '' })));
			// The default card: PKCS#15 files present and erased, EF.DIR record 2 already naming the application.
			expect(rows.map((r) => r.line.replace(/, \d+ used$/, ', N used'))).toEqual([
				'EF.DIR 3F00 2F00 record 2: replaced: same bytes, 32 B, N used',
				'ODF 3F00 7F50 5031: replaced: content changes, 128 B, N used',
				'TokenInfo 3F00 7F50 5032: replaced: content changes, 128 B, N used',
				'DODF 3F00 7F50 6E00: replaced: content changes, 512 B, N used',
				'Bootstrap 3F00 7F50 6E01: replaced: content changes, 2048 B, N used',
				'Config1 3F00 7F50 6E02: replaced: content changes, 1024 B, N used',
				'Config2 3F00 7F50 6E03: left alone, 1024 B, empty'
			]);
			expect(received.filter((c) => c.startsWith('0020')).length, 'no VERIFY before the confirmation').toBe(0);
			await page.getByTestId('plan-confirm').click();
			await page.getByTestId('write-verdict').waitFor({ timeout: 60_000 });
			expect(await page.getByTestId('write-verdict').textContent()).toMatch(/^\s*Verified: all 6 files read back equal/);
			// 8 digits went out as their ASCII bytes: VERIFY ADM1 00 20 00 0A 08 3838383838383838 (pySim --adm 88888888).
			expect(received).toContain('0020000A083838383838383838');
			expect(admRetries()).toBe(10);

			// Each row against the card's own files: size and bytes in use exactly as listed.
			const expected = new Map<string, Uint8Array>([
				['ODF 3F00 7F50 5031', ef(0x7f50, 0x5031).data],
				['TokenInfo 3F00 7F50 5032', ef(0x7f50, 0x5032).data],
				['DODF 3F00 7F50 6E00', ef(0x7f50, 0x6e00).data],
				['Bootstrap 3F00 7F50 6E01', ef(0x7f50, 0x6e01).data],
				['Config1 3F00 7F50 6E02', ef(0x7f50, 0x6e02).data],
				['Config2 3F00 7F50 6E03', ef(0x7f50, 0x6e03).data]
			]);
			const dir = ef(0x2f00);
			expected.set('EF.DIR 3F00 2F00 record 2', dir.data.slice(32, 64));
			for (const row of rows) {
				const where = row.line.slice(0, row.line.indexOf(':'));
				const bytes = expected.get(where);
				if (!bytes) throw new Error(`no file on the card for ${row.line}`);
				const m = /, (\d+) B, (?:(\d+) used|empty)$/.exec(row.line);
				if (!m) throw new Error(`no sizes in ${row.line}`);
				expect([Number(m[1]), m[2] === undefined ? 0 : Number(m[2])], where).toEqual([bytes.length, used(bytes)]);
			}

			// And through the page's own read back: the documents it finds have the sizes the confirmation gave.
			await page.getByTestId('read-back').click();
			await page.getByTestId('equal-line').first().waitFor({ timeout: 60_000 });
			const found = await page.getByTestId('read-document').locator('h3').allTextContents();
			const line = (label: string) => rows.find((r) => r.line.startsWith(`${label} `))?.line ?? '';
			for (const label of ['Bootstrap', 'Config1']) {
				const m = /, (\d+) B, (\d+) used$/.exec(line(label));
				if (!m) throw new Error(`no size in ${line(label)}`);
				expect(found.some((h) => h.startsWith(label) && h.includes(`${m[2]} bytes (file ${m[1]})`)), `${label}: ${found.join(' | ')}`).toBe(true);
			}
			for (const text of await page.getByTestId('equal-line').allTextContents()) expect(text).toMatch(/^Equal to what was authored: yes/);
		});
	});

	it('shows a wrong ADM1 under the ADM1 field, described by it', async () => {
		await studio.withScreenshot('card-safety-wrong-adm', async () => {
			await page.getByTestId('adm').fill('12345678');
			await page.getByTestId('write').click();
			await page.getByTestId('plan-confirm').click({ timeout: 30_000 });
			const shown = page.getByTestId('adm-field').getByTestId('adm-card-error');
			await shown.waitFor({ timeout: 60_000 });
			expect(await shown.textContent()).toBe('VERIFY ADM1 00 20 00 0A 08 ****: 63C9 verification failed, 9 retries left — 9 tries left before the key is blocked');
			expect(await page.getByTestId('adm').getAttribute('aria-invalid')).toBe('true');
			expect(await describedAs('[data-testid="adm"]', '63C9 verification failed')).toBe(true);
			expect(admRetries()).toBe(9);
			// A right key again resets the counter (TS 102 221 §11.1.9), for whoever uses this card next.
			await page.getByTestId('adm').fill('88888888');
			await page.getByTestId('write').click();
			await page.getByTestId('plan-confirm').click({ timeout: 30_000 });
			await page.getByTestId('write-verdict').waitFor({ timeout: 60_000 });
			expect(admRetries()).toBe(10);
		});
	});

	it('refuses to write when the card was swapped after the confirmation was read: nothing is sent to the other card', async () => {
		await studio.withScreenshot('card-safety-swapped', async () => {
			await page.getByTestId('write').click();
			await page.getByTestId('plan-dialog').waitFor({ timeout: 30_000 });
			// While the dialog shows the first card's files, that card is taken out and another put in: same keys, its
			// own ICCID (8949010000000000008: Luhn over 894901000000000000 gives 8, as in tests/unit/station).
			await sim!.stop();
			await new Promise((r) => setTimeout(r, 1000)); // pcscd polls vpcd for presence: let it see the slot empty
			const other = stackCard({ iccid: '8949010000000000008', adm1: new TextEncoder().encode('88888888') });
			const toOther = recordCommands(other.simulator);
			sim = await attachSimulator(PORT, other.simulator);
			await new Promise((r) => setTimeout(r, 1000));
			await page.getByTestId('plan-confirm').click();
			const refused = page.getByTestId('card-error').filter({ hasText: 'not ICCID' });
			await refused.waitFor({ timeout: 30_000 });
			expect(await refused.textContent()).toBe(
				'the card in the reader is ICCID 8949010000000000008, not ICCID 8949000000000000001 whose files the confirmation showed: nothing was sent to it; check the card and write again'
			);
			// The server read EF.ICCID and stopped: no key presented, no file touched on the other card.
			expect(toOther.filter((c) => c.startsWith('0020'))).toEqual([]);
			expect(toOther.filter((c) => /^00D[6C]/.test(c))).toEqual([]);
			expect(other.counter.updates).toBe(0);
			// The page reads the card now in the reader for the next confirmation.
			await expect.poll(() => page.getByTestId('card-iccid').textContent(), { timeout: 15_000 }).toBe('8949010000000000008');

			// The first card back, for the tests after this one; read again through the page's own button (pcscd may not
			// have noticed a quick swap, so the page would not know to read it by itself).
			await sim.stop();
			await new Promise((r) => setTimeout(r, 1000));
			sim = await attachSimulator(PORT, card);
			const readIdentity = page.getByRole('button', { name: 'Read identity' });
			await expect
				.poll(
					async () => {
						await readIdentity.click({ timeout: 2000 }).catch(() => undefined);
						return page.getByTestId('card-iccid').textContent();
					},
					{ timeout: 30_000, interval: 1000 }
				)
				.toBe('8949000000000000001');
		});
	});

	it('shows the TEST keys for the vpcd reader the server marks as simulated, and not for another reader', async () => {
		await studio.withScreenshot('card-safety-test-keys', async () => {
			const readers = await page.evaluate(async () => (await (await fetch('/api/card/readers')).json()) as { readers: { name: string; simulated?: boolean }[] });
			expect(readers.readers.find((r) => r.name === READER)?.simulated).toBe(true);
			expect(await page.getByTestId('test-keys').textContent()).toContain('ADM1 88888888 in 8 digits mode');

			// A real reader cannot be plugged in here: the server's answer is replaced by one naming a reader it would not
			// mark (simulated-reader.ts; unit tested in tests/unit/card-page/simulated-reader.test.ts).
			await page.route('**/api/card/readers', (route) =>
				route.fulfill({ contentType: 'application/json', body: JSON.stringify({ readers: [{ name: 'Virtual PCD Reader 00 00', present: true, atr: '3B9F96801FC78031A073BE21136743200718000001A5' }] }) })
			);
			await page.reload();
			await expect.poll(() => page.getByTestId('reader-select').inputValue(), { timeout: 15_000 }).toBe('Virtual PCD Reader 00 00');
			await page.getByTestId('real-card-note').waitFor({ timeout: 15_000 });
			expect(await page.getByTestId('test-keys').count()).toBe(0);
			expect(await page.content()).not.toContain('88888888');
			await page.unroute('**/api/card/readers');
		});
	});

	it('says whose readers these are', async () => {
		await page.goto(`${studio.url}card`);
		expect(await page.getByTestId('readers-owner').textContent()).toContain('the machine that runs the studio server');
	});

	it('says what the ProvSC profile is: the layout written, and the chain a phone reads (EF.DIR → ODF → DODF → 6E01..6E03)', async () => {
		await page.goto(`${studio.url}card`);
		// The DF and the EF.DIR announcement are the default profile's (smartcard-provisioning.md §2: DF(PKCS#15) 7F50 on a SIM).
		expect(await page.getByTestId('profile-line').textContent()).toBe('Card layout: OMA ProvSC on a SIM/UICC: DF(PKCS#15) 3F00 7F50, announced in EF.DIR by AID and path.');
		const help = page.getByTestId('provsc-help');
		expect(await help.locator('p').isVisible()).toBe(false);
		await help.locator('summary').click();
		const text = (await help.locator('p').textContent())!.replace(/\s+/g, ' ');
		expect(text).toContain('A0 00 00 00 63 50 4B 43 53 2D 31 35');
		expect(text).toContain('EF 6E01 the Bootstrap, EF 6E02 Config1, EF 6E03 Config2');
	});
});
