// Who may make the studio server touch a card: this machine's own browser tab on the studio's own origin, nobody
// else (issue 5, hardened in issue 8 §1). Pure, so the rule is unit tested without a server; request-guard.ts
// gathers the facts from a SvelteKit RequestEvent and every card endpoint calls it.
//
// Three facts, each closing one way in:
// - The socket peer is a loopback address. Headers are the client's to choose; the TCP peer is not. A server bound
//   to 0.0.0.0 (`npm start -- --host 0.0.0.0`) serves its pages to the network but no card request from it.
// - The Host is a loopback name with the port this connection arrived on. A DNS-rebinding page reaches 127.0.0.1
//   under its own name, and the browser sends that name as Host (RFC 9110 §7.2).
// - The Origin (and Sec-Fetch-Site, when the browser sends it) says the request comes from the studio's own page.
//   Another site, or another port on this machine, is another origin (RFC 6454 §4: scheme, host and port).
//   A write must carry an Origin (every browser sends one on POST: Fetch §3.2.5, "append a request Origin
//   header"); a read may lack one (a typed URL), but one that is there must be ours.

import { clipped, echoed } from '../../text';

/** Host names that can only mean this machine (RFC 6761 §6.3 localhost; the IPv4 and IPv6 loopbacks). */
const LOOPBACK_HOST_NAMES: ReadonlySet<string> = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Methods that only read (RFC 9110 §9.2.1 safe methods a browser sends without a preflight). */
const READING_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD']);

export const CARD_API_PREFIX = '/api/card/';

export interface CardRequestFacts {
	method: string;
	/** The Host header ("127.0.0.1:5173"), or null. */
	host: string | null;
	/** The Origin header, or null when the request has none. */
	origin: string | null;
	/** The Sec-Fetch-Site header (Fetch Metadata), or null. */
	secFetchSite: string | null;
	/**
	 * Where the request came from: the socket's peer address, and what SvelteKit's getClientAddress() says (the same
	 * unless adapter-node's ADDRESS_HEADER is set, then the proxy's header). Every one must be loopback; undefined
	 * (unknown, or getClientAddress threw) is refused.
	 */
	clientAddresses: readonly (string | undefined)[];
	/** The port this connection arrived on (the socket's local port), or undefined when it cannot be known. */
	ownPort: number | undefined;
}

export type OriginDecision = { allowed: true } | { allowed: false; reason: string };

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** 127.0.0.0/8 (RFC 1122 §3.2.1.3 (g)), ::1 (RFC 4291 §2.5.3), and 127.x as an IPv4-mapped IPv6 address (§2.5.5.2). */
export function isLoopbackAddress(address: string | undefined): boolean {
	if (address === undefined) return false;
	let a = address.trim().toLowerCase();
	if (a === '::1' || a === '0:0:0:0:0:0:0:1') return true;
	if (a.startsWith('::ffff:')) a = a.slice('::ffff:'.length);
	const m = IPV4.exec(a);
	return m !== null && m[1] === '127' && m.slice(2).every((octet) => Number(octet) <= 255);
}

/** "127.0.0.1:5173" → { name: "127.0.0.1", port: 5173 }; no port → 80 (RFC 9110 §4.2.1 http default); else undefined. */
export function parseHost(host: string): { name: string; port: number } | undefined {
	const m = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::([1-9][0-9]{0,4}))?$/i.exec(host);
	if (!m) return undefined;
	const port = m[2] === undefined ? 80 : Number(m[2]);
	if (port > 65535) return undefined;
	return { name: m[1].toLowerCase(), port };
}

/** The origin a browser sends for a page loaded from this Host (RFC 6454 §6.2: no default port). */
function originOf(name: string, port: number): string {
	return port === 80 ? `http://${name}` : `http://${name}:${port}`;
}

export function decideCardRequest(facts: CardRequestFacts): OriginDecision {
	const method = facts.method.toUpperCase();
	const foreign = facts.clientAddresses.find((a) => !isLoopbackAddress(a));
	if (facts.clientAddresses.length === 0 || foreign !== undefined || facts.clientAddresses.includes(undefined)) {
		const from = foreign === undefined ? 'an unknown address' : echoed(foreign);
		return { allowed: false, reason: `card operations are served to this machine only, not to a client at ${from}` };
	}
	if (facts.host === null || facts.host.trim() === '') return { allowed: false, reason: 'the request has no Host header' };
	const host = parseHost(facts.host.trim());
	if (host === undefined || !LOOPBACK_HOST_NAMES.has(host.name)) {
		return { allowed: false, reason: `card operations are served on localhost only, not to Host ${echoed(facts.host)}` };
	}
	if (facts.ownPort === undefined) return { allowed: false, reason: "the server's own port is not known (serve the studio with `node build`)" };
	if (host.port !== facts.ownPort) {
		return { allowed: false, reason: `Host ${echoed(facts.host)} is not this server's port ${facts.ownPort}` };
	}
	const own = originOf(host.name, host.port);
	const reading = READING_METHODS.has(method);
	if (facts.origin === null || facts.origin === '') {
		if (!reading) return { allowed: false, reason: 'the request has no Origin header' };
	} else if (facts.origin.toLowerCase() !== own) {
		// Reported against the Host as sent, as before: "… (127.0.0.1:5173)".
		return { allowed: false, reason: `Origin ${clipped(facts.origin)} is not the studio's own origin (${clipped(facts.host.trim())})` };
	}
	// Fetch Metadata (W3C): "same-origin" from our own pages; "none" is a typed URL or a bookmark, fine for a read.
	const site = facts.secFetchSite?.toLowerCase();
	if (site !== undefined && site !== 'same-origin' && !(reading && site === 'none')) {
		return { allowed: false, reason: `Sec-Fetch-Site ${echoed(facts.secFetchSite ?? '')}: card requests come from the studio's own pages only` };
	}
	return { allowed: true };
}

/**
 * Whether a request path could name a card endpoint under any spelling: percent-decoded (repeatedly, so %2563 is
 * seen as c), case-folded, `;params` and empty segments dropped, dot segments resolved (RFC 3986 §5.2.4). The hook
 * decides on the route SvelteKit matched; this catches the spellings SvelteKit does not route (a refusal of more
 * than the router serves is harmless; one of less would be the bypass of issue 8 §1).
 */
export function isCardPath(path: string): boolean {
	let p = path;
	for (let i = 0; i < 4; i++) {
		const decoded = p.replace(/%([0-9a-f]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
		if (decoded === p) break;
		p = decoded;
	}
	const segments: string[] = [];
	for (const raw of p.toLowerCase().replace(/\\/g, '/').split('/')) {
		const segment = raw.split(';')[0].trim();
		if (segment === '' || segment === '.') continue;
		if (segment === '..') segments.pop();
		else segments.push(segment);
	}
	// /api/batch/run/* (the Batch page's station run, issue 12) writes cards too: the same rule.
	return segments[0] === 'api' && (segments[1] === 'card' || (segments[1] === 'batch' && segments[2] === 'run'));
}
