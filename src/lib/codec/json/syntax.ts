// The one JSON (RFC 8259) walker of the libraries. JSON.parse gives the values, but its messages differ by engine and
// some name no position, and it says nowhere where a value was written. This walks the text once and gives both:
// - jsonSyntaxError: where the text stops being JSON and what was expected there (the library import, the DM account
//   templates);
// - jsonStrings: for a text that is JSON, the opening quote of every string value and member name by its path
//   (`$.AppAddr[0].Port[0]`, the paths the DM account reader names in its messages), so that a placeholder in a JSON
//   template is reported at its `$`.
// Paths are built only for jsonStrings: a library export of 10,000 documents is only checked.

/** Where the walk found a string: the offset of its opening quote, and whether it is a member name. */
export interface JsonString {
	quote: number;
	key: boolean;
}

type Visit = (path: string, found: JsonString) => void;

/**
 * The offset of the first character that makes `text` not JSON (RFC 8259), and what was expected there; undefined
 * when it is JSON.
 */
export function jsonSyntaxError(text: string): { offset: number; expected: string } | undefined {
	return walk(text, undefined);
}

/** The strings of `text` by path, in text order (a member name is listed under its member's path with `key` set);
 *  or, when `text` is not JSON, what jsonSyntaxError gives. */
export function jsonStrings(text: string): { strings: Map<string, JsonString[]> } | { syntax: { offset: number; expected: string } } {
	const strings = new Map<string, JsonString[]>();
	const syntax = walk(text, (path, s) => {
		const list = strings.get(path);
		if (list === undefined) strings.set(path, [s]);
		else list.push(s);
	});
	return syntax === undefined ? { strings } : { syntax };
}

/** The offset in the text of index `index` of the decoded string whose opening quote is at `quote`. */
export function jsonStringOffset(text: string, quote: number, index: number): number {
	let raw = quote + 1;
	for (let decoded = 0; decoded < index && raw < text.length; decoded++) raw += text[raw] === '\\' ? (text[raw + 1] === 'u' ? 6 : 2) : 1;
	return raw;
}

/**
 * Members whose name an object gives twice, by path, each later one with the first: JSON.parse keeps the last
 * silently (RFC 8259 §4: names SHOULD be unique), so a reader that must not lose a value refuses these. Names are
 * compared as JSON.parse reads them (escapes decoded: "N\u0061me" is Name).
 */
export function jsonRepeatedMembers(strings: ReadonlyMap<string, readonly JsonString[]>): { path: string; first: number; again: number }[] {
	const out: { path: string; first: number; again: number }[] = [];
	for (const [path, found] of strings) {
		const names = found.filter((s) => s.key);
		for (const again of names.slice(1)) out.push({ path, first: names[0].quote, again: again.quote });
	}
	return out;
}

/** 1-based line and column of `offset` in `text`, counted as the walk counts (UTF-16 units; lines end at LF, which a
 *  CRLF text also has), for messages that place what the walk found. */
export function jsonLineColumn(text: string, offset: number): { line: number; column: number } {
	let line = 1;
	let start = 0;
	for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
		line++;
		start = i + 1;
	}
	return { line, column: offset - start + 1 };
}

/** RFC 8259 §6, matched where the walk stands (sticky). */
const NUMBER = /-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/y;

/** Nesting beyond this is refused (as a message, not the stack's end): no real document comes near it. */
const MAX_DEPTH = 512;

function walk(text: string, visit: Visit | undefined): { offset: number; expected: string } | undefined {
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
		NUMBER.lastIndex = i;
		const match = NUMBER.exec(text);
		if (match === null) fail('a JSON value');
		i += (match as RegExpExecArray)[0].length;
	};
	/** After a member or an element: true past a ",", false past `close`. */
	const another = (close: '}' | ']'): boolean => {
		space();
		if (text[i] === ',' || text[i] === close) return text[i++] === ',';
		return fail(`"," or "${close}"`);
	};
	const value = (depth: number, path: string): void => {
		if (depth > MAX_DEPTH) fail('less nesting');
		space();
		const c = text[i];
		if (c === '"') {
			visit?.(path, { quote: i, key: false });
			string();
		} else if (c === '{') {
			i++;
			space();
			if (text[i] === '}') {
				i++;
				return;
			}
			for (;;) {
				space();
				if (text[i] !== '"') fail('a member name in double quotes');
				const quote = i;
				string();
				// The name as JSON.parse reads it (escapes decoded): the path the values are found under.
				const member = visit === undefined ? '' : `${path}.${JSON.parse(text.slice(quote, i)) as string}`;
				visit?.(member, { quote, key: true });
				space();
				if (text[i] !== ':') fail('":" after the member name');
				i++;
				value(depth + 1, member);
				if (!another('}')) return;
			}
		} else if (c === '[') {
			i++;
			space();
			if (text[i] === ']') {
				i++;
				return;
			}
			for (let n = 0; ; n++) {
				value(depth + 1, visit === undefined ? '' : `${path}[${n}]`);
				if (!another(']')) return;
			}
		} else if (c === 't') literal('true');
		else if (c === 'f') literal('false');
		else if (c === 'n') literal('null');
		else if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) number();
		else fail('a JSON value');
	};
	try {
		value(0, '$');
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
