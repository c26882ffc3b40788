// GET /api/card/info?reader=NAME → ATR, ICCID, IMSI (what the card shows without a PIN);
// POST { reader?, pin1? } → the same after PIN1 (the IMSI is PIN1-protected on most cards).
import { json } from '@sveltejs/kit';
import { cardService, infoEndpoint, jsonBody, RequestError, requestErrorJson } from '$lib/server/card-service';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ url }) => {
	const r = await infoEndpoint(cardService(), { reader: url.searchParams.get('reader') ?? undefined });
	return json(r.body, { status: r.status });
};

export const POST: RequestHandler = async ({ request }) => {
	try {
		const r = await infoEndpoint(cardService(), await jsonBody(request));
		return json(r.body, { status: r.status });
	} catch (e) {
		if (!(e instanceof RequestError)) throw e;
		return json({ ok: false, error: requestErrorJson(e), trace: [] }, { status: 400 });
	}
};
