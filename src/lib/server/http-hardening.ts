// What hooks.server.ts does to every request and answer of the studio server (issue 8 §2), card or not:
// - the security headers, on pages, API answers, refusals and errors alike. Pages get their
//   Content-Security-Policy from SvelteKit (kit.csp in svelte.config.js, with the hashes of its inline scripts);
//   everything else gets one that allows nothing. withSecurityHeaders() sets them on what SvelteKit answers;
//   adapter-node answers some requests before SvelteKit (static files through sirv, trailing-slash redirects,
//   its own 400s), so installSecurityHeaders() also sets them on every Node response of the process;
// - cross-site writes refused with 403 and those headers. This replaces SvelteKit's own CSRF check (disabled in
//   svelte.config.js), whose 403 is answered before the hooks run and so carried none of them;
// - Cache-Control: no-store on every card answer (ICCID, IMSI, documents read back, the run report);
// - a request that trickles in (slowloris) is cut off within seconds, not Node's 5 minutes, and the unread body of
//   an answered request is not drained for ever (installSlowClientLimits).

import { Server, ServerResponse, type IncomingMessage } from 'node:http';
import { clipped } from '../text';

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
	// Legacy twin of CSP frame-ancestors 'none' (RFC 7034): no other page frames the studio (clickjacking /card).
	'x-frame-options': 'DENY',
	// Fetch §3.5: a JSON answer is never run as a script or shown as HTML by sniffing.
	'x-content-type-options': 'nosniff',
	// No URL of the studio (which may carry a reader name in a query) goes to another site.
	'referrer-policy': 'no-referrer',
	// Cross-origin isolation (HTML §7.1.3.1, Fetch CORP): no window of another site keeps a handle on the studio's
	// (window.opener), nothing of another site is embedded without its consent, and the page may share memory with
	// its analysis worker, which then gives way to keystrokes (src/lib/ui/analysis/input-gate.ts). Everything the
	// studio loads is its own, so nothing is refused.
	'cross-origin-opener-policy': 'same-origin',
	'cross-origin-embedder-policy': 'require-corp'
};

/** For answers that are not pages: nothing to load, nothing may frame them (CSP3 frame-ancestors). */
export const NON_PAGE_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/**
 * For answers that may hold card data (an ICCID, an IMSI, documents read back, a run's report): kept in no cache,
 * the browser's disk cache included (RFC 9111 §5.2.2.5), so nothing of a card outlives the page that asked.
 */
export const NO_STORE = 'no-store';

export interface HardeningOptions {
	/** The answer of a card endpoint (or a refusal of one): Cache-Control no-store, whatever the handler set. */
	noStore?: boolean;
}

/** The response with the security headers set; a response whose headers are immutable is copied first. */
export function withSecurityHeaders(response: Response, options: HardeningOptions = {}): Response {
	let out = response;
	try {
		apply(out.headers, out.status, options);
	} catch {
		// Headers of a fetch() Response are immutable (Fetch §5.2 "immutable" guard).
		out = new Response(response.body, { status: response.status, statusText: response.statusText, headers: new Headers(response.headers) });
		apply(out.headers, out.status, options);
	}
	return out;
}

/**
 * A 304 keeps the CSP of the answer it revalidates: its headers replace the cached ones (RFC 9111 §4.3.4), so a
 * default CSP on the 304 of a page would turn the page's own into "default-src 'none'" and block its scripts.
 */
function wantsDefaultCsp(status: number): boolean {
	return status !== 304;
}

function apply(headers: Headers, status: number, options: HardeningOptions): void {
	for (const [name, value] of Object.entries(SECURITY_HEADERS)) headers.set(name, value);
	if (wantsDefaultCsp(status) && !headers.has('content-security-policy')) headers.set('content-security-policy', NON_PAGE_CSP);
	if (options.noStore) headers.set('cache-control', NO_STORE);
}

const INSTALLED = Symbol.for('pstudio.securityHeaders');

/**
 * Every http.ServerResponse of this process gets the security headers it does not already have, just before its
 * head is written. Headers set by the answer itself win: a page keeps SvelteKit's CSP (kit's setResponse sets it
 * with setHeader before writeHead; headers given to writeHead override, Node _http_server.js). The studio server
 * is the only HTTP server of its process, so the patch reaches nothing else. Idempotent.
 */
export function installSecurityHeaders(): void {
	const proto = ServerResponse.prototype as ServerResponse & { [INSTALLED]?: true };
	if (proto[INSTALLED]) return;
	const writeHead = proto.writeHead;
	function writeHeadWithSecurityHeaders(this: ServerResponse, ...args: unknown[]): ServerResponse {
		if (!this.headersSent) {
			for (const [name, value] of Object.entries(SECURITY_HEADERS)) if (!this.hasHeader(name)) this.setHeader(name, value);
			const status = typeof args[0] === 'number' ? args[0] : this.statusCode;
			if (wantsDefaultCsp(status) && !this.hasHeader('content-security-policy')) this.setHeader('content-security-policy', NON_PAGE_CSP);
		}
		return (writeHead as (...a: unknown[]) => ServerResponse).apply(this, args);
	}
	proto.writeHead = writeHeadWithSecurityHeaders as ServerResponse['writeHead'];
	proto[INSTALLED] = true;
}

/**
 * How long a client may take to send a request, and how long an answered request's unread body is drained.
 * Node's defaults (60 s for the head, 300 s for the whole request, checked every 30 s) let a client that sends a
 * body at 1 byte/s hold its connection for 5 minutes; and after an answer given without reading the body (the card
 * rule's 403, a 405, a 413), Node keeps reading and discarding it (_http_server.js resOnFinish, req._dump()) until
 * it ends: a client streaming gigabytes kept a core busy for as long. A studio request is at most 512 KiB
 * (CARD_BODY_LIMIT) and every request with a body comes over loopback (the card rule), so seconds are plenty; the
 * grace lets the client finish sending and read the answer before its connection is closed.
 */
export const SLOW_CLIENT_LIMITS = { headersMs: 10_000, requestMs: 30_000, checkEveryMs: 1_000, unreadBodyGraceMs: 2_000 } as const;

const SLOW_CLIENT_LIMITS_INSTALLED = Symbol.for('pstudio.slowClientLimits');

/** The smaller of the two, where 0 (Node: "no timeout") is the largest. */
function atMost(current: number, limit: number): number {
	return current > 0 && current < limit ? current : limit;
}

/** Once answered, a request whose body has not all come within the grace loses its connection. */
function cutOffUnreadBody(req: IncomingMessage, res: ServerResponse): void {
	res.once('finish', () => {
		if (req.complete) return;
		const socket = req.socket;
		const timer = setTimeout(() => {
			// Complete by now: the body ended and the connection may carry the client's next request.
			if (!req.complete) socket.destroy();
		}, SLOW_CLIENT_LIMITS.unreadBodyGraceMs);
		timer.unref();
		socket.once('close', () => clearTimeout(timer));
	});
}

/**
 * Every http.Server of this process that starts listening after this call gets SLOW_CLIENT_LIMITS (a shorter
 * timeout it already has, e.g. adapter-node's HEADERS_TIMEOUT, is kept). Set as it starts listening: Node starts
 * its timeout checker on 'listening' with connectionsCheckingInterval (_http_server.js setupConnectionsTracking).
 * adapter-node's handler loads the hooks before build/index.js creates and starts its server, so `node build` is
 * covered; `vite dev` listens before the hooks load and keeps Node's defaults. Idempotent.
 */
export function installSlowClientLimits(): void {
	const proto = Server.prototype as Server & { [SLOW_CLIENT_LIMITS_INSTALLED]?: true };
	if (proto[SLOW_CLIENT_LIMITS_INSTALLED]) return;
	const listen = proto.listen;
	function listenWithLimits(this: Server & { connectionsCheckingInterval?: number }, ...args: unknown[]): Server {
		this.headersTimeout = atMost(this.headersTimeout, SLOW_CLIENT_LIMITS.headersMs);
		this.requestTimeout = atMost(this.requestTimeout, SLOW_CLIENT_LIMITS.requestMs);
		this.connectionsCheckingInterval = atMost(this.connectionsCheckingInterval ?? 0, SLOW_CLIENT_LIMITS.checkEveryMs);
		if (!this.listeners('request').includes(cutOffUnreadBody)) this.on('request', cutOffUnreadBody);
		return (listen as (...a: unknown[]) => Server).apply(this, args);
	}
	proto.listen = listenWithLimits as Server['listen'];
	proto[SLOW_CLIENT_LIMITS_INSTALLED] = true;
}

/** Methods a browser sends cross-site without a CORS preflight and that must not change anything (RFC 9110 §9.2.1). */
const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Why a request is a cross-site write, or undefined. A write whose Fetch Metadata is not "same-origin", or whose
 * Origin names another host than the Host it was sent to (adapter-node believes every request is https, so the
 * scheme is not compared; the port is, through the host). No Origin at all is a non-browser client: allowed here,
 * and the card endpoints require one anyway (origin-guard.ts).
 */
export function crossSiteWrite(method: string, headers: Headers): string | undefined {
	if (SAFE_METHODS.has(method.toUpperCase())) return undefined;
	const site = headers.get('sec-fetch-site');
	if (site !== null && site.toLowerCase() !== 'same-origin') return `a ${clipped(method)} from another site (Sec-Fetch-Site ${clipped(site)}) is refused`;
	const origin = headers.get('origin');
	if (origin === null) return undefined;
	let originHost: string;
	try {
		originHost = new URL(origin).host;
	} catch {
		return `a ${clipped(method)} with Origin ${clipped(origin)} is refused`;
	}
	const host = (headers.get('host') ?? '').trim().toLowerCase();
	if (originHost !== host) return `a ${clipped(method)} from Origin ${clipped(origin)} to ${clipped(host)} is refused`;
	return undefined;
}
