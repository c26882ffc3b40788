// The validator's findings next to the fields: a finding belongs to the field whose parm (or characteristic start
// tag) holds its line:column. Lines and columns are counted as the XML parser counts them (codec/xml/line-cursor.ts:
// lines end at LF, CRLF or CR; a column is a Unicode character; a byte order mark is not part of the first line).
import type { Finding } from '../provcont';
import type { Range } from './engine';

interface LineColumn {
	line: number;
	column: number;
}

function positions(text: string, offsets: readonly number[]): LineColumn[] {
	const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
	const order = offsets.map((o, i) => ({ o: Math.max(o, bom), i })).sort((a, b) => a.o - b.o);
	const out: LineColumn[] = new Array(offsets.length);
	let line = 1;
	let column = 1;
	let at = bom;
	for (const { o, i } of order) {
		while (at < o) {
			const c = text.charCodeAt(at);
			if (c === 0x0a || (c === 0x0d && text.charCodeAt(at + 1) !== 0x0a)) {
				line++;
				column = 1;
			} else if (c !== 0x0d && !(c >= 0xdc00 && c <= 0xdfff && at > 0 && text.charCodeAt(at - 1) >= 0xd800 && text.charCodeAt(at - 1) <= 0xdbff)) column++;
			at++;
		}
		out[i] = { line, column };
	}
	return out;
}

const before = (a: LineColumn, b: LineColumn) => a.line < b.line || (a.line === b.line && a.column < b.column);

/** Findings by field path: those placed inside a field's range (a parm, or a characteristic's start tag). */
export function findingsByField(text: string, ranges: ReadonlyMap<string, readonly Range[]>, findings: readonly Finding[]): Map<string, Finding[]> {
	const entries = [...ranges].flatMap(([path, list]) => list.map((range) => ({ path, range })));
	const at = positions(text, entries.flatMap((e) => [e.range.from, e.range.to]));
	const out = new Map<string, Finding[]>();
	for (const finding of findings) {
		if (finding.line === 0) continue;
		const place = { line: finding.line, column: finding.column };
		const hit = entries.findIndex((_, i) => !before(place, at[2 * i]) && before(place, at[2 * i + 1]));
		if (hit < 0) continue;
		const path = entries[hit].path;
		out.set(path, [...(out.get(path) ?? []), finding]);
	}
	return out;
}
