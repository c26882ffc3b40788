// The studio editor's extensions, composed: CodeMirror's usual editing features (line numbers, folding, bracket
// matching, search, history, completion), the studio theme, the findings lint, and the language's own features
// (CP: schema completion, hover, go to definition, rename; DM account: completion of DMAcc node names).
//
// Keyboard and accessibility: Tab and Shift-Tab indent inside the editor (indentWithTab). To leave the editor with
// the keyboard, press Escape and then Tab (or Shift-Tab) within two seconds — CodeMirror's tab-focus mode — or
// toggle that mode with Ctrl-M (Shift-Alt-M on macOS) so that Tab moves focus until it is toggled off again.
import { autocompletion, closeBrackets, closeBracketsKeymap } from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { bracketMatching, foldGutter, foldKeymap, indentOnInput, indentUnit } from '@codemirror/language';
import { lintKeymap } from '@codemirror/lint';
import { highlightSelectionMatches, search, searchKeymap } from '@codemirror/search';
import { EditorState, type Extension } from '@codemirror/state';
import {
	drawSelection,
	dropCursor,
	EditorView,
	highlightActiveLine,
	highlightActiveLineGutter,
	highlightSpecialChars,
	keymap,
	lineNumbers
} from '@codemirror/view';
import { caretStillWhileTyping } from './caret-blink';
import { accessibleCompletionList, dialogFocusReturn } from './a11y';
import { cpLanguage } from './cp-language';
import { dmLanguage } from './dm-language';
import { findingsLint } from './findings-lint';
import { cpHover } from './hover-tooltip';
import { cpNavigation } from './navigation-commands';
import { placeholders } from './placeholders';
import { studioTheme } from './theme';

export type EditorLanguage = 'cp' | 'dm';

export interface EditorSetupOptions {
	language: EditorLanguage;
	/** The accessible name of the text area. */
	label: string;
	readonly?: boolean;
}

/** The features of one language: CP (wap-provisioningdoc) or a DM account in XML (<DMAcc>). */
export function languageExtensions(language: EditorLanguage): Extension {
	return language === 'cp' ? [cpLanguage(), cpHover(), cpNavigation(), placeholders('cp')] : [dmLanguage(), placeholders('dm-account')];
}

/** Everything but the language, the label and read-only (which a component may want to change later). */
export function baseExtensions(): Extension {
	return [
		lineNumbers(),
		highlightActiveLineGutter(),
		highlightSpecialChars(),
		history(),
		foldGutter(),
		drawSelection(),
		caretStillWhileTyping(),
		dropCursor(),
		EditorState.allowMultipleSelections.of(true),
		indentOnInput(),
		indentUnit.of('  '),
		bracketMatching(),
		closeBrackets(),
		autocompletion({ icons: false }),
		accessibleCompletionList(),
		dialogFocusReturn(),
		highlightActiveLine(),
		highlightSelectionMatches(),
		search({ top: true }),
		keymap.of([...closeBracketsKeymap, ...defaultKeymap, ...searchKeymap, ...historyKeymap, ...foldKeymap, ...lintKeymap, indentWithTab]),
		// tabindex="0" changes no Tab order (the editable text is a Tab stop already) but lets axe's
		// scrollable-region-focusable (WCAG 2.1.1) see that the scroller holds a tab stop, as it does not count
		// contenteditable; a read-only editor (a version shown) becomes a Tab stop too, so its text can be scrolled.
		EditorView.contentAttributes.of({ 'aria-multiline': 'true', spellcheck: 'false', autocorrect: 'off', autocapitalize: 'off', tabindex: '0' }),
		studioTheme(),
		findingsLint()
	];
}

export function studioEditorExtensions(options: EditorSetupOptions): Extension {
	return [
		baseExtensions(),
		EditorView.contentAttributes.of({ 'aria-label': options.label }),
		EditorState.readOnly.of(options.readonly === true),
		languageExtensions(options.language)
	];
}
