// POST { reader?, pin1?, profile? } → the provisioning documents found (hex + decoded XML) + redacted APDU trace.
import { json } from '@sveltejs/kit';
import { cardService, jsonBody, readEndpoint, RequestError, requestErrorJson } from '$lib/server/card-service';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = async ({ request }) => {
	try {
		const r = await readEndpoint(cardService(), await jsonBody(request));
		return json(r.body, { status: r.status });
	} catch (e) {
		if (!(e instanceof RequestError)) throw e;
		return json({ ok: false, error: requestErrorJson(e), trace: [] }, { status: 400 });
	}
};
