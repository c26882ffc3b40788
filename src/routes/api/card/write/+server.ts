// POST { reader?, documents: { bootstrap, config1?, config2? }, adm, pin1?, force?, profile? } → per-file report +
// redacted APDU trace. Only from the studio's own origin on localhost (hooks.server.ts).
import { json } from '@sveltejs/kit';
import { cardService, jsonBody, RequestError, requestErrorJson, writeEndpoint } from '$lib/server/card-service';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = async ({ request }) => {
	try {
		const r = await writeEndpoint(cardService(), await jsonBody(request));
		return json(r.body, { status: r.status });
	} catch (e) {
		if (!(e instanceof RequestError)) throw e;
		return json({ ok: false, error: requestErrorJson(e), trace: [] }, { status: 400 });
	}
};
