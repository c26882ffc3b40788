// Where a text stops being JSON (RFC 8259) and what was expected there: JSON.parse's messages differ by engine and
// some name no position, so the DM account templates and the library import find it themselves, the same way.

/**
 * The offset of the first character that makes `text` not JSON (RFC 8259), and what was expected there; undefined
 * when it is JSON. JSON.parse's messages differ by engine and some name no position, so this finds it itself.
 */
export function jsonSyntaxError(text: string): { offset: number; expected: string } | undefined {
	let i = 0;
	const fail = (expected: string): never => {
		throw new JsonStop(i, expected);
	};
	const space = (): void => {
		while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
	};
	const literal = (word: string): void => {
		if (!text.startsWith(word, i)) fail('a JSON value');
		i += word.length;
	};
	const string = (): void => {
		i++;
		for (;;) {
			if (i >= text.length) fail('the closing " of the string');
			const c = text.charCodeAt(i);
			if (c === 0x22) break;
			if (c < 0x20) fail('a character escaped in a string (RFC 8259 §7)');
			if (c === 0x5c) {
				const e = text[i + 1];
				if (e === 'u') {
					if (!/^[0-9A-Fa-f]{4}$/.test(text.slice(i + 2, i + 6))) {
						i++;
						fail('four hex digits after \\u');
					}
					i += 6;
				} else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
				else {
					i++;
					fail('an escape (\\", \\\\, \\/, \\b, \\f, \\n, \\r, \\t or \\u)');
				}
			} else i++;
		}
		i++;
	};
	const number = (): void => {
		const match = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(text.slice(i));
		if (match === null || match[0] === '' || match[0] === '-') fail('a JSON value');
		i += (match as RegExpExecArray)[0].length;
	};
	const value = (depth: number): void => {
		if (depth > 512) fail('less nesting');
		space();
		const c = text[i];
		if (c === '"') string();
		else if (c === '{') {
			i++;
			space();
			if (text[i] === '}') {
				i++;
				return;
			}
			for (;;) {
				space();
				if (text[i] !== '"') fail('a member name in double quotes');
				string();
				space();
				if (text[i] !== ':') fail('":" after the member name');
				i++;
				value(depth + 1);
				space();
				if (text[i] === ',') {
					i++;
					continue;
				}
				if (text[i] === '}') {
					i++;
					return;
				}
				fail('"," or "}"');
			}
		} else if (c === '[') {
			i++;
			space();
			if (text[i] === ']') {
				i++;
				return;
			}
			for (;;) {
				value(depth + 1);
				space();
				if (text[i] === ',') {
					i++;
					continue;
				}
				if (text[i] === ']') {
					i++;
					return;
				}
				fail('"," or "]"');
			}
		} else if (c === 't') literal('true');
		else if (c === 'f') literal('false');
		else if (c === 'n') literal('null');
		else if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) number();
		else fail('a JSON value');
	};
	try {
		value(0);
		space();
		if (i < text.length) fail('the end of the text');
		return undefined;
	} catch (error) {
		if (error instanceof JsonStop) return { offset: error.offset, expected: error.expected };
		throw error;
	}
}

class JsonStop {
	constructor(
		readonly offset: number,
		readonly expected: string
	) {}
}
