// Text edits: what a form hands the editor (one transaction of these keeps undo and the caret right), and how
// a form's result text is made from the text it read.

/** Replace text[from, to) by `insert` (offsets in the text the edit was computed for). */
export interface TextEdit {
	from: number;
	to: number;
	insert: string;
}

/** Applies non-overlapping edits, all relative to `text`; edits at the same offset apply in the order given. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
	// At one offset, pure insertions go before a replacement that starts there (an insertion at the start of an
	// element that is removed lands before it).
	const sorted = edits
		.map((edit, order) => ({ edit, order, width: edit.to > edit.from ? 1 : 0 }))
		.sort((a, b) => a.edit.from - b.edit.from || a.width - b.width || a.order - b.order);
	let out = '';
	let at = 0;
	for (const { edit } of sorted) {
		if (edit.from < at || edit.to < edit.from || edit.to > text.length) {
			throw new RangeError(`edit ${edit.from}..${edit.to} overlaps an earlier edit or leaves the text (length ${text.length})`);
		}
		out += text.slice(at, edit.from) + edit.insert;
		at = edit.to;
	}
	return out + text.slice(at);
}
