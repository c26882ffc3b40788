// The card rule (card-service/origin-guard.ts): every card request, reads included, only from a loopback socket,
// to a loopback Host on the server's own port, from the studio's own origin. The running server is tested in
// tests/e2e/guard.test.ts; here each fact is checked on its own.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decideCardRequest, isCardPath, isLoopbackAddress, parseHost, type CardRequestFacts } from '../../../src/lib/server/card-service';
import { allEncoded, CARD_ENDPOINTS, pathSpelling } from './spellings';

const own: CardRequestFacts = {
	method: 'POST',
	host: '127.0.0.1:5173',
	origin: 'http://127.0.0.1:5173',
	secFetchSite: 'same-origin',
	clientAddresses: ['127.0.0.1', '127.0.0.1'],
	ownPort: 5173
};

describe('decideCardRequest: who is served', () => {
	it('allows a POST whose Origin is the server itself on 127.0.0.1, localhost or [::1]', () => {
		expect(decideCardRequest(own)).toEqual({ allowed: true });
		expect(decideCardRequest({ ...own, origin: 'http://localhost:5173', host: 'localhost:5173' })).toEqual({ allowed: true });
		expect(decideCardRequest({ ...own, origin: 'http://[::1]:5173', host: '[::1]:5173', clientAddresses: ['::1', '::1'] })).toEqual({ allowed: true });
		// A client without Fetch Metadata (curl, Playwright's request API) is judged by Host and Origin alone.
		expect(decideCardRequest({ ...own, secFetchSite: null })).toEqual({ allowed: true });
	});

	it('refuses a client whose socket is not loopback, whatever Host and Origin say (server bound to 0.0.0.0)', () => {
		expect(decideCardRequest({ ...own, clientAddresses: ['192.0.2.2', '192.0.2.2'] })).toEqual({
			allowed: false,
			reason: 'card operations are served to this machine only, not to a client at "192.0.2.2"'
		});
		// adapter-node's ADDRESS_HEADER can name a loopback address; the socket itself still decides.
		expect(decideCardRequest({ ...own, clientAddresses: ['192.0.2.2', '127.0.0.1'] }).allowed).toBe(false);
		expect(decideCardRequest({ ...own, clientAddresses: ['127.0.0.1', '198.51.100.7'] }).allowed).toBe(false);
		// Unknown (getClientAddress threw, no socket): refused.
		expect(decideCardRequest({ ...own, clientAddresses: [undefined] })).toEqual({
			allowed: false,
			reason: 'card operations are served to this machine only, not to a client at an unknown address'
		});
		expect(decideCardRequest({ ...own, clientAddresses: [] }).allowed).toBe(false);
	});

	it('refuses a DNS-rebinding request: matching Origin and Host, but not a loopback name; reads too', () => {
		expect(decideCardRequest({ ...own, origin: 'http://evil.example:5173', host: 'evil.example:5173' })).toEqual({
			allowed: false,
			reason: 'card operations are served on localhost only, not to Host "evil.example:5173"'
		});
		for (const method of ['GET', 'HEAD']) {
			expect(decideCardRequest({ ...own, method, origin: null, secFetchSite: null, host: 'rebind.example:5173' }).allowed).toBe(false);
		}
		expect(decideCardRequest({ ...own, origin: 'http://192.0.2.2:5173', host: '192.0.2.2:5173' }).allowed).toBe(false);
		// A name that merely starts like a loopback name is not one; 127.0.0.2 and localhost. are not in the list.
		for (const host of ['localhost.evil.example', 'localhost.:5173', '127.0.0.2:5173', '127.1:5173', 'user@127.0.0.1:5173', '127.0.0.1:5173:1']) {
			expect(decideCardRequest({ ...own, host, origin: `http://${host}` }).allowed, host).toBe(false);
		}
	});

	it("refuses a loopback Host whose port is not the one the request came in on", () => {
		expect(decideCardRequest({ ...own, host: '127.0.0.1:8080', origin: 'http://127.0.0.1:8080' })).toEqual({
			allowed: false,
			reason: 'Host "127.0.0.1:8080" is not this server\'s port 5173'
		});
		// No port in Host means 80 (RFC 9110 §4.2.1); served only by a server on port 80.
		expect(decideCardRequest({ ...own, host: 'localhost', origin: 'http://localhost' }).allowed).toBe(false);
		expect(decideCardRequest({ ...own, host: 'localhost', origin: 'http://localhost', ownPort: 80 })).toEqual({ allowed: true });
		expect(decideCardRequest({ ...own, host: '127.0.0.1:05173' }).allowed).toBe(false);
		expect(decideCardRequest({ ...own, ownPort: undefined })).toEqual({
			allowed: false,
			reason: "the server's own port is not known (serve the studio with `node build`)"
		});
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
		expect(decideCardRequest({ ...own, origin: 'https://127.0.0.1:5173' }).allowed).toBe(false);
		expect(decideCardRequest({ ...own, origin: 'http://127.0.0.1:5173/card' }).allowed).toBe(false);
	});

	it('refuses a write without Origin, with "null" (sandboxed frames) or a non-http scheme', () => {
		expect(decideCardRequest({ ...own, origin: null })).toEqual({ allowed: false, reason: 'the request has no Origin header' });
		expect(decideCardRequest({ ...own, origin: 'null' })).toEqual({ allowed: false, reason: "Origin null is not the studio's own origin (127.0.0.1:5173)" });
		expect(decideCardRequest({ ...own, origin: 'file://127.0.0.1:5173' }).allowed).toBe(false);
		expect(decideCardRequest({ ...own, host: null })).toEqual({ allowed: false, reason: 'the request has no Host header' });
		for (const method of ['PUT', 'PATCH', 'DELETE', 'OPTIONS', 'post', 'PROPFIND']) {
			expect(decideCardRequest({ ...own, method, origin: null }).allowed, method).toBe(false);
		}
	});

	it('serves a read without Origin (a typed URL), but not one whose Origin or Fetch Metadata is another site', () => {
		const read = { ...own, method: 'GET', origin: null };
		expect(decideCardRequest(read)).toEqual({ allowed: true });
		expect(decideCardRequest({ ...read, secFetchSite: 'none' })).toEqual({ allowed: true });
		expect(decideCardRequest({ ...read, origin: 'http://evil.example' }).allowed).toBe(false);
		expect(decideCardRequest({ ...read, secFetchSite: 'cross-site' })).toEqual({
			allowed: false,
			reason: 'Sec-Fetch-Site "cross-site": card requests come from the studio\'s own pages only'
		});
		// Another port of localhost is "same-site" for Fetch Metadata (ports do not count), and another origin.
		expect(decideCardRequest({ ...read, secFetchSite: 'same-site' }).allowed).toBe(false);
		// A write is never "none": only navigations are.
		expect(decideCardRequest({ ...own, secFetchSite: 'none' }).allowed).toBe(false);
	});

	it('repeats at most 80 characters of a header it refuses', () => {
		const host = 'a'.repeat(500_000) + '.example:5173';
		const r = decideCardRequest({ ...own, host, origin: 'http://' + host });
		expect(r).toEqual({ allowed: false, reason: `card operations are served on localhost only, not to Host "${'a'.repeat(80)}…" (500013 characters)` });
		const o = decideCardRequest({ ...own, origin: 'http://' + 'b'.repeat(100_000) });
		expect(o.allowed ? '' : o.reason).toBe(`Origin http://${'b'.repeat(73)}… is not the studio's own origin (127.0.0.1:5173)`);
	});
});

describe('isLoopbackAddress', () => {
	it('knows 127.0.0.0/8, ::1 and IPv4-mapped 127.x (RFC 1122 §3.2.1.3, RFC 4291 §2.5.3, §2.5.5.2)', () => {
		for (const a of ['127.0.0.1', '127.255.0.9', '::1', '::ffff:127.0.0.1', '::FFFF:127.1.2.3', '0:0:0:0:0:0:0:1']) expect(isLoopbackAddress(a), a).toBe(true);
		for (const a of ['192.0.2.2', '::ffff:192.0.2.2', 'fd00::2', '0.0.0.0', '::', '128.0.0.1', '127.0.0.256', '127.0.0', 'localhost', '', undefined]) {
			expect(isLoopbackAddress(a), String(a)).toBe(false);
		}
	});
});

describe('parseHost', () => {
	it('splits name and port, 80 by default, and refuses what is not a host[:port]', () => {
		expect(parseHost('127.0.0.1:5173')).toEqual({ name: '127.0.0.1', port: 5173 });
		expect(parseHost('[::1]:5173')).toEqual({ name: '[::1]', port: 5173 });
		expect(parseHost('LocalHost')).toEqual({ name: 'localhost', port: 80 });
		for (const h of ['a@b', 'x:0', 'x:65536', 'x:', 'x y', '[::1', 'x:1:2']) expect(parseHost(h), h).toBeUndefined();
	});
});

describe('isCardPath', () => {
	it('sees a card endpoint under every spelling: percent-encoding, case, slashes, dot segments, ;params', () => {
		fc.assert(
			fc.property(fc.constantFrom(...CARD_ENDPOINTS).chain(pathSpelling), (spelled) => {
				expect(isCardPath(spelled), spelled).toBe(true);
			}),
			{ numRuns: 2000 }
		);
	});

	it('the spellings of issue 8 §1 and their neighbours', () => {
		for (const e of CARD_ENDPOINTS) expect(isCardPath(allEncoded(e)), allEncoded(e)).toBe(true);
		for (const p of ['/api/%63ard/write', '/api/c%61rd/write', '/%61pi/card/write', '/API/CARD/WRITE', '//api//card/write', '/x/../api/card/write', '/api/card/write;x', '/api;x/card/write', '/api/card/', '/api/card', '/api%2Fcard%2Fwrite']) {
			expect(isCardPath(p), p).toBe(true);
		}
		for (const p of ['/', '/card', '/api/cards/x', '/api/cardx', '/apix/card/write', '/api/card/../x', '/_app/immutable/x.js']) expect(isCardPath(p), p).toBe(false);
	});
});
