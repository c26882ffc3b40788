// Placeholders in an XML template's markup rather than in its values. A template is read as XML first, and only
// attribute values and text are values (syntax.ts); a `${X}` anywhere else is either not XML at all (in a name: `$`
// is no XML NameChar, XML 1.0 §2.3; inside a reference: §4.1) or XML that is never filled: the DOCTYPE and the XML
// declaration decide how the document is read and which WBXML language it is (WAP-192 §5.5 public identifier), and
// comments and processing instructions are not written to the WBXML nor to the filled XML (serializeXml). Each is
// told at its `$`, instead of the parser's "disallowed character" or nothing at all.
import { parseTemplateValue } from './syntax';

/** Where a `${` stands outside the values. */
export type MarkupPlace = 'name' | 'reference' | 'doctype' | 'declaration' | 'comment' | 'pi';

export interface MarkupPlaceholder {
	/** Offset of the `$` in the text. */
	at: number;
	place: MarkupPlace;
}

/** Why a placeholder cannot stand in the DOCTYPE, the XML declaration, a comment, a PI or a reference. */
export const MARKUP_MESSAGES: Readonly<Record<Exclude<MarkupPlace, 'name'>, string>> = {
	reference:
		'a placeholder cannot stand inside a character or entity reference (&#…; or &name;): references are resolved when the template is read, so write the placeholder outside the reference',
	doctype: 'a placeholder cannot stand in the DOCTYPE: it names the document type (the WBXML public identifier), so it is written out',
	declaration: 'a placeholder cannot stand in the XML declaration: it says how the template is read, so it is written out',
	comment: 'a placeholder in a comment is never filled: comments are not written to the WBXML nor to the filled XML (write $${ to keep a literal ${ there)',
	pi: 'a placeholder in a processing instruction is never filled: processing instructions are not written to the WBXML nor to the filled XML'
};

/** The first `${` in `text` (a placeholder or a bad one; `$${` is a literal), as an index of `text`, or -1. */
function firstDollarBrace(text: string): number {
	if (!text.includes('${')) return -1;
	const parsed = parseTemplateValue(text);
	let first = Infinity;
	for (const part of parsed.parts) if (typeof part !== 'string') first = Math.min(first, part.at);
	for (const problem of parsed.problems) first = Math.min(first, problem.at);
	return first === Infinity ? -1 : first;
}

/** A `${` inside a reference that starts at `amp` (`&#${X};`, `&amp${X};`), or -1. */
function inReference(text: string, amp: number): number {
	const run = /&#?x?[A-Za-z0-9_.:-]*\$\{/y;
	run.lastIndex = amp;
	return run.test(text) ? run.lastIndex - 2 : -1;
}

/**
 * Every `${` of `text` outside attribute values and character data, in text order (one per comment, PI, DOCTYPE,
 * tag or reference: the first there). Reads XML markup loosely, as far as telling values from the rest goes; a text
 * that is not XML elsewhere is the parser's to report.
 */
export function placeholdersInMarkup(text: string): MarkupPlaceholder[] {
	const out: MarkupPlaceholder[] = [];
	if (!text.includes('${')) return out;
	const inside = (from: number, to: number, place: MarkupPlace): void => {
		const at = firstDollarBrace(text.slice(from, to));
		if (at >= 0) out.push({ at: from + at, place });
	};
	const endOf = (close: string, from: number): number => {
		const end = text.indexOf(close, from);
		return end < 0 ? text.length : end;
	};
	let i = 0;
	while (i < text.length) {
		const lt = text.indexOf('<', i);
		// Character data up to the next tag: only a reference can hold a misplaced placeholder there.
		const textEnd = lt < 0 ? text.length : lt;
		for (let amp = text.indexOf('&', i); amp >= 0 && amp < textEnd; amp = text.indexOf('&', amp + 1)) {
			const at = inReference(text, amp);
			if (at >= 0) out.push({ at, place: 'reference' });
		}
		if (lt < 0) break;
		if (text.startsWith('<!--', lt)) {
			const end = endOf('-->', lt + 4);
			inside(lt + 4, end, 'comment');
			i = end + 3;
		} else if (text.startsWith('<![CDATA[', lt)) {
			i = endOf(']]>', lt + 9) + 3;
		} else if (text.startsWith('<?', lt)) {
			const end = endOf('?>', lt + 2);
			inside(lt + 2, end, /^<\?xml[\s?]/.test(text.slice(lt, lt + 6)) ? 'declaration' : 'pi');
			i = end + 2;
		} else if (text.startsWith('<!', lt)) {
			// A DOCTYPE (or other declaration): to its `>`, past quoted literals and an internal subset `[…]`.
			let j = lt + 2;
			let depth = 0;
			while (j < text.length) {
				const c = text[j];
				if (c === '"' || c === "'") j = endOf(c, j + 1);
				else if (c === '[') depth++;
				else if (c === ']') depth--;
				else if (c === '>' && depth <= 0) break;
				j++;
			}
			inside(lt, j, 'doctype');
			i = j + 1;
		} else {
			// A start or end tag: names outside the quotes, values inside (where only a reference can be wrong).
			let j = lt + 1;
			let named = false;
			while (j < text.length && text[j] !== '>' && !(j > lt + 1 && text[j] === '<')) {
				const c = text[j];
				if (c === '"' || c === "'") {
					const end = endOf(c, j + 1);
					for (let amp = text.indexOf('&', j); amp >= 0 && amp < end; amp = text.indexOf('&', amp + 1)) {
						const at = inReference(text, amp);
						if (at >= 0) out.push({ at, place: 'reference' });
					}
					j = end + 1;
					continue;
				}
				if (!named && c === '$' && text[j + 1] === '{') {
					out.push({ at: j, place: 'name' });
					named = true;
				}
				j++;
			}
			i = j;
		}
	}
	return out;
}
