// GET /api/card/info?reader=NAME → ATR, ICCID, IMSI (what the card shows without a PIN);
// POST { reader?, pin1? } → the same after PIN1 (the IMSI is PIN1-protected on most cards).
// Like every card endpoint, served through serveCard: this machine's own studio page only.
import { cardService, infoEndpoint, jsonBody, serveCard } from '$lib/server/card-service';
import type { RequestHandler } from './$types';

// "/api/card/info/" is answered here (after the rule), not redirected before the hooks run.
export const trailingSlash = 'ignore';

export const GET: RequestHandler = (event) =>
	serveCard(event, () => infoEndpoint(cardService(), { reader: event.url.searchParams.get('reader') ?? undefined }));

export const POST: RequestHandler = (event) => serveCard(event, async () => infoEndpoint(cardService(), await jsonBody(event.request)));
