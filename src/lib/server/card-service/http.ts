// Request bodies → typed operations, and results → the wire JSON (src/lib/ui/card/wire.ts). The endpoints stay
// one call each; everything they could get wrong is here and unit tested.
import { describeSw, type TraceEntry } from '../../card';
import { DEFAULT_PROFILE, PROFILES, type Pkcs15Profile, type ProfileId } from '../../card/pkcs15';
import type { CardIdentity, ProvisionDocuments } from '../../card/provisioning';
import { reportJson, type ProvisionReport } from '../../card/provisioning';
import { toHex } from '../../codec/hex';
import { echoed } from '../../text';
import type {
	ErrorJson,
	IdentityJson,
	ReadDocumentJson,
	ReaderJson,
	ReportJson,
	TraceLineJson
} from '../../ui/card/wire';
import {
	cardDocumentFromXml,
	CardDocumentError,
	checkCardDocument,
	DocumentInputError,
	encodeDocumentXml,
	parseHexField,
	type CardDocumentName,
	type ReadDocument
} from './documents';
import type { KeyOptions, ReaderState, WriteOptions } from './operations';
import { pin1FromDigits, SecretInputError } from './secrets';
import { Secret } from '../../security/secret';
import { admBytes, ADM_FORMATS, type AdmFormat } from '../../card/keys';
import { isSimulatedReader } from './simulated-reader';

/** A request the server cannot act on: 400 (or 413, a body over the limit) with this message. Never echoes a secret. */
export class RequestError extends Error {
	override readonly name = 'RequestError';
	constructor(
		message: string,
		readonly status: 400 | 404 | 409 | 413 | 507 = 400
	) {
		super(message);
	}
}

function isObject(v: unknown): v is Record<string, unknown> {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function optionalString(body: Record<string, unknown>, key: string): string | undefined {
	const v = body[key];
	if (v === undefined || v === null || v === '') return undefined;
	if (typeof v !== 'string') throw new RequestError(`${key} must be a string`);
	return v;
}

function inputError(e: unknown): never {
	if (e instanceof SecretInputError || e instanceof DocumentInputError) throw new RequestError(e.message);
	throw e;
}

/** A profile by its id; own properties only, so "constructor", "__proto__" or "toString" name no profile. */
export function profileNamed(name: string | undefined): Pkcs15Profile {
	const id = name ?? DEFAULT_PROFILE;
	if (!Object.hasOwn(PROFILES, id)) throw new RequestError(`unknown profile ${echoed(id)} (have: ${Object.keys(PROFILES).join(', ')})`);
	return PROFILES[id as ProfileId];
}

function keyOptions(body: Record<string, unknown>): KeyOptions {
	const out: KeyOptions = {};
	const pin1 = optionalString(body, 'pin1');
	if (pin1 !== undefined) {
		try {
			out.pin1 = pin1FromDigits(pin1);
		} catch (e) {
			inputError(e);
		}
	}
	if (body.force !== undefined && typeof body.force !== 'boolean') throw new RequestError('force must be true or false');
	if (body.force === true) out.force = true;
	return out;
}

export interface ParsedKeysRequest {
	reader?: string;
	keys: KeyOptions;
	profile: Pkcs15Profile;
}

/** POST /api/card/info and /api/card/read: { reader?, pin1?, force?, profile? }. */
export function parseKeysRequest(body: unknown): ParsedKeysRequest {
	if (!isObject(body)) throw new RequestError('the body must be a JSON object');
	const out: ParsedKeysRequest = { keys: keyOptions(body), profile: profileNamed(optionalString(body, 'profile')) };
	const reader = optionalString(body, 'reader');
	if (reader !== undefined) out.reader = reader;
	return out;
}

/**
 * One document of a write: XML (encoded here) or WBXML hex, checked as a card document (documents.ts) unless the
 * request says `raw: true`. Every refusal names the field: "documents.config1: WBXML offset 0x5 (byte 5): …".
 */
function documentOf(name: CardDocumentName, v: unknown, raw: boolean): Uint8Array {
	const field = `documents.${name}`;
	if (!isObject(v)) throw new RequestError(`${field} must be { "xml": "..." } or { "wbxmlHex": "..." }`);
	try {
		if (typeof v.xml === 'string') return raw ? encodeDocumentXml(v.xml) : cardDocumentFromXml(field, v.xml);
		if (typeof v.wbxmlHex === 'string') {
			const bytes = parseHexField(`${field}.wbxmlHex`, v.wbxmlHex);
			if (bytes.length === 0) throw new RequestError(`${field}.wbxmlHex is empty`);
			if (!raw) checkCardDocument(field, bytes);
			return bytes;
		}
	} catch (e) {
		if (e instanceof RequestError) throw e;
		if (e instanceof CardDocumentError) throw new RequestError(`${e.message} (nothing was written; "raw": true writes the bytes as they are)`);
		if (e instanceof Error && (e.name === 'XmlError' || e.name === 'WbxmlError' || e instanceof DocumentInputError)) {
			throw new RequestError(`${field}: ${e.message}`);
		}
		throw e;
	}
	throw new RequestError(`${field} must be { "xml": "..." } or { "wbxmlHex": "..." }`);
}

export interface ParsedWriteRequest {
	reader?: string;
	options: WriteOptions;
}

/** POST /api/card/write: { reader?, documents: { bootstrap, config1?, config2? }, adm, pin1?, force?, profile?, raw?, expectIccid? }. */
export function parseWriteRequest(body: unknown): ParsedWriteRequest {
	if (!isObject(body)) throw new RequestError('the body must be a JSON object');
	if (body.raw !== undefined && typeof body.raw !== 'boolean') throw new RequestError('raw must be true or false');
	const raw = body.raw === true;
	const docs = body.documents;
	if (!isObject(docs) || docs.bootstrap === undefined) throw new RequestError('documents.bootstrap is required');
	// The short fields first (key, PIN, profile), then the documents, whose check decodes and validates each.
	// The spelling of the key is explicit (keys.ts): "88888888" read as hex would be sent as 88 88 88 88 FF…, a wrong
	// key that costs a try; read as the wrong kind it is refused here, before any APDU.
	const admText = optionalString(body, 'adm');
	if (admText === undefined) throw new RequestError('adm (the ADM1 key) is required to write');
	const format = body.admFormat;
	if (!ADM_FORMATS.includes(format as AdmFormat)) {
		throw new RequestError('admFormat must be "digits" (8 decimal digits sent as ASCII, like pySim --adm) or "hex" (16 hex digits, like pySim --adm-hex)');
	}
	const checked = admBytes(format as AdmFormat, admText);
	if (!checked.ok) throw new RequestError(`adm: ${checked.problem}`);
	const adm = new Secret('ADM1', checked.bytes);
	const { reader, keys, profile } = parseKeysRequest(body);
	const documents: ProvisionDocuments = { bootstrap: documentOf('bootstrap', docs.bootstrap, raw) };
	for (const k of ['config1', 'config2'] as const) {
		if (docs[k] !== undefined && docs[k] !== null) documents[k] = documentOf(k, docs[k], raw);
	}
	const expectIccid = optionalString(body, 'expectIccid');
	// EF.ICCID as cardInfo reads it: BCD digits, 19 or 20 of them for an E.118 ICCID (some test cards have fewer).
	if (expectIccid !== undefined && !/^[0-9]{1,20}$/.test(expectIccid)) throw new RequestError('expectIccid must be the ICCID read for the confirmation: 1 to 20 decimal digits');
	const out: ParsedWriteRequest = { options: { ...keys, documents, adm, profile, ...(raw ? { raw: true } : {}), ...(expectIccid === undefined ? {} : { expectIccid }) } };
	if (reader !== undefined) out.reader = reader;
	return out;
}

/** `vpcdNames`: the vpcd friendly names configured on this machine (simulated-reader.ts); none, no reader is simulated. */
export function readerJson(s: ReaderState, vpcdNames: readonly string[] = []): ReaderJson {
	const out: ReaderJson = { name: s.name, present: s.present };
	if (s.atr !== undefined) out.atr = toHex(s.atr);
	if (isSimulatedReader(s.name, vpcdNames)) out.simulated = true;
	return out;
}

export function identityJson(identity: CardIdentity): IdentityJson {
	const out: IdentityJson = { notes: [...identity.notes] };
	if (identity.atr !== undefined) out.atr = toHex(identity.atr);
	if (identity.iccid !== undefined) out.iccid = identity.iccid;
	if (identity.imsi !== undefined) out.imsi = identity.imsi;
	return out;
}

export function traceJson(entries: readonly TraceEntry[]): TraceLineJson[] {
	return entries.map((e) => ({ command: e.command, capdu: e.capdu, response: e.response, status: describeSw(e.sw, e.command) }));
}

export function provisionReportJson(report: ProvisionReport): ReportJson {
	// reportJson is the library's one JSON form (bytes as hex); re-read so the identity gets the wire shape.
	const plain = JSON.parse(reportJson(report)) as ReportJson;
	return { ...plain, identity: identityJson(report.identity) };
}

export function readDocumentJson(d: ReadDocument): ReadDocumentJson {
	const out: ReadDocumentJson = { oid: d.oid, path: d.path, fileBytes: d.fileBytes, hex: toHex(d.bytes) };
	if (d.label !== undefined) out.label = d.label;
	if (d.xml !== undefined) out.xml = d.xml;
	if (d.problem !== undefined) out.problem = d.problem;
	return out;
}

export function requestErrorJson(e: RequestError): ErrorJson {
	const code = { 400: 'BAD_REQUEST', 404: 'NOT_FOUND', 409: 'CONFLICT', 413: 'PAYLOAD_TOO_LARGE', 507: 'INSUFFICIENT_STORAGE' }[e.status];
	return { code, message: e.message };
}
