// What hooks.server.ts does to every request and answer of the studio server (issue 8 §2), card or not:
// - the security headers, on pages, API answers, refusals and errors alike. Pages get their
//   Content-Security-Policy from SvelteKit (kit.csp in svelte.config.js, with the hashes of its inline scripts);
//   everything else gets one that allows nothing. withSecurityHeaders() sets them on what SvelteKit answers;
//   adapter-node answers some requests before SvelteKit (static files through sirv, trailing-slash redirects,
//   its own 400s), so installSecurityHeaders() also sets them on every Node response of the process;
// - cross-site writes refused with 403 and those headers. This replaces SvelteKit's own CSRF check (disabled in
//   svelte.config.js), whose 403 is answered before the hooks run and so carried none of them.

import { ServerResponse } from 'node:http';
import { clipped } from '../text';

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
	// Legacy twin of CSP frame-ancestors 'none' (RFC 7034): no other page frames the studio (clickjacking /card).
	'x-frame-options': 'DENY',
	// Fetch §3.5: a JSON answer is never run as a script or shown as HTML by sniffing.
	'x-content-type-options': 'nosniff',
	// No URL of the studio (which may carry a reader name in a query) goes to another site.
	'referrer-policy': 'no-referrer'
};

/** For answers that are not pages: nothing to load, nothing may frame them (CSP3 frame-ancestors). */
export const NON_PAGE_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** The response with the security headers set; a response whose headers are immutable is copied first. */
export function withSecurityHeaders(response: Response): Response {
	let out = response;
	try {
		apply(out.headers, out.status);
	} catch {
		// Headers of a fetch() Response are immutable (Fetch §5.2 "immutable" guard).
		out = new Response(response.body, { status: response.status, statusText: response.statusText, headers: new Headers(response.headers) });
		apply(out.headers, out.status);
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

function apply(headers: Headers, status: number): void {
	for (const [name, value] of Object.entries(SECURITY_HEADERS)) headers.set(name, value);
	if (wantsDefaultCsp(status) && !headers.has('content-security-policy')) headers.set('content-security-policy', NON_PAGE_CSP);
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
