// A user's string repeated in a message (a reader name, a profile id, a Host or Origin header): cut, so a 500 KB
// reader name does not come back whole in a 400 answer or a log line (issue 8 §2), and quoted by echoed() so
// control characters show as JSON escapes instead of moving a terminal's cursor. Secrets are never echoed at all.

/** How many characters of a user's value a message repeats. */
export const ECHO_LIMIT = 80;

/** The first `limit` characters and "…" when there are more (never splitting a surrogate pair); unquoted. */
export function clipped(value: string, limit = ECHO_LIMIT): string {
	if (value.length <= limit) return value;
	let end = limit;
	const last = value.charCodeAt(end - 1);
	if (last >= 0xd800 && last <= 0xdbff) end--;
	return `${value.slice(0, end)}…`;
}

/** `"value"`, or `"first 80 characters…" (500000 characters)` when longer. */
export function echoed(value: string, limit = ECHO_LIMIT): string {
	// JSON.stringify escapes C0 only: DEL, C1 (U+009B is a CSI), U+2028/2029 and bidi overrides are escaped here.
	const quoted = escapedUnprintable(JSON.stringify(clipped(value, limit)));
	return value.length <= limit ? quoted : `${quoted} (${value.length} characters)`;
}

/** C0 and C1 controls, DEL, and the bidirectional overrides: what can move a terminal's cursor or reorder text. */
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/** `text` with each character that could move a cursor, break a line or reorder text written as \uXXXX. */
export function escapedUnprintable(text: string): string {
	return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A value read from outside (a card's label) as it is when it is short and printable, else as echoed() shows it. */
export function printable(value: string, limit = ECHO_LIMIT): string {
	return value.length <= limit && !UNPRINTABLE.test(value) ? value : echoed(value, limit);
}
