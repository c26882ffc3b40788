// Issue 8 §1 and §2 against the built, running studio (`node build`): every card endpoint, under every spelling of
// its path, answers 403 to anyone but this machine's own studio page — a foreign Host (DNS rebinding), a foreign
// Origin or Fetch Metadata, another port, or a socket that is not loopback (the server bound to 0.0.0.0 and asked
// from this machine's eth address with Host 127.0.0.1 and a matching Origin). Requests are written byte for byte
// (raw-http.ts) so each path goes out exactly as spelled. The server's PC/SC is pointed at a socket that does not
// exist (PCSCLITE_CSOCK_NAME): a request that reaches a card handler ends in 400 (its body) or 503 (no PC/SC),
// never at a card, so these tests cannot disturb a pcscd another test uses.
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allEncoded, CARD_ENDPOINTS, pathSpelling } from '../unit/card-service/spellings';
import { foreignLocalAddress, rawRequest, securityHeaderProblems, type RawResponse } from './raw-http';
import { STATION_TEMPLATE, stationOrder } from '../fixtures/station/station-kit';
import { ensureBuilt, startStudio, type StudioServer } from './server';

let server: StudioServer;
let scratch = '';
let port = 0;

beforeAll(async () => {
	ensureBuilt();
	scratch = mkdtempSync(join(tmpdir(), 'pstudio-guard-'));
	// "::" listens on IPv6 and IPv4 (dual stack): 127.0.0.1 arrives as ::ffff:127.0.0.1, and [::1] is reachable too.
	server = await startStudio({ host: '::', env: { PCSCLITE_CSOCK_NAME: join(scratch, 'no-pcscd.comm'), PSTUDIO_STATION_DIR: join(scratch, 'station') } });
	port = server.port;
});

afterAll(async () => {
	await server?.stop();
	rmSync(scratch, { recursive: true, force: true });
});

/** Which methods each endpoint serves (src/routes/api/card/*\/+server.ts). */
const METHODS: Record<(typeof CARD_ENDPOINTS)[number], readonly string[]> = {
	'/api/card/readers': ['GET'],
	'/api/card/info': ['GET', 'POST'],
	'/api/card/read': ['POST'],
	'/api/card/write': ['POST'],
	'/api/card/plan': ['POST']
};

interface Who {
	name: string;
	headers: (method: string) => [string, string | null][];
}

const own = (): string => `http://127.0.0.1:${port}`;

/** Requests the rule must refuse, each for its own reason (origin-guard.ts). */
const FOREIGN: readonly Who[] = [
	{ name: 'DNS rebinding (foreign Host and matching Origin)', headers: () => [['Host', `rebind.example:${port}`], ['Origin', `http://rebind.example:${port}`]] },
	{ name: 'rebinding read without Origin', headers: () => [['Host', `rebind.example:${port}`]] },
	{ name: 'another site (foreign Origin)', headers: () => [['Host', `127.0.0.1:${port}`], ['Origin', 'http://evil.example']] },
	{ name: 'another loopback origin (localhost vs 127.0.0.1)', headers: () => [['Host', `127.0.0.1:${port}`], ['Origin', `http://localhost:${port}`]] },
	{ name: 'another port', headers: () => [['Host', `127.0.0.1:${port + 1}`], ['Origin', `http://127.0.0.1:${port + 1}`]] },
	{ name: 'Fetch Metadata cross-site', headers: () => [['Host', `127.0.0.1:${port}`], ['Origin', own()], ['Sec-Fetch-Site', 'cross-site']] },
	{ name: 'Fetch Metadata same-site (another port of localhost)', headers: () => [['Host', `localhost:${port}`], ['Sec-Fetch-Site', 'same-site']] },
	{ name: 'a write without Origin', headers: (m) => (m === 'GET' ? [['Host', 'evil.example']] : [['Host', `127.0.0.1:${port}`]]) },
	{ name: 'a sandboxed frame (Origin null)', headers: () => [['Host', `127.0.0.1:${port}`], ['Origin', 'null']] }
];

const OWN: Who = { name: 'the studio page itself', headers: () => [['Host', `127.0.0.1:${port}`], ['Origin', own()], ['Sec-Fetch-Site', 'same-origin']] };

function send(method: string, path: string, who: Who, extra: { localAddress?: string; address?: string; body?: string } = {}): Promise<RawResponse> {
	return rawRequest({
		address: extra.address ?? '127.0.0.1',
		port,
		...(extra.localAddress ? { localAddress: extra.localAddress } : {}),
		method,
		path,
		headers: [...who.headers(method), ['Content-Type', 'application/json']],
		body: method === 'GET' || method === 'HEAD' ? undefined : (extra.body ?? '{}')
	});
}

function expectForbidden(res: RawResponse, what: string): void {
	expect(res.status, what).toBe(403);
	expect(securityHeaderProblems(res), what).toEqual([]);
	const body = JSON.parse(res.body) as { ok: boolean; error: { code: string; message: string } };
	expect(body.ok, what).toBe(false);
	expect(body.error.code, what).toBe('FORBIDDEN');
}

/** Spellings of issue 8 §1 and their kind, per endpoint: each reached the handler (or would have) before the fix. */
function fixedSpellings(endpoint: string): string[] {
	const tail = endpoint.slice('/api/card/'.length);
	return [
		endpoint,
		endpoint.replace('/card/', '/%63ard/'),
		endpoint.replace('/card/', '/c%61rd/'),
		endpoint.replace('/api/', '/%61pi/'),
		allEncoded(endpoint),
		endpoint.toUpperCase(),
		`/api/card/${tail.toUpperCase()}`,
		`/${endpoint}`,
		endpoint.replace('/card/', '//card//'),
		`${endpoint}/`,
		`${endpoint}//`,
		`/api/x/../card/${tail}`,
		`/api/card/./${tail}`,
		`/api/card/%2e%2e/card/${tail}`,
		`${endpoint};x=1`,
		`/api;x/card/${tail}`,
		`${endpoint}?reader=x`,
		`${endpoint}/__data.json`,
		`/api%2Fcard%2F${tail}`,
		`/api/card/%25${tail.charCodeAt(0).toString(16)}${tail.slice(1)}`
	];
}

/** The Batch page's station run (src/routes/api/batch/run/*\/+server.ts, issue 12): they write cards too. */
const BATCH_RUN_METHODS: Record<string, readonly string[]> = {
	'/api/batch/run/order': ['POST'],
	'/api/batch/run/piece': ['POST'],
	'/api/batch/run/start': ['POST'],
	'/api/batch/run/state': ['GET'],
	'/api/batch/run/pause': ['POST'],
	'/api/batch/run/resume': ['POST'],
	'/api/batch/run/stop': ['POST'],
	'/api/batch/run/report': ['GET']
};

/** The spellings of issue 8 §1, for a /api/batch/run/ endpoint. */
function batchRunSpellings(endpoint: string): string[] {
	const tail = endpoint.slice('/api/batch/run/'.length);
	return [
		endpoint,
		endpoint.replace('/batch/', '/%62atch/'),
		endpoint.replace('/run/', '/r%75n/'),
		endpoint.replace('/api/', '/%61pi/'),
		allEncoded(endpoint),
		endpoint.toUpperCase(),
		`/${endpoint}`,
		endpoint.replace('/run/', '//run//'),
		`${endpoint}/`,
		`/api/x/../batch/run/${tail}`,
		`/api/batch/./run/${tail}`,
		`/api/batch/run/%2e%2e/run/${tail}`,
		`${endpoint};x=1`,
		`/api;x/batch/run/${tail}`,
		`${endpoint}/__data.json`,
		`/api%2Fbatch%2Frun%2F${tail}`,
		`/api/batch/run/%25${tail.charCodeAt(0).toString(16)}${tail.slice(1)}`
	];
}

describe('Batch page station run endpoints × path spellings × Host/Origin: 403 unless loopback and own origin', () => {
	it('refuses every spelling of every /api/batch/run endpoint to every foreign request', async () => {
		let checked = 0;
		for (const [endpoint, methods] of Object.entries(BATCH_RUN_METHODS)) {
			for (const method of [...methods, 'PUT', 'DELETE']) {
				for (const path of batchRunSpellings(endpoint)) {
					for (const who of FOREIGN) {
						const res = await send(method, path, who);
						expectForbidden(res, `${method} ${path} from ${who.name}`);
						checked++;
					}
				}
			}
		}
		expect(checked).toBe(8 * 3 * 17 * 9);
	});

	it('the studio page itself reaches the handlers (no run yet; PC/SC absent)', async () => {
		for (const path of ['/api/batch/run/state', '/api/%62atch/run/state', '/api/batch/run/state/']) {
			const res = await send('GET', path, OWN);
			expect([res.status, res.body], path).toEqual([200, '{"ok":true,"run":{"state":"idle","readers":[],"skipped":[],"reportReady":false}}']);
		}
		const start = await send('POST', '/api/batch/run/start', OWN);
		expect([start.status, start.body]).toEqual([400, '{"ok":false,"error":{"code":"BAD_REQUEST","message":"adm must be { \\"source\\": \\"column\\" } or { \\"source\\": \\"key\\", \\"format\\": \\"digits\\"|\\"hex\\", \\"value\\": \\"…\\" }"},"trace":[]}']);
		const report = await send('GET', '/api/batch/run/report', OWN);
		expect([report.status, report.body]).toEqual([400, '{"ok":false,"error":{"code":"BAD_REQUEST","message":"no run yet: nothing to report"},"trace":[]}']);
		// A whole, valid start: what is missing is pcscd (this server's socket names no pcscd), not anything in the request.
		const valid = await send('POST', '/api/batch/run/start', OWN, {
			body: JSON.stringify({ templateName: 'station.xml', templateText: STATION_TEMPLATE, orderName: 'order.csv', orderText: stationOrder(0, 3), adm: { source: 'column' }, readers: 'all' })
		});
		expect(valid.status, valid.body).toBe(503);
		const answer = JSON.parse(valid.body) as { ok: boolean; error: { code: string; message: string }; trace: unknown[] };
		expect([answer.ok, answer.error.code, answer.trace]).toEqual([false, 'PCSC_UNAVAILABLE', []]);
		expect(answer.error.message).toMatch(/^PC\/SC is not available \(is pcscd running\?\): \S/);
		expect(answer.error.message).not.toContain('\n');
	});
});

describe('card endpoints × path spellings × Host/Origin: 403 unless loopback and own origin', () => {
	it('refuses every spelling of every card endpoint to every foreign request, with the security headers', async () => {
		let checked = 0;
		for (const endpoint of CARD_ENDPOINTS) {
			for (const method of [...METHODS[endpoint], 'PUT', 'DELETE', 'OPTIONS']) {
				for (const path of fixedSpellings(endpoint)) {
					for (const who of FOREIGN) {
						const res = await send(method, path, who);
						expectForbidden(res, `${method} ${path} from ${who.name}`);
						checked++;
					}
				}
			}
		}
		// (4 + 5 + 4 + 4 + 4) endpoint × method pairs × 20 spellings × 9 kinds of foreign request.
		expect(checked).toBe(21 * 20 * 9);
	});

	it('the spellings SvelteKit routes reach the handler for the studio page itself (the old bypass, now guarded)', async () => {
		// Before issue 8 the hook compared the raw path with "/api/card/" while SvelteKit routed the decoded one: these
		// reached the write handler from any Host and Origin. For the studio page they still do (400: no documents).
		for (const path of ['/api/card/write', '/api/%63ard/write', '/api/c%61rd/write', '/%61pi/card/write', allEncoded('/api/card/write'), '/api/card/write/', '/api/x/../card/write']) {
			const res = await send('POST', path, OWN);
			expect([res.status, res.body], path).toEqual([400, '{"ok":false,"error":{"code":"BAD_REQUEST","message":"documents.bootstrap is required"},"trace":[]}']);
			expect(securityHeaderProblems(res), path).toEqual([]);
		}
		// Reads reach PC/SC, which is not there for this server: 503 says the handler ran.
		const readers = await send('GET', '/api/card/readers', { name: 'typed URL', headers: () => [['Host', `127.0.0.1:${port}`]] });
		expect(readers.status).toBe(503);
		expect(JSON.parse(readers.body)).toMatchObject({ readers: [], error: { code: 'PCSC_UNAVAILABLE' } });
		// localhost and [::1] are the studio too, each under its own origin.
		for (const [address, host] of [['127.0.0.1', `localhost:${port}`], ['::1', `[::1]:${port}`]]) {
			const res = await send('POST', '/api/card/write', { name: host, headers: () => [['Host', host], ['Origin', `http://${host}`]] }, { address });
			expect(res.status, host).toBe(400);
		}
	});

	it('property: any spelling of a card endpoint is refused to a foreign request and never refused to the studio page', async () => {
		const started = Date.now();
		await fc.assert(
			fc.asyncProperty(
				fc.constantFrom(...CARD_ENDPOINTS).chain((e) => fc.tuple(fc.constant(e), pathSpelling(e), fc.constantFrom(...METHODS[e]))),
				fc.constantFrom(...FOREIGN),
				async ([endpoint, path, method], who) => {
					expectForbidden(await send(method, path, who), `${method} ${path} (${endpoint}) from ${who.name}`);
					// The same spelling from the studio page: never 403 (the handler's answer, or 404 where nothing is routed).
					const mine = await send(method, path, OWN);
					expect(mine.status, `${method} ${path} from the studio page`).not.toBe(403);
					expect([400, 404, 503], `${method} ${path}: ${mine.body.slice(0, 200)}`).toContain(mine.status);
				}
			),
			{ numRuns: 400 }
		);
		expect(Date.now() - started).toBeLessThan(60_000);
	});
});

describe('a socket that is not loopback gets no card request served, whatever its headers say', () => {
	const local = foreignLocalAddress();
	let wide: StudioServer | undefined;

	beforeAll(async () => {
		// As documented: `npm start -- --host 0.0.0.0` serves the studio to the network.
		wide = await startStudio({ host: '0.0.0.0', env: { PCSCLITE_CSOCK_NAME: join(scratch, 'no-pcscd.comm') } });
	});
	afterAll(async () => wide?.stop());

	it('this machine has a non-loopback address to test from', () => {
		// `hostname -I`: the container's eth0 address. Without one this file cannot show the socket rule.
		expect(local, 'no non-loopback address on this machine').toBeDefined();
	});

	it('refuses Host 127.0.0.1 with a matching Origin from the eth address, on every endpoint and method; pages are still served', async () => {
		if (!local || !wide) throw new Error('no non-loopback address on this machine');
		const address = local.address;
		const to = wide.port;
		const studio = [['Host', `127.0.0.1:${to}`], ['Origin', `http://127.0.0.1:${to}`], ['Sec-Fetch-Site', 'same-origin'], ['Content-Type', 'application/json']] as const;
		for (const endpoint of CARD_ENDPOINTS) {
			for (const method of [...METHODS[endpoint], 'PUT']) {
				for (const path of [endpoint, endpoint.replace('/card/', '/%63ard/'), `${endpoint}/`]) {
					const body = method === 'GET' ? undefined : '{}';
					const res = await rawRequest({ address, localAddress: address, port: to, method, path, headers: studio, ...(body ? { body } : {}) });
					expectForbidden(res, `${method} ${path} from ${address}`);
					expect(JSON.parse(res.body).error.message).toBe(`card operations are served to this machine only, not to a client at "${address}"`);
					// The same request over loopback is the studio's own (400: no documents; 503: no PC/SC here).
					const fromLoopback = await rawRequest({ address: '127.0.0.1', port: to, method, path, headers: studio, ...(body ? { body } : {}) });
					expect(fromLoopback.status, `${method} ${path} over loopback`).not.toBe(403);
				}
			}
		}
		const page = await rawRequest({ address, localAddress: address, port: to, method: 'GET', path: '/', headers: [['Host', `${address}:${to}`]] });
		expect(page.status).toBe(200);
		expect(securityHeaderProblems(page)).toEqual([]);
	});

	it('refuses the same from the eth address on a dual-stack server (the peer is ::ffff:<address>)', async () => {
		if (!local) throw new Error('no non-loopback address on this machine');
		const res = await send('POST', '/api/card/write', OWN, { address: local.address, localAddress: local.address });
		expectForbidden(res, 'dual stack');
		const mapped = local.family === 'IPv4' ? `::ffff:${local.address}` : local.address;
		expect(JSON.parse(res.body).error.message).toBe(`card operations are served to this machine only, not to a client at "${mapped}"`);
	});
});

describe('the studio HTTP surface (issue 8 §2)', () => {
	it('sends a strict CSP, frame-ancestors none, nosniff, no-referrer on every page', async () => {
		for (const path of ['/', '/card', '/bootstrap', '/dm', '/no-such-page']) {
			const res = await send('GET', path, { name: 'browser', headers: () => [['Host', `127.0.0.1:${port}`]] });
			expect(res.status, path).toBe(path === '/no-such-page' ? 404 : 200);
			expect(securityHeaderProblems(res), path).toEqual([]);
			const csp = res.headers.get('content-security-policy') ?? '';
			// SvelteKit's inline start script is allowed by its hash, nothing else inline.
			expect(csp, path).toMatch(/script-src 'self' 'sha256-[A-Za-z0-9+/=]+'/);
			expect(csp, path).toContain("object-src 'none'");
		}
	});

	it('sends Cache-Control: no-store on every card and run answer (they carry ICCIDs, IMSIs, documents, reports), refusals too', async () => {
		// RFC 9111 §5.2.2.5: without it a browser may keep a card's answer in its disk cache after the page is gone.
		const browser: Who = { name: 'typed URL', headers: () => [['Host', `127.0.0.1:${port}`]] };
		const answers: [string, RawResponse][] = [
			['GET /api/batch/run/state (200)', await send('GET', '/api/batch/run/state', OWN)],
			['GET /api/batch/run/state/ (200)', await send('GET', '/api/batch/run/state/', browser)],
			['GET /api/batch/run/report (400)', await send('GET', '/api/batch/run/report', OWN)],
			['GET /api/card/readers (503)', await send('GET', '/api/card/readers', browser)],
			['GET /api/card/info (503)', await send('GET', '/api/card/info?reader=x', OWN)],
			['POST /api/card/write (400)', await send('POST', '/api/card/write', OWN)],
			['POST /api/card/read (503)', await send('POST', '/api/card/read', OWN)],
			['PUT /api/card/write (405)', await send('PUT', '/api/card/write', OWN)],
			['POST /api/card/write from another site (403)', await send('POST', '/api/card/write', FOREIGN[2])]
		];
		for (const [what, res] of answers) {
			expect(res.headers.get('cache-control'), `${what}: answered ${res.status}`).toBe('no-store');
			expect(securityHeaderProblems(res), what).toEqual([]);
		}
		expect(answers.map(([, res]) => res.status)).toEqual([200, 200, 400, 503, 503, 400, 503, 405, 403]);
		// Pages hold no card data and keep their revalidation (an ETag answered 304 on reload).
		const page = await send('GET', '/card', browser);
		expect(page.headers.get('cache-control') ?? '').not.toContain('no-store');
	});

	it('sends them on what adapter-node answers before SvelteKit: static files, redirects, its 404s', async () => {
		const browser: Who = { name: 'browser', headers: () => [['Host', `127.0.0.1:${port}`]] };
		for (const [path, status] of [['/_app/version.json', 200], ['/card/', 308], ['/_app/immutable/no-such.js', 404], ['/api/card/write/__route.js', 400]] as const) {
			const res = await send('GET', path, browser);
			expect(res.status, path).toBe(status);
			expect(securityHeaderProblems(res), path).toEqual([]);
		}
	});

	it('answers a body over the limit with 413 naming the limit, by Content-Length and when streamed', async () => {
		const big = ' '.repeat(600_000);
		for (const chunked of [false, true]) {
			const res = await rawRequest({ address: '127.0.0.1', port, method: 'POST', path: '/api/card/write', headers: [...OWN.headers('POST'), ['Content-Type', 'application/json']], body: big, chunked });
			expect(res.status, `chunked ${chunked}`).toBe(413);
			expect(securityHeaderProblems(res)).toEqual([]);
			const error = (JSON.parse(res.body) as { error: { code: string; message: string } }).error;
			expect(error.code).toBe('PAYLOAD_TOO_LARGE');
			expect(error.message).toMatch(/limit of 524288 bytes|BODY_SIZE_LIMIT of 524288/);
		}
		// Not JSON and small stays 400.
		const notJson = await rawRequest({ address: '127.0.0.1', port, method: 'POST', path: '/api/card/write', headers: [...OWN.headers('POST'), ['Content-Type', 'application/json']], body: '{"documents":' });
		expect([notJson.status, JSON.parse(notJson.body).error.message]).toEqual([400, 'the body must be JSON']);
	});

	it('refuses profile "constructor", "__proto__", "toString" with 400, not a 500', async () => {
		for (const profile of ['constructor', '__proto__', 'toString']) {
			const res = await rawRequest({ address: '127.0.0.1', port, method: 'POST', path: '/api/card/read', headers: [...OWN.headers('POST'), ['Content-Type', 'application/json']], body: JSON.stringify({ profile }) });
			expect([res.status, JSON.parse(res.body).error.message], profile).toEqual([400, `unknown profile ${JSON.stringify(profile)} (have: oma-provsc, oma-provsc-5015)`]);
		}
	});

	it('refuses wbxmlHex "00" before the card service is asked; "raw": true goes on to it', async () => {
		const body = (raw?: boolean) => JSON.stringify({ documents: { bootstrap: { wbxmlHex: '00' } }, adm: '3838383838383838', admFormat: 'hex', ...(raw ? { raw } : {}) });
		const refused = await rawRequest({ address: '127.0.0.1', port, method: 'POST', path: '/api/card/write', headers: [...OWN.headers('POST'), ['Content-Type', 'application/json']], body: body() });
		expect(refused.status).toBe(400);
		expect(JSON.parse(refused.body).error.message).toMatch(/^documents\.bootstrap: WBXML offset 0x1 \(byte 1\): not a WBXML document: .*"raw": true writes the bytes as they are\)$/);
		// With raw the request goes on to PC/SC (absent here: 503), where the bytes would have been written.
		const raw = await rawRequest({ address: '127.0.0.1', port, method: 'POST', path: '/api/card/write', headers: [...OWN.headers('POST'), ['Content-Type', 'application/json']], body: body(true) });
		expect(raw.status).toBe(503);
	});
});
