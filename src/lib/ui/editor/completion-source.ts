// The CodeMirror completion source over completionsAt (cp-completions.ts): the same list, as CodeMirror completions.
// Choosing a parm element whose value is an enumeration or an id opens the list of its values right away.
import { snippet, startCompletion, type Completion, type CompletionContext, type CompletionResult, type CompletionSource } from '@codemirror/autocomplete';
import type { EditorView } from '@codemirror/view';
import { completionsAt, type CompletionItem } from './cp-completions';

const TYPES: Readonly<Record<CompletionItem['kind'], string>> = {
	characteristic: 'class',
	parm: 'property',
	value: 'enum',
	reference: 'variable'
};

export const cpCompletionSource: CompletionSource = (context: CompletionContext): CompletionResult | null => {
	const result = completionsAt(context.state.doc.toString(), context.pos, { explicit: context.explicit });
	if (result === null || result.items.length === 0) return null;
	return {
		from: result.from,
		to: result.to,
		options: result.items.map(toCompletion),
		validFor: new RegExp(result.validFor)
	};
};

function toCompletion(item: CompletionItem): Completion {
	const completion: Completion = { label: item.label, type: TYPES[item.kind], detail: item.detail };
	if (item.info !== undefined) completion.info = item.info;
	if (item.insert === undefined) return completion;
	if (!item.snippet) {
		completion.apply = item.insert;
		return completion;
	}
	const insert = snippet(item.insert);
	// A parm with a value field: offer its values once the element is in (an empty list closes itself).
	const opensValues = item.kind === 'parm' && item.insert.includes('value="${}"');
	completion.apply = (view: EditorView, chosen: Completion, from: number, to: number) => {
		insert(view, chosen, from, to);
		if (opensValues) setTimeout(() => startCompletion(view), 0);
	};
	return completion;
}
