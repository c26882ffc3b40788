// The CodeMirror completion source over completionsAt (cp-completions.ts): the same list, as CodeMirror completions.
// Choosing a parm element whose value is an enumeration or an id opens the list of its values right away.
import { snippet, startCompletion, type Completion, type CompletionContext, type CompletionResult, type CompletionSource } from '@codemirror/autocomplete';
import type { EditorState } from '@codemirror/state';
import type { EditorView } from '@codemirror/view';
import { CHARACTERISTICS } from '../../documents/provcont/rules/schema';
import { completionsAt, type CompletionItem } from './cp-completions';
import { isParmElement } from './cp-context';
import { attributeOf, readTag } from './xml-scan';

const TYPES: Readonly<Record<CompletionItem['kind'], string>> = {
	characteristic: 'class',
	parm: 'property',
	value: 'enum',
	reference: 'variable'
};

/** Parm names whose value some characteristic completes (an enumeration, an integer's words, a reference). */
const COMPLETABLE_VALUES = new Set(
	Object.values(CHARACTERISTICS).flatMap((c) =>
		Object.entries(c.parms)
			.filter(([, p]) => p.value.kind === 'enum' || p.value.kind === 'ref' || (p.value.kind === 'integer' && p.value.words !== undefined))
			.map(([name]) => name)
	)
);

/**
 * Whether the cursor is, on its own line, in the value of a parm whose value nothing completes (NAME, NAP-ADDRESS,
 * ...): then completionsAt would answer nothing, and reading the whole document to find that out is skipped. Typing
 * free text in a value is most of the typing in a CP document.
 */
function inFreeTextValue(state: EditorState, pos: number): boolean {
	const line = state.doc.lineAt(pos);
	const before = line.text.slice(0, pos - line.from);
	const lt = before.lastIndexOf('<');
	if (lt < 0) return false;
	const tag = readTag(line.text, lt);
	if (tag.kind !== 'start' || !isParmElement(tag.name)) return false;
	const at = pos - line.from;
	const value = attributeOf(tag, 'value');
	if (value === undefined || value.quote === '' || at < value.valueFrom || at > value.valueTo) return false;
	const name = attributeOf(tag, 'name');
	return name !== undefined && name.closed && !COMPLETABLE_VALUES.has(name.value);
}

export const cpCompletionSource: CompletionSource = (context: CompletionContext): CompletionResult | null => {
	if (!context.explicit && inFreeTextValue(context.state, context.pos)) return null;
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
