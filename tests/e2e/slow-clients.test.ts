// Slow and endless clients against the built, running studio (`node build`): a hostile local process, or a page
// that streams its upload, sends a request's head or body at 1 byte/s (slowloris), or a body without end as fast as
// the server takes it. Node's defaults kept each slow connection for 5 minutes (requestTimeout 300 s, checked every
// 30 s), and after an answer given without reading the body (the card rule's 403, a 405, a 413) Node read and
// discarded the rest for as long as it came, one core busy. The studio cuts them off within SLOW_CLIENT_LIMITS
// (src/lib/server/http-hardening.ts: 10 s for the head, 30 s for the whole request, 2 s of an answered request's
// unread body) and serves its page meanwhile. PC/SC is pointed at a socket that does not exist: nothing here can
// reach a card.
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { floodRequest, rawRequest, slowRequest, type SlowOutcome } from './raw-http';
import { ensureBuilt, startStudio, type StudioServer } from './server';

/** SLOW_CLIENT_LIMITS plus the checker's period (1 s) and slack for a loaded machine. */
const HEAD_CUT_OFF_MS = 15_000;
const REQUEST_CUT_OFF_MS = 40_000;
const ANSWERED_CUT_OFF_MS = 6_000;
/** Past both bounds, well short of Node's 60 s / 300 s: a connection still open here is held too long. */
const GIVE_UP_MS = 55_000;

let server: StudioServer;
let scratch = '';

beforeAll(async () => {
	ensureBuilt();
	scratch = mkdtempSync(join(tmpdir(), 'pstudio-slow-'));
	server = await startStudio({ env: { PCSCLITE_CSOCK_NAME: join(scratch, 'no-pcscd.comm'), PSTUDIO_STATION_DIR: join(scratch, 'station') } });
});

afterAll(async () => {
	await server?.stop();
	rmSync(scratch, { recursive: true, force: true });
});

interface SlowKind {
	name: string;
	head: (port: number) => string;
	trickle: string;
	/** The answer the server gives before it cuts the connection: a refusal at once, or 408 when the time is up. */
	status: number;
	cutOffMs: number;
}

const own = (port: number): string => `Host: 127.0.0.1:${port}\r\nOrigin: http://127.0.0.1:${port}\r\nSec-Fetch-Site: same-origin\r\nContent-Type: application/json\r\n`;

const KINDS: readonly SlowKind[] = [
	{ name: 'the studio page writing a card, body at 1 byte/s', head: (p) => `POST /api/card/write HTTP/1.1\r\n${own(p)}Content-Length: 100000\r\n\r\n{`, trickle: ' ', status: 408, cutOffMs: REQUEST_CUT_OFF_MS },
	{ name: 'the studio page starting a run, chunked at 1 byte/s, never ending', head: (p) => `POST /api/batch/run/start HTTP/1.1\r\n${own(p)}Transfer-Encoding: chunked\r\n\r\n`, trickle: '1\r\n \r\n', status: 408, cutOffMs: REQUEST_CUT_OFF_MS },
	{ name: 'a foreign origin, refused, whose body keeps trickling', head: (p) => `POST /api/card/write HTTP/1.1\r\nHost: 127.0.0.1:${p}\r\nOrigin: http://evil.example\r\nContent-Type: text/plain\r\nContent-Length: 100000\r\n\r\n`, trickle: ' ', status: 403, cutOffMs: ANSWERED_CUT_OFF_MS },
	{ name: 'a page POST (405), whose body keeps trickling', head: (p) => `POST / HTTP/1.1\r\nHost: 127.0.0.1:${p}\r\nContent-Length: 100000\r\n\r\n`, trickle: ' ', status: 405, cutOffMs: ANSWERED_CUT_OFF_MS },
	{ name: 'a request head at one header a second', head: () => 'GET / HTTP/1.1\r\n', trickle: 'X-Slow: 1\r\n', status: 408, cutOffMs: HEAD_CUT_OFF_MS }
];

describe('slow and endless clients are cut off in seconds, and the studio keeps serving', () => {
	it('50 connections sending at 1 byte/s: each answered and closed within its bound; the page and the card API answer meanwhile', async () => {
		const port = server.port;
		const runs: { kind: SlowKind; outcome: Promise<SlowOutcome> }[] = [];
		for (let i = 0; i < 10; i++) {
			for (const kind of KINDS) runs.push({ kind, outcome: slowRequest({ address: '127.0.0.1', port, head: kind.head(port), trickle: kind.trickle, giveUpMs: GIVE_UP_MS }) });
		}
		// With all 50 open, the studio page and its card API answer at once.
		await new Promise((r) => setTimeout(r, 3000));
		const started = Date.now();
		const page = await rawRequest({ address: '127.0.0.1', port, method: 'GET', path: '/', headers: [['Host', `127.0.0.1:${port}`]], timeoutMs: 5000 });
		const state = await rawRequest({ address: '127.0.0.1', port, method: 'GET', path: '/api/batch/run/state', headers: [['Host', `127.0.0.1:${port}`], ['Sec-Fetch-Site', 'same-origin']], timeoutMs: 5000 });
		expect([page.status, state.status]).toEqual([200, 200]);
		expect(Date.now() - started).toBeLessThan(5000);

		const problems: string[] = [];
		for (const { kind, outcome } of runs) {
			const { status, closedAfterMs } = await outcome;
			if (closedAfterMs === undefined) problems.push(`${kind.name}: still open after ${GIVE_UP_MS} ms (answered ${status ?? 'nothing'})`);
			else if (closedAfterMs > kind.cutOffMs) problems.push(`${kind.name}: closed only after ${closedAfterMs} ms (bound ${kind.cutOffMs} ms)`);
			if (status !== kind.status) problems.push(`${kind.name}: answered ${status ?? 'nothing'}, expected ${kind.status}`);
		}
		expect([...new Set(problems)]).toEqual([]);
		// Cut off, not crashed: the server is up and printed no error.
		const after = await rawRequest({ address: '127.0.0.1', port, method: 'GET', path: '/', headers: [['Host', `127.0.0.1:${port}`]] });
		expect(after.status).toBe(200);
		expect(server.output()).not.toMatch(/Error|at .*\(.*:\d+:\d+\)/);
	});

	it('a body without end, as fast as the server takes it: answered (403, 405, 413) and cut off within seconds, not drained', async () => {
		const port = server.port;
		const huge = 'Content-Length: 100000000000\r\n';
		const floods = [
			{ name: 'a foreign origin (refused by the card rule)', status: 403, head: `POST /api/card/write HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nOrigin: http://evil.example\r\nContent-Type: text/plain\r\n${huge}\r\n`, chunk: ' ' },
			{ name: 'the studio page, over the body limit', status: 413, head: `POST /api/card/write HTTP/1.1\r\n${own(port)}${huge}\r\n`, chunk: ' ' },
			{ name: 'the studio page, chunked over the body limit', status: 413, head: `POST /api/batch/run/order HTTP/1.1\r\n${own(port)}Transfer-Encoding: chunked\r\n\r\n`, chunk: '8\r\n        \r\n' },
			{ name: 'a page POST (405)', status: 405, head: `POST /card HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n${huge}\r\n`, chunk: ' ' }
		];
		const outcomes = await Promise.all(floods.map((f) => floodRequest({ address: '127.0.0.1', port, head: f.head, chunk: f.chunk, giveUpMs: GIVE_UP_MS })));
		const problems: string[] = [];
		floods.forEach((f, i) => {
			const { status, closedAfterMs, bytesSent } = outcomes[i];
			const mb = Math.round(bytesSent / 1e6);
			if (closedAfterMs === undefined) problems.push(`${f.name}: still open after ${GIVE_UP_MS} ms, ${mb} MB taken (answered ${status ?? 'nothing'})`);
			else if (closedAfterMs > ANSWERED_CUT_OFF_MS) problems.push(`${f.name}: closed only after ${closedAfterMs} ms, ${mb} MB taken`);
			if (status !== f.status) problems.push(`${f.name}: answered ${status ?? 'nothing'}, expected ${f.status}`);
		});
		expect(problems).toEqual([]);
		const after = await rawRequest({ address: '127.0.0.1', port, method: 'GET', path: '/', headers: [['Host', `127.0.0.1:${port}`]] });
		expect(after.status).toBe(200);
	});

	it('keep-alive goes on after an answer whose small body came in time: the next request on the connection is served', async () => {
		// The cut-off is for a body still coming after the grace, not for one that ended: a 403 whose 100 bytes all
		// came, then a second request on the same connection 3 s later (past the grace) gets its answer.
		const port = server.port;
		const socket = connect({ host: '127.0.0.1', port });
		let received = '';
		socket.on('data', (d: Buffer) => (received += d.toString('latin1')));
		await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
		socket.write(`POST /api/card/write HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nOrigin: http://evil.example\r\nContent-Length: 100\r\n\r\n${' '.repeat(100)}`);
		await new Promise((r) => setTimeout(r, 3000));
		socket.write(`GET /_app/version.json HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`);
		await new Promise<void>((resolve) => socket.once('close', () => resolve()));
		expect(received.match(/^HTTP\/1\.1 \d{3}/gm)).toEqual(['HTTP/1.1 403', 'HTTP/1.1 200']);
	});

	it('a whole request sent at once is not affected: a 512 KiB body over loopback is read to its end', async () => {
		const port = server.port;
		const body = JSON.stringify({ documents: {}, pad: 'x'.repeat(500 * 1024) });
		const res = await rawRequest({ address: '127.0.0.1', port, method: 'POST', path: '/api/card/write', headers: [['Host', `127.0.0.1:${port}`], ['Origin', `http://127.0.0.1:${port}`], ['Content-Type', 'application/json']], body });
		expect([res.status, res.body]).toEqual([400, '{"ok":false,"error":{"code":"BAD_REQUEST","message":"documents.bootstrap is required"},"trace":[]}']);
	});
});
