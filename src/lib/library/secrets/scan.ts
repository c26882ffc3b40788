// Finds the secret values in a document text — any text: a draft is often half typed, so this is a tolerant
// scanner, not the parser. A value that looks like a secret is found even in an unclosed tag, an unterminated
// string or a comment: the cost of a miss is a password in the browser's storage, the cost of an extra find is
// one placeholder. Two shapes:
// - XML (CP documents, DM accounts as XML): `<parm name="AAUTHSECRET" value="…"/>` (any attribute order, either
//   quote; an unterminated value ends at the end of its line or at the next '<'), `<AAuthSecret>…</AAuthSecret>`
//   (text or a CDATA section), and the same inside comments and CDATA sections.
// - JSON (DM accounts, DM trees; the text starts with '{' or '['): the value of a member named AAuthSecret, or of a
//   member whose key is a URI ending in a secret leaf (…/AAuthSecret, …/ServerPW, …/ClientPW); a string or any
//   bare token but null.
// Spans cover the raw text of the value (JSON: the whole token, quotes included), so that putting the raw text
// back gives the text byte for byte.
import { CP_SECRET_PARMS, DM_SECRET_NAMES } from './names';

/** What stands in the stored text where a secret value was. Valid in an XML attribute, XML text and a JSON string. */
export const SECRET_PLACEHOLDER = '[secret not stored]';
const JSON_PLACEHOLDER = `"${SECRET_PLACEHOLDER}"`;

export interface SecretSpan {
	/** Offsets into the text: the raw value (XML) or the whole value token (JSON). */
	start: number;
	end: number;
	/** The parm, element or member name as written. */
	name: string;
	/** Where in the document: `NAPDEF[1]/NAPAUTHINFO[1]/AUTHSECRET`, `$.AppAuth[0].AAuthSecret`. */
	path: string;
	/** A JSON token (its placeholder is quoted). */
	json: boolean;
}

/** The placeholder text that replaces a span. */
export function placeholderOf(span: SecretSpan): string {
	return span.json ? JSON_PLACEHOLDER : SECRET_PLACEHOLDER;
}

/** Whether the span holds the placeholder (the value was kept out before) rather than a value. */
export function holdsPlaceholder(text: string, span: SecretSpan): boolean {
	const placeholder = placeholderOf(span);
	return span.end - span.start === placeholder.length && text.startsWith(placeholder, span.start);
}

// The last text scanned and its spans: autosave scans each text it writes (rule.ts) and the page then asks for the
// same text's secret fields (fields.ts): ~10 ms at 20,000 lines, once instead of twice.
let last: { text: string; spans: readonly SecretSpan[] } | undefined;

/** Every secret value of the text, in text order. */
export function findSecretSpans(text: string): SecretSpan[] {
	if (last?.text === text) return last.spans.map((span) => ({ ...span }));
	const spans = scan(text);
	last = { text, spans: spans.map((span) => ({ ...span })) };
	return spans;
}

/** Characters other than A–Z and a–z that toUpperCase turns into one of A–Z: U+0131 ı → I, U+017F ſ → S. (Those
 *  that turn into several letters — ß → SS, the ligatures ﬁ ﬂ ﬅ … — make no run found in a secret's name.) */
const UPPER_CASE_TWINS: Readonly<Record<string, string>> = { I: '\u0131', S: '\u017f' };

/**
 * Finds any secret's name (names.ts) in a text as the scanner compares names, `written.toUpperCase()` against the
 * upper-cased name: each letter in either case or as a twin above. One pass of a regular expression: upper-casing
 * a 20,000-line text to search it took longer than the scan it spares.
 */
const ANY_SECRET_NAME = new RegExp(
	[...new Set([...CP_SECRET_PARMS, ...DM_SECRET_NAMES])]
		.map((name) => [...name].map((c) => (/[A-Z]/.test(c) ? `[${c}${c.toLowerCase()}${UPPER_CASE_TWINS[c] ?? ''}]` : c.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&'))).join(''))
		.join('|')
);

/**
 * False when the text cannot hold a secret value: none of the names appears in it, and no escape could spell one
 * (a JSON \u escape in a key, an XML character reference in a parm name). Autosave scans the open text once a
 * second while someone types; most documents hold no secret, and this is half a millisecond at 20,000 lines where
 * the scan is ten.
 */
function mayHoldSecret(text: string): boolean {
	return text.includes('\\') || text.includes('&#') || ANY_SECRET_NAME.test(text);
}

function scan(text: string): SecretSpan[] {
	const out: SecretSpan[] = [];
	if (!mayHoldSecret(text)) return out;
	// Spaces and a byte order mark in any order (an editor may put the BOM before or after a blank line).
	let first = 0;
	while (first < text.length && (isSpace(text.charCodeAt(first)) || text.charCodeAt(first) === 0xfeff)) first++;
	const c = text.charCodeAt(first);
	if (c === 0x7b /* { */ || c === 0x5b /* [ */) scanJson(text, first, out);
	else scanXml(text, 0, text.length, '', out);
	return out;
}

/** The text with every span replaced: by the placeholder, or by `values[i]` when given. */
export function replaceSpans(text: string, spans: readonly SecretSpan[], values?: readonly (string | undefined)[]): string {
	if (spans.length === 0) return text;
	let out = '';
	let at = 0;
	spans.forEach((span, i) => {
		out += text.slice(at, span.start) + (values?.[i] ?? placeholderOf(span));
		at = span.end;
	});
	return out + text.slice(at);
}

/** 1-based line and column of each offset (offsets in ascending order). */
export function lineColumns(text: string, offsets: readonly number[]): { line: number; column: number }[] {
	const out: { line: number; column: number }[] = [];
	let line = 1;
	let lineStart = 0;
	let at = 0;
	for (const offset of offsets) {
		for (; at < offset; at++) {
			if (text.charCodeAt(at) === 0x0a) {
				line++;
				lineStart = at + 1;
			}
		}
		out.push({ line, column: offset - lineStart + 1 });
	}
	return out;
}

// ---------------------------------------------------------------------------------------------------------- XML

interface XmlFrame {
	name: string;
	step: string;
	counts: Map<string, number>;
}

function scanXml(text: string, from: number, to: number, prefix: string, out: SecretSpan[]): void {
	const stack: XmlFrame[] = [{ name: '', step: '', counts: new Map() }];
	let i = from;
	while (i < to) {
		const lt = text.indexOf('<', i);
		if (lt < 0 || lt >= to) return;
		if (text.startsWith('<!--', lt)) {
			const end = bounded(text.indexOf('-->', lt + 4), to);
			scanXml(text, lt + 4, end, `${prefix}comment/`, out);
			i = end + 3;
		} else if (text.startsWith('<![CDATA[', lt)) {
			const end = bounded(text.indexOf(']]>', lt + 9), to);
			scanXml(text, lt + 9, end, `${prefix}cdata/`, out);
			i = end + 3;
		} else if (text.startsWith('<?', lt)) {
			i = bounded(text.indexOf('?>', lt + 2), to) + 2;
		} else if (text.startsWith('<!', lt)) {
			// DOCTYPE (with an internal subset in [ ]) or another declaration: nothing secret inside.
			const close = text.indexOf('>', lt + 2);
			const open = text.indexOf('[', lt + 2);
			i = open >= 0 && (close < 0 || open < close) ? bounded(text.indexOf(']>', open), to) + 2 : bounded(close, to) + 1;
		} else if (text.charCodeAt(lt + 1) === 0x2f /* / */) {
			const nameEnd = nameEndAt(text, lt + 2, to);
			const name = text.slice(lt + 2, nameEnd);
			for (let k = stack.length - 1; k > 0; k--) {
				if (stack[k].name === name) {
					stack.length = k;
					break;
				}
			}
			const close = text.indexOf('>', nameEnd);
			i = close < 0 || close >= to ? to : close + 1;
		} else {
			i = startTag(text, lt, to, prefix, stack, out);
		}
	}
}

interface Attribute {
	name: string;
	start: number;
	end: number;
}

/** Reads the start tag at `lt`; returns where scanning goes on. */
function startTag(text: string, lt: number, to: number, prefix: string, stack: XmlFrame[], out: SecretSpan[]): number {
	const nameEnd = nameEndAt(text, lt + 1, to);
	const name = text.slice(lt + 1, nameEnd);
	if (name === '') return lt + 1;
	const attributes: Attribute[] = [];
	let p = nameEnd;
	let selfClosing = false;
	let closed = false;
	while (p < to) {
		const c = text.charCodeAt(p);
		if (isSpace(c)) {
			p++;
		} else if (c === 0x3e /* > */) {
			closed = true;
			p++;
			break;
		} else if (c === 0x2f /* / */ && text.charCodeAt(p + 1) === 0x3e) {
			closed = true;
			selfClosing = true;
			p += 2;
			break;
		} else if (c === 0x3c /* < */) {
			break;
		} else {
			const attrNameEnd = attributeNameEnd(text, p, to);
			const attrName = text.slice(p, attrNameEnd);
			p = attrNameEnd;
			while (p < to && isSpace(text.charCodeAt(p))) p++;
			if (text.charCodeAt(p) !== 0x3d /* = */) {
				if (attrName === '') p++;
				continue;
			}
			p++;
			while (p < to && isSpace(text.charCodeAt(p))) p++;
			const quote = text.charCodeAt(p);
			if (quote === 0x22 || quote === 0x27) {
				const start = p + 1;
				const close = text.indexOf(quote === 0x22 ? '"' : "'", start);
				const nextTag = text.indexOf('<', start);
				if (close >= 0 && close < to && (nextTag < 0 || close < nextTag)) {
					attributes.push({ name: attrName, start, end: close });
					p = close + 1;
				} else {
					// Unterminated: the value is taken to end with its line (or at the next tag).
					const newline = text.indexOf('\n', start);
					let end = to;
					if (nextTag >= 0 && nextTag < end) end = nextTag;
					if (newline >= 0 && newline < end) end = newline;
					attributes.push({ name: attrName, start, end });
					p = end;
					break;
				}
			} else {
				const start = p;
				while (p < to && !isSpace(text.charCodeAt(p)) && text.charCodeAt(p) !== 0x3e && text.charCodeAt(p) !== 0x3c) p++;
				attributes.push({ name: attrName, start, end: p });
			}
		}
	}
	const parent = stack[stack.length - 1];
	const lower = name.toLowerCase();
	if (lower === 'parm') {
		const parmName = attributes.find((a) => a.name === 'name');
		const value = attributes.find((a) => a.name === 'value');
		if (parmName !== undefined && value !== undefined && value.end > value.start) {
			const written = text.slice(parmName.start, parmName.end).trim();
			// The parser reads character references in a name (AUTH&#83;ECRET is AUTHSECRET to the encoder): so does this.
			if (CP_SECRET_PARMS.has(withReferences(written).toUpperCase())) {
				const step = stepOf(parent, `parm:${written}`, written, false);
				out.push({ start: value.start, end: value.end, name: written, path: pathOf(prefix, stack, step), json: false });
			}
		}
		if (closed && !selfClosing) stack.push({ name, step: '', counts: new Map() });
		return p;
	}
	if (DM_SECRET_NAMES.has(name.toUpperCase()) && closed && !selfClosing) {
		const step = stepOf(parent, `element:${name}`, name, false);
		const end = elementTextEnd(text, p, to);
		if (text.slice(p, end).trim() !== '') out.push({ start: p, end, name, path: pathOf(prefix, stack, step), json: false });
		return end;
	}
	if (closed && !selfClosing) {
		let step: string;
		if (lower === 'characteristic') {
			const type = attributes.find((a) => a.name === 'type');
			const written = type === undefined ? '?' : text.slice(type.start, type.end).trim();
			step = stepOf(parent, `characteristic:${written}`, written, true);
		} else {
			// The document element (wap-provisioningdoc, DMAcc) is the same in every path: left out.
			step = stack.length === 1 ? '' : stepOf(parent, `element:${name}`, name, true);
		}
		stack.push({ name, step, counts: new Map() });
	}
	return p;
}

const PREDEFINED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** `text` with its character references and predefined entities replaced (a malformed one is left as written). */
function withReferences(text: string): string {
	if (!text.includes('&')) return text;
	return text.replace(/&(#x[0-9A-Fa-f]{1,6}|#[0-9]{1,7}|amp|lt|gt|quot|apos);/g, (whole, ref: string) => {
		if (ref[0] !== '#') return PREDEFINED[ref];
		const code = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
		return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
	});
}

/** The end of an element's text content starting at `p`: a CDATA section whole, else up to the next '<'. */
function elementTextEnd(text: string, p: number, to: number): number {
	let q = p;
	while (q < to && isSpace(text.charCodeAt(q))) q++;
	if (text.startsWith('<![CDATA[', q)) {
		const end = text.indexOf(']]>', q + 9);
		if (end >= 0 && end < to) {
			let after = end + 3;
			const lt = text.indexOf('<', after);
			after = lt < 0 || lt >= to ? to : lt;
			return after;
		}
		const close = text.indexOf('</', q + 9);
		return close < 0 || close >= to ? to : close;
	}
	const lt = text.indexOf('<', p);
	return lt < 0 || lt >= to ? to : lt;
}

/**
 * The path step of a child: `NAPDEF[1]` for characteristics and (below the root) elements, always numbered;
 * a leaf (parm, secret element) numbered only from its second occurrence.
 */
function stepOf(parent: XmlFrame, key: string, label: string, numbered: boolean): string {
	const n = (parent.counts.get(key) ?? 0) + 1;
	parent.counts.set(key, n);
	return numbered || n > 1 ? `${label}[${n}]` : label;
}

function pathOf(prefix: string, stack: readonly XmlFrame[], leaf: string): string {
	const steps = stack.map((frame) => frame.step).filter((step) => step !== '');
	return prefix + [...steps, leaf].join('/');
}

function nameEndAt(text: string, from: number, to: number): number {
	let p = from;
	while (p < to) {
		const c = text.charCodeAt(p);
		if (isSpace(c) || c === 0x3e || c === 0x2f || c === 0x3c) break;
		p++;
	}
	return p;
}

function attributeNameEnd(text: string, from: number, to: number): number {
	let p = from;
	while (p < to) {
		const c = text.charCodeAt(p);
		if (isSpace(c) || c === 0x3d || c === 0x3e || c === 0x2f || c === 0x3c) break;
		p++;
	}
	return p;
}

function bounded(found: number, to: number): number {
	return found < 0 || found >= to ? to : found;
}

function isSpace(c: number): boolean {
	return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

// --------------------------------------------------------------------------------------------------------- JSON

interface JsonFrame {
	kind: 'object' | 'array';
	path: string;
	/** Object: the key read last, and whether its ':' was seen. */
	key?: string;
	afterColon: boolean;
	/** Array: the index of the next value. */
	index: number;
}

function scanJson(text: string, from: number, out: SecretSpan[]): void {
	const stack: JsonFrame[] = [];
	const valuePath = (): string => {
		const top = stack[stack.length - 1];
		if (top === undefined) return '$';
		if (top.kind === 'array') return `${top.path}[${top.index}]`;
		const key = top.key ?? '';
		return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? `${top.path}.${key}` : `${top.path}[${JSON.stringify(key)}]`;
	};
	const secretName = (): string | undefined => {
		const top = stack[stack.length - 1];
		if (top === undefined || top.kind !== 'object' || !top.afterColon || top.key === undefined) return undefined;
		// The leaf as the tree reads the URI (ddf/uri.ts normaliseUri): one trailing '/' is no segment, so
		// "…/AAuthSecret/" is the AAuthSecret node.
		const uri = top.key.endsWith('/') ? top.key.slice(0, -1) : top.key;
		const leaf = uri.slice(uri.lastIndexOf('/') + 1);
		return DM_SECRET_NAMES.has(leaf.toUpperCase()) ? leaf : undefined;
	};
	const value = (start: number, end: number, isNull: boolean): void => {
		const name = secretName();
		if (name !== undefined && !isNull && end - start > (text.charCodeAt(start) === 0x22 ? 2 : 0)) {
			out.push({ start, end, name, path: valuePath(), json: true });
		}
	};
	let i = from;
	while (i < text.length) {
		const c = text.charCodeAt(i);
		const top = stack[stack.length - 1];
		if (isSpace(c)) {
			i++;
		} else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
			stack.push({ kind: c === 0x7b ? 'object' : 'array', path: valuePath(), afterColon: false, index: 0 });
			i++;
		} else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
			stack.pop();
			i++;
		} else if (c === 0x2c /* , */) {
			if (top?.kind === 'object') {
				top.key = undefined;
				top.afterColon = false;
			} else if (top !== undefined) {
				top.index++;
			}
			i++;
		} else if (c === 0x3a /* : */) {
			if (top?.kind === 'object') top.afterColon = true;
			i++;
		} else if (c === 0x22 /* " */) {
			const end = stringEnd(text, i + 1);
			if (top?.kind === 'object' && !top.afterColon) top.key = decodeKey(text.slice(i, end));
			else value(i, end, false);
			i = end;
		} else {
			let end = i + 1;
			while (end < text.length && !isJsonDelimiter(text.charCodeAt(end))) end++;
			value(i, end, text.slice(i, end) === 'null');
			i = end;
		}
	}
}

/** The end of the string token whose content starts at `p`: after the closing quote, or at the end of the line. */
function stringEnd(text: string, p: number): number {
	for (let q = p; q < text.length; q++) {
		const c = text.charCodeAt(q);
		if (c === 0x5c /* \ */) q++;
		else if (c === 0x22) return q + 1;
		else if (c === 0x0a || c === 0x0d) return q;
	}
	return text.length;
}

function decodeKey(token: string): string {
	try {
		const decoded: unknown = JSON.parse(token);
		if (typeof decoded === 'string') return decoded;
	} catch {
		// An unterminated or malformed key: its raw content names the member well enough.
	}
	return token.replace(/^"|"$/g, '');
}

function isJsonDelimiter(c: number): boolean {
	return isSpace(c) || c === 0x2c || c === 0x7d || c === 0x5d || c === 0x3a || c === 0x22 || c === 0x7b || c === 0x5b;
}
