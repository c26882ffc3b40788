// What CodeMirror's own DOM lacks for axe's serious rules. The completion list is a scrollable listbox driven from
// the editor (aria-activedescendant: the arrow keys move through it while focus stays in the text); axe's
// scrollable-region-focusable (WCAG 2.1.1) still wants a scrollable region in the tab order, so the list gets
// tabindex="0". It is no lasting Tab stop: CodeMirror closes the list when the editor loses focus to anything else.
import { completionStatus } from '@codemirror/autocomplete';
import type { Extension } from '@codemirror/state';
import { ViewPlugin } from '@codemirror/view';

export function accessibleCompletionList(): Extension {
	return ViewPlugin.define((view) => {
		const mark = (): void => {
			for (const list of view.dom.querySelectorAll('.cm-tooltip-autocomplete > ul[role="listbox"]:not([tabindex])')) list.setAttribute('tabindex', '0');
		};
		return {
			// Only while a list is shown: a measure asked for at every transaction asked the browser for a frame of its
			// own after each completion query that found nothing (~100 ms after a keystroke), and a keystroke coming
			// just after such an empty frame waited for the next tick of the frame clock (studio bench, issue 9 (a)).
			update(update) {
				if (update.transactions.length > 0 && completionStatus(update.state) === 'active') view.requestMeasure({ read: () => null, write: mark });
			}
		};
	});
}

// CodeMirror's dialogs (Go to line, Ctrl-Alt-G) give the focus back to the text only when
// `document.activeElement` is inside the dialog, which is never true in our shadow root (there it is the host), so
// after Enter or Escape the caret moved but the keyboard was left on <body>: the next keystroke went nowhere.
// The keys and buttons that close a dialog put the focus back in the text first (capture phase, before the dialog's
// own handler reads its form), in the same task: a key typed right after lands in the text.
export function dialogFocusReturn(): Extension {
	return ViewPlugin.define((view) => {
		const handle = (event: Event): void => {
			const target = event.target;
			if (!(target instanceof Element) || target.closest('.cm-dialog') === null) return;
			const closes = event instanceof KeyboardEvent ? event.key === 'Enter' || event.key === 'Escape' : target.closest('button') !== null;
			if (closes) view.focus();
		};
		view.dom.addEventListener('keydown', handle, true);
		view.dom.addEventListener('click', handle, true);
		return {
			destroy() {
				view.dom.removeEventListener('keydown', handle, true);
				view.dom.removeEventListener('click', handle, true);
			}
		};
	});
}
