// Escaping for XML 1.0 text and attribute values (§2.4 CharData, §3.1 AttValue). Line breaks and tabs in
// attributes, and CR in text, are written as character references so that a re-parse, which normalizes
// them (§2.11, §3.3.3), gives back the same string.

export function escapeText(value: string): string {
	return value.replace(/[&<>\r]/g, (ch) => TEXT_ESCAPES[ch] ?? ch);
}

export function escapeAttribute(value: string): string {
	return value.replace(/[&<>"\t\n\r]/g, (ch) => ATTRIBUTE_ESCAPES[ch] ?? ch);
}

const TEXT_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#13;' };
const ATTRIBUTE_ESCAPES: Record<string, string> = {
	'&': '&amp;',
	'<': '&lt;',
	'>': '&gt;',
	'"': '&quot;',
	'\t': '&#9;',
	'\n': '&#10;',
	'\r': '&#13;'
};
