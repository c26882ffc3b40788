// Findings (rule id, severity, message, line:column, as `pstudio validate` prints them) placed in the editor's text.
// Line and column are counted as the XML parser counts them (codec/xml/line-cursor.ts): lines end at LF, CRLF or a
// lone CR (XML 1.0 §2.11) — the same breaks CodeMirror's document splits on — and a column counts Unicode characters,
// so a surrogate pair (an emoji, a CJK extension character) is one column, not two UTF-16 units; a byte order mark
// at the start is not part of line 1 (codec/xml/parse.ts). The editor's offsets are UTF-16 units.
import type { Text } from '@codemirror/state';
import type { Finding } from '../../documents/provcont';
import { attributeOf, escapeAttributeValue, readTag, type ScannedAttribute, type ScannedTag } from './xml-scan';

const BOM = 0xfeff;

/** The offset of a 1-based line and column (the parser's count), clamped to the line and to the document. */
export function offsetOfLineColumn(doc: Text, line: number, column: number): number {
	if (line < 1) return 0;
	if (line > doc.lines) return doc.length;
	const at = doc.line(line);
	const text = at.text;
	let i = line === 1 && text.charCodeAt(0) === BOM ? 1 : 0;
	for (let c = 1; c < column && i < text.length; c++) i += isPairAt(text, i) ? 2 : 1;
	return at.from + i;
}

/** The parser's 1-based line and column of an offset (the inverse of offsetOfLineColumn). */
export function lineColumnAt(doc: Text, offset: number): { line: number; column: number } {
	const at = doc.lineAt(Math.max(0, Math.min(offset, doc.length)));
	const text = at.text;
	const end = offset - at.from;
	let column = 1;
	let i = at.number === 1 && text.charCodeAt(0) === BOM ? 1 : 0;
	while (i < end) {
		i += isPairAt(text, i) && i + 1 < end ? 2 : 1;
		column++;
	}
	return { line: at.number, column };
}

function isPairAt(text: string, i: number): boolean {
	const code = text.charCodeAt(i);
	if (code < 0xd800 || code > 0xdbff) return false;
	const next = text.charCodeAt(i + 1);
	return next >= 0xdc00 && next <= 0xdfff;
}

/** The text a finding is about: from its position, the start tag at a '<', the attribute at a name, else the word. */
export function findingRange(doc: Text, finding: Finding): { from: number; to: number } {
	const from = offsetOfLineColumn(doc, finding.line, finding.column);
	const line = doc.lineAt(from);
	const rest = line.text.slice(from - line.from);
	if (rest.startsWith('<')) {
		const tag = readTag(rest, 0);
		return { from, to: from + tag.to };
	}
	const attribute = /^[^\s=/>"'<]+(\s*=\s*("[^"<]*"|'[^'<]*'))?/.exec(rest);
	if (attribute !== null) return { from, to: from + attribute[0].length };
	return { from, to: Math.min(line.to, from + 1) };
}

/** The start tag whose '<' is the last one at or before `offset` (the tag a finding at `offset` is in), read from the document. */
export function tagAround(doc: Text, offset: number): ScannedTag | undefined {
	// CP tags are short: look back and ahead a bounded stretch instead of converting the whole document.
	const windowFrom = Math.max(0, offset - 4096);
	const before = doc.sliceString(windowFrom, offset + 1);
	const lt = before.lastIndexOf('<');
	if (lt < 0) return undefined;
	const start = windowFrom + lt;
	const text = doc.sliceString(start, Math.min(doc.length, start + 8192));
	const tag = readTag(text, 0);
	const shift = (a: ScannedAttribute): ScannedAttribute => ({ ...a, from: a.from + start, valueFrom: a.valueFrom + start, valueTo: a.valueTo + start });
	return { ...tag, from: start, nameTo: tag.nameTo + start, to: tag.to + start, attributes: tag.attributes.map(shift) };
}

/**
 * The machine-readable replacements a finding carries, if any: `suggestions` (the "did you mean" candidates of
 * enumerations, parm names and characteristic types). Findings without the field get no replacement fix.
 */
export function suggestionsOf(finding: Finding): readonly string[] {
	const candidates: unknown = (finding as Finding & { suggestions?: unknown }).suggestions;
	return Array.isArray(candidates) ? candidates.filter((c): c is string => typeof c === 'string') : [];
}

/** Which attribute a replacement goes into, by rule (validate.ts reports names at the parm, values at value=). */
export function fixedAttribute(rule: string): 'value' | 'name' | 'type' | undefined {
	if (rule.startsWith('value-')) return 'value';
	if (rule === 'parm-not-allowed' || rule === 'parm-not-allowed-unverified') return 'name';
	if (rule === 'unknown-characteristic') return 'type';
	return undefined;
}

/** The edit that puts `replacement` into the attribute of the tag at `at` (escaped for its quotes), if it has one. */
export function replacementChange(doc: Text, at: number, attributeName: string, replacement: string): { from: number; to: number; insert: string } | undefined {
	const tag = tagAround(doc, at);
	const attribute = tag === undefined ? undefined : attributeOf(tag, attributeName);
	if (attribute === undefined || attribute.quote === '') return undefined;
	return { from: attribute.valueFrom, to: attribute.valueTo, insert: escapeAttributeValue(replacement, attribute.quote) };
}

/**
 * The edit that removes the value attribute of the tag at `at`, from the blanks before it to its closing quote:
 * <parm name="INTERNET" value="1"/> becomes <parm name="INTERNET"/>.
 */
export function valueRemoval(doc: Text, at: number): { from: number; to: number } | undefined {
	const tag = tagAround(doc, at);
	const attribute = tag === undefined ? undefined : attributeOf(tag, 'value');
	if (attribute === undefined) return undefined;
	const before = doc.sliceString(Math.max(0, attribute.from - 64), attribute.from);
	const blanks = before.length - before.trimEnd().length;
	return { from: attribute.from - blanks, to: attribute.closed ? attribute.valueTo + 1 : attribute.valueTo };
}
