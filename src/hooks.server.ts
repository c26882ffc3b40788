// Server hooks: the card rule for any request that is, or could be spelled as, a card request; cross-site writes
// refused; the security headers on every answer, no-store on card answers, slow clients cut off
// (src/lib/server/http-hardening.ts); and closing the PC/SC context when adapter-node shuts down, so `node build`
// exits on SIGTERM instead of hanging on pcsclite.
//
// The card rule is decided here on the route SvelteKit matched (event.route.id) and on every spelling of a card
// path (isCardPath), and again inside each card endpoint (serveCard): the hook is not the only gate.
import type { Handle, HandleServerError } from '@sveltejs/kit';
import { closeCardService, isCardRequest, refuseCardRequest } from '$lib/server/card-service';
import { crossSiteWrite, installSlowClientLimits, installSecurityHeaders, withSecurityHeaders } from '$lib/server/http-hardening';

// Static files, redirects and adapter-node's own refusals are answered before `handle`: they get the headers here.
installSecurityHeaders();
// Loaded before adapter-node's server listens: a slow or endless client is cut off in seconds (http-hardening.ts).
installSlowClientLimits();

function forbidden(message: string): Response {
	return new Response(JSON.stringify({ ok: false, error: { code: 'FORBIDDEN', message }, trace: [] }), {
		status: 403,
		headers: { 'content-type': 'application/json' }
	});
}

export const handle: Handle = async ({ event, resolve }) => {
	let response: Response | undefined;
	const card = isCardRequest(event);
	if (card) response = refuseCardRequest(event);
	if (!response) {
		const crossSite = crossSiteWrite(event.request.method, event.request.headers);
		if (crossSite !== undefined) response = forbidden(crossSite);
	}
	// A card answer may hold card data (ICCID, IMSI, documents, the run report): no cache keeps it.
	return withSecurityHeaders(response ?? (await resolve(event)), { noStore: card });
};

/**
 * A 4xx is the request's fault (a path that does not decode, a method the route lacks): answered, not logged —
 * SvelteKit's default logs each with the request's own text, unbounded. A 500 is a bug: logged with its stack.
 */
export const handleError: HandleServerError = ({ error, status, message }) => {
	if (status < 500) return { message };
	console.error(error);
	return { message };
};

// adapter-node emits this after the HTTP server closed (SIGINT/SIGTERM, files/index.js graceful_shutdown).
process.once('sveltekit:shutdown', () => {
	closeCardService();
	// pcsclite's status thread can keep the loop alive after close(); unref'd, so a clean exit never waits for it.
	setTimeout(() => process.exit(0), 1000).unref();
});
