// What each /api/card endpoint answers, as { status, body }: the +server.ts files hand it to serveCard()
// (request-guard.ts), which applies the card rule first. Status codes: 400 the request, 403 refused by the card
// rule, 404 no such reader / no card, 409 another card than the one confirmed, 413 a body over CARD_BODY_LIMIT, 422 the card refused (the body names the
// APDU and status word), 503 pcscd not reachable, 500 a bug.
import { CardError } from '../../card';
import { Pkcs15Error } from '../../card/pkcs15';
import type {
	ErrorJson,
	InfoResponseJson,
	PlanResponseJson,
	ReadersResponseJson,
	ReadResponseJson,
	TraceLineJson,
	WriteResponseJson
} from '../../ui/card/wire';
import {
	identityJson,
	parseKeysRequest,
	parseWriteRequest,
	provisionReportJson,
	readDocumentJson,
	readerJson,
	RequestError,
	requestErrorJson,
	traceJson
} from './http';
import { DocumentInputError } from './documents';
import { snapshotJson } from '../../ui/card/snapshot-json';
import { configuredVpcdNames } from './simulated-reader';
import { CardServiceError, errorJson, type Outcome } from './operations';
import type { CardService } from './service';

export interface Answer<T> {
	status: number;
	body: T;
}

function statusOf(e: unknown): number {
	if (e instanceof CardServiceError) return e.status;
	if (e instanceof CardError) return e.code === 'TRANSPORT' ? 503 : 422;
	if (e instanceof Pkcs15Error) return 422;
	if (e instanceof DocumentInputError) return 400;
	return 500;
}

function failed(e: unknown, trace: TraceLineJson[], reader?: string): Answer<{ ok: false; error: ErrorJson; trace: TraceLineJson[]; reader?: string }> {
	const body = { ok: false as const, error: errorJson(e), trace, ...(reader !== undefined ? { reader } : {}) };
	return { status: statusOf(e), body };
}

function badRequest(e: unknown): Answer<{ ok: false; error: ErrorJson; trace: TraceLineJson[] }> {
	if (!(e instanceof RequestError)) throw e;
	return { status: e.status, body: { ok: false, error: requestErrorJson(e), trace: [] } };
}

/** Success: ok, the reader used, the operation's own fields, and the trace; failure: the error and the trace so far. */
function answer<T, B extends object>(outcome: Outcome<T> & { reader?: string }, ok: (value: T) => B): Answer<B & { ok: boolean; trace: TraceLineJson[]; reader?: string; error?: ErrorJson }> {
	const trace = traceJson(outcome.trace);
	if (!outcome.ok) {
		const f = failed(outcome.error, trace, outcome.reader);
		return f as Answer<B & typeof f.body>;
	}
	const body = { ok: true, ...(outcome.reader !== undefined ? { reader: outcome.reader } : {}), ...ok(outcome.value), trace };
	return { status: 200, body };
}

export async function readersEndpoint(service: CardService): Promise<Answer<ReadersResponseJson>> {
	try {
		const vpcd = configuredVpcdNames();
		return { status: 200, body: { readers: (await service.readers()).map((r) => readerJson(r, vpcd)) } };
	} catch (e) {
		return { status: statusOf(e), body: { readers: [], error: errorJson(e) } };
	}
}

export async function infoEndpoint(service: CardService, body: unknown): Promise<Answer<InfoResponseJson>> {
	let request;
	try {
		request = parseKeysRequest(body);
	} catch (e) {
		return badRequest(e);
	}
	const outcome = await service.info(request.reader, request.keys);
	return answer(outcome, (identity) => ({ identity: identityJson(identity) }));
}

export async function writeEndpoint(service: CardService, body: unknown): Promise<Answer<WriteResponseJson>> {
	let request;
	try {
		request = parseWriteRequest(body);
	} catch (e) {
		return badRequest(e);
	}
	const outcome = await service.write(request.reader, request.options);
	return answer(outcome, (report) => ({ report: provisionReportJson(report) }));
}

export async function readEndpoint(service: CardService, body: unknown): Promise<Answer<ReadResponseJson>> {
	let request;
	try {
		request = parseKeysRequest(body);
	} catch (e) {
		return badRequest(e);
	}
	const outcome = await service.read(request.reader, request.profile, request.keys);
	return answer(outcome, (r) => ({ identity: identityJson(r.identity), selectedBy: r.selectedBy, documents: r.documents.map(readDocumentJson) }));
}

/** POST /api/card/plan: what the card holds now (no key, nothing written), for the comparison shown before a write. */
export async function planEndpoint(service: CardService, body: unknown): Promise<Answer<PlanResponseJson>> {
	let request;
	try {
		request = parseKeysRequest(body);
	} catch (e) {
		return badRequest(e);
	}
	const outcome = await service.plan(request.reader, request.profile, request.keys);
	return answer(outcome, (r) => ({ identity: identityJson(r.identity), snapshot: snapshotJson(r.snapshot) }));
}

/**
 * The largest card request body: three documents of a 64 KiB EF (a transparent EF's size is 2 bytes in its FCP,
 * TS 102 221 §11.1.1.4.3) as hex, or as XML of a few times that, fit; it matches adapter-node's BODY_SIZE_LIMIT
 * default (512K), so either check gives the same figure.
 */
export const CARD_BODY_LIMIT = 512 * 1024;

function tooLarge(limit: number, detail: string): RequestError {
	return new RequestError(`the body is larger than the limit of ${limit} bytes (${detail})`, 413);
}

/** A SvelteKit "Payload Too Large" (adapter-node's BODY_SIZE_LIMIT, kit/src/exports/node/index.js): status 413. */
function isPayloadTooLarge(e: unknown): e is Error {
	return e instanceof Error && 'status' in e && e.status === 413;
}

/**
 * The body of a request as bytes. Over `limit` (by Content-Length, or counted while reading) → 413 naming the limit,
 * before the rest is read.
 */
export async function bodyBytes(request: Request, limit: number): Promise<Uint8Array> {
	const declared = request.headers.get('content-length');
	if (declared !== null && /^[0-9]+$/.test(declared.trim()) && Number(declared) > limit) throw tooLarge(limit, `Content-Length ${declared.trim()}`);
	const chunks: Uint8Array[] = [];
	let size = 0;
	if (request.body !== null) {
		const reader = request.body.getReader();
		try {
			for (;;) {
				const { done, value } = await reader.read();
				if (done) break;
				size += value.length;
				if (size > limit) {
					await reader.cancel().catch(() => undefined);
					throw tooLarge(limit, `more than ${limit} bytes sent`);
				}
				chunks.push(value);
			}
		} catch (e) {
			if (e instanceof RequestError) throw e;
			// adapter-node may stop the body first when its BODY_SIZE_LIMIT is set lower than ours: its message has its limit.
			if (isPayloadTooLarge(e)) throw new RequestError(`the body is too large: ${e.message}`, 413);
			throw new RequestError('the body could not be read');
		}
	}
	const bytes = new Uint8Array(size);
	let at = 0;
	for (const c of chunks) {
		bytes.set(c, at);
		at += c.length;
	}
	return bytes;
}

/**
 * The body of a request as JSON. Over CARD_BODY_LIMIT (by Content-Length, or counted while reading) → 413 naming
 * the limit, before the rest is read; bytes that are not UTF-8 JSON → 400. Too large and not JSON stay distinct.
 */
export async function jsonBody(request: Request, limit = CARD_BODY_LIMIT): Promise<unknown> {
	const bytes = await bodyBytes(request, limit);
	let text: string;
	try {
		text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
	} catch {
		throw new RequestError('the body must be JSON (it is not UTF-8 text)');
	}
	try {
		return JSON.parse(text) as unknown;
	} catch {
		throw new RequestError(text.trim() === '' ? 'the body must be JSON (it is empty)' : 'the body must be JSON');
	}
}
