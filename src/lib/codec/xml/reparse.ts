// parseXml for a text that keeps changing, as in the editor: when the new text differs from the last one parsed only
// inside one attribute value (typing in a parm's value, the commonest edit), the last document is patched instead
// of parsed again — that value, and the positions after it (offsets, and the columns of what follows on the same
// line). Anything else is parsed whole. The patch is taken only where it gives exactly what parseXml gives: the new
// value holds no markup, reference, quote, line break, tab or character XML 1.0 excludes (so the text is as
// well-formed as before, and the value is its text as written), and the old one held no line break.
// tests/unit/xml/reparse.test.ts compares the two on random edit sequences.
import { MAX_XML_LENGTH, parseXml } from './parse';
import { emptySourceIndex, type SourceIndex } from './source-index';
import type { XmlDocument } from './tree';
import { firstNonXmlChar } from './xml-char';

/** What a value taken as written may not hold besides what XML 1.0 cannot carry (xml-char.ts): markup, a
 *  reference, a quote, or a tab or line break (§3.3.3 normalises them to spaces). */
const NOT_AS_WRITTEN = /["&'<\t\n\r]/;
const LINE_BREAK = /[\n\r]/;

export class XmlReparser {
	#last: { text: string; document: XmlDocument; index: SourceIndex } | undefined;

	/**
	 * parseXml(text): the same document, or the same XmlError. The document is the one returned before, changed in
	 * place, when the text changed only inside one attribute value: each document is good until the next call.
	 */
	parse(text: string): XmlDocument {
		const last = this.#last;
		if (last !== undefined && text.length <= MAX_XML_LENGTH && (text === last.text || patch(last.text, text, last.index))) {
			last.text = text;
			return last.document;
		}
		// A byte order mark is left out of the offsets parseXml records: such a text is parsed whole each time.
		if (text.charCodeAt(0) === 0xfeff) {
			this.#last = undefined;
			return parseXml(text);
		}
		const index = emptySourceIndex();
		const document = parseXml(text, index);
		this.#last = { text, document, index };
		return document;
	}
}

/** Patches the document indexed by `index`, parsed from `old`, into that of `text`, when they differ inside one
 *  attribute value as the header says; false (nothing changed) otherwise. */
function patch(old: string, text: string, index: SourceIndex): boolean {
	const shorter = Math.min(old.length, text.length);
	let prefix = 0;
	while (prefix < shorter && old.charCodeAt(prefix) === text.charCodeAt(prefix)) prefix++;
	let suffix = 0;
	while (suffix < shorter - prefix && old.charCodeAt(old.length - 1 - suffix) === text.charCodeAt(text.length - 1 - suffix)) suffix++;
	// The old text's [prefix, oldEnd) became the new text's [prefix, text.length - suffix).
	const oldEnd = old.length - suffix;
	const { valueStarts, valueEnds } = index;
	const a = lastAtOrBefore(valueStarts, prefix);
	if (a < 0 || oldEnd > valueEnds[a]) return false;
	const start = valueStarts[a];
	const end = valueEnds[a];
	const delta = text.length - old.length;
	const before = old.slice(start, end);
	const value = text.slice(start, end + delta);
	if (LINE_BREAK.test(before) || NOT_AS_WRITTEN.test(value) || firstNonXmlChar(value) !== undefined) return false;

	index.attributes[a].value = value;
	valueEnds[a] = end + delta;
	for (let i = a + 1; i < valueStarts.length; i++) {
		valueStarts[i] += delta;
		valueEnds[i] += delta;
	}
	// What starts after the value moves by `delta` code units; on the value's own line (up to and including the
	// break that ends it, where a text run after the tag starts), also by the columns the value gained or lost.
	const columns = codePoints(value) - codePoints(before);
	const breakAt = nextLineBreak(old, end);
	const { offsets, positions } = index;
	for (let k = firstAtOrAfter(offsets, end); k < offsets.length; k++) {
		const offset = offsets[k];
		if (offset <= breakAt) positions[k].column += columns;
		offsets[k] = offset + delta;
	}
	return true;
}

/** Index of the last entry of the increasing `list` that is at most `x`, or -1. */
function lastAtOrBefore(list: readonly number[], x: number): number {
	let lo = 0;
	let hi = list.length;
	while (lo < hi) {
		const mid = (lo + hi) >>> 1;
		if (list[mid] <= x) lo = mid + 1;
		else hi = mid;
	}
	return lo - 1;
}

/** Index of the first entry of the increasing `list` that is at least `x` (list.length when none is). */
function firstAtOrAfter(list: readonly number[], x: number): number {
	return lastAtOrBefore(list, x - 1) + 1;
}

/** Offset of the first LF or CR at or after `from` (a line ends at either, line-cursor.ts), or text.length. */
function nextLineBreak(text: string, from: number): number {
	const lf = text.indexOf('\n', from);
	const cr = text.indexOf('\r', from);
	if (lf < 0) return cr < 0 ? text.length : cr;
	return cr < 0 ? lf : Math.min(lf, cr);
}

/** Columns of `s` as line-cursor.ts counts them: a surrogate pair is one. */
function codePoints(s: string): number {
	let n = s.length;
	for (let i = 1; i < s.length; i++) {
		const c = s.charCodeAt(i);
		if (c >= 0xdc00 && c <= 0xdfff) {
			const h = s.charCodeAt(i - 1);
			if (h >= 0xd800 && h <= 0xdbff) n--;
		}
	}
	return n;
}
