// The card rule (origin-guard.ts) applied to a SvelteKit request. Every card endpoint goes through serveCard(), so
// no spelling of a path reaches a card handler without the rule: the handler itself asks, whatever the hook saw
// (issue 8 §1: the hook once decided on the raw path while SvelteKit routed the decoded one).
import type { RequestEvent } from '@sveltejs/kit';
import type { Answer } from './endpoints';
import { RequestError, requestErrorJson } from './http';
import { CardServiceError, errorJson } from './operations';
import { CARD_API_PREFIX, decideCardRequest, isCardPath, type CardRequestFacts } from './origin-guard';

/** What adapter-node gives as `platform.req` (files/handler.js: `platform: { req }`): the Node request and its socket. */
interface NodeSocketFacts {
	remoteAddress?: string;
	localPort?: number;
}

function nodeSocket(platform: unknown): NodeSocketFacts | undefined {
	if (typeof platform !== 'object' || platform === null || !('req' in platform)) return undefined;
	const req: unknown = platform.req;
	if (typeof req !== 'object' || req === null || !('socket' in req)) return undefined;
	const socket: unknown = req.socket;
	if (typeof socket !== 'object' || socket === null) return undefined;
	const out: NodeSocketFacts = {};
	if ('remoteAddress' in socket && typeof socket.remoteAddress === 'string') out.remoteAddress = socket.remoteAddress;
	if ('localPort' in socket && typeof socket.localPort === 'number') out.localPort = socket.localPort;
	return out;
}

/**
 * The facts the rule decides on. The peer address and our own port come from the TCP socket, which a client cannot
 * choose (headers it can). Without adapter-node's socket (`vite dev`), getClientAddress() is vite's socket peer,
 * and the own port is adapter-node's PORT when set; unknown, card requests are refused.
 */
export function cardRequestFacts(event: RequestEvent): CardRequestFacts {
	const socket = nodeSocket(event.platform);
	let clientAddress: string | undefined;
	try {
		clientAddress = event.getClientAddress();
	} catch {
		// adapter-node throws when ADDRESS_HEADER is configured but absent: an unknown client is refused.
		clientAddress = undefined;
	}
	const envPort = process.env.PORT !== undefined && /^[1-9][0-9]{0,4}$/.test(process.env.PORT) ? Number(process.env.PORT) : undefined;
	const headers = event.request.headers;
	return {
		method: event.request.method,
		host: headers.get('host'),
		origin: headers.get('origin'),
		secFetchSite: headers.get('sec-fetch-site'),
		clientAddresses: socket ? [socket.remoteAddress, clientAddress] : [clientAddress],
		ownPort: socket?.localPort ?? envPort
	};
}

/** Whether a request is for the card API: the route SvelteKit matched, or any spelling of a card path. */
export function isCardRequest(event: RequestEvent): boolean {
	if (event.route.id !== null && (event.route.id + '/').startsWith(CARD_API_PREFIX)) return true;
	if (isCardPath(event.url.pathname)) return true;
	// event.url may be SvelteKit's rewritten URL (a __data.json suffix cut off); the request's own URL is what came in.
	try {
		return isCardPath(new URL(event.request.url).pathname);
	} catch {
		return true;
	}
}

function jsonResponse(body: unknown, status: number): Response {
	return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

/** 403 with the reason when the rule refuses the request, else undefined. */
export function refuseCardRequest(event: RequestEvent): Response | undefined {
	const decision = decideCardRequest(cardRequestFacts(event));
	if (decision.allowed) return undefined;
	return jsonResponse({ ok: false, error: { code: 'FORBIDDEN', message: decision.reason }, trace: [] }, 403);
}

/**
 * A card endpoint: the rule first, then the handler; a RequestError becomes its status (400, 413) with the message.
 * Each +server.ts is one call of this, so a new endpoint cannot forget the rule without it showing.
 */
export async function serveCard(event: RequestEvent, handler: () => Promise<Answer<unknown>>): Promise<Response> {
	const refusal = refuseCardRequest(event);
	if (refusal) return refusal;
	try {
		const answer = await handler();
		return jsonResponse(answer.body, answer.status);
	} catch (e) {
		// A handler that opens PC/SC itself (a station run's start) and finds no pcscd: as the card endpoints answer it.
		if (e instanceof CardServiceError) return jsonResponse({ ok: false, error: errorJson(e), trace: [] }, e.status);
		if (!(e instanceof RequestError)) throw e;
		return jsonResponse({ ok: false, error: requestErrorJson(e), trace: [] }, e.status);
	}
}
