// Navigation over CP ids (cp-navigation.ts): F12 or Ctrl/Cmd-click goes to the NAPDEF a TO-NAPID names (the
// PXLOGICAL of a TO-PROXY, the APPLICATION of a TO-APPREF); F2 renames the NAPID (PROXY-ID, APPREF) under the cursor
// together with every reference to it, in one transaction, so that one undo takes it all back.
import { EditorSelection, type Extension } from '@codemirror/state';
import { EditorView, keymap, showDialog, type Command } from '@codemirror/view';
import { occurrencesAt, definitionAt, renameAt, type RenameResult } from './cp-navigation';

/** Selects the definition of the id under the cursor. False when there is none (not on a reference, or undefined). */
export const goToDefinition: Command = (view) => goToDefinitionAt(view, view.state.selection.main.head);

function goToDefinitionAt(view: EditorView, pos: number): boolean {
	const target = definitionAt(view.state.doc.toString(), pos);
	if (target === undefined) return false;
	view.dispatch({
		selection: EditorSelection.single(target.from, target.to),
		effects: EditorView.scrollIntoView(target.from, { y: 'center' }),
		userEvent: 'select.definition'
	});
	return true;
}

/**
 * Renames the id under the cursor (or the selection's head) and all its references to `newName`, as one transaction.
 * Returns what was done or why nothing was.
 */
export function renameSymbol(view: EditorView, newName: string, pos: number = view.state.selection.main.head): RenameResult {
	const result = renameAt(view.state.doc.toString(), pos, newName);
	if (result.ok) view.dispatch({ changes: result.rename.changes, userEvent: 'input.rename', scrollIntoView: true });
	return result;
}

/** F2: asks for the new name in a dialog below the editor, then renames (renameSymbol). */
export const startRename: Command = (view) => {
	const pos = view.state.selection.main.head;
	const occurrences = occurrencesAt(view.state.doc.toString(), pos);
	const first = occurrences[0];
	if (first === undefined) return false;
	const uses = occurrences.length - occurrences.filter((o) => o.role === 'definition').length;
	const { close, result } = showDialog(view, {
		label: `Rename ${first.target} "${first.value}" (${uses} reference${uses === 1 ? '' : 's'}) to`,
		input: { value: first.value, name: 'name', 'aria-label': `New ${first.target}`, 'data-testid': 'rename-input', spellcheck: 'false' },
		submitLabel: 'Rename',
		focus: true
	});
	void result.then((form) => {
		if (form === null) return;
		const field = form.elements.namedItem('name');
		const newName = field instanceof HTMLInputElement ? field.value : '';
		const outcome = renameAt(view.state.doc.toString(), pos, newName);
		if (outcome.ok) {
			view.dispatch({ changes: outcome.rename.changes, effects: close, userEvent: 'input.rename', scrollIntoView: true });
		} else {
			view.dispatch({ effects: close });
			showDialog(view, { label: `Cannot rename: ${outcome.reason}`, submitLabel: 'OK', focus: true });
		}
		view.focus();
	});
	return true;
};

export function cpNavigation(): Extension {
	return [
		keymap.of([
			{ key: 'F12', run: goToDefinition },
			{ key: 'F2', run: startRename }
		]),
		EditorView.domEventHandlers({
			mousedown(event, view) {
				// Ctrl-click (Cmd-click on macOS) on a reference: go to its definition; elsewhere CodeMirror's own
				// Ctrl-click (another cursor) applies.
				if (event.button !== 0 || !(event.ctrlKey || event.metaKey)) return false;
				const pos = view.posAtCoords({ x: event.clientX, y: event.clientY });
				if (pos === null || !goToDefinitionAt(view, pos)) return false;
				event.preventDefault();
				return true;
			}
		})
	];
}
