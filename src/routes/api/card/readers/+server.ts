// GET /api/card/readers → { readers: [{ name, present, atr? }] }; the Card page polls it. Like every card endpoint,
// served through serveCard: this machine's own studio page only (card-service/origin-guard.ts).
import { cardService, readersEndpoint, serveCard } from '$lib/server/card-service';
import type { RequestHandler } from './$types';

// "/api/card/readers/" is answered here (after the rule), not redirected before the hooks run.
export const trailingSlash = 'ignore';

export const GET: RequestHandler = (event) => serveCard(event, () => readersEndpoint(cardService()));
