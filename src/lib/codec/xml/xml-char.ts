// Which strings XML 1.0 can carry at all (§2.2 Char: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] |
// [#x10000-#x10FFFF]). Not even a character reference can stand for anything else (§4.1 WFC: Legal Character),
// so a value holding NUL, another C0 control, a lone surrogate, U+FFFE or U+FFFF has to be refused where it
// enters, not escaped where it leaves.

/** With the u flag a lone surrogate is one code point outside every range below, so it matches too. */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

export interface NonXmlChar {
	/** 1-based position in Unicode characters (a surrogate pair is one character). */
	character: number;
	/** The UTF-16 code unit for a lone surrogate, the code point otherwise. */
	codePoint: number;
	loneSurrogate: boolean;
}

/** The first character of `value` that XML 1.0 cannot carry, or undefined when there is none. */
export function firstNonXmlChar(value: string): NonXmlChar | undefined {
	const match = NOT_XML_CHAR.exec(value);
	if (match === null) return undefined;
	let character = 1;
	for (let i = 0; i < match.index; i++) {
		const code = value.charCodeAt(i);
		// The high half of a pair counts; its low half does not.
		if (!(code >= 0xdc00 && code <= 0xdfff && i > 0 && isHighSurrogate(value.charCodeAt(i - 1)))) character++;
	}
	const codePoint = value.codePointAt(match.index) ?? 0;
	return { character, codePoint, loneSurrogate: codePoint >= 0xd800 && codePoint <= 0xdfff };
}

/** `character 5 is U+0001, which XML 1.0 cannot carry` — names the character, never the value around it. */
export function describeNonXmlChar(found: NonXmlChar): string {
	const unit = `U+${found.codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
	const what = found.loneSurrogate ? `a lone surrogate ${unit}` : unit;
	return `character ${found.character} is ${what}, which XML 1.0 cannot carry`;
}

function isHighSurrogate(code: number): boolean {
	return code >= 0xd800 && code <= 0xdbff;
}
