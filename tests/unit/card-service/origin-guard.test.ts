// The rule of hooks.server.ts: card-changing requests only from the studio's own origin, on a loopback Host.
import { describe, expect, it } from 'vitest';
import { decideCardRequest } from '../../../src/lib/server/card-service';

const own = { method: 'POST', path: '/api/card/write', origin: 'http://127.0.0.1:5173', host: '127.0.0.1:5173' };

describe('decideCardRequest', () => {
	it('allows a POST whose Origin is the server itself on 127.0.0.1, localhost or [::1]', () => {
		expect(decideCardRequest(own)).toEqual({ allowed: true });
		expect(decideCardRequest({ ...own, origin: 'http://localhost:5173', host: 'localhost:5173' })).toEqual({ allowed: true });
		expect(decideCardRequest({ ...own, origin: 'http://[::1]:5173', host: '[::1]:5173' })).toEqual({ allowed: true });
	});

	it('refuses another site posting to the studio (Origin differs from Host)', () => {
		expect(decideCardRequest({ ...own, origin: 'http://evil.example' })).toEqual({
			allowed: false,
			reason: "Origin http://evil.example is not the studio's own origin (127.0.0.1:5173)"
		});
		// Same machine, other port: another origin (RFC 6454 §4: scheme, host and port).
		expect(decideCardRequest({ ...own, origin: 'http://127.0.0.1:8080' }).allowed).toBe(false);
		// localhost and 127.0.0.1 are different origins even though they reach the same server.
		expect(decideCardRequest({ ...own, origin: 'http://localhost:5173' }).allowed).toBe(false);
	});

	it('refuses a DNS-rebinding request: matching Origin and Host, but not a loopback name', () => {
		expect(decideCardRequest({ ...own, origin: 'http://evil.example:5173', host: 'evil.example:5173' })).toEqual({
			allowed: false,
			reason: 'card operations are served on localhost only, not to Host "evil.example:5173"'
		});
		expect(decideCardRequest({ ...own, origin: 'http://192.0.2.2:5173', host: '192.0.2.2:5173' }).allowed).toBe(false);
		// A name that merely starts like a loopback name is not one.
		expect(decideCardRequest({ ...own, origin: 'http://localhost.evil.example', host: 'localhost.evil.example' }).allowed).toBe(false);
	});

	it('refuses a write without Origin, with a non-URL Origin ("null" from sandboxed frames) or a non-http scheme', () => {
		expect(decideCardRequest({ ...own, origin: null })).toEqual({ allowed: false, reason: 'the request has no Origin header' });
		expect(decideCardRequest({ ...own, origin: 'null' })).toEqual({ allowed: false, reason: 'Origin "null" is not a URL' });
		expect(decideCardRequest({ ...own, origin: 'file://127.0.0.1:5173' }).allowed).toBe(false);
		expect(decideCardRequest({ ...own, host: null }).allowed).toBe(false);
	});

	it('applies to PUT, PATCH and DELETE under /api/card/ too, and to nothing else', () => {
		for (const method of ['PUT', 'PATCH', 'DELETE', 'post']) expect(decideCardRequest({ ...own, method, origin: null }).allowed).toBe(false);
		expect(decideCardRequest({ ...own, method: 'GET', origin: null })).toEqual({ allowed: true });
		expect(decideCardRequest({ ...own, path: '/api/cards/x', origin: null })).toEqual({ allowed: true });
		expect(decideCardRequest({ ...own, path: '/', origin: null })).toEqual({ allowed: true });
	});
});
