// saxes reports where events end, not where attribute names start, so the offsets of the attribute
// names are found by lexing the start tag again. saxes has already checked the tag is well formed
// (XML 1.0 §3.1 STag), so this lexer only needs to split it, not to validate it.

/** Offsets (into `text`) of each attribute name of the start tag that spans text[start, end). */
export function attributeNameOffsets(text: string, start: number, end: number): number[] {
	const offsets: number[] = [];
	let i = start + 1;
	// Char codes, not text[i]: this runs for every start tag with attributes, and one-character strings add up.
	while (i < end && !endsName(text.charCodeAt(i))) i++;
	for (;;) {
		while (i < end && isSpace(text.charCodeAt(i))) i++;
		if (i >= end || isTagEnd(text.charCodeAt(i))) return offsets;
		offsets.push(i);
		i = text.indexOf('=', i);
		if (i < 0 || i >= end) return offsets;
		i++;
		while (i < end && isSpace(text.charCodeAt(i))) i++;
		const quote = text.charCodeAt(i) === 0x27 ? "'" : '"';
		const close = text.indexOf(quote, i + 1);
		if (close < 0 || close >= end) return offsets;
		i = close + 1;
	}
}

/** '>' or '/': the end of the attribute list. */
function isTagEnd(code: number): boolean {
	return code === 0x3e || code === 0x2f;
}

function endsName(code: number): boolean {
	return isSpace(code) || isTagEnd(code);
}

function isSpace(code: number): boolean {
	return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}
