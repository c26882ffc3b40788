// POST { templateName, templateText, orderUpload (an order sent through /api/batch/run/order and /piece) or orderName +
// orderText, adm, readers } → the run's state, once the order is read and its ledger filled; the order written onto
// the cards in this machine's readers (src/lib/server/station/job.ts). Touches cards: served through serveCard, this machine's page only.
import { jsonBody, serveCard } from '$lib/server/card-service';
import { parseRunStart, startRun } from '$lib/server/station/job';
import type { RequestHandler } from './$types';

export const trailingSlash = 'ignore';

export const POST: RequestHandler = (event) => serveCard(event, async () => ({ status: 200, body: { ok: true, run: await startRun(parseRunStart(await jsonBody(event.request))) } }));
