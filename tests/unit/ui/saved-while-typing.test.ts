import { describe, expect, it } from 'vitest';
import { SAVED_AFTER_PAUSE_MS, savedShownIn } from '../../../src/lib/ui/workspace/saved-while-typing';

describe('"✓ Saved" waits for a pause in the typing', () => {
	it('a save done 120 ms after the last edit is shown 180 ms later (300 ms after the edit); one done after a pause at once', () => {
		expect(SAVED_AFTER_PAUSE_MS).toBe(300);
		expect(savedShownIn('saving', 'saved', 120)).toBe(180);
		expect(savedShownIn('saving', 'saved', 0)).toBe(300);
		expect(savedShownIn('saving', 'saved', 300)).toBe(0);
		expect(savedShownIn('saving', 'saved', 5000)).toBe(0);
	});

	it('no other change waits: a conflict, a deleted or closed document, the first keystroke making the text unsaved', () => {
		for (const next of ['conflict', 'deleted', 'closed', 'saving']) expect(savedShownIn('saving', next, 10)).toBe(0);
		expect(savedShownIn('saved', 'saving', 10)).toBe(0);
		expect(savedShownIn('conflict', 'saved', 10)).toBe(0);
		expect(savedShownIn('saved', 'saved', 10)).toBe(0);
	});
});
