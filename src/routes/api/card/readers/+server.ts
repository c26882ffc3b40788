// GET /api/card/readers → { readers: [{ name, present, atr? }] }; the Card page polls it.
import { json } from '@sveltejs/kit';
import { cardService, readersEndpoint } from '$lib/server/card-service';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async () => {
	const r = await readersEndpoint(cardService());
	return json(r.body, { status: r.status });
};
