// POST ?upload=<id>&offset=<n> with the next bytes of an order as the body (at most ORDER_PIECE) → { received, size }.
// A piece must start where the upload stands: one sent twice or out of order is refused (409), nothing appended.
import { bodyBytes, RequestError, serveCard } from '$lib/server/card-service';
import { orderUploads } from '$lib/server/station/job';
import { ORDER_PIECE } from '$lib/server/station/order-upload';
import type { RequestHandler } from './$types';

export const trailingSlash = 'ignore';

export const POST: RequestHandler = (event) =>
	serveCard(event, async () => {
		const id = event.url.searchParams.get('upload') ?? '';
		const offsetText = event.url.searchParams.get('offset') ?? '';
		if (!/^(0|[1-9][0-9]{0,15})$/.test(offsetText)) throw new RequestError('offset must be the byte where this piece starts, a whole number');
		const bytes = await bodyBytes(event.request, ORDER_PIECE);
		return { status: 200, body: { ok: true, ...orderUploads.append(id, Number(offsetText), bytes) } };
	});
