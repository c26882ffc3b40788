// "✓ Saved" waits for a pause in the typing. Autosave writes at least every second while someone types (the
// library's maxWait), so the status went Saving… → ✓ Saved → Saving… once a second, and each ✓ Saved was a change of
// the page at a moment unrelated to the keys: a frame of its own, after which the browser's frame clock kept
// ticking, and a keystroke arriving then waited for its next tick (studio bench, issue 9 (a)). While keys keep
// coming the next one makes the text unsaved again anyway; "Saving…" stays until the typing has paused this long.
export const SAVED_AFTER_PAUSE_MS = 300;

/**
 * How long to wait before showing that the text is saved, `sinceEdit` ms after the last edit: 0 to show it now.
 * Only the move from saving to saved waits; every other state (a conflict, a deleted document) is shown at once.
 */
export function savedShownIn(shown: string, next: string, sinceEdit: number): number {
	if (shown !== 'saving' || next !== 'saved') return 0;
	return Math.max(0, SAVED_AFTER_PAUSE_MS - sinceEdit);
}
