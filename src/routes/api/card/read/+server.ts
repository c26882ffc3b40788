// POST { reader?, pin1?, profile? } → the provisioning documents found (hex + decoded XML) + redacted APDU trace.
// Like every card endpoint, served through serveCard: this machine's own studio page only.
import { cardService, jsonBody, readEndpoint, serveCard } from '$lib/server/card-service';
import type { RequestHandler } from './$types';

// "/api/card/read/" is answered here (after the rule), not redirected before the hooks run.
export const trailingSlash = 'ignore';

export const POST: RequestHandler = (event) => serveCard(event, async () => readEndpoint(cardService(), await jsonBody(event.request)));
