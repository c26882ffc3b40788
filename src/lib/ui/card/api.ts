// The Card page's calls to /api/card/*. Every answer is JSON (wire.ts), errors included, so the page shows the
// server's message (APDU + status word) rather than an HTTP status.
import type {
	InfoRequestJson,
	InfoResponseJson,
	PlanRequestJson,
	PlanResponseJson,
	ReadersResponseJson,
	ReadRequestJson,
	ReadResponseJson,
	WriteRequestJson,
	WriteResponseJson
} from './wire';

async function call<T>(path: string, init?: RequestInit): Promise<T> {
	const res = await fetch(path, init);
	const type = res.headers.get('content-type') ?? '';
	if (!type.includes('application/json')) throw new Error(`${path}: HTTP ${res.status} without a JSON body`);
	return (await res.json()) as T;
}

function post<T>(path: string, body: unknown): Promise<T> {
	return call<T>(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

export const cardApi = {
	readers: () => call<ReadersResponseJson>('/api/card/readers'),
	info: (body: InfoRequestJson) => post<InfoResponseJson>('/api/card/info', body),
	write: (body: WriteRequestJson) => post<WriteResponseJson>('/api/card/write', body),
	read: (body: ReadRequestJson) => post<ReadResponseJson>('/api/card/read', body),
	plan: (body: PlanRequestJson) => post<PlanResponseJson>('/api/card/plan', body)
};
