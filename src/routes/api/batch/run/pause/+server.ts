// POST → pause the station's run (no new card is started while paused; stop ends after the cards under way). Served
// through serveCard like every endpoint that touches cards.
import { serveCard } from '$lib/server/card-service';
import { controlRun } from '$lib/server/station/job';
import type { RequestHandler } from './$types';

export const trailingSlash = 'ignore';

export const POST: RequestHandler = (event) => serveCard(event, async () => ({ status: 200, body: { ok: true, run: controlRun('pause') } }));
