// Where the strings of a JSON text are (RFC 8259): JSON.parse gives the values, this gives, for each string value
// and member name, the offset of its opening quote and the path to it (`$.AppAddr[0].Port[0]`, the paths the DM
// account reader names in its messages), so a placeholder in a JSON template is reported at its `$`.
// It runs on text JSON.parse accepted, so it only splits, it does not validate.

export interface JsonString {
	/** Offset of the opening quote. */
	quote: number;
	/** A member name rather than a value. */
	key: boolean;
}

/** Strings by path; a member name is listed under its member's path with `key` set. */
export function jsonStrings(text: string): Map<string, JsonString[]> {
	const found = new Map<string, JsonString[]>();
	const add = (path: string, s: JsonString): void => {
		const list = found.get(path);
		if (list === undefined) found.set(path, [s]);
		else list.push(s);
	};
	let i = 0;
	const space = (): void => {
		while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
	};
	const string = (): string => {
		const start = ++i;
		let out = '';
		while (i < text.length && text[i] !== '"') {
			if (text[i] === '\\') {
				const c = text[i + 1];
				if (c === 'u') {
					out += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
					i += 6;
				} else {
					out += ESCAPES[c] ?? c;
					i += 2;
				}
			} else out += text[i++];
		}
		i++;
		return start === i ? '' : out;
	};
	const value = (path: string): void => {
		space();
		const c = text[i];
		if (c === '"') {
			add(path, { quote: i, key: false });
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
				const quote = i;
				const name = string();
				add(`${path}.${name}`, { quote, key: true });
				space();
				i++; // ':'
				value(`${path}.${name}`);
				space();
				if (text[i++] !== ',') return;
			}
		} else if (c === '[') {
			i++;
			space();
			if (text[i] === ']') {
				i++;
				return;
			}
			for (let n = 0; ; n++) {
				value(`${path}[${n}]`);
				space();
				if (text[i++] !== ',') return;
			}
		} else {
			while (i < text.length && !',]}'.includes(text[i])) i++;
		}
	};
	value('$');
	return found;
}

const ESCAPES: Readonly<Record<string, string>> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/** The offset in the text of index `index` of the string whose opening quote is at `quote`. */
export function jsonStringOffset(text: string, quote: number, index: number): number {
	let raw = quote + 1;
	for (let decoded = 0; decoded < index && raw < text.length; decoded++) raw += text[raw] === '\\' ? (text[raw + 1] === 'u' ? 6 : 2) : 1;
	return raw;
}
