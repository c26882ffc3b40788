// HTTP/1.1 requests written byte for byte on a TCP socket: the path goes out exactly as spelled (fetch and
// node:http normalise or refuse some spellings), the Host header is whatever the test says, and the socket can be
// bound to a chosen local address (to come from a non-loopback address of this machine).
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';

export interface RawRequest {
	/** Address and port to connect to. */
	address: string;
	port: number;
	/** Local address to connect from (default: the system's choice, loopback for a loopback target). */
	localAddress?: string;
	method: string;
	/** The request-target exactly as it goes on the wire. */
	path: string;
	/** In order; a null value leaves the header out. Content-Length is added for a body unless `chunked`. */
	headers: readonly (readonly [string, string | null])[];
	body?: Uint8Array | string;
	/** Send the body with Transfer-Encoding: chunked (no Content-Length). */
	chunked?: boolean;
	/** A request that has no answer after this long is a hang (default 10 s). */
	timeoutMs?: number;
}

export interface RawResponse {
	status: number;
	/** Header names lower-cased; a repeated header's values joined with ", ". */
	headers: Map<string, string>;
	body: string;
}

function decodeChunked(data: Buffer): Buffer {
	const parts: Buffer[] = [];
	let at = 0;
	for (;;) {
		const eol = data.indexOf('\r\n', at);
		if (eol < 0) break;
		const size = parseInt(data.subarray(at, eol).toString('latin1'), 16);
		if (!Number.isFinite(size) || size === 0) break;
		parts.push(data.subarray(eol + 2, eol + 2 + size));
		at = eol + 2 + size + 2;
	}
	return Buffer.concat(parts);
}

export function parseResponse(data: Buffer): RawResponse {
	const end = data.indexOf('\r\n\r\n');
	if (end < 0) throw new Error(`no complete response head: ${JSON.stringify(data.subarray(0, 200).toString('latin1'))}`);
	const [statusLine, ...lines] = data.subarray(0, end).toString('latin1').split('\r\n');
	const m = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine);
	if (!m) throw new Error(`not an HTTP status line: ${JSON.stringify(statusLine)}`);
	const headers = new Map<string, string>();
	for (const line of lines) {
		const colon = line.indexOf(':');
		const name = line.slice(0, colon).trim().toLowerCase();
		const value = line.slice(colon + 1).trim();
		headers.set(name, headers.has(name) ? `${headers.get(name)}, ${value}` : value);
	}
	let body = data.subarray(end + 4);
	if ((headers.get('transfer-encoding') ?? '').toLowerCase().includes('chunked')) body = decodeChunked(body);
	return { status: Number(m[1]), headers, body: body.toString('utf8') };
}

export function rawRequest(r: RawRequest): Promise<RawResponse> {
	const body = r.body === undefined ? undefined : typeof r.body === 'string' ? Buffer.from(r.body, 'utf8') : Buffer.from(r.body);
	let head = `${r.method} ${r.path} HTTP/1.1\r\n`;
	for (const [name, value] of r.headers) if (value !== null) head += `${name}: ${value}\r\n`;
	if (body !== undefined) head += r.chunked ? 'Transfer-Encoding: chunked\r\n' : `Content-Length: ${body.length}\r\n`;
	head += 'Connection: close\r\n\r\n';
	let payload = Buffer.from(head, 'latin1');
	if (body !== undefined) {
		payload = r.chunked
			? Buffer.concat([payload, Buffer.from(`${body.length.toString(16)}\r\n`, 'latin1'), body, Buffer.from(body.length > 0 ? '\r\n0\r\n\r\n' : '\r\n', 'latin1')])
			: Buffer.concat([payload, body]);
	}
	const timeoutMs = r.timeoutMs ?? 10_000;
	return new Promise((resolve, reject) => {
		const socket = connect({ host: r.address, port: r.port, ...(r.localAddress ? { localAddress: r.localAddress } : {}) });
		const chunks: Buffer[] = [];
		const timer = setTimeout(() => {
			socket.destroy();
			reject(new Error(`no answer within ${timeoutMs} ms: ${r.method} ${r.path.slice(0, 200)}`));
		}, timeoutMs);
		// Not end(): a half-closed socket may be dropped before the answer; "Connection: close" has the server close it.
		socket.on('connect', () => socket.write(payload));
		socket.on('data', (d: Buffer) => chunks.push(d));
		socket.on('error', (e) => {
			// The server may close after answering (e.g. 413 before the body was read): keep what came.
			if (chunks.length > 0) return;
			clearTimeout(timer);
			reject(e);
		});
		socket.on('close', () => {
			clearTimeout(timer);
			if (chunks.length === 0) return reject(new Error(`connection closed without an answer: ${r.method} ${r.path.slice(0, 200)}`));
			try {
				resolve(parseResponse(Buffer.concat(chunks)));
			} catch (e) {
				reject(e instanceof Error ? e : new Error(String(e)));
			}
		});
	});
}

/** A non-loopback address of this machine (IPv4 first), e.g. the eth0 address `hostname -I` prints. */
export function foreignLocalAddress(): { address: string; family: 'IPv4' | 'IPv6' } | undefined {
	const all = Object.values(networkInterfaces()).flatMap((list) => list ?? []);
	const usable = all.filter((a) => !a.internal && !(a.family === 'IPv6' && a.address.startsWith('fe80:')));
	const v4 = usable.find((a) => a.family === 'IPv4');
	const pick = v4 ?? usable[0];
	return pick ? { address: pick.address, family: pick.family === 'IPv4' ? 'IPv4' : 'IPv6' } : undefined;
}

/** The headers issue 8 §2 asks for on every answer of the studio (src/lib/server/http-hardening.ts). */
export function securityHeaderProblems(res: RawResponse): string[] {
	const problems: string[] = [];
	const want: Record<string, string> = {
		'x-frame-options': 'DENY',
		'x-content-type-options': 'nosniff',
		'referrer-policy': 'no-referrer',
		'cross-origin-opener-policy': 'same-origin',
		'cross-origin-embedder-policy': 'require-corp'
	};
	for (const [name, value] of Object.entries(want)) if (res.headers.get(name) !== value) problems.push(`${name}: ${res.headers.get(name) ?? '(absent)'}`);
	const csp = res.headers.get('content-security-policy') ?? '';
	// A 304 carries no CSP on purpose: its headers would replace the cached page's own (http-hardening.ts).
	if (res.status === 304) {
		if (csp !== '') problems.push(`a 304 with a CSP, which would replace the page's: ${csp}`);
		return problems;
	}
	if (!/frame-ancestors 'none'/.test(csp)) problems.push(`content-security-policy without frame-ancestors 'none': ${csp || '(absent)'}`);
	if (/script-src[^;]*'unsafe-inline'/.test(csp)) problems.push(`content-security-policy allows inline scripts: ${csp}`);
	return problems;
}

export interface SlowOutcome {
	/** The status of the first answer, or undefined when none came. */
	status: number | undefined;
	/** How long after the connection opened the server closed it; undefined when it was still open at `giveUpMs`. */
	closedAfterMs: number | undefined;
}

/**
 * A slow client (slowloris): writes `head` at once, then `trickle` every `everyMs` until the server closes the
 * connection or `giveUpMs` passes (then the client closes it). Says when the server answered and closed.
 */
export function slowRequest(r: { address: string; port: number; head: string; trickle: string; everyMs?: number; giveUpMs: number }): Promise<SlowOutcome> {
	return new Promise((resolve, reject) => {
		const socket = connect({ host: r.address, port: r.port });
		const started = Date.now();
		let received = '';
		let gaveUp = false;
		let ticker: NodeJS.Timeout | undefined;
		const giveUp = setTimeout(() => {
			gaveUp = true;
			socket.destroy();
		}, r.giveUpMs);
		socket.on('connect', () => {
			socket.write(r.head, 'latin1');
			ticker = setInterval(() => {
				if (!socket.destroyed && socket.writable) socket.write(r.trickle, 'latin1');
			}, r.everyMs ?? 1000);
		});
		socket.on('data', (d: Buffer) => (received += d.toString('latin1')));
		// The server closing while a byte is under way is a reset on our side: the close event still follows.
		socket.on('error', () => undefined);
		socket.on('close', () => {
			clearTimeout(giveUp);
			clearInterval(ticker);
			const m = /^HTTP\/1\.[01] (\d{3})/.exec(received);
			if (received !== '' && !m) return reject(new Error(`not an HTTP answer: ${JSON.stringify(received.slice(0, 200))}`));
			resolve({ status: m ? Number(m[1]) : undefined, closedAfterMs: gaveUp ? undefined : Date.now() - started });
		});
	});
}

/**
 * A client that sends `head` and then a body as fast as the server takes it, without end (a Content-Length of
 * gigabytes, or chunks), until the server closes the connection or `giveUpMs` passes. Says when the server
 * answered and closed, and how many bytes of body it took.
 */
export function floodRequest(r: { address: string; port: number; head: string; chunk: string; giveUpMs: number }): Promise<SlowOutcome & { bytesSent: number }> {
	return new Promise((resolve, reject) => {
		const socket = connect({ host: r.address, port: r.port });
		const started = Date.now();
		const chunk = Buffer.from(r.chunk.repeat(Math.max(1, Math.floor(65536 / r.chunk.length))), 'latin1');
		let received = '';
		let gaveUp = false;
		let bytesSent = 0;
		const giveUp = setTimeout(() => {
			gaveUp = true;
			socket.destroy();
		}, r.giveUpMs);
		const pump = (): void => {
			while (!socket.destroyed) {
				bytesSent += chunk.length;
				if (!socket.write(chunk)) return;
			}
		};
		socket.on('connect', () => {
			socket.write(r.head, 'latin1');
			pump();
		});
		socket.on('drain', pump);
		socket.on('data', (d: Buffer) => (received += d.toString('latin1')));
		// The server closing while we write is a reset on our side: the close event still follows.
		socket.on('error', () => undefined);
		socket.on('close', () => {
			clearTimeout(giveUp);
			const m = /^HTTP\/1\.[01] (\d{3})/.exec(received);
			if (received !== '' && !m) return reject(new Error(`not an HTTP answer: ${JSON.stringify(received.slice(0, 200))}`));
			resolve({ status: m ? Number(m[1]) : undefined, closedAfterMs: gaveUp ? undefined : Date.now() - started, bytesSent });
		});
	});
}
