// Server hooks: the origin rule for card requests (card-service/origin-guard.ts, unit tested) and closing the
// PC/SC context when adapter-node shuts down, so `node build` exits on SIGTERM instead of hanging on pcsclite.
import { json, type Handle } from '@sveltejs/kit';
import { closeCardService, decideCardRequest } from '$lib/server/card-service';

export const handle: Handle = async ({ event, resolve }) => {
	const decision = decideCardRequest({
		method: event.request.method,
		path: event.url.pathname,
		origin: event.request.headers.get('origin'),
		host: event.request.headers.get('host')
	});
	if (!decision.allowed) return json({ ok: false, error: { code: 'FORBIDDEN', message: decision.reason }, trace: [] }, { status: 403 });
	return resolve(event);
};

// adapter-node emits this after the HTTP server closed (SIGINT/SIGTERM, files/index.js graceful_shutdown).
process.once('sveltekit:shutdown', () => {
	closeCardService();
	// pcsclite's status thread can keep the loop alive after close(); unref'd, so a clean exit never waits for it.
	setTimeout(() => process.exit(0), 1000).unref();
});
