// What CodeMirror's own DOM lacks for axe's serious rules. The completion list is a scrollable listbox driven from
// the editor (aria-activedescendant: the arrow keys move through it while focus stays in the text); axe's
// scrollable-region-focusable (WCAG 2.1.1) still wants a scrollable region in the tab order, so the list gets
// tabindex="0". It is no lasting Tab stop: CodeMirror closes the list when the editor loses focus to anything else.
import type { Extension } from '@codemirror/state';
import { ViewPlugin } from '@codemirror/view';

export function accessibleCompletionList(): Extension {
	return ViewPlugin.define((view) => {
		const mark = (): void => {
			for (const list of view.dom.querySelectorAll('.cm-tooltip-autocomplete > ul[role="listbox"]:not([tabindex])')) list.setAttribute('tabindex', '0');
		};
		return {
			update(update) {
				if (update.transactions.length > 0) view.requestMeasure({ read: () => null, write: mark });
			}
		};
	});
}
