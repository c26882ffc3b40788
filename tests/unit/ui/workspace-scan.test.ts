// The workspace's secret scan after autosave (src/lib/ui/workspace/workspace.ts #written): one write answers every
// saveDraft typed since the last one, and the text it wrote is scanned once, not once per keystroke (a full scan of a
// 20,000-line document is ~25 ms of the page's thread). The scans are counted through the library's secretFieldsOf.
import { describe, expect, it, vi } from 'vitest';
import { createMemoryDatabase, openLibrary, openMemoryStorage } from '../../../src/lib/library';
import { SAMPLE_DOCUMENT } from '../../../src/lib/ui/sample';
import type { KeyValueStore } from '../../../src/lib/ui/workspace/last-document';
import { Workspace } from '../../../src/lib/ui/workspace/workspace';
import { ManualClock, settle, uniqueName } from '../library/helpers';

const scans = vi.hoisted(() => ({ texts: [] as string[] }));
vi.mock('../../../src/lib/library', async (importOriginal) => {
	const real = await importOriginal<typeof import('../../../src/lib/library')>();
	return {
		...real,
		secretFieldsOf: (text: string) => {
			scans.texts.push(text);
			return real.secretFieldsOf(text);
		}
	};
});

const memoryStore = (): KeyValueStore => {
	const map = new Map<string, string>();
	return { getItem: (k) => map.get(k) ?? null, setItem: (k, v) => void map.set(k, v), removeItem: (k) => void map.delete(k) };
};

describe('secret fields after autosave', () => {
	it('scans the written text once for the ten keystrokes one write covers, and again after the next write', async () => {
		const clock = new ManualClock();
		const database = createMemoryDatabase(uniqueName());
		const ws = new Workspace({
			openLibrary: async () => openLibrary({ storage: await openMemoryStorage(database, { now: clock.now }), now: clock.now, timers: clock }),
			store: memoryStore(),
			timers: { set: () => 0, clear: () => undefined }
		});
		await ws.start();
		const typed = (n: number): string => SAMPLE_DOCUMENT.replace('Example GPRS', `Example GPRS ${'x'.repeat(n)}`);
		scans.texts = [];
		for (let k = 1; k <= 10; k++) ws.edit(typed(k));
		clock.advance(1000);
		await ws.flush();
		await settle();
		expect(ws.saveState).toBe('saved');
		expect(scans.texts).toEqual([typed(10)]);

		ws.edit(typed(11));
		clock.advance(1000);
		await ws.flush();
		await settle();
		expect(scans.texts).toEqual([typed(10), typed(11)]);
	});
});
