// What the analysis worker does with each request. The steps are analyseDocument's (../analyse.ts) — parse,
// validate, encode, annotate: the same library calls in the same order, so the findings and bytes are the same —
// written once as a pipeline (a generator of the answers) and driven two ways:
// - createAnalysisHandler: in the worker (analysis.worker.ts) or in-process (client.ts); each answer is posted as
//   soon as it exists, so the findings reach the page while the encoder still runs;
// - analyseNow: at once, for the first render of a small document (server-side rendering and its hydration
//   must show the same bytes, and a page should not open empty), and for the worker's warm-up.
// A request, once started, gives its findings: stopping it for a newer keystroke left nothing shown at all while
// someone typed faster than a 20,000-line document is analysed (client.ts keeps only the newest text waiting). In
// the worker it then lets waiting messages in (`yieldToMessages`) before it encodes: when the client has said a
// newer text waits (a `supersede` request), the encoding would be stale before it is shown, and the request ends
// there (`done` with `superseded`), so the newer text starts at once instead of after a whole encoding.
// The handler parses with an XmlReparser: typing in a value (most keystrokes) patches the last document instead of
// parsing the text again. That document is changed in place by the next parse, so a request still paused when
// another one arrives is ended as superseded before it would read it (the client never does this: it sends the next
// text after the answer).
import { encodeWbxml, languageForDocument, type WbxmlLanguage } from '../../codec/wbxml';
import { parseXml, XmlReparser, type XmlDocument } from '../../codec/xml';
import type { Finding } from '../../documents/provcont';
import { documentFindings, errorFinding, rootPosition, sortFindings } from '../analyse';
import { readRequest, type AnalyseRequest, type AnalysisOptions, type AnalysisResponse, type DoneMessage, type FindingsMessage } from './protocol';
import { transferables, viewSpans } from './spans';

export type PostResponse = (message: AnalysisResponse, transfer: ArrayBuffer[]) => void;

export interface AnalysisHandler {
	/** Call with each incoming message's data. Without `yieldToMessages` every answer is posted before it returns;
	 *  with it, the findings are, and the rest by the promise returned. */
	handle(data: unknown): void | Promise<void>;
}

export interface AnalysisHandlerOptions {
	/** Lets the messages that arrived meanwhile be handled (the worker: a task turn); none: run straight through. */
	yieldToMessages?: () => Promise<void>;
	/** Called between the steps and inside the encoder: the worker sleeps there while the page handles a keystroke
	 *  (input-gate.ts). */
	pause?: () => void;
}

export function createAnalysisHandler(post: PostResponse, options: AnalysisHandlerOptions = {}): AnalysisHandler {
	/** Requests with an id up to this one have a newer text waiting behind them. */
	let supersededUpTo = 0;
	/** The request paused between its findings and its encoding, if any. */
	let paused: number | undefined;
	const reparser = new XmlReparser();
	const parse = (text: string): XmlDocument => reparser.parse(text);
	const answer = (message: FindingsMessage | DoneMessage): void =>
		post(message, message.type === 'done' && message.wbxml ? transferables(message.wbxml.bytes, message.wbxml.spans) : []);
	const failed = (id: number, e: unknown): void => post({ type: 'failed', id, message: e instanceof Error ? e.message : String(e) }, []);
	return {
		handle(data) {
			const request = readRequest(data);
			if ('problem' in request) {
				post({ type: 'failed', id: request.id, message: request.problem }, []);
				return;
			}
			if (request.type === 'supersede') {
				supersededUpTo = Math.max(supersededUpTo, request.id);
				return;
			}
			if (paused !== undefined) supersededUpTo = Math.max(supersededUpTo, paused);
			const steps = pipeline(request, parse, options.pause);
			try {
				const first = steps.next();
				if (first.done) return;
				answer(first.value);
				if (first.value.type === 'done') return;
				const pause = options.yieldToMessages;
				if (pause === undefined) {
					for (const message of steps) answer(message);
					return;
				}
				paused = request.id;
				return pause().then(() => {
					if (paused === request.id) paused = undefined;
					try {
						if (request.id <= supersededUpTo) {
							steps.return();
							post({ type: 'done', id: request.id, superseded: true }, []);
							return;
						}
						for (const message of steps) answer(message);
					} catch (e) {
						failed(request.id, e);
					}
				});
			} catch (e) {
				failed(request.id, e);
			}
		}
	};
}

/** The whole analysis of `text` in this thread. */
export function analyseNow(text: string, options: AnalysisOptions): { findings: Finding[]; done: DoneMessage } {
	let findings: Finding[] = [];
	let done: DoneMessage | undefined;
	for (const message of pipeline({ type: 'analyse', id: 0, text, options }, parseXml)) {
		if (message.type === 'findings') findings = message.findings;
		else done = message;
	}
	if (done === undefined) throw new Error('analysis pipeline ended without an answer');
	return { findings, done };
}

/** The answers to one request: always one `findings`, then exactly one `done` (a `done` alone never comes first). */
function* pipeline(request: AnalyseRequest, parse: (text: string) => XmlDocument, pause?: () => void): Generator<FindingsMessage | DoneMessage, void> {
	const { id, text, options } = request;
	pause?.();
	const findings = (list: Finding[]): FindingsMessage => ({ type: 'findings', id, findings: sortFindings(list) });

	let document: XmlDocument;
	try {
		document = parse(text);
	} catch (err) {
		yield findings([errorFinding(err, 'not-well-formed')]);
		yield { type: 'done', id, wbxmlProblem: 'The XML is not well-formed: nothing to encode.' };
		return;
	}

	pause?.();
	const list: Finding[] = documentFindings(text, document, pause);
	pause?.();
	const language: WbxmlLanguage | undefined = languageForDocument(document);
	if (!language) {
		const at = rootPosition(document);
		const message = `no WBXML language known for root element <${document.root.name}>`;
		list.push({ rule: 'unknown-language', severity: 'error', message, line: at.line, column: at.column });
		yield findings(list);
		yield { type: 'done', id, wbxmlProblem: message };
		return;
	}
	yield findings(list);

	let bytes: Uint8Array;
	try {
		bytes = encodeWbxml(document, language, { version: options.version, stringTable: options.stringTable, pause });
	} catch (err) {
		yield { type: 'done', id, wbxmlProblem: `Cannot encode: ${err instanceof Error ? err.message : String(err)}` };
		return;
	}

	pause?.();
	const annotated = viewSpans(text, document, bytes, language, pause);
	const done: DoneMessage = { type: 'done', id, wbxml: { language: language.name, bytes, spans: annotated.spans } };
	if (annotated.error) done.wbxmlProblem = `Annotation stopped: ${annotated.error.message}`;
	yield done;
}
