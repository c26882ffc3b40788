// What each /api/card endpoint answers, as { status, body }: the +server.ts files only parse the JSON and hand
// the result to SvelteKit's json(). Status codes: 400 the request, 404 no such reader / no card, 422 the card
// refused (the body names the APDU and status word), 503 pcscd not reachable, 500 a bug.
import { CardError } from '../../card';
import { Pkcs15Error } from '../../card/pkcs15';
import type {
	ErrorJson,
	InfoResponseJson,
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
import { CardServiceError, errorJson, type Outcome } from './operations';
import type { CardService } from './service';

export interface Answer<T> {
	status: number;
	body: T;
}

function statusOf(e: unknown): number {
	if (e instanceof CardServiceError) return e.code === 'PCSC_UNAVAILABLE' ? 503 : 404;
	if (e instanceof CardError) return e.code === 'TRANSPORT' ? 503 : 422;
	if (e instanceof Pkcs15Error) return 422;
	return 500;
}

function failed(e: unknown, trace: TraceLineJson[], reader?: string): Answer<{ ok: false; error: ErrorJson; trace: TraceLineJson[]; reader?: string }> {
	const body = { ok: false as const, error: errorJson(e), trace, ...(reader !== undefined ? { reader } : {}) };
	return { status: statusOf(e), body };
}

function badRequest(e: unknown): Answer<{ ok: false; error: ErrorJson; trace: TraceLineJson[] }> {
	if (!(e instanceof RequestError)) throw e;
	return { status: 400, body: { ok: false, error: requestErrorJson(e), trace: [] } };
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
		return { status: 200, body: { readers: (await service.readers()).map(readerJson) } };
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

/** The body of a request as JSON; anything else is a RequestError (400). */
export async function jsonBody(request: Request): Promise<unknown> {
	try {
		return await request.json();
	} catch {
		throw new RequestError('the body must be JSON');
	}
}
