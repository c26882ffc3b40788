// POST { reader?, documents: { bootstrap, config1?, config2? }, adm, pin1?, force?, profile?, raw? } → per-file
// report + redacted APDU trace. Documents are checked before any APDU (unless raw). Like every card endpoint,
// served through serveCard: this machine's own studio page only.
import { cardService, jsonBody, serveCard, writeEndpoint } from '$lib/server/card-service';
import type { RequestHandler } from './$types';

// "/api/card/write/" is answered here (after the rule), not redirected before the hooks run.
export const trailingSlash = 'ignore';

export const POST: RequestHandler = (event) => serveCard(event, async () => writeEndpoint(cardService(), await jsonBody(event.request)));
