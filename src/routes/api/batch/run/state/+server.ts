// GET → the run's state (polled by the Batch page): per reader the card, step and cards/min; for the order done,
// failed, left and the ETA. No secret is in it. Served through serveCard like every endpoint that touches cards.
import { serveCard } from '$lib/server/card-service';
import { runState } from '$lib/server/station/job';
import type { RequestHandler } from './$types';

export const trailingSlash = 'ignore';

export const GET: RequestHandler = (event) => serveCard(event, async () => ({ status: 200, body: { ok: true, run: runState() } }));
