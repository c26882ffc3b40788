// Placeholders of a batch template in the editor (issue 11 §2): every `${NAME}` marked where it stands (visible
// lines only, CodeMirror's MatchDecorator), and `${` completed with the names the template declares, each with the
// type its places ask for (placeholder-names.ts). The types are worked out only when the list is asked for, so a
// document without placeholders costs one regular expression over the visible lines.
import type { CompletionContext, CompletionResult } from '@codemirror/autocomplete';
import { EditorState, type Extension } from '@codemirror/state';
import { Decoration, EditorView, MatchDecorator, ViewPlugin, type DecorationSet, type ViewUpdate } from '@codemirror/view';
import { placeholderRegExp } from '../../documents/template';
import { declaredPlaceholders, placeholderPrefix } from './placeholder-names';

const marker = new MatchDecorator({
	regexp: placeholderRegExp(),
	decoration: (match) =>
		Decoration.mark({
			class: 'cm-ps-placeholder',
			attributes: { title: `placeholder ${match[1]}: filled from the order's ${match[1]} column, one document per row`, 'data-placeholder': match[1] }
		})
});

const marks = ViewPlugin.fromClass(
	class {
		decorations: DecorationSet;
		constructor(view: EditorView) {
			this.decorations = marker.createDeco(view);
		}
		update(update: ViewUpdate): void {
			this.decorations = marker.updateDeco(update, this.decorations);
		}
	},
	{ decorations: (plugin) => plugin.decorations }
);

// Colours from the editor's variables (theme.ts), so both schemes follow; the outline keeps it visible on a selection.
const look = EditorView.baseTheme({
	'.cm-ps-placeholder': {
		color: 'var(--ps-code-meta, #6f42c1)',
		fontWeight: '600',
		outline: '1px dashed var(--ps-code-meta, #6f42c1)',
		outlineOffset: '-1px',
		borderRadius: '2px'
	}
});

function completions(kind: 'cp' | 'dm-account') {
	return (context: CompletionContext): CompletionResult | null => {
		const line = context.state.doc.lineAt(context.pos);
		const prefix = placeholderPrefix(line.text.slice(0, context.pos - line.from));
		if (prefix === undefined) return null;
		const declared = declaredPlaceholders(context.state.doc.toString(), kind);
		if (declared.length === 0) return null;
		return {
			from: line.from + prefix.from,
			options: declared.map((p) => ({
				label: p.name,
				type: 'variable',
				detail: p.secret ? `${p.type}, secret` : p.type,
				info: p.where === '' ? undefined : `Stands in ${p.where}; each row's value must be ${p.type}.`,
				apply: context.state.sliceDoc(context.pos, context.pos + 1) === '}' ? p.name : `${p.name}}`
			})),
			validFor: /^[A-Za-z0-9_]*$/
		};
	};
}

// One source per kind, made once: the autocompletion keeps a source's pending answer only while the source is the
// same function, and the language data is asked again at every transaction.
const SOURCES = { cp: completions('cp'), 'dm-account': completions('dm-account') } as const;
const DATA = {
	cp: EditorState.languageData.of(() => [{ autocomplete: SOURCES.cp }]),
	'dm-account': EditorState.languageData.of(() => [{ autocomplete: SOURCES['dm-account'] }])
} as const;

/** Marks and completion of `${NAME}` placeholders, for a CP document or a DM account template. */
export function placeholders(kind: 'cp' | 'dm-account' = 'cp'): Extension {
	return [marks, look, DATA[kind]];
}
