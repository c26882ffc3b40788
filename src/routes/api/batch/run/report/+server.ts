// GET → the last run's report as CSV, the columns of `pstudio batch report`. Through the card rule like the rest of
// /api/batch/run: the ledger names this station's cards.
import { refuseCardRequest } from '$lib/server/card-service';
import { RequestError } from '$lib/server/card-service/http';
import { runReport } from '$lib/server/station/job';
import type { RequestHandler } from './$types';

export const trailingSlash = 'ignore';

export const GET: RequestHandler = async (event) => {
	const refusal = refuseCardRequest(event);
	if (refusal) return refusal;
	try {
		const { name, csv } = await runReport();
		return new Response(csv, { headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${name}"` } });
	} catch (e) {
		if (!(e instanceof RequestError)) throw e;
		return new Response(JSON.stringify({ ok: false, error: { code: 'BAD_REQUEST', message: e.message }, trace: [] }), { status: e.status, headers: { 'content-type': 'application/json' } });
	}
};
