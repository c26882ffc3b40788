// Who may make the studio server touch a card (issue 5: "the server writes cards only for requests from the
// studio's own origin on localhost"). Pure, so the rule is unit tested without a server.
//
// Why Host and Origin both: a page on another site can POST to http://127.0.0.1:5173 (the browser sends its own
// Origin, which differs), and a DNS-rebinding page reaches 127.0.0.1 under its own name (then the Host header is
// that name, not a loopback name). The server's own origin is compared by host:port, not by scheme: adapter-node
// without ORIGIN believes every request is https (handler.js get_origin), while the browser says http.

/** Host names that can only mean this machine (RFC 6761 §6.3 localhost; the IPv4 and IPv6 loopbacks). */
const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Methods that change a card; reads (GET) need no Origin because a browser sends none on navigation. */
const WRITING_METHODS: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export const CARD_API_PREFIX = '/api/card/';

export interface CardRequestFacts {
	method: string;
	/** URL path of the request, e.g. "/api/card/write". */
	path: string;
	/** The Origin header, or null when the request has none. */
	origin: string | null;
	/** The Host header ("127.0.0.1:5173"), or null. */
	host: string | null;
}

export type OriginDecision = { allowed: true } | { allowed: false; reason: string };

/** "127.0.0.1:5173" → "127.0.0.1", "[::1]:5173" → "[::1]", "LocalHost" → "localhost". */
function hostName(host: string): string {
	const h = host.trim().toLowerCase();
	if (h.startsWith('[')) {
		const end = h.indexOf(']');
		return end < 0 ? h : h.slice(0, end + 1);
	}
	const colon = h.indexOf(':');
	return colon < 0 ? h : h.slice(0, colon);
}

function isCardApi(path: string): boolean {
	return path === CARD_API_PREFIX.slice(0, -1) || path.startsWith(CARD_API_PREFIX);
}

export function decideCardRequest(facts: CardRequestFacts): OriginDecision {
	const method = facts.method.toUpperCase();
	if (!isCardApi(facts.path) || !WRITING_METHODS.has(method)) return { allowed: true };
	if (facts.host === null || facts.host.trim() === '') return { allowed: false, reason: 'the request has no Host header' };
	if (!LOOPBACK_HOSTS.has(hostName(facts.host))) {
		return { allowed: false, reason: `card operations are served on localhost only, not to Host ${JSON.stringify(facts.host)}` };
	}
	if (facts.origin === null || facts.origin === '') return { allowed: false, reason: 'the request has no Origin header' };
	let origin: URL;
	try {
		origin = new URL(facts.origin);
	} catch {
		return { allowed: false, reason: `Origin ${JSON.stringify(facts.origin)} is not a URL` };
	}
	if ((origin.protocol !== 'http:' && origin.protocol !== 'https:') || origin.host !== facts.host.trim().toLowerCase()) {
		return { allowed: false, reason: `Origin ${facts.origin} is not the studio's own origin (${facts.host})` };
	}
	return { allowed: true };
}
