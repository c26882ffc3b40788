// POST { reader?, pin1?, profile? } → identity + the provisioning files as the card holds them (EF.DIR records,
// ODF, TokenInfo, DODF, Bootstrap, Config1, Config2; SELECT and READ only, no key, nothing written), for the Card
// page's comparison before a write. Like every card endpoint, served through serveCard: this machine's own studio
// page only.
import { cardService, jsonBody, planEndpoint, serveCard } from '$lib/server/card-service';
import type { RequestHandler } from './$types';

// "/api/card/plan/" is answered here (after the rule), not redirected before the hooks run.
export const trailingSlash = 'ignore';

export const POST: RequestHandler = (event) => serveCard(event, async () => planEndpoint(cardService(), await jsonBody(event.request)));
