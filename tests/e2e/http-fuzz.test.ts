// HTTP fuzz of the running built studio (issue 8, Checks): a few thousand random requests — paths (card spellings,
// pages, random segments and percent-escapes), methods, Host/Origin/Fetch-Metadata and other headers, bodies (card
// JSON with random documents, profiles and reader names, the Batch page's station-run JSON with random and valid
// templates and orders, random JSON, random bytes, chunked, over the limit) —
// bounded in count and time. Every request gets an answer within its timeout (no hang), none is a 500 (a 503 only
// as "PC/SC not available", which this server has on purpose), every answer carries the security headers (static
// files and redirects included), and every card request from a foreign Host, Origin or site is a 403 from the card rule: the card
// handlers are never reached without passing it. PC/SC is pointed at a socket that does not exist, so nothing here
// can reach a card (PCSCLITE_CSOCK_NAME).
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CARD_ENDPOINTS, pathSpelling } from '../unit/card-service/spellings';
import { STATION_TEMPLATE, stationOrder } from '../fixtures/station/station-kit';
import { rawRequest, securityHeaderProblems, type RawResponse } from './raw-http';
import { ensureBuilt, startStudio, type StudioServer } from './server';

/** Bounds: this many requests, this many at a time, and the whole run within this long. */
const REQUESTS = 3000;
const CONCURRENCY = 6;
/** The studio's request body limit (512 KiB, issue 8 §2): a larger body is answered 413 before it is read. */
const BODY_LIMIT = 512 * 1024;
const RUN_LIMIT_MS = 60_000;
const REQUEST_TIMEOUT_MS = 15_000;

let server: StudioServer;
let scratch = '';

beforeAll(async () => {
	ensureBuilt();
	scratch = mkdtempSync(join(tmpdir(), 'pstudio-fuzz-'));
	server = await startStudio({ env: { PCSCLITE_CSOCK_NAME: join(scratch, 'no-pcscd.comm'), PSTUDIO_STATION_DIR: join(scratch, 'station') } });
});

afterAll(async () => {
	await server?.stop();
	rmSync(scratch, { recursive: true, force: true });
});

type Who = 'own' | 'foreign';

interface Case {
	method: string;
	path: string;
	/** Generated as a spelling of a card endpoint. */
	card: boolean;
	who: Who;
	/** A header set for who (port filled in when sent). */
	identity: readonly (readonly [string, string | null])[];
	extra: readonly (readonly [string, string])[];
	contentType: string | null;
	body?: Uint8Array | string;
	chunked: boolean;
}

/** Methods Node's HTTP parser knows (llhttp); an unknown one is refused by Node itself with 400 before SvelteKit. */
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'];
const PORT = '{port}';

/** Who sends it. Own: the studio page (Host and Origin of this server). Foreign: each way the card rule refuses. */
const OWN_IDENTITIES = [
	[['Host', `127.0.0.1:${PORT}`], ['Origin', `http://127.0.0.1:${PORT}`], ['Sec-Fetch-Site', 'same-origin']],
	[['Host', `localhost:${PORT}`], ['Origin', `http://localhost:${PORT}`]]
] as const;
const FOREIGN_IDENTITIES = [
	[['Host', `rebind.example:${PORT}`], ['Origin', `http://rebind.example:${PORT}`]],
	[['Host', `rebind.example:${PORT}`], ['Origin', null]],
	[['Host', `127.0.0.1:${PORT}`], ['Origin', 'http://evil.example']],
	[['Host', `127.0.0.1:${PORT}`], ['Origin', `http://127.0.0.1:${PORT}`], ['Sec-Fetch-Site', 'cross-site']],
	[['Host', `127.0.0.1:1`], ['Origin', 'http://127.0.0.1:1']],
	[['Host', `127.0.0.1:${PORT}`], ['Origin', 'null']],
	[['Host', `localhost.:${PORT}`], ['Origin', `http://localhost.:${PORT}`]],
	// Headers a proxy would add say nothing about the socket: still foreign by Host.
	[['Host', `192.0.2.9:${PORT}`], ['Origin', `http://192.0.2.9:${PORT}`], ['X-Forwarded-For', '127.0.0.1'], ['Forwarded', 'for=127.0.0.1']]
] as const;

const printable = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 60 });
const token = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789-'.split('')), minLength: 1, maxLength: 20 });

/** A percent-escape of any byte, a raw safe character, or an odd one out (a lone %, a dot segment). */
const pathPiece = fc.oneof(
	fc.integer({ min: 0, max: 255 }).map((b) => '%' + b.toString(16).toUpperCase().padStart(2, '0')),
	fc.constantFrom(...'abcxyzACZ019-._~!$&\'()*+,;=:@'.split('')),
	fc.constantFrom('%', '%2', '%zz', '..', '.', '//', '%2e%2e', '%2F', '%00', '%C0%AF', '%E2%80%AE', '__data.json', 'api', 'card', 'write')
);
const randomPath = fc.array(fc.array(pathPiece, { maxLength: 12 }).map((p) => p.join('')), { minLength: 1, maxLength: 8 }).map((segs) => '/' + segs.join('/'));
const pagePath = fc.constantFrom('/', '/card', '/bootstrap', '/dm', '/card/', '/_app/version.json', '/_app/env.js', '/favicon.ico', '/nope', '/card/__data.json');
const longPath = fc.integer({ min: 1000, max: 7000 }).map((n) => '/api/card/' + 'a'.repeat(n));

/** The Batch page's station run (src/routes/api/batch/run): it writes cards, so it is a card endpoint too. */
const STATION_ENDPOINTS = ['/api/batch/run/order', '/api/batch/run/piece', '/api/batch/run/start', '/api/batch/run/state', '/api/batch/run/pause', '/api/batch/run/resume', '/api/batch/run/stop', '/api/batch/run/report'] as const;
const cardPath = fc.constantFrom(...CARD_ENDPOINTS, ...STATION_ENDPOINTS).chain(pathSpelling);

const hexBytes = fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b).toString('hex'));
const hostileString = fc.oneof(printable, fc.constantFrom('constructor', '__proto__', 'toString', 'oma-provsc', ''), fc.integer({ min: 100, max: 200_000 }).map((n) => 'r'.repeat(n)));
const cardBody = fc.record(
	{
		reader: hostileString,
		profile: hostileString,
		pin1: fc.oneof(fc.constant('0000'), printable),
		adm: fc.oneof(fc.constant('3838383838383838'), fc.constant('88888888'), printable),
		admFormat: fc.oneof(fc.constantFrom('hex', 'digits'), printable),
		force: fc.oneof(fc.boolean(), fc.constant('yes')),
		raw: fc.oneof(fc.boolean(), fc.constant(1)),
		// The ICCID the write confirmation showed (the server refuses another card before any key): the simulated
		// card's own, another, or not an ICCID at all.
		expectIccid: fc.oneof(fc.constant('8949000000000000001'), fc.constant('8949000000000000002'), hostileString, fc.integer(), fc.constant(null)),
		documents: fc.record(
			{
				bootstrap: fc.oneof(fc.record({ wbxmlHex: hexBytes }), fc.record({ xml: printable }), fc.constant('x'), fc.constant(null)),
				config1: fc.record({ wbxmlHex: fc.oneof(hexBytes, printable) })
			},
			{ requiredKeys: [] }
		)
	},
	{ requiredKeys: [] }
);
/** A station run's start: valid template and order texts (the card tests' own) or hostile ones, every ADM form. */
const runBody = fc.record(
	{
		templateName: hostileString,
		templateText: fc.oneof(fc.constant(STATION_TEMPLATE), printable, fc.constant(STATION_TEMPLATE.replace('${ICCID}', '${'))),
		orderName: hostileString,
		orderText: fc.oneof(fc.constant(stationOrder(0, 3)), printable, fc.constant('ICCID\n89'), fc.constant('\uFEFFICCID,ADM1\n8949010000000000008,1234')),
		adm: fc.oneof(
			fc.constant({ source: 'column' }),
			fc.record({ source: fc.constant('key'), format: fc.oneof(fc.constantFrom('digits', 'hex'), printable), value: fc.oneof(fc.constant('88888888'), printable) }),
			fc.json({ maxDepth: 1 }).map((j) => JSON.parse(j) as unknown)
		),
		readers: fc.oneof(fc.constant('all'), fc.array(hostileString, { maxLength: 3 }), fc.constant(42))
	},
	{ requiredKeys: [] }
);
const body = fc.oneof(
	{ weight: 5, arbitrary: cardBody.map((b) => JSON.stringify(b)) },
	{ weight: 3, arbitrary: runBody.map((b) => JSON.stringify(b)) },
	{ weight: 2, arbitrary: fc.json({ maxDepth: 3 }) },
	{ weight: 2, arbitrary: fc.uint8Array({ maxLength: 400 }) },
	{ weight: 1, arbitrary: fc.constant('') },
	{ weight: 1, arbitrary: fc.integer({ min: 524_280, max: 700_000 }).map((n) => ' '.repeat(n)) }
);

const caseArbitrary: fc.Arbitrary<Case> = fc
	.record({
		kind: fc.constantFrom('card', 'card', 'card', 'page', 'random', 'long'),
		cardPath,
		pagePath,
		randomPath,
		longPath,
		method: fc.constantFrom(...METHODS),
		foreign: fc.boolean(),
		own: fc.constantFrom(...OWN_IDENTITIES),
		foreignIdentity: fc.constantFrom(...FOREIGN_IDENTITIES),
		extra: fc.array(fc.tuple(token.map((t) => `X-${t}`), printable), { maxLength: 4 }),
		contentType: fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', null),
		body: fc.option(body, { nil: undefined }),
		chunked: fc.boolean(),
		query: fc.option(printable.map((q) => '?' + encodeURIComponent(q)), { nil: undefined })
	})
	.map((r) => {
		const path = r.kind === 'card' ? r.cardPath : r.kind === 'page' ? r.pagePath : r.kind === 'random' ? r.randomPath : r.longPath;
		const withBody = r.method !== 'GET' && r.method !== 'HEAD' && r.body !== undefined;
		return {
			method: r.method,
			path: path + (r.query ?? ''),
			card: r.kind === 'card' || r.kind === 'long',
			who: r.foreign ? 'foreign' : 'own',
			identity: r.foreign ? r.foreignIdentity : r.own,
			extra: r.extra,
			contentType: r.contentType,
			...(withBody ? { body: r.body } : {}),
			chunked: withBody && r.chunked
		} satisfies Case;
	});

function send(c: Case, port: number): Promise<RawResponse> {
	const identity = c.identity.map(([n, v]) => [n, v === null ? null : v.replaceAll(PORT, String(port))] as const);
	return rawRequest({
		address: '127.0.0.1',
		port,
		method: c.method,
		path: c.path,
		headers: [...identity, ...c.extra, ['Content-Type', c.contentType]],
		...(c.body !== undefined ? { body: c.body } : {}),
		chunked: c.chunked,
		timeoutMs: REQUEST_TIMEOUT_MS
	});
}

/** Problems with one answer; [] when it is as the issue asks. */
function problems(c: Case, res: RawResponse): string[] {
	const out: string[] = [];
	if (res.status >= 500 && !(res.status === 503 && res.body.includes('PCSC_UNAVAILABLE'))) out.push(`status ${res.status}: ${res.body.slice(0, 300)}`);
	// Every answer carries the security headers; only Node's HTTP parser, which refuses a malformed request before
	// any response object exists, writes a bare "400 Bad Request" (no Date header) without them.
	const fromParser = !res.headers.has('date') && res.status === 400;
	if (!fromParser) for (const p of securityHeaderProblems(res)) out.push(p);
	if (c.card && c.who === 'foreign') {
		if (res.status !== 403) out.push(`card request from a foreign client answered ${res.status}: ${res.body.slice(0, 200)}`);
		else if (c.method !== 'HEAD' && !res.body.includes('"code":"FORBIDDEN"')) out.push(`403 without the card rule's answer: ${res.body.slice(0, 200)}`);
	}
	return out;
}

describe('HTTP fuzz of the running studio', () => {
	it(`${REQUESTS} random requests: no hang, no 500, the security headers, foreign card requests 403`, async () => {
		// A new seed each run; PSTUDIO_FUZZ_SEED=<the seed printed below> replays a run.
		const seed = Number(process.env.PSTUDIO_FUZZ_SEED ?? Date.now() % 2 ** 31);
		const cases = fc.sample(caseArbitrary, { numRuns: REQUESTS, seed });
		const failures: string[] = [];
		const counts = new Map<number, number>();
		let foreignCard = 0;
		let oversizedResets = 0;
		let next = 0;
		const started = Date.now();
		async function worker(): Promise<void> {
			while (next < cases.length && Date.now() - started < RUN_LIMIT_MS) {
				const c = cases[next++];
				let res: RawResponse;
				try {
					res = await send(c, server.port);
				} catch (e) {
					// A body over the limit is refused unread and the connection closed: Node's server does not linger,
					// so the client may still be writing when the close arrives and its kernel drops the 413 with the
					// reset (EPIPE/ECONNRESET). That is the refusal, not a fault; any other request must get an answer.
					const code = (e as { code?: string }).code;
					if ((code === 'EPIPE' || code === 'ECONNRESET') && c.body !== undefined && Buffer.byteLength(c.body) > BODY_LIMIT) {
						oversizedResets++;
						continue;
					}
					failures.push(`${c.method} ${c.path.slice(0, 200)}: ${e instanceof Error ? e.message : String(e)}`);
					continue;
				}
				counts.set(res.status, (counts.get(res.status) ?? 0) + 1);
				if (c.card && c.who === 'foreign') foreignCard++;
				for (const p of problems(c, res)) failures.push(`${c.method} ${c.path.slice(0, 200)} [${c.who}]: ${p}`);
			}
		}
		await Promise.all(Array.from({ length: CONCURRENCY }, worker));
		const elapsed = Date.now() - started;
		const seen = [...counts.values()].reduce((a, b) => a + b, 0) + oversizedResets;
		console.log(`http fuzz (PSTUDIO_FUZZ_SEED=${seed}): ${seen} requests in ${elapsed} ms (${foreignCard} foreign card requests, ${oversizedResets} bodies over the limit reset unanswered); statuses ${JSON.stringify(Object.fromEntries([...counts].sort((a, b) => a[0] - b[0])))}`);
		expect(failures.slice(0, 20)).toEqual([]);
		expect(seen, `only ${seen} of ${REQUESTS} requests within ${RUN_LIMIT_MS} ms`).toBe(REQUESTS);
		expect(foreignCard).toBeGreaterThan(REQUESTS / 4);
		// The server is still up, and printed no error (SvelteKit logs every 500 it turns an exception into).
		const home = await rawRequest({ address: '127.0.0.1', port: server.port, method: 'GET', path: '/', headers: [['Host', `127.0.0.1:${server.port}`]] });
		expect(home.status).toBe(200);
		expect(server.output()).not.toMatch(/Error|at .*\(.*:\d+:\d+\)/);
	});
});
