// POST { name, size } → { upload: { id, piece } }: an order file begins its way to the station in pieces of at most
// `piece` bytes (/api/batch/run/piece), for a start request to name by its id (src/lib/server/station/order-upload.ts).
// Served through serveCard: the order holds card keys, and the run it starts writes cards.
import { jsonBody, RequestError, serveCard } from '$lib/server/card-service';
import { orderUploads } from '$lib/server/station/job';
import type { RequestHandler } from './$types';

export const trailingSlash = 'ignore';

export const POST: RequestHandler = (event) =>
	serveCard(event, async () => {
		const body = await jsonBody(event.request);
		if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new RequestError('the body must be a JSON object { "name": "…", "size": bytes }');
		const { name, size } = body as Record<string, unknown>;
		if (typeof name !== 'string') throw new RequestError('name is required (the order file\'s name)');
		if (typeof size !== 'number') throw new RequestError('size is required (the order file\'s size in bytes)');
		return { status: 200, body: { ok: true, upload: orderUploads.begin(name, size) } };
	});
