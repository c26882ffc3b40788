// Issue 8 §2 in the libraries behind the studio server: own-property table lookups, echoed input cut to 80
// characters, a body over the limit told apart from a body that is not JSON, cross-site writes and the security
// headers. The running server is tested in tests/e2e/guard.test.ts and tests/e2e/http-fuzz.test.ts.
import { describe, expect, it } from 'vitest';
import {
	CARD_BODY_LIMIT,
	chooseReader,
	CardServiceError,
	jsonBody,
	parseKeysRequest,
	profileNamed,
	RequestError
} from '../../../src/lib/server/card-service';
import { spawnSync } from 'node:child_process';
import { createServer, get, type IncomingHttpHeaders, type RequestListener } from 'node:http';
import { fileURLToPath } from 'node:url';
import { crossSiteWrite, installSecurityHeaders, NON_PAGE_CSP, withSecurityHeaders } from '../../../src/lib/server/http-hardening';
import { echoed } from '../../../src/lib/text';
import { defaultProfile, loadProfile, PROFILE_FORMAT } from '../../../src/lib/card/simulator';
import { encodeAddress } from '../../../src/lib/ota/address';

function thrown(run: () => unknown): Error {
	try {
		run();
	} catch (e) {
		if (e instanceof Error) return e;
		throw e;
	}
	throw new Error('no error');
}

describe('profile ids are looked up as own properties only', () => {
	it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'])('refuses profile %j with the known ids', (name) => {
		const e = thrown(() => profileNamed(name));
		expect(e).toBeInstanceOf(RequestError);
		expect(e.message).toBe(`unknown profile ${JSON.stringify(name)} (have: oma-provsc, oma-provsc-5015)`);
		// The same through a request body (POST /api/card/read, { "profile": "constructor" }).
		expect(() => parseKeysRequest({ profile: name })).toThrow(`unknown profile ${JSON.stringify(name)}`);
	});

	it('pstudio card --profile constructor is a usage error (exit 2), decided before PC/SC is asked', () => {
		const launcher = fileURLToPath(new URL('../../../bin/pstudio.js', import.meta.url));
		for (const name of ['constructor', '__proto__', 'toString']) {
			// PC/SC pointed nowhere: reaching it would say "PC/SC is not available" with exit 1.
			const r = spawnSync(process.execPath, [launcher, 'card', 'info', '--profile', name], { env: { ...process.env, PCSCLITE_CSOCK_NAME: '/nonexistent/pcscd.comm' }, encoding: 'utf8' });
			expect([r.status, r.stderr], name).toEqual([2, `pstudio: unknown profile ${JSON.stringify(name)} (have: oma-provsc, oma-provsc-5015) (try 'pstudio card --help')\n`]);
		}
	});

	it('still finds the real ones, and the default', () => {
		expect(profileNamed('oma-provsc-5015').id).toBe('oma-provsc-5015');
		expect(profileNamed(undefined).id).toBe('oma-provsc');
	});
});

describe('echoed input is cut to 80 characters', () => {
	it('quotes short values as they are and cuts long ones, saying how long they were', () => {
		expect(echoed('Virtual PCD 00 01')).toBe('"Virtual PCD 00 01"');
		expect(echoed('x'.repeat(80))).toBe(`"${'x'.repeat(80)}"`);
		expect(echoed('x'.repeat(500_000))).toBe(`"${'x'.repeat(80)}…" (500000 characters)`);
		// A control character is shown as its JSON escape, never sent raw to a terminal.
		expect(echoed('a\u001b[2Jb')).toBe('"a\\u001b[2Jb"');
		// Not between the halves of a surrogate pair: 79 x then U+1F600 is cut before the emoji.
		expect(echoed('x'.repeat(79) + '\u{1F600}yy')).toBe(`"${'x'.repeat(79)}…" (83 characters)`);
	});

	it('a 500 KB profile name or reader name comes back as 80 characters', () => {
		const long = 'p'.repeat(500_000);
		expect(thrown(() => profileNamed(long)).message).toBe(`unknown profile "${'p'.repeat(80)}…" (500000 characters) (have: oma-provsc, oma-provsc-5015)`);
		const e = thrown(() => chooseReader([{ name: 'Virtual PCD 00 00', present: true }], 'r'.repeat(500_000)));
		expect(e).toBeInstanceOf(CardServiceError);
		expect(e.message).toBe(`no reader named "${'r'.repeat(80)}…" (500000 characters) (have: "Virtual PCD 00 00")`);
	});

	it('the library cuts them too: a simulator profile file, an SMS destination', () => {
		const format = thrown(() => loadProfile({ ...defaultProfile(), format: 'f'.repeat(100_000) }));
		expect(format.message).toBe(`profile field format: expected "${PROFILE_FORMAT}", found "${'f'.repeat(80)}…" (100000 characters)`);
		const key = thrown(() => loadProfile({ ...defaultProfile(), keys: { ['k'.repeat(1000)]: {} } }));
		expect(key.message).toBe(`profile field keys.${'k'.repeat(80)}…: unknown key, expected one of PIN1, PIN2, ADM1`);
		const to = thrown(() => encodeAddress('9'.repeat(30) + 'x'.repeat(1000)));
		expect(to.message).toContain(`found "${'9'.repeat(30)}${'x'.repeat(50)}…" (1030 characters)`);
	});
});

/** A request whose body arrives in pieces, without Content-Length (chunked). */
function streamed(pieces: readonly Uint8Array[]): Request {
	const body = new ReadableStream<Uint8Array>({
		start(controller) {
			for (const p of pieces) controller.enqueue(p);
			controller.close();
		}
	});
	return new Request('http://127.0.0.1:5173/api/card/write', { method: 'POST', body, duplex: 'half' } as RequestInit);
}

async function rejection(p: Promise<unknown>): Promise<RequestError> {
	try {
		await p;
	} catch (e) {
		if (e instanceof RequestError) return e;
		throw e;
	}
	throw new Error('accepted');
}

describe('jsonBody: too large (413) is not "not JSON" (400)', () => {
	it('answers 413 with the limit for a Content-Length over it, before reading', async () => {
		const request = new Request('http://127.0.0.1:5173/api/card/write', { method: 'POST', body: '{}', headers: { 'content-length': String(CARD_BODY_LIMIT + 1) } });
		const e = await rejection(jsonBody(request));
		expect(e.status).toBe(413);
		expect(e.message).toBe('the body is larger than the limit of 524288 bytes (Content-Length 524289)');
	});

	it('answers 413 for a streamed body that passes the limit, 400 for one that is just not JSON', async () => {
		const chunk = new Uint8Array(64 * 1024).fill(0x20);
		const big = await rejection(jsonBody(streamed(Array.from({ length: 9 }, () => chunk))));
		expect([big.status, big.message]).toEqual([413, 'the body is larger than the limit of 524288 bytes (more than 524288 bytes sent)']);
		// Exactly at the limit is read, and then judged as JSON: 524288 spaces are no JSON value.
		const atLimit = await rejection(jsonBody(streamed(Array.from({ length: 8 }, () => chunk))));
		expect([atLimit.status, atLimit.message]).toEqual([400, 'the body must be JSON (it is empty)']);
		const notJson = await rejection(jsonBody(streamed([new TextEncoder().encode('{"documents":')])));
		expect([notJson.status, notJson.message]).toEqual([400, 'the body must be JSON']);
		const notText = await rejection(jsonBody(streamed([Uint8Array.of(0x7b, 0xff, 0x7d)])));
		expect([notText.status, notText.message]).toEqual([400, 'the body must be JSON (it is not UTF-8 text)']);
	});

	it("reports adapter-node's own 413 (BODY_SIZE_LIMIT set lower than ours) as 413 with its limit", async () => {
		// kit/src/exports/node/index.js errors the stream with a SvelteKitError whose status is 413.
		const kitError = Object.assign(new Error('Content-length of 2000 exceeds limit of 1024 bytes.'), { status: 413 });
		const body = new ReadableStream<Uint8Array>({ start: (c) => c.error(kitError) });
		const request = new Request('http://127.0.0.1:5173/', { method: 'POST', body, duplex: 'half' } as RequestInit);
		const e = await rejection(jsonBody(request));
		expect([e.status, e.message]).toEqual([413, 'the body is too large: Content-length of 2000 exceeds limit of 1024 bytes.']);
	});

	it('reads a body under the limit', async () => {
		await expect(jsonBody(streamed([new TextEncoder().encode('{"reader":"R"}')]))).resolves.toEqual({ reader: 'R' });
	});
});

describe('cross-site writes (the check SvelteKit did before the hooks, now with the security headers)', () => {
	const h = (init: Record<string, string>) => new Headers({ host: '127.0.0.1:5173', ...init });

	it('refuses a write from another origin or another site, lets reads and same-origin writes through', () => {
		expect(crossSiteWrite('POST', h({ origin: 'http://evil.example' }))).toBe('a POST from Origin http://evil.example to 127.0.0.1:5173 is refused');
		expect(crossSiteWrite('PUT', h({ origin: 'http://127.0.0.1:8080' }))).toBe('a PUT from Origin http://127.0.0.1:8080 to 127.0.0.1:5173 is refused');
		expect(crossSiteWrite('POST', h({ 'sec-fetch-site': 'cross-site' }))).toBe('a POST from another site (Sec-Fetch-Site cross-site) is refused');
		expect(crossSiteWrite('POST', h({ origin: 'null' }))).toBe('a POST with Origin null is refused');
		expect(crossSiteWrite('POST', h({ origin: 'http://127.0.0.1:5173', 'sec-fetch-site': 'same-origin' }))).toBeUndefined();
		expect(crossSiteWrite('GET', h({ origin: 'http://evil.example', 'sec-fetch-site': 'cross-site' }))).toBeUndefined();
		expect(crossSiteWrite('POST', h({}))).toBeUndefined();
	});
});

describe('security headers on every answer', () => {
	it('adds them to a JSON answer, with a CSP that allows nothing, and keeps a page its own CSP', () => {
		const api = withSecurityHeaders(new Response('{}', { status: 403, headers: { 'content-type': 'application/json' } }));
		expect(Object.fromEntries(api.headers)).toEqual({
			'content-type': 'application/json',
			'x-frame-options': 'DENY',
			'x-content-type-options': 'nosniff',
			'referrer-policy': 'no-referrer',
			'cross-origin-opener-policy': 'same-origin',
			'cross-origin-embedder-policy': 'require-corp',
			'content-security-policy': "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
		});
		expect(api.status).toBe(403);
		const page = withSecurityHeaders(new Response('<!doctype html>', { headers: { 'content-security-policy': "script-src 'self'" } }));
		expect(page.headers.get('content-security-policy')).toBe("script-src 'self'");
		expect(page.headers.get('x-frame-options')).toBe('DENY');
		expect(NON_PAGE_CSP).toContain("frame-ancestors 'none'");
	});

	it('leaves the CSP off a 304, whose headers replace the cached page\'s (RFC 9111 §4.3.4)', () => {
		const notModified = withSecurityHeaders(new Response(null, { status: 304 }));
		expect(notModified.headers.get('content-security-policy')).toBeNull();
		expect(notModified.headers.get('x-frame-options')).toBe('DENY');
	});

	it('copies a response whose headers are immutable (Response.redirect, like a fetch() answer) instead of failing', () => {
		const immutable = Response.redirect('http://127.0.0.1:5173/card', 308);
		expect(() => immutable.headers.set('x', 'y')).toThrow(TypeError);
		const out = withSecurityHeaders(immutable);
		expect([out.status, out.headers.get('location'), out.headers.get('x-content-type-options')]).toEqual([308, 'http://127.0.0.1:5173/card', 'nosniff']);
	});
});

/** Headers of one answer of a throwaway Node server running `listener`. */
async function headersOf(listener: RequestListener): Promise<IncomingHttpHeaders> {
	const server = createServer(listener);
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
	const address = server.address();
	const port = typeof address === 'object' && address ? address.port : 0;
	try {
		return await new Promise((resolve, reject) => get({ host: '127.0.0.1', port, path: '/' }, (res) => (res.resume(), resolve(res.headers))).on('error', reject));
	} finally {
		server.close();
	}
}

describe('security headers on answers Node writes before SvelteKit (static files, redirects)', () => {
	it('adds them to any Node response, keeping the headers the answer set itself', async () => {
		installSecurityHeaders();
		installSecurityHeaders();
		// Like sirv: setHeader then end() (the head is written implicitly through writeHead).
		const plain = await headersOf((_req, res) => (res.setHeader('content-type', 'application/json'), res.end('{}')));
		expect([
			plain['x-frame-options'],
			plain['x-content-type-options'],
			plain['referrer-policy'],
			plain['cross-origin-opener-policy'],
			plain['cross-origin-embedder-policy'],
			plain['content-security-policy']
		]).toEqual(['DENY', 'nosniff', 'no-referrer', 'same-origin', 'require-corp', NON_PAGE_CSP]);
		// Like SvelteKit's setResponse: the page's CSP set with setHeader stays.
		const page = await headersOf((_req, res) => (res.setHeader('content-security-policy', "script-src 'self'"), res.writeHead(200).end()));
		expect(page['content-security-policy']).toBe("script-src 'self'");
		// Like a redirect written with writeHead(status, headers): those win too.
		const redirect = await headersOf((_req, res) => res.writeHead(308, { location: '/card', 'referrer-policy': 'same-origin' }).end());
		expect([redirect.location, redirect['referrer-policy'], redirect['x-frame-options']]).toEqual(['/card', 'same-origin', 'DENY']);
		// A 304 (sirv's, SvelteKit's etag answers) keeps the page's cached CSP: none is added.
		const notModified = await headersOf((_req, res) => (res.statusCode = 304, res.end()));
		expect([notModified['content-security-policy'], notModified['x-content-type-options']]).toEqual([undefined, 'nosniff']);
	});
});
