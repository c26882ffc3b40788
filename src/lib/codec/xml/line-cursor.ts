// Turns string offsets into 1-based line/column without rescanning the text for every node.
// Lines end at LF, CRLF or a lone CR (XML 1.0 §2.11 end-of-line handling); a column counts Unicode
// characters (a surrogate pair is one column), the same unit saxes uses for its error positions.

export interface LineColumn {
	line: number;
	column: number;
}

export class LineCursor {
	private offset = 0;
	private line = 1;
	private column = 1;

	constructor(private readonly text: string) {}

	/** Position of the character at `target`. Cheap when called with increasing offsets. */
	at(target: number): LineColumn {
		if (target < this.offset) {
			this.offset = 0;
			this.line = 1;
			this.column = 1;
		}
		const { text } = this;
		const end = Math.min(target, text.length);
		let { offset, line, column } = this;
		while (offset < end) {
			const code = text.charCodeAt(offset);
			if (code === 0x0a) {
				line++;
				column = 1;
			} else if (code === 0x0d) {
				if (text.charCodeAt(offset + 1) !== 0x0a) {
					line++;
					column = 1;
				}
			} else if (code >= 0xdc00 && code <= 0xdfff && offset > 0 && isHighSurrogate(text.charCodeAt(offset - 1))) {
				// second half of a pair: already counted with the first half
			} else {
				column++;
			}
			offset++;
		}
		this.offset = offset;
		this.line = line;
		this.column = column;
		return { line, column };
	}
}

function isHighSurrogate(code: number): boolean {
	return code >= 0xd800 && code <= 0xdbff;
}
