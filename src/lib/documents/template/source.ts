// Where a placeholder is in the template's text. Parsers give the position of a value (an attribute's name, a text
// run, a JSON string); a placeholder is found in the value as parsed, after references and escapes were resolved.
// This maps an index in the parsed value back to the text, so a finding points at the placeholder's `$` itself.
// Lines and columns are counted as the XML parser counts them (codec/xml/line-cursor.ts): a line ends at LF, CRLF or
// a lone CR, and a column counts Unicode characters (a surrogate pair is one column), both 1-based.

export interface LineColumn {
	line: number;
	column: number;
}

export class SourceText {
	readonly text: string;
	/** Offset where each line starts. */
	readonly #lineStarts: number[] = [0];

	constructor(text: string) {
		// The XML parser does not count a byte order mark in the first line's columns.
		this.text = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
		const t = this.text;
		for (let i = 0; i < t.length; i++) {
			const c = t.charCodeAt(i);
			if (c === 0x0a || (c === 0x0d && t.charCodeAt(i + 1) !== 0x0a)) this.#lineStarts.push(i + 1);
		}
	}

	at(offset: number): LineColumn {
		const starts = this.#lineStarts;
		let low = 0;
		let high = starts.length - 1;
		while (low < high) {
			const mid = (low + high + 1) >> 1;
			if (starts[mid] <= offset) low = mid;
			else high = mid - 1;
		}
		let column = 1;
		const t = this.text;
		for (let i = starts[low]; i < offset && i < t.length; i++) {
			const c = t.charCodeAt(i);
			if (!(c >= 0xdc00 && c <= 0xdfff && i > starts[low] && isHigh(t.charCodeAt(i - 1)))) column++;
		}
		return { line: low + 1, column };
	}

	/** The offset of a 1-based line and column (as `at` counts them). */
	offsetOf(position: LineColumn): number {
		const t = this.text;
		let i = this.#lineStarts[position.line - 1] ?? t.length;
		for (let column = 1; column < position.column && i < t.length; column++) {
			i += isHigh(t.charCodeAt(i)) && i + 1 < t.length ? 2 : 1;
		}
		return i;
	}

	/**
	 * The offset of the first character of an attribute's value literal, given the offset of the attribute's name
	 * (what the XML parser records): past `=`, white space and the quote. -1 when the text does not show one.
	 */
	attributeValueStart(nameOffset: number): number {
		const t = this.text;
		const equals = t.indexOf('=', nameOffset);
		if (equals < 0) return -1;
		let i = equals + 1;
		while (i < t.length && isXmlSpace(t.charCodeAt(i))) i++;
		const quote = t.charCodeAt(i);
		return quote === 0x22 || quote === 0x27 ? i + 1 : -1;
	}

	/**
	 * The offset in the text of index `index` of a value the XML parser read from text starting at `start` (an
	 * attribute value literal or a text run): a reference (`&amp;`, `&#36;`) is one character of the value (two for
	 * a character outside the BMP), CRLF is one, comments and processing instructions are none.
	 */
	xmlValueOffset(start: number, index: number): number {
		const t = this.text;
		let raw = start;
		let decoded = 0;
		while (raw < t.length) {
			if (t.startsWith('<!--', raw)) {
				const end = t.indexOf('-->', raw + 4);
				raw = end < 0 ? t.length : end + 3;
				continue;
			}
			if (t.startsWith('<?', raw)) {
				const end = t.indexOf('?>', raw + 2);
				raw = end < 0 ? t.length : end + 2;
				continue;
			}
			if (decoded >= index) return raw;
			const c = t.charCodeAt(raw);
			if (c === 0x26) {
				const semicolon = t.indexOf(';', raw);
				const reference = semicolon < 0 ? '' : t.slice(raw + 1, semicolon);
				const code = reference.startsWith('#x') ? parseInt(reference.slice(2), 16) : reference.startsWith('#') ? parseInt(reference.slice(1), 10) : 0;
				decoded += code > 0xffff ? 2 : 1;
				raw = semicolon < 0 ? raw + 1 : semicolon + 1;
			} else if (c === 0x0d && t.charCodeAt(raw + 1) === 0x0a) {
				decoded++;
				raw += 2;
			} else {
				decoded++;
				raw++;
			}
		}
		return raw;
	}
}

function isHigh(code: number): boolean {
	return code >= 0xd800 && code <= 0xdbff;
}

function isXmlSpace(code: number): boolean {
	return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}
