// The words the pages use for the workspace's states, in one place (and unit tested).
import type { VersionOrigin } from '../../library';
import type { SaveState } from './workspace';

export const SAVE_STATE_LABELS: Readonly<Record<SaveState, string>> = {
	saved: 'Saved',
	saving: 'Saving…',
	conflict: 'Conflict: changed in another tab',
	deleted: 'Deleted in another tab: not saved',
	closed: 'Library closed: not saved'
};

/** What a version's origin adds to its line in the list (a saved version says nothing more). */
export const VERSION_ORIGIN_LABELS: Readonly<Record<VersionOrigin, string>> = {
	save: '',
	restore: 'restored',
	'before-restore': 'before a restore',
	conflict: 'conflict copy',
	import: 'imported'
};
