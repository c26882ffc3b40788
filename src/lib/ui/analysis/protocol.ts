// The messages between the Document page and the analysis worker (analysis.worker.ts). One request per editor
// text; its answers are an early `findings` (parse + validate, so the findings list never waits for the encoder)
// and exactly one final message: `done` (the WBXML and its spans) or `failed` (a bug, with its message). Everything large travels as typed arrays whose buffers are transferred, not
// copied: a 20,000-line document has ~90,000 spans, and structured-cloning that many objects took longer than the
// encoding (see spans.ts for the layout).
import type { WbxmlVersion } from '../../codec/wbxml';
import type { Finding } from '../../documents/provcont';

export interface AnalysisOptions {
	version: WbxmlVersion;
	stringTable: boolean;
}

export interface AnalyseRequest {
	type: 'analyse';
	/** Chosen by the client, increasing: a higher id is a newer text. */
	id: number;
	text: string;
	options: AnalysisOptions;
}

/**
 * A newer text waits behind request `id`: its encoding will be stale before it is shown, so the worker may end it
 * after its findings (a `done` with `superseded`) and take the newer text at once.
 */
export interface SupersedeRequest {
	type: 'supersede';
	id: number;
}

export type AnalysisRequest = AnalyseRequest | SupersedeRequest;

export interface FindingsMessage {
	type: 'findings';
	id: number;
	findings: Finding[];
}

/** The spans of a WBXML stream in columns (spans.ts builds and reads them). */
export interface WireSpans {
	count: number;
	/** Byte offset and length of span i. */
	offsets: Uint32Array;
	lengths: Uint32Array;
	/** Index into SPAN_KINDS. */
	kinds: Uint8Array;
	/** Element nesting depth (the decoder caps it at 200). */
	depths: Uint8Array;
	/** What each span's label needs besides the bytes (codec/wbxml WbxmlSpan.context): the page labels only the
	 *  rows it shows (building 90,000 labels in the worker was a quarter of its time per keystroke). */
	contexts: Int32Array;
	/** The language (codec/wbxml languageByName) whose code pages `contexts` name. */
	language: string;
	/** The XML text range [start, end) (UTF-16 offsets in the request's text) span i stands for, or -1 when none
	 *  (the string table, or a span after the mapping stopped). */
	sourceStarts: Int32Array;
	sourceEnds: Int32Array;
	/** Per element, four numbers: XML range start, end (start tag to end tag), byte range start, end. */
	elements: Int32Array;
}

export interface WireWbxml {
	/** Language name, e.g. 'PROV'. */
	language: string;
	bytes: Uint8Array;
	spans: WireSpans;
}

export interface DoneMessage {
	type: 'done';
	id: number;
	/** The encoding of this very text, or absent when it cannot be encoded. */
	wbxml?: WireWbxml;
	/** Why there is no encoding, or why the annotation stopped early. */
	wbxmlProblem?: string;
	/** Ended after its findings because a newer text was waiting (SupersedeRequest): no encoding, nothing to show. */
	superseded?: true;
}

export interface FailedMessage {
	type: 'failed';
	id: number;
	message: string;
}

export type AnalysisResponse = FindingsMessage | DoneMessage | FailedMessage;

/** True for the messages that end a request. */
export function isFinal(message: AnalysisResponse): message is DoneMessage | FailedMessage {
	return message.type !== 'findings';
}

const VERSIONS: ReadonlySet<unknown> = new Set([0, 1, 2, 3]);

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null;
}

/** The request `data` is, or a one-line reason why it is none (the worker answers that as `failed`). */
export function readRequest(data: unknown): AnalysisRequest | { problem: string; id: number } {
	if (!isRecord(data)) return { problem: 'analysis request is not an object', id: -1 };
	const id = data.id;
	if (typeof id !== 'number' || !Number.isSafeInteger(id)) return { problem: 'analysis request has no integer id', id: -1 };
	if (data.type === 'supersede') return { type: 'supersede', id };
	if (data.type !== 'analyse') return { problem: `analysis request type ${JSON.stringify(String(data.type)).slice(0, 40)} is not analyse or supersede`, id };
	if (typeof data.text !== 'string') return { problem: 'analysis request has no text', id };
	const options = data.options;
	if (!isRecord(options) || !VERSIONS.has(options.version) || typeof options.stringTable !== 'boolean') {
		return { problem: 'analysis request options must be { version: 0-3, stringTable: boolean }', id };
	}
	return { type: 'analyse', id, text: data.text, options: { version: options.version as WbxmlVersion, stringTable: options.stringTable } };
}
