// A tolerant scanner of XML text for the editor: the tags of a document as it is being typed (unclosed tags,
// unclosed quotes, a half-typed name), with the offsets of every name and attribute value. The editor's schema
// features (completion, hover, navigation) read the document through it; the validator reads it through the strict
// parser (codec/xml), which refuses what this scanner only steps over. Comments, CDATA sections, processing
// instructions and the DOCTYPE are skipped (XML 1.0 §2.5, §2.7, §2.6, §2.8).
// Offsets are string indices (UTF-16 code units), as the editor counts them.

export interface ScannedAttribute {
	name: string;
	/** Offset of the attribute name. */
	from: number;
	/** The value with its entity and character references replaced (as the validator sees it). */
	value: string;
	/** Offsets of the value between its quotes (valueFrom === valueTo for an empty value). */
	valueFrom: number;
	valueTo: number;
	/** The quote character, or '' when the attribute has no (quoted) value yet. */
	quote: '"' | "'" | '';
	/** Whether the closing quote was found. */
	closed: boolean;
}

export interface ScannedTag {
	kind: 'start' | 'end';
	name: string;
	/** Offset of the '<'. */
	from: number;
	/** Offset just after the name. */
	nameTo: number;
	/** Offset just after the '>', or where the tag stopped when it has none (the next '<' or the end of the text). */
	to: number;
	attributes: ScannedAttribute[];
	selfClosing: boolean;
	/** Whether the tag ends with '>'. */
	closed: boolean;
}

const NAME_CHAR = /[^\s/>=<"']/;

/**
 * Calls `visit` for every start and end tag from `from`, in document order, until `visit` returns false or the text
 * ends. Markup that is not a tag (comment, CDATA, PI, DOCTYPE) is skipped; text is not reported.
 */
export function scanTags(text: string, visit: (tag: ScannedTag) => boolean | void, from = 0): void {
	let at = text.indexOf('<', from);
	while (at >= 0 && at < text.length) {
		const next = text.charCodeAt(at + 1);
		let end: number;
		if (next === 0x21 /* ! */) end = skipDeclaration(text, at);
		else if (next === 0x3f /* ? */) end = skipUntil(text, at + 2, '?>');
		else {
			const tag = readTag(text, at);
			if (visit(tag) === false) return;
			end = tag.to;
		}
		at = text.indexOf('<', Math.max(end, at + 1));
	}
}

/** `<!--…-->`, `<![CDATA[…]]>`, `<!DOCTYPE … [ … ]>`: the offset after it (or the text's end when unterminated). */
function skipDeclaration(text: string, at: number): number {
	if (text.startsWith('<!--', at)) return skipUntil(text, at + 4, '-->');
	if (text.startsWith('<![CDATA[', at)) return skipUntil(text, at + 9, ']]>');
	// DOCTYPE (or another declaration): up to its '>', stepping over an internal subset in brackets.
	const bracket = text.indexOf('[', at);
	const close = text.indexOf('>', at);
	if (bracket >= 0 && (close < 0 || bracket < close)) {
		const subsetEnd = text.indexOf(']', bracket);
		if (subsetEnd < 0) return text.length;
		const after = text.indexOf('>', subsetEnd);
		return after < 0 ? text.length : after + 1;
	}
	return close < 0 ? text.length : close + 1;
}

function skipUntil(text: string, from: number, terminator: string): number {
	const end = text.indexOf(terminator, from);
	return end < 0 ? text.length : end + terminator.length;
}

/** Reads the tag whose '<' is at `at`; never reads past the next '<' (a tag left open while typing). */
export function readTag(text: string, at: number): ScannedTag {
	const isEnd = text.charCodeAt(at + 1) === 0x2f;
	let i = at + (isEnd ? 2 : 1);
	const nameFrom = i;
	while (i < text.length && NAME_CHAR.test(text[i])) i++;
	const tag: ScannedTag = {
		kind: isEnd ? 'end' : 'start',
		name: text.slice(nameFrom, i),
		from: at,
		nameTo: i,
		to: i,
		attributes: [],
		selfClosing: false,
		closed: false
	};
	for (;;) {
		while (i < text.length && isSpace(text.charCodeAt(i))) i++;
		if (i >= text.length || text[i] === '<') break;
		const c = text[i];
		if (c === '>') {
			tag.closed = true;
			i++;
			break;
		}
		if (c === '/' && text[i + 1] === '>') {
			tag.selfClosing = !isEnd;
			tag.closed = true;
			i += 2;
			break;
		}
		if (!NAME_CHAR.test(c)) {
			// A stray '/', '=' or quote: step over it.
			i++;
			continue;
		}
		const attrFrom = i;
		while (i < text.length && NAME_CHAR.test(text[i])) i++;
		const attribute: ScannedAttribute = { name: text.slice(attrFrom, i), from: attrFrom, value: '', valueFrom: i, valueTo: i, quote: '', closed: false };
		let j = i;
		while (j < text.length && isSpace(text.charCodeAt(j))) j++;
		if (text[j] === '=') {
			j++;
			while (j < text.length && isSpace(text.charCodeAt(j))) j++;
			const q = text[j];
			if (q === '"' || q === "'") {
				attribute.quote = q;
				const valueFrom = j + 1;
				// A value cannot hold '<' (XML 1.0 §3.1 AttValue): an unclosed quote ends there.
				let k = valueFrom;
				while (k < text.length && text[k] !== q && text[k] !== '<') k++;
				attribute.valueFrom = valueFrom;
				attribute.valueTo = k;
				attribute.closed = text[k] === q;
				attribute.value = decodeReferences(text.slice(valueFrom, k));
				i = attribute.closed ? k + 1 : k;
			} else {
				attribute.valueFrom = attribute.valueTo = j;
				i = j;
			}
		}
		if (!isEnd) tag.attributes.push(attribute);
	}
	tag.to = i;
	return tag;
}

function isSpace(code: number): boolean {
	return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

const PREDEFINED: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Replaces the five predefined entities and character references (XML 1.0 §4.1, §4.6); others are kept as written. */
export function decodeReferences(raw: string): string {
	if (!raw.includes('&')) return raw;
	return raw.replace(/&(#x[0-9A-Fa-f]+|#[0-9]+|[A-Za-z]+);/g, (whole, ref: string) => {
		if (ref.startsWith('#')) {
			const code = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
			return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
		}
		return PREDEFINED[ref] ?? whole;
	});
}

/** The text of `value` as an attribute value between `quote`s: &, < and the quote escaped (XML 1.0 §3.1). */
export function escapeAttributeValue(value: string, quote: '"' | "'"): string {
	const escaped = value.replace(/&/g, '&amp;').replace(/</g, '&lt;');
	return quote === '"' ? escaped.replace(/"/g, '&quot;') : escaped.replace(/'/g, '&apos;');
}

export function attributeOf(tag: ScannedTag, name: string): ScannedAttribute | undefined {
	return tag.attributes.find((a) => a.name === name);
}

export interface Surroundings {
	/** The elements open at the position, outermost first (start tags that end before it and are not closed yet). */
	open: ScannedTag[];
	/** The tag the position is inside of (after its '<', before or at its end), if any. */
	inside?: ScannedTag;
	/** Whether the position is inside a comment, CDATA section, PI or DOCTYPE. */
	inMarkup: boolean;
}

/**
 * What surrounds `offset`: the open elements and the tag it is in. An end tag closes the nearest open element of its
 * name (and those opened inside it); an end tag that matches none is ignored, as a reader would while typing.
 */
export function surroundings(text: string, offset: number): Surroundings {
	const open: ScannedTag[] = [];
	let inside: ScannedTag | undefined;
	let at = text.indexOf('<');
	let inMarkup = false;
	while (at >= 0 && at < offset) {
		const next = text.charCodeAt(at + 1);
		let end: number;
		if (next === 0x21 || next === 0x3f) {
			end = next === 0x21 ? skipDeclaration(text, at) : skipUntil(text, at + 2, '?>');
			if (offset < end || (end === text.length && offset === end && !closedMarkup(text, at))) {
				inMarkup = true;
				break;
			}
		} else {
			const tag = readTag(text, at);
			end = tag.to;
			// Inside: after the '<' and before the end; at the very end of an unclosed tag too (the name or value being typed).
			if (offset < tag.to || (!tag.closed && offset === tag.to)) {
				inside = tag;
				break;
			}
			if (tag.kind === 'start' && !tag.selfClosing) open.push(tag);
			else if (tag.kind === 'end') {
				for (let k = open.length - 1; k >= 0; k--) {
					if (open[k].name === tag.name) {
						open.length = k;
						break;
					}
				}
			}
		}
		at = text.indexOf('<', Math.max(end, at + 1));
	}
	return inside === undefined ? { open, inMarkup } : { open, inside, inMarkup };
}

function closedMarkup(text: string, at: number): boolean {
	if (text.startsWith('<!--', at)) return text.indexOf('-->', at + 4) >= 0;
	if (text.startsWith('<![CDATA[', at)) return text.indexOf(']]>', at + 9) >= 0;
	if (text.startsWith('<?', at)) return text.indexOf('?>', at + 2) >= 0;
	return text.indexOf('>', at) >= 0;
}
