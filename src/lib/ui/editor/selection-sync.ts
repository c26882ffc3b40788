// The two hooks between the editor and a view of the same document's bytes (the WBXML hex view):
// - out: the caret, each time it moves or the text changes (offset in the editor's text, and the parser's
//   line:column), so the hex view can highlight the bytes of the XML under it;
// - in: selectXmlRange, so a click on a byte can select the XML it came from.
// Offsets are UTF-16 units in the editor's text, i.e. the `text` the editor component emits (CodeMirror joins lines
// with "\n": a CRLF document is emitted with LF line ends once edited).
import { EditorSelection, type Extension } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { lineColumnAt } from './findings';

export interface Caret {
	/** Where the cursor is (the selection's head). */
	offset: number;
	/** The selection's other end; equal to `offset` when nothing is selected. */
	anchor: number;
	/** 1-based, counted as the validator counts them (findings.ts). */
	line: number;
	column: number;
}

export function caretOf(view: { state: EditorView['state'] }): Caret {
	const main = view.state.selection.main;
	const { line, column } = lineColumnAt(view.state.doc, main.head);
	return { offset: main.head, anchor: main.anchor, line, column };
}

/** Calls `onCaret` whenever the main selection moves or the text changes (not on every unrelated update). */
export function caretListener(onCaret: (caret: Caret) => void): Extension {
	return EditorView.updateListener.of((update) => {
		if (!update.selectionSet && !update.docChanged) return;
		const before = update.startState.selection.main;
		const after = update.state.selection.main;
		if (!update.docChanged && before.head === after.head && before.anchor === after.anchor) return;
		onCaret(caretOf(update.view));
	});
}

/** Selects from..to (clamped to the text) and scrolls it into view; the editor keeps or takes focus as asked. */
export function selectXmlRange(view: EditorView, from: number, to: number = from, options: { focus?: boolean } = {}): void {
	const length = view.state.doc.length;
	const a = Math.max(0, Math.min(from, length));
	const b = Math.max(0, Math.min(to, length));
	view.dispatch({
		selection: EditorSelection.single(a, b),
		effects: EditorView.scrollIntoView(Math.min(a, b), { y: 'center' }),
		userEvent: 'select.sync'
	});
	if (options.focus) view.focus();
}
