// Spellings of a URL path that a client may send for the same endpoint (issue 8 §1): each character itself, in the
// other case, percent-encoded (RFC 3986 §2.1, either hex case) or double-encoded (%25XX); slashes doubled; dot
// segments (RFC 3986 §5.2.4, also percent-encoded); `;params` (RFC 3986 §3.3 allows ';' in a segment); a trailing
// slash. Shared by the unit test of isCardPath and the test of the running server (tests/e2e/guard.test.ts).
import fc from 'fast-check';

export const CARD_ENDPOINTS = ['/api/card/readers', '/api/card/info', '/api/card/read', '/api/card/write', '/api/card/plan'] as const;

function spellChar(c: string): fc.Arbitrary<string> {
	const hex = c.charCodeAt(0).toString(16).padStart(2, '0');
	return fc.constantFrom(c, c.toUpperCase(), `%${hex}`, `%${hex.toUpperCase()}`, `%25${hex}`);
}

/** What may stand before a segment: nothing, another slash, ".", a segment and "..", the same percent-encoded. */
const PREFIXES = ['', '/', './', 'x/../', '%2e/', 'y/%2e%2e/', 'y/.%2E/'];
const PARAMS = ['', ';', ';a=1', ';jsessionid=x'];
const TAILS = ['', '/', '//'];

export function pathSpelling(path: string): fc.Arbitrary<string> {
	const segments = path.split('/').slice(1);
	const n = segments.length;
	return fc
		.tuple(
			fc.tuple(...segments.map((seg) => fc.tuple(...[...seg].map(spellChar)).map((cs) => cs.join('')))),
			fc.array(fc.constantFrom(...PREFIXES), { minLength: n, maxLength: n }),
			fc.array(fc.constantFrom(...PARAMS), { minLength: n, maxLength: n }),
			fc.constantFrom(...TAILS)
		)
		.map(([segs, prefixes, params, tail]) => '/' + segs.map((s, i) => prefixes[i] + s + params[i]).join('/') + tail);
}

/** The same path, every character percent-encoded (the slashes kept). */
export function allEncoded(path: string): string {
	return path
		.split('/')
		.map((seg) => [...seg].map((c) => '%' + c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')).join(''))
		.join('/');
}
